"""A store folder as a SPARQL 1.1 Protocol endpoint (``igfkg serve``)::

    client --HTTP--> proxy (this module, HOST:PORT) --HTTP--> oxigraph serve[-read-only] (127.0.0.1, a free port)

Oxigraph's own server (the ``oxigraph`` package, the same version as pyoxigraph) opens the same
on-disk store and does the SPARQL work: queries at /query (GET and POST), SPARQL Update at
/update, the Graph Store Protocol at /store, and content negotiation (results as JSON, XML, CSV
or TSV; Turtle, N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE). Its 0.5 server lacks
two things an endpoint that browsers reach needs, so a small proxy stands in front of it:

- a result-size cap: it has none; the proxy refuses an answer larger than the cap (HTTP 422);
- a time limit a client can see: its ``--timeout-s`` stops a query by cutting the answer short
  under HTTP 200; the proxy stops waiting at the limit and answers HTTP 503, saying why;
- a memory limit: one heavy query can make it grow until the system kills it; a supervisor
  thread restarts it when it stops, or when it grows past the limit (the query that was running
  gets HTTP 503, saying why), so the endpoint stays up.

The proxy also refuses /update and Graph Store writes unless the endpoint is writable (HTTP 403,
saying how to allow them; a read-only store is served by ``oxigraph serve-read-only``, which
refuses them too), answers CORS preflight requests and adds CORS headers to every answer, and
passes everything else, content negotiation included, through unchanged.
"""
from __future__ import annotations

import http.client
import os
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
from urllib.parse import urlsplit

from ingest.errors import StoreError

_CANCELLED = b"The SPARQL operation has been cancelled"  # how oxigraph ends an answer at its time limit
_PATHS = ("/", "/query", "/update", "/store")
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Content-Type, Content-Length"}


@dataclass(frozen=True)
class Limits:
    """Limits: seconds a query may run, bytes an answer and a request body may have, and the
    resident memory of the database server (None: no limit; enforced on Linux)."""

    timeout: int = 30
    max_result_bytes: int = 100 * 2**20
    max_request_bytes: int = 512 * 2**20
    write_timeout: int = 600
    max_memory_bytes: int | None = None
    max_concurrent: int = 2  # queries the database server runs at once; the others wait their turn (within the time limit)


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


