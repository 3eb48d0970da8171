"""Process / topic: a concept's labels and definition, who raised it, when and in what words,
its first and latest mention."""
from __future__ import annotations

from collections import Counter

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import chips, empty_state, md, picker, ranked_bars, split

st.title("Process / topic")
vocabulary = data.rows("vocabulary")
if not vocabulary:
    empty_state("vocabulary")
    st.stop()
counts = {c["concept"]: c for c in data.rows("concepts")}
order = sorted(vocabulary, key=lambda c: (-int(counts.get(c["concept"], {}).get("statements") or 0), str(c["label"])))
labels = {c["concept"]: f"{c['label']} ({counts.get(c['concept'], {}).get('statements', 0)} statements name it)" for c in order}
iri = picker("Concept", [c["concept"] for c in order], labels, key="concept_pick", goto="goto_concept", param="concept")
concept = next(c for c in vocabulary if c["concept"] == iri)

st.header(md(concept["label"]))
other = split(concept.get("alt_labels")) + split(concept.get("hidden_labels"))
st.markdown(" ".join(x for x in [f"**{md(concept.get('kind') or 'concept')}**",
                                  f"· narrower than {md(concept['broader'])}" if concept.get("broader") else ""] if x))
if other:
    st.markdown("Also written: " + chips(other, "gray"))
if concept.get("definition"):
    st.markdown(f"> {md(concept['definition'])}")

everything = data.rows("concept-statements", concept=iri)
narrower = sorted({s["named"] for s in everything} - {concept["label"]})
wide = st.toggle(md(f"Include its narrower concepts ({', '.join(narrower)})") if narrower else "Include narrower concepts",
                 value=False, key="concept_narrower", disabled=not narrower)
merged: dict[tuple, dict] = {}
for s in everything:  # a statement naming two of the concepts comes once, with both names
    if wide or s["named"] == concept["label"]:
        key = (s["meeting"], s["position"])
        merged[key] = {**s, "named": f"{merged[key]['named']} | {s['named']}"} if key in merged else s
said = list(merged.values())
if not said:
    st.info("No statement in the store names this concept yet." + (" Include its narrower concepts to see theirs." if narrower else ""))
    st.stop()
first, last = said[0], said[-1]
cols = st.columns(4)
cols[0].metric("Statements", len(said))
cols[1].metric("Meetings", len({s["meeting"] for s in said}))
cols[2].metric("First mention", str(first["date"]))
cols[3].metric("Latest mention", str(last["date"]))
for title, s in (("First mention", first), ("Latest mention", last)):
    who = md(s["speaker_name"]) if s.get("speaker_name") else "*no speaker*"
    st.markdown(f"**{title}** ({md(s['date'])}, {md(s['series'])}) by {who}: {md(s['text'])}")

left, right = st.columns(2)
with left:
    st.subheader("Who raised it")
    raised = Counter((s["speaker"], s["speaker_name"]) for s in said if s.get("speaker"))
    top = [{"person": p, "name": n, "statements": k} for (p, n), k in raised.most_common()]
    if top:
        ranked_bars(top, "name", kind="person", key="concept")
    else:
        st.caption("No statement about it has a speaker.")
with right:
    st.subheader("When")
    per_date = Counter(str(s["date"]) for s in said)
    df = pd.DataFrame(sorted(per_date.items()), columns=["date", "statements"])
    st.altair_chart(alt.Chart(df).mark_bar().encode(x="date:T", y="statements:Q", tooltip=["date", "statements"]),
                    width="stretch")

st.subheader("In what words")
st.dataframe([{"date": s["date"], "series": s["series"], "item": s["item"], "speaker": s["speaker_name"], "verb": s["verb"],
               "text": s["text"], "names": s["named"]} for s in reversed(said)],
             hide_index=True, width="stretch")
