"""Latency of every named query at N generated reports: p50 and p95 on the embedded store, through
``igfkg serve`` (over HTTP, as ``--store http://...`` runs them), on Virtuoso open source loaded with
the store's quads, and on rdflib's in-memory Dataset loaded with the same quads (the baseline), in one run.

- The store is built once per N from ``benchmarks/corpus.py`` reports with
  ``Igfkg(store).ingest_paths(files, validate=False)`` and kept in ``--work`` for later runs.
- Variants (``--variants``): ``embedded`` (the store folder, in the worker process), ``serve``
  (``igfkg serve`` on it, keeping no answer between runs: ``--answer-cache-mb 0``), ``virtuoso`` and ``rdflib``. Both igfkg variants answer the named queries
  that have an SQL twin from the derived index beside the store (``queries.derived``); Virtuoso and
  rdflib run every query's SPARQL text.
- ``virtuoso``: Virtuoso open source 7.2 (Debian's ``virtuoso-opensource``: ``virtuoso-t`` and
  ``isql-vt``; skipped, saying so, where they are not installed). Its database is loaded once per N
  in ``--work`` (``virtuoso-N-seedS/``) from the store's N-Quads with ``ld_dir``/``rdf_loader_run``,
  kept for later runs (the load's time is in the results as ``virtuoso_load_s``), started for its
  variant and stopped after. Queries go to its ``/sparql`` endpoint through ``RemoteStore``, as
  ``--store http://127.0.0.1:PORT/sparql`` runs them; its default graph is the union of all graphs
  (Virtuoso's own default, as in tests/test_virtuoso.py).
- Each variant runs in its own worker process. Each query runs once to warm up, then
  ``--repeat`` times, or until ``--budget`` seconds are spent on it (at least 3 runs, at most
  3 x budget). A run longer than ``--limit`` seconds is stopped (the endpoint's time limit:
  ``igfkg serve --timeout``, Virtuoso's ``MaxQueryExecutionTime``; an alarm for rdflib; the worker
  is killed for the embedded store) and shown as ``> limit``. Virtuoso refuses a query it stopped
  (HTTP 500: it answers in part only when the request asks so with a ``timeout`` parameter, which
  RemoteStore does not send), between the limit and about twice it; but its limit leaves the making
  of a large answer unbounded (``statements-export``: 27 s at 1,000 reports with a 10 s limit). So,
  as for the embedded store, a run still going 10 s after the limit is stopped by killing the
  worker, and Virtuoso is started anew (it would go on with the query during the next ones).
- The row counts of the variants are compared: a line says where they differ.
- Parameters are typical values taken from the store: the full name of the median person by
  statements (its surname may be shared at 10,000 reports), the label of the median concept by
  statements, the latest meeting, a quarter of dates, and so on.
- Times include turning the answer into rows of terms (``queries.run.run``), as the CLI does;
  the baseline runs the same query text, parameters bound by VALUES, with the same prefixes.

Usage::

    python benchmarks/queries.py -n 1000
    python benchmarks/queries.py -n 100 -n 1000 --limit 30 --work /tmp/igfkg-bench --json results.json
    python benchmarks/queries.py -n 1000 --queries who-said-what,about-concept,topic-timeline,co-participation
    python benchmarks/queries.py -n 1000 --variants embedded,serve,virtuoso --work /tmp/igfkg-bench
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, this folder comes first on sys.path and this file would shadow igfkg's own
# ``queries`` package: drop the folder and put the project root there instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

VARIANTS = ("embedded", "serve", "virtuoso", "rdflib")
TARGETS = {"who-said-what": 0.020, "about-concept": 0.020, "topic-timeline": 1.0, "co-participation": 1.0}


def build_store(n: int, work: Path, *, seed: int = 0) -> Path:
    """The store of ``n`` generated reports in ``work`` (built once; a marker file says it is complete)."""
    from benchmarks.corpus import write_corpus
    from igfkg.core import Igfkg, Ingested
    store, marker = work / f"store-{n}-seed{seed}", work / f"store-{n}-seed{seed}.json"
    if marker.exists() and store.exists():
        return store
    files = write_corpus(work / f"reports-{n}-seed{seed}", n, seed=seed)
    start, done = time.perf_counter(), [0]

    def progress(result) -> None:
        done[0] += 1
        if done[0] % 100 == 0 or done[0] == n:
            print(f"  built {done[0]}/{n} reports in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

    kg = Igfkg(str(store))
    results = kg.ingest_paths(files, validate=False, on_result=progress)
    kg.store.flush()
    del kg
    stored = sum(isinstance(r, Ingested) for r in results)
    marker.write_text(json.dumps({"reports": n, "stored": stored, "seconds": time.perf_counter() - start}))
    return store


def sample_params(store) -> dict[str, list[str]]:
    """Parameter values by ``name:type``, most typical first (used by this benchmark and load.py)."""
    def column(sparql: str) -> list[str]:
        return [r[0].value for r in store.select(sparql).rows if r[0] is not None]

    def typical(values: list[str]) -> list[str]:
        """Up to 20 values from the middle of a list ranked by use: the median first, then its neighbours."""
        mid = len(values) // 2
        around = sorted(range(len(values)), key=lambda i: (abs(i - mid), i))[:20]
        return [values[i] for i in around]

    # The typical person and concept (the median by statements), not the busiest: at 10,000 reports the
    # busiest person said ~10,000 things, and a lookup's time is mostly the time to return its rows.
    speakers = typical(column("SELECT ?p WHERE { ?s igf:speaker ?p } GROUP BY ?p ORDER BY DESC(COUNT(?s)) ?p"))
    names = [column(f"SELECT ?n WHERE {{ <{p}> foaf:name ?n }} ORDER BY DESC(STRLEN(?n)) LIMIT 1")[0] for p in speakers]
    concepts = typical(column("SELECT ?c WHERE { ?s dcterms:subject ?c } GROUP BY ?c ORDER BY DESC(COUNT(?s)) ?c"))
    labels = [column(f"SELECT ?l WHERE {{ <{c}> skos:prefLabel ?l }} LIMIT 1")[0] for c in concepts]
    meetings = column("SELECT ?m WHERE { ?m a igf:Meeting ; dcterms:date ?d } ORDER BY DESC(?d) ?m LIMIT 20")
    organisations = column("SELECT ?l WHERE { ?ms org:organization ?o ; org:role igfr:affiliated . ?o skos:prefLabel ?l } "
                           "GROUP BY ?l ORDER BY DESC(COUNT(?ms)) ?l LIMIT 20")
    first = column("SELECT (MIN(?d) AS ?first) WHERE { ?m a igf:Meeting ; dcterms:date ?d }")[0]
    import datetime as dt
    start = dt.date.fromisoformat(first[:10])
    return {"person:string": names, "person:iri": speakers, "concept:string": labels,
            "concept:iri": concepts, "meeting:iri": meetings, "start:date": [start.isoformat()],
            "end:date": [(start + dt.timedelta(days=91)).isoformat()], "last:integer": ["6"],
            "organisation:string": organisations or ["Secretariat"], "by:string": ["year"]}


def params_for(query, samples: dict[str, list[str]], index: int = 0) -> dict[str, str]:
    return {p.name: samples[f"{p.name}:{p.type}"][index % len(samples[f"{p.name}:{p.type}"])] for p in query.params}


def start_serve(store: Path, *, timeout: int = 300, max_memory_mb: int | None = None,
                answer_cache_mb: int | None = None) -> tuple[subprocess.Popen, str]:
    """``igfkg serve`` on ``store`` (read-only, a free loopback port), once it answers
    (``answer_cache_mb``: its ``--answer-cache-mb``; None: its default)."""
    from igfkg.endpoint import free_port
    port = free_port()
    exe = Path(sys.executable).parent / "igfkg"
    cmd = [str(exe) if exe.exists() else "igfkg", "serve", "--store", str(store), "--port", str(port), "--quiet",
           "--timeout", str(timeout), "--max-result-mb", "2000"]
    if max_memory_mb:
        cmd += ["--max-memory-mb", str(max_memory_mb)]
    if answer_cache_mb is not None:
        cmd += ["--answer-cache-mb", str(answer_cache_mb)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=5):
                return proc, url
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    stop(proc)
    raise RuntimeError("igfkg serve did not start")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql}
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
[HTTPServer]
ServerPort = {http}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {limit}
"""
# Pages of 8 KiB in Virtuoso's buffer pool. Its guidance is 170,000 per 1.5 GB of free memory, so
# 250,000 is about 2.2 GB (1.9 GiB of pages): nearly all of the 10,000-report store's database
# (about 2 GiB: 202 MiB at 1,000 reports). Queries take memory of their own besides (peak RSS
# 1.3 GiB at 1,000 reports).
VIRTUOSO_BUFFERS = 250_000
# The graph of quads that have none (the store's N-Quads name one for every quad).
VIRTUOSO_LOAD_GRAPH = "https://w3id.org/igfkg/id/graph/loaded"


