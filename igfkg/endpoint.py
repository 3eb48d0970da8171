"""A store folder as a SPARQL 1.1 Protocol endpoint (``igfkg serve``)::

    client --HTTP--> proxy (this module, HOST:PORT) --pipes--> engine workers (igfkg.engine, pyoxigraph)

The proxy is the only thing that listens: the database work is done by worker processes it
starts and owns (``python -m igfkg.engine``), each with the store open in pyoxigraph, that it
talks to over their standard input and output. No socket, no port: no other program, local or
not, can reach the database past the proxy's limits. A read-only endpoint keeps one read-only
worker per query that may run at once; a writable one keeps one writable worker (the store has
one writer), so its requests run one at a time.

The proxy speaks the SPARQL 1.1 Protocol: queries at /query (GET ``?query=``, POST form
``query=`` or ``application/sparql-query``; ``default-graph-uri``/``named-graph-uri`` name the
dataset, else the default graph is the union of all graphs), SPARQL Update at /update (POST form
``update=`` or ``application/sparql-update``), the Graph Store Protocol at /store (GET, PUT, POST,
DELETE with ``?graph=IRI`` or ``?default``; GET without either: the whole dataset), a service
description at GET /query without a query, and content negotiation from Accept (results as JSON,
XML, CSV or TSV; Turtle, N-Triples, N-Quads, RDF/XML, TriG or JSON-LD for CONSTRUCT and
DESCRIBE; HTTP 406 for none of these). It adds what an endpoint that browsers reach needs:

- a time limit that stops the work: at the limit the query's worker is killed (its CPU is free
  at once) and a fresh one started; the query is answered HTTP 503, saying why. Other queries run
  on workers of their own and go on undisturbed;
- a bound on work: at most ``max_queries`` queries run at once (one per worker; others wait for a
  turn up to the time limit, then run with their own time limit), at most ``max_connections``
  connections are served (one thread each), a client that stops sending is dropped after
  ``read_timeout``;
- a result-size cap: a worker stops writing an answer larger than the cap (HTTP 422), so neither
  it nor the proxy holds more than the cap;
- a memory limit per worker (its anonymous RSS): a worker past it is killed and replaced, the
  query that was running gets HTTP 503, saying why, and the endpoint stays up;
- refusals: /update and Graph Store writes unless the endpoint is writable (HTTP 403); writes from
  a web page of another origin (the Origin or Referer header names another site: HTTP 403); a
  Host header naming another host than the one served (HTTP 421, against DNS rebinding); SERVICE
  clauses unless allowed (HTTP 403: the engine would send requests anywhere); malformed requests
  (HTTP 400);
- CORS for reads only (any origin may query; none may write from a browser).

The proxy also serves a query page at ``/`` (YASGUI and the named queries, all from
``igfkg/static/``: see ``igfkg.endpoint_page``), declares igfkg's prefixes (the same as the
command line's) in every query and update, and names an undeclared prefix in one line.
"""
from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlsplit

from ingest.errors import StoreError
from ontology import PREFIXES
from queries.federation import REFUSAL as _SERVICE_REFUSAL
from queries.federation import uses_service
from queries.values import unknown_prefix_message, with_prefixes

from .engine import Backend, Worker, WorkerGone, negotiate

_PATHS = ("/", "/query", "/update", "/store")
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Content-Type, Content-Length"}
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
_PLAIN = "text/plain; charset=utf-8"
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Limits:
    """Limits: seconds a query may run, bytes an answer and a request body may have, the own
    resident memory of each engine worker (None: no limit; enforced on Linux), queries running at
    once (one read-only worker each), connections served at once, and seconds a client may stay silent."""

    timeout: int = 30
    max_result_bytes: int = 100 * 2**20
    max_request_bytes: int = 512 * 2**20
    write_timeout: int = 600
    max_memory_bytes: int | None = None
    max_queries: int = 2  # each running query holds its intermediate results in memory: this bounds it
    max_connections: int = 64
    read_timeout: float = 30.0
    answer_cache_bytes: int = 64 * 2**20  # answers of the derived index kept (0: none)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


_LOOKUP_PARAMS = {"person", "concept", "meeting", "organisation"}  # a derived query taking one looks one thing up


