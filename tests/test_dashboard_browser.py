"""Smoke test in a real headless browser: `igfkg dashboard` on the seed store, the Overview and the
Meeting page open, a known statement is on the page; screenshots go to the test's temporary folder
(docs/dashboard.png is made by docs/screenshot.py, never by a test).

Uses Debian's chromium (/usr/bin/chromium) driven by Playwright; skipped when either is missing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import Server, igfkg_command

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
KNOWN_STATEMENT = "Jimson noted that the Informal Multistakeholder Sounding Board held a kick-off meeting"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium) for the browser smoke test"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (pip install playwright)")


@pytest.fixture
def dashboard_url(request, tmp_path):
    """Start `igfkg dashboard` on the store the test names (indirect parameter), yield its URL."""
    from igfkg.endpoint import free_port
    store = request.getfixturevalue(request.param)
    port = free_port()
    server = Server(igfkg_command() + ["dashboard", "--store", store, "--port", port, "--headless"],
                    f"http://127.0.0.1:{port}", tmp_path / "dashboard.log", probe="/_stcore/health", cwd=ROOT,
                    env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"})
    try:
        yield server.url
    finally:
        server.stop()  # igfkg and the streamlit process it started


def settle(page) -> None:
    """Wait until the script run is over and widgets and metrics are drawn."""
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=60_000)
    page.get_by_test_id("stSelectbox").first.wait_for(timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(1000)


@pytest.fixture(autouse=True)
def committed_screenshot_left_alone():
    """The README's picture is made by docs/screenshot.py (a store at ./igfkg-store), never by a test."""
    picture = ROOT / "docs" / "dashboard.png"
    before = picture.read_bytes()
    yield
    assert picture.read_bytes() == before, "a test rewrote docs/dashboard.png (run docs/screenshot.py to remake it)"


@pytest.fixture
def browser_page():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.dialogs = dialogs  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            browser.close()


@pytest.mark.parametrize("dashboard_url", ["seed_store"], indirect=True)
def test_dashboard_browser_overview_and_meeting(dashboard_url, browser_page, tmp_path):
    page = browser_page
    outside: list[str] = []  # the app must run offline: no favicon, font or script from another host
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((dashboard_url, "data:", "blob:")) else None)
    page.goto(dashboard_url + "/")
    page.get_by_role("heading", name="Overview").wait_for(timeout=60_000)
    page.get_by_text("Most active speakers").wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path=str(tmp_path / "overview.png"))

    page.goto(dashboard_url + "/meeting")
    page.get_by_role("heading", name="Meeting", exact=True).wait_for(timeout=60_000)
    statement = page.get_by_text(KNOWN_STATEMENT)
    statement.first.wait_for(timeout=60_000)
    assert statement.count() >= 1
    page.get_by_text("Attendees who did not speak").wait_for(timeout=60_000)
    settle(page)
    shot = tmp_path / "meeting.png"
    page.screenshot(path=str(shot))
    page.screenshot(path=str(tmp_path / "meeting-full.png"), full_page=True)
    assert shot.stat().st_size > 10_000
    assert not page.dialogs
    assert not outside, f"the dashboard asked another host: {outside}"


@pytest.mark.parametrize("dashboard_url", ["xss_store"], indirect=True)
def test_dashboard_browser_report_markup_never_runs(dashboard_url, browser_page):
    page = browser_page
    for path in ("/meeting", "/person", "/graph", "/quality"):
        page.goto(dashboard_url + path)
        page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
    page.goto(dashboard_url + "/meeting")
    page.get_by_text("<script>alert(1)</script> tag must never run").first.wait_for(timeout=60_000)
    page.get_by_text("Bob<b>x</b> Jones").first.wait_for(timeout=60_000)  # the name shown as written, as text
    assert not page.dialogs, f"a script from the report ran: {page.dialogs}"
