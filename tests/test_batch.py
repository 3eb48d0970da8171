"""Bulk ingest (igfkg/batch.py): worker processes store what one process stores, a report that
fails teaches the batch nothing, groups of reports are written whole, and --validate sample."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from corpus_series import generate

from igfkg import batch
from igfkg.core import Failed, Igfkg, Ingested
from ingest.validate import Sampler, node_shapes
from queries.store import GraphWrite


def _quads(store: Path) -> list[str]:
    kg = Igfkg(str(store), read_only=True)
    return sorted(kg.store.dump(ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> list[Path]:
    """The reports of a generated series: people recur, with name variants that only resolving
    them against earlier reports merges."""
    return generate().write(tmp_path_factory.mktemp("series") / "reports")


def _ingest(paths: list[Path], store: Path, **options) -> list:
    return Igfkg(str(store)).ingest_paths(paths, **options)


def test_batch_worker_processes_store_what_one_process_stores(series, tmp_path):
    one = _ingest(series, tmp_path / "one", validate="none", jobs=1)
    two = _ingest(series, tmp_path / "two", validate="none", jobs=2)
    assert all(isinstance(r, Ingested) for r in one + two)
    assert _quads(tmp_path / "one") == _quads(tmp_path / "two")


def test_batch_a_report_that_fails_teaches_the_batch_nothing(series, tmp_path, monkeypatch):
    """A report whose graph breaks the shapes (an extractor defect, simulated: the extraction of
    the fifth report names a person "Q") is refused, and the people it named are not learnt."""
    bad = tmp_path / "reports"
    bad.mkdir()
    paths = []
    for path in series:
        paths.append(bad / path.name)
        paths[-1].write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    _ingest(series[:4] + series[5:], tmp_path / "without", validate="all")
    want = _quads(tmp_path / "without")
    extract = batch.extract

    def defective(report, **kw):
        import dataclasses
        x = extract(report, **kw)
        if report.path.endswith(paths[4].name):
            people = (dataclasses.replace(x.participants[1], name="Q", key="q"),) + x.participants[2:]
            x = dataclasses.replace(x, participants=x.participants[:1] + people)
        return x

    monkeypatch.setattr(batch, "extract", defective)
    results = _ingest(paths, tmp_path / "jobs1", validate="all", jobs=1)
    assert [i for i, r in enumerate(results) if isinstance(r, Failed)] == [4]
    assert "A person has a name" in str(results[4].error)
    assert _quads(tmp_path / "jobs1") == want


def test_batch_workers_skip_a_report_that_fails_and_store_the_rest_as_one_process_does(series, tmp_path, monkeypatch):
    bad = tmp_path / "reports"
    bad.mkdir()
    paths = []
    for i, path in enumerate(series):
        text = path.read_text(encoding="utf-8")
        if i == 4:  # not a meeting record: an index of meetings
            text = "MAG meetings\n\nMAG Virtual Meeting IX\n- Agenda\nMAG Virtual Meeting VIII\n- Agenda\nMAG Virtual Meeting VII\n"
        paths.append(bad / path.name)
        paths[-1].write_text(text, encoding="utf-8")
    _ingest(series[:4] + series[5:], tmp_path / "without", validate="all")
    want = _quads(tmp_path / "without")
    for jobs in (1, 2):
        results = _ingest(paths, tmp_path / f"jobs{jobs}", validate="all", jobs=jobs)
        assert [i for i, r in enumerate(results) if isinstance(r, Failed)] == [4]
        assert "an index of 3 or more meetings" in str(results[4].error)
        assert _quads(tmp_path / f"jobs{jobs}") == want


_resolve_again = batch._resolve_again


def test_batch_replace_graphs_writes_each_whole_and_replaces(tmp_path):
    kg = Igfkg(str(tmp_path / "s"))
    g = "https://example.org/graph/"
    t = '<https://example.org/s> <https://example.org/p> "{}" .\n'
    assert kg.store.replace_graphs([(g + "a", t.format("a1"), ""), (g + "b", t.format("b1"), t.format("shared"))]) == [None, None]
    errors = kg.store.replace_graphs([
        (g + "c", t.format("c1"), ""),
        (g + "a", t.format("a2"), ""),  # already stored: replaced, not added to
        (g + "d", '<https://example.org/s> <https://example.org/p> <not an iri> .\n', ""),  # refused alone
        (g + "c", t.format("c2"), ""),  # twice in one call: the later one wins
    ])
    assert [e is None for e in errors] == [True, True, False, True]
    slim = GraphWrite.made(g + "b", t.format("b2"), t.format("shared 2"), slim=True)  # as a worker sends it
    assert not slim.ntriples and slim.triples() == (t.format("b2"), t.format("shared 2"))
    assert kg.store.replace_graphs([slim]) == [None]  # b is stored: replaced, from the N-Quads
    rows = kg.sparql("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://example.org/')) }")
    assert sorted((a.value.rsplit("/", 1)[-1], b.value) for a, b in rows.rows) == [("a", "a2"), ("b", "b2"), ("c", "c2")]
    assert kg.sparql("ASK { GRAPH <https://w3id.org/igfkg/id/graph/shared> { ?s ?p 'shared 2' } }").rows[0][0].value == "true"


def test_batch_sample_validates_the_first_every_tenth_and_new_shapes():
    sampler = Sampler(every=10)
    a = node_shapes('<s> <p> "x" .\n')
    b = node_shapes('<s> <p> "x" .\n<s> <p> "y" .\n')  # one value, then more than one
    assert sampler.wants(0, a)
    sampler.validated(a)
    assert not sampler.wants(1, a) and sampler.wants(2, b) and sampler.wants(10, a)


@pytest.mark.parametrize("mode, validated", [("sample", None), ("none", 0)])
def test_batch_cli_says_how_many_reports_were_validated(series, tmp_path, run_cli, mode, validated):
    r = run_cli("ingest", *series, "--store", tmp_path / "s", "--validate", mode, "--jobs", "2", "-q")
    assert r.returncode == 0, r.stderr
    total = r.stdout.strip().splitlines()[-1]
    assert total.startswith(f"total: {len(series)} stored") and f"(--validate {mode})" in total
    count = int(total.split("SHACL-validated: ")[1].split(" of ")[0])
    assert count == validated if validated is not None else 2 <= count <= len(series)


def test_batch_ingesting_again_with_workers_replaces_each_graph(series, tmp_path):
    for jobs in (1, 2):
        for _ in range(2):  # the second time every graph is in the store: replaced, one transaction each
            assert all(isinstance(r, Ingested) for r in _ingest(series, tmp_path / f"jobs{jobs}", validate="none", jobs=jobs))
    assert _quads(tmp_path / "jobs1") == _quads(tmp_path / "jobs2")


def test_batch_collects_less_often_while_it_runs_and_restores_collection_after(series, tmp_path, monkeypatch):
    """A batch freezes what is alive when it starts and raises the collection thresholds (a
    report frees its objects by reference counting; full collections over the batch's live
    objects cost a sixth of the CPU); the caller's settings come back afterwards, even when the
    batch stops on an error."""
    import gc
    before, seen = gc.get_threshold(), []

    def on_result(result):
        seen.append((gc.get_threshold(), gc.get_freeze_count() > 0))

    _ingest(series[:2], tmp_path / "store", validate="none", on_result=on_result)
    assert seen and all(threshold == batch._BATCH_THRESHOLD and frozen for threshold, frozen in seen)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    def broken(*_, **__):
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_extract", broken)
    with pytest.raises(KeyboardInterrupt):
        _ingest(series[:2], tmp_path / "other", validate="none")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
