"""Shared fixtures: the seed report, fixture reports with their reference extractions, stores; and
Server, a server process a test starts and waits for."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "examples" / "wg-strategy-summary-report.txt"
REPORT_CASES = sorted(p.name for p in (DATA / "reports").iterdir() if (p / "report.txt").exists())


def igfkg_command() -> list[str]:
    """The installed console script (the real entry point), else the module."""
    exe = Path(sys.executable).parent / "igfkg"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("igfkg")
    return [found] if found else [sys.executable, "-m", "igfkg.cli"]


class Server:
    """A server process a test starts (``igfkg serve``, ``igfkg dashboard``, ``oxigraph serve``),
    returned once ``url + probe`` answers 200; its output goes to ``log``. Call ``stop`` in teardown:
    it ends the process and then whatever it started and left running (it has its own process group).

    Fails the test (with the end of the log) when the process exits or does not answer within 60 s.
    """

    def __init__(self, cmd: list, url: str, log: Path, *, probe: str, cwd: Path | None = None,
                 env: dict | None = None) -> None:
        self.url, self.log = url, log
        self._out = log.open("w")
        self.process = subprocess.Popen([str(c) for c in cmd], stdout=self._out, stderr=subprocess.STDOUT, cwd=cwd,
                                        env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + probe, timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the server did not start ({' '.join(str(c) for c in cmd)}): {log.read_text()[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        try:  # what it started and left behind: the streamlit process of `igfkg dashboard`
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self._out.close()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def vocab():
    from ingest.vocab import load_vocabulary
    return load_vocabulary()


@pytest.fixture(scope="session")
def seed_extraction():
    from ingest.pipeline import extract_file
    return extract_file(SEED)


def load_case(name: str) -> tuple[Path, dict]:
    folder = DATA / "reports" / name
    return folder / "report.txt", json.loads((folder / "report.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A store holding the seed report (read-only use: do not write to it in tests)."""
    from igfkg.core import Igfkg
    path = tmp_path_factory.mktemp("seed-store") / "store"
    kg = Igfkg(str(path))
    results = kg.ingest_paths([SEED])
    assert all(hasattr(r, "extraction") for r in results), results
    del kg
    return path


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """A store holding the seed and every fixture report."""
    from igfkg.core import Igfkg
    path = tmp_path_factory.mktemp("corpus-store") / "store"
    kg = Igfkg(str(path))
    results = kg.ingest_paths([SEED] + [DATA / "reports" / c / "report.txt" for c in REPORT_CASES])
    assert all(hasattr(r, "extraction") for r in results), results
    del kg
    return path


@pytest.fixture(scope="session")
def archive_store(tmp_path_factory) -> Path:
    """A store of 500 generated reports (``benchmarks/corpus.py``, seed 0), ingested without
    validation: an archive big enough that counts differ from meeting to meeting (read-only use)."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.corpus import write_corpus
    from igfkg.core import Igfkg
    folder = tmp_path_factory.mktemp("archive")
    kg = Igfkg(str(folder / "store"))
    results = kg.ingest_paths(write_corpus(folder / "reports", 500, seed=0), validate=False)
    assert sum(hasattr(r, "extraction") for r in results) == 500, [r for r in results if not hasattr(r, "extraction")][:3]
    kg.store.flush()
    del kg
    return folder / "store"


@pytest.fixture
def xss_store(tmp_path) -> Path:
    """A store of one report whose text and names hold HTML and <script> (tests/data/xss-report.txt)."""
    from igfkg.core import Igfkg
    from ingest.read import read_report
    kg = Igfkg(str(tmp_path / "xss"))
    kg.ingest_report(read_report(DATA / "xss-report.txt"))
    kg.store.flush()
    del kg
    return tmp_path / "xss"


@pytest.fixture
def run_cli():
    """Run the igfkg command line as a user would; returns the CompletedProcess."""
    def run(*args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(igfkg_command() + [str(a) for a in args], capture_output=True, text=True, input=input,
                              env={**os.environ, **(env or {})}, timeout=300)
    return run


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/data/golden/ from the current code.")
