"""Analysis across meetings, on top of the named queries: role histories, topic trends,
candidate concepts, and a Popolo export of people, organisations and memberships.

Every function takes anything with ``.query(name, params) -> Rows`` (an ``igfkg.core.Igfkg``)
and returns plain frozen dataclasses; ``as_rows`` turns a list of dicts back into ``Rows`` so the
command line prints them with the same formats as any query.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Literal, Protocol

import pyoxigraph as ox

from ingest.errors import QueryError

from .formats import records
from .store import Rows

Verdict = Literal["rising", "falling", "steady", "new", "gone"]
VERDICTS: tuple[str, ...] = ("rising", "new", "falling", "gone", "steady")
_XSD = "http://www.w3.org/2001/XMLSchema#"
TREND_WINDOW = 100  # the most meetings topic-trend.rq ranks (its bounded subqueries)


class QuerySource(Protocol):
    def query(self, name_or_file: str, params: dict[str, str] | None = None) -> Rows: ...


def as_rows(recs: list[dict[str, object]], columns: tuple[str, ...] | None = None) -> Rows:
    """Plain records as ``Rows`` of typed literals (int, float, bool, str; None stays unbound).

    >>> from queries.formats import records
    >>> records(as_rows([{"a": 1, "b": "x", "c": None}]))
    [{'a': 1, 'b': 'x', 'c': None}]
    """
    columns = columns or (tuple(recs[0]) if recs else ())

    def term(v: object) -> ox.Literal | None:
        if v is None:
            return None
        if isinstance(v, bool):
            return ox.Literal(str(v).lower(), datatype=ox.NamedNode(_XSD + "boolean"))
        if isinstance(v, int):
            return ox.Literal(str(v), datatype=ox.NamedNode(_XSD + "integer"))
        if isinstance(v, float):
            return ox.Literal(repr(v), datatype=ox.NamedNode(_XSD + "double"))
        return ox.Literal(v if isinstance(v, str) else ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v))
    return Rows(columns, tuple(tuple(term(r.get(c)) for c in columns) for r in recs))


# ---- roles over time ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """Consecutive observations of one person in one (role, organisation, former) state."""

    person: str
    name: str
    role: str  # normalised role (prefLabel), "Affiliated with" for an affiliation
    organisation: str
    former: bool
    first: str  # date of the first observation
    last: str
    meetings: int
    labels: tuple[str, ...]  # the role as written, distinct, in order of appearance
    organisation_id: str = ""  # the organisation's IRI


@dataclass
class _Run:
    role: str
    organisation_id: str
    former: bool
    organisation: str = ""
    first: str = ""
    last: str = ""
    meetings: int = 0
    labels: list[str] = field(default_factory=list)


def role_history(kg: QuerySource, person: str) -> list[Period]:
    """The role periods of every person whose name contains ``person`` (case-insensitive; "" for everyone).

    A period is a run of the person's observed meetings (those whose list shows a role or
    affiliation for them) that all show the same role in the same organisation with the same
    former flag; a meeting showing anything else for them ends the run. Sorted by name, then first date.
    """
    by_person: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in records(kg.query("role-history", {"person": person})):
        by_person[str(r["person_iri"])].append(r)
    out: list[Period] = []
    for iri, obs in by_person.items():
        name = Counter(str(r["name"]) for r in obs).most_common(1)[0][0]
        runs: dict[tuple[str, str, bool], _Run] = {}
        done: list[_Run] = []
        for date, meeting in sorted({(str(r["date"]), str(r["meeting"])) for r in obs}):
            here: dict[tuple[str, str, bool], tuple[str, list[str]]] = {}
            for r in (r for r in obs if r["meeting"] == meeting):
                key = (str(r["role_name"] or r["role_label"] or ""), str(r["organisation"] or ""), bool(r["former"]))
                _, labels = here.setdefault(key, (str(r["organisation_label"] or ""), []))
                if r["role_label"] and r["role_label"] not in labels:
                    labels.append(str(r["role_label"]))
            done += [runs.pop(k) for k in list(runs) if k not in here]
            for key, (org_label, labels) in here.items():
                run = runs.setdefault(key, _Run(*key, organisation=org_label, first=date))
                run.last, run.meetings = date, run.meetings + 1
                run.labels += [x for x in labels if x not in run.labels]
        out += [Period(iri, name, r.role, r.organisation, r.former, r.first, r.last, r.meetings, tuple(r.labels),
                       r.organisation_id) for r in done + list(runs.values())]
    return sorted(out, key=lambda p: (p.name, p.person, p.first, p.role, p.organisation, p.former))


def describe_history(periods: list[Period]) -> str:
    """One line per person, periods in order: ", then" when one follows another, "; " when they overlap.

    >>> p = lambda first, last, former: Period("id:x", "X", "Member", "MAG", former, first, last, 1, ())
    >>> describe_history([p("2023-01-05", "2025-02-01", False), p("2025-03-01", "2025-03-01", True)])
    'X: Member, MAG 2023-01-05..2025-02-01 (1), then former Member, MAG 2025-03-01 (1)'
    """
    lines = []
    for iri in dict.fromkeys(p.person for p in periods):
        mine = sorted((p for p in periods if p.person == iri), key=lambda p: (p.first, p.last))
        text = ""
        for i, p in enumerate(mine):
            if i:
                text += ", then " if p.first > max(q.last for q in mine[:i]) else "; "
            text += (f"{'former ' if p.former else ''}{p.role}, {p.organisation} {p.first}"
                     f"{'..' + p.last if p.last != p.first else ''} ({p.meetings})")
        lines.append(f"{mine[0].name}: {text}")
    return "\n".join(lines)


# ---- topics over time --------------------------------------------------------------------------
@dataclass(frozen=True)
class Trend:
    """A concept over the last N meetings, with the figures behind its verdict."""

    concept: str
    label: str
    verdict: str
    first_half: int  # statements naming it in the first N//2 meetings of the window
    second_half: int  # ... in the last N//2 (the middle meeting of an odd window is in neither)
    slope: float  # least-squares statements per meeting, over the whole window
    total: int
    meetings: int  # window meetings that named it
    first_date: str  # first named anywhere in the store
    counts: tuple[int, ...]  # per window meeting, oldest first
    dates: tuple[str, ...]


def slope(counts: list[int] | tuple[int, ...]) -> float:
    """The slope of the least-squares line through (0, c0), (1, c1), ...

    >>> slope([0, 1, 2, 3]), slope([5])
    (1.0, 0.0)
    """
    n = len(counts)
    if n < 2:
        return 0.0
    mx, my = (n - 1) / 2, sum(counts) / n
    return sum((x - mx) * (y - my) for x, y in enumerate(counts)) / sum((x - mx) ** 2 for x in range(n))


def verdict(counts: tuple[int, ...], *, first_named_in_second_half: bool, tolerance: float = 0.25) -> Verdict:
    """rising/falling: the halves differ by more than ``tolerance`` of the larger, and the slope agrees;
    new: named for the first time ever in the second half; gone: named in the first half, not the second.

    >>> verdict((0, 1, 2, 3), first_named_in_second_half=False), verdict((3, 1, 0, 0), first_named_in_second_half=False)
    ('rising', 'gone')
    """
    half = len(counts) // 2
    first, second = sum(counts[:half]), sum(counts[len(counts) - half:])
    if first == 0 and second > 0 and first_named_in_second_half:
        return "new"
    if first > 0 and second == 0:
        return "gone"
    k = slope(counts)
    if second - first > tolerance * max(first, second) and k > 0:
        return "rising"
    if first - second > tolerance * max(first, second) and k < 0:
        return "falling"
    return "steady"


def topic_trend(kg: QuerySource, last: int, *, tolerance: float = 0.25) -> list[Trend]:
    """Concepts named in the last ``last`` meetings with their verdict, most telling first.

    Raises QueryError when ``last`` is not a positive number.
    """
    if not 1 <= last <= TREND_WINDOW:
        raise QueryError(f"--last {last}: give the number of latest meetings to look at, 1 to {TREND_WINDOW} (e.g. --last 6)")
    rows = records(kg.query("topic-trend", {"last": str(last)}))
    window = sorted({(int(r["back"]), str(r["date"]), str(r["meeting"])) for r in rows}, reverse=True)
    order = {m: i for i, (_, _, m) in enumerate(window)}
    dates = tuple(d for _, d, _ in window)
    n, half = len(window), len(window) // 2
    per: dict[str, dict[str, object]] = {}
    for r in rows:
        c = per.setdefault(str(r["concept"]), {"label": r["label"], "first_date": str(r["first_date"]), "counts": [0] * n})
        c["counts"][order[str(r["meeting"])]] = int(r["statements"])  # type: ignore[index]
    out = []
    for concept, c in per.items():
        counts = tuple(c["counts"])  # type: ignore[arg-type]
        if not any(counts):
            continue
        newly = bool(half) and str(c["first_date"]) >= dates[n - half]
        out.append(Trend(concept, str(c["label"]), verdict(counts, first_named_in_second_half=newly, tolerance=tolerance),
                         sum(counts[:half]), sum(counts[n - half:]), round(slope(counts), 3), sum(counts),
                         sum(1 for x in counts if x), str(c["first_date"]), counts, dates))
    return sorted(out, key=lambda t: (VERDICTS.index(t.verdict), -abs(t.slope), -t.total, t.label))


# ---- candidate concepts ------------------------------------------------------------------------
@dataclass(frozen=True)
class Occurrence:
    date: str
    meeting: str
    snippet: str


@dataclass(frozen=True)
class Candidate:
    """A recurring acronym or capitalised name that is no label of the vocabulary nor a person's name."""

    term: str
    kind: str  # "acronym" or "name"
    statements: int
    meetings: int
    first: str
    last: str
    occurrences: tuple[Occurrence, ...]


