"""tally.v1: a meeting's summary facts, counted from its statements at ingest.

The analyses across the archive (topic timeline, first raised, topic trend, speaker topics, the
networks) need counts per meeting, not every statement: how many statements name each concept,
how many each person said, how many each person said naming each concept, and how many of a
person's statements name another participant. Counted here and emitted into the meeting's own
named graph (``ingest.emit``), they are replaced with the report and checked by the shapes, so
they cannot drift from the statements they count.

Every count is over distinct statements, exactly as the full queries count them: a statement
naming a concept twice counts once; a statement without a stored speaker (``igf:speaker``) counts
for concepts but for no person.

>>> from ingest.model import ConceptMention, Span, Statement
>>> c = "https://w3id.org/igfkg/concept/wsis"
>>> said = (Statement(1, Span(0, 1), "a", "ana", concepts=(ConceptMention(c, Span(0, 1), "WSIS"),)),
...         Statement(2, Span(1, 2), "b", None, concepts=(ConceptMention(c, Span(1, 2), "WSIS"),)))
>>> t = count(said, {"ana": "id:person/ana"})
>>> t.concepts[c], t.speakers, t.speaker_concepts
(ConceptCount(statements=2, speakers=1, first_position=1), {'id:person/ana': 1}, {('id:person/ana', 'https://w3id.org/igfkg/concept/wsis'): 1})
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Statement

STAGE = "tally.v1"


@dataclass(frozen=True)
class ConceptCount:
    statements: int  # statements naming the concept
    speakers: int  # distinct people among their speakers
    first_position: int  # the position of the first of them


@dataclass(frozen=True)
class Tallies:
    """Counts of one meeting's statements (IRIs as strings)."""

    concepts: dict[str, ConceptCount] = field(default_factory=dict)
    speakers: dict[str, int] = field(default_factory=dict)  # person -> statements
    speaker_concepts: dict[tuple[str, str], int] = field(default_factory=dict)  # (person, concept) -> statements
    mentions: dict[tuple[str, str], int] = field(default_factory=dict)  # (speaker, person named) -> statements


def count(statements: Iterable[Statement], person: dict[str, str]) -> Tallies:
    """The tallies of ``statements``; ``person`` maps a participant key to the person's IRI (keys
    not in it have no stored person, as in ``ingest.emit``)."""
    concept_statements: dict[str, set[int]] = {}
    concept_speakers: dict[str, set[str]] = {}
    speakers: dict[str, set[int]] = {}
    pairs: dict[tuple[str, str], set[int]] = {}
    mentions: dict[tuple[str, str], set[int]] = {}
    for s in statements:
        who = person.get(s.speaker) if s.speaker else None
        for c in {m.concept for m in s.concepts}:
            concept_statements.setdefault(c, set()).add(s.position)
            if who:
                concept_speakers.setdefault(c, set()).add(who)
                pairs.setdefault((who, c), set()).add(s.position)
        if who:
            speakers.setdefault(who, set()).add(s.position)
            for k in s.people:
                if k in person:
                    mentions.setdefault((who, person[k]), set()).add(s.position)
    return Tallies(
        {c: ConceptCount(len(p), len(concept_speakers.get(c, ())), min(p)) for c, p in sorted(concept_statements.items())},
        {w: len(p) for w, p in sorted(speakers.items())},
        {k: len(p) for k, p in sorted(pairs.items())},
        {k: len(p) for k, p in sorted(mentions.items())})


def key(*iris: str) -> str:
    """A short, stable key for a tally's subject: the last segment of each IRI, and a hash of the
    whole so that two IRIs ending alike never share a tally.

    >>> key("https://w3id.org/igfkg/concept/wsis")
    'wsis-a1c0fd'
    """
    tail = "-".join(i.rstrip("/").rsplit("/", 1)[-1] for i in iris)
    tail = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in tail)[:80]
    return f"{tail}-{hashlib.sha1(' '.join(iris).encode()).hexdigest()[:6]}"
