"""The derived index (queries/derived.py): its answers equal the store's, ingest keeps it up to
date, and a write it missed sends the queries back to the store until it is rebuilt."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igfkg.core import Igfkg
from queries.derived import DerivedIndex, decode_columns, derived_queries, encode_columns, index_path
from queries.formats import records
from queries.network import KINDS, build_network
from queries.run import bind, load_query

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}  # inside the generated corpus (from 2023)


def _reports(folder: Path, n: int) -> list[Path]:
    """``n`` generated reports (``benchmarks/corpus.py``: invented people, the summary layout)."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.corpus import write_corpus
    return sorted(write_corpus(folder, n, seed=3))[:n]


def _params(name: str) -> dict[str, str]:
    return {"who-said-what": {"person": "a"}, "about-concept": {"concept": "IGF"}, "concept-meetings": {"concept": "IGF"},
            "concept-statements": {"concept": "https://w3id.org/igfkg/concept/internet-governance-forum"},
            "topic-periods": {"by": "quarter"}, "topic-trend": {"last": "12"}}.get(
        name, PERIOD if name.endswith("-in-period") else {})


def _from_store(kg: Igfkg, name: str, params: dict[str, str]) -> list[dict]:
    """The named query's answer computed by the store, whatever the index holds."""
    q = load_query(name)
    rows = records(kg.store.select(q.sparql, bind(q, params)))
    return [{k: v for k, v in r.items() if k not in params} for r in rows]


def _canonical(recs: list[dict]) -> list[tuple]:
    """Rows as sorted tuples; a ' | '-joined list (GROUP_CONCAT) with its parts sorted (the store's
    order of them is unspecified)."""
    def value(v):
        return " | ".join(sorted(v.split(" | "))) if isinstance(v, str) and " | " in v else v
    return sorted((tuple((k, value(v)) for k, v in sorted(r.items())) for r in recs), key=repr)


@pytest.fixture(scope="module")
def archive(archive_store):
    kg = Igfkg(str(archive_store), read_only=True)
    assert kg.store.derived() is not None, "ingest leaves a ready derived index beside the store"
    return kg


@pytest.mark.parametrize("name", sorted(derived_queries()))
def test_derived_answers_equal_the_store_on_500_meetings(archive, name):
    params = _params(name)
    if name == "person-statements":  # an IRI: a speaker with an "a" in their name
        params = {"person": str(records(archive.query("who-said-what", {"person": "a"}))[0]["speaker"])}
    from_index = records(archive.query(name, params))
    assert from_index, f"{name}: no rows on a 500-meeting store"
    assert _canonical(from_index) == _canonical(_from_store(archive, name, params)), name
    from queries.run import sql_params
    plain = archive.store.derived().records(name, sql_params(load_query(name), params))  # straight from SQLite
    assert plain == from_index
    assert archive.records(name, params) == from_index  # what the dashboard and the networks read


def test_derived_answers_keep_each_query_order(archive):
    dates = [str(r["date"]) for r in records(archive.query("who-said-what", {"person": "a"}))]
    assert dates == sorted(dates)
    labels = [str(r["label"]) for r in records(archive.query("topic-timeline"))]
    assert labels == sorted(labels)
    counts = [int(r["statements"]) for r in records(archive.query("speaker-topics"))]
    assert counts == sorted(counts, reverse=True)
    backs = {int(r["back"]) for r in records(archive.query("topic-trend", {"last": "5"}))}
    assert backs == {1, 2, 3, 4, 5}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("period", [(None, None), ("2024-01-01", "2024-06-30")])
def test_networks_from_the_index_equal_the_store(archive, kind, period, monkeypatch):
    from_index = build_network(archive, kind, *period)
    monkeypatch.setattr(archive.store, "derived", lambda: None)
    from_store = build_network(archive, kind, *period)
    assert from_index.number_of_edges() > 0
    assert dict(from_index.nodes(data=True)) == dict(from_store.nodes(data=True))
    assert {(a, b): d for a, b, d in from_index.edges(data=True)} == {(a, b): d for a, b, d in from_store.edges(data=True)}