class AnswerCache:
    """Answers of the derived index (the bytes sent), kept by what they answer and the version of the
    index they were read from (``DerivedIndex.version``: any write to the index, or an index made
    anew, is another version, so an answer kept is never an old one); the least recently used go
    first past ``limit`` bytes, and an answer over a quarter of it is not kept. Many clients asking
    the same archive-wide answer (an overview opened by several analysts) then cost one reading."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size = limit, 0
        self._items: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        if len(body) > self.limit // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.size += len(body) - (len(old) if old is not None else 0)
            self._items[key] = body
            while self.size > self.limit:
                self.size -= len(self._items.popitem(last=False)[1])


class EndpointServer(ThreadingHTTPServer):
    """The proxy: one thread per connection (at most ``limits.max_connections``); each query runs on
    a worker of ``backend`` of its own."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], backend: Backend, *, writable: bool, limits: Limits,
                 quiet: bool = False, allow_service: bool = False) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.backend, self.writable, self.limits, self.quiet = backend, writable, limits, quiet
        self.allow_service = allow_service
        from queries.derived import DerivedIndex, index_path
        self.derived_index = DerivedIndex(index_path(backend.store), read_only=True)  # answers /derived
        # as many derived answers made at once as queries run at once: each holds its rows in memory
        self.derived_turns = threading.BoundedSemaphore(limits.max_queries)
        # and as many look-ups of one person, concept or meeting, on turns of their own: a look-up
        # costs milliseconds, and would otherwise wait behind answers that span the archive
        self.lookup_turns = threading.BoundedSemaphore(limits.max_queries)
        self.answers = AnswerCache(limits.answer_cache_bytes)
        self.connections = threading.BoundedSemaphore(limits.max_connections)
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}"

    def host_allowed(self, header: str | None) -> bool:
        """Whether a Host (or Origin's host) names this endpoint: any name when it listens on every
        address, else its own address (and, on loopback, localhost and the other loopback names)."""
        if header is None:
            return True  # HTTP/1.0 clients; browsers always send Host
        name = urlsplit(f"//{header.strip()}").hostname or ""
        bound = self.server_address[0]
        if bound in ("0.0.0.0", "::"):
            return True
        if bound.startswith("127.") or bound == "::1":
            return name in _LOOPBACK_NAMES or name == bound
        return name == bound.lower()

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that went away is no error of ours
            super().handle_error(request, client_address)

    def process_request(self, request, client_address) -> None:
        if not self.connections.acquire(blocking=False):
            try:  # too many connections: a short answer, then close
                request.settimeout(1)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Connection: close\r\nContent-Length: 45\r\n\r\ntoo many connections to this endpoint; retry\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.connections.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.connections.release()


