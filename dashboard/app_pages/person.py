"""Person: roles over time, meetings attended, everything said with its source, the concepts
they raise most and the people they most often meet."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data
from dashboard.components import concept_counts, empty_state, go, md, picker, quote_html

st.title("Person")
people = data.rows("people")
if not people:
    empty_state("people")
    st.stop()
labels = {p["person"]: f"{p['name']} ({p['statements']} statements, {p['meetings']} meetings)" for p in people}
iri = picker("Person", [p["person"] for p in people], labels, key="person_pick", goto="goto_person", param="person")
person = next(p for p in people if p["person"] == iri)
attended = data.rows("person-meetings", person=iri)
said = data.rows("person-statements", person=iri)

st.header(md(person["name"]))
cols = st.columns(3)
cols[0].metric("Meetings attended", len(attended))
cols[1].metric("Statements", len(said))
cols[2].metric("Meetings spoken at", len({s["meeting"] for s in said}))

st.subheader("Roles and meetings over time")
st.dataframe([{"date": m["date"], "series": m["series"], "number": m["number"], "roles (as written)": m["roles"],
               "roles": m["normalised_roles"], "affiliation": m["affiliation"], "statements": m["statements"]}
              for m in reversed(attended)], hide_index=True, width="stretch")
if attended:
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    meeting = left.selectbox("Meeting", [m["meeting"] for m in reversed(attended)], key="person_meeting",
                             format_func=lambda m: next(f"{a['date']} · {a['series']}" for a in attended if a["meeting"] == m))
    if right.button("Open meeting", key="person_open_meeting"):
        go("app_pages/meeting.py", "goto_meeting", meeting)

left, right = st.columns(2)
with left:
    st.subheader("Concepts raised most")
    counts = [{"concept": c, "statements": n} for c, n in concept_counts(said)]
    if counts:
        st.altair_chart(charts.bar(counts, "concept", "statements", top=10), width="stretch")
    else:
        st.caption("No concept of the vocabulary in their statements.")
with right:
    st.subheader("Most often in the same meetings")
    peers = data.rows("co-attendees", person=iri)[:10]
    if peers:
        st.altair_chart(charts.bar(peers, "name", "meetings", top=10), width="stretch")
    else:
        st.caption("No one else attended their meetings.")

st.subheader("Everything said")
if not said:
    st.caption("The reports attribute no statement to this person.")
shown = st.slider("Statements shown", 10, max(10, len(said)), min(50, max(10, len(said))), step=10,
                  key="person_limit") if len(said) > 10 else len(said)
for s in list(reversed(said))[:shown]:
    item = f", item {md(s['item'])} {md(s['item_title'])}" if s.get("item") else ""
    verb = f" · *{md(s['verb'])}*" if s.get("verb") else ""
    st.markdown(f"**{md(s['date'])}** · {md(s['series'])}{item}{verb}: {md(s['text'])}")
    st.html(quote_html(s))
    st.caption(md(f"Source: {s.get('report') or 'report'}, characters {s['start']}\u2013{s['end']}"
                  + (f"; concepts: {s['concepts']}" if s.get("concepts") else "")))
