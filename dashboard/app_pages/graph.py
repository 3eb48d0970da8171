"""Who said what: a network of people, concepts (or statements) and meetings, filterable by
meeting, dates, person, concept and role; selecting a node lists its statements."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import charts, data
from dashboard.components import empty_state, md, meeting_label, split

MAX_NODES = 150
st.title("Who said what")
meetings = data.rows("meetings")
if not meetings:
    empty_state("meetings")
    st.stop()

dates = sorted(dt.date.fromisoformat(str(m["date"])[:10]) for m in meetings)
default_start = dates[max(0, len(dates) - 8)]  # the latest eight meetings
with st.container(border=True):
    c1, c2 = st.columns([2, 3])
    period = c1.date_input("Meeting dates", value=(default_start, dates[-1]), min_value=dates[0], max_value=dates[-1],
                           key="graph_dates")
    mode = c2.segmented_control("Show", ["concepts", "statements"], default="concepts", key="graph_mode",
                                format_func=lambda m: {"concepts": "People, concepts and meetings",
                                                       "statements": "People, statements and meetings"}[m])
    picked = [d for d in (period if isinstance(period, (tuple, list)) else [period]) if d]
    start, end = (picked + picked)[:2] if picked else (default_start, dates[-1])  # one date picked: that day
    links = data.rows("statement-links-in-period", start=start.isoformat(), end=end.isoformat())
    in_range = [m for m in meetings if start.isoformat() <= str(m["date"]) <= end.isoformat()]
    people = dict(sorted({(r["speaker"], r["speaker_name"]) for r in links if r.get("speaker")}, key=lambda x: str(x[1])))
    concepts = dict(sorted({(r["concept"], r["label"]) for r in links if r.get("concept")}, key=lambda x: str(x[1])))
    roles = sorted({x for r in links for x in split(r.get("roles"))})
    c1, c2, c3, c4 = st.columns(4)
    f_meetings = c1.multiselect("Meetings", [m["meeting"] for m in in_range], key="graph_meetings",
                                format_func={m["meeting"]: meeting_label(m) for m in in_range}.get)
    f_people = c2.multiselect("People", list(people), format_func=people.get, key="graph_people")
    f_concepts = c3.multiselect("Concepts", list(concepts), format_func=concepts.get, key="graph_concepts")
    f_roles = c4.multiselect("Roles", roles, key="graph_roles")

filters = charts.Filters(frozenset(f_meetings), frozenset(f_people), frozenset(f_concepts), frozenset(f_roles))
full = charts.build_network(links, mode or "concepts", filters)
if not full.number_of_nodes():
    st.info("Nothing to draw for these filters: widen the dates or clear a filter.")
    st.stop()
g = charts.prune(full, MAX_NODES)
if g.number_of_nodes() < full.number_of_nodes():
    st.caption(f"Showing the {MAX_NODES} most active of {full.number_of_nodes()} nodes; narrow the filters to see the rest.")
nodes, edges = charts.layout(g)
event = st.altair_chart(charts.network_chart(nodes, edges, labels=g.number_of_nodes() <= 80), key="graph_chart",
                        on_select="rerun", selection_mode="node", width="stretch")
clicked = [p.get("id") for p in (event.selection.get("node") or [])] if event and hasattr(event, "selection") else []
order = sorted(g.nodes, key=lambda n: (-g.nodes[n]["statements"], n))
if clicked and clicked[0] in g and clicked[0] != st.session_state.get("graph_clicked"):  # a new click picks the node
    st.session_state["graph_node"] = st.session_state["graph_clicked"] = clicked[0]
node = st.selectbox("Node (or click one in the chart)", order, key="graph_node",
                    format_func=lambda n: f"{g.nodes[n]['kind']}: {g.nodes[n]['label']} ({g.nodes[n]['statements']})")

kind, _, iri = node.partition(":")
field = {"person": "speaker", "concept": "concept", "meeting": "meeting", "statement": "statement"}[kind]
said = {}
for r in links:
    if r.get(field) == iri and charts.keep(r, filters):
        said.setdefault(r["statement"], r)
st.subheader(md(f"{g.nodes[node]['label']}: {len(said)} statement{'s' if len(said) != 1 else ''}"))
st.dataframe([{"date": r["date"], "series": r["series"], "#": r["position"], "speaker": r["speaker_name"], "text": r["text"]}
              for r in said.values()], hide_index=True, width="stretch")
