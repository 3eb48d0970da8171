"""The endpoint under load and attack (issue 13): a query past the time limit stops using CPU,
queries and connections are bounded, malformed requests get 400, writes come only from the
endpoint's own origin, SERVICE opens no connection. Endpoints run in this process, on copies of
the seed store."""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from igfkg.endpoint import Limits, open_endpoint, run_endpoint

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK {}"
INSERT = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> <urn:x:o> } }"


class Endpoint:
    def __init__(self, store: Path, *, writable: bool = False, **limits) -> None:
        self.server, self.backend = open_endpoint(store, port=0, writable=writable, limits=Limits(**limits), quiet=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=run_endpoint, args=(self.server, self.backend), daemon=True)
        self.thread.start()

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 60) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), r.read()
        finally:
            conn.close()

    def query(self, sparql: str, **kw) -> tuple[int, dict, bytes]:
        return self.request("GET", "/query?" + urllib.parse.urlencode({"query": sparql}),
                            headers={"Accept": "application/sparql-results+json"}, **kw)

    def update(self, sparql: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        return self.request("POST", "/update", body=urllib.parse.urlencode({"update": sparql}).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded", **(headers or {})})

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(30)
        self.backend.stop()


@pytest.fixture
def store(seed_store, tmp_path) -> Path:
    return Path(shutil.copytree(seed_store, tmp_path / "store", ignore=shutil.ignore_patterns("LOCK")))


@pytest.fixture
def endpoint(store):
    made: list[Endpoint] = []

    def start(**kw) -> Endpoint:
        made.append(Endpoint(store, **kw))
        return made[-1]
    yield start
    for e in made:
        e.stop()


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def _database_pids() -> list[int]:
    """The processes this process started (the endpoints' engine workers)."""
    me = str(os.getpid())
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            pids.append(int(stat.parent.name))
    return pids


def _cheap_beside_heavy(e, *, cheap_timeout: float) -> tuple[list, tuple, float]:
    """A heavy query sent in a thread, then half a second later a cheap one: (the heavy query's
    answer once it is done, the cheap one's answer, seconds from the heavy query to the cheap answer)."""
    heavy: list = []
    t = threading.Thread(target=lambda: heavy.append(e.query(HEAVY)))
    started = time.monotonic()
    t.start()
    time.sleep(0.5)
    cheap = e.query(CHEAP, timeout=cheap_timeout)
    waited = time.monotonic() - started
    t.join(30)
    return heavy, cheap, waited


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="CPU time is read from /proc")
def test_serve_limits_a_query_past_the_time_limit_stops_using_cpu(endpoint):
    """A 503 at the limit used to leave the database server computing: eight such requests kept
    both cores busy for 30 s and more. A cheap query still answers while the heavy one runs."""
    e = endpoint(timeout=2)
    heavy, (status, _, body), waited = _cheap_beside_heavy(e, cheap_timeout=10)
    assert status == 200 and b"true" in body and waited < 2
    assert heavy[0][0] == 503 and b"time limit of 2 s" in heavy[0][2]
    time.sleep(1.0)  # within 2 s of the limit
    before = _cpu_seconds(_database_pids() + [os.getpid()])
    time.sleep(1.0)
    after = _cpu_seconds(list(before))
    busy = {pid: after[pid] - before[pid] for pid in after}
    assert sum(v for pid, v in busy.items() if pid != os.getpid()) < 0.3, busy
    assert e.query(CHEAP)[0] == 200


def test_serve_limits_queries_at_once_are_bounded(endpoint):
    """With one query at a time, a cheap query waits for the heavy one to be stopped, then answers."""
    e = endpoint(timeout=3, max_queries=1)
    heavy, (status, _, body), waited = _cheap_beside_heavy(e, cheap_timeout=20)
    assert heavy[0][0] == 503 and status == 200 and waited > 2.5, (heavy, waited)


MEDIUM = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # a few seconds on the seed store


def test_serve_limits_a_stopped_query_leaves_the_others_running(endpoint):
    """Stopping a query killed the one database server, and the reads running beside it were sent
    again from the start; now it kills that query's worker only, and a query running on another
    worker across the kill answers once, in its own time."""
    e = endpoint(timeout=5)
    done: dict[str, tuple] = {}

    def send(name: str, sparql: str) -> None:
        status, _, body = e.query(sparql)
        done[name] = (status, body, time.monotonic())
    heavy = threading.Thread(target=send, args=("heavy", HEAVY))
    heavy.start()
    time.sleep(4.0)  # the medium query runs across the heavy one's limit at 5 s
    medium = threading.Thread(target=send, args=("medium", MEDIUM))
    medium.start()
    heavy.join(90)
    medium.join(90)  # on a loaded machine a worker takes a while to start again
    assert done["heavy"][0] == 503 and done["medium"][0] == 200, done
    assert done["heavy"][2] < done["medium"][2], "the medium query ended before the heavy one was stopped"
    assert e.backend.restarts == 1


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="open files are read from /proc")
@pytest.mark.parametrize("writable", [False, True], ids=["read-only", "writable"])
def test_serve_limits_the_database_holds_no_socket(endpoint, writable):
    """The database server listened on a loopback TCP port any local program could reach, past the
    proxy's limits; the engine workers hold no socket at all, only pipes to the proxy."""
    e = endpoint(writable=writable)
    assert e.query(CHEAP)[0] == 200
    pids = e.backend.pids()
    assert len(pids) == (1 if writable else Limits().max_queries)
    sockets = {pid: [link for fd in Path(f"/proc/{pid}/fd").iterdir() if (link := _link(fd)).startswith("socket:")]
               for pid in pids}
    assert not any(sockets.values()), sockets