def test_about_concept_pages_come_from_the_index_with_the_total(archive):
    from queries.paging import page
    whole = records(archive.query("about-concept", {"concept": "IGF"}))
    got = page(archive.store, "about-concept", {"concept": "IGF"}, limit=20, offset=40)
    assert got.total == len(whole) > 60 and records(got.rows) == whole[40:60]


def test_ingest_keeps_the_index_up_to_date(tmp_path, seed_path):
    reports = _reports(tmp_path / "reports", 3)
    kg = Igfkg(str(tmp_path / "store"))
    kg.ingest_paths([seed_path])
    index = kg.store.derived()
    assert index is not None and index.status()["meetings"] == 1
    kg.ingest_paths(reports)
    assert kg.store.derived().status()["meetings"] == 1 + len(reports)
    for name in ("who-said-what", "co-participation", "topic-timeline", "first-raised"):
        params = _params(name)
        assert _canonical(records(kg.query(name, params))) == _canonical(_from_store(kg, name, params)), name
    before = _canonical(records(kg.query("co-participation")))
    kg.ingest_paths([seed_path], force=True)  # the same report again: its rows replaced, the pairs' counts unchanged
    assert _canonical(records(kg.query("co-participation"))) == before
    assert kg.store.derived().status()["meetings"] == 1 + len(reports)


def test_ingest_in_workers_and_again_gives_the_index_a_rebuild_gives(tmp_path, seed_path):
    store = tmp_path / "store"
    kg = Igfkg(str(store))
    reports = _reports(tmp_path / "reports", 6)
    kg.ingest_paths([seed_path, *reports], jobs=2)  # rows made by the workers from the text they made
    kg.ingest_paths(reports[:3], force=True)  # rows replaced
    kg.store.drop_graph(sorted(g for g in kg.store.graphs() if "/graph/meeting/" in g)[-1])  # rows removed
    incremental = _tables(kg.store.index.path)
    DerivedIndex(tmp_path / "rebuilt.sqlite").build(kg.store._store)
    assert incremental == _tables(tmp_path / "rebuilt.sqlite")
    assert len(incremental["meeting"]) == 6 and incremental["pair"]


def _tables(path) -> dict[str, list]:
    """Every table's rows, sorted, statements by graph and position rather than row id."""
    import sqlite3
    c = sqlite3.connect(str(path))
    out = {}
    for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if t == "statement_concept":
            sql = "SELECT s.graph, s.position, sc.concept FROM statement_concept sc JOIN statement s ON s.id = sc.statement"
        else:
            cols = [r[1] for r in c.execute(f"PRAGMA table_info({t})") if r[1] != "id"]
            sql = f"SELECT {', '.join(cols)} FROM {t}"
        out[t] = sorted(c.execute(sql).fetchall(), key=repr)
    c.close()
    return out


def test_a_write_that_did_not_finish_sends_queries_to_the_store(tmp_path, seed_path, run_cli):
    store = tmp_path / "store"
    kg = Igfkg(str(store))
    kg.ingest_paths([seed_path])
    answer = _canonical(records(kg.query("who-said-what", {"person": "a"})))
    kg.store.index.mark_stale()  # what a writer leaves when it dies between the store and the index
    del kg
    reader = Igfkg(str(store), read_only=True)
    assert reader.store.derived() is None
    assert _canonical(records(reader.query("who-said-what", {"person": "a"}))) == answer  # from the store, the same rows
    status = run_cli("index", "--store", store)
    assert status.returncode == 0 and "stale" in status.stdout and "igfkg index rebuild" in status.stderr
    rebuilt = run_cli("index", "rebuild", "--store", store)
    assert rebuilt.returncode == 0 and "ready" in rebuilt.stdout
    assert DerivedIndex(index_path(store), read_only=True).ready()


