"""A store folder as a SPARQL 1.1 Protocol endpoint (``igfkg serve``)::

    client --HTTP--> proxy (this module, HOST:PORT) --HTTP--> oxigraph serve[-read-only] (a random 127/8 address and port)

Oxigraph's own server (the ``oxigraph`` package, the same version as pyoxigraph) opens the same
on-disk store and does the SPARQL work: queries at /query (GET and POST), SPARQL Update at
/update, the Graph Store Protocol at /store, and content negotiation (results as JSON, XML, CSV
or TSV; Turtle, N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE). Its 0.5 server lacks
what an endpoint that browsers reach needs, so a small proxy stands in front of it:

- a time limit that stops the work: its ``--timeout-s`` cuts a streamed answer short under HTTP
  200 but lets a sort or a join that has not yet answered run on. At the limit the proxy answers
  HTTP 503, saying why, and kills the database server, which the supervisor restarts (well under
  a second); other reads that were running on it are sent again, so only the slow query fails;
- a bound on work: at most ``max_queries`` requests reach the database server at once (others
  wait for a turn up to the time limit, then run with their own time limit), at most
  ``max_connections`` connections are served (one thread each), a client that stops sending
  is dropped after ``read_timeout``;
- a result-size cap: it has none; the proxy refuses an answer larger than the cap (HTTP 422);
- a memory limit: one heavy query can make it grow until the system kills it; a supervisor
  thread restarts it when it stops, or when it grows past the limit (the query that was running
  gets HTTP 503, saying why), so the endpoint stays up;
- refusals: /update and Graph Store writes unless the endpoint is writable (HTTP 403; a read-only
  store is served by ``oxigraph serve-read-only``, which refuses them too); writes from a web page
  of another origin (the Origin or Referer header names another site: HTTP 403); a Host header
  naming another host than the one served (HTTP 421, against DNS rebinding); SERVICE clauses
  unless allowed (HTTP 403: the database server would send requests anywhere); malformed
  requests (HTTP 400);
- CORS for reads only (any origin may query; none may write from a browser).

The proxy also serves a query page at ``/`` (YASGUI and the named queries, all from
``igfkg/static/``: see ``igfkg.endpoint_page``), declares igfkg's prefixes (the same as the
command line's) in every query and update it passes on, names an undeclared prefix in one line,
passes the client's Host header on (so the service description names the served address, not
the backend's), and answers CORS preflight requests for reads.

The database server listens on a random address of the loopback network 127/8 and a random port,
chosen at each start; it sends no CORS headers. A web page cannot find it (2^40 places to try),
so it cannot skip the proxy's limits; a program on this machine can (read /proc/net/tcp): on a
machine shared with people you do not trust, do not serve a store they may not read anyway.
Everything else, content negotiation included, passes through unchanged.
"""
from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ingest.errors import StoreError
from ontology import PREFIXES
from queries.values import unknown_prefix_message, with_prefixes
from queries.federation import REFUSAL as _SERVICE_REFUSAL
from queries.federation import uses_service

_CANCELLED = b"The SPARQL operation has been cancelled"  # how oxigraph ends an answer at its time limit
_PATHS = ("/", "/query", "/update", "/store")
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Content-Type, Content-Length"}
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


@dataclass(frozen=True)
class Limits:
    """Limits: seconds a query may run, bytes an answer and a request body may have, the
    resident memory of the database server (None: no limit; enforced on Linux), requests at the
    database server at once, connections served at once, and seconds a client may stay silent."""

    timeout: int = 30
    max_result_bytes: int = 100 * 2**20
    max_request_bytes: int = 512 * 2**20
    write_timeout: int = 600
    max_memory_bytes: int | None = None
    max_queries: int = 2  # each running query holds its intermediate results in memory: this bounds it
    max_connections: int = 64
    read_timeout: float = 30.0


