"""resolve.v1: one person per person across reports.

A participant is the same person as one already known when (in order of evidence):
1. the curated alias file says so (``ontology/aliases.csv``: same-as);
2. their names are the same once folded: case, accents, honorifics, "Family, Given" order,
   "St."/"Saint", hyphens and dots do not count ("Lynn St.Amour" = "Lynn Saint Amour");
3. a fuzzy name match (one name's tokens contained in the other's, or a close spelling) backed
   by evidence beyond the name: a shared role or the same meeting series, with no second
   candidate as close (the margin). Every other near match goes to a review list.
The alias file's not-same-as pairs forbid a merge. Every resolution records why.
"""
from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ontology import HERE

from .errors import VocabularyError
from .model import Participant
from .names import fold, slug, strip_honorific

STAGE = "resolve.v1"
ALIASES_FILE = HERE / "aliases.csv"


def person_key(name: str) -> str:
    """The key two written forms of one name share.

    >>> person_key("Lynn St.Amour") == person_key("Lynn Saint Amour") == person_key("lynn st. amour")
    True
    >>> person_key("José Núñez") == person_key("Jose Nunez")
    True
    """
    _, rest = strip_honorific(name)
    if "," in rest:
        family, _, given = rest.partition(",")
        rest = f"{given} {family}"
    folded = fold(rest)
    folded = re.sub(r"\bst\.?\s*(?=[a-z])", "saint ", folded)
    return slug(folded)


@dataclass(frozen=True)
class Known:
    """A person already in the store."""

    key: str
    name: str
    roles: frozenset[str] = frozenset()  # role labels, folded
    series: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Identity:
    """What a participant of this report resolved to, and why."""

    local: str  # the participant's key in this report
    key: str  # the person's key across reports (their IRI's last part)
    name: str  # the name the person is known by
    reason: str
    review: tuple[str, ...] = ()  # near matches not merged, for a human to look at


@dataclass(frozen=True)
class Aliases:
    same: Mapping[str, str] = field(default_factory=dict)  # key -> key it is the same as
    different: frozenset[frozenset[str]] = frozenset()

    def is_different(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.different


@functools.lru_cache(maxsize=4)
def load_aliases(path: Path = ALIASES_FILE) -> Aliases:
    """The curated alias file: ``relation,name,other,why`` with relation same-as or not-same-as."""
    if not path.exists():
        return Aliases()
    same: dict[str, str] = {}
    different: set[frozenset[str]] = set()
    with path.open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(line for line in f if not line.lstrip().startswith("#")), 2):
            relation = (row.get("relation") or "").strip()
            a, b = person_key(row.get("name") or ""), person_key(row.get("other") or "")
            if relation not in ("same-as", "not-same-as") or a == "x" or b == "x":
                raise VocabularyError("expected 'same-as' or 'not-same-as' with two names", path=str(path), line=n)
            if relation == "same-as":
                same[a] = b
            else:
                different.add(frozenset((a, b)))
    return Aliases(same, frozenset(different))


def _tokens(key: str) -> list[str]:
    return key.split("-")


def _near(a: str, b: str) -> bool:
    """Names close enough to need evidence: one's tokens inside the other's with the same first
    token ("bruna-santos" / "bruna-los-santos"), or a close spelling ("jorgez-perez" / "jorge-perez")."""
    ta, tb = _tokens(a), _tokens(b)
    if ta[0] == tb[0] and len(ta) > 1 and len(tb) > 1 and (set(ta) <= set(tb) or set(tb) <= set(ta)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.88


def resolve_people(participants: tuple[Participant, ...], known: Mapping[str, Known], *, series: str,
                   aliases: Aliases | None = None) -> tuple[Identity, ...]:
    """One Identity per participant (pure: the store's people come in as ``known``)."""
    aliases = aliases or load_aliases()
    exact_here = {person_key(p.name) for p in participants}
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
        for k in known.values():
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
