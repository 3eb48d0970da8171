"""validate.v1: SHACL validation of emitted graphs against ``ontology/shapes.ttl`` (pySHACL).

A graph that does not conform is a report to show, not an exception.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

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


def validate_graph(data: Graph, *, inplace: bool = False) -> ValidationReport:
    """Validate ``data`` (one report's graph, or the union of a store, with the vocabularies).
    ``inplace``: pySHACL may work on ``data`` itself instead of a copy (it adds nothing to it: the
    shapes have no rules and there is no inference); for a graph the caller made for this."""
    conforms, results, text = shacl_validate(data, shacl_graph=shapes(), inference="none", advanced=True,
                                             allow_warnings=True, inplace=inplace)
    return _report(bool(conforms), results, str(text))


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
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms, tuple(violations), text)
