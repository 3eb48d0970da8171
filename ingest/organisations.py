"""Organisations across reports: one organisation per organisation, resolved like people.

An affiliation as written ("UN-DESA", "The Ruritania Trust & Co") is the same organisation as
one already known when (in order of evidence):
1. the curated alias file says so (``ontology/org-aliases.csv``, or the file ``$IGFKG_ORG_ALIASES``
   names: same-as);
2. it is a label of a body or group of the curated vocabulary (``ontology/vocabulary.ttl``):
   "UN DESA" and "UN-DESA" are one concept, and the organisation links to it (``skos:exactMatch``);
3. the names are the same once folded (:func:`org_key`): case, accents, punctuation, hyphens,
   dotted acronyms ("U.N."), "&" for "and" and a leading "the" do not count;
4. a near spelling (one word one edit apart: "Goverment of Ruritania") backed by evidence
   beyond the name: the same person was listed with the known organisation; and no second known
   organisation is near (the margin).
The same meeting series is not enough evidence for an organisation, unlike for a person: a series
lists many organisations, and two near names in one series are as likely neighbours ("Government
of Iceland", "Government of Ireland") as one typo. A name inside the other's or an acronym of it
is never merged on its own. Each goes to the review list, with every near name that lacked
evidence or a margin. "Government of Ruritania" and "Government of Rurovia" differ in a whole
word and stay apart. The alias file's not-same-as pairs forbid a merge. Every resolution records
why.
"""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ontology import HERE

from .aliases import Aliases, load_aliases
from .names import fold_chars, slug

ALIASES_FILE = HERE / "org-aliases.csv"
ALIASES_ENV = "IGFKG_ORG_ALIASES"
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")
_APOSTROPHE = re.compile(r"['\u2019`]")


def org_key(name: str) -> str:
    """The key two written forms of one organisation's name share.

    >>> org_key("UN DESA") == org_key("UN-DESA") == org_key("U.N. DESA") == org_key("un desa")
    True
    >>> org_key("The Ruritania Trust & Co.") == org_key("Ruritania Trust and Co")
    True
    >>> org_key("Government of Ruritania") == org_key("Government of Rurovia")
    False
    """
    text = fold_chars(" ".join(name.split())).casefold()
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _APOSTROPHE.sub("", text).replace("&", " and ")
    text = re.sub(r"^the\s+(?=\S)", "", text.strip())
    return slug(text)


@dataclass(frozen=True)
class KnownOrg:
    """An organisation already in the store."""

    key: str
    name: str
    members: frozenset[str] = frozenset()  # keys of the people listed with it
    series: frozenset[str] = frozenset()  # series keys of the meetings it was listed in


@dataclass(frozen=True)
class OrgIdentity:
    """What an affiliation as written resolved to, and why."""

    key: str  # the organisation's key across reports (its IRI's last part)
    name: str  # the name the organisation is known by
    reason: str
    concept: str | None = None  # the vocabulary concept it is (skos:exactMatch)
    review: tuple[str, ...] = ()  # near names not merged, for a human to look at


def known_organisations(rows: Iterable[tuple[str, str, str, str]]) -> dict[str, KnownOrg]:
    """(person key, organisation key, organisation name, series key) rows -> known organisations."""
    names: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    series: dict[str, set[str]] = {}
    for person, key, name, s in rows:
        names[key] = min(names.get(key, name), name)  # one name, whatever order the rows come in
        members.setdefault(key, set()).add(person)
        series.setdefault(key, set()).add(s)
    return {k: KnownOrg(k, n, frozenset(members[k]), frozenset(series[k])) for k, n in names.items()}


def org_aliases() -> Aliases:
    """The organisation alias file (``$IGFKG_ORG_ALIASES``, else ``ontology/org-aliases.csv``).
    Raises VocabularyError naming file and line for a bad row."""
    return load_aliases(Path(os.environ.get(ALIASES_ENV) or ALIASES_FILE), org_key)


@functools.lru_cache(maxsize=1)
def vocabulary_bodies() -> dict[str, tuple[str, str, frozenset[str]]]:
    """Folded label -> (concept IRI, prefLabel, every key of that concept) for the bodies and groups
    of the vocabulary; a label two concepts share names neither."""
    from .vocab import load_vocabulary
    found: dict[str, set[str]] = {}
    concepts = {c.iri: c for c in load_vocabulary().concepts.values() if c.kind in ("body", "group")}
    for c in concepts.values():
        for label in c.labels:
            found.setdefault(org_key(label), set()).add(c.iri)
    out = {}
    for label_key, iris in found.items():
        if len(iris) == 1:
            c = concepts[next(iter(iris))]
            keys = frozenset({concept_key(c.iri)} | {org_key(label) for label in c.labels})
            out[label_key] = (c.iri, c.pref_label, keys)
    return out