def virtuoso_tools() -> tuple[str, str] | None:
    """(virtuoso-t, isql-vt) when both are installed, else None."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


def virtuoso_version() -> str:
    """Virtuoso's version, as ``virtuoso-t -?`` gives it (e.g. ``7.2.5.3229-pthreads``)."""
    tools = virtuoso_tools()
    out = subprocess.run([tools[0], "-?"], capture_output=True, text=True, timeout=30) if tools else None
    lines = (out.stdout + out.stderr).splitlines() if out else []
    return next((line.split()[1] for line in lines if line.startswith("Version ")), "unknown")


def isql(port: int, sql: str, *, timeout: float = 600) -> str:
    """Run SQL statements with ``isql-vt`` as dba on Virtuoso's SQL port; their output, without
    banners. Raises RuntimeError when one fails (isql-vt exits 0 after an SQL error)."""
    tools = virtuoso_tools()
    if tools is None:
        raise RuntimeError("isql-vt is not installed (apt-get install virtuoso-opensource)")
    out = subprocess.run([tools[1], str(port), "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF",
                          f"exec={sql}"], capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0 or "*** Error" in out.stderr:
        raise RuntimeError(f"isql-vt failed on '{sql[:200]}': {(out.stderr or out.stdout).strip()[:1000]}")
    return out.stdout


def _listening(port: int, proc: subprocess.Popen, seconds: float) -> None:
    """Wait until ``proc`` listens on ``port``; RuntimeError when it stops or takes too long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"virtuoso-t stopped while starting (exit {proc.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"virtuoso-t did not listen on {port} within {seconds:g} s")


def start_virtuoso(db: Path, *, limit: float = 0, buffers: int = VIRTUOSO_BUFFERS) -> tuple[subprocess.Popen, int, str]:
    """``virtuoso-t`` on the database folder ``db`` (made when missing), on free loopback ports, once it
    listens: (process, SQL port, SPARQL endpoint URL). A SPARQL query is stopped after ``limit``
    seconds (rounded up; 0: never); ``buffers``: pages of 8 KiB in its buffer pool. What it prints
    (its log, in the foreground) goes to ``db/console.log``."""
    from igfkg.endpoint import free_port
    tools = virtuoso_tools()
    if tools is None:
        raise RuntimeError("virtuoso-t or isql-vt is not installed (apt-get install virtuoso-opensource)")
    db = db.resolve()
    db.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    (db / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
        d=db, sql=sql, http=http, buffers=buffers, dirty=buffers * 3 // 4, limit=math.ceil(limit)))
    with open(db / "console.log", "ab") as log:
        proc = subprocess.Popen([tools[0], "+foreground", "+configfile", str(db / "virtuoso.ini")], cwd=db,
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        _listening(sql, proc, 600)  # a database not checkpointed is rolled forward first
        _listening(http, proc, 60)
    except RuntimeError as e:
        stop(proc)
        raise RuntimeError(f"{e}; see {db / 'console.log'}") from e
    except BaseException:
        stop(proc)
        raise
    return proc, sql, f"http://127.0.0.1:{http}/sparql"


def stop_virtuoso(proc: subprocess.Popen, sql_port: int) -> None:
    """Shut Virtuoso down by SQL (a checkpoint, then exit); terminated or killed when that fails."""
    if proc.poll() is None:
        try:
            isql(sql_port, "shutdown;", timeout=300)
            proc.wait(120)
        except (RuntimeError, subprocess.TimeoutExpired, OSError):
            pass
    stop(proc)


def peak_rss_mib(pid: int) -> float | None:
    """The high-water mark of a process's resident memory (VmHWM, Linux), else None."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return int(status.split("VmHWM:", 1)[1].split()[0]) / 1024 if "VmHWM:" in status else None


def _virtuoso_quads(url: str) -> int:
    from queries.store import RemoteStore
    return len(RemoteStore(url, read_only=True, timeout=3600))


def build_virtuoso(store: Path, n: int, work: Path, *, quads: int, seed: int = 0) -> tuple[Path, dict]:
    """Virtuoso's database of the store of ``n`` reports (``quads`` quads) in ``work``, and the figures
    of its load (quads, loaded, export_s, load_s, database_mib). Loaded once from the store's N-Quads,
    written to a file as they are read (and removed after); a marker file says it is complete and for
    which store (loaded anew when the store's number of quads changed)."""
    import pyoxigraph as ox
    db, marker = work / f"virtuoso-{n}-seed{seed}", work / f"virtuoso-{n}-seed{seed}.json"
    if marker.exists() and (db / "virtuoso.db").exists():
        done = json.loads(marker.read_text())
        if done.get("quads") == quads:
            return db, done
    shutil.rmtree(db, ignore_errors=True)
    source = ox.Store.read_only(str(store))
    dump = db.resolve() / "load" / "store.nq"
    dump.parent.mkdir(parents=True)
    print(f"  virtuoso: exporting {quads:,} quads to {dump}", file=sys.stderr, flush=True)
    t = time.perf_counter()
    source.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
    del source
    export_s = time.perf_counter() - t
    print(f"  virtuoso: exported in {export_s:.0f} s ({dump.stat().st_size / 2**20:,.0f} MiB); loading",
          file=sys.stderr, flush=True)
    proc, port, url = start_virtuoso(db)
    try:
        before = _virtuoso_quads(url)  # Virtuoso's own graphs, in the default graph too
        t = time.perf_counter()
        isql(port, f"ld_dir('{dump.parent}', '*.nq', '{VIRTUOSO_LOAD_GRAPH}'); rdf_loader_run(); checkpoint;",
             timeout=6 * 3600)
        load_s = time.perf_counter() - t
        errors = isql(port, "select ll_file || ': ' || ll_error from DB.DBA.LOAD_LIST where ll_error is not null;")
        if errors.strip():
            raise RuntimeError(f"Virtuoso did not load {dump}: {errors.strip()[:1000]}")
        loaded = _virtuoso_quads(url) - before
    finally:
        stop_virtuoso(proc, port)
    dump.unlink()
    done = {"quads": quads, "loaded": loaded, "export_s": export_s, "load_s": load_s,
            "database_mib": sum(f.stat().st_size for f in db.glob("virtuoso*.db")) / 2**20}
    print(f"  virtuoso: loaded {loaded:,} quads in {load_s:.0f} s ({done['database_mib']:,.0f} MiB)",
          file=sys.stderr, flush=True)
    if loaded != quads:
        print(f"  warning: virtuoso holds {loaded:,} quads, the store {quads:,}", file=sys.stderr, flush=True)
    marker.write_text(json.dumps(done))
    return db, done


class VirtuosoServer:
    """Virtuoso on a loaded database while its variant is measured: the URL to query, a restart, and
    the peak resident memory over its runs."""

    def __init__(self, db: Path, *, limit: float) -> None:
        self.db, self.limit, self.peak_mib = db, limit, 0.0
        self.proc, self.port, self.url = start_virtuoso(db, limit=limit)

    def _note_peak(self) -> None:
        self.peak_mib = max(self.peak_mib, peak_rss_mib(self.proc.pid) or 0.0)

    def restart(self) -> str:
        """Kill Virtuoso and start it anew; the URL to query now. Used when a worker was stopped in a
        run: Virtuoso goes on with a query its client left (it notices only when it writes the answer)."""
        self._note_peak()
        self.proc.kill()
        self.proc.wait()
        self.proc, self.port, self.url = start_virtuoso(self.db, limit=self.limit)
        return self.url

    def stop(self) -> None:
        self._note_peak()
        stop_virtuoso(self.proc, self.port)


@contextlib.contextmanager
def endpoint(variant: str, store: Path, n: int, work: Path, *, seed: int, limit: float, info: dict):
    """(URL, restart) for the variant's worker: the URL it queries (None: it opens the store itself),
    with its server running meanwhile and stopped after, on errors too; restart (or None) starts the
    server anew and gives its URL. Virtuoso's load and memory go into ``info``."""
    if variant == "serve":
        # no answer kept between runs (--answer-cache-mb 0): each run's answer is made anew
        proc, url = start_serve(store, timeout=math.ceil(limit), answer_cache_mb=0)
        try:
            yield url, None
        finally:
            stop(proc)
    elif variant == "virtuoso":
        db, load = build_virtuoso(store, n, work, quads=info["quads"], seed=seed)
        info.update(virtuoso=virtuoso_version(), virtuoso_quads=load["loaded"], virtuoso_export_s=load["export_s"],
                    virtuoso_load_s=load["load_s"], virtuoso_database_mib=load["database_mib"])
        server = VirtuosoServer(db, limit=limit)
        try:
            yield server.url, server.restart
        finally:
            server.stop()
            info["virtuoso_peak_rss_mib"] = server.peak_mib or None
    else:
        yield None, None


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class _OverLimit(Exception):
    pass


def _alarm(signum, frame):
    raise _OverLimit


def _runner(variant: str, store: Path, url: str | None, limit: float):
    """A function (query, params) -> row count for one variant, and the time its setup took."""
    from ontology import PREFIXES
    from queries.run import bind
    from queries.run import run as run_query
    from queries.store import EmbeddedStore, RemoteStore
    from queries.values import inline_values
    t = time.perf_counter()
    if variant == "embedded":
        target = EmbeddedStore(store, read_only=True)
    elif variant in ("serve", "virtuoso"):
        target = RemoteStore(url, read_only=True, timeout=limit + 60)
    else:
        ds = rdflib_dataset(EmbeddedStore(store, read_only=True))
        signal.signal(signal.SIGALRM, _alarm)

        def run_rdflib(q, params) -> int:  # the same text the endpoint gets: parameters as VALUES
            signal.setitimer(signal.ITIMER_REAL, limit)  # rdflib is pure Python: the alarm stops it
            try:
                return len(list(ds.query(inline_values(q.sparql, bind(q, params)), initNs=PREFIXES)))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        return run_rdflib, time.perf_counter() - t

    def run(q, params) -> int:
        start = time.perf_counter()
        try:
            rows = len(run_query(target, q, params).rows)
        except Exception as e:  # igfkg serve stops a query at its time limit (HTTP 503)
            over = variant == "virtuoso" and _virtuoso_over(e, time.perf_counter() - start, limit)
            if over or "time limit" in str(e):
                raise _OverLimit from e
            raise
        return rows
    return run, time.perf_counter() - t


def _virtuoso_over(error: Exception, seconds: float, limit: float) -> bool:
    """Whether Virtuoso refused a query for its time limit (``MaxQueryExecutionTime``): "SR171:
    Transaction timed out", or another error after the limit ("MTXNA: Main transaction branch has
    aborted" was seen too). Stopped between the limit and about twice it (seen at 1 and 5 s)."""
    return "SR171" in str(error) or "timed out" in str(error) or seconds >= limit


def worker(variant: str, store: Path, url: str | None, samples: dict, *, repeat: int, budget: float, limit: float,
           skip: set[str]) -> None:
    """Measure every named query not in ``skip``, printing one JSON line per run and per query.

    Each query runs once to warm up (counted when it took over a second: a cache does not explain
    that), then until ``repeat`` runs are timed, or ``budget`` seconds are spent (at least 3 runs,
    at most 3 x budget). A run longer than ``limit`` seconds is stopped (serve: by the endpoint's
    time limit; rdflib: by an alarm; embedded: the parent process kills this one; virtuoso: by its
    time limit, else as embedded, and the parent starts Virtuoso anew).
    """
    from queries.run import named_queries
    run, setup = _runner(variant, store, url, limit)
    print(json.dumps({"ready": setup}), flush=True)
    for name, q in named_queries().items():
        if name in skip:
            continue
        params = params_for(q, samples)
        times: list[float] = []
        rows, over, error, spent, warm = None, False, None, 0.0, True
        while len(times) < repeat and (spent < budget or len(times) < 3) and spent < 3 * budget:
            print(json.dumps({"run": name}), flush=True)
            t = time.perf_counter()
            try:
                rows = run(q, params)
            except _OverLimit:
                over = True
                break
            except Exception as e:  # e.g. rdflib cannot run a query: shown in the table, the others go on
                error = f"{type(e).__name__}: {e}"[:200]
                break
            elapsed = time.perf_counter() - t
            spent += elapsed
            if not warm or elapsed > 1:
                times.append(elapsed)
            warm = False
        print(json.dumps({"query": name, "times": times, "rows": rows, "over_limit": over, "error": error}), flush=True)


def measure_variant(variant: str, store: Path, url: str | None, samples: dict, *, repeat: int, budget: float,
                    limit: float, only: set[str], setup_limit: float = 3600, restart=None) -> dict[str, dict]:
    """Run ``worker`` in a subprocess; when one run outlives ``limit`` (plus a grace), kill it, mark
    the query over the limit and go on with the next in a new worker (after ``restart()``, when given,
    which starts the server anew and gives its URL)."""
    import queue
    import tempfile
    import threading

    from queries.run import named_queries
    out: dict[str, dict] = {}
    others = set(named_queries()) - only
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(samples, f)
    while True:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", variant, "--store", str(store),
               "--url", url or "", "--samples", f.name, "--repeat", str(repeat), "--budget", str(budget),
               "--limit", str(limit), "--skip", ",".join(set(out) | others)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=str(ROOT))
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout] + [lines.put("")], daemon=True).start()
        current, wait, stuck = None, setup_limit, False
        while True:
            try:
                line = lines.get(timeout=wait)
            except queue.Empty:
                stuck = True
                break
            if not line:
                break
            msg = json.loads(line)
            if "ready" in msg:
                print(f"  {variant}: ready in {msg['ready']:.0f} s", file=sys.stderr, flush=True)
            elif "run" in msg:
                current, wait = msg["run"], limit + 10
            elif "query" in msg:
                out[msg["query"]] = msg
                print(f"  {variant} {msg['query']}: {_cell(msg, 50)} ms (p50), {_cell(msg, 95)} ms (p95), "
                      f"{msg.get('rows')} rows, {len(msg['times'])} runs", file=sys.stderr, flush=True)
        if stuck:
            stop(proc)
            if current is None:
                raise RuntimeError(f"the {variant} worker did not get ready within {setup_limit:g} s")
            out[current] = {"query": current, "times": [], "rows": None, "over_limit": True, "error": None}
            print(f"  {variant} {current}: over {limit:g} s, stopped", file=sys.stderr, flush=True)
            if restart is not None:
                url = restart()
                print(f"  {variant}: started anew", file=sys.stderr, flush=True)
            continue
        proc.wait()
        if proc.returncode != 0:
            raise RuntimeError(f"the {variant} worker failed (exit {proc.returncode})")
        Path(f.name).unlink()
        return out


