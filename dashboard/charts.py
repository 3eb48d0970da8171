"""Pure chart builders for the dashboard: Altair charts from query records and the who-said-what
network (networkx, laid out with a spring layout and drawn with Altair). No Streamlit here.

Labels from reports are data fields of Vega marks (drawn as text by the renderer), never HTML.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import altair as alt
import networkx as nx
import pandas as pd

Mode = Literal["concepts", "statements"]
KIND_COLORS = {"person": "#1f77b4", "concept": "#ff7f0e", "meeting": "#2ca02c", "statement": "#9467bd"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def bar(records: list[dict], label: str, value: str, *, title: str = "", top: int = 15) -> alt.Chart:
    """A horizontal bar chart of the ``top`` records by ``value``."""
    df = pd.DataFrame(records[:top], columns=[label, value])
    return (alt.Chart(df, title=title).mark_bar()
            .encode(x=alt.X(f"{value}:Q", title=value), y=alt.Y(f"{label}:N", sort="-x", title=None),
                    tooltip=[label, value]))


def timeline(records: list[dict], concepts: Iterable[str], *, kind: Literal["line", "heatmap"] = "line",
             value: str = "statements") -> alt.Chart:
    """Statements per concept per meeting date (rows of the topic-timeline query), for ``concepts`` (labels)."""
    keep = set(concepts)
    df = pd.DataFrame([r for r in records if r.get("label") in keep], columns=["label", "date", "meeting", value])
    df = df.groupby(["label", "date"], as_index=False)[value].sum()
    return _by_concept(df, "date", "meeting date", "T", kind, value)


def _by_concept(df: pd.DataFrame, x: str, title: str, line_type: str, kind: str, value: str) -> alt.Chart:
    """A heatmap (concepts by ``x``) or one line per concept over ``x``."""
    if kind == "heatmap":
        return (alt.Chart(df).mark_rect()
                .encode(x=alt.X(f"{x}:O", title=title), y=alt.Y("label:N", title=None),
                        color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="blues")), tooltip=["label", x, value]))
    return (alt.Chart(df).mark_line(point=True)
            .encode(x=alt.X(f"{x}:{line_type}", title=title), y=alt.Y(f"{value}:Q"), color=alt.Color("label:N", title="concept"),
                    tooltip=["label", x, value]))


def default_period(years: Iterable[str]) -> Literal["month", "quarter", "year"]:
    """The period a topic chart starts with, from the years the archive spans: months for up to two
    years, quarters for up to eight, years beyond (a curve of tens of points, not thousands).

    >>> default_period(["2024", "2025"]), default_period(map(str, range(2015, 2023))), default_period(map(str, range(2010, 2026)))
    ('month', 'quarter', 'year')
    """
    span = len(set(years))
    return "month" if span <= 2 else "quarter" if span <= 8 else "year"


def period_timeline(records: list[dict], concepts: Iterable[str], *, kind: Literal["line", "heatmap"] = "line",
                    value: str = "statements") -> alt.Chart:
    """Statements (or meetings) per concept per period (rows of the topic-periods query), for ``concepts`` (labels)."""
    keep = set(concepts)
    df = pd.DataFrame([r for r in records if r.get("label") in keep], columns=["label", "period", value])
    return _by_concept(df, "period", "period", "O", kind, value)


def heatmap(records: list[dict], x: str, y: str, value: str, *, x_title: str = "", y_title: str = "") -> alt.Chart:
    df = pd.DataFrame(records, columns=[x, y, value])
    return (alt.Chart(df).mark_rect()
            .encode(x=alt.X(f"{x}:N", title=x_title or x, sort="-color"), y=alt.Y(f"{y}:N", title=y_title or y),
                    color=alt.Color(f"{value}:Q", scale=alt.Scale(scheme="oranges")), tooltip=[x, y, value]))


def result_chart(columns: Iterable[str], records: list[dict]) -> alt.Chart | None:
    """A chart for a query result that has a number column: a line over a date column, else bars
    over the first text column; None when there is nothing to chart."""
    columns = list(columns)
    if not records:
        return None
    def all_of(col, test):
        vals = [r.get(col) for r in records if r.get(col) is not None]
        return bool(vals) and all(test(v) for v in vals)
    numbers = [c for c in columns if all_of(c, lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))]
    dates = [c for c in columns if all_of(c, lambda v: isinstance(v, str) and bool(_DATE.match(v)))]
    texts = [c for c in columns if c not in numbers and c not in dates]
    if not numbers:
        if dates:  # how many rows per date
            counts = Counter(str(r.get(dates[0]))[:10] for r in records if r.get(dates[0]))
            df = pd.DataFrame(sorted(counts.items()), columns=[dates[0], "rows"])
            return alt.Chart(df).mark_bar().encode(x=alt.X(f"{dates[0]}:T"), y="rows:Q", tooltip=[dates[0], "rows"])
        return None
    value = numbers[0]
    if dates:
        df = pd.DataFrame(records, columns=[dates[0], value] + texts[:1])
        enc = dict(x=alt.X(f"{dates[0]}:T"), y=alt.Y(f"{value}:Q"), tooltip=list(df.columns))
        if texts and df[texts[0]].nunique() <= 12:
            enc["color"] = alt.Color(f"{texts[0]}:N")
        return alt.Chart(df).mark_line(point=True).encode(**enc)
    if texts:
        return bar(sorted(records, key=lambda r: -(r.get(value) or 0)), texts[0], value, top=30)
    df = pd.DataFrame(records, columns=[value])
    return alt.Chart(df).mark_bar().encode(x=alt.X(f"{value}:Q", bin=True), y="count()")


# ---- the who-said-what network -----------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    meetings: frozenset[str] = frozenset()  # IRIs; empty: all
    people: frozenset[str] = frozenset()
    concepts: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()  # normalised role labels


def keep(link: dict, f: Filters) -> bool:
    """Whether a row of the statement-links query passes the filters."""
    if f.meetings and link.get("meeting") not in f.meetings:
        return False
    if f.people and link.get("speaker") not in f.people:
        return False
    if f.concepts and link.get("concept") not in f.concepts:
        return False
    if f.roles and not f.roles & set(str(link.get("roles") or "").split(" | ")):
        return False
    return True


def build_network(links: list[dict], mode: Mode = "concepts", filters: Filters = Filters()) -> nx.Graph:
    """People, concepts (or statements) and meetings as a graph, from statement-links rows.

    Node ids are "kind:IRI"; every node has ``kind``, ``label`` and ``statements`` (how many
    statements it takes part in); edges have ``weight``.

    >>> g = build_network([dict(meeting="m", date="2025-01-01", series="S", statement="s1", position=1, text="t",
    ...                         speaker="p", speaker_name="Ana", roles="Member", concept="c", label="IGF")])
    >>> sorted(g.nodes), g.edges["person:p", "concept:c"]["weight"]
    (['concept:c', 'meeting:m', 'person:p'], 1)
    """
    g = nx.Graph()
    seen: dict[str, set[str]] = {}

    def node(nid: str, kind: str, label: str, statement: str) -> str:
        if nid not in g:
            g.add_node(nid, kind=kind, label=label, statements=0)
        if statement not in seen.setdefault(nid, set()):
            seen[nid].add(statement)
            g.nodes[nid]["statements"] += 1
        return nid

    def edge(a: str, b: str, pair: set) -> None:
        if (a, b) in pair:
            return
        pair.add((a, b))
        w = g.edges[a, b]["weight"] + 1 if g.has_edge(a, b) else 1
        g.add_edge(a, b, weight=w)

    counted: dict[str, set] = {}
    for link in links:
        if not keep(link, filters):
            continue
        st_id = str(link["statement"])
        done = counted.setdefault(st_id, set())
        meeting = node(f"meeting:{link['meeting']}", "meeting", f"{link.get('date')} {link.get('series')}", st_id)
        who = node(f"person:{link['speaker']}", "person", str(link.get("speaker_name") or link["speaker"]), st_id) \
            if link.get("speaker") else None
        if mode == "statements":
            text = " ".join(str(link.get("text") or "").split())
            said = node(f"statement:{st_id}", "statement", text[:60] + ("\u2026" if len(text) > 60 else ""), st_id)
            edge(said, meeting, done)
            if who:
                edge(who, said, done)
        else:
            topic = node(f"concept:{link['concept']}", "concept", str(link.get("label")), st_id) if link.get("concept") else None
            if who:
                edge(who, meeting, done)
                if topic:
                    edge(who, topic, done)
            elif topic:
                edge(topic, meeting, done)
    return g


def prune(g: nx.Graph, max_nodes: int = 150) -> nx.Graph:
    """The ``max_nodes`` nodes with the most statements (all of them when fewer)."""
    if g.number_of_nodes() <= max_nodes:
        return g
    top = sorted(g.nodes, key=lambda n: (-g.nodes[n]["statements"], n))[:max_nodes]
    return g.subgraph(top).copy()


def layout(g: nx.Graph, *, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges) frames with spring-layout coordinates."""
    pos = nx.spring_layout(g, seed=seed, weight="weight", iterations=60) if g.number_of_nodes() else {}
    nodes = pd.DataFrame([{"id": n, "x": float(pos[n][0]), "y": float(pos[n][1]), **g.nodes[n]} for n in g.nodes],
                         columns=["id", "x", "y", "kind", "label", "statements"])
    edges = pd.DataFrame([{"x": pos[a][0], "y": pos[a][1], "x2": pos[b][0], "y2": pos[b][1], "weight": d["weight"]}
                          for a, b, d in g.edges(data=True)], columns=["x", "y", "x2", "y2", "weight"])
    return nodes, edges


