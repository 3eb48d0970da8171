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


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` (one report's graph, or the union of a store, with the vocabularies)."""
    conforms, results, text = shacl_validate(data, shacl_graph=shapes(), inference="none", advanced=True,
                                             allow_warnings=True)
    violations = []
    for r in results.subjects(SH.resultSeverity, None):
        violations.append(Violation(
            focus=str(results.value(r, SH.focusNode)), path=str(results.value(r, SH.resultPath) or ""),
            message=str(results.value(r, SH.resultMessage) or ""),
            severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), tuple(violations), str(text))
