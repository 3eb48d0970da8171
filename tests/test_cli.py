"""The command line through its real entry point: output formats, exit codes, messages."""
from __future__ import annotations

import json
import re

import pytest
from rdflib import Dataset, Graph

from conftest import ROOT, SEED


def test_cli_ingest_prints_what_it_found_and_a_total(run_cli, tmp_path):
    r = run_cli("ingest", SEED, "--store", tmp_path / "s")
    assert r.returncode == 0, r.stderr
    assert "meeting: MAG Working Group on IGF Strengthening and Strategy #100, 2025-07-17 13:00 UTC" in r.stdout
    assert re.search(r"people: 27 listed, statements: 44 \(40 with a speaker\)", r.stdout)
    assert r.stdout.strip().splitlines()[-1].startswith("total: 1 stored, 0 failed")


def test_cli_ingesting_twice_changes_nothing(run_cli, tmp_path):
    store = tmp_path / "s"
    run_cli("ingest", SEED, "--store", store)
    first = json.loads(run_cli("stats", "--store", store, "--format", "json").stdout)
    run_cli("ingest", SEED, "--store", store)
    second = json.loads(run_cli("stats", "--store", store, "--format", "json").stdout)
    assert first == second and first["meetings"] == 1 and first["triples"] > 1000


def test_cli_store_from_environment(run_cli, tmp_path):
    env = {"IGFKG_STORE": str(tmp_path / "env-store")}
    assert run_cli("ingest", SEED, env=env).returncode == 0
    assert json.loads(run_cli("query", "meetings", "--format", "json", env=env).stdout)[0]["number"] == 100


def test_cli_query_json_is_plain_values(run_cli, seed_store):
    rows = json.loads(run_cli("query", "meetings", "--store", seed_store, "--format", "json").stdout)
    assert rows == [{"meeting": rows[0]["meeting"], "series": "MAG Working Group on IGF Strengthening and Strategy",
                     "number": 100, "date": "2025-07-17", "moderator_name": "Titti Cassa", "next_date": "2025-07-31",
                     "participants": 27, "statements": 44}]


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "ndjson"])
def test_cli_query_formats(run_cli, seed_store, fmt):
    r = run_cli("query", "statements", "--store", seed_store, "--format", fmt)
    assert r.returncode == 0, r.stderr
    if fmt == "csv":
        assert r.stdout.splitlines()[0] == "meeting,date,item,speaker,speaker_name,verb,text,start,end,concepts"
    elif fmt == "ndjson":
        assert len(r.stdout.splitlines()) == 44
    elif fmt == "table":
        assert r.stdout.rstrip().endswith("(44 rows)")


def test_cli_query_with_a_bound_parameter(run_cli, seed_store):
    rows = json.loads(run_cli("query", "who-said-what", "--param", "person=horejsova", "--store", seed_store,
                              "--format", "json").stdout)
    assert [r["speaker_name"] for r in rows] == ["Tereza Horejsova"]
    assert rows[0]["text"].startswith("Tereza noted that the IMSB should be vocal")


