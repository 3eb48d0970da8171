"""emit_ntriples: the N-Triples igfkg stores are exactly what rdflib writes for the emitted graph,
split into the report's own triples and the shared ones."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral

from ingest.emit import _Lit, _NTriplesSink, emit, emit_ntriples, split_shared
from ingest.pipeline import extract_file
from ingest.validate import validate_graph, validate_report

from conftest import DATA, REPORT_CASES, SEED

LAYOUTS = sorted((DATA / "layouts").glob("*.txt"))


def _lines(text: str) -> list[str]:
    return sorted(text.splitlines())


@pytest.mark.parametrize("path", [SEED, *(DATA / "reports" / c / "report.txt" for c in REPORT_CASES), *LAYOUTS],
                         ids=lambda p: p.parent.name if p.name == "report.txt" else p.stem)
def test_emit_ntriples_are_rdflibs_serialisation_of_the_graph(path):
    x = extract_file(path)
    gname, g = emit(x)
    own, shared = split_shared(g)
    out = emit_ntriples(x)
    assert out.graph == str(gname)
    assert _lines(out.own) == _lines(own.serialize(format="nt"))
    assert _lines(out.shared) == _lines(shared.serialize(format="nt"))
    assert out.triples == len(g)


@given(st.one_of(st.text(), st.integers(), st.booleans(), st.dates()))
def test_emit_literals_are_written_as_rdflib_writes_them(value):
    sink = _NTriplesSink()
    sink.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), _Lit(value)))
    (line,) = sink.own
    assert line == f"<https://example.org/s> <https://example.org/p> {_quoteLiteral(Literal(value))} .\n"


def test_emit_an_invalid_iri_fails_as_rdflibs_serialiser_does():
    sink = _NTriplesSink()
    with pytest.raises(Exception, match="does not look like a valid URI"):
        sink.add((URIRef("https://example.org/a b"), URIRef("https://example.org/p"), _Lit(dt.date(2025, 1, 2))))


def test_emit_validate_report_gives_what_validating_with_the_vocabulary_gives(seed_extraction, vocab):
    from ontology import IGF
    _, g = emit(seed_extraction)
    stmt = next(g.subjects(predicate=None, object=IGF.Statement))
    g.remove((stmt, IGF.source, None))
    g.add((stmt, IGF.speaker, URIRef("https://w3id.org/igfkg/concept/igf")))
    want = validate_graph(g + vocab.graph)
    got = validate_report(g)
    assert not want.conforms and (got.conforms, got.violations) == (want.conforms, want.violations)