def oxigraph_command() -> str:
    """The ``oxigraph`` server program installed beside this Python, or on the PATH. Raises StoreError."""
    exe = Path(sys.executable).parent / "oxigraph"
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the 'oxigraph' server program is not installed; install it with "
                         "'pip install oxigraph' (the same version as pyoxigraph)")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the backend gets SIGTERM if igfkg dies without stopping it."""
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def hidden_loopback() -> str:
    """A random address of the loopback network 127/8 (Linux answers on all of it), else 127.0.0.1."""
    host = f"127.{random.randrange(1, 255)}.{random.randrange(0, 256)}.{random.randrange(1, 255)}"
    try:
        with socket.socket() as s:
            s.bind((host, 0))
    except OSError:  # macOS answers on 127.0.0.1 only
        return "127.0.0.1"
    return host


class Backend:
    """``oxigraph serve`` (writable) or ``oxigraph serve-read-only`` on a store folder, on a random
    loopback address and free port (chosen anew at each start)."""

    def __init__(self, store: Path, *, writable: bool, timeout: int) -> None:
        self.store, self.writable, self.timeout = Path(store), writable, timeout
        self.host, self.port = "127.0.0.1", 0
        self.process: subprocess.Popen | None = None
        self.hold = None  # the store's lock file, held while serving (queries.store.hold_store)
        self._log = tempfile.TemporaryFile()

    def start(self, *, wait: float = 30.0) -> None:
        """Start the server and wait until it listens. Raises StoreError with the server's own message."""
        for _ in range(3):  # another program may take the free port before oxigraph binds it
            self.host = hidden_loopback()
            self.port = free_port(self.host)
            cmd = [oxigraph_command(), "serve" if self.writable else "serve-read-only", "--location", str(self.store),
                   "--bind", f"{self.host}:{self.port}", "--union-default-graph", "--timeout-s", str(self.timeout)]
            # Two malloc arenas, not eight per core: freed memory of finished queries is reused, not kept.
            env = {**os.environ, "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2")}
            self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env,
                                            preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    socket.create_connection((self.host, self.port), timeout=0.5).close()
                    return
                except OSError:
                    time.sleep(0.05)
            else:
                self.stop()
                raise StoreError(f"the oxigraph server did not start on the store at '{self.store}' within {wait:g} s")
            if "in use" not in self.log():
                break
        raise StoreError(f"the oxigraph server could not open the store at '{self.store}': {self.log() or 'no message'}"
                         + ("" if self.writable else "; is it an igfkg store? (run 'igfkg ingest' first)")
                         + (" (another program has the store open for writing: stop it, or serve without --writable)"
                            if "lock" in self.log().lower() else ""))

    def log(self) -> str:
        self._log.seek(0)
        return " ".join(self._log.read().decode("utf-8", "replace").split())[-1000:]

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def rss(self) -> int:
        """The server's own resident memory in bytes: anonymous pages (RssAnon: heap, caches, results
        being computed), not the pages of the store's files it maps, which the kernel can drop and
        shares with the page cache (0 where /proc does not tell)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except (OSError, AttributeError):
            return 0
        for line in status.splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        """Stop the server and let go of the store."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.hold is not None:
            self.hold.close()
            self.hold = None