_ACRONYM = re.compile(r"(?<![\w+-])[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?:[+-][A-Za-z0-9]+)*(?![\w+-])")
_CAP = r"[A-Z][a-z\u00C0-\u024F][\w'\u2019-]*"
_NAME = re.compile(rf"(?<![\w-]){_CAP}(?:\s+(?:(?:of|for|and|the|on|in|to|de)\s+)*{_CAP})+")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_STARTERS = frozenset(
    "The A An This That These Those There It Its He She They We In On At For With From By As Also However Several "
    "Some Many All Both Each Other Such Any No Her His Their Our If When While After Before During Following "
    "Regarding Ms Mr Mrs Dr Prof Amb Dear Next Last Further Finally Moreover Under January February March April May "
    "June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
_NOT_CONCEPTS = frozenset("UTC GMT CET CEST EET EEST BST EST EDT PST PDT IST JST AOB AoB".split())  # times, agenda jargon
_SPEECH_ACTS = "https://w3id.org/igfkg/speech-act/scheme"
_CONNECTORS = frozenset("of for and the on in to de".split())


def label_pattern(labels: set[str], *, case_sensitive: set[str] | frozenset[str] = frozenset()) -> re.Pattern[str] | None:
    """One pattern for whole-word ``labels``, longest first; those in ``case_sensitive`` match only as written.

    >>> label_pattern({"WSIS+20", "WSIS+20 HLE", "open"}, case_sensitive={"WSIS+20"}).findall("the WSIS+20 HLE, Open")
    ['WSIS+20 HLE', 'Open']
    """
    if not labels:
        return None
    def one(lab: str) -> str:
        body = r"\s+".join(re.escape(w) for w in lab.split())
        return body if lab in case_sensitive else f"(?i:{body})"
    alternatives = "|".join(one(lab) for lab in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


def _acronym_like(label: str) -> bool:
    return " " not in label and len(label) <= 8 and sum(ch.isupper() for ch in label) >= 2


def find_terms(text: str, masks: list[re.Pattern[str]]) -> list[tuple[str, str, int, int]]:
    """(term, kind, start, end) of every acronym and capitalised multi-word name in ``text``
    outside the spans the ``masks`` match (vocabulary labels, people's names).

    >>> find_terms("Ana noted the Open Consultation and the CSTD, not the IGF.", [re.compile("IGF|Ana")])
    [('CSTD', 'acronym', 40, 44), ('Open Consultation', 'name', 14, 31)]
    """
    masked = text
    for pattern in masks:
        masked = pattern.sub(lambda m: "\x00" * len(m.group(0)), masked)
    out = []
    for m in _ACRONYM.finditer(masked):
        term = m.group(0)
        if 2 <= len(term) <= 12 and not _ROMAN.match(term) and not term.isdigit():
            out.append((term, "acronym", m.start(), m.end()))
    for m in _NAME.finditer(masked):
        words = [(w.group(0), m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", m.group(0))]
        while words and (words[0][0] in _STARTERS or words[0][0] in _CONNECTORS):
            words = words[1:]
        while words and (words[-1][0] in _CONNECTORS or words[-1][0] in _STARTERS):
            words = words[:-1]
        if sum(1 for w, _, _ in words if w[:1].isupper()) >= 2:
            out.append((" ".join(w for w, _, _ in words), "name", words[0][1], words[-1][2]))
    return out


def candidate_concepts(kg: QuerySource, *, min_meetings: int = 2, examples: int = 3) -> list[Candidate]:
    """Acronyms and capitalised names in statements that recur in ``min_meetings`` or more meetings
    but are no label (pref, alt or hidden) of a vocabulary concept and no part of a person's name.
    Most meetings first, with up to ``examples`` occurrences each (date, meeting, snippet)."""
    vocabulary = records(kg.query("vocabulary-labels"))
    every = {str(r["label"]).casefold() for r in vocabulary}
    labels = {str(r["label"]) for r in vocabulary if r.get("scheme") != _SPEECH_ACTS}  # verbs ("open") are no names
    names = {str(r["value"]) for r in records(kg.query("person-names"))}
    masks = [p for p in (label_pattern(labels | names, case_sensitive={x for x in labels if _acronym_like(x)} | names),) if p]
    seen: dict[tuple[str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for r in records(kg.query("statements-export")):
        text = str(r["text"])
        for term, kind, start, end in find_terms(text, masks):
            if term.casefold() in every or term in _NOT_CONCEPTS:
                continue
            lo, hi = max(0, start - 40), min(len(text), end + 40)
            snippet = ("\u2026" if lo else "") + text[lo:hi] + ("\u2026" if hi < len(text) else "")
            seen[(term, kind)].append((str(r["date"]), str(r["meeting"]), f"{r['meeting']}#{r['position']}", snippet))
    out = []
    for (term, kind), occ in seen.items():
        meetings = {m for _, m, _, _ in occ}
        if len(meetings) < min_meetings:
            continue
        occ.sort()
        picks, used = [], set()
        for d, m, _, snip in occ:  # one example per meeting first
            if m not in used and len(picks) < examples:
                picks.append(Occurrence(d, m, snip))
                used.add(m)
        out.append(Candidate(term, kind, len({s for _, _, s, _ in occ}), len(meetings), occ[0][0], occ[-1][0], tuple(picks)))
    return sorted(out, key=lambda c: (-c.meetings, -c.statements, c.term))


# ---- Popolo ------------------------------------------------------------------------------------
def popolo(kg: QuerySource) -> dict[str, list[dict[str, object]]]:
    """People, organisations and memberships in Popolo's JSON shape (https://www.popoloproject.com).

    A membership is one role period (see ``role_history``): its start and end dates are the
    first and last meeting that showed it, and ``former`` says whether the lists call it past.
    """
    names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in records(kg.query("person-names")):  # most used first
        names[str(r["person"])][str(r["type"])].append(str(r["value"]))
    persons = []
    for iri, n in sorted(names.items()):
        entry: dict[str, object] = {"id": iri, "name": n["name"][0] if n["name"] else iri}
        for key, kind in (("given_name", "given"), ("family_name", "family")):
            if n[kind]:
                entry[key] = n[kind][0]
        if len(n["name"]) > 1:
            entry["other_names"] = [{"name": x} for x in n["name"][1:]]
        persons.append(entry)
    organisations = sorted(({"id": r["organisation"], "name": r["label"], "classification": r["kind"]}
                            for r in records(kg.query("organisations"))),  # one order on every engine
                           key=lambda o: (str(o["classification"] or ""), str(o["name"] or ""), str(o["id"])))
    memberships = []
    for period in role_history(kg, ""):
        m: dict[str, object] = {"person_id": period.person, "organization_id": period.organisation_id or None,
                                "role": period.role, "label": " | ".join(period.labels) or period.role,
                                "start_date": period.first, "end_date": period.last, "former": period.former,
                                "observations": period.meetings}
        memberships.append({k: v for k, v in m.items() if v is not None})
    return {"persons": persons, "organizations": organisations, "memberships": memberships}


def records_of(items: list) -> list[dict[str, object]]:
    """Dataclasses as plain dicts (nested ones too)."""
    return [asdict(x) for x in items]
