"""Bad input gets a clear message naming the file (and line where it applies) and loses
nothing: a report that fails leaves the store as it was; a killed batch leaves every report
fully stored or absent, and re-running it completes it."""
from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import SEED, igfkg_command
from report_variants import to_pdf

SEED_TEXT = SEED.read_text(encoding="utf-8")


def export(run_cli, store) -> str:
    return run_cli("export", "--store", store, "--format", "nquads").stdout


@pytest.fixture
def store_with_seed(run_cli, tmp_path):
    store = tmp_path / "store"
    assert run_cli("ingest", SEED, "--store", store).returncode == 0
    return store


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"   \n\n", "the file is empty"),
    ("binary.txt", bytes(range(256)) * 4, "the file is binary"),
    ("index.txt", b"MAG meetings\n\nMAG Virtual Meeting IX\n- Agenda\n- AOB\nMAG Virtual Meeting VIII\n- Agenda\n"
                  b"MAG Virtual Meeting VII\n- Agenda\n", "an index of 3 or more meetings"),
    ("truncated.pdf", to_pdf(SEED_TEXT)[:1500], "PDF"),
    ("report.odt", b"anything", "unsupported file type '.odt'"),
])
def test_bad_input_is_refused_clearly_and_the_store_is_unchanged(run_cli, store_with_seed, tmp_path, name, content, message):
    before = export(run_cli, store_with_seed)
    bad = tmp_path / name
    bad.write_bytes(content)
    r = run_cli("ingest", bad, "--store", store_with_seed)
    assert r.returncode == 1, r.stdout
    assert message in r.stderr and str(bad) in r.stderr and "Traceback" not in r.stderr
    assert export(run_cli, store_with_seed) == before


def test_bad_input_an_undated_record_is_stored_undated_and_listed(run_cli, tmp_path):
    store = tmp_path / "store"
    report = tmp_path / "undated.txt"
    report.write_text("Some Group\n\nDiscussion\n\nAna Lima noted the GDC.\n", encoding="utf-8")
    r = run_cli("ingest", report, "--store", store)
    assert r.returncode == 0 and "date unknown" in r.stdout, r.stderr
    rows = json.loads(run_cli("query", "undated-meetings", "--store", store, "--format", "json").stdout)
    assert [(row["report"], row["statements"]) for row in rows] == [("undated.txt", 1)]
    said = json.loads(run_cli("query", "statements", "--store", store, "--format", "json").stdout)
    assert [(s["speaker_name"], s["text"], s.get("date")) for s in said] == [("Ana Lima", "Ana Lima noted the GDC.", None)]
    assert run_cli("ingest", report, "--store", store, "--date", "2025-03-04").returncode == 0
    assert json.loads(run_cli("query", "undated-meetings", "--store", store, "--format", "json").stdout) == []


def test_bad_input_over_the_size_cap(run_cli, store_with_seed, tmp_path):
    before = export(run_cli, store_with_seed)
    big = tmp_path / "big.txt"
    big.write_text(SEED_TEXT + "\n", encoding="utf-8")
    r = run_cli("ingest", big, "--store", store_with_seed, env={"IGFKG_MAX_REPORT_BYTES": "1000"})
    assert r.returncode == 1 and "over the 1000-byte cap" in r.stderr and "IGFKG_MAX_REPORT_BYTES" in r.stderr
    assert export(run_cli, store_with_seed) == before


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_bad_input_non_utf8_text_is_read_with_a_warning_naming_the_line(run_cli, tmp_path, encoding):
    text = SEED_TEXT.replace("Titti Cassa", "Títti Cassà")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    r = run_cli("ingest", path, "--store", tmp_path / "s")
    assert r.returncode == 0, r.stderr
    assert f"warning: {path}: line 9: the text is not UTF-8" in r.stderr
    names = [p["name"] for p in json.loads(run_cli("query", "participants", "--store", tmp_path / "s", "--format", "json").stdout)]
    assert "Títti Cassà" in names