def test_cli_parameters_are_data_not_query_text(run_cli, seed_store):
    r = run_cli("query", "who-said-what", "--param", 'person=x")) } SELECT * WHERE { ?s ?p ?o } #', "--store", seed_store,
                "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout) == []


def test_cli_a_list_of_terms_is_bound_as_one_values_block_never_as_text(seed_store):
    """The library binds several values of one variable (the graphs of reports being ingested
    again) as data, as it binds one; anything but an IRI or literal is refused."""
    import pyoxigraph as ox

    from igfkg.core import Igfkg
    from ingest.errors import QueryError
    from ingest.read import file_sha256
    kg = Igfkg(str(seed_store), read_only=True)
    meeting = kg.graphs_of([SEED])
    assert len(meeting) == 1 and kg.graphs_of_reports(["0" * 64]) == frozenset()
    sparql = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = kg.store.select(sparql, {"g": [ox.NamedNode(next(iter(meeting))), ox.NamedNode("https://example.org/none")]}).rows
    assert {r[0].value for r in rows} == set(meeting)
    assert kg.graphs_of_reports([file_sha256(SEED)]) == meeting
    with pytest.raises(QueryError, match="only IRIs and literals"):
        kg.store.select(sparql, {"g": [ox.NamedNode("https://example.org/a"), "} ?s ?p ?o {"]})


def test_cli_about_concept_matches_any_label_including_misspellings(run_cli, seed_store):
    by_misspelling = json.loads(run_cli("query", "about-concept", "-p", "concept=ISMB", "--store", seed_store, "--format", "json").stdout)
    by_name = json.loads(run_cli("query", "about-concept", "-p", "concept=Informal Multistakeholder Sounding Board",
                                 "--store", seed_store, "--format", "json").stdout)
    assert by_misspelling == by_name and len(by_name) == 8


def test_cli_missing_parameter_is_a_clear_error(run_cli, seed_store):
    r = run_cli("query", "who-said-what", "--store", seed_store)
    assert r.returncode == 2 and "needs --param person=VALUE" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(("name", "near"), [("statments", "statements"), ("who-said", "who-said-what")])
def test_cli_unknown_query_says_did_you_mean(run_cli, seed_store, name, near):
    r = run_cli("query", name, "--store", seed_store)
    assert r.returncode == 2 and f"unknown query '{name}'" in r.stderr and f"did you mean {near}" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "igfkg queries" in r.stderr


def test_cli_queries_lists_titles_and_parameters(run_cli):
    r = run_cli("queries")
    assert "who-said-what\n  Who said what:" in r.stdout and "--param person=<string>" in r.stdout


def test_cli_sparql_reads_stdin_and_refuses_updates(run_cli, seed_store):
    r = run_cli("sparql", "-", "--store", seed_store, "--format", "json",
                input="SELECT (COUNT(*) AS ?n) WHERE { ?s a foaf:Person }")
    assert json.loads(r.stdout) == [{"n": 27}]
    r = run_cli("sparql", "DELETE WHERE { ?s ?p ?o }", "--store", seed_store)
    assert r.returncode == 2 and "read-only" in r.stderr


def test_cli_query_file(run_cli, seed_store, tmp_path):
    q = tmp_path / "mine.rq"
    q.write_text("# title: Mine\nSELECT ?name WHERE { ?p foaf:name ?name } ORDER BY ?name LIMIT 2\n")
    rows = json.loads(run_cli("query", q, "--store", seed_store, "--format", "json").stdout)
    assert rows == [{"name": "Amado Espinosa"}, {"name": "Ana Neves"}]


def test_cli_validate_conforms_and_fails_on_a_broken_store(run_cli, seed_store, tmp_path):
    r = run_cli("validate", "--store", seed_store)
    assert r.returncode == 0 and "conforms" in r.stdout
    import pyoxigraph as ox
    broken = tmp_path / "broken"
    store = ox.Store(str(broken))
    g = ox.NamedNode("https://w3id.org/igfkg/id/graph/test")
    s = ox.NamedNode("https://w3id.org/igfkg/id/meeting/x/2025-01-01/statement/1")
    store.add(ox.Quad(s, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("https://w3id.org/igfkg/ontology#Statement"), g))
    store.flush()
    del store
    r = run_cli("validate", "--store", broken)
    assert r.returncode == 1
    assert "does not conform" in r.stdout and "Every statement cites its source span." in r.stdout


@pytest.mark.parametrize("fmt, parse_as", [("turtle", "turtle"), ("trig", "trig"), ("nquads", "nquads"), ("jsonld", "json-ld")])
def test_cli_export_formats_parse(run_cli, seed_store, tmp_path, fmt, parse_as):
    out = tmp_path / f"out.{fmt}"
    assert run_cli("export", "--store", seed_store, "--format", fmt, "-o", out).returncode == 0
    g = Dataset() if fmt in ("trig", "nquads", "jsonld") else Graph()
    g.parse(out, format=parse_as)
    assert len(g) > 1000


def test_cli_stats(run_cli, seed_store):
    s = json.loads(run_cli("stats", "--store", seed_store, "--format", "json").stdout)
    assert (s["meetings"], s["people"], s["statements"]) == (1, 27, 44) and s["concepts"] >= 15


def test_cli_missing_store_is_a_clear_error(run_cli, tmp_path):
    r = run_cli("query", "meetings", "--store", tmp_path / "nothing")
    assert r.returncode == 2 and "no igfkg store" in r.stderr and "igfkg ingest" in r.stderr


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02binary", "the file is binary"),
])
def test_cli_bad_input_names_the_file_and_leaves_the_store_as_it_was(run_cli, tmp_path, content, message):
    store = tmp_path / "s"
    run_cli("ingest", SEED, "--store", store)
    before = run_cli("export", "--store", store, "--format", "nquads").stdout
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    r = run_cli("ingest", bad, "--store", store)
    assert r.returncode == 1 and message in r.stderr and str(bad) in r.stderr and "Traceback" not in r.stderr
    assert run_cli("export", "--store", store, "--format", "nquads").stdout == before


