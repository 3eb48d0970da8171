"""meeting.v3: the facts about the meeting itself, from the title lines and the header sentence.

Series and parent body (through the vocabulary), number ("100th", "seventh", "Meeting No. 12"),
date, start time and time zone, mode, moderator or chair, recording, and the next meeting.
"""
from __future__ import annotations

import re

from ..dates import find_dates, find_time, next_occurrence
from ..errors import line_of
from ..model import Meeting, Participant, Segments, Span
from ..names import NAME, fold, looks_like_name
from ..resolve import PeopleIndex
from ..segment import lines_of, sentences
from .statements import is_preamble
from ..vocab import Vocabulary

STAGE = "meeting.v3"
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEENS = ("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
          "nineteenth").split()
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90}
_TENS_CARD = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: i + 10 for i, w in enumerate(_TEENS)}
_ORDINAL_WORDS |= {f"{k}ieth": v for k, v in _TENS.items()}
for _tens_word, _tens in _TENS_CARD.items():
    for _i, _u in enumerate(_UNITS):
        _ORDINAL_WORDS[f"{_tens_word}-{_u}"] = _tens + _i + 1
_NUMBER = re.compile(
    r"\b(?:(?P<digits>\d{1,4})(?:st|nd|rd|th)|(?P<word>" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) +
    r"))\s+(?:(?:(?!day\b|days\b|part\b|half\b|week\b|round\b|phase\b|of\b)[\w-]+\s+){0,3}?"
    # or a title's run of capitalised words: "First Open Consultations and Multistakeholder Advisory Group (MAG) Meeting"
    r"|(?-i:(?:(?:[A-Z][\w&-]*|\([A-Z][\w&-]*\)|and|of|the)\s+){4,9}?))(?:meeting|session|call|gathering)\b"
    r"|\b(?:meeting|session|call)\s+(?:no\.?|number|#)\s*(?P<num>\d{1,4})\b",
    re.I,
)
_MODE = (
    ("hybrid", re.compile(r"\bhybrid\b", re.I)),
    ("online", re.compile(r"\b(?:online|virtual(?:ly)?|zoom|webex|teleconference|video\s*call|remote(?:ly)?)\b", re.I)),
    ("in person", re.compile(r"\bin[\s-]person\b|\bface[\s-]to[\s-]face\b|\bphysical\b", re.I)),
)
def _office_pattern(verbs: str, line_labels: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b(?i:{verbs})\s+by\s+(?:the\s+[\w'\u2019 -]{{0,40}}?,\s*|the\s+|(?:Co-)?Chair\s+)?(?P<name>{NAME})"
        rf"|(?P<name2>(?:[A-Z][\w.'\u2019-]*\s+){{1,4}}?)(?:\([^()\n]{{1,40}}\)\s+)?(?:promptly\s+|formally\s+)?(?:{verbs})\s+the\s+"
        r"(?:(?:[A-Z][\w&-]*|of)\s+){0,6}(?:meeting|call|session)"  # "called the ISOC Board of Trustees meeting to order"
        rf"|^\s*(?i:{line_labels})\b\s*:?\s*\n?\s*(?P<name3>[^\n]+)$", re.M)


_MODERATOR = _office_pattern(r"moderated|chaired|co-chaired|facilitated|led|presided\s+over|opened|chairs|(?:called|brought)(?=\s+the\s+(?:(?:[A-Z][\w&-]*|of)\s+){0,6}\w+\s+to\s+order)", r"chairs?|moderators?|chairperson|co-chairs?")
_OPENED = r"(?:also\s+|promptly\s+|then\s+)?(?:opened|chaired|moderated|welcomed|(?:called|brought)\s+the\s+(?:meeting|call|session)\s+to\s+order)\b"
_CHAIR_NAMED = re.compile(r"\b(?:our|the)\s+(?:co-)?(?:chair(?:person|man|woman)?|moderator)(?:\s+(?:of|for)\s+[^,.]{2,60})?,\s+"
                          rf"(?P<name>(?-i:{NAME}))"
                          # "The Executive Board Chair, Ana Lima, opened", "Ana Lima, RIPE NCC Chairman, opened the meeting"
                          rf"|\b(?:our|the)\s+(?:(?-i:[A-Z][\w&-]*)\s+){{1,4}}?(?:co-)?(?:chair(?:person|man|woman)?|moderator),\s+"
                          rf"(?P<name___>(?-i:{NAME})),\s+(?:{_OPENED})"
                          rf"|(?:^|(?<=[.!?]\s))(?P<name____>(?-i:{NAME})),\s+(?:(?-i:[A-Z][\w&-]*)\s+){{0,4}}(?:co-)?(?:chair(?:person|man|woman)?|moderator),\s+"
                          rf"(?:{_OPENED})"
                          rf"|(?:^|(?<=[.!?]\s))(?:Moderator|Chair|Chairperson|Facilitator)\s+(?P<name_>(?-i:{NAME}))\s+(?:opened|welcomed|introduced)"
                          rf"|(?P<name__>(?-i:{NAME})),\s+as\s+[^,.]{{2,60}},\s+(?:ran|chaired|moderated|facilitated|led|opened)\s+the\s+"
                          r"(?:call|meeting|session)", re.I | re.M)
_OFFICE_FIRST = re.compile(r"^(?:(?:Co-)?Chair(?:man|woman|person)?|Moderator|President|Facilitator|Host)\s+(?=[A-Z])")
_HOST = _office_pattern(r"hosted", r"hosts?")
_NAME_TAIL = re.compile(r"(?:(?:Ms|Mr|Mrs|Dr|Prof|Amb)\.?\s+)?[A-Z][\w'\u2019-]+(?:\s+(?:St\.|[A-Z][\w'\u2019-]+)){0,3}$")
_NEXT = re.compile(r"\bnext\s+(?:\w+\s+){0,2}(?:meeting|call|session|telechat|teleconference|gathering)\b|\b(?:meet|convene|reconvene|gather)\s+again\b"
                   r"|\bwill\s+(?:re)?convene\b|\bwill\s+meet\s+on\b"
                   r"|\bits\s+(?:\w+\s+)?(?:meeting|session)\s+(?:would|will|is\s+to|was\s+to)\s+(?:take\s+place|be\s+held)\b", re.I)
_RECORDING = re.compile(r"\brecording\b[^.]*?\b(?:available\s+(?P<how>[^.;,]+)|(?P<url>https?://\S+))", re.I)


_TITLE_NUMBER = re.compile(
    r"\b(?:meeting|call|session|gathering)\s*(?:[-\u2013]\s*)?(?:no\.?\s*|number\s+|#\s*)?"
    r"(?P<n>(?-i:[IVXLC]{1,7})|\d{1,4})\b(?!\s*(?:[-\u2013]\s*\d{1,2}\s+)?(?:[A-Za-z]{3,9}\s+\d{4}|[A-Z][a-z]+\s+\d{4}))"
    r"(?!\s*(?:st|nd|rd|th)\b)|#(?P<hash>\d{1,4})\b|\binterim-\d{4}-[a-z0-9]+-(?P<id>\d{1,3})\b", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman(numeral: str) -> int:
    """The value of a Roman numeral.

    >>> roman("VIII"), roman("XIII"), roman("IX")
    (8, 13, 9)
    """
    total = 0
    for a, b in zip(numeral, numeral[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total


def title_number(line: str) -> int | None:
    """The number a title gives its meeting: "Virtual Meeting VIII", "Meeting #60", "Meeting No. 12".

    >>> title_number("NRIs Virtual Meeting VIII"), title_number("IGF 2021 - MAG - Virtual Meeting - XIII")
    (8, 13)
    >>> title_number("MAG Meeting 14 - 16 January 2020") is None
    True
    """
    m = _TITLE_NUMBER.search(line)
    if not m:
        return None
    n = m.group("n") or m.group("hash") or m.group("id")
    return int(n) if n.isdigit() else roman(n.upper())


_MEETING_WORD = re.compile(r"\b(?:meeting|call|session|teleconference)\b", re.I)


def listed_meetings(text: str) -> list[int]:
    r"""Line numbers of the lines that head a meeting of their own ("IGF 2024 Virtual MAG meeting
    VIII", "10 September 2024, 10:00 UTC" over an agenda), one per distinct meeting: three or more
    mean the document is an index of meetings, not the record of one.

    >>> listed_meetings("MAG meeting VIII\n- Agenda\nMAG meeting VII\n- Agenda\nMAG meeting VI\n")
    [1, 3, 5]
    """
    seen: dict[object, int] = {}
    for i, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line or len(line) > 100 or line[-1:] in ".:;?!" and not line.endswith("UTC"):
            continue
        key: object = None
        if _MEETING_WORD.search(line):
            key = title_number(line)
        if key is None:
            dates = [d for d in find_dates(line) if d.has_year]
            rest = line
            for d in dates:
                rest = rest.replace(line[d.span.start:d.span.end], "")
            if len(dates) == 1 and len(re.sub(r"[\W\d]|UTC|GMT|CES?T|[ap]\.?m\.?", "", rest)) <= 3:
                key = dates[0].date
        if key is not None and key not in seen:
            seen[key] = i
    return list(seen.values()) if len(seen) >= 3 else []


def meeting_number(text: str) -> int | None:
    """The meeting's number as an ordinal before 'meeting', or 'meeting No. N'.

    >>> meeting_number("The 100th virtual meeting of the group"), meeting_number("the seventh virtual meeting")
    (100, 7)
    >>> meeting_number("IGF 2020 First Open Consultations and Multistakeholder Advisory Group (MAG) Meeting 14 - 16 January")
    1
    >>> meeting_number("the first thing we discussed in this meeting") is None
    True
    """
    m = _NUMBER.search(text)
    if not m:
        return None
    if m.group("digits"):
        return int(m.group("digits"))
    if m.group("num"):
        return int(m.group("num"))
    return _ORDINAL_WORDS.get(m.group("word").lower())


def _series(title_lines: list[str], header: str, vocab: Vocabulary) -> tuple[str, str | None, str | None]:
    """(series name, series concept, parent-body concept)."""
    for source in title_lines[:3] + [header] + title_lines[3:]:
        found, _ = vocab.find_concepts(source)
        groups = [m for m in found if vocab.kind(m.concept) in ("group", "body")
                  and m.label.strip().casefold() != "secretariat"]  # "the Secretariat" is any body's
        if groups:
            best = max(groups, key=lambda m: len(m.label))
            concept = vocab.concepts[best.concept]
            parent = concept.broader[0] if concept.broader else None
            name = source.strip() if source in title_lines and len(source) <= 120 else concept.pref_label
            return name, best.concept, parent
    name = title_lines[0].strip() if title_lines else "Meeting"
    return name, None, None


def resolve_moderator(text: str, people: PeopleIndex, participants: tuple[Participant, ...], *,
                      pattern: re.Pattern[str] = _MODERATOR, listed: bool = True) -> tuple[str | None, str | None]:
    """(participant key, name as written) of the moderator or chair named in ``text`` (or, with
    ``pattern=_HOST``, the host); else, when ``listed``, the one listed as '(Chair)'."""
    matches = list(pattern.finditer(text)) + (list(_CHAIR_NAMED.finditer(text)) if pattern is _MODERATOR else [])
    for m in matches:
        if "name2" not in m.groupdict():  # "I give the floor to our Chair, Marisol Echeverría Ruiz"
            group = next(g for g in ("name", "name_", "name__", "name___", "name____") if m.group(g))
            nm = people.match_at(text, m.start(group))
            if nm and len(nm.keys) == 1:
                return nm.keys[0], nm.written
            written = m.group(group).rstrip(".")
            if looks_like_name(written) and len(written.split()) >= 2:
                keys = people.lookup(written)
                return (keys[0] if len(keys) == 1 else None), written
            continue
        raw = (m.group("name") or m.group("name2") or m.group("name3") or "").strip()
        tail = _NAME_TAIL.search(raw)  # "UTC. Ms. Hanne Berg" -> "Ms. Hanne Berg"
        raw = tail.group(0) if tail else raw
        raw = _OFFICE_FIRST.sub("", raw)  # "Chairman Ana Lima promptly called the meeting to order"
        start = m.start("name") if m.group("name") else m.start("name2") if m.group("name2") else m.start("name3")
        nm = people.match_at(text, start)
        if nm and len(nm.keys) == 1:
            return nm.keys[0], nm.written
        if raw:
            first = re.split(r"\s+and\s+|,", raw)[0].strip(" ,.")
            keys = people.lookup(first)
            if len(keys) == 1:
                return keys[0], raw
            inside = [nm for nm in people.find_all(first) if len(nm.keys) == 1]  # "Co-Chair Wanjiru Kamau"
            if inside:
                return inside[0].keys[0], inside[0].written
            if not keys and looks_like_name(first) and len(first.split()) >= 2:
                return None, first  # a name the list does not hold (or there is no list)
    chairs = [p for p in participants if any(not r.former and (r.label.strip("() ").casefold() in ("chair", "moderator") or (
        r.role or "").rsplit("/", 1)[-1] in ("chair", "moderator") and not re.search(r"\bof\b|former|vice|co-", r.label, re.I))
        for r in p.roles)]
    if listed and len(chairs) == 1:
        return chairs[0].key, chairs[0].name
    return None, None


def extract_meeting(text: str, segments: Segments, vocab: Vocabulary, participants: tuple[Participant, ...],
                    *, path: str = "", date_override=None) -> Meeting:
    """The meeting; its date is None where the record gives none (``date_override`` sets it)."""
    header_blocks = segments.in_zone("header")
    title_lines = [ln.strip() for b in header_blocks if b.kind == "title" for ln in b.span.slice(text).split("\n") if ln.strip()]
    paragraphs = [b for b in header_blocks if b.kind == "paragraph"]
    header_block = next((b for b in paragraphs if find_dates(b.span.slice(text), offset=b.span.start) or
                         meeting_number(b.span.slice(text))), paragraphs[0] if paragraphs else None)
    header = header_block.span.slice(text) if header_block else ""
    head_text = "\n".join(title_lines) + "\n" + header

    date, date_span = None, None
    if date_override is not None:
        date, date_span = date_override, Span(0, 0)
    else:
        date, date_span = _meeting_date(text, header_blocks)

    posted = bool(date_span) and bool(_POSTED.match(text[text.rfind("\n", 0, date_span.start) + 1:date_span.end]))
    head_lines = "\n".join(ln for ln in head_text.split("\n") if not _POSTED.match(ln))
    when_text = text[date_span.end:date_span.end + 40] if date_span and date_span.end and not posted else head_lines
    when = find_time(when_text) or find_time(head_lines)
    mode_text = head_text
    for found in sorted(vocab.concept_matcher.find(head_text), key=lambda c: -c.span.start):
        mode_text = mode_text[:found.span.start] + " " + mode_text[found.span.end:]  # "Hybrid Meetings" names a group
    mode = next((m for m, pattern in _MODE if pattern.search(mode_text)), None)
    series, series_concept, parent = _series(title_lines, header, vocab)
    people = PeopleIndex(participants)
    host, host_text = resolve_moderator(head_text, people, participants, pattern=_HOST, listed=False)
    if host is None and host_text is None:
        host, host_text = resolve_moderator(text, people, participants, pattern=_HOST, listed=False)
    moderator, moderator_text = resolve_moderator(head_text, people, participants, listed=False)
    if moderator is None and moderator_text is None:
        moderator, moderator_text = resolve_moderator(text, people, participants)
    if moderator is None and moderator_text is None and series_concept:  # "X (IAB Chair)" beside "Y (IETF Chair)"
        own = [p for p in participants if any((r.role or "").endswith("/chair") and not r.former and series_concept in
                                              [c.concept for c in vocab.find_concepts(r.label)[0]] for r in p.roles)]
        if len(own) == 1:
            moderator, moderator_text = own[0].key, own[0].name
    if moderator is None and moderator_text is None:  # ">> CHAIR:" turns: who the record hands the meeting to
        moderator, moderator_text = _chair_of_turns(text, segments, people)
    if moderator is None and moderator_text is None:  # who hosted the meeting chaired it
        moderator, moderator_text = host, host_text

    next_date, next_time, next_tz, next_span = _next_meeting(text, segments, vocab, date, series_concept)
    rec = _RECORDING.search(head_text)
    recording = (rec.group("url") or ("available " + rec.group("how").strip())) if rec else None
    return Meeting(
        title=" ".join(title_lines[:1]) or series, series=series, series_concept=series_concept, parent_concept=parent,
        date=date, date_span=date_span,
        number=next((n for n in map(title_number, title_lines) if n), None) or meeting_number(_CAPTIONED_EVENT.sub(" ", head_text))
        or meeting_number(_opening_words(text, segments)),
        start_time=when[0] if when else None, timezone=when[1] if when else None, mode=mode,
        moderator=moderator, moderator_text=moderator_text, host=host, next_date=next_date, next_time=next_time,
        next_timezone=next_tz, next_span=next_span, recording=recording,
        header_span=header_block.span if header_block else None,
    )


_NEXT_LINE = re.compile(r"^\W{0,3}(?:date\s+of\s+(?:the\s+)?)?next\s+(?:\w+\s+)?(?:meeting|call|session)\b", re.I | re.M)
_NEXT_OF = re.compile(r"\bnext\s+(?:\w+\s+){0,2}(?:meeting|call|session)\s+of\s+(?:the\s+)?(?P<body>[^.,;:]{2,80})", re.I)


def _next_meeting(text: str, segments: Segments, vocab: Vocabulary, date, series_concept: str | None):
    """(date, time, zone, span) of the next meeting: a "Next meeting:" line first, then a sentence
    about the next meeting (not one of another body: "the next meeting of the Council")."""
    candidates: list[Span] = []
    for block in segments.blocks:
        if block.zone in ("discussion", "header", "other"):
            candidates += sentences(text, block.span)
    lines = [s for s in candidates if _NEXT_LINE.match(s.slice(text))]
    for sent in lines + [s for s in candidates if s not in lines]:
        s = sent.slice(text)
        if not _NEXT.search(s):
            continue
        other = _NEXT_OF.search(s)
        if other:
            bodies = [c.concept for c in vocab.find_concepts(other.group("body"))[0]
                      if vocab.kind(c.concept) in ("group", "body")]
            if bodies and series_concept not in bodies:
                continue
        found = find_dates(s, offset=sent.start, default_year=date.year if date else None)
        if date:
            found = [f for f in found if next_occurrence(f, date) > date]
        if found:
            when = find_time(text[found[0].span.end:sent.end])
            return (next_occurrence(found[0], date) if date else found[0].date,
                    when[0] if when else None, when[1] if when else None, sent)
    return None, None, None, None


_POSTED = re.compile(r"^\s*(?:(?:publication|published|posting|posted|revision|release|issue)\s+date|date\s+(?:of\s+)?(?:publication|"
                     r"published|posted|issued?)|date|sent|published|posted|issued|(?:last\s+)?(?:updated|modified|revised))(?:\s+on)?\s*:|^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,?\s+\w{3}\s+\d{1,2}\s+\d{1,2}:\d{2}", re.I)
_HELD_ON = re.compile(r"^\W*(?:\d{1,3}[.)]\s*)?(?:The|This|Our|Today['\u2019]s)\s+(?:[\w&,-]+\s+){0,8}?(?:meeting|call|session|"
                      r"teleconference)\b[^.]{0,80}\b(?:on|of)\s+(?:\w+day,?\s+)?\d", re.I)
_MEETING_SENTENCE = re.compile(r"\b(?:meeting|call|session|teleconference|telechat|consultation|held|took\s+place|convened|"
                               r"date|minutes|summary|record)\b", re.I)
# a captioning disclaimer names the event a session was held at ("... captioning taken during the
# Nineteenth Annual Meeting of the IGF"): that event's number is not the session's
_CAPTIONED_EVENT = re.compile(r"[^.\n]*\boutputs\s+of\s+the\s+(?:real-time\s+)?captioning\b[^.\n]*", re.I)
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")


_CHAIR_LABEL = re.compile(r"(?i)(?:co-)?(?:chair(?:person|man|woman)?|moderator|host|facilitator)")
_SELF = re.compile(rf"(?:[Mm]y\s+name\s+is|I\s+am|I['\u2019]m|[Tt]his\s+is)\s+(?P<name>{NAME})")
_I_MODERATE = re.compile(r"\bI(?:['\u2019]ll|\s+will|\s+am\s+going\s+to|['\u2019]m\s+going\s+to)\s+(?:be\s+)?(?:moderat|chair)\w*|"
                         r"\bI\s+am\s+(?:your|the)\s+(?:moderator|chair)\b|\bI['\u2019]m\s+(?:your|the)\s+(?:moderator|chair)\b")
_THANKED = re.compile(rf"^\s*[Tt]hank\s+you(?:\s+(?:very|so)\s+much)?,\s+(?P<name>{NAME})")
_HANDOVER = re.compile(r"(?:hand|turn|pass|give)\w*\s+(?:the\s+(?:meeting|call|floor|session)\s+|it\s+)?(?:over\s+)?to\s+"
                       rf"(?:our\s+|the\s+)?(?:(?:co-)?chair(?:person)?,?\s+)?(?P<name>{NAME})")

_OVER_TO_YOU = re.compile(rf"\b(?:[Oo]ver|[Bb]ack)\s+to\s+you,?\s+(?P<name>{NAME})")
_CHAIR_SELF = re.compile(r"\b(?:the\s+chair\s+(?:wishes|would\s+like|proposes|intends)\b|as\s+(?:the\s+)?chair,?\s+I\b)", re.I)


def _chair_of_turns(text: str, segments: Segments, people: PeopleIndex) -> tuple[str | None, str | None]:
    """(key, name as written) of who speaks as ">> CHAIR:" or ">> MODERATOR:": the name they give
    themselves in such a turn ("My name is X"), or the one the turn before hands the meeting to."""
    said = [b for b in segments.blocks if b.zone == "discussion" and b.kind in ("turn", "paragraph")]
    turns: list[tuple[str, str]] = []  # (label, what the turn says, its unlabelled paragraphs included)
    for b in said:
        if b.kind == "turn" and b.label:
            turns.append((b.label.slice(text).strip(), b.span.slice(text)))
        elif turns:
            turns[-1] = (turns[-1][0], turns[-1][1] + "\n" + b.span.slice(text))
    for label, _ in turns:  # ">>CHAIR EZE:": the chair, by the name the label gives
        named = re.fullmatch(r"(?i:(?:co-)?chair(?:person|man|woman)?|moderator)\s+(?P<name>[A-Z][^:]*)", label)
        if named:
            written = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in named.group("name").split())
            keys = people.lookup(written) or tuple(k for k, p in people.participants.items() if fold(p.family) == fold(written))
            if len(keys) == 1:
                return keys[0], written
    for label, words in turns:  # "... and I will moderate this session" in a named speaker's turn
        if not _CHAIR_LABEL.fullmatch(label) and _I_MODERATE.search(words):
            written = " ".join(w.capitalize() if w.isupper() else w for w in label.replace("_", " ").split())
            if looks_like_name(written):
                keys = people.lookup(written)
                return (keys[0] if len(keys) == 1 else None), written
    for i, (label, words) in enumerate(turns):
        if not _CHAIR_LABEL.fullmatch(label):
            continue
        found = list(_SELF.finditer(words))
        if i:  # "... I hand the meeting over to Nomsa." before the chair's first turn
            found += list(_HANDOVER.finditer(turns[i - 1][1]))
        if i + 1 < len(turns) and not _CHAIR_LABEL.fullmatch(turns[i + 1][0]):  # "Thank you very much, Nomsa."
            found += list(_THANKED.finditer(turns[i + 1][1][:80]))
        for m in found:
            written = m.group("name").rstrip(".")
            if looks_like_name(written):
                keys = people.lookup(written)
                return (keys[0] if len(keys) == 1 else None), written
    for i, (label, words) in enumerate(turns[:3]):  # a call's staff open it: "... Over to you, Ana Lima."
        handed = list(_OVER_TO_YOU.finditer(words)) + list(_HANDOVER.finditer(words))
        nxt = turns[i + 1][0] if i + 1 < len(turns) else ""
        for m in handed[-1:]:
            keys = people.lookup(m.group("name").rstrip("."))
            if len(keys) == 1 and keys[0] in people.lookup(nxt.replace("_", " ")):
                return keys[0], m.group("name").rstrip(".")
    for label, words in turns:  # "In which case, the chair wishes to add a matter": the chair speaking of itself
        if _CHAIR_SELF.search(words):
            keys = people.lookup(label.replace("_", " "))
            if len(keys) == 1:
                return keys[0], label
    return None, None


def _opening_words(text: str, segments: Segments) -> str:
    """The first sentences spoken or written in the discussion ("Welcome to the seventh virtual
    meeting of the MAG"), where a transcript or call notes give the meeting's number."""
    out = []
    for b in segments.blocks:
        if b.zone == "discussion" and b.kind in ("turn", "paragraph"):
            out.append(" ".join(s.slice(text) for s in sentences(text, b.span)[:3]))
            if len(out) == 2:
                break
    return "\n".join(out)


def _meeting_date(text: str, header_blocks) -> tuple:
    """(date, span) of the meeting: the first date of a title line, or of a sentence of the opening
    about the meeting ("took place on 3 June 2025", "Date: Mon, 12 May 2025"); a day and month
    without a year take the year their line or the opening gives, where it gives one; else None."""
    titles: list[Span] = []
    said: list[Span] = []
    for b in header_blocks:
        if b.kind == "title":
            titles += lines_of(text, b.span)
        elif b.kind == "paragraph":
            said += [s for s in sentences(text, b.span) if _MEETING_SENTENCE.search(s.slice(text)) and (
                is_preamble(s.slice(text)) or _HELD_ON.search(s.slice(text)))]
            lines = lines_of(text, b.span)  # a short line of a paragraph with no blank line under its title
            titles += [ln for ln in lines if len(lines) > 1 and len(ln.slice(text)) <= 80 and ln.slice(text)[-1:] not in ".!?;:,"]
    # a title that names the meeting first, then other titles, then the opening's sentences, and an
    # e-mail's own date ("Date: ...", a pipermail time stamp) last: a post is often sent days later
    posted = [s for s in titles if _POSTED.match(s.slice(text))]
    named = [s for s in titles if s not in posted and _MEETING_SENTENCE.search(s.slice(text))]
    places = named + [s for s in titles if s not in posted and s not in named] + said[:3] + posted
    opening = Span(0, min(len(text), 1500))
    if not places:
        places = [s for s in lines_of(text, opening) if len(s.slice(text)) <= 60]
    years = set(_YEAR.findall(opening.slice(text)))
    for sp in named:  # "CSB Minutes - 27 September" over the post's own date: the year from the line or the opening
        line_years = _YEAR.findall(sp.slice(text))
        year = int(line_years[0]) if line_years else int(next(iter(years))) if len(years) == 1 else None
        found = [d for d in find_dates(sp.slice(text), offset=sp.start, default_year=year) if d.has_year or year]
        if found and posted:
            return found[0].date, found[0].span
    for sp in places:
        found = [d for d in find_dates(sp.slice(text), offset=sp.start) if d.has_year]
        if found:
            return _sitting(text, sp, found[0], titles)
    for sp in places:
        line_years = _YEAR.findall(sp.slice(text))
        year = int(line_years[0]) if line_years else int(next(iter(years))) if len(years) == 1 else None
        if year:
            found = find_dates(sp.slice(text), offset=sp.start, default_year=year)
            if found:
                return found[0].date, found[0].span
    return None, None


_RANGE = re.compile(r"\b\d{1,2}\s*[-\u2013\u2014]\s*\d{1,2}\s+[A-Z][a-z]+")
_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+\d")


def _sitting(text: str, line: Span, first, titles: list[Span]) -> tuple:
    """(date, span) of a record of one sitting of a meeting of several days: where the line's
    date opens a range ("Geneva, 17-19 November 2025") and a title line below gives one day of
    it with its weekday ("Tuesday, 18 November 2025"), that day; else the line's date."""
    if _RANGE.search(line.slice(text)):
        for sp in titles:
            if sp.start > line.start and _WEEKDAY.search(sp.slice(text)):
                day = next((d for d in find_dates(sp.slice(text), offset=sp.start) if d.has_year), None)
                if day and 0 <= (day.date - first.date).days <= 14:
                    return day.date, day.span
    return first.date, first.span


def where(text: str, span: Span) -> int:
    return line_of(text, span.start)
