"""The ingest pipeline: read -> segment -> extract -> emit, as plain function calls.

>>> from ingest.pipeline import extract_text
>>> x = extract_text("Example Group\\nOnline Meeting\\n3 March 2025 at 10:00 UTC\\n\\nDiscussion\\n\\n"
...                  "Ana noted the GDC.\\n\\nParticipants\\n\\n1. Ana Silva, Member\\n")
>>> [(s.speaker, s.verb, s.text) for s in x.statements]
[('ana-silva', 'noted', 'Ana noted the GDC.')]
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path

from . import emit as emit_mod
from . import coverage as coverage_mod
from . import identity, iris, tally
from .budget import report_seconds, time_budget
from .errors import InputError
from .extract import actions, agenda, apposition, attendance, introductions, meeting, participants, statements
from .model import Extraction, Participant, Report, Span
from .identity import person_key
from .names import NAME, ParsedName, fold, looks_like_name, nick_of, parse_name
from .read import read_report, report_from_bytes
from .segment import segment
from .vocab import Vocabulary, load_vocabulary

STAGES = ("segment.v2", meeting.STAGE, agenda.STAGE, participants.STAGE, attendance.STAGE, apposition.STAGE, statements.STAGE,
          introductions.STAGE, *actions.STAGES,
          coverage_mod.STAGE, identity.STAGE, tally.STAGE, emit_mod.STAGE)


def extract(report: Report, *, vocab: Vocabulary | None = None, date: dt.date | None = None,
            known: Mapping[str, identity.Known] | None = None, layout: str | None = None) -> Extraction:
    """:func:`_extract` within the time budget per report (``ingest.budget``). Raises InputError
    naming the file when the report takes longer, and as ``_extract`` does."""
    vocab = vocab or load_vocabulary()  # loaded outside the budget: it is the same for every report
    with time_budget(report_seconds(), path=report.path, size=len(report.text)):
        return _extract(report, vocab=vocab, date=date, known=known, layout=layout)


def _extract(report: Report, *, vocab: Vocabulary | None = None, date: dt.date | None = None,
             known: Mapping[str, identity.Known] | None = None, layout: str | None = None) -> Extraction:
    """Everything the report says, as frozen data; ``known``: the people already in the store, to
    resolve this report's participants against. Raises InputError/ExtractionError on bad input."""
    vocab = vocab or load_vocabulary()
    text = report.text
    index = meeting.listed_meetings(text)
    if index:
        raise InputError(f"this is an index of {len(index)} or more meetings (headed on lines "
                         f"{', '.join(map(str, index[:4]))}, ...), not the record of one meeting; ingest each meeting's own record",
                         path=report.path, line=index[0])
    segs = segment(report, layout=layout)
    if not any(b.kind in ("paragraph", "list", "turn") for b in segs.blocks):
        raise InputError("no paragraphs or lists found; this does not look like a meeting report", path=report.path, line=1)
    listed = participants.listed_entries(text, segs, vocab)
    people, apologies = participants.extract_participants(text, segs, vocab, listed)
    sender = attendance.author(text)
    people, apologies = _with_attendance(people, apologies, *attendance.extract_attendance(text, segs, vocab, sender=sender))
    written = written_names(text)
    people = _nicks_merged(written, people)
    m = meeting.extract_meeting(text, segs, vocab, people, path=report.path, date_override=date)
    items = agenda.extract_agenda(text, segs, vocab) or agenda.agenda_from_headings(text, segs, vocab)
    extra: tuple = ()
    if m.moderator is None and m.moderator_text and looks_like_name(m.moderator_text):  # the chair is named but not listed
        at = text.find(m.moderator_text)
        span = Span(at, at + len(m.moderator_text)) if at >= 0 else m.header_span or Span(0, len(text))
        chair = dataclasses.replace(participants.unlisted_participant(m.moderator_text, span), found_in="prose")
        extra, m = (chair,), dataclasses.replace(m, moderator=chair.key)
    if sender:
        m = dataclasses.replace(m, author=sender.key)
    extra += _honoured(text, segs, people + extra)
    stmts = statements.extract_statements(text, segs, vocab, m, people + extra, items)
    speakers = statements.unlisted_speakers(stmts, people + extra)
    if speakers:  # "Ms. Ana Lima, the Chair of the MAG" in a turn, before ">>CHAIR LIMA:" turns: Ana Lima speaks them
        extra += introductions.introduced_people(introductions.introductions(text, stmts, segs, people + extra + speakers, vocab),
                                                 people + extra + speakers)
        speakers = statements.unlisted_speakers(stmts, people + extra)
    unlisted = extra + _in_full(written, speakers)
    unlisted += _by_initials(text, written, stmts, people + unlisted)
    if len(unlisted) > len(extra) or speakers:
        stmts = statements.extract_statements(text, segs, vocab, m, people + unlisted, items)
    people, unlisted = _introduced(text, segs, vocab, stmts, people, unlisted)
    unlisted = statements.described_speakers(stmts, unlisted, vocab)  # "Ana Lima from Example Labs demonstrated ..."
    if m.moderator is None and m.moderator_text is None and unlisted:  # "our chair, Ana": a speaker found since
        again = meeting.extract_meeting(text, segs, vocab, people + unlisted, path=report.path, date_override=date)
        if again.moderator in {p.key for p in unlisted}:
            m = dataclasses.replace(m, moderator=again.moderator, moderator_text=again.moderator_text)
    docs = actions.extract_documents(text, segs, stmts, items, vocab)
    decisions = actions.extract_decisions(stmts)
    acts = actions.extract_actions(text, stmts, m, people + unlisted, vocab)
    warnings = report.notes + participants.list_warnings(text, listed, tuple(p for p in people if p.found_in == "list"))
    if m.date is None:
        warnings += ("no meeting date found in the record; stored as undated (igfkg query undated-meetings); "
                     "set it with --date YYYY-MM-DD",)
    everyone = tuple(p if p.listed else apposition.describe(p, text, vocab) for p in people) + tuple(
        apposition.describe(dataclasses.replace(p, position=len(people) + i), text, vocab) for i, p in enumerate(unlisted, 1))
    x = Extraction(report=report, meeting=m, agenda=items, participants=everyone, apologies=apologies,
                   statements=stmts, documents=docs, decisions=decisions, actions=acts, stages=STAGES,
                   identities=(), unlisted=(), warnings=warnings)
    x = dataclasses.replace(x, coverage=coverage_mod.coverage(x, segs))
    return resolve(x, known or {})