class EndpointServer(ThreadingHTTPServer):
    """The proxy: one thread per connection (at most ``limits.max_connections``); forwards to
    ``backend`` (its host and port change when it restarts)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], backend: Backend, *, writable: bool, limits: Limits,
                 quiet: bool = False, allow_service: bool = False) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.backend, self.writable, self.limits, self.quiet = backend, writable, limits, quiet
        self.allow_service = allow_service
        self.restarts, self.last_restart = 0, ""  # set by the supervisor in run_endpoint
        self.cancelled = False  # the last restart stopped a query at its time limit (not a crash or the memory limit)
        self.kill_reason = ""  # why the proxy killed the database server, for the supervisor
        self.ready = threading.Event()  # clear while the supervisor restarts the backend
        self.ready.set()
        self.wake = threading.Event()  # set when the proxy killed the database server: restart it now
        self.connections = threading.BoundedSemaphore(limits.max_connections)
        self.queries = threading.BoundedSemaphore(limits.max_queries)
        self._kill_lock = threading.Lock()
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}"

    @property
    def backend_address(self) -> tuple[str, int]:
        return self.backend.host, self.backend.port

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

    def cancel(self, generation: int, reason: str) -> None:
        """Kill the database server, if it is still the one started at restart ``generation``
        (the supervisor restarts it): the only way to stop a query oxigraph does not stop itself."""
        with self._kill_lock:
            if self.restarts != generation or not self.backend.alive():
                return
            self.kill_reason = reason
            self.ready.clear()  # requests wait for the restart rather than reach the dead server
            self.backend.process.kill()
            self.wake.set()

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
        headers = {k: v for k in ("Content-Type", "Accept") if (v := self.headers.get(k))}
        if self.headers.get("Host"):  # the service description names the address the client used, not the backend's
            headers["Host"] = self.headers["Host"]
        target, body, sparql = predeclare(self.path, body, headers.get("Content-Type", ""),
                                          "update" if path == "/update" else "query")
        seconds = limits.timeout if reading else limits.write_timeout
        if not self.server.queries.acquire(timeout=seconds):  # waiting for a turn is not running: its own limit
            return self._error(503, f"this endpoint is busy: {limits.max_queries} queries are running; try again shortly")
        deadline = time.monotonic() + seconds
        try:
            while True:
                answer = self._forward(target, body, headers, reading, deadline, sparql)
                if answer is not None:
                    break
        finally:
            self.server.queries.release()
        status, data, ctype = answer
        self._send(status, data, ctype)

    def _forward(self, target: str, body: bytes | None, headers: dict[str, str], reading: bool,
                 deadline: float, sparql: str | None) -> tuple[int, bytes, str | None] | None:
        """(status, body, content type) of the answer to send; None to send the request again
        (the database server was restarted under it to stop another query)."""
        limits = self.server.limits
        self.server.ready.wait(120)
        generation = self.server.restarts
        host, port = self.server.backend_address
        conn = http.client.HTTPConnection(host, port, timeout=max(0.01, deadline - time.monotonic()))
        try:
            conn.request(self.command, target, body=body, headers=headers)
            sock = conn.sock
            response = conn.getresponse()
            chunks, size = [], 0
            while chunk := self._read(response, sock, deadline):
                size += len(chunk)
                if reading and size > limits.max_result_bytes:
                    return 422, self._text(f"the answer is larger than this endpoint's cap of {limits.max_result_bytes // 2**20} MB "
                                           "and was not sent; add a LIMIT or narrow the query (the cap is set by "
                                           "'igfkg serve --max-result-mb')"), _PLAIN
                chunks.append(chunk)
        except TimeoutError:
            seconds = limits.timeout if reading else limits.write_timeout
            self.server.cancel(generation, f"a query passed the time limit of {seconds} s")
            return self._timeout(reading)
        except (OSError, http.client.HTTPException) as e:
            for _ in range(20):  # the supervisor notices a stopped server within a second
                if self.server.restarts != generation:
                    self.server.ready.wait(120)
                    if time.monotonic() >= deadline:
                        return self._timeout(reading)
                    if self.server.cancelled and reading:
                        return None  # stopped for another query's sake: this one runs again
                    return 503, self._text(f"the query was stopped: {self.server.last_restart}; the endpoint "
                                           "restarted its database server: narrow the query or add a LIMIT"), _PLAIN
                time.sleep(0.1)
            return 502, self._text(f"the oxigraph server behind this endpoint did not answer ({e}); restart 'igfkg serve'"), _PLAIN
        finally:
            conn.close()
        data, ctype = b"".join(chunks), response.getheader("Content-Type")
        if reading and response.status == 200 and data.endswith(_CANCELLED):
            return self._timeout(reading)
        if response.status == 400 and sparql and (unknown := unknown_prefix_message(sparql, PREFIXES)):
            return 400, self._text(unknown), _PLAIN
        if response.status == 200 and not _whole(data, ctype):
            return 500, self._text("the database server's answer broke off: "
                                   f"{data[-300:].decode('utf-8', 'replace').strip()}"), _PLAIN
        return response.status, data, ctype

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
    def _read(response: http.client.HTTPResponse, sock: socket.socket | None, deadline: float) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if sock is not None:
            sock.settimeout(remaining)
        return response.read(1 << 16)

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


def predeclare(target: str, body: bytes | None, content_type: str, field: str) -> tuple[str, bytes | None, str | None]:
    """The request target and body with igfkg's prefixes (ontology.PREFIXES, the same as the command
    line's) declared in the SPARQL text they carry (``field``: query or update; in the URL, a form
    body or a sparql-query/sparql-update body), and that text (None without one).

    >>> predeclare("/query?query=ASK%20%7B%3Fs%20foaf%3Aname%20%3Fn%7D", None, "", "query")[0]
    '/query?query=PREFIX+foaf%3A+%3Chttp%3A%2F%2Fxmlns.com%2Ffoaf%2F0.1%2F%3E+ASK+%7B%3Fs+foaf%3Aname+%3Fn%7D'
    """
    from urllib.parse import parse_qsl, urlencode
    parts = urlsplit(target)
    kind = content_type.split(";")[0].strip().lower()
    if body and kind in ("application/sparql-query", "application/sparql-update"):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return target, body, None
        declared = with_prefixes(text, PREFIXES)
        return target, declared.encode("utf-8"), text
    if body and kind == "application/x-www-form-urlencoded":
        form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        texts = [v for k, v in form if k == field]
        if texts:
            form = [(k, with_prefixes(v, PREFIXES) if k == field else v) for k, v in form]
            return target, urlencode(form).encode("utf-8"), texts[0]
        return target, body, None
    query = parse_qsl(parts.query, keep_blank_values=True)
    texts = [v for k, v in query if k == field]
    if not texts:
        return target, body, None
    query = [(k, with_prefixes(v, PREFIXES) if k == field else v) for k, v in query]
    return parts._replace(query=urlencode(query)).geturl(), body, texts[0]


_PLAIN = "text/plain; charset=utf-8"


def _whole(data: bytes, content_type: str | None) -> bool:
    """Whether an answer in JSON or XML is whole (oxigraph may end a 200 answer with an error message)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind.endswith("json"):
        if len(data) > 8 * 2**20:  # parsing it all would take the proxy many times its size in memory
            return data.rstrip().endswith((b"}", b"]"))
        try:
            json.loads(data)
        except ValueError:
            return False
    elif kind == "application/sparql-results+xml":
        return data.rstrip().endswith(b"</sparql>")
    return True


