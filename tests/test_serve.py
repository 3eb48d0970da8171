"""The SPARQL endpoint (``igfkg serve``) and remote stores (``--store http://...``): real servers,
started here (``igfkg serve`` and Oxigraph's own server) on copies of the seed store."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, Server, igfkg_command
from ingest.errors import QueryError, StoreError
from queries.formats import records, render
from queries.store import EmbeddedStore, RemoteStore, endpoint_urls, open_store
from queries.values import inline_values

INJECTION = 'x")) } SELECT * WHERE { ?s ?p ?o } #'
OTHER_REPORT = DATA / "reports" / "summary_roman_agenda" / "report.txt"
ASK = "/query?query=ASK%7B%7D"  # answered once the store is open


def _copy(store: Path, to: Path) -> Path:
    """A copy of a store no process has open for writing (the lock file left out)."""
    shutil.copytree(store, to, ignore=shutil.ignore_patterns("LOCK"))
    return to


def _serve(store: Path, tmp: Path, *args: str) -> Server:
    from igfkg.endpoint import free_port
    port = free_port()
    cmd = igfkg_command() + ["serve", "--store", store, "--port", port, "--quiet", *args]
    return Server(cmd, f"http://127.0.0.1:{port}", tmp / f"serve-{port}.log", probe=ASK)


@pytest.fixture(scope="module")
def served(seed_store, tmp_path_factory):
    """``igfkg serve`` (read-only) on a copy of the seed store: (url, the copy)."""
    tmp = tmp_path_factory.mktemp("served")
    store = _copy(seed_store, tmp / "store")
    server = _serve(store, tmp)
    try:
        yield server.url, store
    finally:
        server.stop()


@pytest.fixture(scope="module")
def samples(seed_store) -> dict[str, str]:
    """A value for every named query's parameters that gives rows on the seed store."""
    kg = EmbeddedStore(seed_store, read_only=True)
    first = lambda q: kg.select(q).rows[0][0].value  # noqa: E731
    return {"person:string": "horejsova", "person:iri": first("SELECT ?p WHERE { ?p a foaf:Person } ORDER BY ?p"),
            "meeting:iri": first("SELECT ?m WHERE { ?m a igf:Meeting }"), "concept:string": "IMSB",
            "concept:iri": "https://w3id.org/igfkg/concept/informal-multistakeholder-sounding-board",
            "start:date": "2025-01-01", "end:date": "2025-12-31", "last:integer": "6",
            "organisation:string": "government", "by:string": "quarter"}


def _http(url: str, *, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of one request, errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _canonical(recs: list[dict], ordered: bool) -> list[str]:
    """Rows as comparable strings: " | "-joined lists sorted (GROUP_CONCAT's order is unspecified);
    sorted themselves where the query has no ORDER BY."""
    def cell(v):
        return " | ".join(sorted(v.split(" | "))) if isinstance(v, str) and " | " in v else v
    rows = [json.dumps({k: cell(v) for k, v in r.items()}, sort_keys=True, ensure_ascii=False) for r in recs]
    return rows if ordered else sorted(rows)


def test_serve_every_named_query_gives_the_embedded_answers(served, seed_store, samples, run_cli):
    """Every named query, through the CLI against the endpoint, gives the embedded store's rows
    (the CLI runs are many and slow, so they run four at a time in one test)."""
    from queries.run import named_queries
    from queries.run import run as run_query
    url, _ = served
    embedded = EmbeddedStore(seed_store, read_only=True)
    queries = list(named_queries().values())

    def remote(q):
        args = [a for p in q.params for a in ("--param", f"{p.name}={samples[f'{p.name}:{p.type}']}")]
        return run_cli("query", q.name, *args, "--store", url, "--format", "json")

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(remote, queries))
    wrong = []
    for q, r in zip(queries, results):
        params = {p.name: samples[f"{p.name}:{p.type}"] for p in q.params}
        want = json.loads(render(run_query(embedded, q, params), "json"))
        if r.returncode != 0:
            wrong.append(f"{q.name}: exit {r.returncode}: {r.stderr}")
            continue
        ordered = "ORDER BY" in q.sparql.upper()
        if _canonical(json.loads(r.stdout), ordered) != _canonical(want, ordered):
            wrong.append(f"{q.name}: {len(json.loads(r.stdout))} rows through the endpoint, {len(want)} embedded")
    assert not wrong, "\n".join(wrong)
    assert any(json.loads(r.stdout) for r in results), "the sample parameters gave no rows at all"


