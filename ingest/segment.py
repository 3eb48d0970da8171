"""Cut a report into blocks (title lines, headings, paragraphs, lists, links) and zones
(header, agenda, discussion, participants, apologies), and paragraphs into sentences.

Pure functions over the report text; every block and sentence keeps its offsets.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Block, Report, Segments, Span
from .names import NOT_NAME_WORDS, looks_like_name
from .turns import (ACTION_LINE, MINUTES_TURN, NOT_SPEAKERS, TRANSCRIPT_TURN, detect_layout, is_command,
                    is_speaker_label, nick_turn, turn_label)

_HEADING_MARKUP = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*|\s*(?:\*\*|__)?\s*$")
_ZONES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("agenda", re.compile(r"^(?:(?:proposed\s+|draft\s+|provisional\s+|adopted\s+)?agenda(?:\s+items?)?|contents|topics)\s*(?::\s*(?P<rest>.*))?$", re.I)),
    ("discussion", re.compile(
        r"^(?:discussions?|summary\s+of\s+(?:the\s+)?discussions?|record\s+of\s+(?:the\s+)?discussions?|"
        r"proceedings|meeting\s+notes|notes\s+of\s+the\s+meeting|main\s+discussion\s+points|"
        r"discussion\s+summary|meeting\s+minutes|minutes\s+of\s+(?:the\s+)?(?:meeting|call)|summary\s+of\s+key\s+points|"
        r"key\s+points|transcript)\s*:?$", re.I)),
    ("participants", re.compile(
        r"^(?:annex(?:\s+[\w.]{1,4})?\s*[:.\u2013-]\s*|\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+)?(?:list\s+of\s+)?(?:(?:meeting\s+)?participants|attendees|attendance|present|"
        r"attended|in\s+attendance|members\s+present|those\s+present|on\s+the\s+call|roll\s+call|speakers|panell?ists|"
        # "Trustees Present", "Staff Members Present", "Also present were", "Guests Present for Certain Portions of the Meeting"
        r"(?:[A-Za-z-]+\s+){1,3}present(?:\s+were|\s+for\s+[\w\s]{3,60})?)"
        r"(?:\s+list)?(?:\s*\([^()]{0,80}\))?\s*(?::\s*(?P<rest>.*))?$", re.I)),
    ("apologies", re.compile(
        r"^(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?\s+)?(?:apologies(?:\s+received)?|regrets|absent|excused|apologies\s+for\s+absence)\s*(?::\s*(?P<rest>.*))?$", re.I)),
    ("other", re.compile(r"^(?:chairs?|chair(?:man|woman|person)|co-chairs?|scribes?|minute[\s-]?takers?|note[\s-]?takers?|rapporteurs?|facilitators?|"
                         r"moderators?|hosts?|staff|call\s+management|guests?|observers?|secretariat)\s*(?::\s*(?P<rest>.*))?$", re.I)),
)
# "Topic: ...", "Item 3: ..." ("Subject:" heads an e-mail, not a topic)
_TOPIC = re.compile(r"^(?:topic|(?P<item>item)(?:\s+\d{1,2}[a-z]?)?)\s*:\s*(?P<title>\S.*)$", re.I)
_NUMBERED_HEADING = re.compile(
    r"^(?:agenda\s+item\s+|item\s+)?(?:(?P<num>\d{1,2}|[IVXLC]{1,6})\s*[.):\u2013-]?\s*)?"
    r"(?:\(?(?P<sub>[a-z])[.)]\s*|(?<=\d)(?P<sub2>[a-z])[.)]?\s+)?(?P<title>[A-Z\u00C0-\u024F\"'\[*].{1,150})$"
)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u2013]|\d{1,2}[.)]|[a-z][.)]|o(?=\s+[A-Z\u00C0-\u024F]))\s+")  # "o Item" in e-mail
_URL_LINE = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$")
_TERMINAL = ".!?:;\"\u201d)'\u2019"

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt no nos vs etc e.g i.e al jr sr amb h.e u.s u.k u.n a.m p.m approx fig cf art para paras "
    "gen col lt sgt rev hon dept govt inc ltd co corp".split()
)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def heading_text(line: str) -> str:
    """A line without Markdown heading and bold markers.

    >>> heading_text("## **Agenda**")
    'Agenda'
    """
    return _HEADING_MARKUP.sub("", line).strip()


_INLINE_LABEL = re.compile(r"^\s*[A-Za-z][\w ()]{0,40}:\s+\S")


def zone_of_heading(line: str) -> tuple[str, int] | None:
    """(zone, offset of inline content or -1) when ``line`` opens a zone, else None."""
    bare = heading_text(line)
    if len(bare) > 200 and not _INLINE_LABEL.match(bare):  # "Attendees: A, B, C, ..." may be long
        return None
    for zone, pattern in _ZONES:
        m = pattern.match(bare)
        if m:
            rest = m.groupdict().get("rest")
            if rest and rest.strip():
                return zone, line.find(rest.strip())
            return zone, -1
    return None


def is_prose(s: str) -> bool:
    """A line that reads as running text rather than a title or list entry."""
    words = s.split()
    return len(words) >= 8 and s.rstrip()[-1:] in ".!?:;\"\u201d" or len(words) >= 25


def segment(report: Report, *, layout: str | None = None) -> Segments:
    """The report's blocks, in order, each with its zone and kind; ``layout`` overrides detection."""
    layout = layout or detect_layout(report.text)
    segments = _segment(report)
    blocks = list(segments.blocks)
    if layout in ("transcript", "minutes"):
        blocks = _turns(report.text, blocks, TRANSCRIPT_TURN if layout == "transcript" else MINUTES_TURN,
                        nick_turn(report.text, blocks) if layout == "minutes" else None)
        first = next((i for i, b in enumerate(blocks) if b.kind == "turn"), len(blocks))
        blocks = blocks[:first] + [Block(b.span, b.kind, "discussion", b.label) if b.zone == "header" else b
                                   for b in blocks[first:]]  # after the first turn, the record is its discussion
    blocks = [_strip_paragraph_number(report.text, b) for b in _split_numbered(report.text, blocks)]
    return Segments(tuple(blocks), layout)


