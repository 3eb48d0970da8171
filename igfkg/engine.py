"""The database engine behind ``igfkg serve``: worker processes that open the store with pyoxigraph
and answer one SPARQL request at a time over their standard input and output (pipes: no socket,
no port, so no other program can reach them), and the pool the endpoint keeps of them.

A worker is ``python -m igfkg.engine STORE [--writable]``. It opens the store (read-only, or
writable: then it is the only one), says it is ready, then reads requests and writes answers:

- a request: 4 bytes (big-endian length) and a JSON object: ``op`` (``query``, ``update``,
  ``store-get``, ``store-put``, ``store-post``, ``store-delete``), ``text`` (the SPARQL),
  ``accept``, ``default_graphs``/``named_graphs`` (IRIs: the query's dataset; without them the
  default graph is the union of all graphs), ``graph`` (Graph Store: an IRI, ``default`` or
  None for the whole dataset), ``content_type`` and ``body`` (its length: that many bytes follow),
  ``cap`` (the largest answer, in bytes);
- an answer: frames of one kind byte and 4 bytes of length, then the payload: ``D`` a piece of
  the answer's body (written as pyoxigraph serializes it, never more than ``cap`` bytes in all),
  then one ``E``, a JSON object: ``status``, ``content_type`` (200), or ``message`` (an error;
  data frames before it are not part of an answer). ``R`` once, when the store is open.

The pool (``Backend``) starts as many workers as queries may run at once (one when writable), hands
each request a worker of its own and takes it back; a worker killed to stop its query (time limit,
memory limit) or that died is replaced by a fresh one, started by one long-lived thread.
"""
from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

_FRAME = struct.Struct(">cI")
_LENGTH = struct.Struct(">I")
_CHUNK = 1 << 16


# ---- the worker (runs in its own process) ----

class _Body:
    """A binary file for pyoxigraph's serializers: sends what it gets as data frames of about 64 KB,
    and refuses (OSError) to send more than ``cap`` bytes in all."""

    def __init__(self, out, cap: int) -> None:
        self.out, self.cap, self.size, self.over, self._buffer = out, cap, 0, False, bytearray()

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.cap:
            self.over = True
            raise OSError("the answer is larger than the cap")
        self._buffer += data
        if len(self._buffer) >= _CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            _send(self.out, b"D", bytes(self._buffer))
            self._buffer.clear()


def _send(out, kind: bytes, payload: bytes = b"") -> None:
    out.write(_FRAME.pack(kind, len(payload)) + payload)


def _end(out, status: int, *, content_type: str | None = None, message: str = "") -> None:
    _send(out, b"E", json.dumps({"status": status, "content_type": content_type, "message": message}).encode())


def _read_exactly(stream, n: int) -> bytes | None:
    data = bytearray()
    while len(data) < n:
        got = stream.read(n - len(data))
        if not got:
            return None
        data += got
    return bytes(data)


def negotiate(accept: str | None, formats: list) -> object | None:
    """The first of ``formats`` (pyoxigraph QueryResultsFormat or RdfFormat values) the Accept
    header ``accept`` takes, by its q-values (the first format for none or ``*/*``); None when it
    takes none of them.

    >>> import pyoxigraph as ox
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV]).name
    'SPARQL Results in XML'
    """
    if not accept or not accept.strip():
        return formats[0]
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.replace(" ", "").lower().startswith("q="):
                try:
                    q = float(p.split("=", 1)[1])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, media.lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "*"):
            return formats[0]
        for f in formats:
            kind = f.media_type
            if media == kind or media.endswith("/*") and kind.startswith(media[:-1]) or type(f).from_media_type(media) == f:
                return f
    return None


def _formats():
    import pyoxigraph as ox
    results = [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV]
    graphs = [ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.N_QUADS, ox.RdfFormat.RDF_XML, ox.RdfFormat.TRIG,
              ox.RdfFormat.JSON_LD]
    return results, graphs


