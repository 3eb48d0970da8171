"""Overview: the meetings in the store, counts, the most active speakers and most discussed processes."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.components import empty_state, go, md, meeting_label, ranked_bars

st.title("Overview")
meetings = data.rows("meetings")
if not meetings:
    empty_state("meetings")
    st.stop()

people = data.rows("people")
concepts = data.rows("concepts")
speakers = [p for p in people if p["statements"]]
named = [c for c in concepts if c["statements"]]
cols = st.columns(4)
cols[0].metric("Meetings", len(meetings))
cols[1].metric("People", len(people))
cols[2].metric("Statements", sum(int(m["statements"] or 0) for m in meetings))
cols[3].metric("Concepts named", len(named))

st.subheader("Meetings")
st.caption("Select a row (or pick below) to open the meeting.")
table = [{"date": m["date"], "series": m["series"], "number": m["number"], "chair": m["moderator_name"],
          "participants": m["participants"], "statements": m["statements"]} for m in reversed(meetings)]
by_row = [m["meeting"] for m in reversed(meetings)]
event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                     selection_mode="single-row", key="overview_meetings")
picked = event.selection.rows if event and hasattr(event, "selection") else []
if picked:
    go("app_pages/meeting.py", "goto_meeting", by_row[picked[0]])
labels = {m["meeting"]: meeting_label(m) for m in meetings}
left, right = st.columns([4, 1], vertical_alignment="bottom")
choice = left.selectbox("Meeting", by_row, format_func=lambda m: labels[m], key="overview_meeting")
if right.button("Open", key="overview_open", icon=":material/open_in_new:"):
    go("app_pages/meeting.py", "goto_meeting", choice)

left, right = st.columns(2)
with left:
    st.subheader("Most active speakers")
    if speakers:
        ranked_bars(speakers, "name", kind="person", key="overview", choices=50)
    else:
        st.write("No statement has a speaker yet.")
with right:
    st.subheader("Most discussed processes and topics")
    if named:
        ranked_bars(named, "label", kind="concept", key="overview")
    else:
        st.write("No statement names a concept of the vocabulary yet.")
st.caption(md(f"{len(speakers)} people spoke; {len(people) - len(speakers)} are listed but never quoted."))
