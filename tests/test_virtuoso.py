"""The named queries against Virtuoso open source (Debian's ``virtuoso-opensource``), started here on
a fresh database loaded from ``igfkg export --format nquads`` of the seed store, through
``--store http://127.0.0.1:PORT/sparql``. Skipped, saying why, where the package is not installed
(``apt-get install virtuoso-opensource``)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import igfkg_command

from queries.formats import records

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root, for benchmarks/
from benchmarks.queries import VIRTUOSO_LOAD_GRAPH, isql, start_virtuoso, stop_virtuoso, virtuoso_tools  # noqa: E402

pytestmark = pytest.mark.skipif(virtuoso_tools() is None, reason="Virtuoso is not installed here "
                                "(apt-get install virtuoso-opensource gives virtuoso-t and isql-vt)")

# Named queries whose text Virtuoso 7.2 does not run, with what it says (tested below, so a fix shows).
DIFFERS: dict[str, str] = {}


@pytest.fixture(scope="module")
def virtuoso(seed_store, tmp_path_factory):
    """A Virtuoso endpoint URL holding the seed store's quads."""
    d = tmp_path_factory.mktemp("virtuoso")
    dump = d / "db" / "load"  # inside the database folder, where Virtuoso may read files
    dump.mkdir(parents=True)
    r = subprocess.run(igfkg_command() + ["export", "--store", str(seed_store), "--format", "nquads", "-o", str(dump / "store.nq")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    proc, sql, url = start_virtuoso(d / "db", limit=60, buffers=20_000)  # the seed store: a small pool
    try:
        isql(sql, f"ld_dir('{dump}', '*.nq', '{VIRTUOSO_LOAD_GRAPH}'); rdf_loader_run(); checkpoint;", timeout=300)
        yield url
    finally:
        stop_virtuoso(proc, sql)


def _value(v: object) -> object:
    """A cell as both engines agree on it. They differ in two things SPARQL leaves open: the order of
    GROUP_CONCAT's parts (compared as sets here) and GROUP_CONCAT over nothing (Oxigraph: unbound,
    Virtuoso: "")."""
    if v is None or v == "":
        return ""
    text = str(v)
    for sep in (" | ", "\n"):
        if sep in text:
            return tuple(sorted(text.split(sep)))
    return text


def _same(a, b) -> bool:
    norm = lambda rows: sorted(tuple(map(_value, r.values())) for r in records(rows))  # noqa: E731
    return norm(a) == norm(b)


def _params(name: str) -> dict[str, str]:
    from queries.run import load_query
    samples = {"person": "Olufuye", "concept": "IGF", "by": "quarter", "start": "2025-01-01", "end": "2025-12-31",
               "last": "3", "organisation": "Secretariat", "meeting": "https://w3id.org/igfkg/id/meeting/mag-working-group-on-igf-strengthening-and-strategy/2025-07-17"}
    iris = {"person": "https://w3id.org/igfkg/id/person/jimson-olufuye", "concept": "https://w3id.org/igfkg/concept/internet-governance-forum"}
    return {p.name: iris.get(p.name, samples["meeting"]) if p.type == "iri" else samples.get(p.name, "IGF")
            for p in load_query(name).params}


@pytest.mark.parametrize("name", sorted(__import__("queries.run", fromlist=["named_queries"]).named_queries()))
def test_virtuoso_named_queries_give_the_embedded_answers(virtuoso, seed_store, name):
    from igfkg.core import Igfkg
    params = _params(name)
    if name in DIFFERS:
        pytest.skip(DIFFERS[name])
    here = Igfkg(str(seed_store), read_only=True).query(name, params)
    there = Igfkg(virtuoso, read_only=True).query(name, params)
    assert _same(here, there), _debug_diff(virtuoso, seed_store, name, params)


def _debug_diff(virtuoso, seed_store, name, params=None):  # pragma: no cover - a helper for reading a failure
    from igfkg.core import Igfkg
    here = records(Igfkg(str(seed_store), read_only=True).query(name, params or {}))
    there = records(Igfkg(virtuoso, read_only=True).query(name, params or {}))
    return [{k: (a[k], b.get(k)) for k in a if _value(a[k]) != _value(b.get(k))}
            for a, b in zip(sorted(here, key=str), sorted(there, key=str)) if a != b][:3]


# ---- the analyses, the command line and the dashboard on Virtuoso ------------------------------------
@pytest.mark.parametrize("kind", ["co-attendance", "co-mention", "interaction", "person-concept"])
def test_virtuoso_networks_equal_the_embedded_ones(virtuoso, seed_store, kind):
    from igfkg.core import Igfkg
    from queries.network import build_network
    here = build_network(Igfkg(str(seed_store), read_only=True), kind)
    there = build_network(Igfkg(virtuoso, read_only=True), kind)
    assert here.number_of_edges() > 0
    assert dict(there.nodes(data=True)) == dict(here.nodes(data=True))
    assert {(a, b): d for a, b, d in there.edges(data=True)} == {(a, b): d for a, b, d in here.edges(data=True)}


def test_virtuoso_analyses_equal_the_embedded_ones(virtuoso, seed_store):
    from igfkg.core import Igfkg
    from queries import analysis
    here, there = Igfkg(str(seed_store), read_only=True), Igfkg(virtuoso, read_only=True)
    person = _params("role-history")["person"]
    for name, run in [("topic trend", lambda kg: analysis.topic_trend(kg, 3)),
                      ("candidate concepts", lambda kg: analysis.candidate_concepts(kg, min_meetings=1)),
                      ("role history", lambda kg: analysis.role_history(kg, person))]:
        mine = analysis.records_of(run(here))
        assert mine or name == "candidate concepts", f"{name}: nothing on the seed store"  # one meeting: none recur
        assert analysis.records_of(run(there)) == mine, name
    assert analysis.popolo(there) == analysis.popolo(here)


@pytest.mark.parametrize("args", [["topics", "--by", "quarter"], ["topics", "--trend", "--last", "3"],
                                  ["network", "--kind", "interaction", "--summary"], ["concepts"],
                                  ["roles", "PERSON"]],
                         ids=lambda a: " ".join(a[:2]))
def test_virtuoso_analysis_commands_print_what_the_embedded_store_gives(virtuoso, seed_store, args):
    args = [_params("who-said-what")["person"] if a == "PERSON" else a for a in args]  # a part of a name

    def run(store):
        r = subprocess.run(igfkg_command() + args + ["--store", store], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        return r.stdout
    here = run(str(seed_store))
    assert here.strip()
    assert run(virtuoso) == here


def test_virtuoso_dashboard_pages_render(virtuoso, monkeypatch):
    pytest.importorskip("streamlit")
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.app import PAGE_FILES
    monkeypatch.setenv("IGFKG_STORE", virtuoso)
    app = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
    for page, (title, *_rest) in PAGE_FILES.items():
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        if page != "app_pages/overview.py":
            at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title[0].value == title, page
        if page in ("app_pages/overview.py", "app_pages/meeting.py", "app_pages/person.py", "app_pages/concept.py"):
            assert at.dataframe or at.metric, f"{page} shows the seed meeting's figures from Virtuoso"
