"""Networks (queries/network.py) on the seed report and on the generated 12-meeting series:
each kind against the generator's facts, the writers, the summary and the command line."""
from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from corpus_series import VARIANT_PEOPLE, build_store, generate
from queries.network import FORMATS, KINDS, build_network, summarize, write_network



@pytest.fixture(scope="module")
def corpus():
    return generate()


@pytest.fixture(scope="module")
def kg(tmp_path_factory, corpus):
    from igfkg.core import Igfkg
    return Igfkg(str(build_store(tmp_path_factory.getbasetemp() / "series", corpus)), read_only=True)


@pytest.fixture(scope="module")
def series_store(kg):
    return kg.store.path


def _by_name(g: nx.Graph, corpus) -> dict[tuple[str, str], dict]:
    """Edges keyed by the canonical names of their ends (leaving out people whose variants need merging)."""
    out = {}
    for a, b, data in g.edges(data=True):
        na, nb = corpus.canonical(g.nodes[a]["label"]), corpus.canonical(g.nodes[b]["label"])
        if na not in VARIANT_PEOPLE and nb not in VARIANT_PEOPLE:
            out[(na, nb) if g.is_directed() else tuple(sorted((na, nb)))] = data
    return out


def _without_variants(counter) -> dict:
    return {k: v for k, v in counter.items() if not set(k) & set(VARIANT_PEOPLE)}


def _read(data: bytes, fmt: str) -> nx.Graph:
    if fmt == "gexf":
        return nx.read_gexf(io.BytesIO(data))
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data))
    return nx.node_link_graph(json.loads(data))


def test_network_seed_co_attendance_gexf_has_27_people(run_cli, seed_store, tmp_path):
    r = run_cli("network", "--kind", "co-attendance", "--format", "gexf", "--store", seed_store)
    assert r.returncode == 0, r.stderr
    path = tmp_path / "seed.gexf"
    path.write_text(r.stdout, encoding="utf-8")
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == 27 and g.number_of_edges() == 27 * 26 // 2
    assert "Tereza Horejsova" in {d["label"] for _, d in g.nodes(data=True)}
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"person"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_network_writers_round_trip_with_safe_attributes(kg, kind, fmt):
    g = build_network(kg, kind)
    assert g.number_of_nodes() > 0 and g.number_of_edges() > 0
    for _, data in list(g.nodes(data=True)) + [(None, d) for *_, d in g.edges(data=True)]:
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values()), data
    for _, data in g.nodes(data=True):
        assert {"label", "kind", "statements", "meetings"} <= set(data)
    back = _read(write_network(g, fmt), fmt)
    assert back.number_of_nodes() == g.number_of_nodes() and back.number_of_edges() == g.number_of_edges()


def test_network_co_attendance_weights_are_shared_meetings(kg, corpus):
    g = build_network(kg, "co-attendance")
    got = {k: d["weight"] for k, d in _by_name(g, corpus).items()}
    assert got == _without_variants(corpus.co_attendance())
    amara = next(n for n, d in g.nodes(data=True) if d["label"] == "Amara Okafor")
    assert g.nodes[amara]["meetings"] == 12
    assert g.nodes[amara]["statements"] == sum(s.speaker == "Amara Okafor" for m in corpus.meetings for s in m.statements)


def test_network_co_attendance_has_one_node_per_person(kg, corpus):
    g = build_network(kg, "co-attendance")
    assert g.number_of_nodes() == len(corpus.people)
    lena = [n for n, d in g.nodes(data=True) if corpus.canonical(d["label"]) == "Lena St. Clair"]
    assert len(lena) == 1 and g.nodes[lena[0]]["meetings"] == 12


def test_network_co_attendance_date_range(kg, corpus):
    last3 = corpus.meetings[-3:]
    g = build_network(kg, "co-attendance", last3[0].date, last3[-1].date.isoformat())
    names = {corpus.canonical(d["label"]) for _, d in g.nodes(data=True)}
    assert names == set().union(*(m.attendees for m in last3))
    assert max(d["weight"] for *_, d in g.edges(data=True)) == 3
    assert all(d["meetings"] <= 3 for _, d in g.nodes(data=True))
    assert g.graph["from"] == last3[0].date.isoformat()


