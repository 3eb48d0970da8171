"""Networks drawn from the store with networkx, their writers (GEXF, GraphML, node-link JSON)
and a summary (centrality, communities) shared by the command line and the dashboard.

Kinds:

- ``co-attendance``: people; an edge weighs how many meetings both attended (undirected).
- ``co-mention``: people; an edge from A to B weighs how many of A's statements name B
  (``schema:mentions``; directed).
- ``interaction``: people; within one agenda item of one meeting, each turn links its speaker
  to the speaker before (``sequence``), and a statement whose reporting verb is a reply
  (agreed, disagreed, supported, echoed, responded, replied, seconded) links its speaker to the
  previous different speaker (``response``). Directed from the later speaker to the earlier;
  weight counts both, ``sequence`` and ``response`` count each, ``kind`` is "response" when any
  reply is among them, else "sequence".
- ``person-concept``: bipartite, people (``bipartite`` 0) and concepts (1); weight counts the
  person's statements naming the concept.

Every node has ``label`` (name or prefLabel), ``kind`` ("person" or "concept"), ``statements``
and ``meetings`` (counted within the date range); every edge has ``weight``. Attribute values are
str, int, float or bool only, so GEXF and GraphML can hold them.

>>> from igfkg.core import Igfkg                                    # doctest: +SKIP
>>> g = build_network(Igfkg("igfkg-store"), "co-attendance")        # doctest: +SKIP
>>> summarize(g).degree[0]                                          # doctest: +SKIP
"""
from __future__ import annotations

import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from ingest.errors import QueryError

from .analysis import QuerySource
from .formats import records

Kind = Literal["co-attendance", "co-mention", "interaction", "person-concept"]
KINDS: tuple[str, ...] = ("co-attendance", "co-mention", "interaction", "person-concept")
Format = Literal["gexf", "graphml", "json"]
FORMATS: tuple[str, ...] = ("gexf", "graphml", "json")
RESPONSE_VERBS = frozenset(("agreed", "disagreed", "supported", "echoed", "responded", "replied", "seconded"))


def _day(value: str | dt.date | None, option: str) -> str | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    from .values import parse_day
    return parse_day(text, option)


def _rows(kg: QuerySource, name: str, lo: str | None, hi: str | None) -> list[dict[str, object]]:
    """A network query's rows: ``name`` over every meeting, or ``name-in-period`` over the meetings
    dated ``lo`` to ``hi`` (an open end is no limit). The first is kept separate because a date
    filter joins every statement to its meeting, which costs more than the counting itself."""
    if lo is not None or hi is not None:
        name, params = f"{name}-in-period", {"start": lo or "0001-01-01", "end": hi or "9999-12-31"}
    else:
        params = {}
    plain = getattr(kg, "records", None)  # an Igfkg: plain values straight from the derived index
    return plain(name, params) if plain is not None else records(kg.query(name, params))


def _index_of(kg: QuerySource):
    """The ready derived index of ``kg``'s store (``queries.derived``), or None."""
    derived = getattr(getattr(kg, "store", None), "derived", None)
    return derived() if derived is not None else None


def _indexed_links(kg: QuerySource, lo: str | None, hi: str | None) -> tuple[list[tuple], dict[str, str]] | None:
    """The interaction links and speakers from the derived index of ``kg``'s store
    (``queries.derived``), or None when it has none ready."""
    from .derived import Unavailable
    index = _index_of(kg)
    if index is None:
        return None
    try:
        return index.interaction_links(lo, hi)
    except Unavailable:
        return None


