"""The one core object with two faces (command line and dashboard): a store plus the ingest
pipeline, the named queries, validation and export.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ingest.emit import emit, emit_ntriples
from ingest.errors import IgfkgError
from ingest.identity import Known
from ingest.model import Extraction, Report
from ingest import iris
from ingest.pipeline import STAGES, extract
from ingest.read import read_report, report_files
from ingest.validate import ValidationReport, validate_graph, validate_report
from queries import run as runner
from queries.store import EmbeddedStore, RemoteStore, Rows, open_store

EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                  "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}


@dataclass(frozen=True)
class Ingested:
    path: str
    extraction: Extraction | None
    graph: str
    triples: int


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
    extraction: Extraction
    graph: str
    ntriples: str  # the report's own graph
    shared: str  # triples about people, series, days... stored once in the shared graph
    triples: int


def prepare(source: str | Path | Report, *, known: dict[str, Known] | None = None, date: dt.date | None = None,
            layout: str | None = None, validate: bool = True) -> Prepared:
    """Read (unless given a Report), extract, emit and validate one report; writes nothing.

    Raises IgfkgError when the report cannot be read or understood, or its graph does not
    conform to the shapes.
    """
    report = source if isinstance(source, Report) else read_report(source)
    x = extract(report, date=date, known=known or {}, layout=layout)
    if validate:
        _, graph = emit(x)
        result = validate_report(graph)
        if not result.conforms:
            first = result.violations[0] if result.violations else None
            where = f"{first.message} at {first.focus}" if first else result.text[:200]
            raise IgfkgError(f"the extracted graph does not conform to the shapes ({len(result.violations)} "
                             f"violations; first: {where}); nothing was stored. Please report this with the file.",
                             path=report.path)
    out = emit_ntriples(x)
    return Prepared(report.path, x, out.graph, out.own, out.shared, out.triples)


_WORKER: dict = {}


def _init_worker(options: dict) -> None:
    _WORKER.update(options)


def _prepare_file(path: str | Path) -> Prepared | Failed | Skipped:
    """Worker side of a bulk ingest: never raises, so one bad report cannot stop the batch."""
    try:
        if not _WORKER.get("force") and not isinstance(path, str):
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest() if Path(path).is_file() else ""
            if str(iris.activity(digest, STAGES)) in _WORKER.get("stored", ()):
                return Skipped(str(path), "unchanged since it was stored (same SHA-256); --force re-ingests")
        return prepare(path, known=_WORKER.get("known"), date=_WORKER.get("date"), layout=_WORKER.get("layout"),
                       validate=_WORKER.get("validate", True))
    except IgfkgError as e:
        return Failed(str(path), e)
    except Exception as e:  # a bug must not stop the batch or lose the other reports
        return Failed(str(path), IgfkgError(f"internal error ({type(e).__name__}: {e}); nothing was stored "
                                            "for this report; please report it with the file", path=str(path)))


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
        return self._write(prepare(report, known=self.known_people(), date=date, layout=layout, validate=validate))

    def _write(self, p: Prepared) -> Ingested:
        self.store.replace_graph(p.graph, p.ntriples, p.shared)
        return Ingested(p.path, p.extraction, p.graph, p.triples)

    def ingest_paths(self, paths: Iterable[str | Path], *, date: dt.date | None = None, layout: str | None = None,
                     validate: bool = True, jobs: int = 1, force: bool = True,
                     on_result: Callable[[Ingested | Failed | Skipped], None] | None = None
                     ) -> list[Ingested | Failed | Skipped]:
        """Ingest files, folders and URLs: extraction in ``jobs`` worker processes, one writer (this
        process), each report in its own transaction. A bad report is reported and skipped; with
        ``force=False`` a report whose bytes are already stored is skipped, so a killed run resumes.
        With ``on_result``, each result is passed there whole and returned without its extraction.
        """
        files = report_files(list(paths))
        options = {"known": self.known_people(), "stored": set() if force else self.stored_hashes(),
                   "force": force, "date": date, "layout": layout, "validate": validate}
        out: list[Ingested | Failed | Skipped] = []

        def handle(prepared: Prepared | Failed | Skipped) -> None:
            result: Ingested | Failed | Skipped = prepared  # type: ignore[assignment]
            if isinstance(prepared, Prepared):
                try:
                    result = self._write(prepared)
                    _learn(options["known"], prepared.extraction)
                except IgfkgError as e:
                    result = Failed(prepared.path, e)
            if on_result:
                on_result(result)
                if isinstance(result, Ingested):  # the caller has seen it: keep the batch's memory flat
                    result = Ingested(result.path, None, result.graph, result.triples)
            out.append(result)

        if jobs <= 1 or len(files) <= 1:
            _init_worker(options)
            for path in files:
                handle(_prepare_file(path))
            self.store.flush()  # a store left unflushed opens slowly for the next reader
            return out
        else:
            import concurrent.futures
            import multiprocessing
            ctx = multiprocessing.get_context("spawn")
            with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                                                        initargs=(options,)) as pool:
                for prepared in pool.map(_prepare_file, files, chunksize=4):
                    handle(prepared)
        self.store.flush()  # a store left unflushed opens slowly for the next reader
        return out

    def stored_hashes(self) -> set[str]:
        """The extraction runs in the store: one per report file (SHA-256) and pipeline version, so a
        report is skipped as unchanged only when the same bytes went through the same stages."""
        return {r[0].value for r in self.store.select("SELECT DISTINCT ?a WHERE { ?a a prov:Activity ; prov:used ?r }").rows if r[0]}

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
        affiliations: dict[str, set[tuple[str, str, str]]] = {}  # the organisations each was listed with
        for p, o, label, s in self.store.select(
                "SELECT DISTINCT ?p ?o ?l ?s WHERE { ?ms org:member ?p ; org:role igfr:affiliated ; org:organization ?o ;"
                " igf:observedAt/schema:superEvent ?s . ?o skos:prefLabel ?l }").rows:
            affiliations.setdefault(p.value.rsplit("/", 1)[-1], set()).add(
                (o.value.rsplit("/", 1)[-1], label.value, s.value.rsplit("/", 1)[-1]))
        return {k: Known(k, n, frozenset(roles.get(k, ())), frozenset(series.get(k, ())),
                         frozenset(affiliations.get(k, ()))) for k, n in names.items()}

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



def _learn(known: dict[str, Known], x: Extraction) -> None:
    """Add what a stored report says about its people to the known people of a running batch."""
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
