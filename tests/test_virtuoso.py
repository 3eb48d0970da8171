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
