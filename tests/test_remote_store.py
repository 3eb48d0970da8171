"""RemoteStore sends queries as every SPARQL endpoint accepts them: a form-encoded POST (``query=...``).
Virtuoso 7.2, for one, never answers a POST whose body is ``application/sparql-query``."""
from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest

from queries.formats import records
from queries.store import RemoteStore


class _FormOnly(BaseHTTPRequestHandler):
    """A SPARQL endpoint over an in-memory store that answers form-encoded POSTs only."""

    store: ox.Store

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            self.send_response(415)
            self.end_headers()
            return
        query = urllib.parse.parse_qs(body.decode("utf-8"))["query"][0]
        data = self.store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def form_only_endpoint():
    store = ox.Store()
    g = ox.NamedNode("https://w3id.org/igfkg/id/graph/x")
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/igfkg/id/person/a"), ox.NamedNode("http://xmlns.com/foaf/0.1/name"),
                      ox.Literal("Ana Example"), g))
    handler = type("Handler", (_FormOnly,), {"store": store})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name", ["Ana Example"])
def test_remote_store_sends_queries_form_encoded(form_only_endpoint, name):
    remote = RemoteStore(form_only_endpoint, read_only=True, timeout=5)
    rows = remote.select("SELECT ?p WHERE { ?p foaf:name ?n }", {"n": ox.Literal(name)})
    assert records(rows) == [{"p": "https://w3id.org/igfkg/id/person/a"}]
