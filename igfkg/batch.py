"""Ingest, one report or many: prepare a report (extract, resolve its people, emit, validate) and
store many with worker processes and one writer.

A batch runs in two stages per report, in ``jobs`` worker processes (or in this one):

1. extract (the part that does not depend on what is stored), in the workers;
2. resolve the report's people against the people known so far (the store's, and those of every
   report before it in the batch): in the writer, in the batch's order;
3. emit N-Triples and SHACL-validate (as ``validate`` says), in the workers;
4. store: the writer stores reports in groups, one bulk load per group of graphs new to the store
   (all or nothing), and passes each result on once it is stored.

So a batch stores the same graphs with one worker process or many: the same as ingesting its
reports one by one, in order. A report that fails is not stored and its people are not learnt;
reports after it whose people were resolved with them are resolved again.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest import iris
from ingest.emit import emit, emit_ntriples
from ingest.errors import IgfkgError, StoreError
from ingest.identity import Known
from ingest.model import Extraction, Report
from ingest.pipeline import STAGES, extract, resolve
from ingest.budget import report_seconds, time_budget
from ingest.read import file_sha256, read_report
from ingest.validate import INGEST_ENGINE, VALIDATION_MODES, Engine, Sampler, node_shapes, validate_ntriples, validate_report
from queries.store import GraphWrite


@dataclass(frozen=True)
class Ingested:
    path: str
    extraction: Extraction | None
    graph: str
    triples: int
    validated: bool = False  # its graph was SHACL-validated before it was stored


@dataclass(frozen=True)
class Failed:
    path: str
    error: IgfkgError


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass(frozen=True)
class Prepared:
    """A report extracted, emitted and validated, ready to be written by the one writer."""

    path: str
    extraction: Extraction | None
    graph: str
    ntriples: str  # the report's own graph
    shared: str  # triples about people, series, days... stored once in the shared graph
    triples: int
    validated: bool = False
    nquads: str | None = None  # both as N-Quads, when a worker made them for the writer (and then
    quads: int = 0  # ntriples and shared are left empty: see GraphWrite.made)
    rows: object = None  # the derived index's rows of the graph, when a worker made them (queries.derived)


Result = Ingested | Failed | Skipped


def prepare(source: str | Path | Report, *, known: dict[str, Known] | None = None, date: dt.date | None = None,
            layout: str | None = None, validate: bool = True) -> Prepared:
    """Read (unless given a Report), extract, emit and validate one report; writes nothing.

    Raises IgfkgError when the report cannot be read or understood, or its graph does not
    conform to the shapes.
    """
    report = source if isinstance(source, Report) else read_report(source)
    x = extract(report, date=date, known=known or {}, layout=layout)
    prepared = _emitted(x, validated=validate)
    if validate:
        check(x, prepared)
    return prepared


def check(x: Extraction, prepared: Prepared | None = None, *, engine: Engine = INGEST_ENGINE) -> None:
    """SHACL-validate the graph of an extraction (``prepared``'s N-Triples, when given, are that
    graph) with ``engine``, within the time budget per report (``ingest.budget``); a graph a fast
    engine finds a violation in is validated again by pySHACL, whose verdict and report count, and
    so is one the engine could not validate (shapes it does not support, a bug). Raises IgfkgError
    when it does not conform, InputError when it takes longer."""
    with time_budget(report_seconds(), path=x.report.path, size=len(x.report.text), stage="validation"):
        if engine != "pyshacl":
            prepared = prepared or _emitted(x, validated=True)
            try:
                if validate_ntriples(prepared.ntriples + prepared.shared, engine=engine).conforms:
                    return
            except Exception:  # pySHACL decides (the budget's overrun is not an Exception: it goes on up)
                pass
        _, graph = emit(x)
        result = validate_report(graph)
    if not result.conforms:
        first = result.violations[0] if result.violations else None
        where = f"{first.message} at {first.focus}" if first else result.text[:200]
        raise IgfkgError(f"the extracted graph does not conform to the shapes ({len(result.violations)} "
                         f"violations; first: {where}); nothing was stored. Please report this with the file.",
                         path=x.report.path)


def validation_mode(validate: bool | str) -> str:
    """"all", "sample" or "none" for ``validate`` (True is "all", False "none")."""
    mode = ("all" if validate else "none") if isinstance(validate, bool) else validate
    if mode not in VALIDATION_MODES:
        raise IgfkgError(f"unknown validation mode '{validate}'; choose one of {', '.join(VALIDATION_MODES)}")
    return mode


def _emitted(x: Extraction, *, validated: bool) -> Prepared:
    out = emit_ntriples(x)
    return Prepared(x.report.path, x, out.graph, out.own, out.shared, out.triples, validated)


# ---- the workers' side ----------------------------------------------------------------------
# Options of the batch and the state of this process: "known" (people to resolve against while
# extracting: the writer's own in one process, none in worker processes), "stored", "force",
# "date", "layout", "validate" (a mode), "engine" (the SHACL engine), "sampler".
_WORKER: dict = {}


_BATCH_THRESHOLD = (50_000, 20, 100)  # allocations before a young collection; young before a middle; middle before a full


@contextlib.contextmanager
def _batch_gc() -> Iterator[None]:
    """Garbage collection for a batch: what is alive when it starts (modules, the vocabularies,
    the shapes) is never scanned again, and the full collections, which scan everything alive
    (the people known, the reports waiting to be stored), come a tenth as often. A report makes
    about a million objects and frees them by reference counting; without this, collections took
    one CPU ms in six. Restored afterwards."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*_BATCH_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _init_worker(options: dict) -> None:
    _WORKER.clear()
    _WORKER.update(options)
    _WORKER["sampler"] = Sampler()


