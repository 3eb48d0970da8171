"""validate.v1: SHACL validation of emitted graphs against ``ontology/shapes.ttl``.

Three engines (:data:`ENGINES`) give the same verdicts: ``pyshacl``, the reference, which also
writes the detailed report; ``shacl`` (the ``shacl`` package, a SHACL engine in Rust whose
shapes are compiled once per process), which ingest uses because ``tests/test_shacl_engines.py``
shows it gives the same conformance and the same violations as pySHACL; and ``sparql``
(:mod:`ingest.shacl_sparql`, the shapes compiled into SPARQL run by pyoxigraph, no dependency
of its own). Ingest takes a fast engine's "conforms" as is and has pySHACL validate any graph
that engine found a violation in, so a refused report's message is pySHACL's.

A graph that does not conform is a report to show, not an exception.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from ontology import SHAPES_FILE

from .errors import VocabularyError
from .vocab import load_vocabulary


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    component: str = ""  # the constraint component's local name, e.g. "MinCountConstraintComponent"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    text: str


@functools.lru_cache(maxsize=1)
def shapes() -> Graph:
    g = Graph()
    try:
        g.parse(SHAPES_FILE, format="turtle")
    except Exception as e:  # rdflib raises several parse error types
        raise VocabularyError(f"the SHACL shapes do not parse: {e}", path=str(SHAPES_FILE)) from e
    return g


Engine = Literal["pyshacl", "shacl", "sparql"]
ENGINES: tuple[str, ...] = ("pyshacl", "shacl", "sparql")
#: The engine ingest validates every report with (pySHACL then reports what it refuses).
INGEST_ENGINE: Engine = "shacl"  # the fastest engine whose verdicts matched pySHACL on every graph tried (see tests/test_shacl_engines.py)


def validate_graph(data: Graph, *, inplace: bool = False, engine: Engine = "pyshacl") -> ValidationReport:
    """Validate ``data`` (one report's graph, or the union of a store, with the vocabularies).
    ``inplace``: pySHACL may work on ``data`` itself instead of a copy (it adds nothing to it: the
    shapes have no rules and there is no inference); for a graph the caller made for this."""
    if engine != "pyshacl":
        return validate_ntriples(data.serialize(format="nt"), engine=engine, vocabulary=False)
    conforms, results, text = shacl_validate(data, shacl_graph=shapes(), inference="none", advanced=True,
                                             allow_warnings=True, inplace=inplace)
    return _report(bool(conforms), results, str(text))


def validate_ntriples(ntriples: str, *, engine: Engine = INGEST_ENGINE, vocabulary: bool = True) -> ValidationReport:
    """Validate a graph given as N-Triples (one report's own and shared triples, as
    ``ingest.emit.emit_ntriples`` writes them), with the vocabularies unless ``vocabulary`` is
    False. The fast engines give conformance and violations (focus, path, component) but no
    report text: ask pySHACL for that. Raises ValueError for an unknown engine."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine '{engine}'; choose one of {', '.join(ENGINES)}")
    if engine == "pyshacl" or not canonical_literals(ntriples):
        g = Graph()
        g.parse(data=ntriples, format="nt")
        return validate_report(g) if vocabulary else validate_graph(g, inplace=True)
    if engine == "shacl":
        compiled = _rust_shapes()
        report = compiled.validate_text(ntriples + (_vocabulary_ntriples() if vocabulary else ""), format="nt",
                                        allow_warnings=True)
        found = [Violation(focus=_plain(r.focus_node), path=_plain(r.path or ""), message=r.message or "",
                           severity=r.severity, component=r.component) for r in report.results]
        return _sorted(bool(report.conforms), found)
    from .shacl_sparql import conforms  # engine == "sparql"
    results = _sparql_shapes(vocabulary).validate_ntriples(ntriples)
    found = [Violation(focus=r.focus, path=r.path, message=r.message, severity=r.severity, component=r.component)
             for r in results]
    return _sorted(conforms(results), found)


#: Typed literals as rdflib writes them back unchanged (so pySHACL sees the text the fast engines
#: see): whole numbers without a sign or leading zeros but "-", decimals, dates, date-times to the
#: second with an offset, booleans, and URIs without spaces or escapes.
_CANONICAL = {f"http://www.w3.org/2001/XMLSchema#{name}": re.compile(pattern) for name, pattern in (
    ("integer", r"0|-?[1-9]\d*"), ("decimal", r"-?(?:0|[1-9]\d*)\.\d+"), ("date", r"\d{4}-\d\d-\d\d"),
    ("dateTime", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d)?"), ("boolean", r"true|false"),
    ("anyURI", r"[^\s\\<>\"{}|^`]*"))}
_TYPED = re.compile(r'"\^\^<([^>]*)>')  # the end of a typed literal: its lexical form is before it


def canonical_literals(ntriples: str) -> bool:
    """Whether every typed literal of ``ntriples`` has a well-formed lexical form that rdflib keeps
    as written (the forms :mod:`ingest.emit` writes). pySHACL reads literals through rdflib, which
    rewrites the others ("007" is 7, "1"^^xsd:boolean is "true", a hash typed xsd:boolean becomes
    "false") and checks sh:pattern and the like on what it wrote; the fast engines check the text
    as given. So the fast engines leave a graph with any other typed literal to pySHACL, and their
    verdicts stay pySHACL's (``tests/test_shacl_engines.py``). A lexical form with an escape, or a
    string that holds ``"^^<``, counts as another form.

    >>> canonical_literals('<a> <p> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n')
    True
    >>> canonical_literals('<a> <p> "012"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n')
    False
    """
    for m in _TYPED.finditer(ntriples):
        datatype = m.group(1)
        if datatype == _STRING:
            continue
        end = m.start()
        start = ntriples.rfind('"', 0, end)
        if start <= 0 or ntriples[start - 1] == "\\" or ntriples[end - 1] == "\\" or not _canonical(ntriples[start + 1:end], datatype):
            return False
    return True