_PARAGRAPH_NUMBER = r"\(?(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)])[ \t]+"  # "12. ", "(3) ", "2.1 "
_NUMBERED_LINE = re.compile(rf"^[ \t]*{_PARAGRAPH_NUMBER}(?=\S)", re.M)


def _split_numbered(text: str, blocks: list[Block]) -> list[Block]:
    r"""Numbered paragraphs written without blank lines between them ("1. The Host opened ...\n2. It
    was stressed ...") are paragraphs of their own; a bulleted sub-list stays in its paragraph."""
    out: list[Block] = []
    for b in blocks:
        body = b.span.slice(text)
        starts = [m.start() for m in _NUMBERED_LINE.finditer(body)]
        if b.kind != "paragraph" or b.zone not in ("header", "discussion") or len(starts) < 2 or starts[0] != 0:
            out.append(b)
            continue
        for i, s in enumerate(starts):
            piece = body[s:starts[i + 1] if i + 1 < len(starts) else len(body)]
            lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
            out.append(Block(Span(b.span.start + s + lead, b.span.start + s + len(piece) - trail), "paragraph", b.zone))
    return out


def items(text: str, span: Span) -> list[tuple[Span, bool]]:
    r"""A paragraph's units: its running text, and each item of a bulleted or lettered sub-list
    (with its marker left out), as (span, is a list item); a wrapped line stays with its item.

    >>> t = "He noted points including:\n  \u2022 Being concrete\n  \u2022 Regulators"
    >>> [(t[s.start:s.end], item) for s, item in items(t, Span(0, len(t)))]
    [('He noted points including:', False), ('Being concrete', True), ('Regulators', True)]
    """
    out: list[tuple[Span, bool]] = []
    for i, line in enumerate(lines_of(text, span)):
        raw = line.slice(text)
        m = _BULLET.match(raw) if i > 0 or re.match(r"\s*[-*\u2022\u25cf\u25aa\u2013]\s", raw) else None
        if m:
            out.append((Span(line.start + m.end(), line.end), True))
        elif out:
            out[-1] = (Span(out[-1][0].start, line.end), out[-1][1])
        else:
            out.append((line, False))
    return out


