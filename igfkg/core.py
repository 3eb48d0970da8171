"""The one core object with two faces (command line and dashboard): a store plus the ingest
pipeline, the named queries, validation and export.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ingest.errors import IgfkgError
from ingest.identity import Known
from ingest.iris import graph_of
from ingest.iris import meeting as meeting_iri
from ingest.model import Report
from ingest.read import report_files
from ontology import ID, VOCABULARY_GRAPH
from ingest.validate import ENGINES, INGEST_ENGINE, Engine, ValidationReport, validate_graph, validate_ntriples
from queries import run as runner
from queries.store import SHARED_GRAPH, EmbeddedStore, RemoteStore, Rows, open_store

from . import batch
from .batch import Failed, Ingested, Prepared, Skipped, check, prepare, validation_mode  # noqa: F401 (the API)

_REPORT_GRAPHS = str(ID["graph/meeting/"])
EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                  "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}


class Igfkg:
    """A store opened for reading, or for reading and writing."""

    def __init__(self, location: str | None = None, *, read_only: bool = False) -> None:
        self.store: EmbeddedStore | RemoteStore = open_store(location, read_only=read_only)

    # ---- writing ------------------------------------------------------------
    def ingest_report(self, report: Report, *, date: dt.date | None = None, layout: str | None = None,
                      validate: bool = True) -> Ingested:
        """Extract, emit, validate and store one report, replacing its meeting's graph in one transaction.

        Raises IgfkgError (nothing is written) when the report cannot be read or understood or
        its graph does not conform to the shapes.
        """
        known = self.known_people(excluding=self.graphs_of_reports([report.sha256]))
        return self._write(prepare(report, known=known, date=date, layout=layout, validate=validate))

    def _write(self, p: Prepared) -> Ingested:
        self.store.replace_graph(p.graph, p.ntriples, p.shared)
        self.drop_undated(p.extraction)
        return Ingested(p.path, p.extraction, p.graph, p.triples, p.validated)

    def drop_undated(self, x) -> None:
        """A report first stored undated and now with its date (``--date``): its undated graph goes."""
        m = x.meeting if x is not None else None
        if m is not None and m.date is not None:
            undated = graph_of(meeting_iri(m.series, m.series_concept, None, report_key=x.report.sha256))
            self.store.drop_graph(str(undated))

    def ingest_paths(self, paths: Iterable[str | Path], *, date: dt.date | None = None, layout: str | None = None,
                     validate: bool | str = True, jobs: int = 1, force: bool = True, engine: Engine = INGEST_ENGINE,
                     on_result: Callable[[Ingested | Failed | Skipped], None] | None = None
                     ) -> list[Ingested | Failed | Skipped]:
        """Ingest files, folders and URLs: extraction in ``jobs`` worker processes, one writer (this
        process), each report whole or not at all. A bad report is reported and skipped; with
        ``force=False`` a report whose bytes are already stored is skipped, so a killed run resumes.
        With ``on_result``, each result is passed there whole, once stored, and returned without its
        extraction. ``validate``: "all" (or True), "sample" or "none" (or False); see
        ``ingest.validate.VALIDATION_MODES``; ``engine``: the SHACL engine that validates (pySHACL
        reports any graph it finds a violation in; see ``ingest.validate.ENGINES``).

        Reports are stored in groups (one bulk load for each group of graphs not yet in the store,
        all or nothing; a graph already there is replaced in a transaction of its own), and each
        report's people are resolved against every report before it in the batch, with one
        worker process or many.
        """
        mode = validation_mode(validate)
        if engine not in ENGINES:
            raise IgfkgError(f"unknown SHACL engine '{engine}'; choose one of {', '.join(ENGINES)}")
        force = force or date is not None  # a date given is a change: the report is stored again with it
        files = report_files(list(paths))
        options = {"stored": set() if force else self.stored_hashes(), "force": force, "date": date,
                   "layout": layout, "validate": mode, "engine": engine,
                   "index_rows": isinstance(self.store, EmbeddedStore)}  # workers make the derived index's rows
        def stored(r: Ingested | Failed | Skipped) -> None:
            if date is not None and isinstance(r, Ingested):  # its undated graph, now dated, goes
                self.drop_undated(r.extraction)
            if on_result:
                on_result(r)

        again = self.graphs_of(files)  # reports stored before: not resolved against themselves

        def known() -> dict[str, Known]:
            return self.known_people(excluding=again)
        return batch.run(self.store, files, known=known(), stored_people=known,
                         options=options, jobs=jobs, on_result=stored if (on_result or date is not None) else None)

    def graphs_of(self, files: Iterable[str | Path]) -> frozenset[str]:
        """The meeting graphs that hold the reports in ``files`` (the same bytes), where stored."""
        from ingest.read import file_sha256
        hashes = []
        for f in files:
            try:
                hashes.append(file_sha256(f))
            except (IgfkgError, OSError):
                continue  # a URL, or a file that cannot be read: it fails later, saying why
        return self.graphs_of_reports(hashes)

    def graphs_of_reports(self, hashes: Iterable[str]) -> frozenset[str]:
        """The meeting graphs that hold the reports of these SHA-256 hashes, where stored."""
        import pyoxigraph as ox

        from ingest.iris import report as report_iri
        reports = [ox.NamedNode(str(report_iri(h))) for h in hashes]
        if not reports:
            return frozenset()
        rows = self.store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a prov:used ?r } }", {"r": reports}).rows
        return frozenset(r[0].value for r in rows if r[0])

    def stored_hashes(self) -> set[str]:
        """The extraction runs in the store: one per report file (SHA-256) and pipeline version, so a
        report is skipped as unchanged only when the same bytes went through the same stages."""
        return {r[0].value for r in self.store.select("SELECT DISTINCT ?a WHERE { ?a a prov:Activity ; prov:used ?r }").rows if r[0]}

    def known_people(self, *, excluding: frozenset[str] = frozenset()) -> dict[str, Known]:
        """The people in the store, with the role labels and series they were seen with
        (three flat queries: joining them in one would multiply rows per report). ``excluding``:
        meeting graphs to leave out (of reports being ingested again, so that a report is not
        resolved against itself: the same report then gives the same graph).
        """
        def rows(sparql: str, leave_out: frozenset[str] = excluding) -> list[tuple]:
            """The rows of ``sparql`` (whose first column is ?g, the graph of its pattern, when
            graphs are left out: see ``graph``) from graphs not in ``leave_out``, without that column."""
            found = self.store.select(sparql).rows
            if not excluding:
                return list(found)
            return [r[1:] for r in found if r[0] is not None and r[0].value not in leave_out]

        def graph(pattern: str) -> str:  # the pattern, with its graph as ?g when graphs are left out
            return f"GRAPH ?g {{ {pattern} }}" if excluding else pattern

        def select(columns: str) -> str:
            return f"SELECT DISTINCT {'?g ' if excluding else ''}{columns} WHERE {{ "

        def pairs(sparql: str) -> list[tuple[str, str]]:
            return [(a.value.rsplit("/", 1)[-1], b.value) for a, b in rows(sparql) if a and b]

        names: dict[str, str] = {}
        for p, n in self.store.select("SELECT DISTINCT ?p ?n WHERE { ?p a foaf:Person ; foaf:name ?n }").rows:
            if p and n:
                names.setdefault(p.value.rsplit("/", 1)[-1], n.value)
        if excluding:  # a person's name is in the shared graph: keep those some other meeting names
            seen = {r[0].value.rsplit("/", 1)[-1] for r in rows(select("?p") + "?p a foaf:Person . " + graph("?x ?y ?p") + " }",
                                                                excluding | {SHARED_GRAPH}) if r[0] is not None}
            names = {k: n for k, n in names.items() if k in seen}
        roles: dict[str, set[str]] = {}
        for key, role in pairs(select("?p (LCASE(?r) AS ?role)") + graph("?m org:member ?p ; igf:roleLabel ?r") + " }"):
            roles.setdefault(key, set()).add(role)
        series: dict[str, set[str]] = {}
        for key, s in pairs(select("?p ?s") + graph("?m schema:attendee ?p") + " . ?m schema:superEvent ?s }"):
            series.setdefault(key, set()).add(s.rsplit("/", 1)[-1])
        affiliations: dict[str, set[tuple[str, str, str]]] = {}  # the organisations each was listed with
        for p, o, label, s in rows(
                select("?p ?o ?l ?s") + graph("?ms org:member ?p ; org:role igfr:affiliated ; org:organization ?o")
                + " . ?ms igf:observedAt/schema:superEvent ?s . ?o skos:prefLabel ?l }"):
            affiliations.setdefault(p.value.rsplit("/", 1)[-1], set()).add(
                (o.value.rsplit("/", 1)[-1], label.value, s.value.rsplit("/", 1)[-1]))
        return {k: Known(k, n, frozenset(roles.get(k, ())), frozenset(series.get(k, ())),
                         frozenset(affiliations.get(k, ()))) for k, n in names.items()}

    # ---- reading ------------------------------------------------------------
    def query(self, name_or_file: str, params: dict[str, str] | None = None, *, allow_service: bool = False) -> Rows:
        return runner.run(self.store, name_or_file, params, allow_service=allow_service)

    def records(self, name_or_file: str, params: dict[str, str] | None = None) -> list[dict[str, object]]:
        """The rows of ``query`` as plain values (``queries.formats.records``), from the derived index
        straight when it answers the query."""
        return runner.run_records(self.store, name_or_file, params)

    def sparql(self, text: str, *, allow_service: bool = False) -> Rows:
        return runner.run_sparql(self.store, text, allow_service=allow_service)

    def stats(self) -> dict[str, int]:
        """Counts of meetings, people, statements, concepts named, graphs (all; one per report; the
        vocabulary's: ontology and SKOS concepts, loaded by igfkg, not by a report) and triples."""
        rows = self.store.select("""
            SELECT (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?p) AS ?people)
                   (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?c) AS ?concepts) WHERE {
              { ?m a igf:Meeting } UNION { ?p a foaf:Person } UNION { ?s a igf:Statement }
              UNION { ?x a igf:Statement ; dcterms:subject ?c }
            }""")
        from queries.formats import records
        out = records(rows)[0]
        graphs = self.store.graphs()
        out["graphs"] = len(graphs)
        out["report_graphs"] = sum(1 for g in graphs if g.startswith(_REPORT_GRAPHS))
        out["vocabulary_graphs"] = sum(1 for g in graphs if g == str(VOCABULARY_GRAPH))
        out["triples"] = len(self.store)
        return out  # type: ignore[return-value]

    def as_graph(self) -> Graph:
        """The union of every graph in the store, as an rdflib graph (for validation)."""
        g = Graph()
        g.parse(data=self.store.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
        return g

    def validate(self, *, engine: Engine = "pyshacl") -> ValidationReport:
        """The store (the union of its graphs) validated by ``engine``: pySHACL (the reference, with
        its report) or a fast engine (conformance and violations, no report text)."""
        if engine == "pyshacl":
            return validate_graph(self.as_graph())
        return validate_ntriples(self.store.dump(ox.RdfFormat.N_TRIPLES).decode("utf-8"), engine=engine, vocabulary=False)

    def export(self, fmt: str) -> bytes:
        if fmt not in EXPORT_FORMATS:
            raise IgfkgError(f"unknown export format '{fmt}'; choose one of {', '.join(EXPORT_FORMATS)}")
        return self.store.dump(EXPORT_FORMATS[fmt])