def _init_worker_process(options: dict) -> None:
    """A worker process lives for one batch: its collections as in :func:`_batch_gc`."""
    gc.freeze()
    gc.set_threshold(*_BATCH_THRESHOLD)
    _init_worker(options)


@dataclass(frozen=True)
class _Extracted:
    index: int  # in the batch
    extraction: Extraction


def _extract(task: tuple[int, str | Path]) -> _Extracted | Failed | Skipped:
    """Stage 1: read and extract the report at ``index`` of the batch (never raises)."""
    index, path = task
    try:
        if not _WORKER.get("force") and not isinstance(path, str):
            digest = file_sha256(path) if Path(path).is_file() else ""  # streamed, the size cap checked first
            if str(iris.activity(digest, STAGES)) in _WORKER.get("stored", ()):
                return Skipped(str(path), "unchanged since it was stored (same SHA-256); --force re-ingests")
        x = extract(read_report(path), date=_WORKER.get("date"), known=_WORKER.get("known") or {},
                    layout=_WORKER.get("layout"))
        return _Extracted(index, x)
    except IgfkgError as e:
        return _failed(path, e)
    except Exception as e:  # a bug must not stop the batch or lose the other reports
        return _failed(path, _internal(e, path))


def _finish(index: int, x: Extraction) -> Prepared | Failed:
    """Stage 3: emit and validate as the batch's mode says (never raises)."""
    try:
        mode = _WORKER.get("validate", "all")
        engine = _WORKER.get("engine", INGEST_ENGINE)
        prepared = _emitted(x, validated=mode == "all")
        if mode == "all":
            check(x, prepared, engine=engine)
        if mode == "sample":
            sampler: Sampler = _WORKER["sampler"]
            shapes = node_shapes(prepared.ntriples + prepared.shared)
            if sampler.wants(index, shapes):
                check(x, prepared, engine=engine)
                sampler.validated(shapes)
                prepared = dataclasses.replace(prepared, validated=True)
        return prepared
    except IgfkgError as e:
        return _failed(x.report.path, e)
    except Exception as e:
        return _failed(x.report.path, _internal(e, x.report.path))


def _extract_chunk(tasks: list[tuple[int, str | Path]]) -> list[_Extracted | Failed | Skipped]:
    return [_extract(task) for task in tasks]


def _finish_chunk(items: list[tuple[int, Extraction]]) -> list[Prepared | Failed]:
    """Stage 3 in a worker process, with the N-Quads the writer will load made here; the writer
    has the extractions, so they are not sent back."""
    out: list[Prepared | Failed] = []
    for index, x in items:
        done = _finish(index, x)
        if isinstance(done, Prepared):
            write = GraphWrite.made(done.graph, done.ntriples, done.shared, slim=True)
            rows = write.index_rows() if _WORKER.get("index_rows") and write.nquads is not None else None
            done = dataclasses.replace(done, extraction=None, ntriples=write.ntriples, shared=write.shared,
                                       nquads=write.nquads, quads=write.quads, rows=rows)
        out.append(done)
    return out


def _failed(path: str | Path, e: IgfkgError) -> Failed:
    """The failure of one report, without the tracebacks (which would keep the batch's frames,
    and its store, alive as long as the result)."""
    seen: BaseException | None = e
    while seen is not None:
        seen.__traceback__ = None
        seen = seen.__cause__ or seen.__context__
    return Failed(str(path), e)