def _strip_paragraph_number(text: str, b: Block) -> Block:
    """'12. Ms. Berg noted ...': the paragraph number is not part of the first sentence."""
    if b.kind != "paragraph" or b.zone not in ("header", "discussion"):
        return b
    m = re.match(rf"{_PARAGRAPH_NUMBER}(?=[A-Z\u00C0-\u024F\"'\u201c])", b.span.slice(text))
    return Block(Span(b.span.start + m.end(), b.span.end), b.kind, b.zone) if m else b


def _turns(text: str, blocks: list[Block], pattern: re.Pattern[str], nick_turn: re.Pattern[str] | None = None) -> list[Block]:
    """Cut prose blocks at each speaker turn; a turn runs until the next turn or blank line."""
    out: list[Block] = []
    for b in blocks:
        if b.zone not in ("header", "discussion") or b.kind == "zone":
            out.append(b)
            continue
        body = b.span.slice(text)
        starts = list(pattern.finditer(body))
        if pattern is MINUTES_TURN:  # "ACTION: ..." lines end a turn too, as plain paragraphs
            starts = [m for m in starts if is_speaker_label(turn_label(m)) or turn_label(m).lower() in NOT_SPEAKERS]
            starts += list(nick_turn.finditer(body)) if nick_turn else []
            starts = sorted(starts + [m for m in ACTION_LINE.finditer(body)], key=lambda m: m.start())
            starts = [m for i, m in enumerate(starts) if i == 0 or m.start() != starts[i - 1].start()]
        if not starts:
            out.append(b)
            continue
        if starts[0].start() > 0 and body[:starts[0].start()].strip():
            out.append(_block(text, b.span.start, b.span.start + starts[0].start(), b.zone, 1))
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
            label_text = turn_label(m).lower()
            if pattern is MINUTES_TURN and (label_text in NOT_SPEAKERS or not label_text):
                content = body[m.start():end].rstrip()
                kind, zone = ("title", b.zone) if b.zone == "header" and label_text in ("date", "time", "location") \
                    else ("paragraph", "discussion")  # "Date: ..." heads the record; "ACTION: ..." is discussion
                out.append(Block(Span(b.span.start + m.start(), b.span.start + m.start() + len(content)), kind, zone))
                continue
            content = body[m.end():end].rstrip()
            if not content.strip():
                continue
            group = "label" if m.groupdict().get("label") else "nick"
            label = Span(b.span.start + m.start(group), b.span.start + m.end(group))
            out.append(Block(Span(b.span.start + m.end(), b.span.start + m.end() + len(content)), "turn", "discussion", label))
    return out


def _segment(report: Report) -> Segments:
    text = report.text
    zone = "header"
    blocks: list[Block] = []
    cur: list[tuple[int, int]] = []

    def flush() -> None:
        nonlocal zone
        if not cur:
            return
        if zone in _PEOPLE_ZONES:
            cut = _list_end(text, cur)  # "- Name (role)" lines, then "6. Side events" and prose with no blank line
            if 0 < cut < len(cur):
                blocks.append(_block(text, cur[0][0], cur[cut - 1][1], zone, cut))
                del cur[:cut]
                zone = "discussion"
            elif _ends_people_zone(text, cur):
                zone = "discussion"  # a list ends where prose or speaker turns begin
        while zone in ("header", "discussion") and len(cur) > 1 and \
                _title_line(text[cur[0][0]:cur[0][1]], text[cur[1][0]:cur[1][1]]):
            blocks.append(_block(text, cur[0][0], cur[0][1], zone, 1))  # a title line above prose, no blank line between
            cur.pop(0)
        for run in _paragraph_lines(text, cur) if zone in ("header", "discussion") else [list(cur)]:
            blocks.append(_block(text, run[0][0], run[-1][1], zone, len(run)))
        cur.clear()

    for s, e in _lines(text):
        line = text[s:e]
        if not line.strip():
            flush()
            continue
        topic = _TOPIC.match(line.strip())
        if topic and not (topic.group("item") and zone == "agenda"):  # "Item 3: ..." in the agenda is its entry
            flush()
            zone = "discussion"
            lead = s + len(line) - len(line.lstrip())
            blocks.append(Block(Span(lead + topic.start("title"), lead + len(line.strip())), "heading", zone))
            continue
        z = zone_of_heading(line) if len(line.strip()) <= 200 or _INLINE_LABEL.match(line) else None
        if z:
            flush()
            before = zone
            zone, rest = z
            lead = s + len(line) - len(line.lstrip())
            if rest >= 0:
                blocks.append(Block(Span(lead, s + rest), "zone", zone))
                blocks.append(Block(Span(s + rest, e - (len(line) - len(line.rstrip()))), "list", zone))
                if zone == "other":  # "Chair: Ana Pires" is one line; what follows is in the zone before it
                    zone = before if before == "participants" else \
                        "header" if not any(b.zone == "discussion" for b in blocks) else "discussion"
            else:
                blocks.append(Block(Span(lead, e - (len(line) - len(line.rstrip()))), "zone", zone))
            continue
        cur.append((s, e))
    flush()
    blocks = _discussion_after_agenda(text, blocks)
    blocks = _discussion_from_numbered_heading(text, blocks)
    blocks = _rejoin_broken(text, blocks)
    blocks = _roster_in_header(text, blocks)
    return Segments(tuple(blocks))