def test_bad_input_duplicate_participants_are_merged_with_a_warning(run_cli, tmp_path):
    text = SEED_TEXT.rstrip() + "\n28. Ana Neves, Rapporteur\n"
    path = tmp_path / "dup.txt"
    path.write_text(text, encoding="utf-8")
    r = run_cli("ingest", path, "--store", tmp_path / "s")
    assert r.returncode == 0 and "Ana Neves is listed twice (first on line" in r.stderr
    rows = json.loads(run_cli("query", "participants", "--store", tmp_path / "s", "--format", "json").stdout)
    ana = [row for row in rows if row["name"] == "Ana Neves"]
    assert len(ana) == 1 and set(ana[0]["roles"].split(" | ")) == {"IGF MAG member", "Rapporteur"}


def test_bad_input_no_participant_list_takes_speakers_from_the_text(run_cli, tmp_path):
    path = tmp_path / "nolist.txt"
    path.write_text(SEED_TEXT.split("List of participants")[0], encoding="utf-8")
    r = run_cli("ingest", path, "--store", tmp_path / "s")
    assert r.returncode == 0 and "no participant list found" in r.stderr
    rows = json.loads(run_cli("query", "statements", "--store", tmp_path / "s", "--format", "json").stdout)
    speakers = {row["speaker_name"] for row in rows if row["speaker_name"]}
    assert {"Titti Cassa", "Chris", "Bruna", "Valeria"} <= speakers


def test_bad_input_url_fetch_http_only_and_capped(run_cli, tmp_path):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "report.txt").write_text(SEED_TEXT, encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(tmp_path / "www"), **kw)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/report.txt"
        r = run_cli("ingest", url, "--store", tmp_path / "s")
        assert r.returncode == 0 and "statements: 44" in r.stdout, r.stderr
        r = run_cli("ingest", url, "--store", tmp_path / "s", env={"IGFKG_MAX_REPORT_BYTES": "100"})
        assert r.returncode == 1 and "cap" in r.stderr
        r = run_cli("ingest", url.replace("report.txt", "missing.txt"), "--store", tmp_path / "s")
        assert r.returncode == 1 and "404" in r.stderr
    finally:
        server.shutdown()
    r = run_cli("ingest", "ftp://example.org/report.txt", "--store", tmp_path / "s")
    assert r.returncode == 1 and "only http and https" in r.stderr


def _batch(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        day = 1 + i % 28
        month = ["January", "February", "March", "April"][i // 28]
        text = SEED_TEXT.replace("17 July 2025", f"{day} {month} 2024")
        (folder / f"report-{i:03d}.txt").write_text(text, encoding="utf-8")


def _graph_sizes(store: Path) -> dict[str, int]:
    from igfkg.core import Igfkg
    kg = Igfkg(str(store), read_only=True)
    rows = kg.sparql("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {g.value: int(n.value) for g, n in rows.rows}


def test_bad_input_killed_batch_leaves_whole_reports_and_resumes(tmp_path, run_cli):
    folder = tmp_path / "batch"
    _batch(folder, 40)
    reference = tmp_path / "reference"
    assert run_cli("ingest", folder, "--store", reference, "--no-validate").returncode == 0
    want = _graph_sizes(reference)
    store = tmp_path / "killed"
    proc = subprocess.Popen(igfkg_command() + ["ingest", str(folder), "--store", str(store), "--no-validate"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    stored = 0
    deadline = time.time() + 120
    while stored < 8 and time.time() < deadline:
        line = proc.stdout.readline()
        stored += line.startswith("stored")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    got = _graph_sizes(store)
    reports = {g for g in want if "/graph/meeting/" in g}
    partial = {g for g in got if g in reports}
    assert 8 <= len(partial) < len(reports)
    assert all(got[g] == want[g] for g in partial)  # every report stored is whole
    assert run_cli("ingest", folder, "--store", store, "--no-validate").returncode == 0
    assert _graph_sizes(store) == want