class Backend:
    """``oxigraph serve`` (writable) or ``oxigraph serve-read-only`` on a store folder, on a free loopback port."""

    def __init__(self, store: Path, *, writable: bool, timeout: int) -> None:
        self.store, self.writable, self.timeout = Path(store), writable, timeout
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()

    def start(self, *, wait: float = 30.0) -> None:
        """Start the server and wait until it listens. Raises StoreError with the server's own message."""
        for _ in range(3):  # another program may take the free port before oxigraph binds it
            self.port = free_port()
            cmd = [oxigraph_command(), "serve" if self.writable else "serve-read-only", "--location", str(self.store),
                   "--bind", f"127.0.0.1:{self.port}", "--union-default-graph", "--timeout-s", str(self.timeout)]
            # Two malloc arenas, not eight per core: freed memory of finished queries is reused, not kept.
            env = {**os.environ, "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2")}
            self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env,
                                            preexec_fn=_die_with_parent if sys.platform == "linux" else None)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
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
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class EndpointServer(ThreadingHTTPServer):
    """The proxy: one thread per connection; forwards to the backend on ``backend_port``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], backend_port: int, *, writable: bool, limits: Limits,
                 quiet: bool = False) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.backend_port, self.writable, self.limits, self.quiet = backend_port, writable, limits, quiet
        self.restarts, self.last_restart = 0, ""  # set by the supervisor in run_endpoint
        self.ready = threading.Event()  # clear while the supervisor restarts the backend
        self.ready.set()
        # Each query running in the database server holds its intermediate results in memory: bounding
        # how many run at once bounds that memory (on two cores, more at once only share the CPU).
        self.slots = threading.BoundedSemaphore(max(1, limits.max_concurrent))
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: EndpointServer
    protocol_version = "HTTP/1.1"
    server_version = "igfkg-serve"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if not self.server.quiet:
            super().log_message(format, *args)

    def do_OPTIONS(self) -> None:
        methods = "GET, HEAD, POST, OPTIONS" + (", PUT, DELETE" if self.server.writable else "")
        self._send(204, b"", None, {"Access-Control-Allow-Methods": methods, "Access-Control-Max-Age": "86400",
                                    "Access-Control-Allow-Headers": self.headers.get("Access-Control-Request-Headers")
                                    or "Content-Type, Accept"})

    def do_GET(self) -> None:
        self._proxy()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_GET

    def _proxy(self) -> None:
        path, limits = urlsplit(self.path).path, self.server.limits
        self._body_read = False
        if path not in _PATHS:
            return self._error(404, f"nothing at {path}: this SPARQL endpoint answers queries at /query "
                                    "(SPARQL 1.1 Protocol, GET or POST)")
        if (path == "/update" or path == "/store" and self.command in ("PUT", "POST", "DELETE")) and not self.server.writable:
            return self._error(403, "this endpoint is read-only: SPARQL Update (/update) and Graph Store writes "
                                    "(/store) are refused. Restart it with 'igfkg serve --writable' to allow them")
        body = self._body()
        if body is False:
            return
        reading = path in ("/", "/query") or self.command in ("GET", "HEAD")
        headers = {k: v for k in ("Content-Type", "Accept") if (v := self.headers.get(k))}
        self.server.ready.wait(120)
        restarts = self.server.restarts
        deadline = time.monotonic() + (limits.timeout if reading else limits.write_timeout)
        if not self.server.slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return self._timeout(reading)
        try:
            answer = self._forward(body, headers, reading, restarts, deadline)
        finally:
            self.server.slots.release()
        if answer:
            self._send(*answer)

    def _forward(self, body: bytes | None, headers: dict[str, str], reading: bool, restarts: int,
                 deadline: float) -> tuple[int, bytes, str | None] | None:
        """The database server's answer (status, body, content type), or None when an error was sent."""
        limits = self.server.limits
        conn = http.client.HTTPConnection("127.0.0.1", self.server.backend_port, timeout=max(0.001, deadline - time.monotonic()))
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            sock = conn.sock
            response = conn.getresponse()
            chunks, size = [], 0
            while chunk := self._read(response, sock, deadline):
                size += len(chunk)
                if reading and size > limits.max_result_bytes:
                    return self._error(422, f"the answer is larger than this endpoint's cap of {limits.max_result_bytes // 2**20} MB "
                                            "and was not sent; add a LIMIT or narrow the query (the cap is set by "
                                            "'igfkg serve --max-result-mb')")
                chunks.append(chunk)
        except TimeoutError:
            return self._timeout(reading)
        except (OSError, http.client.HTTPException) as e:
            for _ in range(20):  # the supervisor notices a stopped server within a second
                if self.server.restarts != restarts:
                    self.server.ready.wait(120)
                    return self._error(503, f"the query was stopped: {self.server.last_restart}; the endpoint "
                                            "restarted its database server: narrow the query or add a LIMIT")
                time.sleep(0.1)
            return self._error(502, f"the oxigraph server behind this endpoint did not answer ({e}); restart 'igfkg serve'")
        finally:
            conn.close()
        data = b"".join(chunks)
        if reading and response.status == 200 and data.endswith(_CANCELLED):
            return self._timeout(reading)
        return response.status, data, response.getheader("Content-Type")

    @staticmethod
    def _read(response: http.client.HTTPResponse, sock: socket.socket | None, deadline: float) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if sock is not None:
            sock.settimeout(remaining)
        return response.read(1 << 16)

    def _timeout(self, reading: bool) -> None:
        limits = self.server.limits
        seconds = limits.timeout if reading else limits.write_timeout
        self._error(503, f"the query was stopped at this endpoint's time limit of {seconds} s; narrow it or add a LIMIT "
                         "(the limit is set by 'igfkg serve --timeout')" if reading else
                    f"the request was stopped at this endpoint's time limit of {seconds} s for writes")

    def _body(self) -> bytes | None | bool:
        """The request body (None without one); False when refused (an answer was sent)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._error(411, "send the request body with a Content-Length")
            return False
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._error(400, "bad Content-Length")
            return False
        if length > self.server.limits.max_request_bytes:
            self._error(413, f"the request body is larger than this endpoint's cap of "
                             f"{self.server.limits.max_request_bytes // 2**20} MB")
            return False
        self._body_read = True
        return self.rfile.read(length) if length else None

    def _error(self, status: int, message: str) -> None:
        if (self.headers.get("Content-Length") or "0").strip() != "0" and not getattr(self, "_body_read", False):
            self.close_connection = True  # the body was not read: the connection cannot be reused
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: int, data: bytes, content_type: str | None, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in {**_CORS, **(extra or {})}.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and data:
            self.wfile.write(data)


def open_endpoint(store: Path, *, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                  limits: Limits = Limits(), quiet: bool = False) -> tuple[EndpointServer, Backend]:
    """Start the backend on ``store`` and bind the proxy (not yet serving: call ``serve_forever``).

    Raises StoreError when the store cannot be served or the address cannot be bound.
    """
    store = Path(store)
    if writable:
        from queries.store import EmbeddedStore
        opened = EmbeddedStore(store)  # creates the folder and loads the vocabularies, then lets go of it
        del opened
    elif not (store / "CURRENT").exists():
        raise StoreError(f"no igfkg store at '{store}'; run 'igfkg ingest REPORT --store {store}' first")
    backend = Backend(store, writable=writable, timeout=limits.timeout)
    backend.start()
    if limits.max_memory_bytes and backend.rss() > limits.max_memory_bytes:
        backend.stop()
        raise StoreError(f"the database server alone uses more than the memory limit of "
                         f"{limits.max_memory_bytes // 2**20} MB; give a larger --max-memory-mb")
    try:
        server = EndpointServer((host, port), backend.port, writable=writable, limits=limits, quiet=quiet)
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
        while not stopping.wait(0.25):
            if not backend.alive():
                reason = f"the database server stopped ({backend.log()[-200:] or 'no message'})"
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
            server.last_restart, server.restarts = reason, server.restarts + 1
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
            server.backend_port = backend.port
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