def _roster_in_header(text: str, blocks: list[Block]) -> list[Block]:
    """A bulleted list in the record's head with no heading of its own, every item a person and
    a title or body after a comma ("• Ana Lima, Head, IGF Secretariat"), is its roster of speakers."""
    if any(b.zone == "participants" for b in blocks):
        return blocks
    out = []
    for b in blocks:
        lines = [ln.slice(text) for ln in lines_of(text, b.span)] if b.zone == "header" and b.kind == "list" else []
        if len(lines) >= 2 and all(_BULLET.match(ln) and _roster_entry(_BULLET.sub("", ln, count=1)) for ln in lines):
            b = Block(b.span, "list", "participants")
        out.append(b)
    # beside such a roster, with blank lines between: one more entry ("• Ana Lima, Chair"), and a
    # short line over the next part of it ("ARIN Staff"), which names a group of the roster
    for i in range(len(out) - 1, -1, -1):
        b = out[i]
        near = [out[j] for j in (i - 1, i + 1) if 0 <= j < len(out)]
        if b.zone != "header" or b.kind not in ("title", "list") or not any(n.zone == "participants" and n.kind == "list" for n in near):
            continue
        line = b.span.slice(text).strip()
        if "\n" in line:
            continue
        entry = _BULLET.match(line) and _roster_entry(_BULLET.sub("", line, count=1))
        group = not _BULLET.match(line) and len(line.split()) <= 4 and not re.search(r"[\d,.:;()]", line) \
            and i + 1 < len(out) and out[i + 1].zone == "participants" and not looks_like_name(line)
        if entry or group:
            out[i] = Block(b.span, "list", "participants")
    return out


def _roster_entry(line: str) -> bool:
    head, comma, rest = line.strip().partition(",")
    return bool(comma) and bool(rest.strip()) and len(head.split()) >= 2 and looks_like_name(head.strip())


def _list_end(text: str, lines: list[tuple[int, int]]) -> int:
    """How many lines of a run under a list heading are the list: it stops at a numbered heading or
    prose that follows its entries without a blank line."""
    for i, (s, e) in enumerate(lines):
        ln = text[s:e].strip()
        if i and (numbered_heading(ln) and not _entry_line(ln) and not looks_like_name(_BULLET.sub("", ln))
                  and _NUMBERED_LINE.match(ln) or is_prose(ln) and not _entry_line(ln) and ln.count(",") < 3):
            return i
    return len(lines)