@pytest.mark.parametrize("command", [["stats", "--format", "json"], ["export", "--format", "nquads"], ["validate"]])
def test_serve_store_commands_give_the_embedded_answers(served, seed_store, run_cli, command):
    url, _ = served
    remote, embedded = run_cli(*command, "--store", url), run_cli(*command, "--store", seed_store)
    assert remote.returncode == embedded.returncode == 0, remote.stderr
    if command[0] == "export":
        assert sorted(remote.stdout.splitlines()) == sorted(embedded.stdout.splitlines())
    else:
        assert remote.stdout == embedded.stdout


@pytest.mark.parametrize("accept, ctype, check", [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda b: json.loads(b)["results"]["bindings"][0]["name"]["value"]),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     lambda b: ET.fromstring(b).find(".//{http://www.w3.org/2005/sparql-results#}literal").text),
    ("text/csv", "text/csv", lambda b: list(csv.reader(io.StringIO(b.decode())))[1][0]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()[0] == "?name"),
])
def test_serve_negotiates_select_result_formats(served, accept, ctype, check):
    url, _ = served
    query = "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY ?name LIMIT 3"
    status, headers, body = _http(url + "/query?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert check(body)


@pytest.mark.parametrize("accept, fmt", [("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                         ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/n-quads", ox.RdfFormat.N_QUADS),
                                         ("application/rdf+xml", ox.RdfFormat.RDF_XML), ("application/trig", ox.RdfFormat.TRIG)])
def test_serve_negotiates_construct_formats(served, accept, fmt):
    url, _ = served
    query = "CONSTRUCT { ?p <http://xmlns.com/foaf/0.1/name> ?n } WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?n }"
    status, headers, body = _http(url + "/query", data=query.encode(), headers={"Accept": accept,
                                                                               "Content-Type": "application/sparql-query"})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert len(list(ox.parse(body, format=fmt))) >= 20


@pytest.mark.parametrize("method", ["OPTIONS", "GET"])
def test_serve_allows_browser_clients_cors(served, method):
    url, _ = served
    headers = {"Origin": "http://yasgui.example", "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
    status, got, _ = _http(url + "/query?query=ASK%7B%7D", headers=headers, method=method)
    assert status in (200, 204) and got["Access-Control-Allow-Origin"] == "*"
    if method == "OPTIONS":
        assert "POST" in got["Access-Control-Allow-Methods"] and "content-type" in got["Access-Control-Allow-Headers"].lower()


@pytest.mark.parametrize("path, method, ctype, body", [
    ("/update", "POST", "application/sparql-update", b"INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"),
    ("/store?graph=http://x/g", "PUT", "application/n-triples", b"<http://x/a> <http://x/b> <http://x/c> ."),
    ("/store?graph=http://x/g", "DELETE", None, None),
])
def test_serve_refuses_writes_when_read_only(served, path, method, ctype, body):
    url, _ = served
    status, _, text = _http(url + path, data=body, headers={"Content-Type": ctype} if ctype else {}, method=method)
    assert status == 403 and b"read-only" in text and b"--writable" in text


def test_serve_read_only_ingest_is_refused_with_a_clear_error(served, run_cli):
    url, _ = served
    before = json.loads(run_cli("stats", "--format", "json", "--store", url).stdout)
    r = run_cli("ingest", OTHER_REPORT, "--store", url)
    assert r.returncode == 1 and "refused the update" in r.stderr and "--writable" in r.stderr and "Traceback" not in r.stderr
    assert json.loads(run_cli("stats", "--format", "json", "--store", url).stdout) == before


def test_serve_parameters_are_data_not_query_text(served, run_cli):
    url, _ = served
    r = run_cli("query", "who-said-what", "--param", f"person={INJECTION}", "--store", url, "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout) == []


def test_serve_writable_endpoint_takes_ingest(seed_store, tmp_path, run_cli):
    store = _copy(seed_store, tmp_path / "store")
    server = _serve(store, tmp_path, "--writable")
    try:
        r = run_cli("ingest", OTHER_REPORT, "--store", server.url)
        assert r.returncode == 0, r.stderr
        meetings = json.loads(run_cli("query", "meetings", "--store", server.url, "--format", "json").stdout)
        assert len(meetings) == 2
        remote = open_store(server.url)  # replacing a graph twice leaves one copy of it
        graph = next(g for g in remote.graphs() if "outreach" in g)
        nt = remote.select(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
        size = len(remote)
        remote.replace_graph(graph, "\n".join(f"{s} {p} {o} ." for s, p, o in nt))
        assert len(remote) == size
        # the writer's data is on disk for a reader beside it
        assert len(EmbeddedStore(store, read_only=True).select("SELECT ?m WHERE { ?m a igf:Meeting }").rows) == 2
    finally:
        server.stop()


def test_serve_time_limit_and_result_cap_give_clear_errors(seed_store, tmp_path, run_cli):
    store = _copy(seed_store, tmp_path / "store")
    server = _serve(store, tmp_path, "--timeout", "1", "--max-result-mb", "1")
    try:
        slow = run_cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--store", server.url)
        assert slow.returncode == 2 and "time limit of 1 s" in slow.stderr, slow.stderr
        big = run_cli("sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100000", "--store", server.url)
        assert big.returncode == 2 and "cap of 1 MB" in big.stderr and "LIMIT" in big.stderr, big.stderr
        fine = run_cli("query", "meetings", "--store", server.url, "--format", "json")
        assert fine.returncode == 0 and len(json.loads(fine.stdout)) == 1
    finally:
        server.stop()


def test_serve_memory_limit_restarts_the_database_and_says_why(seed_store, tmp_path, run_cli):
    store = _copy(seed_store, tmp_path / "store")
    server = _serve(store, tmp_path, "--max-memory-mb", "150")
    try:
        heavy = run_cli("sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1", "--store", server.url)
        assert heavy.returncode == 2 and "memory limit of 150 MB" in heavy.stderr, heavy.stderr
        after = run_cli("query", "meetings", "--store", server.url, "--format", "json")  # the endpoint is back
        assert after.returncode == 0 and len(json.loads(after.stdout)) == 1, after.stderr
    finally:
        server.stop()
    assert "restarting it" in server.log.read_text()


def _listening_ports() -> dict[str, int]:
    """The TCP ports listened on (IPv4 and IPv6), by the inode of the listening socket."""
    ports = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                ports[fields[9]] = int(fields[1].rsplit(":", 1)[1], 16)
    return ports


def _process_tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sorted(tree)


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            target = fd.readlink().name if hasattr(fd, "readlink") else Path(os.readlink(fd)).name
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="listening sockets are read from /proc")
@pytest.mark.parametrize("args", [[], ["--writable"]], ids=["read-only", "writable"])
def test_serve_database_is_reachable_only_through_the_proxy(seed_store, tmp_path, args):
    """The database server listened on a second TCP port (a random 127/8 address), where any local
    program could send it queries past the proxy's limits. Now no process of ``igfkg serve``'s tree
    listens on any port but the proxy's."""
    store = _copy(seed_store, tmp_path / "store")
    server = _serve(store, tmp_path, *args)
    try:
        port = int(server.url.rsplit(":", 1)[1])
        assert _http(server.url + ASK)[0] == 200
        listening = _listening_ports()
        tree = _process_tree(server.process.pid)
        ports = {pid: sorted({listening[i] for i in _socket_inodes(pid) if i in listening}) for pid in tree}
        assert len(tree) >= 2, f"the database runs in its own process: {tree}"
        assert {p for found in ports.values() for p in found} == {port}, ports
    finally:
        server.stop()


def _oxigraph_program() -> str | None:
    """Oxigraph's own server program (the ``oxigraph`` package, a test dependency), if installed."""
    import sys
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.mark.skipif(_oxigraph_program() is None, reason="Oxigraph's server program is not installed (pip install oxigraph)")
def test_serve_plain_oxigraph_server_works_as_a_store(seed_store, tmp_path, run_cli):
    """igfkg works against another SPARQL server too: Oxigraph's own (README: "Tested")."""
    from igfkg.endpoint import free_port
    store = _copy(seed_store, tmp_path / "store")
    port = free_port()
    server = Server([_oxigraph_program(), "serve", "--location", store, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                    f"http://127.0.0.1:{port}", tmp_path / "oxigraph.log", probe=ASK)
    try:
        args = ["query", "who-said-what", "--param", "person=horejsova", "--format", "json"]
        remote = run_cli(*args, "--store", server.url + "/query")
        embedded = run_cli(*args, "--store", seed_store)
        assert remote.returncode == 0, remote.stderr
        assert _canonical(json.loads(remote.stdout), True) == _canonical(json.loads(embedded.stdout), True)
        assert json.loads(remote.stdout)
    finally:
        server.stop()


def test_serve_sparqlwrapper_client_gets_the_same_rows(served, seed_store):
    from SPARQLWrapper import JSON, SPARQLWrapper
    url, _ = served
    query = ("PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX igf: <https://w3id.org/igfkg/ontology#> "
             "SELECT ?p ?name WHERE { ?p a foaf:Person ; foaf:name ?name }")
    client = SPARQLWrapper(url + "/query")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    got = {(b["p"]["value"], b["name"]["value"]) for b in client.queryAndConvert()["results"]["bindings"]}
    want = {(p.value, n.value) for p, n in EmbeddedStore(seed_store, read_only=True).select(query).rows}
    assert got == want and len(want) >= 20


@pytest.mark.parametrize("url, query, update", [
    ("http://127.0.0.1:7878", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"),
    ("http://127.0.0.1:7878/", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"),
    ("http://localhost:3030/ds/query", "http://localhost:3030/ds/query", "http://localhost:3030/ds/update"),
    ("https://example.org/sparql", "https://example.org/sparql", "https://example.org/sparql"),
])
def test_serve_endpoint_urls(url, query, update):
    assert endpoint_urls(url)[:2] == (query, update)


def test_serve_endpoint_url_credentials_become_basic_auth():
    query, _, auth = endpoint_urls("http://me:s%40cret@localhost:8890/sparql")
    assert query == "http://localhost:8890/sparql" and auth == "Basic bWU6c0BjcmV0"


@pytest.mark.parametrize("url, message", [("http://127.0.0.1:9", "cannot reach the SPARQL endpoint"),
                                          ("served:/nothing", "no SPARQL endpoint at")])
def test_serve_remote_store_errors_are_clear(served, url, message):
    url = url.replace("served:", served[0])
    with pytest.raises(StoreError, match=message):
        RemoteStore(url, read_only=True).select("ASK {}")


def test_serve_remote_store_refuses_updates_before_sending(served):
    with pytest.raises(QueryError, match="SPARQL Update"):
        RemoteStore(served[0], read_only=True).select("DELETE WHERE { ?s ?p ?o }")


@pytest.mark.parametrize("args, message", [(["--store", "http://127.0.0.1:7878"], "already a SPARQL endpoint"),
                                           (["--store", "{tmp}/none"], "no igfkg store")])
def test_serve_bad_store_is_a_clear_error(run_cli, tmp_path, args, message):
    r = run_cli("serve", *[a.format(tmp=tmp_path) for a in args], "--port", "0")
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_serve_help_has_an_example(run_cli):
    r = run_cli("serve", "--help")
    assert r.returncode == 0 and "Example" in r.stdout and "--writable" in r.stdout


@pytest.mark.parametrize("name", ["who-said-what", "about-concept", "role-history", "people-explain"])
@settings(max_examples=25, deadline=None)
@given(value=st.text(max_size=30))
def test_serve_values_binding_matches_substitution(seed_store, name, value):
    """Binding by VALUES in the query text (remote) gives what pyoxigraph's substitution gives (embedded),
    whatever the text; the parameter never becomes query text."""
    from queries.run import bind, load_query
    q = load_query(name)
    store = _embedded(seed_store)
    values = bind(q, {p.name: value for p in q.params})
    assert store.select(inline_values(q.sparql, values)).rows == store.select(q.sparql, values).rows


_STORES: dict[Path, EmbeddedStore] = {}


def _embedded(path: Path) -> EmbeddedStore:
    if path not in _STORES:
        _STORES[path] = EmbeddedStore(path, read_only=True)
    return _STORES[path]


def test_serve_values_binding_reaches_subqueries():
    sparql = "SELECT ?c ?x WHERE { { SELECT ?c ?x WHERE { ?x ?p ?l FILTER(?l = ?c) } } OPTIONAL { ?x ?q ?r } }"
    out = inline_values(sparql, {"c": ox.Literal("v")})
    assert out.count('VALUES ?c { "v" }') == 2 and "OPTIONAL { ?x" in out
    assert records(_rows_of(out)) == records(_rows_of(sparql, {"c": ox.Literal("v")})) == [{"c": "v", "x": "http://x/a"}]


def _rows_of(sparql: str, subs: dict | None = None):
    from queries.store import Rows
    s = ox.Store()
    s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("v"), ox.NamedNode("http://x/g")))
    r = s.query(sparql, use_default_graph_as_union=True, substitutions={ox.Variable(k): v for k, v in (subs or {}).items()})
    cols = tuple(v.value for v in r.variables)
    return Rows(cols, tuple(tuple(sol[c] for c in cols) for sol in r))
