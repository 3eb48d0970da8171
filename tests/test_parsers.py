"""Parsers of text: segmentation, sentences, names, dates. Property tests: only igfkg's own
errors come out, spans stay inside the text and never overlap."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.dates import find_dates, find_time, utc_offset
from ingest.errors import IgfkgError
from ingest.model import Report, Span
from ingest.names import parse_name, slug
from conftest import SEED
from ingest.pipeline import extract, extract_text
from ingest.read import report_from_bytes
from ingest.segment import segment, sentences
from report_variants import to_docx, to_pdf

TEXTY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
REPORTISH = st.lists(st.sampled_from([
    "Agenda", "Discussion", "List of participants", "Apologies: Bo Lind", "1. Key takeaways", "- a. ISMB",
    "Ana noted the GDC.", "She also stressed that", "the IMSB matters.", "17 July 2025 at 13:00 UTC",
    "1. Ana Pires, MAG member", "Horejsova, Tereza, IGF MAG Member", "", "", "https://example.org/x",
    "The next meeting will be held on 31 July.", "Ms. Pires will circulate a draft by 5 June.",
]), max_size=30).map("\n".join)


@given(TEXTY)
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_parsers_sentences_cover_text_without_overlap(text):
    spans = sentences(text, Span(0, len(text)))
    last = 0
    for s in spans:
        assert last <= s.start < s.end <= len(text)
        last = s.end


@given(TEXTY)
@settings(max_examples=150)
def test_parsers_segments_stay_in_order_and_in_bounds(text):
    blocks = segment(Report("t", text, "0" * 64)).blocks
    last = 0
    for b in blocks:
        assert last <= b.span.start <= b.span.end <= len(text)
        last = b.span.end


@given(st.text(max_size=60))
def test_parsers_slug_is_ascii_and_deterministic(text):
    s = slug(text)
    assert s == slug(text) and s.isascii() and " " not in s and s


@given(st.text(max_size=60))
def test_parsers_names_never_raise(text):
    parse_name(text)


@pytest.mark.parametrize("text, expected", [
    ("held on 17 July 2025", [dt.date(2025, 7, 17)]),
    ("on June 5, 2025 and 2025-06-19", [dt.date(2025, 6, 5), dt.date(2025, 6, 19)]),
    ("Tuesday, 18 March", [dt.date(2025, 3, 18)]),
    ("the 4 webinars", []),
])
def test_parsers_dates(text, expected):
    assert [d.date for d in find_dates(text, default_year=2025)] == expected


@pytest.mark.parametrize("text, expected", [
    ("at 13:00 UTC", ("13:00", "UTC")), ("at 06:00 UTC.", ("06:00", "UTC")), ("3 pm CEST", ("15:00", "CEST")),
    ("in 2025 UTC", None), ("14.30 (UTC+3)", ("14:30", "UTC+3")),
])
def test_parsers_times(text, expected):
    assert find_time(text) == expected


def test_parsers_utc_offsets():
    assert (utc_offset("UTC"), utc_offset("CEST"), utc_offset("UTC-5"), utc_offset("ABC")) == ("Z", "+02:00", "-05:00", None)


SEED_TEXT = SEED.read_text(encoding="utf-8")
_DOCX = to_docx(SEED_TEXT)
_PDF = to_pdf(SEED_TEXT)


@st.composite
def mutated_report(draw):
    """The seed with lines dropped, duplicated, swapped and characters garbled."""
    lines = SEED_TEXT.split("\n")
    for _ in range(draw(st.integers(0, 12))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "garble", "blank"]))
        if op == "drop":
            lines.pop(i)
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "garble" and lines[i]:
            j = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:j] + draw(st.text(max_size=5)) + lines[i][j + 1:]
        else:
            lines.insert(i, "")
        if not lines:
            lines = [""]
    return "\n".join(lines)


@given(st.one_of(TEXTY, REPORTISH, mutated_report()))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parsers_any_or_mutated_report_gives_an_extraction_or_an_igfkg_error(text):
    try:
        x = extract_text(text)
    except IgfkgError:
        return
    for s in x.statements:
        assert x.report.text[s.span.start:s.span.end].split() == s.text.split()


@given(st.binary(max_size=3000), st.sampled_from(["application/pdf", "text/html", "text/plain",
                                                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]))
@settings(max_examples=80, deadline=None)
def test_parsers_any_bytes_in_any_format_raise_only_igfkg_errors(data, media):
    try:
        report_from_bytes(data, path="fuzz", media_type=media)
    except IgfkgError:
        pass


@given(st.integers(0, 5000))
@settings(max_examples=25, deadline=None)
def test_parsers_truncated_documents_raise_only_igfkg_errors(cut):
    for data in (_DOCX[:cut], _PDF[:cut]):
        try:
            extract(report_from_bytes(data, path="cut"))
        except IgfkgError:
            pass

