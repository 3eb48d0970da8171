"""Ingest: upload reports, see what was extracted before it is stored, then store it."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.components import md
from ingest.errors import IgfkgError, StoreError

st.title("Ingest")
st.caption(md(f"Reports are stored in {data.location()}. Each report replaces its meeting's graph, so storing the "
              "same report twice changes nothing."))
files = st.file_uploader("Meeting reports (" + ", ".join("." + t for t in data.upload_types()) + ")",
                         type=data.upload_types(), accept_multiple_files=True, key="ingest_files")
date = st.date_input("Meeting date, for a report that gives none", value=None, key="ingest_date")
if not files:
    st.info("Upload one or more summary reports to see what igfkg extracts from them.", icon=":material/upload_file:")
    st.stop()

ready = []
for f in files:
    try:
        x = data.extract_upload(f.getvalue(), f.name, date.isoformat() if date else None)
    except IgfkgError as e:
        st.error(md(f"{f.name}: {e.message if hasattr(e, 'message') else e}"), icon=":material/error:")
        continue
    ready.append(x)
    m = x.meeting
    number = f" #{m.number}" if m.number is not None else ""
    with st.expander(md(f"{f.name}: {m.series}{number}, {m.date.isoformat() if m.date else 'date unknown'}"), expanded=len(files) == 1):
        attributed = sum(1 for s in x.statements if s.speaker)
        cols = st.columns(5)
        cols[0].metric("Participants", len(x.participants))
        cols[1].metric("Statements", len(x.statements))
        cols[2].metric("With a speaker", attributed)
        cols[3].metric("Agenda items", len(x.agenda))
        cols[4].metric("Documents", len(x.documents))
        chair = x.person(m.moderator)
        st.markdown(md(f"Chair: {chair.name if chair else m.moderator_text or 'not found'} · "
                       f"{m.start_time or ''} {m.timezone or ''} · {m.mode or ''} · next meeting: {m.next_date or 'not given'}"))
        name = {p.key: p.name for p in x.participants}
        st.markdown("**Statements**")
        st.dataframe([{"#": s.position, "item": s.item, "speaker": name.get(s.speaker, s.speaker), "verb": s.verb,
                       "text": s.text, "concepts": " | ".join(dict.fromkeys(c.label for c in s.concepts)),
                       "why no speaker": None if s.speaker else s.resolution} for s in x.statements],
                     hide_index=True, width="stretch")
        st.markdown("**Participants**")
        st.dataframe([{"name": p.name, "as written": p.as_written, "roles": " | ".join(r.label for r in p.roles),
                       "affiliation": p.affiliation} for p in x.participants], hide_index=True, width="stretch")
        if x.agenda:
            st.markdown("**Agenda**")
            st.dataframe([{"item": a.id, "printed": a.printed, "title": a.title} for a in x.agenda], hide_index=True)
        if x.decisions or x.actions:
            st.markdown("**Decisions and action items**")
            st.dataframe([{"kind": "decision", "text": d.text} for d in x.decisions]
                         + [{"kind": "action item", "text": a.task, "assignee": name.get(a.assignee, a.assignee),
                             "due": a.due.isoformat() if a.due else None} for a in x.actions], hide_index=True)

if ready and st.button(f"Store {len(ready)} report{'s' if len(ready) != 1 else ''}", key="ingest_store", type="primary",
                       icon=":material/save:"):
    try:
        with st.spinner("Storing..."):
            results = data.store_reports([x.report for x in ready], date=date)
    except StoreError as e:
        st.error(md(e.message if hasattr(e, "message") else str(e)), icon=":material/lock:")
    else:
        for path, result in results:
            if isinstance(result, IgfkgError):
                st.error(md(f"{path}: not stored: {result}"))
            else:
                st.success(md(f"{path}: stored {result.triples} triples in {result.graph}"), icon=":material/check:")
