"""Named queries: loading ``queries/*.rq`` with their header, and running any query with
bound parameters (never pasted into the query text).

A named query starts with comment lines::

    # title: Who said what
    # description: Everything a person said ...
    # param: person string  A name or part of one

A parameter is a variable of the query's SELECT clause (pyoxigraph's bound substitution
needs it projected); the runner leaves it out of the output.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from ingest.errors import QueryError

from . import QUERY_DIR
from .federation import REFUSAL as SERVICE_REFUSAL
from .federation import uses_service
from .store import Rows, Store
from .values import parse_day

T = TypeVar("T")

PARAM_TYPES = ("string", "iri", "integer", "date")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    path: str


def parse_header(name: str, sparql: str, path: str = "") -> NamedQuery:
    title, desc, params = name, "", []
    for line in sparql.splitlines():
        m = re.match(r"^#\s*(title|description|param):\s*(.*)$", line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            desc = value
        else:
            pm = re.match(r"^(\w+)\s+(\w+)\s*(.*)$", value)
            if not pm or pm.group(2) not in PARAM_TYPES:
                raise QueryError(f"bad '# param:' line {value!r}; expected '# param: NAME TYPE description' "
                                 f"with TYPE one of {', '.join(PARAM_TYPES)}", path=path)
            params.append(Param(pm.group(1), pm.group(2), pm.group(3).strip()))
    return NamedQuery(name, title, desc, tuple(params), sparql, path)


def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``queries/``, by name (read again only when a file changes)."""
    files = sorted(QUERY_DIR.glob("*.rq"))
    return dict(_parsed(tuple((str(p), p.stat().st_mtime_ns) for p in files)))


@functools.lru_cache(maxsize=4)
def _parsed(files: tuple[tuple[str, int], ...]) -> tuple[tuple[str, NamedQuery], ...]:
    return tuple((Path(f).stem, parse_header(Path(f).stem, Path(f).read_text(encoding="utf-8"), f)) for f, _ in files)


#: The queries a person reaches for (the README lists their columns); the others serve commands and pages.
CORE_QUERIES: tuple[str, ...] = (
    "statements", "participants", "meetings", "who-said-what", "about-concept", "topic-timeline", "documents",
    "action-items", "decisions", "co-participation", "agenda", "unattributed", "people", "concepts",
    "undated-meetings", "coverage")


def load_query(name_or_file: str) -> NamedQuery:
    """A named query, or a ``.rq`` file. Raises QueryError for an unknown name (with the nearest
    names), a folder, a file that cannot be read or is not UTF-8 text."""
    import difflib
    known = named_queries()
    if name_or_file in known:
        return known[name_or_file]
    p = Path(name_or_file)
    if p.suffix in (".rq", ".sparql") or p.exists():
        if p.is_dir():
            raise QueryError("is a folder, not a query: give a query's name ('igfkg queries' lists them) "
                             "or a .rq file", path=name_or_file)
        if not p.exists():
            raise QueryError("no such query file", path=name_or_file)
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise QueryError("is not a SPARQL query (not UTF-8 text); give a .rq file", path=name_or_file) from None
        except OSError as e:
            raise QueryError(f"cannot read the query file ({e.strerror})", path=name_or_file) from None
        if "\x00" in text:
            raise QueryError("is not a SPARQL query (a binary file); give a .rq file", path=name_or_file)
        return parse_header(p.stem, text, str(p))
    near = difflib.get_close_matches(name_or_file, known, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(near)}? " if near else ""
    raise QueryError(f"unknown query '{name_or_file}'; {hint}'igfkg queries' lists them (or give a .rq file)")


