"""Analysis across meetings on a generated 12-meeting series (tests/corpus_series.py): roles
over time, topic counts, trends and who raised a topic first, candidate concepts, exports."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter

import pytest

from corpus_series import CANDIDATES, GDC, TRENDS, build_store, generate
from queries.analysis import as_rows, candidate_concepts, find_terms, role_history, slope, topic_trend, verdict
from queries.formats import records



@pytest.fixture(scope="module")
def corpus():
    return generate()


@pytest.fixture(scope="module")
def series_store(tmp_path_factory, corpus):
    return build_store(tmp_path_factory.getbasetemp() / "series", corpus)


@pytest.fixture(scope="module")
def kg(series_store):
    from igfkg.core import Igfkg
    return Igfkg(str(series_store), read_only=True)


def test_analysis_corpus_is_one_series_of_twelve_meetings(corpus, kg):
    meetings = records(kg.query("meetings"))
    assert len(meetings) == len(corpus.meetings) == 12
    assert {m["series"] for m in meetings} == {"MAG Working Group on IGF Strengthening and Strategy"}
    assert [m["statements"] for m in meetings] == [len(m.statements) for m in corpus.meetings]
    for m in corpus.meetings:
        assert "\nDiscussion\n" in m.text and "\nAgenda\n" in m.text and "\nList of participants\n" in m.text


def test_analysis_attendees_per_meeting(corpus, kg):
    got: dict[str, set[str]] = {}
    for r in records(kg.query("attendance")):
        got.setdefault(r["date"], set()).add(corpus.canonical(r["name"]))
    assert got == corpus.attendees_by_date()


def test_analysis_every_statement_has_the_expected_speaker(corpus, kg):
    got: dict[str, list] = {}
    for r in records(kg.query("statements-export")):
        got.setdefault(r["date"], []).append(corpus.canonical(r["speaker_name"]) if r["speaker_name"] else None)
    assert got == corpus.speakers()


def test_analysis_statements_per_concept_per_meeting(corpus, kg):
    got: dict[str, dict[str, int]] = {}
    for r in records(kg.query("topic-timeline")):
        got.setdefault(r["label"], {})[r["date"]] = r["statements"]
    assert got == corpus.concept_counts()


def _periods(kg, search: str) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for p in role_history(kg, search):
        out.setdefault(p.person, []).append((p.role, p.organisation, p.former, p.first, p.last, p.meetings))
    return out


def _expected(corpus, name: str) -> list[tuple]:
    return [(p["role"], p["organisation"], p["former"], p["first"], p["last"], p["meetings"]) for p in corpus.role_history(name)]


@pytest.mark.parametrize("name", generate().people)
def test_analysis_role_history_periods(corpus, kg, name):
    periods = _periods(kg, corpus.people[name].given)  # first names are unique in the corpus
    assert list(periods.values()) == [_expected(corpus, name)]


def test_analysis_role_history_member_then_former_member(corpus, kg):
    (periods,) = _periods(kg, "haidari").values()
    mag = "Multistakeholder Advisory Group"
    dates = [m.date.isoformat() for m in corpus.meetings]
    assert periods == [("Member", mag, False, dates[0], dates[5], 5), ("Member", mag, True, dates[6], dates[11], 6)]


def test_analysis_role_history_query_has_one_row_per_observation(corpus, kg):
    rows = records(kg.query("role-history", {"person": "AMARA"}))
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert len(rows) == sum(len(m.roles["Amara Okafor"]) for m in corpus.meetings)
    assert {r["role_label"] for r in rows} == {"Group's Co-Chair", "IGF MAG member", "former IGF MAG member"}
    assert {(r["role_name"], r["former"]) for r in rows if "MAG" in r["role_label"]} == {("Member", False), ("Member", True)}


def test_analysis_name_variants_are_one_person(corpus, kg):
    assert len(records(kg.query("people"))) == len(corpus.people)


@pytest.mark.parametrize("concept,last", sorted(TRENDS))
def test_analysis_topic_trend_verdicts(kg, concept, last):
    trends = {t.label: t for t in topic_trend(kg, last)}
    assert trends[concept].verdict == TRENDS[(concept, last)], trends[concept]


def test_analysis_topic_trend_figures(corpus, kg):
    gdc = {t.label: t for t in topic_trend(kg, 6)}[GDC]
    expected = [corpus.concept_counts()[GDC].get(m.date.isoformat(), 0) for m in corpus.meetings[-6:]]
    assert list(gdc.counts) == expected and gdc.dates == tuple(m.date.isoformat() for m in corpus.meetings[-6:])
    assert (gdc.first_half, gdc.second_half) == (sum(expected[:3]), sum(expected[3:]))
    assert gdc.slope == pytest.approx(slope(expected), abs=1e-3) and gdc.slope < 0


@pytest.mark.parametrize("counts,newly,expected", [
    ((0, 1, 2, 3), False, "rising"), ((3, 2, 0, 0), False, "gone"), ((3, 2, 1, 0), False, "falling"), ((4, 3, 2, 1), False, "falling"),
    ((2, 2, 2, 2), False, "steady"), ((0, 0, 1, 2), True, "new"), ((0, 0, 1, 2), False, "rising"),
    ((5, 4, 5, 5), False, "steady"), ((1, 0, 3), False, "rising"),
])
def test_analysis_verdict_rules(counts, newly, expected):
    assert verdict(counts, first_named_in_second_half=newly) == expected


def test_analysis_first_raised(corpus, kg):
    rows = records(kg.query("first-raised"))
    got = {r["label"]: (r["date"], corpus.canonical(r["raised_by"]) if r["raised_by"] else None) for r in rows}
    assert got == corpus.first_raised()


def test_analysis_speaker_topics_counts(corpus, kg):
    got: Counter = Counter()
    for r in records(kg.query("speaker-topics")):
        got[(corpus.canonical(r["speaker_name"]), r["label"])] += r["statements"]
        assert 0 < r["share"] <= 1
    expected = Counter((s.speaker, c) for m in corpus.meetings for s in m.statements for c in s.concepts if s.speaker)
    assert got == expected


@pytest.mark.parametrize("min_meetings", [1, 2, 3])
def test_analysis_candidate_concepts(corpus, kg, min_meetings):
    found = {c.term: c for c in candidate_concepts(kg, min_meetings=min_meetings)}
    expected = corpus.candidates(min_meetings)
    assert set(found) == set(expected)
    for term, dates in expected.items():
        assert found[term].meetings == len(dates) and {o.date for o in found[term].occurrences} <= dates
        assert term in found[term].occurrences[0].snippet
        assert found[term].kind == ("name" if " " in term else "acronym")


@pytest.mark.parametrize("text,terms", [
    ("Ana noted that the APC and the Open Consultation matter.", ["APC", "Open Consultation"]),
    ("The Chair of the Board noted it at 13:00 UTC.", ["UTC", "Chair of the Board"]),
    ("The WSIS+20 HLE met in Geneva.", ["WSIS+20", "HLE"]),
])
def test_analysis_find_terms(text, terms):
    assert sorted(t for t, *_ in find_terms(text, [])) == sorted(terms)


def test_analysis_candidates_leave_out_labels_and_names(kg):
    terms = {c.term for c in candidate_concepts(kg, min_meetings=1)}
    assert not terms & {"GDC", "NRIs", "IMSB", "WSIS+20", "UTC", "Amara", "Lena Saint Clair", "Open"}
    assert "UNGA" in terms and CANDIDATES["UNGA"] == (3,)


def test_analysis_as_rows_round_trip():
    recs = [{"a": 1, "b": 2.5, "c": True, "d": "x", "e": None}]
    assert records(as_rows(recs)) == recs


def test_analysis_cli_topics_trend(run_cli, series_store):
    r = run_cli("topics", "--trend", "--last", "6", "--store", series_store, "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = {t["label"]: t for t in json.loads(r.stdout)}
    assert {label: rows[label]["verdict"] for (label, last) in TRENDS if last == 6} == \
           {label: v for (label, last), v in TRENDS.items() if last == 6}
    assert isinstance(rows[GDC]["counts"], list) and isinstance(rows[GDC]["slope"], float)
    csv_out = run_cli("topics", "--trend", "--last", "6", "--store", series_store, "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("label,verdict,first_half,second_half,slope")


def test_analysis_cli_topics_first_raised_and_roles(run_cli, series_store):
    r = run_cli("topics", "--store", series_store, "--format", "ndjson")
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 6
    r = run_cli("roles", "haidari", "--store", series_store, "--format", "json")
    assert [(p["former"], p["meetings"]) for p in json.loads(r.stdout)] == [(False, 5), (True, 6)]
    r = run_cli("roles", "haidari", "--observations", "--store", series_store, "--format", "csv")
    assert len(r.stdout.splitlines()) == 1 + 11


def test_analysis_cli_concepts_candidates(run_cli, series_store):
    r = run_cli("concepts", "--candidates", "--min-meetings", "2", "--store", series_store, "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [x["term"] for x in rows] == ["Open Consultation", "APC", "HLPF"]
    assert rows[0]["meetings"] == "4" and "Open Consultation" in rows[0]["example"]
    assert run_cli("concepts", "--store", series_store).returncode == 0


def test_analysis_cli_export_statements_csv(run_cli, series_store, tmp_path, corpus):
    out = tmp_path / "statements.csv"
    r = run_cli("export-statements-csv", "-o", out, "--store", series_store)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == sum(len(m.statements) for m in corpus.meetings)
    for col in ("meeting", "date", "item", "speaker", "verb", "text", "start", "end", "concepts", "report", "sha256"):
        assert col in rows[0], col
    first = corpus.meetings[0]
    assert rows[0]["report"] == first.filename
    assert rows[0]["sha256"] == hashlib.sha256(first.text.encode("utf-8")).hexdigest()
    assert first.text[int(rows[1]["start"]):int(rows[1]["end"])] == rows[1]["text"]


def test_analysis_cli_export_popolo(run_cli, series_store, tmp_path):
    out = tmp_path / "popolo.json"
    assert run_cli("export-popolo", "-o", out, "--store", series_store).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    persons = {p["id"]: p for p in data["persons"]}
    orgs = {o["id"] for o in data["organizations"]}
    assert all({"id", "name", "given_name", "family_name"} <= set(p) for p in persons.values())
    for m in data["memberships"]:
        assert m["person_id"] in persons and m["organization_id"] in orgs and m["start_date"] <= m["end_date"]
    bilal = [m for m in data["memberships"] if persons[m["person_id"]]["name"] == "Bilal Haidari"]
    assert [(m["role"], m["former"], m["label"]) for m in bilal] == [("Member", False, "IGF MAG member"),
                                                                    ("Member", True, "former IGF MAG member")]
    assert {"Government of Estonia", "Multistakeholder Advisory Group"} <= {o["name"] for o in data["organizations"]}


def test_analysis_cli_errors_are_one_line(run_cli, series_store, tmp_path):
    r = run_cli("topics", "--trend", "--last", "0", "--store", series_store)
    assert r.returncode == 2 and r.stderr.startswith("Error: --last 0") and "Traceback" not in r.stderr
    r = run_cli("roles", "x", "--store", tmp_path / "none")
    assert r.returncode == 2 and "no igfkg store" in r.stderr and len(r.stderr.strip().splitlines()) == 1
