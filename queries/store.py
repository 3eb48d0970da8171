"""The store behind one small interface: an embedded pyoxigraph on-disk store (a folder), or a
remote SPARQL 1.1 endpoint (a URL) that implements the same methods over HTTP.

Every report lives in its own named graph; queries see the union of all graphs (a remote
endpoint must be set up that way: ``igfkg serve`` is, ``oxigraph serve --union-default-graph`` is,
other servers have their own setting).
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

import pyoxigraph as ox

from ingest.errors import QueryError, StoreError
from ontology import ONTOLOGY_FILE, PREFIXES, VOCABULARY_FILES, VOCABULARY_GRAPH
from .values import inline_values

DEFAULT_STORE = "./igfkg-store"
_VERSION_PRED = ox.NamedNode("https://w3id.org/igfkg/ontology#vocabularyVersion")


SHARED_GRAPH = "https://w3id.org/igfkg/id/graph/shared"
LOCK_FILE = "igfkg.lock"


def hold_store(path: str | Path, *, shared: bool, holder: str):
    """Mark the store folder as in use by this process until the returned file is closed: a
    writer (``shared=False``) alone, or readers that must not have it change under them
    (``igfkg serve``, ``shared=True``) together. ``holder`` says who, for the refusal others get.

    Raises StoreError naming the holder when another process holds the store in a way that excludes this one.
    """
    lock = Path(path) / LOCK_FILE
    try:
        import fcntl
    except ImportError:  # Windows: RocksDB's own lock still keeps a second writer out
        return None
    f = open(lock, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the lock's life
    try:
        fcntl.flock(f, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except OSError:
        f.seek(0)
        other = f.read().strip()
        f.close()
        raise StoreError(busy_message(path, other)) from None
    f.truncate(0)  # who holds it now (of several readers, the last)
    f.write(f"{holder}, process {os.getpid()}\n")
    f.flush()
    return f


def busy_message(path: str | Path, holder: str = "") -> str:
    """The refusal when another process holds the store (``holder``: who, when known)."""
    who = f" ({holder})" if holder else ""
    return (f"another igfkg process{who} is writing to this store or serving it ('{path}'): stop it, "
            "or use 'igfkg serve --writable' and ingest through it (--store http://HOST:PORT)")


def _replace_update(g: ox.NamedNode, ntriples: str, shared: str) -> str:
    """One SPARQL Update: drop and refill a report's graph, and add its shared triples (idempotent)."""
    extra = f"\nGRAPH <{SHARED_GRAPH}> {{\n{shared}\n}}" if shared.strip() else ""
    return f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{ntriples}\n}}{extra} }}"


#: Most quads one bulk load takes: well under the million at which pyoxigraph's bulk loader
#: starts ingesting a load in several parts (each part atomic, the whole not).
BULK_LOAD_QUADS = 400_000


class GraphWrite(NamedTuple):
    """One graph for :meth:`EmbeddedStore.replace_graphs`: its N-Triples, the triples about shared
    entities, and (when already made, see :meth:`made`) both as N-Quads and how many there are."""

    graph: str
    ntriples: str
    shared: str = ""
    nquads: str | None = None
    quads: int = 0
    rows: object = None  # the derived index's rows of the graph (queries.derived.GraphRows), when made already

    def index_rows(self):
        """The derived index's rows of this graph, made from the text written when not made already."""
        from .derived import rows_of_text
        return self.rows if self.rows is not None else rows_of_text(self.graph, self.nquads or self.ntriples)

    @classmethod
    def made(cls, graph: str, ntriples: str, shared: str = "", *, slim: bool = False) -> GraphWrite:
        """The write with its N-Quads made here (so a worker process can make them, not the writer);
        ``slim``: without the N-Triples, which the N-Quads hold too (half the data to send)."""
        nquads = _nquads(graph, ntriples, shared)
        if nquads is None:
            return cls(graph, ntriples, shared)
        return cls(graph, "" if slim else ntriples, "" if slim else shared, nquads, nquads.count("\n"))

    def triples(self) -> tuple[str, str]:
        """(the graph's own N-Triples, the shared ones), from the N-Quads when the write is slim."""
        if self.nquads is None or self.ntriples or self.shared:
            return self.ntriples, self.shared
        own, shared = f" <{self.graph}> .\n", f" <{SHARED_GRAPH}> .\n"
        lines = self.nquads.splitlines(keepends=True)
        return ("".join(line[:-len(own)] + " .\n" for line in lines if line.endswith(own)),
                "".join(line[:-len(shared)] + " .\n" for line in lines if line.endswith(shared)))