def _paragraph_lines(text: str, lines: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Runs of lines that are paragraphs: on pages that put one paragraph on each line (no blank line
    between), a line longer than any wrapped line (over 100 characters) that ends a sentence ends
    its paragraph."""
    runs: list[list[tuple[int, int]]] = [[]]
    for i, (s, e) in enumerate(lines):
        ln = text[s:e].rstrip()
        following = text[lines[i + 1][0]:lines[i + 1][1]] if i + 1 < len(lines) else ""
        number = re.match(rf"\s*{_PARAGRAPH_NUMBER}(?=[A-Z])", ln)
        numbered_title = bool(number) and len(ln.split()) <= 10 and len(following) >= 40 \
            and not _NUMBERED_LINE.match(following) and _title_line(ln[number.end():], following)  # "1.4. Minutes" over its text
        if following and (speaker_line(ln, following) or numbered_title or not runs[-1] and i and _title_line(ln, following)):
            runs.extend([[(s, e)], []])  # "Eero Lind, Professor, University of Oulu" over what he said; "Audience"
            continue
        labelled = bool(_LABEL_LINE.match(ln))  # "ACTION: ...", "AI: (X) ...", "RESOLUTION: ..." is a line of its own
        if labelled and runs[-1]:
            runs.append([])
        runs[-1].append((s, e))
        ends = len(ln) > 100 and ln[-1:] in ".!?\"\u201d)" and not (ln.endswith(".") and _is_abbreviation(ln, len(ln) - 1))
        if (labelled or ends) and (s, e) != lines[-1]:
            runs.append([])
    return [r for r in runs if r]


def speaker_line(line: str, following: str) -> bool:
    """A line that names who speaks in the paragraph under it, as session reports print it: a name,
    then a role or body after a comma ("Ana Lima, Senior Adviser, Ministry of Communications"),
    with no sentence of its own, over a line of prose.

    >>> speaker_line("Ana Lima, Senior Adviser, Ministry of Communications", "The registry now holds 12,000 terms, checked by hand.")
    True
    >>> speaker_line("Ana Lima, Senior Adviser, opened the meeting and", "said that the registry holds 12,000 terms.")
    False
    """
    s, nxt = line.strip(), following.strip()
    parts = [p.strip() for p in s.split(",")]
    if len(parts) >= 2 and all(looks_like_name(p) for p in parts):
        return False  # "Ana Lima, Jan Berg, Rui Costa": a list of names
    m = re.match(r"^(?P<name>[^,(\u2013\u2014]{2,60}?)\s*,\s+\S", s)
    return bool(m) and looks_like_name(m.group("name")) and len(m.group("name").split()) >= 2 and not re.search(r"\b\d", s) \
        and len(s.split()) <= 16 and not is_prose(s) \
        and s[-1:] not in ".!?;:," and not re.search(r"\b(?:and|or|the|of|to|that|who|which)$", s) \
        and nxt[:1].isupper() and (is_prose(nxt) or len(nxt) >= 60) and not _BULLET.match(nxt)


_LABEL_LINE = re.compile(r"^\s*(?:\[?new\]?\s*)?(?:action(?:\s+items?)?|AI|resolution|resolved|decision|agreed)\s*[:\u2013-]\s*\S", re.I)


def _title_line(line: str, following: str) -> bool:
    """A line of the record's opening that is a title, a date or a label, not the start of a
    sentence that goes on in the next line: short, without a sentence's end, and the next line
    starts anew (a capital, a digit, a bracket)."""
    s, nxt = line.strip(), following.strip()
    words = s.split()
    if re.search(r",\s+[a-z]", s) or len(s) >= 60 and len(nxt) >= 40 or \
            len(words) >= 8 and sum(w[:1].islower() for w in words) >= 0.6 * len(words):
        return False  # a clause, a paragraph wrapped at a fixed width, or a sentence running on
    if _BULLET.match(s) or MINUTES_TURN.match(s) or TRANSCRIPT_TURN.match(s):
        return False
    return bool(s) and not is_prose(s) and len(s.split()) <= 16 and s[-1:] not in ".!?;:," \
        and bool(nxt) and (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "[(>*-\u2022") \
        and not re.search(r"\b(?:the|a|an|of|and|to|in|for|with|on|at|by|that|was|were|is|are)$", s, re.I)


_PEOPLE_ZONES = ("participants", "apologies", "other")


def _ends_people_zone(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether a run of lines under a list heading is no longer the list: running prose, or turns."""
    body = [text[s:e].strip() for s, e in lines if text[s:e].strip()]
    if any(TRANSCRIPT_TURN.match(ln) for ln in body):
        return True
    for ln in body:  # "Ana: I agree. We should ..." is a turn; "IGF Secretariat: Jorge Ruiz; Ana Lima" a group of the list
        m = MINUTES_TURN.match(ln)
        said = ln[m.end():] if m else ""
        if m and is_speaker_label(turn_label(m)) and len(said.split()) >= 6 and re.search(r"[.?!](?:\s|$)", said):
            return True
    numbered = re.match(r"^\(?(?:\d{1,3}|[IVXLC]{1,6})[.)]\s+(?=\S)", body[0])
    if len(body) == 1 and (numbered and not re.search(r",|;", body[0]) and not _entry_line(body[0])
                           and not looks_like_name(body[0][numbered.end():]) or re.match(r"^[-=*_#]{2,}", body[0])):
        return True  # "1) DC main session at IGF 2025", "--- NOTES ---": the record goes on
    wrapped = any(re.search(r"[a-z,]$", a) and b[:1].islower() for a, b in zip(body, body[1:]))
    inner = any(m.group(1).lower() not in ABBREVIATIONS for ln in body  # a sentence ends inside a line
                for m in re.finditer(r"\b([A-Za-z]*[a-z]{2,})[.!?]\s+[A-Z]", ln))
    if len(body) > 1 and (wrapped or inner) and is_prose(" ".join(body)):
        return True  # hard-wrapped prose: no one line is a sentence, the block is
    return any(is_prose(ln) and not ln.rstrip().endswith(":") and ln.count(",") < 3 and not _entry_line(ln) for ln in body)


def _entry_line(line: str) -> bool:
    """A list entry: a name, then its role or affiliation after a comma, a parenthesis or a dash
    ("Zahid Jamil - Commercial & Business Users C.", "Ana Lima (Chair), Government of Brazil")."""
    if len(line.split()) > 20 and re.search(r"[\w)][.!?]\s+[A-Z]", line):
        return False  # "Ana Lima (as Chair) opened the meeting at 14:00. She noted ...": prose, not an entry
    m = re.match(r"^\W*(?:\d{1,3}[.)]\s*)?(?P<head>[^,(\u2013\u2014]{2,60}?)\s*(?:,|\(|\s[-\u2013\u2014]\s?|[-\u2013\u2014]\s)", line)
    return bool(m) and looks_like_name(m.group("head").strip())


def _wrapped_prose(lines: list[str]) -> bool:
    """Lines of running text wrapped at a fixed width ("The meeting started with a general
    discussion of the\nstatus of the BCP. Ana Lima informed ..."), not the entries of a list."""
    if len(lines) < 2 or any(_BULLET.match(ln) for ln in lines):
        return False
    joined = " ".join(lines)
    return is_prose(joined) and len(joined) / len(lines) >= 50 \
        and sum(1 for a, b in zip(lines, lines[1:]) if a[-1:] not in ".!?:;" and b[:1].islower()) >= 1


def _block(text: str, start: int, end: int, zone: str, n_lines: int) -> Block:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    span = Span(start + lead, end - trail)
    body = span.slice(text)
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if all(_URL_LINE.match(ln) for ln in lines):
        kind = "url"
    elif zone in ("header", "discussion") and len(lines) == 1 and speaker_line(body, text[span.end:span.end + 300].lstrip()):
        name = re.match(r"[^,]+", body).group(0).rstrip()
        return Block(span, "speaker", zone, Span(span.start, span.start + len(name)))
    elif zone in ("agenda", "participants", "apologies", "other") and not (len(lines) == 1 and is_prose(lines[0])) \
            and not _wrapped_prose(lines):
        kind = "list"
    elif len(lines) > 1 and all(_BULLET.match(ln) for ln in lines):
        kind = "paragraph" if zone in ("header", "discussion") and is_prose(_BULLET.sub("", lines[0])) else "list"
    elif len(lines) == 1 and _LABEL_LINE.match(lines[0]) and zone in ("header", "discussion"):
        kind = "paragraph"  # "AI: (Ana) review the charter" is said, not a heading
    elif len(lines) == 1 and zone == "discussion" and (re.match(r"(?:\u2026|\.\.\.)\s*\S", lines[0])
                                                        or re.fullmatch(r"\((?:\S+\s+){2,}[^()]*\)", lines[0])
                                                        or re.match(r"[-*\u2022\u25cf\u25aa\u2013]\s+(?!\*\*|__)\S", lines[0])):
        kind = "paragraph"  # "… and it goes on", "(Some discussion about revisions)", "* Maintenance": said, not a heading
    elif len(lines) == 1 and re.fullmatch(r"\[[a-z][^\]]*\]", lines[0]) and zone in ("header", "discussion"):
        kind = "paragraph"  # "[no objections]", "[laughter]": the scribe records what happened
    elif len(lines) == 1 and lines[0].endswith(":") and len(lines[0].split()) >= 4 and zone in ("header", "discussion") \
            and sum(w[:1].islower() for w in lines[0].split()) >= 2:
        kind = "paragraph"  # "Ana Lima reported on three programs:", "The following minutes were approved:"
    elif len(lines) == 1 and zone == "discussion" and re.match(r"[A-Z][a-z]{2,}ed\s+(?:\S+\s+){4,}", lines[0]) \
            and re.search(r"\s(?:from|to|that|for|with)\s", lines[0]):
        kind = "paragraph"  # minutes in shorthand: "Moved the SSAC item from Item 6 to Item 10"
    elif len(lines) == 1 and zone in ("header", "discussion") and len(lines[0].split()) >= 6 and not re.search(r"\d", lines[0]) \
            and (verb := re.match(r"\S+(?: [A-Z]\S*)? (\S+)", lines[0])) and verb.group(1) not in NOT_NAME_WORDS \
            and re.match(r"[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+)? (?:[a-z]{2,}s|[a-z]{2,}ed) (?:that|the|through|to|a|an|on|for|with|if|"
                         r"whether|about|it|this|we|they)\b", lines[0]):
        kind = "paragraph"  # a sentence without its full stop: "Ana suggests that the charts be documented"
    elif len(lines) == 1 and not is_prose(lines[0]) and len(lines[0].split()) <= 14 and lines[0][-1:] not in ".!?;,":
        kind = "title" if zone == "header" else "heading"
    elif zone == "header" and all(len(ln) <= 100 and not is_prose(ln) and ln[-1:] not in ".!?;" for ln in lines):
        kind = "title"
    else:
        kind = "paragraph"
    return Block(span, kind, zone)  # type: ignore[arg-type]


def _discussion_from_numbered_heading(text: str, blocks: list[Block]) -> list[Block]:
    """Where the record has neither an agenda nor a 'Discussion' heading, its discussion starts at
    the first numbered title line over prose ("1. Opening and agenda", "2.1 Liaison report"):
    from there, title lines are the discussion's headings."""
    if any(b.zone in ("discussion", "agenda") for b in blocks):
        return blocks
    first = next((i for i, b in enumerate(blocks[:-1]) if b.zone == "header" and b.kind == "title"
                  and re.match(rf"(?:#{{1,6}}\s*)?{_PARAGRAPH_NUMBER}[A-Z]", b.span.slice(text)) and "\n" not in b.span.slice(text)
                  and blocks[i + 1].kind in ("paragraph", "speaker")), None)
    if first is None:
        return blocks
    return blocks[:first] + [Block(b.span, "heading" if b.kind == "title" else b.kind, "discussion", b.label)
                             if b.zone == "header" else b for b in blocks[first:]]


def _discussion_after_agenda(text: str, blocks: list[Block]) -> list[Block]:
    """Where no 'Discussion' heading follows the agenda, the first prose block after it starts the discussion."""
    if any(b.zone == "discussion" for b in blocks):
        return blocks
    out: list[Block] = []
    switched = False
    for b in blocks:
        if b.zone == "agenda" and not switched and (b.kind == "paragraph" and is_prose(b.span.slice(text))
                                                      or b.kind in ("paragraph", "list") and _opens_turn(b.span.slice(text))):
            switched = True
        if switched and b.zone == "agenda":
            b = Block(b.span, b.kind, "discussion")
        out.append(b)
    return out


def _opens_turn(body: str) -> bool:
    """Whether a block under a 'Contents' or 'Agenda' heading is already the discussion: an IRC line
    ("<nick> text"), or a speaker's turn of running text ("SK: It is said in law that ...")."""
    m = MINUTES_TURN.match(body)
    return bool(m) and (bool(m.group("nick")) or is_speaker_label(turn_label(m)) and is_prose(body[m.end():].split("\n")[0]))


# a block that opens with a sentence of its own: a full name and a verb in the past ("Ana Lima pointed out")
_NEW_SUBJECT = re.compile(r"[A-Z][\w'\u2019-]+\s+[A-Z][\w'\u2019-]+\s+(?:[a-z]+ly\s+)?[a-z]{3,}ed\b")


def _rejoin_broken(text: str, blocks: list[Block]) -> list[Block]:
    """Join a paragraph that stops mid-sentence with the next, when that one starts in lower case."""
    out: list[Block] = []
    for b in blocks:
        if out and b.kind in ("paragraph", "heading", "title") and out[-1].kind in ("paragraph", "heading", "title") \
                and out[-1].zone == b.zone:
            prev = out[-1].span.slice(text).rstrip()
            nxt = b.span.slice(text).lstrip()
            last = re.sub(r"^\s*<[^>\n]{1,30}>", "", prev.rsplit("\n", 1)[-1])
            dangling = re.search(r"\b(?:the|of|on|to|and|by|for|in|a|an|with|at|from|that|or)$", prev) \
                and not _NEW_SUBJECT.match(nxt)  # "... chaired by" | "Okonjo"; not "... revisit the" | "Ana Lima pointed out"
            if prev and prev[-1] not in _TERMINAL and (nxt[:1].islower() and out[-1].kind != "title"
                                                       or dangling and b.kind in ("paragraph", "heading")) \
                    and not _BULLET.match(nxt) and not is_command(last):
                out[-1] = Block(Span(out[-1].span.start, b.span.end), "paragraph", b.zone)
                continue
        out.append(b)
    return out


_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F])|:(?=\s*\n)|[.!?]+[\"'\u201d\u2019)\]]*$"
                           r"|(?<=\S)(?=[ \t]*\n[ \t]*(?:\u2026|\.\.\.)[ \t]*\S)")  # a scribe's "\u2026" line: the speaker's next utterance