def _not_acceptable(out, accept: str | None, formats: list) -> None:
    _end(out, 406, message=f"the Accept header '{accept}' takes none of the formats this answer can be written in: "
                           + ", ".join(f.media_type for f in formats))


def _query(store, request: dict, out) -> None:
    import pyoxigraph as ox
    results, graphs = _formats()
    options: dict = {"use_default_graph_as_union": True}
    if request.get("default_graphs") or request.get("named_graphs"):
        options = {"default_graph": [ox.NamedNode(g) for g in request.get("default_graphs") or []] or ox.DefaultGraph(),
                   "named_graphs": [ox.NamedNode(g) for g in request.get("named_graphs") or []] or None}
    answer = store.query(request["text"], **options)
    formats = graphs if isinstance(answer, ox.QueryTriples) else results
    fmt = negotiate(request.get("accept"), formats)
    if fmt is None:
        return _not_acceptable(out, request.get("accept"), formats)
    _write(out, request, fmt, lambda body: answer.serialize(body, fmt))


def _write(out, request: dict, fmt, serialize: Callable) -> None:
    """Stream what ``serialize`` writes as data frames, then the end frame (422 past the cap)."""
    body = _Body(out, request["cap"])
    try:
        serialize(body)
        body.flush()
    except (OSError, ValueError) as e:
        if body.over:
            return _end(out, 422, message="the answer is larger than the cap")
        return _end(out, 500, message=f"the answer broke off: {e}")
    _end(out, 200, content_type=fmt.media_type)