def _link(fd: Path) -> str:
    """What an open file descriptor of /proc/PID/fd points to ("" when it was closed meanwhile)."""
    try:
        return os.readlink(fd)
    except OSError:
        return ""


def test_serve_limits_connections_are_bounded_and_silent_clients_dropped(endpoint):
    e = endpoint(max_connections=3, read_timeout=1)
    idle = [socket.create_connection(("127.0.0.1", e.port)) for _ in range(3)]
    try:
        time.sleep(0.3)
        extra = socket.create_connection(("127.0.0.1", e.port), timeout=5)
        assert extra.recv(100).startswith(b"HTTP/1.1 503")
        extra.close()
        time.sleep(1.5)  # the silent three are dropped after the read timeout
        for s in idle:
            s.settimeout(5)
            assert s.recv(100) == b""
        assert e.query(CHEAP)[0] == 200
    finally:
        for s in idle:
            s.close()


@pytest.mark.parametrize("raw", [
    b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\nquery=ASK{}",
    b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nContent-Length: 9\r\n\r\nabc",
    "GET /qu\u00e9ry?query=ASK{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1"),
    "GET /query?query=ASK{}\u00e9 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("utf-8"),
])
def test_serve_limits_malformed_requests_get_400(endpoint, raw):
    e = endpoint()
    with socket.create_connection(("127.0.0.1", e.port), timeout=5) as s:
        s.sendall(raw)
        assert s.recv(200).startswith(b"HTTP/1.1 400")


def test_serve_limits_a_cut_answer_is_an_error_and_the_engine_comes_back(endpoint):
    """A worker that dies under a query (here: killed from outside) gives an error status, never a
    cut answer under 200; a fresh worker takes its place."""
    import signal
    e = endpoint(timeout=20, max_queries=1)
    heavy: list = []
    t = threading.Thread(target=lambda: heavy.append(e.query(HEAVY)))
    t.start()
    time.sleep(1.0)
    for pid in e.backend.pids():
        os.kill(pid, signal.SIGKILL)
    t.join(30)
    status, _, body = heavy[0]
    assert status == 503 and b"the database engine stopped" in body, heavy
    assert e.query(CHEAP)[0] == 200