def _introduced(text: str, segs, vocab: Vocabulary, stmts: tuple, people: tuple[Participant, ...],
                unlisted: tuple[Participant, ...]) -> tuple[tuple[Participant, ...], tuple[Participant, ...]]:
    """(people, unlisted) with the roles and affiliations the record's turns introduce them with
    ("this is X from the IGF Secretariat", "our Chair, X"), and the people introduced so who were
    no participant yet (among the unlisted)."""
    intros = introductions.introductions(text, stmts, segs, people + unlisted, vocab) \
        + introductions.label_roles(text, segs, people + unlisted, vocab)
    if not intros:
        return people, unlisted
    people = introductions.with_introductions(people, intros)
    unlisted = introductions.with_introductions(unlisted, intros)
    return people, unlisted + introductions.introduced_people(intros, people + unlisted)


def _with_attendance(listed: tuple[Participant, ...], apologies: tuple[Participant, ...], found: tuple[Participant, ...],
                     found_apologies: tuple[Participant, ...]) -> tuple[tuple[Participant, ...], tuple[Participant, ...]]:
    """The participant list with the people the record gives elsewhere (in prose, inline): someone
    already listed gains the roles and affiliation the prose adds; someone who sent apologies is
    not an attendee."""
    by_key = {p.key: p for p in listed}
    absent = {p.key: p for p in apologies}
    for p in found_apologies:
        if p.key not in by_key:
            absent.setdefault(p.key, p)
    for p in found:
        if p.key in absent:
            continue
        if p.key in by_key:
            by_key[p.key] = participants.combined(by_key[p.key], p)
        else:
            by_key[p.key] = dataclasses.replace(p, position=len(by_key) + 1)
    people = tuple(by_key.values())
    return people, tuple(absent.values())


def written_names(text: str) -> tuple[ParsedName, ...]:
    """The full names (two words or more) a record writes anywhere in its text, each once."""
    found = {parse_name(m.group(0)) for m in re.finditer(NAME, text) if looks_like_name(m.group(0))}
    return tuple(sorted((n for n in found if len(n.name.split()) >= 2), key=lambda n: n.name))


def _named(p: Participant, n: ParsedName) -> Participant:
    return dataclasses.replace(p, key=person_key(n.name), name=n.name, given=n.given, family=n.family)


