"""SPARQL: an editor with the named queries as examples (parameters filled from pickers and bound,
never pasted), results as a table with CSV and JSON downloads and a chart; read-only, with a time limit."""
from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from dashboard import charts, data
from dashboard.components import md, meeting_label, to_csv
from ingest.errors import IgfkgError, QueryError
from ontology import PREFIXES
from queries.run import Param, named_queries, parse_header

OWN = "(your own query)"
st.title("SPARQL")
examples = named_queries()
if "sparql_text" not in st.session_state:  # start from the meetings query
    first = "meetings" if "meetings" in examples else next(iter(examples), OWN)
    st.session_state["sparql_example"] = first
    st.session_state["sparql_text"] = examples[first].sparql if first in examples else ""


def load_example() -> None:
    name = st.session_state["sparql_example"]
    if name in examples:
        st.session_state["sparql_text"] = examples[name].sparql
    st.session_state.pop("sparql_result", None)


st.selectbox("Example", [OWN, *examples], key="sparql_example", on_change=load_example,
             format_func=lambda n: n if n == OWN else f"{n}: {examples[n].title}")
if st.session_state["sparql_example"] in examples:
    st.caption(md(examples[st.session_state["sparql_example"]].description))
text = st.text_area("Query", key="sparql_text", height=260,
                    help=f"Prefixes {', '.join(PREFIXES)} are predeclared (the same as for 'igfkg sparql' and "
                         "'igfkg serve'). Declare parameters with '# param: NAME TYPE description' lines.")

# ---- parameters from pickers -------------------------------------------------------------------
def pick(col, p: Param, rows: list[dict], *, iri: str, name: str, key: str, hint: str) -> str:
    """A picker for parameter ``p`` over ``rows`` (people or vocabulary), in their order (the first is the
    default): for an iri parameter the ``iri`` column shown by the ``name`` column; else a ``name``, new
    ones allowed."""
    if p.type == "iri":
        return col.selectbox(p.name, [r[iri] for r in rows], key=key, help=hint,
                             format_func={r[iri]: r[name] for r in rows}.get)
    return col.selectbox(p.name, list(dict.fromkeys(str(r[name]) for r in rows)), key=key, help=hint,
                         accept_new_options=True) or ""


try:
    declared = parse_header("query", text).params
except QueryError as e:
    declared = ()
    st.error(md(str(e)))
values: dict[str, str] = {}
if declared:
    st.markdown("**Parameters** (bound to the query, never pasted into it)")
    cols = st.columns(min(3, len(declared)))
for i, p in enumerate(declared):
    key, col = f"sparql_param_{p.name}_{p.type}", cols[i % len(cols)]
    label, hint = p.name, p.description or p.type
    if p.type == "iri" and p.name == "meeting" and (ms := data.rows("meetings")):
        values[p.name] = col.selectbox(label, [m["meeting"] for m in reversed(ms)], key=key, help=hint,
                                       format_func={m["meeting"]: meeting_label(m) for m in ms}.get)
    elif p.name == "person" and (people := data.rows("people")):
        speakers_first = sorted(people, key=lambda r: (-int(r.get("statements") or 0), str(r["name"])))  # who spoke
        values[p.name] = pick(col, p, speakers_first, iri="person", name="name", key=key, hint=hint)
    elif p.name == "concept" and (vocab := data.rows("vocabulary")):
        values[p.name] = pick(col, p, sorted(vocab, key=lambda r: str(r["label"])), iri="concept", name="label",
                              key=key, hint=hint)
    elif p.type == "date":
        values[p.name] = col.date_input(label, value=dt.date.today(), key=key, help=hint).isoformat()
    elif p.type == "integer":
        values[p.name] = str(int(col.number_input(label, value=6, step=1, key=key, help=hint)))
    else:
        values[p.name] = col.text_input(label, key=key, help=hint)

left, right = st.columns([1, 4], vertical_alignment="bottom")
limit = left.number_input("Time limit (s)", min_value=1.0, max_value=300.0, value=data.DEFAULT_TIMEOUT_S, step=1.0,
                          key="sparql_timeout")
if right.button("Run", key="sparql_run", type="primary", icon=":material/play_arrow:"):
    try:
        st.session_state["sparql_result"] = data.run_limited(text, values, timeout=float(limit))
    except IgfkgError as e:
        st.session_state["sparql_result"] = e

# ---- results -----------------------------------------------------------------------------------
result = st.session_state.get("sparql_result")
if isinstance(result, IgfkgError):
    st.error(md(str(result.message if hasattr(result, "message") else result)), icon=":material/block:")
elif result is not None:
    st.caption(f"{len(result.records)} row{'s' if len(result.records) != 1 else ''} in {result.seconds:.2f} s")
    st.dataframe(result.records, hide_index=True, width="stretch", column_order=list(result.columns))
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button("CSV", to_csv(result.columns, result.records), file_name="igfkg-query.csv", mime="text/csv",
                       key="sparql_csv", on_click="ignore", icon=":material/download:")
    c2.download_button("JSON", json.dumps(result.records, ensure_ascii=False, indent=1), file_name="igfkg-query.json",
                       mime="application/json", key="sparql_json", on_click="ignore", icon=":material/download:")
    chart = charts.result_chart(result.columns, result.records)
    if chart is not None:
        st.altair_chart(chart, width="stretch")
