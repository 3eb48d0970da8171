"""Cut a report into blocks (title lines, headings, paragraphs, lists, links) and zones
(header, agenda, discussion, participants, apologies), and paragraphs into sentences.

Pure functions over the report text; every block and sentence keeps its offsets.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Block, Report, Segments, Span

_HEADING_MARKUP = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*|\s*(?:\*\*|__)?\s*$")
_ZONES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("agenda", re.compile(r"^(?:proposed\s+|draft\s+|provisional\s+|adopted\s+)?agenda(?:\s+items?)?\s*(?::\s*(?P<rest>.*))?$", re.I)),
    ("discussion", re.compile(
        r"^(?:discussions?|summary\s+of\s+(?:the\s+)?discussions?|record\s+of\s+(?:the\s+)?discussions?|"
        r"proceedings|meeting\s+notes|notes\s+of\s+the\s+meeting|main\s+discussion\s+points|"
        r"discussion\s+summary)\s*:?$", re.I)),
    ("participants", re.compile(
        r"^(?:list\s+of\s+)?(?:participants|attendees|attendance|present|members\s+present|those\s+present)"
        r"(?:\s+list)?\s*(?::\s*(?P<rest>.*))?$", re.I)),
    ("apologies", re.compile(
        r"^(?:apologies(?:\s+received)?|regrets|absent|excused|apologies\s+for\s+absence)\s*(?::\s*(?P<rest>.*))?$", re.I)),
)
_NUMBERED_HEADING = re.compile(
    r"^(?:agenda\s+item\s+|item\s+)?(?:(?P<num>\d{1,2}|[IVXLC]{1,6})\s*[.):\u2013-]?\s*)?"
    r"(?:\(?(?P<sub>[a-z])[.)]\s*|(?<=\d)(?P<sub2>[a-z])[.)]?\s+)?(?P<title>[A-Z\u00C0-\u024F\"'\[*].{1,150})$"
)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u2013]|\d{1,2}[.)]|[a-z][.)])\s+")
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


def zone_of_heading(line: str) -> tuple[str, int] | None:
    """(zone, offset of inline content or -1) when ``line`` opens a zone, else None."""
    bare = heading_text(line)
    if len(bare) > 200:
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


def segment(report: Report) -> Segments:
    """The report's blocks, in order, each with its zone and kind."""
    text = report.text
    zone = "header"
    blocks: list[Block] = []
    cur: list[tuple[int, int]] = []

    def flush() -> None:
        if cur:
            blocks.append(_block(text, cur[0][0], cur[-1][1], zone, len(cur)))
            cur.clear()

    for s, e in _lines(text):
        line = text[s:e]
        if not line.strip():
            flush()
            continue
        z = zone_of_heading(line) if len(line.strip()) <= 200 else None
        if z:
            flush()
            zone, rest = z
            lead = s + len(line) - len(line.lstrip())
            if rest >= 0:
                blocks.append(Block(Span(lead, s + rest), "zone", zone))
                blocks.append(Block(Span(s + rest, e - (len(line) - len(line.rstrip()))), "list", zone))
            else:
                blocks.append(Block(Span(lead, e - (len(line) - len(line.rstrip()))), "zone", zone))
            continue
        cur.append((s, e))
    flush()
    blocks = _discussion_after_agenda(text, blocks)
    blocks = _rejoin_broken(text, blocks)
    return Segments(tuple(blocks))


def _block(text: str, start: int, end: int, zone: str, n_lines: int) -> Block:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    span = Span(start + lead, end - trail)
    body = span.slice(text)
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if all(_URL_LINE.match(ln) for ln in lines):
        kind = "url"
    elif zone in ("agenda", "participants", "apologies") and not (len(lines) == 1 and is_prose(lines[0])):
        kind = "list"
    elif len(lines) > 1 and all(_BULLET.match(ln) for ln in lines):
        kind = "list"
    elif len(lines) == 1 and not is_prose(lines[0]) and len(lines[0].split()) <= 14 and lines[0][-1:] not in ".!?;,":
        kind = "title" if zone == "header" else "heading"
    elif zone == "header" and all(len(ln) <= 100 and not is_prose(ln) and ln[-1:] not in ".!?;" for ln in lines):
        kind = "title"
    else:
        kind = "paragraph"
    return Block(span, kind, zone)  # type: ignore[arg-type]


def _discussion_after_agenda(text: str, blocks: list[Block]) -> list[Block]:
    """Where no 'Discussion' heading follows the agenda, the first prose block after it starts the discussion."""
    if any(b.zone == "discussion" for b in blocks):
        return blocks
    out: list[Block] = []
    switched = False
    for b in blocks:
        if b.zone == "agenda" and not switched and b.kind == "paragraph" and is_prose(b.span.slice(text)):
            switched = True
        if switched and b.zone == "agenda":
            b = Block(b.span, b.kind, "discussion")
        out.append(b)
    return out


def _rejoin_broken(text: str, blocks: list[Block]) -> list[Block]:
    """Join a paragraph that stops mid-sentence with the next, when that one starts in lower case."""
    out: list[Block] = []
    for b in blocks:
        if out and b.kind in ("paragraph", "heading", "title") and out[-1].kind in ("paragraph", "heading") \
                and out[-1].zone == b.zone:
            prev = out[-1].span.slice(text).rstrip()
            nxt = b.span.slice(text).lstrip()
            if prev and prev[-1] not in _TERMINAL and nxt[:1].islower():
                out[-1] = Block(Span(out[-1].span.start, b.span.end), "paragraph", b.zone)
                continue
        out.append(b)
    return out


_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u00C0-\u024F])|:(?=\s*\n)|[.!?]+[\"'\u201d\u2019)\]]*$")


def sentences(text: str, span: Span) -> list[Span]:
    """Sentence spans inside ``span``: split after . ! ? (not after abbreviations or initials),
    and after a colon that ends a line.

    >>> t = "Ms. Berg noted it. He agreed: yes.\\nShe left."
    >>> [t[s.start:s.end] for s in sentences(t, Span(0, len(t)))]
    ['Ms. Berg noted it.', 'He agreed: yes.', 'She left.']
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


def _is_abbreviation(body: str, dot: int) -> bool:
    m = re.search(r"([A-Za-z.]+)$", body[:dot])
    if not m:
        return False
    word = m.group(1).lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    return len(m.group(1)) == 1 and m.group(1).isupper()  # an initial: "J. Smith"


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