def test_serve_limits_writes_only_from_the_endpoint_own_origin(endpoint):
    e = endpoint(writable=True)
    own = f"http://127.0.0.1:{e.port}"
    assert e.update(INSERT, {"Origin": "http://evil.example"})[0] == 403
    assert e.update(INSERT, {"Referer": "http://evil.example/page.html"})[0] == 403
    assert e.update(INSERT, {"Origin": "null"})[0] == 403
    assert e.update(INSERT, {"Origin": f"http://localhost:{e.port + 1}"})[0] == 403
    assert e.query("ASK { GRAPH <urn:x:g> { ?s ?p ?o } }")[2].find(b"false") > 0
    status, headers, _ = e.request("OPTIONS", "/update", headers={"Origin": "http://evil.example",
                                                                  "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in headers
    assert e.update(INSERT, {"Origin": own})[0] == 204
    assert e.update(INSERT)[0] == 204  # a program, not a web page
    assert e.query("ASK { GRAPH <urn:x:g> { ?s ?p ?o } }")[2].find(b"true") > 0
    # reads stay open to every origin
    status, headers, _ = e.query(CHEAP)
    assert status == 200 and headers.get("Access-Control-Allow-Origin") == "*"


def test_serve_limits_host_header_is_checked(endpoint):
    e = endpoint()
    assert e.request("GET", "/query?query=ASK%7B%7D", headers={"Host": "attacker.example"})[0] == 421
    assert e.request("GET", "/query?query=ASK%7B%7D", headers={"Host": f"localhost:{e.port}"})[0] == 200
    status, headers, _ = e.request("OPTIONS", "/query", headers={"Access-Control-Request-Headers": "X-Evil, Content-Type"})
    assert "X-Evil" not in headers.get("Access-Control-Allow-Headers", "")


@pytest.fixture
def listener():
    """A local listening socket that records every connection it gets."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    s.settimeout(0.2)
    got: list = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = s.accept()
                got.append(conn)
            except OSError:
                continue
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{s.getsockname()[1]}/sparql", got
    stop.set()
    t.join(2)
    s.close()


def service_query(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} LIMIT 1"


def test_serve_limits_service_is_refused_and_opens_no_connection(endpoint, listener):
    url, got = listener
    e = endpoint(writable=True)
    status, _, body = e.query(service_query(url), timeout=20)
    assert status == 403 and b"SERVICE" in body
    form = urllib.parse.urlencode({"query": service_query(url)}).encode()
    assert e.request("POST", "/query", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert e.request("POST", "/query", service_query(url).encode(), {"Content-Type": "application/sparql-query"})[0] == 403
    assert e.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")[0] == 403
    time.sleep(0.5)
    assert got == []


def test_serve_limits_cli_and_dashboard_refuse_service_and_open_no_connection(run_cli, store, listener):
    url, got = listener
    r = run_cli("sparql", service_query(url), "--store", store)
    assert r.returncode == 2 and "SERVICE" in r.stderr and "--allow-service" in r.stderr, r.stderr
    from dashboard.data import run_limited
    from ingest.errors import QueryError
    with pytest.raises(QueryError, match="SERVICE"):
        run_limited(service_query(url), where=str(store))
    time.sleep(0.5)
    assert got == []


def test_serve_limits_ingest_into_a_served_store_is_refused_clearly(endpoint, store, run_cli):
    """Ingest beside a read-only endpoint used to go ahead: the endpoint then served stale data and
    "IO error: ... .sst" under HTTP 200."""
    from conftest import SEED
    e = endpoint()
    r = run_cli("ingest", SEED, "--store", store)
    assert r.returncode != 0 and "another igfkg process (igfkg serve" in r.stderr and "serve --writable" in r.stderr, r.stderr
    assert "IO error" not in r.stderr and "Traceback" not in r.stderr
    assert e.query(CHEAP)[0] == 200


def test_serve_limits_a_second_writer_is_refused_clearly(store, run_cli):
    """A lock conflict showed RocksDB's own text ("IO error: While lock file: ...")."""
    from conftest import SEED
    from ingest.errors import StoreError
    from queries.store import EmbeddedStore
    writer = EmbeddedStore(store)
    try:
        r = run_cli("ingest", SEED, "--store", store)
        assert r.returncode != 0 and "another igfkg process (igfkg, writing" in r.stderr, r.stderr
        assert "While lock file" not in r.stderr
        with pytest.raises(StoreError, match="another igfkg process"):
            open_endpoint(store, port=0, quiet=True)
    finally:
        del writer


def test_serve_limits_graph_store_protocol_round_trip(endpoint):
    """/store on a writable endpoint: PUT creates (201) or replaces (204) a graph, POST adds to it,
    GET reads it in the format asked for, DELETE drops it (then 404)."""
    e = endpoint(writable=True)
    at, nt = "/store?graph=" + urllib.parse.quote("urn:x:g", safe=""), {"Content-Type": "application/n-triples"}
    assert e.request("PUT", at, b"<urn:x:a> <urn:x:p> <urn:x:b> .", nt)[0] == 201
    assert e.request("PUT", at, b"<urn:x:a> <urn:x:p> <urn:x:c> .", nt)[0] == 204
    assert e.request("POST", at, b"<urn:x:a> <urn:x:p> <urn:x:d> .", {"Content-Type": "text/turtle"})[0] == 204
    status, headers, body = e.request("GET", at, headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert sorted(body.decode().splitlines()) == ["<urn:x:a> <urn:x:p> <urn:x:c> .", "<urn:x:a> <urn:x:p> <urn:x:d> ."]
    assert e.query("ASK { <urn:x:a> <urn:x:p> <urn:x:c> }")[2].find(b"true") > 0  # the union default graph sees it
    assert e.request("PUT", at, b"not turtle", nt)[0] == 400
    assert e.request("PUT", "/store", b"<urn:x:a> <urn:x:p> <urn:x:b> .", nt)[0] == 400  # which graph?
    assert e.request("DELETE", at)[0] == 204
    assert e.request("GET", at)[0] == 404
    assert e.request("PUT", "/store?default", b"<urn:x:a> <urn:x:p> <urn:x:e> .", nt)[0] == 204
    assert e.request("GET", "/store?default")[2] == b"<urn:x:a> <urn:x:p> <urn:x:e> .\n"


@pytest.mark.parametrize("sparql, accept, status, says", [
    ("SELEC ?x", "application/sparql-results+json", 400, b"error at 1:"),
    ("ASK {}", "image/png", 406, b"takes none of the formats"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json", 406, b"text/turtle"),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/csv;q=0.5, application/sparql-results+xml", 200, b"<sparql"),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "text/*", 200, b"s\r\n"),
])
def test_serve_limits_engine_answers_and_refusals(endpoint, sparql, accept, status, says):
    e = endpoint()
    got, _, body = e.request("GET", "/query?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": accept})
    assert got == status and says in body, body[:300]


def test_serve_limits_query_dataset_from_the_request(endpoint):
    """default-graph-uri names the default graph (no longer the union of all graphs)."""
    e = endpoint()
    ask = "ASK { ?s ?p ?o }"
    assert b"true" in e.query(ask)[2]
    status, _, body = e.request("GET", "/query?" + urllib.parse.urlencode({"query": ask, "default-graph-uri": "urn:x:none"}),
                                headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and b"false" in body