def _nicks_merged(written: tuple[ParsedName, ...], people: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """A nick in a Present line ("tessa_k", "fgarcia") that names exactly one person the record
    gives in full ("Tessa Kowalczyk", the sender; "Please welcome Fernando García") is that person:
    one participant, named in full, with the nick's roles."""
    out = {p.key: p for p in people}
    for p in people:
        if " " in p.name or p.family:
            continue
        full = [q for q in people if q.key != p.key and " " in q.name and nick_of(p.name, q)]
        if len(full) == 1:
            q = out[full[0].key]
            out[q.key] = dataclasses.replace(q, roles=q.roles + p.roles)
            del out[p.key]
            continue
        named = [n for n in written if nick_of(p.name, n)]
        if len(named) == 1:  # the nick of someone the record names in full in its text
            out[p.key] = _named(p, named[0])
    return tuple(dataclasses.replace(p, position=i) for i, p in enumerate(out.values(), 1))


def _in_full(written: tuple[ParsedName, ...], found: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """Speakers known by a short form ("RUI CARVALHO:") whom the record also writes in full ("Dr.
    Rui Mateus Carvalho"): named in full, the same given name first and family name last."""
    longer: dict[str, list[ParsedName]] = {}
    for n in written:
        words = n.name.split()
        if len(words) >= 3:
            longer.setdefault(fold(f"{words[0]} {words[-1]}"), []).append(n)
    out = []
    for p in found:
        words = p.name.split()
        full = longer.get(fold(f"{words[0]} {words[-1]}"), []) if len(words) == 2 else []
        out.append(_named(p, full[0]) if len(full) == 1 else p)
    return tuple(out)


# "Ambassador Ana Lima", "Mr. Rui Costa, Executive Director of ...": an honorific before a full name
_HONOURED = re.compile(rf"(?<![\w.])(?=(?:Ms|Mr|Mrs|Dr|Prof|Professor|Amb|Ambassador|H\.\s?E)\.?\s){NAME}")


def _honoured(text: str, segs, people: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """People the record's prose names with an honorific and a full name ("Ambassador Ana Lima",
    "Mr. Rui Costa, Executive Director of ..."), who are no participant yet: a summary record
    introduces those who took part so, whether or not it lists them. A form of a participant or
    of another such person ("Mr. van der Berg", "Ms. Castro de la Vega" for Inés Castro de la
    Vega) adds nobody."""
    from .resolve import PeopleIndex
    found: list[tuple[int, Participant]] = []
    for block in segs.blocks:
        if block.zone not in ("header", "discussion") or block.kind not in ("paragraph", "list", "title"):
            continue
        for m in _HONOURED.finditer(block.span.slice(text)):
            parsed = parse_name(m.group(0))
            if (not looks_like_name(m.group(0)) or not parsed.honorific or len(parsed.given.rstrip(".")) < 2  # "Mr. Ó Briain", "Dr. K. Berg"
                    or len(parsed.name.split()) < 2):
                continue
            start = block.span.start + m.start()
            found.append((start, dataclasses.replace(participants.unlisted_participant(
                m.group(0), Span(start, start + len(m.group(0)))), found_in="prose")))
    out: dict[str, Participant] = {}
    keys = {p.key for p in people}
    others: dict[str, PeopleIndex] = {}  # for each such person: the participants and the others
    for start, p in found:
        if p.key in keys:
            continue
        if p.key not in others:
            others[p.key] = PeopleIndex(people + tuple({q.key: q for _, q in found if q.key != p.key}.values()))
        if others[p.key].match_at(text, start) is None:
            out.setdefault(p.key, p)
    return tuple(out.values())


def _by_initials(text: str, written: tuple[ParsedName, ...], stmts: tuple, people: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """Speakers labelled by initials ("CMN:") whom no participant fits but one full name written in
    the record does ("Carla M. Nunes", in an action line): that person, found in the text."""
    labels = {s.speaker_text for s in stmts if s.speaker is None and s.speaker_text and re.fullmatch(r"[A-Z]{2,4}", s.speaker_text)
              and (s.resolution or "").startswith(statements.NOT_LISTED)}
    out: dict[str, Participant] = {}
    keys = {p.key for p in people}
    for label in sorted(labels):
        if any(label in statements.initials(p.name) for p in people):
            continue
        fits = [n for n in written if label in statements.initials(n.name)]
        at = text.find(fits[0].name) if len(fits) == 1 else -1
        if at >= 0:
            p = dataclasses.replace(participants.unlisted_participant(fits[0].name, Span(at, at + len(fits[0].name))), found_in="text")
            if p.key not in keys:
                out[p.key] = p
    return tuple(out.values())


def resolve(x: Extraction, known: Mapping[str, identity.Known]) -> Extraction:
    """``x`` with its people resolved against ``known`` (the only part of an extraction that
    depends on what is already stored): ``x`` itself when that changes nothing."""
    ids = identity.resolve_people(x.participants + x.apologies + x.unlisted, known,
                                  series=iris.series_key(x.meeting.series, x.meeting.series_concept))
    return x if ids == x.identities else dataclasses.replace(x, identities=ids)


def extract_file(path: str | Path, *, vocab: Vocabulary | None = None, date: dt.date | None = None) -> Extraction:
    return extract(read_report(path), vocab=vocab, date=date)


def extract_text(text: str, *, path: str = "<text>", date: dt.date | None = None) -> Extraction:
    return extract(report_from_bytes(text.encode("utf-8"), path=path), date=date)


def to_json(x: Extraction) -> dict:
    """The extraction as plain JSON-ready data (the report text itself left out)."""
    def plain(v):
        if dataclasses.is_dataclass(v):
            return {f.name: plain(getattr(v, f.name)) for f in dataclasses.fields(v) if f.name != "report"}
        if isinstance(v, (list, tuple)):
            return [plain(i) for i in v]
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        return v
    out = plain(x)
    out["report"] = {"path": Path(x.report.path).name, "sha256": x.report.sha256, "characters": len(x.report.text)}
    return out


def dumps(x: Extraction) -> str:
    return json.dumps(to_json(x), indent=1, ensure_ascii=False, sort_keys=True)