def _nquads(graph: str, ntriples: str, shared: str) -> str | None:
    """A graph's triples in it and its shared triples in the shared graph, as N-Quads; None unless
    every line ends with " ." (as rdflib and igfkg write N-Triples: then naming the graph before
    each " ." makes N-Quads); anything else is written by SPARQL."""
    for text in (ntriples, shared):
        if text.count("\n") != text.count(" .\n") or (text and not text.endswith("\n")):
            return None
    return ntriples.replace(" .\n", f" <{graph}> .\n") + shared.replace(" .\n", f" <{SHARED_GRAPH}> .\n")


def default_location() -> str:
    """``$IGFKG_STORE`` or ``./igfkg-store``."""
    return os.environ.get("IGFKG_STORE") or DEFAULT_STORE


@dataclass(frozen=True)
class Rows:
    """A SELECT result: column names and rows of pyoxigraph terms (None where unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object | None, ...], ...]


class Store(Protocol):
    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> Rows: ...
    def replace_graph(self, graph: str, ntriples: str, shared: str = "") -> None: ...
    def replace_graphs(self, writes: Sequence[GraphWrite | tuple[str, str, str]]) -> list[StoreError | None]: ...
    def graphs(self) -> list[str]: ...
    def drop_graph(self, graph: str) -> None: ...
    def dump(self, fmt: ox.RdfFormat) -> bytes: ...
    def __len__(self) -> int: ...


class EmbeddedStore:
    """A pyoxigraph store in a folder (``read_only`` opens it without a write lock)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"no igfkg store at '{self.path}'; run 'igfkg ingest REPORT --store {self.path}' first")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._hold = hold_store(self.path, shared=False, holder="igfkg, writing")
                self._store = ox.Store(str(self.path))
        except OSError as e:
            if "lock" in str(e).lower():  # RocksDB's own lock: a writer that is not igfkg (oxigraph serve)
                raise StoreError(busy_message(self.path)) from e
            raise StoreError(f"cannot open the store at '{self.path}': {e}") from e
        from .derived import DerivedIndex, index_path
        self.index = DerivedIndex(index_path(self.path), read_only=read_only)
        self._written: set[str] = set()  # graphs written since the index was last refreshed
        self._rows: dict[str, object] = {}  # and the rows of those written from text
        self._refresh = False  # whether the index was ready before those writes (see _writing)
        if not read_only:
            self.ensure_vocabulary()
            self.sync_index()

    def derived(self):
        """The derived index when it can answer (``queries.derived``), else None."""
        return self.index if self.index.ready() else None

    def _writing(self, graphs: Iterable[str]) -> None:
        """Before a write: the index is marked stale (once) and the graphs noted for its refresh."""
        if not self._written:
            # refreshed graph by graph only when it was ready before this write: an index made stale
            # elsewhere (a write stopped half-way, updates through 'igfkg serve --writable') is made anew
            self._refresh = self.index.ready()
            self.index.mark_stale()
        self._written.update(graphs)
        self._written.add("")  # a write happened, even of no graph

    def sync_index(self) -> None:
        """Refresh the derived index with the graphs written since the last refresh (and build it
        when there is none). Raises StoreError when the index cannot be written."""
        import sqlite3
        if not self._written:
            return  # nothing written since the last refresh (an index missing or stale stays so until a write or a rebuild)
        graphs = {g for g in self._written if g}
        try:
            if self._refresh:
                self.index.refresh(self._store, graphs, known=set(self.graphs()), rows=self._rows)  # type: ignore[arg-type]
            else:
                self.index.build(self._store)
        except (sqlite3.Error, OSError) as e:
            raise StoreError(f"cannot refresh the derived index '{self.index.path}': {e}; the store is "
                             f"written and queries read it; 'igfkg index rebuild' makes the index anew") from e
        finally:
            self._rows.clear()
        self._written.clear()

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> Rows:
        """Run a SELECT (or ASK) with bound parameters. Raises QueryError on a bad or non-read query."""
        # Parameters are bound by VALUES blocks (the same as for a remote endpoint), not by pyoxigraph's
        # ``substitutions``, which keep its planner from using them: a lookup by person took seconds.
        if bindings:
            sparql = inline_values(sparql, bindings)
        try:
            result = self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(_explain_syntax(sparql, e)) from e
        except OSError as e:
            raise StoreError(f"cannot read the store at '{self.path}': {e}") from e
        except RuntimeError as e:
            raise QueryError(_explain_run(sparql, e)) from e
        try:  # answers are computed while they are read: a SERVICE call or a time-out fails here
            if isinstance(result, ox.QueryBoolean):
                return Rows(("answer",), ((ox.Literal(str(bool(result)).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),),))
            if isinstance(result, ox.QueryTriples):
                rows = tuple((t.subject, t.predicate, t.object) for t in result)
                return Rows(("subject", "predicate", "object"), rows)
            columns = tuple(v.value for v in result.variables)
            return Rows(columns, tuple(tuple(sol[c] for c in columns) for sol in result))
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(_explain_run(sparql, e)) from e

    def replace_graph(self, graph: str, ntriples: str, shared: str = "") -> None:
        """Replace one named graph in a single transaction: readers see the old or the new graph, never a mix.
        ``shared``: triples about entities many reports name (people, series, days), added to the shared
        graph in the same transaction. A graph not in the store yet is loaded as N-Quads (one
        transaction, faster than parsing a SPARQL update); one already there is dropped and refilled."""
        self._replace(GraphWrite(graph, ntriples, shared))
        self.sync_index()

    def _replace(self, write: GraphWrite) -> None:
        g = ox.NamedNode(write.graph)
        self._writing((write.graph,))
        try:
            nquads = write.nquads if write.nquads is not None else _nquads(write.graph, write.ntriples, write.shared)
            if nquads is not None and not self._store.contains_named_graph(g):
                self._store.load(nquads, format=ox.RdfFormat.N_QUADS)
            else:
                self._store.update(_replace_update(g, *write.triples()))
        except (SyntaxError, OSError) as e:
            raise StoreError(f"cannot write graph {g} to the store at '{self.path}': {e}") from e
        self._wrote(write)

    def _wrote(self, write: GraphWrite) -> None:
        """A graph written: its index rows made from the text written, for the next refresh."""
        try:
            self._rows[write.graph] = write.index_rows()
        except (SyntaxError, ValueError):
            self._rows.pop(write.graph, None)  # the refresh reads it back from the store

    def replace_graphs(self, writes: Sequence[GraphWrite | tuple[str, str, str]]) -> list[StoreError | None]:
        """Replace several graphs, each a GraphWrite or ``(graph, ntriples, shared)``, as
        :meth:`replace_graph` would, in order, and faster: each run of graphs not in the store yet
        goes in by one bulk load (of at most BULK_LOAD_QUADS quads), which RocksDB ingests at once,
        all or nothing.

        Returns, for each write, None when it was stored, or the StoreError that kept it out; a
        write that fails leaves nothing of itself (when a bulk load fails, each of its writes is
        tried again in a transaction of its own, so only the bad ones fail).
        """
        out: list[StoreError | None] = [None] * len(writes)
        self._writing(w.graph if isinstance(w, GraphWrite) else w[0] for w in writes)
        todo = [w if isinstance(w, GraphWrite) and w.nquads is not None else GraphWrite.made(*w[:3]) for w in writes]
        run: list[int] = []  # writes of new graphs, for the next bulk load
        names: set[str] = set()
        quads = 0

        def load_run() -> None:
            nonlocal quads
            if run:
                try:
                    self._store.bulk_load("".join(todo[i].nquads for i in run), format=ox.RdfFormat.N_QUADS)  # type: ignore[misc]
                    for i in run:
                        self._wrote(todo[i])
                except (SyntaxError, OSError, ValueError):
                    for i in run:
                        out[i] = self._try_replace(todo[i])
            run.clear()
            names.clear()
            quads = 0

        for i, write in enumerate(todo):
            try:
                new = (write.nquads is not None and write.graph not in names
                       and not self._store.contains_named_graph(ox.NamedNode(write.graph)))
            except (ValueError, OSError):
                new = False  # _try_replace says what is wrong with it
            if not new:  # replaces a graph: after the graphs before it, in a transaction of its own
                load_run()
                out[i] = self._try_replace(write)
                continue
            if quads + write.quads > BULK_LOAD_QUADS:
                load_run()
            run.append(i)
            names.add(write.graph)
            quads += write.quads
        load_run()
        self.sync_index()
        return out

    def _try_replace(self, write: GraphWrite) -> StoreError | None:
        try:
            self._replace(write)
        except ValueError as e:
            return StoreError(f"cannot write graph <{write.graph}> to the store at '{self.path}': {e}")
        except StoreError as e:
            return e
        return None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def drop_graph(self, graph: str) -> None:
        """Remove one named graph, if it is there."""
        g = ox.NamedNode(graph)
        if self._store.contains_named_graph(g):
            self._writing((graph,))
            self._store.remove_graph(g)
            self.sync_index()

    def ensure_vocabulary(self) -> None:
        """Load the ontology and vocabularies into their own graph, when missing or changed."""
        digest = _vocabulary_digest()
        g = ox.NamedNode(str(VOCABULARY_GRAPH))
        current = list(self._store.quads_for_pattern(g, _VERSION_PRED, None, g))
        if current and current[0].object.value == digest:
            return
        self.replace_graph(g.value, _vocabulary_ntriples(digest))

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The whole dataset (TriG, N-Quads) or the union of its graphs (triple formats)."""
        if fmt.supports_datasets:
            return self._store.dump(format=fmt, prefixes=PREFIXES) if fmt == ox.RdfFormat.TRIG else self._store.dump(format=fmt)
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in self._store}, key=str)
        return ox.serialize(triples, format=fmt, prefixes=PREFIXES) if fmt == ox.RdfFormat.TURTLE else ox.serialize(triples, format=fmt)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._store.flush()
        if not self.index.read_only:
            self.sync_index()


_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_QUERY = f"{_RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"
_XSD_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


class RemoteStore:
    """A SPARQL 1.1 endpoint: queries by the SPARQL 1.1 Protocol, writes by SPARQL 1.1 Update.

    ``url`` is ``http://HOST:PORT`` (queries to ``/query``, updates to ``/update``: ``igfkg serve``
    and Oxigraph), or the query URL itself (updates to the same URL, or to ``.../update`` beside a
    ``.../query``: Fuseki). ``user:password@`` in the URL is sent as HTTP Basic authentication.
    Every request times out after ``timeout`` seconds. Bound parameters are sent as VALUES blocks
    (see queries/values.py), the predeclared prefixes as PREFIX lines.

    Raises StoreError when the endpoint cannot be reached, answers late or refuses a write, and
    QueryError when it refuses a query (with the server's own message).
    """

    def __init__(self, url: str, *, read_only: bool = False, timeout: float = 60.0) -> None:
        self.query_url, self.update_url, self._auth = endpoint_urls(url)
        self.path = self.query_url  # named in messages, like EmbeddedStore.path
        self.read_only = read_only
        self.timeout = timeout
        self._derived = None  # the endpoint's derived index: not asked yet (False: it has none)
        if not read_only:
            self.ensure_vocabulary()

    def derived(self):
        """The derived index of the store behind ``igfkg serve`` (its ``/derived`` route), else None:
        another endpoint's engine answers every query. Asked once per RemoteStore."""
        if self._derived is None:
            self._derived = False
            if self.query_url.endswith("/query"):
                from .derived import RemoteIndex
                base = self.query_url[: -len("/query")]
                try:
                    status, body = self._get(base + "/derived")
                    if status == 200 and b'"queries"' in body:
                        self._derived = RemoteIndex(base, self._get)
                except StoreError:
                    pass
        return self._derived or None

    def _get(self, url: str) -> tuple[int, bytes]:
        """(status, body) of a GET; StoreError when the endpoint cannot be reached."""
        import urllib.error
        import urllib.request
        headers = {"Accept": "application/json", "User-Agent": "igfkg"}
        if self._auth:
            headers["Authorization"] = self._auth
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            raise StoreError(f"cannot reach the SPARQL endpoint at {url} ({getattr(e, 'reason', e)})") from e

    def sync_index(self) -> None:
        """Nothing to refresh (no derived index beside an endpoint)."""

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> Rows:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE with bound parameters (the same Rows as EmbeddedStore)."""
        from .values import declared_prefixes
        if is_update(sparql):
            raise QueryError(_READ_ONLY)
        text = inline_values(sparql, bindings or {})
        mine = declared_prefixes(text)
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items() if k not in mine)
        try:
            # Form-encoded (``query=...``), which every SPARQL 1.1 endpoint accepts: Virtuoso 7.2 never
            # answers a POST whose body is ``application/sparql-query``.
            form = urllib.parse.urlencode({"query": prologue + text})
            ctype, body = self._post(self.query_url, form, "application/x-www-form-urlencoded", _ACCEPT_QUERY)
        except QueryError as e:  # the server counts lines from the top of the predeclared prefixes
            from .values import unknown_prefix_message
            raise QueryError(unknown_prefix_message(text, PREFIXES) or _shift_lines(e.message, -prologue.count("\n"))) from e
        if ctype.startswith(_RESULTS_JSON) or ctype.startswith("application/json"):
            return _rows_from_json(body, self.query_url)
        try:
            fmt = ox.RdfFormat.from_media_type(ctype)
            if fmt is None:
                raise SyntaxError(f"unexpected content type '{ctype}'")
            triples = ox.parse(body, format=fmt)
            return Rows(("subject", "predicate", "object"), tuple((t.subject, t.predicate, t.object) for t in triples))
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"the SPARQL endpoint at {self.query_url} sent an answer igfkg cannot read: {e}") from e

    def replace_graph(self, graph: str, ntriples: str, shared: str = "") -> None:
        """Replace one named graph with one SPARQL Update request (DROP SILENT GRAPH, then INSERT DATA),
        which the endpoint runs as one transaction."""
        g = ox.NamedNode(graph)
        self._post(self.update_url, _replace_update(g, ntriples, shared), "application/sparql-update", "*/*", update=True)

    def replace_graphs(self, writes: Sequence[GraphWrite | tuple[str, str, str]]) -> list[StoreError | None]:
        """As EmbeddedStore.replace_graphs, one update request per graph."""
        out: list[StoreError | None] = []
        for write in writes:
            graph, ntriples, shared = (write.graph, *write.triples()) if isinstance(write, GraphWrite) else write
            try:
                self.replace_graph(graph, ntriples, shared)
                out.append(None)
            except (StoreError, QueryError, ValueError) as e:
                out.append(e if isinstance(e, StoreError) else StoreError(str(e)))
        return out

    def graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } FILTER(isIRI(?g)) }")
        return sorted(r[0].value for r in rows.rows if r[0] is not None)

    def drop_graph(self, graph: str) -> None:
        """Remove one named graph, if it is there."""
        self._post(self.update_url, f"DROP SILENT GRAPH {ox.NamedNode(graph)}", "application/sparql-update", "*/*", update=True)

    def ensure_vocabulary(self) -> None:
        """Load the ontology and vocabularies into their own graph, when missing or changed."""
        digest = _vocabulary_digest()
        g = ox.NamedNode(str(VOCABULARY_GRAPH))
        rows = self.select(f"SELECT ?v WHERE {{ GRAPH {g} {{ {g} {_VERSION_PRED} ?v }} }}")
        if any(r[0] is not None and r[0].value == digest for r in rows.rows):
            return
        self.replace_graph(g.value, _vocabulary_ntriples(digest))

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The whole dataset (TriG, N-Quads) or the union of its graphs (triple formats), as EmbeddedStore.dump."""
        rows = self.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        if fmt.supports_datasets:
            quads = [ox.Quad(s, p, o, g) for s, p, o, g in rows]
            return ox.serialize(quads, format=fmt, prefixes=PREFIXES) if fmt == ox.RdfFormat.TRIG else ox.serialize(quads, format=fmt)
        triples = sorted({ox.Triple(s, p, o) for s, p, o, _ in rows}, key=str)
        return ox.serialize(triples, format=fmt, prefixes=PREFIXES) if fmt == ox.RdfFormat.TURTLE else ox.serialize(triples, format=fmt)

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows.rows[0][0].value)

    def flush(self) -> None:
        """Nothing to do: the endpoint has written each update when it answers."""

    def _post(self, url: str, body: str, content_type: str, accept: str, *, update: bool = False) -> tuple[str, bytes]:
        import urllib.error
        import urllib.request
        headers = {"Content-Type": f"{content_type}; charset=utf-8", "Accept": accept, "User-Agent": "igfkg"}
        if self._auth:
            headers["Authorization"] = self._auth
        request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as e:
            raise _http_error(e, url, update=update) from e
        except TimeoutError as e:
            raise StoreError(f"the SPARQL endpoint at {url} did not answer within {self.timeout:g} s") from e
        except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
            reason = getattr(e, "reason", e)
            if isinstance(reason, TimeoutError):
                raise StoreError(f"the SPARQL endpoint at {url} did not answer within {self.timeout:g} s") from e
            raise StoreError(f"cannot reach the SPARQL endpoint at {url} ({reason}); is its server running? "
                             "Serve a store folder with 'igfkg serve --store FOLDER'") from e


