"""Summary facts (ingest.tally): the analyses that read them give the same answers as the full
computation over every statement (the queries as they were, kept in tests/data/full-queries/)."""
from __future__ import annotations

from pathlib import Path

import pytest

from igfkg.core import Igfkg
from queries.formats import records
from queries.run import load_query

FULL = Path(__file__).parent / "data" / "full-queries"
PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}  # inside the generated corpus (from 2023)


def _sorted(rows) -> list[tuple]:
    return sorted(tuple("" if v is None else str(v) for v in r.values()) for r in records(rows))


@pytest.fixture(scope="module", params=["derived index", "store"])
def archive(archive_store, request):
    """The 500-meeting store, its named queries answered by the derived index (queries/derived.py)
    or, with the index set aside, by the store's SPARQL over the summary facts."""
    kg = Igfkg(str(archive_store), read_only=True)
    if request.param == "store":
        kg.store.derived = lambda: None  # type: ignore[method-assign]
    else:
        assert kg.store.derived() is not None
    return kg


@pytest.mark.parametrize("name", sorted(p.stem for p in FULL.glob("*.rq")))
def test_tally_queries_equal_full_computation(archive, name):
    params = PERIOD if name.endswith("-in-period") else {"last": "12"} if name == "topic-trend" else {}
    summary = archive.query(name, params)
    full = archive.store.select(load_query(str(FULL / f"{name}.rq")).sparql,
                                {k: v for k, v in _bound(name, params).items()})
    full_rows = [tuple(r[i] for i, c in enumerate(full.columns) if c not in params) for r in full.rows]
    assert summary.rows, f"{name}: no rows on a 500-meeting store"
    assert sorted(map(_text, summary.rows)) == sorted(map(_text, full_rows)), name


def _bound(name: str, params: dict[str, str]) -> dict[str, object]:
    from queries.run import bind
    return bind(load_query(str(FULL / f"{name}.rq")), params)


def _text(row) -> tuple[str, ...]:
    return tuple("" if v is None else v.value for v in row)


def test_tally_topic_periods_sum_to_timeline(archive):
    timeline = records(archive.query("topic-timeline"))
    by_year: dict[tuple[str, str], int] = {}
    for r in timeline:
        key = (str(r["concept"]), str(r["date"])[:4])
        by_year[key] = by_year.get(key, 0) + int(r["statements"])
    periods = {(str(r["concept"]), str(r["period"])): int(r["statements"])
               for r in records(archive.query("topic-periods", {"by": "year"}))}
    assert periods == by_year
    quarters = {str(r["period"]) for r in records(archive.query("topic-periods", {"by": "quarter"}))}
    assert quarters and all(p[4:6] == "-Q" and p[6] in "1234" for p in quarters)


def test_tally_reingest_replaces_counts(tmp_path, seed_path):
    kg = Igfkg(str(tmp_path / "store"))
    kg.ingest_paths([seed_path])
    first = _sorted(kg.query("speaker-concepts"))
    kg.ingest_paths([seed_path], force=True)
    assert _sorted(kg.query("speaker-concepts")) == first
    n = records(kg.store.select("SELECT (COUNT(*) AS ?n) WHERE { ?t a igf:ConceptTally }"))[0]["n"]
    assert n == len(records(kg.query("network-concepts")))


@pytest.mark.parametrize("offset", [0, 7, 250])
def test_tally_about_concept_pages_are_slices_of_the_whole_answer(archive, offset):
    from queries.paging import page
    whole = records(archive.query("about-concept", {"concept": "IGF"}))
    got = page(archive.store, "about-concept", {"concept": "IGF"}, limit=20, offset=offset)
    assert got.total == len(whole) and records(got.rows) == whole[offset:offset + 20]


@pytest.mark.parametrize("name", ["meetings"])
def test_tally_any_query_pages_with_its_total(archive, name):
    from queries.paging import page
    whole = records(archive.query(name))
    got = page(archive.store, name, limit=5, offset=3)
    assert got.total == len(whole) and records(got.rows) == whole[3:8] and got.describe() == f"rows 4-8 of {len(whole)}"
