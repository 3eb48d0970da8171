"""The store behind one small interface: an embedded pyoxigraph on-disk store today; a remote
SPARQL endpoint can stand in later by implementing the same methods.

Every report lives in its own named graph; queries see the union of all graphs.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from ingest.errors import QueryError, StoreError
from ontology import ONTOLOGY_FILE, PREFIXES, VOCABULARY_FILES, VOCABULARY_GRAPH

DEFAULT_STORE = "./igfkg-store"
_VERSION_PRED = ox.NamedNode("https://w3id.org/igfkg/ontology#vocabularyVersion")


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
    def replace_graph(self, graph: str, ntriples: str) -> None: ...
    def graphs(self) -> list[str]: ...
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
                self._store = ox.Store(str(self.path))
        except OSError as e:
            raise StoreError(f"cannot open the store at '{self.path}': {e}") from e
        if not read_only:
            self.ensure_vocabulary()

    def select(self, sparql: str, bindings: dict[str, object] | None = None) -> Rows:
        """Run a SELECT (or ASK) with bound parameters. Raises QueryError on a bad or non-read query."""
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            result = self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs)
        except SyntaxError as e:
            raise QueryError(_explain_syntax(sparql, e)) from e
        except OSError as e:
            raise StoreError(f"cannot read the store at '{self.path}': {e}") from e
        except RuntimeError as e:  # e.g. a bound parameter missing from the SELECT clause
            raise QueryError(f"the query cannot run with its parameters: {e}; a parameter must be a variable "
                             "of the SELECT clause (igfkg leaves it out of the output)") from e
        if isinstance(result, ox.QueryBoolean):
            return Rows(("answer",), ((ox.Literal(str(bool(result)).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),),))
        if isinstance(result, ox.QueryTriples):
            rows = tuple((t.subject, t.predicate, t.object) for t in result)
            return Rows(("subject", "predicate", "object"), rows)
        columns = tuple(v.value for v in result.variables)
        return Rows(columns, tuple(tuple(sol[c] for c in columns) for sol in result))

    def replace_graph(self, graph: str, ntriples: str) -> None:
        """Replace one named graph in a single transaction: readers see the old or the new graph, never a mix."""
        g = ox.NamedNode(graph)
        try:
            self._store.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{ntriples}\n}} }}")
        except (SyntaxError, OSError) as e:
            raise StoreError(f"cannot write graph {g} to the store at '{self.path}': {e}") from e

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def ensure_vocabulary(self) -> None:
        """Load the ontology and vocabularies into their own graph, when missing or changed."""
        files = (ONTOLOGY_FILE, *VOCABULARY_FILES)
        digest = hashlib.sha256(b"".join(p.read_bytes() for p in files if p.exists())).hexdigest()
        g = ox.NamedNode(str(VOCABULARY_GRAPH))
        current = list(self._store.quads_for_pattern(g, _VERSION_PRED, None, g))
        if current and current[0].object.value == digest:
            return
        quads = [ox.Quad(g, _VERSION_PRED, ox.Literal(digest), g)]
        for p in files:
            if p.exists():
                quads += [ox.Quad(q.subject, q.predicate, q.object, g) for q in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)]
        nt = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        self.replace_graph(g.value, nt)

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


def open_store(location: str | None = None, *, read_only: bool = False) -> EmbeddedStore:
    """The store at ``location`` (a folder; default ``$IGFKG_STORE`` or ``./igfkg-store``)."""
    location = location or default_location()
    if location.startswith(("http://", "https://")):
        raise StoreError(f"'{location}' is a SPARQL endpoint; remote stores are not supported yet, give a folder")
    return EmbeddedStore(location, read_only=read_only)


_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL Update rather than a query (prologue and comments skipped)."""
    import re
    body = re.sub(r"#[^\n]*", "", sparql)
    body = re.sub(r"(?is)^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*", "", body)
    return body.lstrip().upper().startswith(_UPDATE_WORDS)


def _explain_syntax(sparql: str, e: SyntaxError) -> str:
    if is_update(sparql):
        return "this is a SPARQL Update; igfkg only runs read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE)"
    return f"the query does not parse: {e}"