def endpoint_urls(url: str) -> tuple[str, str, str | None]:
    """(query URL, update URL, Authorization header or None) for an endpoint's URL.

    >>> endpoint_urls("http://127.0.0.1:7878")[:2]
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoint_urls("http://localhost:3030/ds/query")[:2]
    ('http://localhost:3030/ds/query', 'http://localhost:3030/ds/update')
    """
    import base64
    from urllib.parse import unquote, urlsplit, urlunsplit
    parts = urlsplit(url)
    auth = None
    if parts.username is not None:
        token = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode("utf-8")
        auth = "Basic " + base64.b64encode(token).decode("ascii")
        parts = parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))
    path = parts.path.rstrip("/")
    if not path:
        return urlunsplit(parts._replace(path="/query")), urlunsplit(parts._replace(path="/update")), auth
    query = urlunsplit(parts)
    if path.endswith("/query"):
        return query, urlunsplit(parts._replace(path=path[: -len("query")] + "update", query="")), auth
    return query, query, auth


def _http_error(e, url: str, *, update: bool) -> StoreError | QueryError:
    """An endpoint's refusal, with its own message."""
    try:
        message = " ".join(e.read().decode("utf-8", "replace").split())[:800]
    except Exception:  # the body is only a courtesy
        message = ""
    said = f"HTTP {e.code} {e.reason}" + (f": {message}" if message else "")
    if e.code == 404:
        return StoreError(f"no SPARQL endpoint at {url} ({said}); give the endpoint's base URL "
                          "(http://HOST:PORT) or its query URL (e.g. .../query or .../sparql)")
    if update and e.code in (401, 403, 405):
        hint = "" if "--writable" in message else ("; it takes no writes: serve the store with 'igfkg serve --writable', "
                                                   "or give an endpoint that accepts SPARQL Update (with user:password@ if it needs them)")
        return StoreError(f"the SPARQL endpoint at {url} refused the update ({said}){hint}")
    if update or e.code >= 500 and e.code != 503:
        return StoreError(f"the SPARQL endpoint at {url} could not {'write' if update else 'answer'} ({said})")
    return QueryError(f"the SPARQL endpoint at {url} refused the query ({said})")