def open_endpoint(store: Path, *, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                  limits: Limits = Limits(), quiet: bool = False,
                  allow_service: bool = False) -> tuple[EndpointServer, Backend]:
    """Start the backend on ``store`` and bind the proxy (not yet serving: call ``serve_forever``).

    Raises StoreError when the store cannot be served or the address cannot be bound.
    """
    store = Path(store)
    if writable:
        from queries.store import EmbeddedStore
        EmbeddedStore(store)  # creates the folder and loads the vocabularies, then lets go of it at once
    elif not (store / "CURRENT").exists():
        raise StoreError(f"no igfkg store at '{store}'; run 'igfkg ingest REPORT --store {store}' first")
    from queries.store import hold_store
    backend = Backend(store, writable=writable, timeout=limits.timeout)
    # while it serves, no other process may write to the folder (a read-only server would answer
    # from files deleted under it): an ingest is refused, saying why
    backend.hold = hold_store(store, shared=not writable, holder="igfkg serve" + (" --writable" if writable else ""))
    backend.start()
    if limits.max_memory_bytes and backend.rss() > limits.max_memory_bytes:
        backend.stop()
        raise StoreError(f"the database server alone uses more than the memory limit of "
                         f"{limits.max_memory_bytes // 2**20} MB; give a larger --max-memory-mb")
    try:
        server = EndpointServer((host, port), backend, writable=writable, limits=limits, quiet=quiet,
                                allow_service=allow_service)
    except OSError as e:
        backend.stop()
        raise StoreError(f"cannot listen on {host}:{port} ({e}); choose another --port or --host") from e
    return server, backend


def run_endpoint(server: EndpointServer, backend: Backend) -> None:
    """Serve until interrupted (KeyboardInterrupt), restarting the backend whenever it stops or
    grows past the memory limit; then stop both.

    Raises StoreError when the backend cannot be restarted.
    """
    stopping = threading.Event()
    failure: list[StoreError] = []
    limit = server.limits.max_memory_bytes
    recent: list[float] = []  # restart times: a server that keeps stopping is given up on

    def supervise() -> None:
        while not stopping.is_set():
            server.wake.wait(0.25)
            server.wake.clear()
            cancelled = False
            if not backend.alive():
                cancelled, reason = bool(server.kill_reason), server.kill_reason or \
                    f"the database server stopped ({backend.log()[-200:] or 'no message'})"
            elif limit and backend.rss() > limit:
                reason = f"it needed more than the endpoint's memory limit of {limit // 2**20} MB"
                backend.process.kill()
                backend.process.wait()
            else:
                continue
            if stopping.is_set():
                return
            print(f"igfkg serve: {reason}; restarting it", file=sys.stderr, flush=True)
            server.ready.clear()
            server.last_restart, server.cancelled, server.kill_reason = reason, cancelled, ""
            server.restarts += 1
            if not cancelled:  # a query stopped at its time limit is no sign of a failing server
                recent[:] = [t for t in recent if t > time.monotonic() - 60] + [time.monotonic()]
            try:
                if len(recent) > 5:
                    raise StoreError(f"it stopped {len(recent)} times within a minute; last: {reason}")
                backend.start()
            except StoreError as e:
                failure.append(e)
                server.ready.set()
                server.shutdown()
                return
            server.ready.set()

    threading.Thread(target=supervise, daemon=True).start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        server.server_close()
        backend.stop()
    if failure:
        raise StoreError(f"the oxigraph server behind the endpoint stopped and could not be restarted: {failure[0]}")
