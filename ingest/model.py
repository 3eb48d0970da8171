"""Frozen data passed between the pipeline's stages.

Every fact keeps a :class:`Span`: character offsets into ``Report.text``, the text the
report was converted to. ``Report.text[span.start:span.end]`` is the exact source.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["online", "in person", "hybrid"]


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` in the report text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True)
class Report:
    """A report as read: its text and where it came from."""

    path: str
    text: str
    sha256: str
    media_type: str = "text/plain"
    notes: tuple[str, ...] = ()  # what reading had to assume ("not UTF-8: read as cp1252")


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines (or several, rejoined where a sentence broke across a blank line)."""

    span: Span
    # zone: a heading that opens a zone; speaker: a line naming who speaks in the paragraphs under it
    kind: Literal["zone", "title", "heading", "paragraph", "list", "url", "turn", "speaker"]
    zone: Literal["header", "agenda", "discussion", "participants", "apologies", "other"]
    label: Span | None = None  # a turn's speaker label (">> CHAIR:", "Ana:"), a speaker line's name


@dataclass(frozen=True)
class Segments:
    """The report cut into blocks, each in a zone."""

    blocks: tuple[Block, ...]
    layout: str = "summary"

    def in_zone(self, zone: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.zone == zone)


@dataclass(frozen=True)
class ConceptMention:
    """A vocabulary concept named in the text."""

    concept: str  # concept IRI
    span: Span
    label: str  # the label as written


@dataclass(frozen=True)
class AgendaItem:
    """An agenda item with its printed numbering ("1", "b.", "II") and normalised id ("1b")."""

    id: str
    printed: str
    title: str
    span: Span
    parent: str | None = None
    position: int = 0
    concepts: tuple[ConceptMention, ...] = ()
    link: str | None = None


@dataclass(frozen=True)
class RoleObservation:
    """A role as the participant list writes it, with what it was normalised to."""

    label: str  # as written
    span: Span
    role: str | None  # role concept IRI
    organization: str | None  # concept IRI of the body the role is in, or "series"
    former: bool = False


@dataclass(frozen=True)
class Participant:
    """A person the report names: an entry of its participant list, or a speaker not listed."""

    key: str  # stable within the report: the person slug
    name: str  # natural order, no honorific: "Jana Novakova"
    as_written: str
    given: str
    family: str
    span: Span
    honorific: str = ""
    roles: tuple[RoleObservation, ...] = ()
    affiliation: str | None = None
    affiliation_span: Span | None = None
    listed: bool = True
    position: int = 0
    found_in: str = "list"  # "list", "prose" ("X moderated the meeting"), "turn" (a speaker label), "text" (a speaker named)


@dataclass(frozen=True)
class Meeting:
    """The meeting a report summarises."""

    title: str
    series: str
    series_concept: str | None
    parent_concept: str | None
    date: dt.date | None  # None: the record gives no date (stored as undated, listed for review)
    date_span: Span | None
    number: int | None = None
    start_time: str | None = None  # "13:00"
    timezone: str | None = None  # "UTC"
    mode: Mode | None = None
    moderator: str | None = None  # participant key
    moderator_text: str | None = None
    host: str | None = None  # participant key of who hosted ("The meeting was hosted by ..., Z"); "The Host" is them
    author: str | None = None  # participant key of who sent the record, where it was posted as an e-mail
    next_date: dt.date | None = None
    next_time: str | None = None
    next_timezone: str | None = None
    next_span: Span | None = None
    recording: str | None = None
    header_span: Span | None = None


@dataclass(frozen=True)
class Statement:
    """One sentence of the discussion: the unit of who said what."""

    position: int
    span: Span
    text: str  # white space folded
    speaker: str | None  # participant key
    speaker_text: str | None = None  # how the sentence names its speaker ("He", "Ms. Berg")
    on_behalf: str | None = None  # the body or role that speaks where no person is named ("The Secretariat")
    resolution: str | None = None  # how the speaker was found, or why it was not
    verb: str | None = None  # reporting verb as written ("noted", "gave an update")
    speech_act: str | None = None  # speech-act concept IRI
    item: str | None = None  # agenda item id
    concepts: tuple[ConceptMention, ...] = ()
    documents: tuple[ConceptMention, ...] = ()  # named papers (concepts of kind "document")
    people: tuple[str, ...] = ()  # participant keys mentioned (not the speaker)
    paragraph: Span | None = None
    list_item: bool = False  # an item of a bulleted or numbered list under the speaker's paragraph


@dataclass(frozen=True)
class Document:
    """A link shared or a paper named in the discussion."""

    title: str
    span: Span
    url: str | None = None
    concept: str | None = None
    item: str | None = None
    shared_by: str | None = None
    statement: int | None = None  # position of the statement that shares or names it


@dataclass(frozen=True)
class Decision:
    text: str
    span: Span
    statement: int
    item: str | None = None


@dataclass(frozen=True)
class ActionItem:
    task: str
    span: Span
    statement: int
    assignee: str | None = None
    due: dt.date | None = None
    item: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one report."""

    report: Report
    meeting: Meeting
    agenda: tuple[AgendaItem, ...]
    participants: tuple[Participant, ...]
    apologies: tuple[Participant, ...]
    statements: tuple[Statement, ...]
    documents: tuple[Document, ...]
    decisions: tuple[Decision, ...]
    actions: tuple[ActionItem, ...]
    stages: tuple[str, ...] = field(default=())
    identities: tuple = ()  # ingest.identity.Identity per participant (set by the resolve stage)
    unlisted: tuple[Participant, ...] = ()  # speakers the text names who are not in the participant list
    warnings: tuple[str, ...] = ()  # what the user should know: "line 40: Ana Pires is listed twice; merged"
    coverage: float = 1.0  # share of the discussion's characters inside a statement, agenda item or list entry

    def person(self, key: str | None) -> Participant | None:
        for p in self.participants + self.unlisted:
            if p.key == key:
                return p
        return None