def _shift_lines(message: str, by: int) -> str:
    """``message`` with the line numbers of "error at LINE:COLUMN" (Oxigraph) or "line LINE" (Jena) moved by ``by``.

    >>> _shift_lines("error at 18:6: expected [_]", -17)
    'error at 1:6: expected [_]'
    """
    def shift(m: re.Match) -> str:
        return f"{m.group(1)}{max(1, int(m.group(2)) + by)}"
    return re.sub(r"(\berror at |\b[Ll]ine )(\d+)", shift, message)


def _term(b: dict) -> object:
    """A pyoxigraph term from one SPARQL JSON results binding."""
    kind, value = b.get("type"), b.get("value")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        try:
            return ox.BlankNode(value)
        except ValueError:
            return ox.BlankNode()
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in b:
            return ox.Literal(value, language=b["xml:lang"])
        if "datatype" in b:
            return ox.Literal(value, datatype=ox.NamedNode(b["datatype"]))
        return ox.Literal(value)
    if kind == "triple":
        return ox.Triple(_term(value["subject"]), _term(value["predicate"]), _term(value["object"]))
    raise ValueError(f"unknown term type {kind!r}")


def _rows_from_json(body: bytes, url: str) -> Rows:
    """Rows from a SPARQL 1.1 Query Results JSON document (SELECT or ASK)."""
    try:
        doc = json.loads(body)
        if "boolean" in doc:
            return Rows(("answer",), ((ox.Literal(str(bool(doc["boolean"])).lower(), datatype=_XSD_BOOLEAN),),))
        columns = tuple(doc["head"]["vars"])
        made: dict[tuple, object] = {}  # one term per distinct value: answers repeat IRIs, names and counts

        def term(b: dict) -> object:
            key = tuple(b.items())
            t = made.get(key)
            if t is None:
                t = made[key] = _term(b)
            return t
        rows = tuple(tuple(term(b[c]) if c in b else None for c in columns) for b in doc["results"]["bindings"])
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise StoreError(f"the SPARQL endpoint at {url} sent results igfkg cannot read ({type(e).__name__}: {e}); "
                         f"they start: {body[:200]!r}") from e
    return Rows(columns, rows)