def test_cli_no_date_suggests_the_date_option_which_works(run_cli, tmp_path):
    bad = tmp_path / "undated.txt"
    bad.write_text("Some Group\n\nDiscussion\n\nAna noted the GDC.\n\nParticipants\n\n1. Ana Pires, MAG member\n")
    r = run_cli("ingest", bad, "--store", tmp_path / "s")
    assert r.returncode == 0 and "date unknown" in r.stdout and "--date" in r.stderr  # stored undated, with the hint
    r = run_cli("ingest", bad, "--store", tmp_path / "s", "--date", "2025-02-03")
    assert r.returncode == 0 and "2025-02-03" in r.stdout


def test_cli_folder_goes_on_past_a_bad_file(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (folder / "b.txt").write_bytes(b"")
    r = run_cli("ingest", folder, "--store", tmp_path / "s")
    assert r.returncode == 1 and "total: 1 stored, 1 failed" in r.stdout and "b.txt" in r.stderr


def test_cli_every_command_has_help_with_an_example(run_cli):
    from igfkg.cli import main
    for name in main.commands:
        r = run_cli(name, "--help")
        assert r.returncode == 0 and "Example" in r.stdout, name


def test_cli_every_command_is_documented_in_the_readme():
    from igfkg.cli import main
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"igfkg {name}" in readme, name


def test_cli_every_named_query_runs_on_the_fixture_store(corpus_store):
    from igfkg.core import Igfkg
    from queries.run import named_queries
    kg = Igfkg(str(corpus_store), read_only=True)
    person = kg.query("people").rows[0][0].value
    meeting = kg.query("meetings").rows[0][0].value
    samples = {"string": "IGF", "iri": person, "integer": "1", "date": "2025-07-17"}
    for q in named_queries().values():
        values = {p.name: meeting if "meeting" in p.name else samples[p.type] for p in q.params}
        rows = kg.query(q.name, values)
        assert rows.columns, q.name


@pytest.mark.parametrize("name", ["meetings", "statements", "participants"])
def test_cli_tables_never_cut_an_iri(run_cli, seed_store, name):
    """Every IRI a table shows can be copied whole as a parameter (e.g. 'query meeting -p meeting=IRI')."""
    import json
    table = run_cli("query", name, "--store", seed_store, env={"COLUMNS": "100"}).stdout
    rows = json.loads(run_cli("query", name, "--store", seed_store, "--format", "json").stdout)
    iris = {v for r in rows for v in r.values() if isinstance(v, str) and v.startswith("https://w3id.org/igfkg/")}
    assert iris and all(iri in table for iri in iris)
    assert "https://w3id.org/igfkg/id/" in table and "/\u2026" not in table


def test_cli_tables_cut_long_text_to_stay_readable(run_cli, seed_store):
    table = run_cli("query", "statements", "--store", seed_store, env={"COLUMNS": "100"}).stdout
    text_column = table.splitlines()[1].split("  ")
    assert all(len(dashes) <= 96 for dashes in text_column) and "\u2026" in table


def _help_examples() -> list[list[str]]:
    """The runnable read-only examples of every command's --help: no placeholder (NAME, FILE), no file written,
    no list of work to do (--review, --candidates: empty on one report is good news)."""
    import shlex
    from click.testing import CliRunner

    from igfkg.cli import main
    out = []
    for name in main.commands:
        text = CliRunner().invoke(main, [name, "--help"]).output
        for line in text.split("Example", 1)[-1].splitlines():
            line = line.split("#")[0].strip()
            if not line.startswith("igfkg "):
                continue
            words = shlex.split(line)[1:]
            if (words[0] in ("query", "roles", "orgs", "people", "topics", "concepts", "sparql", "stats")
                    and not any(w.split("=")[-1] in ("NAME", "FILE", "PERSON") or w.endswith(".rq")
                                or w.startswith("http") or w in ("--review", "--candidates") for w in words)):
                out.append(words)
    return out


@pytest.mark.parametrize("words", _help_examples(), ids=" ".join)
def test_cli_help_examples_answer_on_the_bundled_report(run_cli, seed_store, words):
    r = run_cli(*words, "--store", seed_store)
    assert r.returncode == 0, r.stderr
    assert "(0 rows)" not in r.stdout and r.stdout.strip() not in ("", "[]") and "matched" not in r.stderr, r.stdout[-300:]


def test_cli_help_examples_are_walked():
    examples = {w[0] for w in _help_examples()}
    assert {"query", "orgs", "roles", "people"} <= examples


@pytest.mark.parametrize(("args", "says"), [
    (["query", "who-said-what", "-p", "person=Zzyzx"], "nobody matched person 'Zzyzx'; 'igfkg people'"),
    (["roles", "Zzyzx"], "nobody matched person 'Zzyzx'"),
    (["people", "--explain", "Zzyzx"], "nobody matched person 'Zzyzx'"),
    (["orgs", "--explain", "Zzyzx"], "no organisation matched organisation 'Zzyzx'; 'igfkg orgs'"),
    (["query", "about-concept", "-p", "concept=Zzyzx"], "no concept matched concept 'Zzyzx'; 'igfkg concepts'"),
])
def test_cli_nothing_matched_says_so(run_cli, seed_store, args, says):
    r = run_cli(*args, "--store", seed_store)
    assert r.returncode == 0 and says in r.stderr, r.stderr


def test_cli_queries_separates_core_from_internal(run_cli):
    short, full = run_cli("queries").stdout, run_cli("queries", "--all").stdout
    assert short.startswith("# Core queries") and "network-people-in-period" not in short and "--all" in short
    assert "# Queries the commands and dashboard pages use" in full and "network-people-in-period" in full
    assert short.index("statements") < short.index("who-said-what")


def test_cli_topics_trend_on_one_meeting_says_it_needs_two(run_cli, seed_store):
    r = run_cli("topics", "--trend", "--store", seed_store)
    assert r.returncode == 0 and "a trend needs two meetings or more" in r.stderr


def test_cli_topics_trend_on_many_meetings_says_nothing_of_it(run_cli, corpus_store):
    r = run_cli("topics", "--trend", "--store", corpus_store)
    assert r.returncode == 0 and "needs two meetings" not in r.stderr


def test_cli_stats_says_which_graphs_are_vocabulary(run_cli, seed_store):
    s = json.loads(run_cli("stats", "--store", seed_store, "--format", "json").stdout)
    assert (s["report_graphs"], s["vocabulary_graphs"]) == (1, 1) and s["graphs"] >= 2
    table = run_cli("stats", "--store", seed_store).stdout
    assert "one per report: 1; vocabulary: 1" in table


def test_cli_statement_offsets_give_the_source_sentence(run_cli, seed_store, seed_path):
    """As the README says: text[start:end] is the exact source (line breaks included, also oa:exact) and the
    text column is it with white space folded; the bundled report has a sentence across a blank line."""
    source = seed_path.read_text(encoding="utf-8")
    rows = json.loads(run_cli("query", "statements", "--store", seed_store, "--format", "json").stdout)
    assert all(" ".join(source[r["start"]:r["end"]].split()) == r["text"] for r in rows)
    assert any("\n\n" in source[r["start"]:r["end"]] for r in rows)
    exact = json.loads(run_cli("sparql", "SELECT ?e WHERE { ?s oa:exact ?e }", "--store", seed_store, "--format", "json").stdout)
    assert {source[r["start"]:r["end"]] for r in rows} <= {e["e"] for e in exact}
