"""Meeting: header facts, the agenda with each item's statements (speaker, role, speech act,
concepts, source), documents shared, decisions and action items, and attendees who did not speak."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.components import chips, empty_state, go, highlight_html, md, meeting_label, mode_label, paragraphs, \
    picker, safe_url, split

st.title("Meeting")
meetings = data.rows("meetings")
if not meetings:
    empty_state("meetings")
    st.stop()
labels = {m["meeting"]: meeting_label(m) for m in meetings}
iri = picker("Meeting", [m["meeting"] for m in reversed(meetings)], labels, key="meeting_pick", goto="goto_meeting",
             param="meeting")
head = (data.rows("meeting", meeting=iri) or [{}])[0]
statements = data.rows("meeting-statements", meeting=iri)
agenda = data.rows("meeting-agenda", meeting=iri)
attendees = data.rows("meeting-attendees", meeting=iri)

# ---- header ------------------------------------------------------------------------------------
number = f" #{head['number']}" if head.get("number") is not None else ""
st.header(md(f"{head.get('series', '')}{number}"))
when = " ".join(str(x) for x in (head.get("date"), head.get("start_time"), head.get("timezone")) if x)
facts = [("Date", when), ("Mode", mode_label(head.get("mode"))), ("Chair", head.get("moderator_name")),
         ("Recording", head.get("recording")),
         ("Next meeting", " ".join(str(x) for x in (head.get("next_date"), head.get("next_time")) if x)),
         ("Report", head.get("report"))]
st.markdown("  \n".join(f"**{k}:** {md(v)}" for k, v in facts if v))
cols = st.columns(3)
cols[0].metric("Participants", head.get("participants", 0))
cols[1].metric("Statements", head.get("statements", 0))
cols[2].metric("Speakers", len({s["speaker"] for s in statements if s.get("speaker")}))

# ---- agenda and statements ---------------------------------------------------------------------
st.subheader("Agenda and discussion")
sources = paragraphs(statements)
by_item: dict[str | None, list[dict]] = {}
for s in statements:
    by_item.setdefault(s.get("item"), []).append(s)
order = [a["item"] for a in agenda]
extra = [k for k in by_item if k not in order]
items = ([(None, "Before the agenda", [])] if None in extra else []) \
    + [(a["item"], f"{a['printed']} {a['title']}", split(a.get("concepts"))) for a in agenda] \
    + [(k, f"Item {k}", []) for k in extra if k is not None]


def show_statement(s: dict) -> None:
    who = f"**{md(s['speaker_name'])}**" if s.get("speaker_name") else "*no speaker*"
    role = f" ({md(s['roles'])})" if s.get("roles") else ""
    act = f" · *{md(s['verb'])}*" if s.get("verb") else ""
    act += f" ({md(s['speech_act'])})" if s.get("speech_act") else ""
    st.markdown(f"{s['position']}. {who}{role}{act}: {md(s['text'])}")
    if s.get("concepts"):
        st.markdown(chips(split(s["concepts"])))
    para = sources.get(int(s["position"]))
    with st.expander(f"Source of statement {s['position']} (characters {s['start']}\u2013{s['end']})"):
        if para:
            start, end = para.spans[int(s["position"])]
            st.html(highlight_html(para.text, start, end))
        if not s.get("speaker") and s.get("attribution"):
            st.caption(f"No speaker: {md(s['attribution'])}")


for item, title, concepts in items:
    st.markdown(f"#### {md(title)}")
    if concepts:
        st.markdown(chips(concepts, "orange"))
    for s in by_item.get(item, []):
        show_statement(s)
    if not by_item.get(item):
        st.caption("No statements under this item.")

# ---- documents, decisions, action items, silent attendees --------------------------------------
left, right = st.columns(2)
with left:
    st.subheader("Documents and links shared")
    docs = data.rows("meeting-documents", meeting=iri)
    if docs:
        st.dataframe([{"item": d["item"], "title": d["title"], "link": safe_url(d["url"]), "shared by": d["shared_by"],
                       "sentence": d["text"]} for d in docs], hide_index=True, width="stretch",
                     column_config={"link": st.column_config.LinkColumn("link")})
    else:
        st.caption("None recorded.")
with right:
    st.subheader("Decisions and action items")
    outcomes = data.rows("meeting-outcomes", meeting=iri)
    if outcomes:
        st.dataframe([{"kind": o["kind"], "item": o["item"], "what": o["task"] or o["text"], "assignee": o["assignee"],
                       "due": o["due"]} for o in outcomes], hide_index=True, width="stretch")
    else:
        st.caption("None recorded.")

st.subheader("Attendees who did not speak")
silent = [a for a in attendees if not a["statements"]]
if silent:
    st.dataframe([{"name": a["name"], "roles": a["roles"], "affiliation": a["affiliation"]} for a in silent],
                 hide_index=True, width="stretch")
else:
    st.caption("Everyone listed spoke." if attendees else "The report has no participant list.")
speakers = sorted({(s["speaker"], s["speaker_name"]) for s in statements if s.get("speaker")}, key=lambda x: str(x[1]))
if speakers:
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    who = left.selectbox("Speaker", [p for p, _ in speakers], format_func=dict(speakers).get, key="meeting_person")
    if right.button("Open person", key="meeting_open_person"):
        go("app_pages/person.py", "goto_person", who)
