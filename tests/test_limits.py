"""Hardening (issue 13): no input or request can stall, flood or write through igfkg. Bad inputs
are generated here, small, in temporary folders; each is refused clearly or handled within its
limit of time and memory."""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from ingest.errors import InputError
from ingest.model import Span

HEAD = "Meeting of the Working Group, 3 March 2025\n\nParticipants:\nAna Example (Chair)\nBo Sample\n\nDiscussion\n\n"
WORDS = ("the group agreed that members should review the paper and send comments to the secretariat "
         "before the next meeting Ms. Example said").split()


def one_paragraph(size: int, *, seed: int = 1) -> str:
    """One paragraph of ``size`` characters of sentences, no line break."""
    rnd, out, n = random.Random(seed), [], 0
    while n < size:
        s = " ".join(rnd.choice(WORDS) for _ in range(12)).capitalize() + "."
        out.append(s)
        n += len(s) + 1
    return " ".join(out)


def test_limits_sentence_splitting_is_linear():
    """A 128 KB paragraph took 102 s (a regex search over all the text before every full stop)."""
    from ingest.segment import sentences
    text = one_paragraph(128_000)
    started = time.perf_counter()
    spans = sentences(text, Span(0, len(text)))
    assert time.perf_counter() - started < 3
    assert len(spans) > 1000 and text[spans[-1].start:spans[-1].end].endswith(".")


def test_limits_a_1_mb_paragraph_is_ingested_or_refused_in_time(run_cli, tmp_path):
    report = tmp_path / "one-paragraph.txt"
    report.write_text(HEAD + one_paragraph(1_000_000) + "\n", encoding="utf-8")
    started = time.monotonic()
    r = run_cli("ingest", report, "--store", tmp_path / "store", "--validate", "none")
    assert time.monotonic() - started < 30
    assert r.returncode == 0 or ("time budget" in r.stderr and str(report) in r.stderr), r.stderr[-2000:]
    assert "Traceback" not in r.stderr


def test_limits_time_budget_per_report_refuses_naming_the_file(monkeypatch):
    from ingest.pipeline import extract
    from ingest.read import report_from_bytes
    from ingest.vocab import load_vocabulary
    report = report_from_bytes((HEAD + one_paragraph(300_000)).encode(), path="long.txt")
    vocab = load_vocabulary()
    monkeypatch.setenv("IGFKG_REPORT_SECONDS", "0.5")
    started = time.monotonic()
    with pytest.raises(InputError, match="time budget of 0.5 s") as e:
        extract(report, vocab=vocab)
    assert time.monotonic() - started < 3 and e.value.path == "long.txt"


def test_limits_a_budget_signal_lost_in_a_finaliser_still_stops_the_work_quietly(monkeypatch):
    """CI failed once: the budget's signal landed in a __del__, where Python drops exceptions and
    reports them as "Exception ignored"; the repeat signal then stopped the work, but the report of
    the lost one went to stderr (and failed the test run). Now the lost signal is dropped quietly."""
    import sys
    from ingest.budget import time_budget
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    class Slow:
        def __del__(self):
            until = time.monotonic() + 0.3
            while time.monotonic() < until:  # the first signal lands here
                pass

    started = time.monotonic()
    with pytest.raises(InputError, match="time budget of 0.05 s") as e:
        with time_budget(0.05, path="slow.txt"):
            Slow()
            while True:
                pass
    assert time.monotonic() - started < 2 and e.value.path == "slow.txt"
    assert reported == []
    assert sys.unraisablehook == reported.append  # put back as it was


# ---- readers: what a file may expand to ---------------------------------------------------------

from report_variants import docx_bomb  # noqa: E402  (the generator benchmarks/limits.py uses too)


@pytest.mark.parametrize("name", ["bomb.docx", "bomb.txt"])
def test_limits_a_docx_zip_bomb_is_refused_fast(tmp_path, name):
    """A 3 MB .docx reached 11.5 GB; renamed .txt, content sniffing read it as a .docx all the same."""
    from ingest.read import read_report
    bomb = tmp_path / name
    bomb.write_bytes(docx_bomb())
    assert bomb.stat().st_size < 1_000_000
    started = time.monotonic()
    with pytest.raises(InputError, match="zip bomb") as e:
        read_report(bomb)
    assert time.monotonic() - started < 5 and e.value.path == str(bomb)


def test_limits_docx_paragraphs_are_limited(monkeypatch):
    from ingest import formats
    from ingest.read import report_from_bytes
    from report_variants import to_docx
    monkeypatch.setattr(formats, "MAX_PARAGRAPHS", 10)
    data = to_docx("\n\n".join(f"Ana noted point {i}." for i in range(30)))
    with pytest.raises(InputError, match="more than 10 paragraphs"):
        report_from_bytes(data, path="many.docx", media_type="text/plain")


def test_limits_deeply_nested_html_reads_without_recursion():
    """5,000 nested elements gave "internal error (RecursionError)"."""
    from ingest.read import report_from_bytes
    html = "<html><body>" + "<div><span>" * 5000 + "<p>Ana noted the GDC.</p>" + "</span></div>" * 5000 + "</body></html>"
    report = report_from_bytes(html.encode(), path="deep.html", media_type="text/html")
    assert report.text.strip() == "Ana noted the GDC."


