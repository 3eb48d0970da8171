"""`igfkg dashboard` as the README runs it: with no terminal (no standard input, output to a file),
it must start, answer, and stop with its Streamlit child when sent SIGTERM."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, igfkg_command


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _port_free(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return False
    except OSError:
        return True


@pytest.mark.parametrize("command", [["dashboard"]])
def test_dashboard_process_readme_command_without_terminal(command, tmp_path):
    """The README's main command (`igfkg ingest examples/ && igfkg dashboard`) run in a folder of its own,
    no terminal: the dashboard answers; SIGTERM to igfkg (not its group) frees the port."""
    from igfkg.endpoint import free_port
    env = {**os.environ}
    env.pop("IGFKG_STORE", None)
    for k in [k for k in env if k.startswith("STREAMLIT_")]:
        env.pop(k)
    ingest = subprocess.run(igfkg_command() + ["ingest", str(ROOT / "examples")], cwd=tmp_path, env=env,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    port = free_port()
    log = (tmp_path / "dashboard.log").open("w")
    process = subprocess.Popen(igfkg_command() + command + ["--port", str(port)], cwd=tmp_path, env=env,
                               stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not _answers(f"http://127.0.0.1:{port}/_stcore/health"):
            assert process.poll() is None, f"igfkg dashboard exited {process.returncode}: {Path(log.name).read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"no answer in 90 s: {Path(log.name).read_text()[-2000:]}"
            time.sleep(0.2)
        assert _answers(f"http://127.0.0.1:{port}/")
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
        deadline = time.monotonic() + 20
        while not _port_free(port):
            assert time.monotonic() < deadline, "Streamlit still serves the port after igfkg dashboard was stopped"
            time.sleep(0.2)
        text = Path(log.name).read_text()
        assert "Traceback" not in text and "Email" not in text, text
    finally:
        if process.poll() is None:
            process.kill()
        log.close()


def test_dashboard_process_port_taken_is_one_line(tmp_path, run_cli):
    """A port already in use: one line naming --port, exit 2, no Streamlit started."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run_cli("dashboard", "--store", tmp_path, "--port", port)
    assert r.returncode == 2, r.stderr
    assert "--port" in r.stderr and "Traceback" not in r.stderr


def test_dashboard_process_streamlit_runs_headless():
    """Streamlit itself never opens a browser nor asks for an e-mail address; igfkg decides."""
    from igfkg.dashboard_process import streamlit_command
    cmd = streamlit_command(8501, "127.0.0.1")
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"


@pytest.mark.parametrize(("flags", "opens"), [([], False), (["--headless"], False), (["--open-browser"], True)])
def test_dashboard_process_opens_a_browser_only_when_asked_or_in_a_terminal(monkeypatch, tmp_path, flags, opens):
    """Without a terminal (as here) no browser is opened unless --open-browser says so."""
    from click.testing import CliRunner

    import igfkg.dashboard_process as process
    from igfkg.cli import main
    calls = []
    monkeypatch.setattr(process, "run_dashboard", lambda location, **kw: calls.append(kw) or 0)
    result = CliRunner().invoke(main, ["dashboard", "--store", str(tmp_path), *flags])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["open_browser"] is opens
