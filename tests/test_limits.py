"""Hardening (issue 13): no input or request can stall, flood or write through igfkg. Bad inputs
are generated here, small, in temporary folders; each is refused clearly or handled within its
limit of time and memory."""
from __future__ import annotations

import random
import time

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