def test_limits_pdf_pages_are_limited(monkeypatch):
    from fpdf import FPDF

    from ingest import formats
    from ingest.read import report_from_bytes
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for i in range(3):
        pdf.add_page()
        pdf.cell(text=f"Page {i}: Ana noted the GDC.")
    monkeypatch.setattr(formats, "MAX_PAGES", 2)
    with pytest.raises(InputError, match="3 pages, more than the limit of 2"):
        report_from_bytes(bytes(pdf.output()), path="long.pdf", media_type="application/pdf")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_limits_dev_zero_is_refused_without_reading_it(run_cli, tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    started = time.monotonic()
    r = run_cli("ingest", link, "--store", tmp_path / "store")
    assert r.returncode == 1 and "not a regular file" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert time.monotonic() - started < 30


def test_limits_size_cap_is_checked_before_reading(tmp_path):
    """A 4 GB file cost 4.1 GB of memory before it was refused: ingest hashed it whole first."""
    import subprocess
    import sys

    from conftest import igfkg_command
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # sparse: no disk used
        f.truncate(4 * 2**30)
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stderr)")
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", probe, *map(str, igfkg_command()), "ingest", str(huge),
                          "--store", str(tmp_path / "store")], capture_output=True, text=True, timeout=300).stdout
    code, peak_kb = out.split("\n", 1)[0].split()
    assert code == "1" and "cap" in out and str(huge) in out, out
    assert int(peak_kb) < 500_000 and time.monotonic() - started < 30, out


def test_limits_url_fetch_has_a_deadline_and_follows_http_redirects_only():
    import http.server
    import threading

    from ingest.read import read_url

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/ftp":
                self.send_response(302)
                self.send_header("Location", "ftp://example.org/report.txt")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(100):  # one byte every 0.3 s
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        started = time.monotonic()
        with pytest.raises(InputError, match="within 2 s"):
            read_url(base + "/slow.txt", timeout=2)
        assert time.monotonic() - started < 4
        with pytest.raises(InputError, match="redirected to a 'ftp:' URL"):
            read_url(base + "/ftp")
    finally:
        server.shutdown()


# ---- names and re-ingest -------------------------------------------------------------------------

def test_limits_control_characters_and_nul_are_removed_from_names():
    """A NUL past the first 4 KB was stored in a name; an entry with a control character was dropped."""
    from ingest.pipeline import extract_text
    text = (HEAD.replace("Bo Sample\n", "Bo Sample\nCy\x07 Te\x1bst\nDee\x00 Null\n")
            .replace("Discussion\n\n", "Discussion\n\n" + "The group met.\n" * 400 + "\n"))
    names = {p.name for p in extract_text(("Intro.\n" * 700) + text).participants}
    assert {"Cy Test", "Dee Null"} <= names and not any(ch in n for n in names for ch in "\x00\x07\x1b"), names


@pytest.mark.parametrize("entry", ['Gus Smith"); DROP ALL; #', "Gus Smith'); DROP ALL; --", 'x" . } DROP ALL { "',
                                   "Bo Sample; DROP ALL", "DROP ALL"])
def test_limits_a_statement_fragment_is_never_a_person(entry):
    from ingest.pipeline import extract_text
    x = extract_text(HEAD.replace("Bo Sample\n", f"Bo Sample\n{entry}\n") + "Ana Example noted the GDC.\n")
    assert not any("DROP" in p.name.upper() for p in x.participants), [p.name for p in x.participants]


def test_limits_ingest_force_of_the_same_report_gives_the_identical_graph(run_cli, tmp_path):
    """Ingesting the same report again with --force changed 264 quads: its people were resolved
    against its own earlier graph ("same name" instead of "new person")."""
    from conftest import SEED
    store = tmp_path / "store"
    assert run_cli("ingest", SEED, "--store", store).returncode == 0
    before = sorted(run_cli("export", "--store", store, "--format", "nquads").stdout.splitlines())
    r = run_cli("ingest", SEED, "--store", store, "--force")
    assert r.returncode == 0, r.stderr
    after = sorted(run_cli("export", "--store", store, "--format", "nquads").stdout.splitlines())
    assert len(before) > 1000
    assert [q for q in after if q not in set(before)] == [] and before == after


@pytest.mark.parametrize("entry, name, written", [
    ('Eve "Evie" Doe', "Eve Doe", 'Eve "Evie" Doe'),
    ("Gil 'Gilly' Roe", "Gil Roe", "Gil 'Gilly' Roe"),
    ("Bo Sample <bo@example.org>", "Bo Sample", "Bo Sample"),
    ("Fay <Script> Doe", "Fay Doe", "Fay <Script> Doe"),
    ('"Ivy Pang"', "Ivy Pang", "Ivy Pang"),
    ("<Jo Park>", "Jo Park", "Jo Park"),
])
def test_limits_names_with_quotes_or_angle_brackets_are_kept(entry, name, written):
    """Entries with quotes or "<" were silently dropped."""
    from ingest.pipeline import extract_text
    x = extract_text(HEAD.replace("Bo Sample\n", f"{entry}\n") + "Ana Example noted the GDC.\n")
    assert (name, written) in [(p.name, p.as_written) for p in x.participants], [(p.name, p.as_written) for p in x.participants]


def test_limits_validation_has_the_time_budget_too(monkeypatch):
    """A 500 KB paragraph extracted in time, then took 30 s more to validate (with pySHACL, the
    reference engine, which a fast engine's finding hands the graph to)."""
    from igfkg.batch import check
    from ingest.pipeline import extract_text
    x = extract_text(HEAD + one_paragraph(100_000) + "\n", path="long.txt")
    monkeypatch.setenv("IGFKG_REPORT_SECONDS", "0.2")
    with pytest.raises(InputError, match="validation stopped at the time budget of 0.2 s") as e:
        check(x, engine="pyshacl")
    assert e.value.path == "long.txt"