def rdflib_dataset(store):
    """The store's quads in rdflib's in-memory Dataset, the default graph being the union (as in the store)."""
    import pyoxigraph as ox
    from rdflib import Dataset
    ds = Dataset(default_union=True)
    ds.parse(data=store.dump(ox.RdfFormat.N_QUADS), format="nquads")
    return ds


def benchmark(n: int, work: Path, *, seed: int, repeat: int, budget: float, limit: float,
              variants: tuple[str, ...], only: set[str]) -> dict:
    from queries.store import EmbeddedStore
    t = time.perf_counter()
    path = build_store(n, work, seed=seed)
    embedded = EmbeddedStore(path, read_only=True)
    samples = sample_params(embedded)
    info = {"reports": n, "quads": len(embedded), "limit_s": limit,
            "build_s": json.loads((work / f"store-{n}-seed{seed}.json").read_text())["seconds"]}
    del embedded
    print(f"n={n}: store ready ({info['quads']} quads) in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    results: dict[str, dict] = {}
    for variant in variants:
        with endpoint(variant, path, n, work, seed=seed, limit=limit, info=info) as (url, restart):
            results[variant] = measure_variant(variant, path, url, samples, repeat=repeat, budget=budget, limit=limit,
                                               only=only, restart=restart)
    from queries.run import named_queries
    result = {"info": info,
              "queries": {q: {v: results[v].get(q) for v in results} for q in named_queries() if q in only}}
    for line in row_differences(result):
        print(f"warning: n={n}: {line}", file=sys.stderr, flush=True)
    return result


def row_differences(result: dict) -> list[str]:
    """One line per query whose variants answered with different numbers of rows."""
    out = []
    for name, m in result["queries"].items():
        rows = {v: x["rows"] for v, x in m.items() if x and x["rows"] is not None}
        if len(set(rows.values())) > 1:
            out.append(f"{name}: rows differ: " + ", ".join(f"{v} {r}" for v, r in rows.items()))
    return out


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def _cell(m: dict | None, p: float) -> str:
    if not m:
        return "-"
    if not m["times"]:
        return "> limit" if m["over_limit"] else "error" if m.get("error") else "-"
    return _ms(percentile(m["times"], p)) + (" (some > limit)" if m["over_limit"] else "")


def table(result: dict) -> str:
    info = result["info"]
    lines = [f"### {info['reports']} reports ({info['quads']:,} quads), milliseconds", "",
             "| query | rows | embedded p50 | p95 | serve p50 | p95 | virtuoso p50 | p95 | rdflib p50 | p95 "
             "| rdflib / embedded (p50) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, m in result["queries"].items():
        e, s, v, r = m.get("embedded"), m.get("serve"), m.get("virtuoso"), m.get("rdflib")
        rows = next((x["rows"] for x in (e, s, v, r) if x and x["rows"] is not None), "-")
        ratio = "-"
        if r and e and e["times"]:
            base = percentile(e["times"], 50)
            if r["times"]:
                ratio = f"{percentile(r['times'], 50) / base:,.0f}x"
            elif r["over_limit"]:
                ratio = f"> {info['limit_s'] / base:,.0f}x"
        label = f"**{name}**" if name in TARGETS else name
        lines.append(f"| {label} | {rows} | {_cell(e, 50)} | {_cell(e, 95)} | {_cell(s, 50)} | {_cell(s, 95)} | "
                     f"{_cell(v, 50)} | {_cell(v, 95)} | {_cell(r, 50)} | {_cell(r, 95)} | {ratio} |")
    lines += ["", "Targets (p95): " + "; ".join(_target(result, name, limit) for name, limit in TARGETS.items())]
    if "virtuoso_load_s" in info:
        rss = info.get("virtuoso_peak_rss_mib")
        lines += ["", f"Virtuoso {info['virtuoso']}: {info['virtuoso_quads']:,} quads loaded in "
                  f"{info['virtuoso_load_s']:.0f} s (N-Quads export {info['virtuoso_export_s']:.0f} s), database "
                  f"{info['virtuoso_database_mib']:,.0f} MiB" + (f", peak RSS {rss:,.0f} MiB" if rss else "")]
    lines += [f"- {line}" for line in row_differences(result)]
    lines += [f"- {variant} {name}: {m[variant]['error']}" for name, m in result["queries"].items()
              for variant in m if m[variant] and m[variant].get("error")]
    return "\n".join(lines) + "\n"


def _target(result: dict, name: str, limit: float) -> str:
    m = result["queries"].get(name, {})
    parts = []
    for variant in ("embedded", "serve"):
        if m.get(variant) and m[variant]["times"]:
            p95 = percentile(m[variant]["times"], 95)
            parts.append(f"{variant} {_ms(p95)} ms {'ok' if p95 < limit else 'MISSED'}")
        elif m.get(variant):
            parts.append(f"{variant} over the limit: MISSED")
    return f"{name} < {_ms(limit)} ms: " + ", ".join(parts)


def machine() -> str:
    import platform
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Latency of igfkg's named queries against an rdflib baseline.")
    ap.add_argument("-n", type=int, action="append", help="number of generated reports (repeatable; default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per query and variant (default 20)")
    ap.add_argument("--budget", type=float, default=10.0, help="seconds to spend per query and variant (default 10)")
    ap.add_argument("--limit", type=float, default=60.0, help="a run longer than this is stopped (default 60 s)")
    ap.add_argument("--variants", default="embedded,serve,rdflib",
                    help="comma-separated subset of embedded,serve,virtuoso,rdflib (default embedded,serve,rdflib)")
    ap.add_argument("--queries", default=None, help="comma-separated named queries to measure (default: all)")
    ap.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "out", help="where stores are built and kept")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw times to this JSON file")
    ap.add_argument("--worker", choices=VARIANTS, help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--url", help=argparse.SUPPRESS)
    ap.add_argument("--samples", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--skip", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker, args.store, args.url or None, json.loads(args.samples.read_text()), repeat=args.repeat,
               budget=args.budget, limit=args.limit, skip=set(filter(None, args.skip.split(","))))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    variants = tuple(v.strip() for v in args.variants.split(",") if v.strip())
    if set(variants) - set(VARIANTS):
        ap.error(f"unknown variants: {', '.join(sorted(set(variants) - set(VARIANTS)))}; "
                 f"choose from {', '.join(VARIANTS)}")
    if "virtuoso" in variants and virtuoso_tools() is None:
        print("virtuoso: skipped, virtuoso-t and isql-vt are not installed here "
              "(apt-get install virtuoso-opensource gives them)", file=sys.stderr, flush=True)
        variants = tuple(v for v in variants if v != "virtuoso")
    from queries.run import named_queries
    only = set(args.queries.split(",")) if args.queries else set(named_queries())
    if only - set(named_queries()):
        ap.error(f"unknown queries: {', '.join(sorted(only - set(named_queries())))}")
    results = [benchmark(n, args.work, seed=args.seed, repeat=args.repeat, budget=args.budget, limit=args.limit,
                         variants=variants, only=only) for n in args.n or [1000]]
    print(f"Named-query latency ({machine()}; up to {args.repeat} runs after one warm-up, about {args.budget:g} s per "
          f"query and variant, runs over {args.limit:g} s stopped; serve = `igfkg serve` over loopback HTTP through "
          "`--store http://...`; virtuoso = Virtuoso open source over loopback HTTP, the SPARQL text of every query "
          "(embedded and serve answer those with an SQL twin from the derived index); rdflib = in-memory Dataset, "
          "the same query text)\n")
    for r in results:
        print(table(r))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
