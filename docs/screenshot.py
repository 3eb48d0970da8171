"""Remake docs/dashboard.png, the README's picture: the bundled report ingested as the README does
(into ./igfkg-store of a fresh folder), `igfkg dashboard` started there, the Meeting page shot in
headless Chromium. Tests never write the picture.

    .venv/bin/python docs/screenshot.py          # needs /usr/bin/chromium and playwright (the test extras)
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main() -> int:
    from playwright.sync_api import sync_playwright

    from igfkg.endpoint import free_port
    igfkg = str(Path(sys.executable).parent / "igfkg")
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k != "IGFKG_STORE"}
        subprocess.run([igfkg, "ingest", "-q", str(ROOT / "examples")], cwd=folder, env=env, check=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        process = subprocess.Popen([igfkg, "dashboard", "--headless", "--port", str(port)], cwd=folder, env=env,
                                   stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    urllib.request.urlopen(url + "/_stcore/health", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise SystemExit("the dashboard did not start")
                    time.sleep(0.3)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(url + "/meeting")
                page.get_by_text("Attendees who did not speak").wait_for(timeout=60_000)
                page.get_by_test_id("stSelectbox").first.wait_for(timeout=60_000)
                page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
                page.wait_for_timeout(1500)
                page.screenshot(path=str(ROOT / "docs" / "dashboard.png"))
                browser.close()
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)
    print("wrote docs/dashboard.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
