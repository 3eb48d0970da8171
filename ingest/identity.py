"""resolve.v2: one person per person, and one organisation per organisation, across reports.

A participant is the same person as one already known when (in order of evidence):
1. the curated alias file says so (``ontology/aliases.csv``: same-as);
2. their names are the same once folded: case, accents, honorifics, "Family, Given" order,
   "St."/"Saint", hyphens and dots do not count ("Anne St.Clair" = "Anne Saint Clair");
3. a fuzzy name match (one name's tokens contained in the other's, or a close spelling) backed
   by evidence beyond the name: a shared role or the same meeting series, with no second
   candidate as close (the margin). Every other near match goes to a review list.
The alias file's not-same-as pairs forbid a merge. Every resolution records why.
Each participant's affiliation is resolved the same way (:mod:`ingest.organisations`), with the
person's own identity as evidence.
"""
from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ontology import HERE

from . import organisations
from .aliases import Aliases
from .aliases import load_aliases as _load_aliases
from .model import Participant
from .names import fold, slug, strip_honorific

STAGE = "resolve.v2"
ALIASES_FILE = HERE / "aliases.csv"


def person_key(name: str) -> str:
    """The key two written forms of one name share.

    >>> person_key("Anne St.Clair") == person_key("Anne Saint Clair") == person_key("anne st. clair")
    True
    >>> person_key("José Núñez") == person_key("Jose Nunez")
    True
    >>> person_key("Steve Stanton"), person_key("Lynn St Amour")
    ('steve-stanton', 'lynn-saint-amour')
    """
    _, rest = strip_honorific(name)
    if "," in rest:
        family, _, given = rest.partition(",")
        rest = f"{given} {family}"
    folded = fold(rest)
    folded = re.sub(r"\bst(?:\.\s*|\s+)(?=[a-z])", "saint ", folded)  # "St. Clair", "St Clair"; not "Steve"
    return slug(folded)


@dataclass(frozen=True)
class Known:
    """A person already in the store."""

    key: str
    name: str
    roles: frozenset[str] = frozenset()  # role labels, folded
    series: frozenset[str] = frozenset()
    affiliations: frozenset[tuple[str, str, str]] = frozenset()  # (organisation key, its name, series key)


@dataclass(frozen=True)
class Identity:
    """What a participant of this report resolved to, and why."""

    local: str  # the participant's key in this report
    key: str  # the person's key across reports (their IRI's last part)
    name: str  # the name the person is known by
    reason: str
    review: tuple[str, ...] = ()  # near matches not merged, for a human to look at
    affiliation: organisations.OrgIdentity | None = None  # the organisation their listed affiliation is


def load_aliases(path: Path = ALIASES_FILE) -> Aliases:
    """The curated people alias file: ``relation,name,other,why`` with relation same-as or not-same-as.
    Raises VocabularyError naming the file and line of a bad row."""
    return _load_aliases(path, person_key)


def _tokens(key: str) -> list[str]:
    return key.split("-")


def _near(a: str, b: str) -> bool:
    """Names close enough to need evidence: one's tokens inside the other's with the same first
    token ("ana-santos" / "ana-dos-santos"), or a close spelling ("jorgez-perez" / "jorge-perez")."""
    ta, tb = _tokens(a), _tokens(b)
    if ta[0] == tb[0] and len(ta) > 1 and len(tb) > 1 and (set(ta) <= set(tb) or set(tb) <= set(ta)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.88


class _Blocks:
    """Known people by the first three letters of each name token: a near name shares at least one
    (a typo in the first letters of every token is not found), so a report is compared with a few
    dozen of the thousands of people an archive holds, not all of them.

    >>> sorted(_Blocks({"jorge-perez": None, "ana-costa": None}).candidates("jorgez-perez"))
    ['jorge-perez']
    """

    def __init__(self, known: Mapping[str, object]) -> None:
        self.index: dict[str, set[str]] = {}
        for key in known:
            for t in _tokens(key):
                self.index.setdefault(t[:3], set()).add(key)

    def candidates(self, key: str) -> set[str]:
        return set().union(*(self.index.get(t[:3], ()) for t in _tokens(key)))


def resolve_people(participants: tuple[Participant, ...], known: Mapping[str, Known], *, series: str,
                   aliases: Aliases | None = None, org_aliases: Aliases | None = None) -> tuple[Identity, ...]:
    """One Identity per participant, with the organisation of their affiliation (pure: the store's
    people, and the organisations they were listed with, come in as ``known``)."""
    people = _resolve_people(participants, known, series=series, aliases=aliases)
    if not any(p.affiliation for p in participants):
        return people
    orgs = organisations.known_organisations((k.key, *a) for k in known.values() for a in k.affiliations)
    org_aliases = org_aliases if org_aliases is not None else organisations.org_aliases()
    return tuple(dataclasses.replace(i, affiliation=organisations.resolve_affiliation(
        p.affiliation, person=i.key, known=orgs, series=series, aliases=org_aliases))
        if p.affiliation else i for i, p in zip(people, participants))


def _resolve_people(participants: tuple[Participant, ...], known: Mapping[str, Known], *, series: str,
                    aliases: Aliases | None = None) -> tuple[Identity, ...]:
    aliases = aliases or load_aliases()
    exact_here = {person_key(p.name) for p in participants}
    blocks: _Blocks | None = None  # built only when a participant is neither known nor an alias
    out = []
    for p in participants:
        key = person_key(p.name)
        if key in aliases.same:
            target = aliases.same[key]
            name = known[target].name if target in known else p.name
            out.append(Identity(p.key, target, name, f"alias file: same as {name}"))
            continue
        if key in known:
            out.append(Identity(p.key, key, known[key].name, "same name"))
            continue
        roles = {fold(r.label) for r in p.roles}
        candidates = []
        blocks = blocks or _Blocks(known)
        for k in (known[c] for c in sorted(blocks.candidates(key))):
            if k.key in exact_here or aliases.is_different(key, k.key) or not _near(key, k.key):
                continue
            evidence = []
            shared = sorted(roles & k.roles)
            if shared:
                evidence.append(f"shared role '{shared[0]}'")
            if series in k.series:
                evidence.append("same meeting series")
            candidates.append((k, evidence))
        backed = [(k, e) for k, e in candidates if e]
        if len(backed) == 1 and len(candidates) == 1:
            k, evidence = backed[0]
            out.append(Identity(p.key, k.key, k.name, f"near name '{k.name}' with " + " and ".join(evidence)))
        else:
            review = tuple(f"{k.name} ({', '.join(e) or 'no evidence beyond the name'})" for k, e in candidates)
            out.append(Identity(p.key, key, p.name, "new person", review))
    return tuple(out)