def _internal(e: Exception, path: str | Path) -> IgfkgError:
    return IgfkgError(f"internal error ({type(e).__name__}: {e}); nothing was stored "
                      "for this report; please report it with the file", path=str(path))


# ---- the writer -----------------------------------------------------------------------------
#: Reports are stored in groups (one bulk load each, see Store.replace_graphs) of at least
#: GROUP_FIRST reports, then twice as many each time up to GROUP_MOST, or of what came in
#: GROUP_SECONDS; a group is written by a thread of its own while the next one gathers (which
#: takes whatever came meanwhile), and its results are passed on once it is stored. (A bulk load
#: costs about as much as 2 reports whatever its size: groups should be large, but a batch's
#: first results should not wait long.)
GROUP_FIRST = 8
GROUP_MOST = 128
GROUP_SECONDS = 2.0


class _Writer:
    """The one writer: the people known so far, and the reports waiting to be stored.

    ``known`` has the people of every report resolved so far (it may run ahead of what is
    stored); ``settled`` those of the reports already passed to ``take`` (and the store's).
    """

    def __init__(self, store, known: dict[str, Known], stored_people: Callable[[], dict[str, Known]],
                 on_result: Callable[[Result], None] | None) -> None:
        import concurrent.futures
        self.store, self.known, self.stored_people, self.on_result = store, known, stored_people, on_result
        self.settled = dict(known)
        self.waiting: list[Prepared | Failed | Skipped] = []
        self.since = 0.0
        self.group = GROUP_FIRST
        self.writing: tuple[concurrent.futures.Future, list] | None = None
        self.thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="igfkg-writer")
        self.out: list[Result] = []
        self.forgot = False  # known was set back to settled: reports resolved since must be resolved again

    def take(self, item: Prepared | Failed | Skipped) -> None:
        """The next result of the batch, in order."""
        if isinstance(item, Prepared) and item.extraction is not None:
            _learn(self.settled, item.extraction)
        if not self.waiting:
            self.since = time.monotonic()
        self.waiting.append(item)
        if self.writing is not None and self.writing[0].done():
            self._passed_on()
        ready = sum(isinstance(w, Prepared) for w in self.waiting)
        if self.writing is None:
            if ready >= self.group or time.monotonic() - self.since > GROUP_SECONDS:
                self._write()
        elif ready >= 2 * GROUP_MOST:  # far ahead of the store: wait for it
            self._passed_on()
            self._write()

    def close(self) -> None:
        """Store what is waiting and pass everything on."""
        try:
            self._passed_on()
            if self.waiting:
                self._write()
            self._passed_on()
        finally:
            self.thread.shutdown()

    def _write(self) -> None:
        writes = [GraphWrite(p.graph, p.ntriples, p.shared, p.nquads, p.quads, p.rows)
                  for p in self.waiting if isinstance(p, Prepared)]
        self.writing = (self.thread.submit(self.store.replace_graphs, writes), self.waiting)
        self.waiting = []
        self.group = min(2 * self.group, GROUP_MOST)

    def _passed_on(self) -> None:
        if self.writing is None:
            return
        future, items = self.writing
        self.writing = None
        errors = iter(future.result())
        failed = False
        for item in items:
            result: Result = item  # type: ignore[assignment]
            if isinstance(item, Prepared):
                error: StoreError | None = next(errors)
                failed |= error is not None
                result = (_failed(item.path, error) if error else
                          Ingested(item.path, item.extraction, item.graph, item.triples, item.validated))
            if self.on_result:
                self.on_result(result)
                if isinstance(result, Ingested):  # the caller has seen it: keep the batch's memory flat
                    result = dataclasses.replace(result, extraction=None)
            self.out.append(result)
        if failed:  # learnt when taken, but not stored (a disk error): the people known are the store's again
            self.settled = self.stored_people()
            for item in self.waiting:
                if isinstance(item, Prepared) and item.extraction is not None:
                    _learn(self.settled, item.extraction)
            self.known.clear()
            self.known.update(self.settled)
            self.forgot = True


def run(store, files: Sequence[str | Path], *, known: dict[str, Known], stored_people: Callable[[], dict[str, Known]],
        options: dict, jobs: int, on_result: Callable[[Result], None] | None) -> list[Result]:
    """Ingest ``files`` into ``store`` (see the module docstring); returns a result per file, in order."""
    writer = _Writer(store, known, stored_people, on_result)
    tasks = list(enumerate(files))
    with _batch_gc():
        return _run(writer, tasks, known, options, jobs)