def build_network(kg: QuerySource, kind: str, date_from: str | dt.date | None = None,
                  date_to: str | dt.date | None = None) -> nx.Graph:
    """The ``kind`` network over the meetings dated ``date_from`` to ``date_to`` (both inclusive).

    The counting is done by the store (``queries/network-*.rq`` aggregate before names are
    joined), so a network of hundreds of meetings costs a few small result sets.
    Raises QueryError for an unknown kind or a malformed date.
    """
    if kind not in KINDS:
        raise QueryError(f"unknown network kind '{kind}'; choose one of {', '.join(KINDS)}")
    lo, hi = _day(date_from, "--from"), _day(date_to, "--to")
    people = {str(r["person"]): r for r in _rows(kg, "network-people", lo, hi)}

    g: nx.Graph = nx.DiGraph() if kind in ("co-mention", "interaction") else nx.Graph()
    g.graph.update({"kind": kind, **({"from": lo} if lo else {}), **({"to": hi} if hi else {})})

    def person(iri: str, fallback: str = "") -> None:
        if iri in g:
            return
        p = people.get(iri)
        g.add_node(iri, label=str(p["name"]) if p else (fallback or iri), kind="person",
                   statements=int(p["statements"]) if p else 0, meetings=int(p["meetings"]) if p else 0,  # type: ignore[call-overload]
                   **({"bipartite": 0} if kind == "person-concept" else {}))

    def link(a: str, b: str, **counts: int) -> None:
        if g.has_edge(a, b):
            for k, v in counts.items():
                g.edges[a, b][k] = g.edges[a, b].get(k, 0) + v
        else:
            g.add_edge(a, b, **counts)

    if kind == "co-attendance":
        for iri in people:
            person(iri)
        for r in _rows(kg, "network-co-attendance", lo, hi):
            link(str(r["person_a"]), str(r["person_b"]), weight=int(r["meetings"]))  # type: ignore[call-overload]
    elif kind == "co-mention":
        for r in _rows(kg, "network-co-mention", lo, hi):
            person(str(r["speaker"]), str(r["speaker_name"]))
            person(str(r["mentioned"]), str(r["mentioned_name"]))
            link(str(r["speaker"]), str(r["mentioned"]), weight=int(r["statements"]))  # type: ignore[call-overload]
    elif kind == "interaction" and (indexed := _indexed_links(kg, lo, hi)) is not None:
        links, speakers = indexed  # kept per meeting by the derived index
        for iri, name in speakers.items():
            person(iri, name)
        for a, b, weight, sequence, response in links:
            link(a, b, weight=weight, sequence=sequence, response=response)
        _mark_kinds(g)
    elif kind == "interaction":
        kept = None if lo is None and hi is None else {  # the meetings in the period (None: all)
            str(r["meeting"]) for r in records(kg.query("meeting-dates"))
            if (lo is None or str(r["date"]) >= lo) and (hi is None or str(r["date"]) <= hi)}
        names = {iri: str(r["name"]) for iri, r in people.items()}
        turns = []
        for r in records(kg.query("network-turns")):
            if kept is not None and str(r["meeting"]) not in kept:
                continue
            for line in str(r["turns"] or "").split("\n"):
                position, item, speaker, verb = (line.split("\t") + ["", "", "", ""])[:4]
                if position and speaker:
                    turns.append({"meeting": r["meeting"], "item": item, "position": int(position), "speaker": speaker,
                                  "verb": verb, "speaker_name": names.get(speaker, "")})
        _interactions(g, turns, person, link)
    else:
        for r in _rows(kg, "network-person-concept", lo, hi):
            person(str(r["speaker"]), str(r["speaker_name"] or ""))
            g.add_node(str(r["concept"]))
            link(str(r["speaker"]), str(r["concept"]), weight=int(r["statements"]))  # type: ignore[call-overload]
        for c in _rows(kg, "network-concepts", lo, hi):
            iri = str(c["concept"])
            if iri in g:
                g.nodes[iri].update(label=str(c["label"]), kind="concept", statements=int(c["statements"]),  # type: ignore[call-overload]
                                    meetings=int(c["meetings"]), bipartite=1)  # type: ignore[call-overload]
    return g


def _interactions(g: nx.Graph, turns: list[dict[str, object]], person: Callable[..., None],
                  link: Callable[..., None]) -> None:
    """Sequence and response links from statements ordered by meeting and position."""
    by_item: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for r in turns:  # people in the order they first speak, item by item
        by_item[(str(r["meeting"]), str(r.get("item") or ""))].append(r)
    for rows in by_item.values():
        for r in sorted(rows, key=lambda r: int(r["position"])):  # type: ignore[call-overload]
            if r.get("speaker"):
                person(str(r["speaker"]), str(r.get("speaker_name") or ""))
    for links in meeting_links(turns).values():
        for (a, b), counts in links.items():
            link(a, b, **counts)
    _mark_kinds(g)


def _mark_kinds(g: nx.Graph) -> None:
    """An interaction link's kind: "response" when any reply is among its turns, else "sequence"."""
    for _, _, data in g.edges(data=True):
        data["kind"] = "response" if data.get("response") else "sequence"