def sentences(text: str, span: Span) -> list[Span]:
    """Sentence spans inside ``span``: split after . ! ? (not after abbreviations or initials),
    and after a colon that ends a line.

    >>> t = "Ms. Berg noted it. He agreed: yes.\\nShe left."
    >>> [t[s.start:s.end] for s in sentences(t, Span(0, len(t)))]
    ['Ms. Berg noted it.', 'He agreed: yes.', 'She left.']
    >>> t = "we heard a lot\\n\u2026 and more on reviews"
    >>> [t[s.start:s.end] for s in sentences(t, Span(0, len(t)))]
    ['we heard a lot', '\u2026 and more on reviews']
    """
    body = text[span.start:span.end]
    out: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(body):
        end = m.end()
        if m.group(0).startswith(".") and _is_abbreviation(body, m.start()):
            continue
        piece = body[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Span(span.start + start + lead, span.start + end))
        start = end
    rest = body[start:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        trail = len(rest) - len(rest.rstrip())
        out.append(Span(span.start + start + lead, span.end - trail))
    return out


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _is_abbreviation(body: str, dot: int) -> bool:
    # the run of letters and dots just before ``dot`` (before a line break there, as ``$`` allows),
    # found by walking back from it: a regex search over ``body[:dot]`` made splitting quadratic
    end = dot - 1 if dot and body[dot - 1] == "\n" else dot
    start = end
    while start and body[start - 1] in _WORD_CHARS:
        start -= 1
    if start == end:
        return False
    run = body[start:end]
    word = run.lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    return len(run) == 1 and run.isupper()  # an initial: "J. Smith"


def lines_of(text: str, span: Span) -> list[Span]:
    """The non-blank lines inside ``span``, stripped."""
    out = []
    for s, e in _lines(text[span.start:span.end]):
        line = text[span.start + s:span.start + e]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append(Span(span.start + s + lead, span.start + e - (len(line) - len(line.rstrip()))))
    return out


def numbered_heading(line: str) -> tuple[str, str, str] | None:
    """(number, sub-item letter, title) of a numbered heading line, or None when it has no numbering.

    >>> numbered_heading("1.Key takeaways"), numbered_heading("II (a) Newcomers"), numbered_heading("b. ISMB")
    (('1', '', 'Key takeaways'), ('II', 'a', 'Newcomers'), ('', 'b', 'ISMB'))
    """
    m = _NUMBERED_HEADING.match(heading_text(line))
    if not m or not (m.group("num") or m.group("sub") or m.group("sub2")):
        return None
    return m.group("num") or "", m.group("sub") or m.group("sub2") or "", m.group("title").strip()
