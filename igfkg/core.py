"""The one core object with two faces (command line and dashboard): a store plus the ingest
pipeline, the named queries, validation and export.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ingest.emit import emit
from ingest.errors import IgfkgError
from ingest.identity import Known
from ingest.model import Extraction, Report
from ingest.pipeline import extract
from ingest.read import read_report, report_files
from ingest.validate import ValidationReport, validate_graph
from ingest.vocab import load_vocabulary
from queries import run as runner
from queries.store import EmbeddedStore, Rows, open_store

EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                  "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}


@dataclass(frozen=True)
class Ingested:
    path: str
    extraction: Extraction
    graph: str
    triples: int


@dataclass(frozen=True)
class Failed:
    path: str
    error: IgfkgError


class Igfkg:
    """A store opened for reading, or for reading and writing."""

    def __init__(self, location: str | None = None, *, read_only: bool = False) -> None:
        self.store: EmbeddedStore = open_store(location, read_only=read_only)

    # ---- writing ------------------------------------------------------------
    def ingest_report(self, report: Report, *, date: dt.date | None = None, layout: str | None = None,
                      validate: bool = True) -> Ingested:
        """Extract, emit, validate and store one report, replacing its meeting's graph in one transaction.

        Raises IgfkgError (nothing is written) when the report cannot be read or understood or
        its graph does not conform to the shapes.
        """
        x = extract(report, date=date, known=self.known_people(), layout=layout)
        gname, graph = emit(x)
        if validate:
            result = validate_graph(graph + load_vocabulary().graph)
            if not result.conforms:
                first = result.violations[0] if result.violations else None
                raise IgfkgError(f"the extracted graph does not conform to the shapes ({len(result.violations)} "
                                 f"violations; first: {first.message if first else result.text[:200]} at {first.focus if first else ''}); "
                                 "nothing was stored. Please report this with the file.", path=report.path)
        self.store.replace_graph(str(gname), graph.serialize(format="nt"))
        return Ingested(report.path, x, str(gname), len(graph))

    def ingest_paths(self, paths: Iterable[str | Path], *, date: dt.date | None = None, layout: str | None = None,
                     validate: bool = True,
                     on_result: Callable[[Ingested | Failed], None] | None = None) -> list[Ingested | Failed]:
        """Ingest files and folders; a bad file is reported and skipped, the others go on."""
        out: list[Ingested | Failed] = []
        for path in report_files(list(paths)):
            try:
                result: Ingested | Failed = self.ingest_report(read_report(path), date=date, layout=layout, validate=validate)
            except IgfkgError as e:
                result = Failed(str(path), e)
            except Exception as e:  # a bug must not stop the batch or lose the other reports
                result = Failed(str(path), IgfkgError(f"internal error ({type(e).__name__}: {e}); nothing was stored "
                                                      "for this report; please report it with the file", path=str(path)))
            out.append(result)
            if on_result:
                on_result(result)
        return out

    def known_people(self) -> dict[str, Known]:
        """The people in the store, with the role labels and series they were seen with
        (three flat queries: joining them in one would multiply rows per report)."""
        def pairs(sparql: str) -> list[tuple[str, str]]:
            return [(a.value.rsplit("/", 1)[-1], b.value) for a, b in self.store.select(sparql).rows if a and b]

        names: dict[str, str] = {}
        for key, name in pairs("SELECT DISTINCT ?p ?n WHERE { ?p a foaf:Person ; foaf:name ?n }"):
            names.setdefault(key, name)
        roles: dict[str, set[str]] = {}
        for key, role in pairs("SELECT DISTINCT ?p (LCASE(?r) AS ?role) WHERE { ?m org:member ?p ; igf:roleLabel ?r }"):
            roles.setdefault(key, set()).add(role)
        series: dict[str, set[str]] = {}
        for key, s in pairs("SELECT DISTINCT ?p ?s WHERE { ?m schema:attendee ?p ; schema:superEvent ?s }"):
            series.setdefault(key, set()).add(s.rsplit("/", 1)[-1])
        return {k: Known(k, n, frozenset(roles.get(k, ())), frozenset(series.get(k, ()))) for k, n in names.items()}

    # ---- reading ------------------------------------------------------------
    def query(self, name_or_file: str, params: dict[str, str] | None = None) -> Rows:
        return runner.run(self.store, name_or_file, params)

    def sparql(self, text: str) -> Rows:
        return runner.run_sparql(self.store, text)

    def stats(self) -> dict[str, int]:
        """Counts of meetings, people, statements, concepts named, and triples."""
        rows = self.store.select("""
            SELECT (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?p) AS ?people)
                   (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?c) AS ?concepts) WHERE {
              { ?m a igf:Meeting } UNION { ?p a foaf:Person } UNION { ?s a igf:Statement }
              UNION { ?x a igf:Statement ; dcterms:subject ?c }
            }""")
        from queries.formats import records
        out = records(rows)[0]
        out["graphs"] = len(self.store.graphs())
        out["triples"] = len(self.store)
        return out  # type: ignore[return-value]

    def as_graph(self) -> Graph:
        """The union of every graph in the store, as an rdflib graph (for validation)."""
        g = Graph()
        g.parse(data=self.store.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return g

    def validate(self) -> ValidationReport:
        return validate_graph(self.as_graph())

    def export(self, fmt: str) -> bytes:
        if fmt not in EXPORT_FORMATS:
            raise IgfkgError(f"unknown export format '{fmt}'; choose one of {', '.join(EXPORT_FORMATS)}")
        return self.store.dump(EXPORT_FORMATS[fmt])