def test_an_index_left_beside_a_store_made_anew_is_made_anew(tmp_path, seed_path):
    import shutil
    store = tmp_path / "store"
    Igfkg(str(store)).ingest_paths([seed_path])
    shutil.rmtree(store)  # the index file stays
    kg = Igfkg(str(store))
    kg.ingest_paths(_reports(tmp_path / "reports", 1))
    indexed = {m for (m,) in kg.store.index._connect().execute("SELECT meeting FROM meeting WHERE is_meeting")}
    stored = {str(r["m"]) for r in records(kg.store.select("SELECT ?m WHERE { ?m a igf:Meeting }"))}
    assert indexed == stored and len(stored) == 1


def test_serve_writable_marks_the_index_stale(tmp_path, seed_path):
    store = tmp_path / "store"
    Igfkg(str(store)).ingest_paths([seed_path])
    assert DerivedIndex(index_path(store)).ready()
    subprocess.run([sys.executable, "-m", "igfkg.engine", str(store), "--writable"], input=b"", timeout=60,
                   capture_output=True, check=True)  # a writable worker that answered nothing
    assert not DerivedIndex(index_path(store)).ready()


def test_index_command_on_an_endpoint_or_missing_store_says_why(tmp_path, run_cli):
    r = run_cli("index", "--store", tmp_path / "none")
    assert r.returncode == 2 and "no igfkg store" in r.stderr
    r = run_cli("index", "--store", "http://127.0.0.1:9/sparql")
    assert r.returncode == 2 and "endpoint has no derived index" in r.stderr


def test_query_command_answers_from_the_index_with_pages(tmp_path, seed_path, run_cli):
    store = tmp_path / "store"
    run_cli("ingest", seed_path, "--store", store)
    whole = json.loads(run_cli("query", "about-concept", "-p", "concept=WSIS", "--store", store, "--format", "json").stdout)
    r = run_cli("query", "about-concept", "-p", "concept=WSIS", "--limit", "2", "--offset", "1", "--store", store, "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout) == whole[1:3] and f"of {len(whole)}" in r.stderr


# ---- through igfkg serve ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served_archive(archive_store, tmp_path_factory):
    """``igfkg serve`` on a copy of the 500-meeting store and its index: (url, the copy)."""
    import shutil

    from conftest import Server, igfkg_command
    from igfkg.endpoint import free_port
    tmp = tmp_path_factory.mktemp("served-archive")
    store = tmp / "store"
    shutil.copytree(archive_store, store, ignore=shutil.ignore_patterns("LOCK"))
    shutil.copy(index_path(archive_store), index_path(store))
    port = free_port()
    server = Server(igfkg_command() + ["serve", "--store", store, "--port", port, "--quiet"],
                    f"http://127.0.0.1:{port}", tmp / "serve.log", probe="/query?query=ASK%7B%7D")
    try:
        yield server.url, store
    finally:
        server.stop()


@pytest.mark.parametrize("name", ["who-said-what", "about-concept", "topic-timeline", "first-raised", "topic-trend",
                                  "speaker-topics", "co-participation", "network-people-in-period"])
def test_served_index_answers_as_the_embedded_one(archive, served_archive, name):
    from queries.store import RemoteStore
    remote = RemoteStore(served_archive[0], read_only=True)
    assert remote.derived() is not None
    params = _params(name)
    embedded = records(archive.query(name, params))
    assert records(_kg(remote).query(name, params)) == embedded
    assert _kg(remote).records(name, params) == embedded  # plain values from /derived


def _kg(store) -> Igfkg:
    kg = Igfkg.__new__(Igfkg)
    kg.store = store
    return kg


def test_served_pages_and_networks_come_from_the_index(archive, served_archive):
    from queries.paging import page
    from queries.store import RemoteStore
    remote = RemoteStore(served_archive[0], read_only=True)
    got = page(remote, "about-concept", {"concept": "IGF"}, limit=10, offset=5)
    whole = records(archive.query("about-concept", {"concept": "IGF"}))
    assert got.total == len(whole) and records(got.rows) == whole[5:15]
    a, b = build_network(_kg(remote), "interaction"), build_network(archive, "interaction")
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True)) and set(a.edges) == set(b.edges)