def _vocabulary_digest() -> str:
    files = (ONTOLOGY_FILE, *VOCABULARY_FILES)
    return hashlib.sha256(b"".join(p.read_bytes() for p in files if p.exists())).hexdigest()


def _vocabulary_ntriples(digest: str) -> str:
    """The ontology and vocabularies, with their version triple, as N-Triples."""
    g = ox.NamedNode(str(VOCABULARY_GRAPH))
    triples = [ox.Triple(g, _VERSION_PRED, ox.Literal(digest))]
    for p in (ONTOLOGY_FILE, *VOCABULARY_FILES):
        if p.exists():
            triples += [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)]
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def is_endpoint(location: str) -> bool:
    """Whether ``location`` names a SPARQL endpoint (an http(s) URL) rather than a store folder."""
    return location.startswith(("http://", "https://"))


def open_store(location: str | None = None, *, read_only: bool = False) -> EmbeddedStore | RemoteStore:
    """The store at ``location``: a folder (default ``$IGFKG_STORE`` or ``./igfkg-store``), or a SPARQL
    endpoint's URL (``http://HOST:PORT`` for ``/query`` and ``/update``, or the query URL itself).

    Raises StoreError when a folder cannot be opened (a URL is only contacted by the first request).
    """
    location = location or default_location()
    if is_endpoint(location):
        return RemoteStore(location, read_only=read_only)
    return EmbeddedStore(location, read_only=read_only)