def test_network_co_mention_follows_schema_mentions(kg, corpus):
    g = build_network(kg, "co-mention")
    assert g.is_directed()
    got = {k: d["weight"] for k, d in _by_name(g, corpus).items()}
    assert got == _without_variants(corpus.mentions())


def test_network_interaction_turns_and_replies(kg, corpus):
    g = build_network(kg, "interaction")
    edges = _by_name(g, corpus)
    assert {k: d["weight"] for k, d in edges.items()} == _without_variants(corpus.interactions())
    replies = _without_variants(corpus.responses())
    assert {k: d["response"] for k, d in edges.items() if d["response"]} == replies
    assert all(d["kind"] == ("response" if d["response"] else "sequence") for d in edges.values())
    assert all(d["weight"] == d["response"] + d["sequence"] for d in edges.values())


def test_network_person_concept_is_bipartite(kg, corpus):
    g = build_network(kg, "person-concept")
    people = {n for n, d in g.nodes(data=True) if d["bipartite"] == 0}
    assert nx.is_bipartite(g) and all(g.nodes[n]["kind"] == "person" for n in people)
    concepts = {d["label"]: d for n, d in g.nodes(data=True) if d["bipartite"] == 1}
    counts = corpus.concept_counts()
    assert set(concepts) == set(counts)
    assert {c: d["statements"] for c, d in concepts.items()} == {c: sum(v.values()) for c, v in counts.items()}
    got = {}
    for a, b, d in g.edges(data=True):
        person, concept = (a, b) if a in people else (b, a)
        name = corpus.canonical(g.nodes[person]["label"])
        if name not in VARIANT_PEOPLE:
            got[(name, g.nodes[concept]["label"])] = d["weight"]
    from collections import Counter
    expected = Counter((s.speaker, c) for m in corpus.meetings for s in m.statements for c in s.concepts
                       if s.speaker and s.speaker not in VARIANT_PEOPLE)
    assert got == dict(expected)


@pytest.mark.parametrize("kind", KINDS)
def test_network_summary(kg, kind):
    g = build_network(kg, kind)
    s = summarize(g, top=5)
    assert (s.nodes, s.edges, s.kind) == (g.number_of_nodes(), g.number_of_edges(), kind)
    assert len(s.degree) == 5 and [r.value for r in s.degree] == sorted((r.value for r in s.degree), reverse=True)
    assert sum(len(c) for c in s.communities) == g.number_of_nodes()
    assert "degree centrality:" in s.as_text() and "communities (" in s.as_text()


def test_network_summary_of_a_graph_without_edges():
    g = nx.Graph(kind="co-mention")
    g.add_node("a", label="A")
    assert summarize(g).communities == (("A",),)


@pytest.mark.parametrize("fmt", FORMATS)
def test_network_cli_writes_files(run_cli, series_store, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    r = run_cli("network", "--kind", "interaction", "--format", fmt, "-o", out, "--store", series_store)
    assert r.returncode == 0, r.stderr
    assert _read(out.read_bytes(), fmt).number_of_edges() > 0


def test_network_cli_summary(run_cli, series_store):
    r = run_cli("network", "--kind", "co-mention", "--summary", "--store", series_store)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("co-mention: ") and "betweenness centrality:" in r.stdout and "communities (" in r.stdout


def test_network_cli_errors(run_cli, series_store):
    r = run_cli("network", "--kind", "interaction", "--from", "2025-13", "--store", series_store)
    assert r.returncode == 2 and r.stderr.strip() == "Error: --from '2025-13' is not a date; use YYYY-MM-DD, e.g. --from 2025-01-31"
    assert run_cli("network", "--kind", "nonsense", "--store", series_store).returncode == 2


@pytest.mark.parametrize("command", ["network", "topics", "concepts", "roles", "export-popolo", "export-statements-csv"])
def test_network_analysis_commands_have_help_with_an_example(run_cli, command):
    r = run_cli(command, "--help")
    assert r.returncode == 0 and "Example" in r.stdout