def _run(writer: _Writer, tasks: list[tuple[int, str | Path]], known: dict[str, Known], options: dict, jobs: int) -> list[Result]:
    try:
        if jobs <= 1 or len(tasks) <= 1:
            _init_worker({**options, "known": known})  # this process extracts against the live ``known``
            for task in tasks:
                item = _extract(task)
                if isinstance(item, _Extracted):  # its people were resolved against ``known`` as it is now
                    x = item.extraction
                    item = _finish(item.index, x)
                    if isinstance(item, Prepared):
                        _learn(known, x)
                writer.take(item)
        else:
            for item in _in_workers(jobs, options, tasks, writer):
                writer.take(item)
    finally:  # what is ready is stored, even when the batch stops (a worker killed, Ctrl-C)
        writer.close()
        writer.store.flush()  # a store left unflushed opens slowly for the next reader
    return writer.out


_CHUNK = 4  # reports per task sent to a worker
_AHEAD = 3  # extraction tasks per worker sent ahead


def _in_workers(jobs: int, options: dict, tasks: list[tuple[int, str | Path]], writer: _Writer
                ) -> Iterator[Prepared | Failed | Skipped]:
    """The results of ``tasks`` from ``jobs`` worker processes, in order, each report's people
    resolved (and learnt) by the writer between extraction and emission."""
    import concurrent.futures
    import multiprocessing
    ctx = multiprocessing.get_context("spawn")
    chunks = iter([tasks[i:i + _CHUNK] for i in range(0, len(tasks), _CHUNK)])
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker_process,
                                                initargs=({**options, "known": {}},)) as pool:
        extracting: deque = deque()
        # the batch in order: [result] once final, or [future of a finish task, position in it,
        # the extraction as resolved, the extraction as extracted]
        pending: deque[list] = deque()

        def submit_extraction() -> None:
            chunk = next(chunks, None)
            if chunk is not None:
                extracting.append(pool.submit(_extract_chunk, chunk))

        def submit_finish(entries: list[list]) -> None:
            future = pool.submit(_finish_chunk, [(e[3].index, e[2]) for e in entries])
            for position, entry in enumerate(entries):
                entry[0], entry[1] = future, position

        for _ in range(jobs * _AHEAD):
            submit_extraction()
        most = jobs * _AHEAD * _CHUNK * 2  # reports extracted and not yet passed on
        while extracting or pending:
            if extracting and len(pending) < most:
                resolved = []
                for item in extracting.popleft().result():
                    if isinstance(item, _Extracted):
                        x = resolve(item.extraction, writer.known)
                        _learn(writer.known, x)
                        resolved.append([None, 0, x, item])
                        pending.append(resolved[-1])
                    else:
                        pending.append([item])
                if resolved:
                    submit_finish(resolved)
                submit_extraction()
            while pending and (len(pending[0]) == 1 or pending[0][0].done() or not extracting or len(pending) >= most):
                entry = pending.popleft()
                if len(entry) == 1:
                    yield entry[0]
                else:
                    done = entry[0].result()[entry[1]]
                    if isinstance(done, Prepared):
                        yield dataclasses.replace(done, extraction=entry[2])
                    else:
                        yield done
                        writer.forgot = True
                if writer.forgot:  # a report failed after its people were learnt
                    writer.forgot = False
                    _resolve_again(writer, pending, submit_finish)


def _resolve_again(writer: _Writer, pending: deque[list], submit_finish: Callable[[list[list]], None]) -> None:
    """A report failed after its people were learnt: forget them, and resolve the reports after it
    again (in order, from the people of the reports before it); those whose people resolve
    differently are emitted again."""
    writer.known.clear()
    writer.known.update(writer.settled)
    again = []
    for entry in pending:
        if len(entry) == 1:
            continue
        x = resolve(entry[3].extraction, writer.known)
        if x.identities != entry[2].identities:
            entry[2] = x
            again.append(entry)
        _learn(writer.known, x)
    if again:
        submit_finish(again)


def _learn(known: dict[str, Known], x: Extraction) -> None:
    """Add what a report says about its people to the known people of a running batch."""
    ids = {i.local: i for i in x.identities}
    series = iris.series_key(x.meeting.series, x.meeting.series_concept)
    for p in x.participants + x.unlisted:
        ident = ids.get(p.key)
        key = ident.key if ident else p.key
        old = known.get(key)
        roles = frozenset(r.label.lower() for r in p.roles)
        org = ident.affiliation if ident else None
        affiliations = (old.affiliations if old else frozenset()) | ({(org.key, org.name, series)} if org else set())
        known[key] = Known(key, old.name if old else (ident.name if ident else p.name),
                           (old.roles if old else frozenset()) | roles, (old.series if old else frozenset()) | {series},
                           affiliations)