def meeting_links(turns: Iterable[dict[str, object]]) -> dict[str, dict[tuple[str, str], dict[str, int]]]:
    """Each meeting's interaction links (speaker -> the one answered or followed) with their
    counts (weight, sequence, response), from its turns (meeting, item, position, speaker, verb):
    in each agenda item, a change of speaker links the new speaker to the previous one, as a
    response when the verb answers; a response by the same speaker links to the one before.
    Counts add up across meetings (the derived index keeps them per meeting).

    >>> t = [{"meeting": "m", "item": "", "position": i, "speaker": s, "verb": v}
    ...      for i, (s, v) in enumerate([("a", "said"), ("b", "replied"), ("a", "added")])]
    >>> meeting_links(t)["m"]
    {('b', 'a'): {'weight': 1, 'response': 1, 'sequence': 0}, ('a', 'b'): {'weight': 1, 'sequence': 1, 'response': 0}}
    """
    by_item: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for r in turns:
        by_item[(str(r["meeting"]), str(r.get("item") or ""))].append(r)
    out: dict[str, dict[tuple[str, str], dict[str, int]]] = {}
    for (meeting, _), rows in by_item.items():
        links = out.setdefault(meeting, {})

        def link(a: str, b: str, **counts: int) -> None:
            have = links.setdefault((a, b), {})
            for k, v in counts.items():
                have[k] = have.get(k, 0) + v
        rows.sort(key=lambda r: int(r["position"]))  # type: ignore[call-overload]
        previous: list[str] = []  # speakers in order, each change of speaker appended
        for r in rows:
            speaker = r.get("speaker")
            if not speaker:
                continue
            speaker = str(speaker)
            verb = str(r.get("verb") or "").split(" ")[0].lower()
            reply = verb in RESPONSE_VERBS
            if previous and previous[-1] != speaker:
                link(speaker, previous[-1], weight=1, **({"response": 1, "sequence": 0} if reply else {"sequence": 1, "response": 0}))
            elif reply and len(previous) > 1:
                link(speaker, previous[-2], weight=1, response=1, sequence=0)
            if not previous or previous[-1] != speaker:
                previous.append(speaker)
    return {m: links for m, links in out.items() if links}


def write_network(g: nx.Graph, fmt: str) -> bytes:
    """The graph as GEXF 1.2, GraphML or node-link JSON. Raises QueryError for another format."""
    if fmt == "json":
        return (json.dumps(nx.node_link_data(g), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    buf = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(g, buf)
    elif fmt == "graphml":
        nx.write_graphml(g, buf)
    else:
        raise QueryError(f"unknown network format '{fmt}'; choose one of {', '.join(FORMATS)}")
    return buf.getvalue()


@dataclass(frozen=True)
class Ranked:
    node: str
    label: str
    value: float


@dataclass(frozen=True)
class NetworkSummary:
    """Size, the most central nodes and the communities of a network."""

    kind: str
    nodes: int
    edges: int
    degree: tuple[Ranked, ...]  # degree centrality, highest first
    betweenness: tuple[Ranked, ...]  # betweenness centrality (unweighted shortest paths), highest first
    communities: tuple[tuple[str, ...], ...]  # labels, largest community first (greedy modularity, weighted)

    def as_text(self) -> str:
        lines = [f"{self.kind}: {self.nodes} nodes, {self.edges} edges", "", "degree centrality:"]
        lines += [f"  {r.value:.3f}  {r.label}" for r in self.degree]
        lines += ["", "betweenness centrality:"] + [f"  {r.value:.3f}  {r.label}" for r in self.betweenness]
        lines += ["", f"communities ({len(self.communities)}):"]
        lines += [f"  {i}. " + ", ".join(c) for i, c in enumerate(self.communities, 1)]
        return "\n".join(lines) + "\n"


def summarize(g: nx.Graph, *, top: int = 15) -> NetworkSummary:
    """Degree and betweenness centrality (top ``top``) and greedy-modularity communities."""
    label = lambda n: str(g.nodes[n].get("label", n))  # noqa: E731

    def ranked(scores: dict[str, float]) -> tuple[Ranked, ...]:
        best = sorted(scores.items(), key=lambda x: (-x[1], label(x[0])))[:top]
        return tuple(Ranked(n, label(n), round(v, 6)) for n, v in best)
    undirected = nx.Graph()
    undirected.add_nodes_from(g.nodes)
    for a, b, data in g.edges(data=True):
        w = data.get("weight", 1) + (undirected.edges[a, b]["weight"] if undirected.has_edge(a, b) else 0)
        undirected.add_edge(a, b, weight=w)
    if undirected.number_of_edges():
        groups = nx.community.greedy_modularity_communities(undirected, weight="weight")
    else:
        groups = [{n} for n in undirected.nodes]
    communities = tuple(tuple(sorted(label(n) for n in c)) for c in sorted(groups, key=lambda c: (-len(c), sorted(map(label, c)))))
    return NetworkSummary(str(g.graph.get("kind", "")), g.number_of_nodes(), g.number_of_edges(),
                          ranked(nx.degree_centrality(g)) if len(g) > 1 else (),
                          ranked(nx.betweenness_centrality(g)) if len(g) > 2 else (), communities)
