"""The emitted graph: deterministic IRIs, SHACL shapes for everything emitted, provenance,
golden files (rewrite with --update-golden and read the diff)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, SH

from ingest.emit import emit
from ingest.pipeline import dumps
from ingest.validate import shapes, validate_graph
from ontology import IGF, OA

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"


def test_graph_is_deterministic(seed_extraction):
    (g1, a), (g2, b) = emit(seed_extraction), emit(seed_extraction)
    assert g1 == g2 and isomorphic(a, b)
    assert not any(isinstance(t, type(None)) for t in a)
    assert all(not str(n).startswith("_:") for t in a for n in t)  # no blank nodes


def test_graph_conforms_to_the_shapes(seed_extraction, vocab):
    _, g = emit(seed_extraction)
    report = validate_graph(g + vocab.graph)
    assert report.conforms, report.text


def test_graph_broken_statement_fails_with_a_readable_report(seed_extraction, vocab):
    _, g = emit(seed_extraction)
    stmt = next(g.subjects(RDF.type, IGF.Statement))
    g.remove((stmt, IGF.source, None))
    g.add((stmt, IGF.speaker, URIRef("https://example.org/not-a-person")))
    report = validate_graph(g + vocab.graph)
    assert not report.conforms
    messages = " ".join(v.message for v in report.violations)
    assert "Every statement cites its source span." in messages
    assert any(v.focus == str(stmt) for v in report.violations)


def test_graph_every_emitted_class_has_a_shape(seed_extraction):
    _, g = emit(seed_extraction)
    targeted = set(shapes().objects(None, SH.targetClass))
    emitted = set(g.objects(None, RDF.type))
    assert emitted - targeted <= {URIRef("https://schema.org/Event")}, emitted - targeted


def test_graph_every_statement_quotes_its_source_exactly(seed_extraction):
    _, g = emit(seed_extraction)
    text = seed_extraction.report.text
    for stmt in g.subjects(RDF.type, IGF.Statement):
        source = g.value(stmt, IGF.source)
        sel = {g.value(s, RDF.type): s for s in g.objects(source, OA.hasSelector)}
        start = g.value(sel[OA.TextPositionSelector], OA.start).toPython()
        end = g.value(sel[OA.TextPositionSelector], OA.end).toPython()
        assert text[start:end] == str(g.value(sel[OA.TextQuoteSelector], OA.exact))


def test_graph_memberships_are_dated_by_the_meeting(seed_extraction):
    _, g = emit(seed_extraction)
    org = "http://www.w3.org/ns/org#"
    formers = [m for m in g.subjects(RDF.type, URIRef(org + "Membership")) if g.value(m, IGF.former) == Literal(True)]
    assert formers and all(g.value(m, URIRef(org + "memberDuring")) is not None for m in formers)


@pytest.mark.parametrize("case", ["seed_wg_strategy_100"])
def test_graph_golden(case, request):
    from ingest.pipeline import extract_file
    x = extract_file(Path(__file__).resolve().parent / "data" / "reports" / case / "report.txt")
    x_json = json.loads(dumps(x))
    x_json["report"].pop("path", None)
    _, g = emit(x)
    GOLDEN.mkdir(exist_ok=True)
    json_path, ttl_path = GOLDEN / f"{case}.extraction.json", GOLDEN / f"{case}.nt"
    if request.config.getoption("--update-golden"):
        json_path.write_text(json.dumps(x_json, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        lines = sorted(set(g.serialize(format="nt").splitlines()) - {""})
        ttl_path.write_text("\n".join(lines) + "\n", encoding="utf-8")  # sorted N-Triples: clean diffs
    assert x_json == json.loads(json_path.read_text(encoding="utf-8"))
    want = Graph().parse(ttl_path, format="nt")
    if not isomorphic(g, want):
        _, only_got, only_want = graph_diff(to_isomorphic(g), to_isomorphic(want))
        pytest.fail("graph differs from golden:\n+ " + "\n+ ".join(sorted(map(str, only_got))[:20]) +
                    "\n- " + "\n- ".join(sorted(map(str, only_want))[:20]))