_READ_ONLY = "this is a SPARQL Update; igfkg only runs read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE)"
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL Update rather than a query (prologue and comments skipped)."""
    import re
    body = re.sub(r"#[^\n]*", "", sparql)
    body = re.sub(r"(?is)^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", "", body)
    return body.lstrip().upper().startswith(_UPDATE_WORDS)


def _explain_syntax(sparql: str, e: SyntaxError) -> str:
    """One line: the query is an update, uses an undeclared prefix, or does not parse (the parser's
    message, with its lists of expected characters left out)."""
    from .values import unknown_prefix_message
    if is_update(sparql):
        return _READ_ONLY
    unknown = unknown_prefix_message(sparql, PREFIXES)
    if unknown:
        return unknown
    return f"the query does not parse: {one_line(str(e))}"


def one_line(message: str, limit: int = 300) -> str:
    """A parser's message on one line, without its list of expected Unicode ranges, cut at ``limit``.

    >>> one_line("error at 1:5: expected one of [A-Z], [\\\\u{C0}-\\\\u{D6}]")
    'error at 1:5: expected a name'
    """
    import re
    text = " ".join(message.split())
    if re.search(r"\[\\u\{", text):
        text = re.sub(r"expected (one of )?.*", "expected a name", text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _explain_run(sparql: str, e: Exception) -> str:
    """One line for a query that parsed but failed while running (a SERVICE call, most often)."""
    import re
    if re.search(r"(?i)\bSERVICE\b", sparql):
        return (f"the query's SERVICE call failed ({one_line(str(e), 160)}); igfkg runs offline on its own store: "
                "remove the SERVICE clause")
    return f"the query cannot run: {one_line(str(e))}"
