"""The fast SHACL engines give pySHACL's verdicts: the same conformance and the same violations
(focus node, path, constraint component) on every report graph the test suite builds, on the
generated benchmark corpus, and on property-based broken graphs (missing required values, wrong
datatypes, duplicated single values, dangling references). Ingest relies on this to validate
with a fast engine (``ingest.validate.INGEST_ENGINE``)."""
from __future__ import annotations

import importlib.util
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.emit import emit_ntriples
from ingest.pipeline import extract_file
from ingest.validate import ENGINES, validate_ntriples

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED = ROOT / "examples" / "wg-strategy-summary-report.txt"
FAST = [e for e in ENGINES if e != "pyshacl"]
XSD = "http://www.w3.org/2001/XMLSchema#"

#: The report texts the test suite ingests: the example, the golden report cases and the
#: layout corpus.
SUITE = [SEED, *sorted((DATA / "reports").glob("*/report.txt")), *sorted((DATA / "corpus").glob("*/*.txt")),
         *sorted((DATA / "layouts").glob("*/*.txt"))]


@lru_cache(maxsize=None)
def ntriples(path: Path) -> str:
    e = emit_ntriples(extract_file(path))
    return e.own + e.shared


@lru_cache(maxsize=1)
def generated() -> tuple[str, ...]:
    """Reports of the benchmark corpus (``benchmarks/corpus.py``, seed 0) as N-Triples."""
    spec = importlib.util.spec_from_file_location("igfkg_engines_corpus", ROOT / "benchmarks" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = corpus  # type: ignore[union-attr]
    spec.loader.exec_module(corpus)  # type: ignore[union-attr]
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        corpus.write_corpus(Path(tmp), 8, seed=0)
        return tuple(ntriples.__wrapped__(p) for p in sorted(Path(tmp).glob("*.txt")))


def verdict(nt: str, engine: str) -> tuple[bool, set[tuple[str, str, str]]]:
    report = validate_ntriples(nt, engine=engine)  # type: ignore[arg-type]
    return report.conforms, {(v.focus, v.path, v.component) for v in report.violations if v.severity == "Violation"}


def pyshacl_orders_datatypes(engine: str, extra: set, reference: set) -> bool:
    """Whether the results only ``engine`` gives are the one known difference: pySHACL's
    sh:lessThan orders literals of two datatypes by their datatypes' IRIs (rdflib's order; so
    "2025-06-03"^^xsd:date is less than 12) where SHACL says they cannot be compared, which the
    ``shacl`` engine reports. Such a value always fails sh:datatype on that focus node too, in
    both engines, so the conformance is the same."""
    typed = {focus for focus, _, component in reference if component == "DatatypeConstraintComponent"}
    return engine == "shacl" and all(c == "LessThanConstraintComponent" and f in typed for f, _, c in extra)


def assert_same(nt: str, engines: list[str] = FAST) -> bool:
    """Every fast engine's verdict equals pySHACL's on ``nt``; returns pySHACL's conformance."""
    reference = verdict(nt, "pyshacl")
    for engine in engines:
        found = verdict(nt, engine)
        assert found[0] == reference[0], f"{engine}: conforms={found[0]}, pySHACL: {reference[0]}"
        only_engine, only_reference = found[1] - reference[1], reference[1] - found[1]
        if only_reference or not pyshacl_orders_datatypes(engine, only_engine, reference[1]):
            assert found[1] == reference[1], (f"{engine} differs from pySHACL\n  only {engine}: {sorted(only_engine)}"
                                              f"\n  only pySHACL: {sorted(only_reference)}")
    return reference[0]


@pytest.mark.parametrize("path", SUITE, ids=lambda p: str(p.relative_to(ROOT)))
def test_shacl_engines_agree_on_the_suites_graphs(path):
    assert_same(ntriples(path))


@pytest.mark.parametrize("index", range(8))
def test_shacl_engines_agree_on_the_generated_corpus(index):
    assert assert_same(generated()[index])


# ---- broken graphs --------------------------------------------------------------------------
_LINE = re.compile(r'^(<[^>]*>) (<[^>]*>) (.*) \.$')
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _lexical(obj: str) -> str:
    m = re.match(r'^"(.*)"', obj)
    return m.group(1) if m else "x"


@st.composite
def breakage(draw, lines: list[str]) -> list[str]:
    """One change to a report's graph of the kinds a buggy extractor could make."""
    lines = list(lines)
    i = draw(st.integers(0, len(lines) - 1))
    s, p, o = _LINE.match(lines[i]).groups()  # type: ignore[union-attr]
    kind = draw(st.sampled_from(["missing", "missing-type", "duplicate", "datatype", "ill-formed", "language",
                                 "dangling", "iri-for-literal", "rewritten"]))
    if kind == "missing":  # a required value left out
        del lines[i]
    elif kind == "missing-type":  # what a reference points to is no longer typed
        typed = [j for j, line in enumerate(lines) if f" {_TYPE} " in line]
        del lines[typed[draw(st.integers(0, len(typed) - 1))]]
    elif kind == "duplicate":  # a second value where one is allowed
        other = draw(st.sampled_from(['"another value"', '"7"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                      "<https://w3id.org/igfkg/id/other>"]))
        lines.append(f"{s} {p} {other} .")
    elif kind == "datatype":  # the right text with the wrong datatype
        dt = draw(st.sampled_from(["string", "integer", "date", "boolean", "anyURI", "dateTime"]))
        lines[i] = f'{s} {p} "{_lexical(o)}"^^<{XSD}{dt}> .'
    elif kind == "ill-formed":  # a value that is not of its datatype
        dt, text = draw(st.sampled_from([("integer", "twelve"), ("date", "2025-13-45"), ("integer", "1.5"),
                                         ("date", "3 June 2025"), ("dateTime", "yesterday")]))
        lines[i] = f'{s} {p} "{text}"^^<{XSD}{dt}> .'
    elif kind == "rewritten":  # well-formed, but not as rdflib writes it back
        dt, text = draw(st.sampled_from([("integer", "007"), ("integer", "+5"), ("boolean", "1"), ("boolean", "0"),
                                         ("dateTime", "2025-06-03T10:00:00Z"), ("decimal", "1."), ("integer", "-0")]))
        lines[i] = f'{s} {p} "{text}"^^<{XSD}{dt}> .'
    elif kind == "language":
        lines[i] = f'{s} {p} "{_lexical(o)}"@en .'
    elif kind == "dangling":  # a reference to a node the graph does not have
        lines[i] = f"{s} {p} <https://w3id.org/igfkg/id/nowhere/{i}> ."
    else:
        lines[i] = f"{s} {p} <https://w3id.org/igfkg/id/thing/{i}> ." if o.startswith('"') else f'{s} {p} "{o[1:-1]}" .'
    return lines


@st.composite
def broken_graphs(draw) -> str:
    base = draw(st.sampled_from([SEED, DATA / "reports" / "summary_roman_agenda" / "report.txt"]))
    lines = ntriples(base).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(breakage(lines))
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(broken_graphs())
def test_shacl_engines_agree_on_broken_graphs(nt):
    assert_same(nt)


_SHA = "<https://w3id.org/igfkg/ontology#sha256>"


@pytest.mark.parametrize("literal", [f'"{"ab" * 32}"^^<{XSD}boolean>', f'"00{"12" * 31}"^^<{XSD}integer>'])
def test_shacl_engines_agree_where_rdflib_rewrites_a_literal(literal):
    """Found by the property test: a report's hash typed xsd:boolean (or integer) is "false" (or a
    number) to pySHACL, which then fails sh:pattern, while the text itself matches it; the fast
    engines leave such a graph to pySHACL."""
    lines = [re.sub(r'"[0-9a-f]{64}"(?:\^\^<[^>]*>)? \.$', f"{literal} .", line) if f" {_SHA} " in line else line
             for line in ntriples(SEED).splitlines()]
    assert any(literal in line for line in lines)
    assert assert_same("\n".join(lines) + "\n") is False


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["integer", "decimal", "date", "dateTime", "boolean", "anyURI"]),
       st.one_of(st.text(alphabet="0123456789-+.:TZe ", max_size=30), st.text(max_size=12),
                 st.sampled_from(["true", "1", "-0", "007", "2025-02-30", "2025-06-03T10:00:00Z", "1.50", ".5", "1e3"])))
def test_shacl_engines_take_only_literals_rdflib_keeps_as_written(datatype, lexical):
    """What the fast engines validate themselves, pySHACL (rdflib) reads as written, well-formed."""
    import logging
    import warnings

    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef

    from ingest.validate import canonical_literals
    if any(c in lexical for c in '"\\\n\r'):
        return
    if canonical_literals(f'<urn:a> <urn:p> "{lexical}"^^<{XSD}{datatype}> .\n'):
        logging.disable(logging.WARNING)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                literal = RdfLiteral(lexical, datatype=URIRef(XSD + datatype))
        finally:
            logging.disable(logging.NOTSET)
        assert not literal.ill_typed and str(literal) == lexical


@pytest.mark.parametrize("engine", FAST)
def test_shacl_engines_find_a_missing_source(engine):
    """A regression guard that the equivalence is not vacuous: a statement without its source."""
    nt = ntriples(SEED)
    line = next(line for line in nt.splitlines() if "/statement/" in line and "#source" not in line.split(" ")[0]
                and line.split(" ")[1] == "<https://w3id.org/igfkg/ontology#source>")
    report = validate_ntriples(nt.replace(line + "\n", ""), engine=engine)  # type: ignore[arg-type]
    assert not report.conforms
    assert {(v.path, v.component) for v in report.violations} == {("https://w3id.org/igfkg/ontology#source",
                                                                   "MinCountConstraintComponent")}


@pytest.mark.parametrize("value", ['"12"', '"3803"^^<http://www.w3.org/2001/XMLSchema#date>',
                                   '"2025-06-03"^^<http://www.w3.org/2001/XMLSchema#date>', '"12"@en',
                                   '"twelve"^^<http://www.w3.org/2001/XMLSchema#integer>', "<https://w3id.org/igfkg/id/x>",
                                   '"99999999"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                   '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'])
@pytest.mark.parametrize("which", ["start", "end"])
def test_shacl_engines_agree_on_spans_of_every_kind(value, which):
    """sh:lessThan compares a span's start and end: with values of every kind of term."""
    nt = ntriples(SEED)
    line = next(line for line in nt.splitlines() if line.split(" ")[1] == f"<http://www.w3.org/ns/oa#{which}>")
    s, p, _ = line.split(" ", 2)
    assert_same(nt.replace(line, f"{s} {p} {value} ."))


def _broken(x):
    """``x`` with its first statement's text empty (which the shapes refuse: sh:minLength 1)."""
    import dataclasses
    return dataclasses.replace(x, statements=(dataclasses.replace(x.statements[0], text=""),) + x.statements[1:])


@pytest.mark.parametrize("engine", ENGINES)
def test_shacl_engines_ingest_refuses_a_broken_report_as_pyshacl_does(engine, tmp_path, monkeypatch):
    """A report a fast engine finds a violation in is refused with pySHACL's message, and the store
    is left as it was."""
    import igfkg.batch
    from igfkg.core import Failed, Igfkg
    from ingest.errors import IgfkgError

    extract = igfkg.batch.extract
    x = _broken(extract_file(SEED))
    with pytest.raises(IgfkgError) as refused:
        igfkg.batch.check(x, engine="pyshacl")
    monkeypatch.setattr(igfkg.batch, "extract", lambda *a, **k: _broken(extract(*a, **k)))
    kg = Igfkg(str(tmp_path / "store"))
    before = len(kg.store)
    [result] = kg.ingest_paths([SEED], engine=engine)
    assert isinstance(result, Failed) and str(result.error) == str(refused.value)
    assert "nothing was stored" in str(result.error) and len(kg.store) == before


@pytest.mark.parametrize("engine", ENGINES)
def test_shacl_engines_cli_validate_names_the_engine(engine, run_cli, seed_store, tmp_path):
    r = run_cli("validate", "--store", seed_store, "--engine", engine)
    assert r.returncode == 0 and "conforms" in r.stdout
    import pyoxigraph as ox
    broken = tmp_path / "broken"
    store = ox.Store(str(broken))
    s = ox.NamedNode("https://w3id.org/igfkg/id/meeting/x/2025-01-01/statement/1")
    store.add(ox.Quad(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("https://w3id.org/igfkg/ontology#Statement"), ox.NamedNode("https://w3id.org/igfkg/id/graph/test")))
    store.flush()
    del store
    r = run_cli("validate", "--store", broken, "--engine", engine)
    assert r.returncode == 1
    assert "does not conform" in r.stdout and "Every statement cites its source span." in r.stdout


def test_shacl_engines_sparql_refuses_a_feature_it_does_not_translate():
    from ingest.shacl_sparql import SparqlShapes, Unsupported
    with pytest.raises(Unsupported, match="closed"):
        SparqlShapes.from_turtle("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                                 "<urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true .")


def test_shacl_engines_a_failing_fast_engine_leaves_the_verdict_to_pyshacl(monkeypatch, seed_extraction):
    import igfkg.batch
    from ingest.errors import IgfkgError

    def broken_engine(*_, **__):
        raise RuntimeError("engine bug")
    monkeypatch.setattr(igfkg.batch, "validate_ntriples", broken_engine)
    igfkg.batch.check(seed_extraction)  # conforms: pySHACL says so
    with pytest.raises(IgfkgError, match="does not conform"):
        igfkg.batch.check(_broken(seed_extraction))
