"""Topics over time: statements per concept per month, quarter or year (line or heat map; the
period starts from the archive's span) for the concepts picked, and a speaker x concept heat map."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.components import empty_state

st.title("Topics over time")
years = data.rows("topic-periods", by="year")
if not years:
    empty_state("statements naming a concept")
    st.stop()
periods = ["month", "quarter", "year"]
default = charts.default_period(str(r["period"]) for r in years)
c0, c1, c2, c3 = st.columns([1, 4, 1, 1])
by = c0.segmented_control("By", periods, default=default, key="topics_by") or default
timeline = years if by == "year" else data.rows("topic-periods", by=by)
totals: dict[str, int] = {}
for r in years:
    totals[r["label"]] = totals.get(r["label"], 0) + int(r["statements"])
ranked = sorted(totals, key=lambda k: (-totals[k], k))
picked = c1.multiselect("Concepts", ranked, default=ranked[:5], key="topics_concepts",
                        format_func=lambda k: f"{k} ({totals[k]})")
kind = c2.segmented_control("Chart", ["line", "heatmap"], default="line", key="topics_chart",
                            format_func={"line": "Lines", "heatmap": "Heat map"}.get) or "line"
value = c3.segmented_control("Count", ["statements", "meetings"], default="statements", key="topics_value") or "statements"
if picked:
    st.altair_chart(charts.period_timeline(timeline, picked, kind=kind, value=value), width="stretch")
else:
    st.caption("Pick one or more concepts.")

st.subheader("Who talks about what")
pairs = data.rows("speaker-concepts")
concepts = picked or ranked[:10]
top_n = st.slider("Speakers shown", 5, 50, 20, step=5, key="topics_speakers")
rows = [r for r in pairs if r["label"] in concepts]
volume: dict[str, int] = {}
for r in rows:
    volume[r["speaker_name"]] = volume.get(r["speaker_name"], 0) + int(r["statements"])
keep = set(sorted(volume, key=lambda k: (-volume[k], k))[:top_n])
rows = [r for r in rows if r["speaker_name"] in keep]
if rows:
    st.altair_chart(charts.heatmap(rows, "label", "speaker_name", "statements", x_title="concept", y_title="speaker"),
                    width="stretch")
else:
    st.caption("No attributed statement names these concepts.")
