"""The same report as .txt, .docx, .pdf and .html gives the same extraction, and statements
quote the converted text exactly."""
from __future__ import annotations

import pytest

from conftest import REPORT_CASES, SEED, load_case
from ingest.errors import InputError
from ingest.pipeline import extract
from ingest.read import read_report, report_from_bytes
from report_variants import to_docx, to_html, to_pdf

BUILDERS = {".docx": to_docx, ".pdf": to_pdf, ".html": to_html}


def summary(x):
    people = {p.key: p.name for p in x.participants}
    return {
        "meeting": (x.meeting.date, x.meeting.number, x.meeting.start_time, x.meeting.timezone,
                    people.get(x.meeting.moderator), x.meeting.next_date),
        "participants": [(p.name, [r.label for r in p.roles], p.affiliation) for p in x.participants],
        "agenda": [(i.id, i.title) for i in x.agenda],
        "statements": [(s.text, people.get(s.speaker), s.verb, s.item, sorted(c.concept for c in s.concepts))
                       for s in x.statements],
    }


@pytest.mark.parametrize("suffix", sorted(BUILDERS))
@pytest.mark.parametrize("case", REPORT_CASES)
def test_formats_give_the_same_extraction_as_text(case, suffix, tmp_path):
    path, _ = load_case(case)
    text = path.read_text(encoding="utf-8")
    variant = tmp_path / f"report{suffix}"
    variant.write_bytes(BUILDERS[suffix](text))
    want, got = summary(extract(read_report(path))), summary(extract(read_report(variant)))
    assert got["meeting"] == want["meeting"]
    assert got["participants"] == want["participants"]
    assert got["agenda"] == want["agenda"]
    assert got["statements"] == want["statements"]


@pytest.mark.parametrize("suffix", sorted(BUILDERS))
def test_formats_statements_quote_the_converted_text(suffix, tmp_path):
    variant = tmp_path / f"seed{suffix}"
    variant.write_bytes(BUILDERS[suffix](SEED.read_text(encoding="utf-8")))
    x = extract(read_report(variant))
    assert x.report.media_type != "text/plain"
    for s in x.statements:
        assert x.report.text[s.span.start:s.span.end].split() == s.text.split()


def test_formats_are_sniffed_from_content_not_only_the_extension(tmp_path):
    data = to_docx(SEED.read_text(encoding="utf-8"))
    assert report_from_bytes(data, path="upload.bin").media_type.endswith("wordprocessingml.document")
    assert report_from_bytes(to_html("Title\n\nA line."), path="page").media_type == "text/html"


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.7\n1 0 obj <<", "not a readable PDF"),
    (b"PK\x03\x04word/garbage", "not a readable Word"),
])
def test_formats_broken_files_are_clear_errors(data, message):
    with pytest.raises(InputError, match=message):
        report_from_bytes(data, path="broken")


def test_formats_truncated_pdf_is_a_clear_error():
    data = to_pdf(SEED.read_text(encoding="utf-8"))
    with pytest.raises(InputError) as e:
        extract(report_from_bytes(data[: len(data) // 3], path="half.pdf"))
    assert "half.pdf" in str(e.value)