def _graph_store(store, request: dict, body: bytes, out) -> None:
    """The Graph Store Protocol: read, replace, add to or delete a graph (``graph``: an IRI or
    ``default``; None: the whole dataset, for reading)."""
    import pyoxigraph as ox
    op, graph = request["op"], request.get("graph")
    name = ox.DefaultGraph() if graph in (None, "default") else ox.NamedNode(graph)
    exists = isinstance(name, ox.DefaultGraph) or store.contains_named_graph(name)
    if op == "store-get":
        if not exists:
            return _end(out, 404, message=f"there is no graph <{graph}> in this store")
        _, graphs = _formats()
        formats = [f for f in graphs if f.supports_datasets] if graph is None else graphs
        fmt = negotiate(request.get("accept"), formats)
        if fmt is None:
            return _not_acceptable(out, request.get("accept"), formats)
        quads = store.quads_for_pattern(None, None, None, None if graph is None else name)
        items = quads if graph is None else (q.triple for q in quads)
        return _write(out, request, fmt, lambda b: ox.serialize(items, b, fmt))
    if op == "store-delete":
        if not exists:
            return _end(out, 404, message=f"there is no graph <{graph}> in this store")
        store.update("DROP DEFAULT" if graph == "default" else f"DROP GRAPH {name}")
        return _end(out, 204)
    fmt = ox.RdfFormat.from_media_type(request.get("content_type") or "")
    if fmt is None or fmt.supports_datasets:
        return _end(out, 415, message=f"send the graph as Turtle, N-Triples or RDF/XML (Content-Type), not "
                                      f"'{request.get('content_type')}'")
    triples = ox.serialize((t for t in ox.parse(body, fmt)), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    data = triples if graph == "default" else f"GRAPH {name} {{ {triples} }}"
    drop = ("DROP SILENT DEFAULT ; " if graph == "default" else f"DROP SILENT GRAPH {name} ; ") if op == "store-put" else ""
    store.update(f"{drop}INSERT DATA {{ {data} }}")  # one transaction: all or nothing
    _end(out, 204 if exists else 201)


def answer(store, request: dict, body: bytes, out) -> None:
    """Answer one request on ``out`` (frames: see the module docstring)."""
    try:
        if request["op"] == "query":
            _query(store, request, out)
        elif request["op"] == "update":
            store.update(request["text"])
            _end(out, 204)
        else:
            _graph_store(store, request, body, out)
    except SyntaxError as e:
        _end(out, 400, message=str(e))
    except ValueError as e:  # a bad IRI in default-graph-uri, a graph IRI
        _end(out, 400, message=str(e))
    except OSError as e:
        _end(out, 500, message=str(e))


def main(argv: list[str] | None = None) -> int:
    """The worker's loop: open the store, then answer requests until standard input closes."""
    import pyoxigraph as ox

    from ingest.errors import IgfkgError
    args = sys.argv[1:] if argv is None else argv
    path, writable = args[0], "--writable" in args[1:]
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # anything printed goes to the log, not into the frames
    try:
        store = ox.Store(path) if writable else ox.Store.read_only(path)
        if writable:  # updates change the store behind the derived index: it stays stale until rebuilt
            from queries.derived import DerivedIndex, index_path
            DerivedIndex(index_path(path)).mark_stale()
    except (OSError, IgfkgError) as e:
        _end(out, 500, message=str(e))
        return 2
    _send(out, b"R")
    stdin = sys.stdin.buffer
    while (head := _read_exactly(stdin, _LENGTH.size)) is not None:
        request = json.loads(_read_exactly(stdin, _LENGTH.unpack(head)[0]) or b"{}")
        body = _read_exactly(stdin, request.get("body", 0)) or b""
        answer(store, request, body, out)
    return 0


# ---- the proxy's side ----

class WorkerGone(Exception):
    """The worker's pipe closed: it died (or was killed) before it answered."""


class Worker:
    """One engine process and its pipes."""

    def __init__(self, store: Path, *, writable: bool, log) -> None:
        cmd = [sys.executable, "-m", "igfkg.engine", str(store)] + (["--writable"] if writable else [])
        # Two malloc arenas, not eight per core: freed memory of finished queries is reused, not kept.
        env = {**os.environ, "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2")}
        env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parent.parent)] +
                                            ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        self.process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env, bufsize=0,
                                        preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        self._pending = bytearray()

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self, seconds: float, check: Callable[[], None] | None = None) -> str | None:
        """None once the store is open; else why not (the worker's message). ``check`` as for ``frame``."""
        try:
            kind, payload = self.frame(time.monotonic() + seconds, check)
        except TimeoutError:
            self.kill()
            return f"it did not open the store within {seconds:g} s"
        except WorkerGone:
            return "it stopped before it opened the store"
        return None if kind == b"R" else json.loads(payload).get("message") or "no message"

    def send(self, request: dict, body: bytes = b"") -> None:
        """Send one request. Raises WorkerGone."""
        head = json.dumps({**request, "body": len(body)}).encode()
        try:
            self.process.stdin.write(_LENGTH.pack(len(head)) + head)
            if body:
                self.process.stdin.write(body)
        except (BrokenPipeError, OSError) as e:
            raise WorkerGone(str(e)) from e

    def frame(self, deadline: float, check: Callable[[], None] | None = None) -> tuple[bytes, bytes]:
        """The next frame (kind, payload). Raises TimeoutError at ``deadline``, WorkerGone when the
        pipe closes; calls ``check`` (which may raise) at least every quarter of a second while waiting."""
        head = self._exactly(_FRAME.size, deadline, check)
        kind, size = _FRAME.unpack(head)
        return kind, self._exactly(size, deadline, check)

    def _exactly(self, n: int, deadline: float, check: Callable[[], None] | None) -> bytes:
        while len(self._pending) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            try:  # the pipe is closed under us when the pool stops
                fd = self.process.stdout.fileno()
                ready, _, _ = select.select([fd], [], [], min(remaining, 0.25))
                got = os.read(fd, max(_CHUNK, n - len(self._pending))) if ready else None
            except (OSError, ValueError) as e:
                raise WorkerGone(str(e)) from e
            if check is not None:
                check()
            if got == b"":
                raise WorkerGone("the worker's pipe closed")
            if got:
                self._pending += got
        data = bytes(self._pending[:n])
        del self._pending[:n]
        return data

    def rss(self) -> int:
        """The worker's own resident memory in bytes: anonymous pages (RssAnon: heap, caches,
        results being computed), not the store's files it maps, which the kernel can drop and shares
        with the page cache (0 where /proc does not tell)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0
        for line in status.splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
        return 0

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass

    def close(self, wait: float = 10.0) -> None:
        """Let the worker finish: close its input (it exits when done), kill it after ``wait`` seconds."""
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(wait)
        except subprocess.TimeoutExpired:
            pass
        self.kill()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the worker gets SIGTERM if the thread that started it ends (igfkg dies without stopping it;
    workers are started by the pool's own thread, which lives as long as the pool)."""
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Backend:
    """The pool of workers on a store folder: ``size`` read-only workers, or one writable one.

    ``take`` gives a request a worker of its own (waiting for a free turn up to its time limit),
    ``give_back`` returns it, ``replace`` kills it (stopping whatever it computes) and has a fresh
    one started. ``on_failure`` is called (once) when workers keep dying or a fresh one cannot open
    the store.
    """

    def __init__(self, store: Path, *, writable: bool, size: int, max_memory_bytes: int | None = None) -> None:
        self.store, self.writable = Path(store), writable
        self.size = 1 if writable else size
        self.max_memory_bytes = max_memory_bytes
        self.hold = None  # the store's lock file, held while serving (queries.store.hold_store)
        self.restarts, self.last_restart = 0, ""
        self.failure: str | None = None
        self.on_failure: Callable[[str], None] = lambda reason: None
        self._turns = threading.Semaphore(self.size)
        self._idle: list[Worker] = []
        self._all: set[Worker] = set()
        self._changed = threading.Condition()
        self._to_start: list[int] = []  # requests to the starter thread (a count each)
        self._wanted = threading.Condition()
        self._recent: list[float] = []  # times workers died by themselves or grew past the memory limit
        self._stopping = False
        self._log = tempfile.TemporaryFile()
        self._starter: threading.Thread | None = None

    def start(self, *, wait: float = 60.0) -> None:
        """Start the workers and wait until each has the store open. Raises StoreError with the engine's message."""
        from ingest.errors import StoreError
        self._starter = threading.Thread(target=self._start_workers, name="igfkg-engine-starter", daemon=True)
        self._starter.start()
        self._ask(self.size)
        deadline = time.monotonic() + wait
        with self._changed:
            while len(self._idle) < self.size and self.failure is None and time.monotonic() < deadline:
                self._changed.wait(0.1)
        if self.failure is not None or len(self._idle) < self.size:
            reason = self.failure or f"the workers did not open the store within {wait:g} s"
            self.stop()
            locked = "lock" in reason.lower()
            raise StoreError(f"the database engine could not open the store at '{self.store}': {reason}"
                             + ("" if self.writable or locked else "; is it an igfkg store? (run 'igfkg ingest' first)")
                             + (" (another program has the store open for writing: stop it, or serve without --writable)"
                                if locked else ""))

    def _ask(self, n: int) -> None:
        with self._wanted:
            self._to_start.append(n)
            self._wanted.notify()

    def _start_workers(self) -> None:
        """The starter thread: starts the workers asked for, one at a time (the workers' death
        signal is tied to this thread, which lives as long as the pool)."""
        while True:
            with self._wanted:
                while not self._to_start and not self._stopping:
                    self._wanted.wait()
                if self._stopping:
                    return
                self._to_start[0] -= 1
                if self._to_start[0] <= 0:
                    self._to_start.pop(0)
            worker = Worker(self.store, writable=self.writable, log=self._log)
            with self._changed:
                self._all.add(worker)
            problem = worker.wait_ready(60, check=self._check_stopping)
            with self._changed:
                if problem is None and not self._stopping:
                    self._idle.append(worker)
                    self._changed.notify_all()
                    continue
            worker.kill()
            with self._changed:
                self._all.discard(worker)
            if not self._stopping:
                self._fail(f"{problem} ({self.log()[-300:] or 'no message'})" if problem else "stopping")
                return

    def _check_stopping(self) -> None:
        if self._stopping:
            raise WorkerGone("the pool is stopping")

    def _fail(self, reason: str) -> None:
        with self._changed:
            if self.failure is not None:
                return
            self.failure = reason
            self._changed.notify_all()
        self.on_failure(reason)

    def take(self, seconds: float) -> Worker | None:
        """A worker for one request, waiting up to ``seconds`` for a free turn (then, if its worker is
        being restarted, until it is ready); None when none came free, or the pool failed."""
        if not self._turns.acquire(timeout=seconds):
            return None
        with self._changed:
            while not self._idle and self.failure is None and not self._stopping:
                self._changed.wait(0.5)
            if not self._idle:
                self._turns.release()
                return None
            worker = self._idle.pop()
        if not worker.alive():  # died while idle
            self.replace(worker, f"the database engine stopped ({self.log()[-200:] or 'no message'})", counted=True)
            return self.take(seconds)
        return worker

    def give_back(self, worker: Worker) -> None:
        """Return a worker after a request; one that grew past the memory limit is restarted."""
        limit = self.max_memory_bytes
        if limit and worker.rss() > limit:
            self.replace(worker, f"it kept more than the endpoint's memory limit of {limit // 2**20} MB after a query",
                         counted=False)
            return
        with self._changed:
            self._idle.append(worker)
            self._changed.notify_all()
        self._turns.release()

    def replace(self, worker: Worker, reason: str, *, counted: bool) -> None:
        """Kill ``worker`` (stopping its query), free its turn and start a fresh one. ``counted``: it
        died by itself or grew past the memory limit (more than five such within a minute: the pool fails)."""
        worker.kill()
        with self._changed:
            self._all.discard(worker)
            self.restarts += 1
            self.last_restart = reason
        print(f"igfkg serve: {reason}; restarting it", file=sys.stderr, flush=True)
        if counted:
            now = time.monotonic()
            self._recent[:] = [t for t in self._recent if t > now - 60] + [now]
            if len(self._recent) > 5:
                self._fail(f"it stopped {len(self._recent)} times within a minute; last: {reason}")
        self._ask(1)
        self._turns.release()

    def log(self) -> str:
        """The end of what the workers wrote to standard error, on one line."""
        self._log.seek(0, 2)
        size = self._log.tell()
        self._log.seek(max(0, size - 4000))
        return " ".join(self._log.read().decode("utf-8", "replace").split())[-1000:]

    def pids(self) -> list[int]:
        with self._changed:
            return [w.pid for w in self._all if w.alive()]

    def worker_rss(self) -> list[int]:
        """Each worker's own resident memory (RssAnon), in bytes."""
        with self._changed:
            workers = list(self._all)
        return [w.rss() for w in workers]

    def rss(self) -> int:
        """The workers' own resident memory (RssAnon) added up, in bytes."""
        return sum(self.worker_rss())

    def stop(self) -> None:
        """Stop the workers and let go of the store."""
        with self._wanted:
            self._stopping = True
            self._wanted.notify_all()
        with self._changed:
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._changed.notify_all()
        if self._starter is not None and self._starter is not threading.current_thread():
            self._starter.join(70)
        with self._changed:  # one the starter began as it was told to stop
            workers += list(self._all)
            self._all.clear()
        for w in workers:
            w.close(wait=0 if not self.writable else 10)
        if self.hold is not None:
            self.hold.close()
            self.hold = None


if __name__ == "__main__":
    sys.exit(main())