def network_chart(nodes: pd.DataFrame, edges: pd.DataFrame, *, labels: bool = True, height: int = 560) -> alt.LayerChart:
    """Edges as rules, nodes as circles sized by statements and coloured by kind, person and
    concept nodes labelled; a click selects a node (selection parameter ``node`` on field ``id``)."""
    axis = dict(axis=None)
    pick = alt.selection_point(name="node", fields=["id"], on="click")
    kinds = [k for k in KIND_COLORS if k in set(nodes["kind"])] or list(KIND_COLORS)
    color = alt.Color("kind:N", scale=alt.Scale(domain=kinds, range=[KIND_COLORS[k] for k in kinds]), title=None)
    rules = alt.Chart(edges).mark_rule(opacity=0.25, color="#888").encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), x2="x2:Q", y2="y2:Q", strokeWidth=alt.StrokeWidth("weight:Q", legend=None))
    dots = alt.Chart(nodes).mark_circle(opacity=0.9, stroke="white").encode(
        x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), color=color,
        size=alt.Size("statements:Q", scale=alt.Scale(range=[40, 900]), legend=None),
        tooltip=[alt.Tooltip("label:N", title="name"), "kind:N", "statements:Q"]).add_params(pick)
    layers = [rules, dots]
    if labels:
        named = nodes[nodes["kind"].isin(["person", "concept"])]
        layers.append(alt.Chart(named).mark_text(dy=-10, fontSize=10).encode(x=alt.X("x:Q", **axis), y=alt.Y("y:Q", **axis), text="label:N"))
    return alt.layer(*layers).properties(height=height).configure_view(strokeWidth=0)
