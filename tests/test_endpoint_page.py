"""The endpoint's own query page (``igfkg serve`` at /): YASGUI served by the endpoint itself with the
named queries as examples; the service description names the served port; the command line's
prefixes are predeclared over HTTP, and an undeclared one is named in one line."""
from __future__ import annotations

import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import Server, igfkg_command

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def endpoint(seed_store, tmp_path_factory) -> str:
    from igfkg.endpoint import free_port
    tmp = tmp_path_factory.mktemp("endpoint-page")
    store = tmp / "store"
    shutil.copytree(seed_store, store, ignore=shutil.ignore_patterns("LOCK"))
    port = free_port()
    server = Server(igfkg_command() + ["serve", "--store", store, "--port", port, "--quiet"], f"http://127.0.0.1:{port}",
                    tmp / "serve.log", probe="/query?query=ASK%7B%7D")
    try:
        yield server.url
    finally:
        server.stop()


def _get(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


@pytest.mark.parametrize(("path", "kind"), [("/", "text/html"), ("/static/yasgui/yasgui.min.js", "javascript"),
                                            ("/static/yasgui/yasgui.min.css", "text/css"), ("/static/logo.svg", "image/svg")])
def test_endpoint_page_serves_its_assets(endpoint, path, kind):
    status, ctype, body = _get(endpoint + path)
    assert status == 200 and kind in ctype and body


@pytest.mark.parametrize("path", ["/static/../endpoint.py", "/static/%2e%2e/endpoint.py", "/static/nothing.js", "/logo.svg"])
def test_endpoint_page_serves_nothing_else(endpoint, path):
    import http.client
    host, port = urllib.parse.urlsplit(endpoint).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    assert response.status == 404 and b"import" not in response.read()


def test_endpoint_page_names_no_outside_host(endpoint):
    _, _, body = _get(endpoint + "/")
    page = body.decode("utf-8")
    for host in ("cdn.", "unpkg", "jsdelivr", "googleapis", "gstatic", "http://", "https://"):
        assert f'src="{host}' not in page and f'href="{host}' not in page, host
    assert "who-said-what" in page and "PREFIX igf:" in page


def test_endpoint_page_service_description_names_the_served_port(endpoint):
    _, _, body = _get(endpoint + "/query", headers={"Accept": "application/n-triples"})
    assert f"<{endpoint}/query>".encode() in body, body[:500]


@pytest.mark.parametrize("send", ["get", "form", "body"])
def test_endpoint_page_predeclares_the_command_lines_prefixes(endpoint, send):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?p a foaf:Person ; foaf:name ?name }"
    accept = {"Accept": "text/csv"}
    if send == "get":
        status, _, body = _get(endpoint + "/query?" + urllib.parse.urlencode({"query": query}), headers=accept)
    elif send == "form":
        status, _, body = _get(endpoint + "/query", urllib.parse.urlencode({"query": query}).encode(),
                               {**accept, "Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, body = _get(endpoint + "/query", query.encode(), {**accept, "Content-Type": "application/sparql-query"})
    assert status == 200 and int(body.decode().split()[1]) > 5, body


def test_endpoint_page_shares_the_prefixes_of_the_command_line():
    from igfkg import endpoint
    from ontology import PREFIXES
    from queries import store
    assert endpoint.PREFIXES is PREFIXES and store.PREFIXES is PREFIXES


@pytest.mark.parametrize("face", ["endpoint", "cli", "dashboard", "cli-on-endpoint"])
def test_endpoint_page_unknown_prefix_is_named_on_every_face(endpoint, seed_store, run_cli, face):
    query = "SELECT * WHERE { ?s ex:knows ?o }"
    if face == "endpoint":
        status, _, body = _get(endpoint + "/query", urllib.parse.urlencode({"query": query}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
        message = body.decode()
        assert status == 400
    elif face.startswith("cli"):
        r = run_cli("sparql", query, "--store", endpoint if face == "cli-on-endpoint" else seed_store)
        assert r.returncode == 2
        message = r.stderr
    else:
        from queries.store import EmbeddedStore
        from queries.run import run_sparql
        from ingest.errors import QueryError
        with pytest.raises(QueryError) as e:
            run_sparql(EmbeddedStore(seed_store, read_only=True), query)
        message = str(e.value)
    assert "unknown prefix ex:" in message and len(message.strip().splitlines()) == 1, message
    assert "\\u{" not in message


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium) for the browser test")
def test_endpoint_page_runs_a_named_query_in_chromium(endpoint):
    playwright_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    failed: list[str] = []
    outside: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((endpoint, "data:", "blob:")) else None)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            page.goto(endpoint + "/")
            page.wait_for_function("window.igfkg && window.igfkg.yasgui", timeout=30_000)
            page.select_option("#examples", "who-said-what")
            page.wait_for_function("window.igfkg.yasgui.getTab().getName() === 'who-said-what'", timeout=10_000)
            page.evaluate("window.igfkg.yasgui.getTab().query()")
            page.locator(".yasr .dataTable tbody tr").first.wait_for(timeout=30_000)
            rows = page.locator(".yasr .dataTable tbody tr").count()
            assert rows > 5
            assert page.locator(".yasr").get_by_text("Error").count() == 0
        finally:
            browser.close()
    assert not failed, failed
    assert not outside, f"the page asked another host: {outside}"
    assert not errors, errors