def bind(query: NamedQuery, values: dict[str, str]) -> dict[str, object]:
    """Typed RDF terms for the query's parameters. Raises QueryError for a missing, unknown or malformed value."""
    declared = {p.name: p for p in query.params}
    unknown = set(values) - set(declared)
    if unknown:
        raise QueryError(f"query '{query.name}' has no parameter {', '.join(sorted(unknown))}; "
                         f"it takes: {', '.join(declared) or 'none'}")
    out: dict[str, object] = {}
    for p in query.params:
        if p.name not in values:
            raise QueryError(f"query '{query.name}' needs --param {p.name}=VALUE ({p.description or p.type})")
        v = values[p.name]
        if p.type == "iri":
            if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", v, re.I):
                raise QueryError(f"parameter {p.name}={v!r} is not an IRI")
            out[p.name] = ox.NamedNode(v)
        elif p.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", v):
                raise QueryError(f"parameter {p.name}={v!r} is not a whole number")
            out[p.name] = ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        elif p.type == "date":
            parse_day(v, f"parameter {p.name}")
            out[p.name] = ox.Literal(v, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
        else:
            out[p.name] = ox.Literal(v)
    return out


def run(store: Store, query: NamedQuery | str, params: dict[str, str] | None = None, *,
        allow_service: bool = False) -> Rows:
    """Run a named query (or its name, or a .rq path) with its parameters bound. Raises QueryError
    for a SERVICE clause unless ``allow_service`` (it would send a request to another server)."""
    q = load_query(query) if isinstance(query, str) else query
    refuse_service(q.sparql, allow_service)
    got = from_index(store, q, params or {}, lambda index, name, values: index.run(name, values))
    if got is not None:
        return got
    rows = store.select(q.sparql, bind(q, params or {}))
    names = {p.name for p in q.params}
    keep = [i for i, c in enumerate(rows.columns) if c not in names]
    if len(keep) == len(rows.columns):
        return rows
    return Rows(tuple(rows.columns[i] for i in keep), tuple(tuple(r[i] for i in keep) for r in rows.rows))


def run_records(store: Store, query: NamedQuery | str, params: dict[str, str] | None = None, *,
                allow_service: bool = False) -> list[dict[str, object]]:
    """The rows of ``run`` as plain values (``queries.formats.records``): straight from the derived
    index when it answers ``query`` (no terms made and read back), else from ``run``'s rows."""
    q = load_query(query) if isinstance(query, str) else query
    got = from_index(store, q, params or {}, lambda index, name, values: index.records(name, values))
    if got is not None:
        return got
    from .formats import records
    return records(run(store, q, params, allow_service=allow_service))


def from_index(store: Store, q: NamedQuery, params: dict[str, str], read: Callable[[Any, str, dict[str, object]], T]) -> T | None:
    """``read(index, name, values)`` on the derived index that answers ``q`` (see ``derived_for``),
    ``params`` checked by ``bind`` and made its SQL values; None when no index answers it now (none
    ready, or an endpoint's that is not: its store answers)."""
    index = derived_for(store, q)
    if index is None:
        return None
    from .derived import Unavailable
    bind(q, params)  # checks them
    try:
        return read(index, q.name, sql_params(q, params))
    except Unavailable:
        return None


def derived_for(store: Store, q: NamedQuery):
    """The derived index that answers ``q`` (a shipped named query with an SQL twin, on a store
    whose index is ready: ``queries.derived``), else None."""
    from .derived import derived_queries
    derived = getattr(store, "derived", None)
    if derived is None or q.name not in derived_queries() or Path(q.path).resolve() != QUERY_DIR / f"{q.name}.rq":
        return None
    return derived()


def sql_params(q: NamedQuery, values: dict[str, str]) -> dict[str, object]:
    """The parameters of ``q`` for its SQL twin (checked by ``bind`` first): integers as int."""
    types = {p.name: p.type for p in q.params}
    return {k: int(v) if types.get(k) == "integer" else v for k, v in values.items()}


def run_sparql(store: Store, sparql: str, *, allow_service: bool = False) -> Rows:
    """An ad-hoc read-only query (updates are refused; SERVICE clauses too unless ``allow_service``)."""
    refuse_service(sparql, allow_service)
    return store.select(sparql)


def refuse_service(sparql: str, allow_service: bool = False) -> None:
    """Raises QueryError when ``sparql`` has a SERVICE clause and it is not allowed."""
    if not allow_service and uses_service(sparql):
        raise QueryError(SERVICE_REFUSAL)