def test_served_index_refuses_bad_requests_and_says_when_it_is_stale(served_archive):
    import urllib.error
    import urllib.request

    from queries.store import RemoteStore
    url, store = served_archive

    def get(path):
        try:
            with urllib.request.urlopen(url + path, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()
    assert get("/derived/who-said-what?nobody=1")[0] == 400
    assert get("/derived/no-such-query")[0] == 404
    status, body = get("/derived")
    assert status == 200 and json.loads(body)["ready"] is True
    answer = _canonical(records(_kg(RemoteStore(url, read_only=True)).query("concepts")))
    DerivedIndex(index_path(store)).mark_stale()
    try:
        assert get("/derived/concepts")[0] == 409
        assert _canonical(records(_kg(RemoteStore(url, read_only=True)).query("concepts"))) == answer  # by /query
    finally:
        DerivedIndex(index_path(store)).refresh(__import__("pyoxigraph").Store.read_only(str(store)), ())


def test_a_reader_sees_the_index_refreshed_in_place_and_made_anew(tmp_path, seed_path):
    store = tmp_path / "store"
    kg = Igfkg(str(store))
    kg.ingest_paths([seed_path])
    reader = DerivedIndex(index_path(store), read_only=True)  # a dashboard or serve, left open
    assert reader.status()["meetings"] == 1
    other = _reports(tmp_path / "reports", 1)[0]
    kg.ingest_paths([other])  # refreshed in place
    assert reader.status()["meetings"] == 2
    graph = next(iter(kg.graphs_of([other])))
    kg.store._store.remove_graph(__import__("pyoxigraph").NamedNode(graph))  # behind the index's back
    kg.store.index.build(kg.store._store)  # a new file put in place
    assert reader.ready() and reader.status()["meetings"] == 1


def test_an_index_made_stale_elsewhere_is_made_anew_by_the_next_ingest(tmp_path, seed_path):
    store = tmp_path / "store"
    kg = Igfkg(str(store))
    kg.ingest_paths([seed_path])
    graph = next(iter(kg.graphs_of([seed_path])))
    kg.store._store.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ ?m <https://schema.org/attendee> ?p }} }}")  # as through serve --writable
    kg.store.index.mark_stale()  # what serve --writable does
    del kg
    kg = Igfkg(str(store))
    assert kg.store.derived() is None  # opening writes nothing: it stays stale
    kg.ingest_paths(_reports(tmp_path / "reports", 1))
    assert kg.store.derived() is not None
    assert not kg.store.index._connect().execute("SELECT 1 FROM attendee WHERE graph = ?", (graph,)).fetchall()


# a column of SQLite's answer holds one kind of value, or NULL
_CELLS = st.sampled_from([st.integers(-2**62, 2**62), st.floats(allow_nan=False), st.text(max_size=8)]).map(
    lambda kind: st.one_of(st.none(), kind))


@given(st.integers(0, 30).flatmap(lambda n: st.lists(_CELLS.flatmap(lambda cells: st.lists(cells, min_size=n, max_size=n)),
                                                     max_size=4).map(lambda cols: (n, cols))))
def test_the_columns_served_come_back_as_they_were(shape):
    n, cols = shape
    values, codes = encode_columns(cols)
    assert json.loads(json.dumps([values, codes])) == [values, codes]  # what /derived sends is plain JSON
    assert decode_columns(values, codes, n) == [list(c) for c in cols]
    assert all(len(v) == len(set(map(repr, v))) for v in values)  # each distinct value sent once


def test_an_answer_igfkg_cannot_read_says_which_endpoint_sent_it():
    from ingest.errors import QueryError
    from queries.derived import RemoteIndex
    values, codes = encode_columns([["https://example.org/concept/a", "https://example.org/concept/b"], ["A", "B"]])
    good = {"columns": [["concept", "iri"], ["label", "str"]], "names": ["concept", "label"], "n": 2,
            "values": values, "codes": codes}
    remote = RemoteIndex("http://127.0.0.1:1", lambda url: (200, json.dumps(good).encode()))
    assert [(c.value, lab.value) for c, lab in remote.run("concepts").rows] == [
        ("https://example.org/concept/a", "A"), ("https://example.org/concept/b", "B")]
    for broken in ({"n": 3}, {"codes": ["not base64!", codes[1]]}, {"values": [["x"], ["A", "B"]]}, {"codes": codes[:1]}):
        body = json.dumps(good | broken).encode()
        with pytest.raises(QueryError, match="endpoint at http://127.0.0.1:1 sent an answer igfkg cannot read"):
            RemoteIndex("http://127.0.0.1:1", lambda url, b=body: (200, b)).run("concepts")


def test_served_answers_are_kept_until_the_index_changes(served_archive):
    import sqlite3

    from queries.store import RemoteStore
    url, store = served_archive

    def labels():
        return {r["concept"]: r["label"] for r in records(_kg(RemoteStore(url, read_only=True)).query("concepts"))}
    before = labels()
    assert labels() == before  # the second answer is the one the endpoint kept
    conn = sqlite3.connect(index_path(store))
    concept = sorted(before)[0]
    try:
        with conn:  # one commit to the index, as a refresh makes
            conn.execute("UPDATE label SET label = 'Renamed' WHERE concept = ? AND kind = 'prefLabel'", (concept,))
        assert labels() == before | {concept: "Renamed"}
    finally:
        with conn:
            conn.execute("UPDATE label SET label = ? WHERE concept = ? AND kind = 'prefLabel'", (before[concept], concept))
        conn.close()
    assert labels() == before


def test_the_answer_cache_keeps_the_most_recent_within_its_bytes():
    from igfkg.endpoint import AnswerCache
    cache = AnswerCache(100)
    cache.put(("a",), b"x" * 20)
    cache.put(("b",), b"x" * 20)
    cache.put(("huge",), b"x" * 26)  # over a quarter of the limit: not kept
    assert cache.get(("huge",)) is None and cache.get(("a",)) == b"x" * 20  # "a" is now the most recent
    for k in "cdef":
        cache.put((k,), b"x" * 20)
    assert cache.size <= 100 and cache.get(("b",)) is None and cache.get(("a",)) is not None
    assert AnswerCache(0).put(("a",), b"x") is None and AnswerCache(0).get(("a",)) is None


def test_answers_made_at_once_leave_the_garbage_collector_as_they_found_it(archive):
    import gc
    import threading
    index = archive.store.derived()
    errors = []

    def ask():
        try:
            for _ in range(3):
                assert index.run("topic-timeline").rows
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=ask) for _ in range(4)]
    assert gc.isenabled()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and gc.isenabled()
    gc.disable()  # a program that turned it off keeps it off
    try:
        index.run("concepts")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_answers_back_to_back_still_let_the_collector_run(monkeypatch):
    import gc

    import queries.derived as derived
    collected = []
    monkeypatch.setattr(derived, "_GC_HELD_AT_MOST", 0.0)
    monkeypatch.setattr(derived.gc, "collect", lambda *a: collected.append(a) or 0)
    outer = derived._answer_without_gc()
    outer.__enter__()  # one answer being made all along, as under a server's load
    try:
        for _ in range(3):
            with derived._answer_without_gc():
                assert not gc.isenabled()
        assert len(collected) == 3, "each answer that ends past the limit lets the collector run once"
    finally:
        outer.__exit__(None, None, None)
    assert gc.isenabled()
