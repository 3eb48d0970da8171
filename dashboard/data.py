"""Cached access to the store for the dashboard pages: the store opened once per location
(``st.cache_resource``), named-query results cached (``st.cache_data``), ad-hoc SPARQL run in a
subprocess under a time limit, and the one write (ingesting reports).

Pages read the graph only through :func:`rows` (a named query of ``queries/``) and
:func:`run_limited` (a query typed on the SPARQL page, bound and run by ``queries.run``).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ingest.errors import IgfkgError, QueryError, StoreError
from queries.store import default_location

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TIMEOUT_S = 10.0


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""


def location() -> str:
    """The store: ``$IGFKG_STORE`` or ``./igfkg-store`` (a folder, made absolute, or a SPARQL endpoint URL)."""
    where = default_location()
    return where if _remote(where) else str(Path(where).resolve())


def shown_location(where: str | None = None) -> str:
    """The store as shown to a person: a folder inside the working folder relative to it
    (``./igfkg-store``), anything else as it is.

    >>> import os; shown_location(os.path.join(os.getcwd(), "igfkg-store"))
    './igfkg-store'
    """
    where = where or location()
    if _remote(where):
        return where
    try:
        return "./" + Path(where).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return where


def _remote(where: str) -> bool:
    return where.startswith(("http://", "https://"))


def store_exists(where: str | None = None) -> bool:
    """Whether there is a store to read (an endpoint is taken to exist; its errors show on the page)."""
    where = where or location()
    return _remote(where) or (Path(where) / "CURRENT").exists()


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(where: str):
    from igfkg.core import Igfkg
    return Igfkg(where, read_only=True)


def kg():
    """The read-only store, or None when there is no store at the location yet.

    Raises StoreError when a store is there but cannot be opened."""
    where = location()
    if not store_exists(where):
        return None
    return _open(where)


@st.cache_data(show_spinner=False, max_entries=512)
def _rows(where: str, name: str, params: tuple[tuple[str, str], ...]) -> list[dict[str, object]]:
    return _open(where).records(name, dict(params))


def rows(name: str, **params: str) -> list[dict[str, object]]:
    """The records of a named query (see ``igfkg queries``) with its parameters bound; [] without a store."""
    where = location()
    if not store_exists(where):
        return []
    return _rows(where, name, tuple(sorted((k, str(v)) for k, v in params.items())))


def reload() -> None:
    """Forget the open store and every cached result (after a write, or to see another process's writes)."""
    st.cache_data.clear()
    st.cache_resource.clear()


# ---- ad-hoc queries: a subprocess with a time limit --------------------------------------------
@dataclass(frozen=True)
class Result:
    columns: tuple[str, ...]
    records: list[dict[str, object]]
    seconds: float


def run_limited(sparql: str, params: dict[str, str] | None = None, *, timeout: float = DEFAULT_TIMEOUT_S,
                where: str | None = None) -> Result:
    """Run a read-only query (its ``# param:`` header lines declare parameters, bound from ``params``)
    in a subprocess that is killed after ``timeout`` seconds.

    Raises QueryError for an update, a bad query or parameter, QueryTimeout when stopped, StoreError
    when there is no store.
    """
    import time

    from queries.store import is_update
    if is_update(sparql):
        raise QueryError("this is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...); the dashboard only runs "
                         "read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE). Use 'igfkg ingest' to change the store.")
    from queries.run import refuse_service
    refuse_service(sparql, os.environ.get("IGFKG_ALLOW_SERVICE") == "1")  # set by 'igfkg dashboard --allow-service'
    where = where or location()
    if not store_exists(where):
        raise StoreError(f"no igfkg store at '{where}'; ingest a report first (Ingest page or 'igfkg ingest')")
    payload = json.dumps({"store": where, "sparql": sparql, "params": params or {}})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", "from dashboard.data import _worker; _worker()"], input=payload,
                              capture_output=True, text=True, timeout=timeout, env=env, cwd=str(ROOT))
    except subprocess.TimeoutExpired:
        raise QueryTimeout(f"the query was stopped after the time limit of {timeout:g} s; narrow it (a LIMIT, "
                           "fewer OPTIONAL patterns, a bound parameter) or raise the limit") from None
    seconds = time.perf_counter() - started
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise QueryError(f"the query worker failed: {(done.stderr or done.stdout).strip()[-500:]}") from None
    if "error" in answer:
        raise QueryError(answer["error"])
    return Result(tuple(answer["columns"]), answer["records"], seconds)


def _worker() -> None:
    """Subprocess side of :func:`run_limited`: a JSON request on stdin, one JSON line on stdout."""
    from queries.formats import records
    from queries.run import bind, parse_header
    from queries.store import open_store
    request = json.loads(sys.stdin.read())
    try:
        store = open_store(request["store"], read_only=True)
        query = parse_header("query", request["sparql"])
        result = store.select(request["sparql"], bind(query, request["params"]))
        print(json.dumps({"columns": list(result.columns), "records": records(result)}, ensure_ascii=False))
    except IgfkgError as e:
        print(json.dumps({"error": str(e)}))
    except Exception as e:  # noqa: BLE001 - anything pyoxigraph raises becomes a message on the page
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))


# ---- the one write -----------------------------------------------------------------------------
def upload_types() -> list[str]:
    """The file kinds the Ingest page takes, without the dot: the same as 'igfkg ingest'."""
    from ingest.read import SUFFIXES
    return sorted(s.lstrip(".") for s in SUFFIXES if s)


@st.cache_data(show_spinner=False, max_entries=32)
def extract_upload(content: bytes, name: str, date: str | None = None):
    """What the pipeline extracts from an uploaded report (``ingest.model.Extraction``); nothing is stored.

    Raises IgfkgError when the file cannot be read or understood."""
    import datetime as dt

    from ingest.pipeline import extract
    from ingest.read import SUFFIXES, report_from_bytes
    media = SUFFIXES.get(Path(name).suffix.lower(), "text/plain")  # the same kinds of file as 'igfkg ingest'
    return extract(report_from_bytes(content, path=name, media_type=media), date=dt.date.fromisoformat(date) if date else None)


def store_reports(reports: list, *, date=None, where: str | None = None) -> list[tuple[str, object]]:
    """Ingest ``reports`` (``ingest.model.Report``) into a store opened for writing only for this call,
    then clear every cache. Returns (path, Ingested or IgfkgError) per report.

    Raises StoreError with a clear message when the store is locked by another writer.
    """
    from igfkg.core import Igfkg
    where = where or location()
    try:
        writer = Igfkg(where)
    except StoreError as e:
        if "lock" in str(e).lower() or "another igfkg process" in str(e):
            raise StoreError(f"the store at '{where}' is open for writing by another process (an 'igfkg ingest', "
                             "an 'igfkg serve' or another dashboard session); wait for it to finish and try again") from e
        raise
    out: list[tuple[str, object]] = []
    try:
        for report in reports:
            try:
                out.append((report.path, writer.ingest_report(report, date=date)))
            except IgfkgError as e:
                out.append((report.path, e))
        writer.store.flush()
    finally:
        del writer
        reload()
    return out
