"""coverage.v1: how much of a record's discussion the extraction accounts for.

The share of the discussion's characters (white space aside) that lie inside some statement,
agenda item or participant-list entry: a record under 97% has text the extraction dropped
(``igfkg ingest`` prints it; the dashboard's Data quality page lists such reports).
"""
from __future__ import annotations

from .extract.statements import is_preamble
from .model import Extraction, Segments
from .segment import sentences
from .turns import is_command

STAGE = "coverage.v1"
THRESHOLD = 0.97


def coverage(x: Extraction, segments: Segments) -> float:
    """The covered share of the discussion's non-space characters (1.0 when it has none).

    Counted: the paragraphs, lists and turns of the discussion (and header paragraphs other than
    the meeting's opening sentence); a link on a line of its own and headings are not discussion.
    """
    text = x.report.text
    covered = bytearray(len(text))
    spans = [s.span for s in x.statements] + [i.span for i in x.agenda] + [p.span for p in x.participants + x.apologies]
    spans += [p.affiliation_span for p in x.participants + x.apologies if p.affiliation_span]
    for sp in spans:
        covered[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
    total = inside = 0
    for b in segments.blocks:
        if b.kind not in ("paragraph", "list", "turn") or b.zone not in ("discussion", "header"):
            continue
        if b.zone == "header":
            if b.kind != "paragraph":
                continue
            for sent in sentences(text, b.span):  # the meeting's facts are accounted for by the meeting
                if is_preamble(sent.slice(text)):
                    covered[sent.start:sent.end] = b"\x01" * (sent.end - sent.start)
        for sent in sentences(text, b.span):  # "scribe: annak", "q+": the minutes' bookkeeping, not discussion
            if is_command(sent.slice(text)):
                covered[sent.start:sent.end] = b"\x01" * (sent.end - sent.start)
        for i in range(b.span.start, b.span.end):
            if not text[i].isspace() and text[i] not in "-*\u2022\u25cf\u25aa\u2013>":
                total += 1
                inside += covered[i]
    return round(inside / total, 4) if total else 1.0