def concept_key(iri: str) -> str:
    """An organisation the vocabulary names is keyed by its concept's local name (``un-desa``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _one_edit(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                   and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
    return short[i:] == long_[i + 1:]


def near(a: str, b: str) -> str | None:
    """How two keys are near, or None: "spelling" (one word one edit apart, same first letter,
    at least six letters), "contained" (one's words inside the other's, same first word) or
    "acronym" (one is the initials of the other).

    >>> near("goverment-of-ruritania", "government-of-ruritania"), near("government-of-ruritania", "government-of-rurovia")
    ('spelling', None)
    >>> near("ruritania-trust", "ruritania-trust-foundation"), near("rtf", "ruritania-trust-foundation")
    ('contained', 'acronym')
    """
    ta, tb = a.split("-"), b.split("-")
    if len(ta) == len(tb):
        diff = [(x, y) for x, y in zip(ta, tb) if x != y]
        if len(diff) == 1:
            x, y = diff[0]
            if x[0] == y[0] and min(len(x), len(y)) >= 6 and _one_edit(x, y):
                return "spelling"
    if ta[0] == tb[0] and min(len(ta), len(tb)) > 1 and (set(ta) < set(tb) or set(tb) < set(ta)):
        return "contained"
    for short, long_ in ((ta, tb), (tb, ta)):
        words = [w for w in long_ if w not in ("of", "and", "for", "the", "on", "in", "de", "la", "des", "du")]
        if len(short) == 1 and len(words) >= 2 and short[0] in ("".join(w[0] for w in words), "".join(w[0] for w in long_)):
            return "acronym"
    return None


def resolve_affiliation(written: str, *, person: str, known: Mapping[str, KnownOrg], series: str,
                        aliases: Aliases | None = None) -> OrgIdentity:
    """The organisation ``written`` (an affiliation as the list writes it) is, and why (pure: the
    store's organisations come in as ``known``; ``person`` is the listed person's key across
    reports). Unlike two people, two people's affiliations written alike in one report may well
    be one organisation, so a near name is not ruled out by being in the same report.
    Raises VocabularyError when the alias file has a bad row.

    >>> known = {"government-of-ruritania": KnownOrg("government-of-ruritania", "Government of Ruritania",
    ...                                              frozenset({"ana-silva"}), frozenset({"wg"}))}
    >>> resolve_affiliation("Goverment of Ruritania", person="ana-silva", known=known, series="other").reason
    "near name 'Government of Ruritania' with the same person listed with it"
    >>> resolve_affiliation("Goverment of Ruritania", person="bo-lee", known=known, series="wg").review
    ('Government of Ruritania (spelling; the same meeting series)',)
    >>> resolve_affiliation("Government of Rurovia", person="ana-silva", known=known, series="wg").reason
    'new organisation'
    """
    aliases = aliases if aliases is not None else org_aliases()
    key = org_key(written)
    bodies = vocabulary_bodies()
    if key in aliases.same:
        target = aliases.same[key]
        note = aliases.note(key, target)
        if target in bodies:
            iri, label, _ = bodies[target]
            return OrgIdentity(concept_key(iri), label, f"alias file: same as {label}{note}", iri)
        name = known[target].name if target in known else aliases.names.get(target, target)
        return OrgIdentity(target, name, f"alias file: same as {name}{note}")
    if key in bodies:
        iri, label, keys = bodies[key]
        if not any(aliases.is_different(key, k) for k in keys):
            return OrgIdentity(concept_key(iri), label, f"vocabulary: a label of {label}", iri)
    if key in known:
        name = known[key].name
        return OrgIdentity(key, name, "same name" if name == written else f"same name as '{name}' once folded")
    candidates = []
    for k in known.values():
        how = None if aliases.is_different(key, k.key) else near(key, k.key)
        if how is None:
            continue
        evidence = []
        if person in k.members:
            evidence.append("the same person listed with it")
        if series in k.series:
            evidence.append("the same meeting series")  # noted for the reviewer; not enough on its own
        candidates.append((k, how, evidence))
    if len(candidates) == 1 and candidates[0][1] == "spelling" and person in candidates[0][0].members:
        k, _, evidence = candidates[0]
        return OrgIdentity(k.key, k.name, f"near name '{k.name}' with " + " and ".join(evidence))
    review = tuple(f"{k.name} ({how}; {', '.join(e) or 'no evidence beyond the name'}"
                   f"{'; not the only near name' if len(candidates) > 1 else ''})"
                   for k, how, e in sorted(candidates, key=lambda c: c[0].key))
    return OrgIdentity(key, " ".join(written.split()), "new organisation", review=review)