class _Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    protocol_version = "HTTP/1.1"
    server_version = "igfkg-serve"
    _cors = True

    def setup(self) -> None:
        self.timeout = self.server.limits.read_timeout  # a client silent this long is dropped
        super().setup()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if not self.server.quiet:
            super().log_message(format, *args)

    def do_OPTIONS(self) -> None:
        path = urlsplit(self.path).path
        if path in ("/update", "/store") or not self.server.host_allowed(self.headers.get("Host")):
            self._cors = False  # no CORS for writes: a browser page of another origin may not send them
            return self._send(204, b"", None, {"Allow": "GET, HEAD, POST, OPTIONS"})
        self._send(204, b"", None, {"Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS", "Access-Control-Max-Age": "86400",
                                    "Access-Control-Allow-Headers": "Content-Type, Accept"})

    def do_GET(self) -> None:
        try:
            self._proxy()
        except (TimeoutError, ConnectionError):  # the client stopped sending or went away
            self.close_connection = True

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def _proxy(self) -> None:
        if not self.path.isascii() or any(c <= " " or c == "\x7f" for c in self.path):
            return self._error(400, "the request path must be ASCII without spaces or control characters "
                                    "(percent-encode the query)")
        parts = urlsplit(self.path)
        path, limits = parts.path, self.server.limits
        self._body_read = False
        reading = path in ("/", "/query") or self.command in ("GET", "HEAD")
        self._cors = reading
        if not self.server.host_allowed(self.headers.get("Host")):
            return self._error(421, f"this endpoint does not serve the host '{self.headers.get('Host')}'; "
                                    f"use {self.server.url}")
        if self.command in ("GET", "HEAD") and (path.startswith("/static/") or path == "/" and "query=" not in parts.query):
            return self._page(path)
        if path == "/derived" or path.startswith("/derived/"):
            return self._derived(path, parts.query)
        if path not in _PATHS:
            return self._error(404, f"nothing at {path}: this SPARQL endpoint answers queries at /query "
                                    "(SPARQL 1.1 Protocol, GET or POST)")
        if not reading and not self.server.writable:
            return self._error(403, "this endpoint is read-only: SPARQL Update (/update) and Graph Store writes "
                                    "(/store) are refused. Restart it with 'igfkg serve --writable' to allow them")
        if not reading and not self._same_origin():
            return self._error(403, "writes are accepted only from this endpoint's own origin: the request came from "
                                    f"a page of '{self.headers.get('Origin') or self.headers.get('Referer')}'")
        body = self._body()
        if body is False:
            return
        if not self.server.allow_service and path != "/store" and uses_service(self._sparql(body)):
            return self._error(403, f"{_SERVICE_REFUSAL}; this endpoint was started without 'igfkg serve --allow-service'")
        if path in ("/", "/query") and self.command in ("GET", "HEAD") and not parts.query:
            return self._service_description()
        request = self._request(path, body)
        if isinstance(request, tuple):
            return self._error(*request)
        seconds = limits.timeout if reading else limits.write_timeout
        request["accept"] = self.headers.get("Accept")
        request["cap"] = limits.max_result_bytes
        status, data, ctype = self._run(request, (body or b"") if path == "/store" else b"", reading, seconds)
        self._send(status, data, ctype)

    def _derived(self, path: str, query: str) -> None:
        """``GET /derived/NAME?PARAM=VALUE[&_limit=N&_offset=N|&_count=1]``: a named query with an SQL
        twin, answered from the store's derived index (queries/derived.py) in this process, as the rows
        by column with their column plan (``DerivedIndex.run_compact``; ``_count``: ``{"count": N}``); ``/derived/.interaction?from=&to=``: the
        interaction network's links; ``/derived``: whether it is ready and what it answers. 409 when
        the index is not ready: the client asks ``/query`` instead."""
        from queries.derived import derived_queries
        if self.command not in ("GET", "HEAD"):
            return self._error(405, "the derived index is read by GET: /derived/NAME?PARAM=VALUE")
        index = self.server.derived_index
        fields = parse_qsl(query, keep_blank_values=True)
        if path == "/derived":
            return self._json({"ready": index.ready(), "queries": sorted(derived_queries())})
        if not index.ready():
            return self._error(409, "the derived index of this store is missing or stale ('igfkg index rebuild'); "
                                    "ask the SPARQL endpoint at /query")
        name = path[len("/derived/"):]
        if name != ".interaction" and name not in derived_queries():
            return self._error(404, f"no derived query '{name}'; GET /derived lists them")
        key = (name, tuple(sorted(fields)), index.version())  # read before the answer: never older than its key
        body = self.server.answers.get(key)
        if body is None:
            body = self._derived_answer(index, name, fields)
            if body is None:
                return
            self.server.answers.put(key, body)
        if len(body) > self.server.limits.max_result_bytes:
            return self._send(*self._too_large())
        self._send(200, body, "application/json")

    def _derived_answer(self, index, name: str, fields: list[tuple[str, str]]) -> bytes | None:
        """The JSON ``/derived/NAME`` sends (None: an error was sent instead)."""
        from ingest.errors import QueryError as _QueryError
        from queries.run import bind, load_query, sql_params
        deadline = time.monotonic() + self.server.limits.timeout
        values = {k: v for k, v in fields if not k.startswith("_")}
        try:
            if name == ".interaction":
                links, speakers = index.interaction_links(values.get("from") or None, values.get("to") or None)
                return json.dumps({"links": links, "speakers": speakers}).encode("utf-8")
            q = load_query(name)
            bind(q, values)  # checks the parameters
            params = sql_params(q, values)
            options = dict(fields)
            if options.get("_count"):
                return json.dumps({"count": index.count(name, params, deadline=deadline)}).encode("utf-8")
            limit = int(options["_limit"]) if options.get("_limit", "").isdigit() else None
            offset = int(options["_offset"]) if options.get("_offset", "").isdigit() else 0
            turns = self.server.lookup_turns if _LOOKUP_PARAMS & {p.name for p in q.params} else self.server.derived_turns
            if not turns.acquire(timeout=max(0.0, deadline - time.monotonic())):
                self._send(503, self._text(f"this endpoint is busy: {self.server.limits.max_queries} queries "
                                           "are running; try again shortly"), _PLAIN)
                return None
            try:
                doc = index.run_compact(name, params, limit=limit, offset=offset, deadline=deadline)
                body = json.dumps(doc).encode("utf-8")
                del doc
            finally:
                turns.release()
        except _QueryError as e:
            if "time limit" in str(e):
                self._send(*self._timeout(True))
            else:
                self._error(400, str(e))
            return None
        return body

    def _json(self, doc: object) -> None:
        self._send(200, json.dumps(doc).encode("utf-8"), "application/json")

    def _request(self, path: str, body: bytes | None) -> dict | tuple[int, str]:
        """What to ask the engine (see igfkg.engine), from the request's URL, headers and body;
        (status, message) when the request is not one this endpoint takes."""
        self._sparql_text = ""
        url = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if path == "/store":
            graphs = [v for k, v in url if k == "graph"]
            graph = graphs[0] if graphs else "default" if any(k == "default" for k, _ in url) else None
            op = {"GET": "store-get", "HEAD": "store-get", "PUT": "store-put", "POST": "store-post",
                  "DELETE": "store-delete"}[self.command]
            if graph is None and op != "store-get":
                return 400, "name the graph: /store?graph=IRI, or /store?default for the default graph"
            return {"op": op, "graph": graph, "content_type": kind}
        field = "update" if path == "/update" else "query"
        if field == "update" and self.command != "POST":
            return 405, "send SPARQL Update by POST (a form with update=..., or a body of type application/sparql-update)"
        if self.command not in ("GET", "HEAD", "POST"):
            return 405, f"send queries by GET or POST, not {self.command}"
        fields = url
        if self.command == "POST":
            try:
                text = (body or b"").decode("utf-8")
            except UnicodeDecodeError:
                return 400, "the request body is not UTF-8"
            if kind == _FORM:
                fields = url + parse_qsl(text, keep_blank_values=True)
            elif kind == f"application/sparql-{field}":
                fields = url + [(field, text)]
            else:
                return 415, (f"send the {field} as a form ({_FORM}, {field}=...) or as a body of type "
                             f"application/sparql-{field}, not '{kind or 'no Content-Type'}'")
        texts = [v for k, v in fields if k == field]
        if len(texts) != 1:
            return 400, (f"give one {field}: {field}=... in the URL or a form body, or a body of type "
                         f"application/sparql-{field}")
        if any(k in ("using-graph-uri", "using-named-graph-uri") for k, _ in fields):
            return 400, "using-graph-uri and using-named-graph-uri are not supported: name the graphs in the update (USING, WITH)"
        self._sparql_text = texts[0]
        return {"op": field, "text": with_prefixes(texts[0], PREFIXES),
                "default_graphs": [v for k, v in fields if k == "default-graph-uri"],
                "named_graphs": [v for k, v in fields if k == "named-graph-uri"]}

    def _run(self, request: dict, body: bytes, reading: bool, seconds: float) -> tuple[int, bytes, str | None]:
        """(status, body, content type) of the engine's answer to ``request``, on a worker of its own:
        waiting for a turn up to ``seconds``, then running for at most ``seconds``."""
        server, limits = self.server, self.server.limits
        backend = server.backend
        worker = backend.take(seconds)
        if worker is None:
            if backend.failure:
                return 502, self._text(f"the database engine behind this endpoint stopped ({backend.failure}); "
                                       "restart 'igfkg serve'"), _PLAIN
            return 503, self._text(f"this endpoint is busy: {backend.size} queries are running; try again shortly"), _PLAIN
        deadline = time.monotonic() + seconds
        memory = limits.max_memory_bytes
        try:
            worker.send(request, body)
            chunks, size = [], 0
            while True:
                kind, payload = worker.frame(deadline, check=lambda: _check_memory(worker, memory))
                if kind == b"E":
                    break
                size += len(payload)
                if size > limits.max_result_bytes:  # the worker stops at the cap itself: this one is not well
                    backend.replace(worker, "it wrote past the result cap", counted=True)
                    return self._too_large()
                chunks.append(payload)
        except TimeoutError:
            backend.replace(worker, f"a query passed the time limit of {seconds:g} s", counted=False)
            return self._timeout(reading)
        except _OverMemory:
            reason = f"it needed more than the endpoint's memory limit of {memory // 2**20} MB"
            backend.replace(worker, reason, counted=True)
            return 503, self._text(f"the query was stopped: {reason}; the endpoint restarted its database engine: "
                                   "narrow the query or add a LIMIT"), _PLAIN
        except WorkerGone:
            reason = f"the database engine stopped ({backend.log()[-200:] or 'no message'})"
            backend.replace(worker, reason, counted=True)
            return 503, self._text(f"the query was stopped: {reason}; the endpoint restarted its database engine: "
                                   "narrow the query or add a LIMIT"), _PLAIN
        backend.give_back(worker)
        end = json.loads(payload)
        status, message = end["status"], end.get("message") or ""
        if status in (200, 201, 204):
            return status, b"".join(chunks), end.get("content_type")
        if status == 422:
            return self._too_large()
        if status == 400 and (unknown := unknown_prefix_message(getattr(self, "_sparql_text", ""), PREFIXES)):
            return 400, self._text(unknown), _PLAIN
        if status == 500:
            return 500, self._text(f"the database engine could not answer: {message}"), _PLAIN
        return status, self._text(message), _PLAIN

    def _service_description(self) -> None:
        """What this endpoint is (SPARQL 1.1 Service Description), naming the address the client used."""
        import pyoxigraph as ox
        from .engine import _formats
        host = self.headers.get("Host")
        url = f"http://{host}" if host else self.server.url
        sd = "http://www.w3.org/ns/sparql-service-description#"
        me, a = ox.BlankNode(), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        results, graphs = _formats()
        said = [(a, ox.NamedNode(sd + "Service")), (ox.NamedNode(sd + "endpoint"), ox.NamedNode(url + "/query")),
                (ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph"))]
        said += [(ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + lang))
                 for lang in ("SPARQL10Query", "SPARQL11Query") + (("SPARQL11Update",) if self.server.writable else ())]
        said += [(ox.NamedNode(sd + "resultFormat"), ox.NamedNode(f.iri)) for f in results + graphs]
        if self.server.allow_service:
            said.append((ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "BasicFederatedQuery")))
        fmt = negotiate(self.headers.get("Accept"), graphs)
        if fmt is None:
            return self._error(406, "the Accept header takes none of the formats of the service description: "
                                    + ", ".join(f.media_type for f in graphs))
        self._send(200, ox.serialize([ox.Triple(me, p, o) for p, o in said], format=fmt), fmt.media_type)

    def _too_large(self) -> tuple[int, bytes, str]:
        cap = self.server.limits.max_result_bytes
        return 422, self._text(f"the answer is larger than this endpoint's cap of {cap // 2**20} MB "
                               "and was not sent; add a LIMIT or narrow the query (the cap is set by "
                               "'igfkg serve --max-result-mb')"), _PLAIN

    def _page(self, path: str) -> None:
        """The query page at / and the files it loads from /static/ (all packaged, nothing from another host)."""
        from .endpoint_page import page, static_file
        if path == "/":
            return self._send(200, page(writable=self.server.writable), "text/html; charset=utf-8",
                              {"Cache-Control": "no-cache"})
        found = static_file(path)
        if found is None:
            return self._error(404, f"nothing at {path}: this SPARQL endpoint answers queries at /query "
                                    "(SPARQL 1.1 Protocol, GET or POST) and shows a query page at /")
        self._send(200, found[0], found[1], {"Cache-Control": "max-age=3600"})

    @staticmethod
    def _text(message: str) -> bytes:
        return (message + "\n").encode("utf-8")

    def _timeout(self, reading: bool) -> tuple[int, bytes, str]:
        limits = self.server.limits
        seconds = limits.timeout if reading else limits.write_timeout
        return 503, self._text(f"the query was stopped at this endpoint's time limit of {seconds} s; narrow it or add a LIMIT "
                               "(the limit is set by 'igfkg serve --timeout')" if reading else
                               f"the request was stopped at this endpoint's time limit of {seconds} s for writes"), _PLAIN

    def _same_origin(self) -> bool:
        """Whether a write comes from this endpoint's own origin: a browser names the page's origin
        (Origin, else Referer); a program that names none is not a web page."""
        origin = self.headers.get("Origin") or self.headers.get("Referer")
        if origin is None:
            return True
        parts = urlsplit(origin.strip())
        if parts.scheme != "http" or not parts.hostname:
            return False  # "null" (a sandboxed page, a file), another scheme
        port = parts.port or 80
        return self.server.host_allowed(parts.netloc) and port == self.server.server_address[1]

    def _sparql(self, body: bytes | None) -> str:
        """The query or update text of the request (URL, form or body), for the SERVICE check."""
        texts = [v for k, vs in parse_qs(urlsplit(self.path).query).items() if k in ("query", "update") for v in vs]
        if body:
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            text = body.decode("utf-8", "replace")
            if ctype == "application/x-www-form-urlencoded":
                texts += [v for k, vs in parse_qs(text).items() if k in ("query", "update") for v in vs]
            else:
                texts.append(text)
        return "\n".join(texts)

    def _body(self) -> bytes | None | bool:
        """The request body (None without one); False when refused (an answer was sent)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._error(411, "send the request body with a Content-Length")
            return False
        declared = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if len(declared) > 1 or any(not (v.isascii() and v.isdigit()) for v in declared):
            self.close_connection = True
            self._error(400, "bad Content-Length: expected one whole number of bytes")
            return False
        length = int(declared.pop()) if declared else 0
        if length > self.server.limits.max_request_bytes:
            self._error(413, f"the request body is larger than this endpoint's cap of "
                             f"{self.server.limits.max_request_bytes // 2**20} MB")
            return False
        self._body_read = True
        return self.rfile.read(length) if length else None

    def _error(self, status: int, message: str) -> None:
        if (self.headers.get("Content-Length") or "0").strip() != "0" and not getattr(self, "_body_read", False):
            self.close_connection = True  # the body was not read: the connection cannot be reused
        self._send(status, self._text(message), _PLAIN)

    def _send(self, status: int, data: bytes, content_type: str | None, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in {**(_CORS if self._cors else {}), **(extra or {})}.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and data:
            self.wfile.write(data)


class _OverMemory(Exception):
    """A worker grew past the memory limit while it ran a query."""


def _check_memory(worker: Worker, limit: int | None) -> None:
    if limit and worker.rss() > limit:
        raise _OverMemory


def open_endpoint(store: Path, *, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                  limits: Limits = Limits(), quiet: bool = False,
                  allow_service: bool = False) -> tuple[EndpointServer, Backend]:
    """Start the engine workers on ``store`` and bind the proxy (not yet serving: call ``run_endpoint``).

    Raises StoreError when the store cannot be served or the address cannot be bound.
    """
    store = Path(store)
    if writable:
        from queries.store import EmbeddedStore
        EmbeddedStore(store)  # creates the folder and loads the vocabularies, then lets go of it at once
    elif not (store / "CURRENT").exists():
        raise StoreError(f"no igfkg store at '{store}'; run 'igfkg ingest REPORT --store {store}' first")
    from queries.store import hold_store
    backend = Backend(store, writable=writable, size=limits.max_queries, max_memory_bytes=limits.max_memory_bytes)
    # while it serves, no other process may write to the folder (a read-only worker would answer
    # from files deleted under it): an ingest is refused, saying why
    backend.hold = hold_store(store, shared=not writable, holder="igfkg serve" + (" --writable" if writable else ""))
    backend.start()
    if limits.max_memory_bytes and max(backend.worker_rss(), default=0) > limits.max_memory_bytes:
        backend.stop()
        raise StoreError(f"a database engine worker alone uses more than the memory limit of "
                         f"{limits.max_memory_bytes // 2**20} MB; give a larger --max-memory-mb")
    try:
        server = EndpointServer((host, port), backend, writable=writable, limits=limits, quiet=quiet,
                                allow_service=allow_service)
    except OSError as e:
        backend.stop()
        raise StoreError(f"cannot listen on {host}:{port} ({e}); choose another --port or --host") from e
    return server, backend


def run_endpoint(server: EndpointServer, backend: Backend) -> None:
    """Serve until interrupted (KeyboardInterrupt) or the engine fails (its workers keep dying, or a
    fresh one cannot open the store); then stop both.

    Raises StoreError when the engine failed.
    """
    backend.on_failure = lambda reason: threading.Thread(target=server.shutdown, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        backend.stop()
    if backend.failure:
        raise StoreError(f"the database engine behind the endpoint stopped and could not be restarted: {backend.failure}")