_STRING = "http://www.w3.org/2001/XMLSchema#string"


@functools.lru_cache(maxsize=8192)
def _canonical(lexical: str, datatype: str) -> bool:
    pattern = _CANONICAL.get(datatype)
    return pattern is not None and pattern.fullmatch(lexical) is not None and _valid(lexical, datatype)


def _valid(lexical: str, datatype: str) -> bool:
    """Whether a date or date-time of the right shape is a real one (no 31 June)."""
    try:
        if datatype.endswith("#date"):
            dt.date.fromisoformat(lexical)
        elif datatype.endswith("#dateTime"):
            dt.datetime.fromisoformat(lexical)
    except ValueError:
        return False
    return True


def _plain(term: str) -> str:
    """An IRI or blank node as pySHACL's report gives it (``<x>`` -> ``x``)."""
    return term[1:-1] if term.startswith("<") and term.endswith(">") else term


def _sorted(conforms: bool, found: list[Violation]) -> ValidationReport:
    found.sort(key=lambda v: (v.focus, v.path, v.message, v.component))
    return ValidationReport(conforms, tuple(found), "")


@functools.lru_cache(maxsize=1)
def _vocabulary_ntriples() -> str:
    return load_vocabulary().graph.serialize(format="nt")


@functools.lru_cache(maxsize=1)
def _rust_shapes():
    import shacl

    return shacl.Shapes.from_file(str(SHAPES_FILE))


@functools.lru_cache(maxsize=2)
def _sparql_shapes(vocabulary: bool):
    from .shacl_sparql import SparqlShapes

    return SparqlShapes(shapes(), extra=_vocabulary_ntriples() if vocabulary else "")


def validate_report(graph: Graph) -> ValidationReport:
    """Validate one report's graph together with the vocabularies, as ``validate_graph(graph +
    vocabulary)`` does, in about half the time: the vocabulary's triples are added to ``graph``
    itself (which the caller made for this and does not use again), and pySHACL works on it in
    place instead of copying the union once more."""
    vocabulary = load_vocabulary().graph
    for prefix, namespace in vocabulary.namespaces():
        graph.bind(prefix, namespace)
    for triple in vocabulary:
        graph.add(triple)
    return validate_graph(graph, inplace=True)


def _report(conforms: bool, results: Graph, text: str) -> ValidationReport:
    violations = []
    for r in results.subjects(SH.resultSeverity, None):
        violations.append(Violation(
            focus=str(results.value(r, SH.focusNode)), path=str(results.value(r, SH.resultPath) or ""),
            message=str(results.value(r, SH.resultMessage) or ""),
            severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            component=str(results.value(r, SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms, tuple(violations), text)


#: How ``igfkg ingest --validate`` checks reports: ``all`` (the default) validates every report's
#: graph; ``sample`` validates the first report and every SAMPLE_EVERY-th of a batch, and any
#: report with a node of a shape no validated report had (see :func:`node_shapes`); ``none``
#: validates none. Whatever is validated and does not conform is never stored.
VALIDATION_MODES = ("all", "sample", "none")
SAMPLE_EVERY = 10

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def node_shapes(ntriples: str) -> frozenset[tuple]:
    """The shapes of the nodes of a graph given as N-Triples (one triple a line, as igfkg writes
    them): for each subject, its classes and, for each property, the kind of its values (IRI or
    literal datatype) and whether it has one or more. Two reports whose nodes all have shapes seen
    before differ only in the values of their literals and IRIs.

    >>> sorted(node_shapes('<a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <C> .\\n<a> <p> "x" .\\n<a> <p> "y" .\\n'))
    [(('<C>',), (('<p>', 'string', 2),))]
    """
    classes: dict[str, set[str]] = {}
    values: dict[str, dict[tuple[str, str], int]] = {}
    for line in ntriples.splitlines():
        subject, predicate, obj = line.split(" ", 2)
        obj = obj[:-2]  # " ."
        if predicate == _RDF_TYPE:
            classes.setdefault(subject, set()).add(obj)
            values.setdefault(subject, {})
            continue
        if obj[0] == "<":
            kind = "iri"
        elif obj[-1] == '"':
            kind = "string"
        elif '"@' in obj[obj.rindex('"'):]:
            kind = "lang"
        else:
            kind = obj[obj.rindex('"') + 3:]  # "..."^^<datatype>
        counts = values.setdefault(subject, {})
        counts[predicate, kind] = counts.get((predicate, kind), 0) + 1
    return frozenset((tuple(sorted(classes.get(s, ()))), tuple(sorted((p, k, min(n, 2)) for (p, k), n in v.items())))
                     for s, v in values.items())


class Sampler:
    """Which reports ``--validate sample`` validates, in the order one process sees them:
    ``wants(index, shapes)`` for the report at ``index`` of the batch, and ``validated(shapes)``
    once one conformed."""

    def __init__(self, every: int = SAMPLE_EVERY) -> None:
        self.every = every
        self.seen: set[tuple] = set()

    def wants(self, index: int, shapes: frozenset[tuple]) -> bool:
        return index % self.every == 0 or not shapes <= self.seen

    def validated(self, shapes: frozenset[tuple]) -> None:
        self.seen |= shapes
