"""``igfkg dashboard``: Streamlit as a child process that runs with or without a terminal.

Streamlit always runs headless here: it never asks its first-run e-mail question (which ends
the process when there is no terminal to answer it) and never opens a browser itself. igfkg
opens the browser once the server answers, and only when asked to (in a terminal, on a machine
that has a browser). SIGTERM, SIGINT and SIGHUP sent to igfkg are passed on to Streamlit, and
Streamlit is told to stop if igfkg dies without stopping it, so the port is free again when
igfkg is gone.
"""
from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from ingest.errors import IgfkgError

_FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def app_file() -> Path:
    """The dashboard's Streamlit script (dashboard/app.py)."""
    spec = importlib.util.find_spec("dashboard")
    folder = Path(spec.origin).parent if spec and spec.origin else Path(next(iter(spec.submodule_search_locations)))
    return folder / "app.py"


def streamlit_command(port: int, host: str) -> list[str]:
    """The command that runs the dashboard headless, with no usage statistics and no question asked."""
    return [sys.executable, "-m", "streamlit", "run", str(app_file()), "--server.port", str(port),
            "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--global.showWarningOnDirectExecution", "false"]


def _port_taken(host: str, port: int) -> bool:
    try:
        socket.create_connection((host if host not in ("0.0.0.0", "::") else "127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM if igfkg dies without stopping it."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def _open_browser_when_up(url: str, process: subprocess.Popen) -> None:
    """Open ``url`` in the user's browser once the dashboard answers (quietly nothing without a browser)."""
    import webbrowser
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    else:
        return
    try:
        webbrowser.get().open(url)
    except webbrowser.Error:
        pass


def run_dashboard(location: str, *, port: int = 8501, host: str = "127.0.0.1", open_browser: bool = False) -> int:
    """Run the dashboard on the store at ``location`` until Streamlit stops or igfkg is told to stop;
    returns Streamlit's exit code (0 when stopped by a signal igfkg passed on).

    Raises IgfkgError when the port is taken or the store is a file.
    """
    if _port_taken(host, port):
        raise IgfkgError(f"port {port} on {host} is already in use (another dashboard?); choose another with --port")
    if not location.startswith(("http://", "https://")):  # an endpoint URL is passed on as it is
        if Path(location).exists() and not Path(location).is_dir():
            raise IgfkgError(f"'{location}' is a file, not a store folder; give the folder 'igfkg ingest' wrote")
        location = str(Path(location).resolve())
    env = {**os.environ, "IGFKG_STORE": location, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
           "STREAMLIT_SERVER_HEADLESS": "true"}
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    print(f"igfkg dashboard: {url} (store {location}). Ctrl-C stops it.", file=sys.stderr, flush=True)
    process = subprocess.Popen(streamlit_command(port, host), env=env, stdin=subprocess.DEVNULL,
                               preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    stopping: list[int] = []

    def forward(signum, frame) -> None:
        stopping.append(signum)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    previous = {s: signal.signal(s, forward) for s in _FORWARDED}
    try:
        if open_browser:
            threading.Thread(target=_open_browser_when_up, args=(url, process), daemon=True).start()
        kill_at = None  # once told to stop, Streamlit has 10 s to do so before it is killed
        while True:
            try:
                code = process.wait(timeout=1)
                break
            except subprocess.TimeoutExpired:
                if stopping and kill_at is None:
                    kill_at = time.monotonic() + 10
                elif kill_at is not None and time.monotonic() > kill_at:
                    process.kill()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if process.poll() is None:
            process.kill()
            process.wait()
    return 0 if stopping else code
