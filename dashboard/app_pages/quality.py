"""Data quality: the SHACL report, statements without a speaker and why, names the discussion uses
that the participant lists lack, participants who never speak, and unknown acronyms."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from ingest.coverage import THRESHOLD as COVERAGE_THRESHOLD
from dashboard.components import empty_state, reason_kind, unknown_acronyms, unlisted_names

SECTIONS = {"unattributed": "Statements without a speaker", "unlisted": "Names not in the participant list",
            "silent": "Participants who never speak", "coverage": "Text not extracted", "undated": "Undated meetings",
            "acronyms": "Unknown acronyms", "shacl": "SHACL validation"}
st.title("Data quality")
if not data.rows("meetings"):
    empty_state("meetings")
    st.stop()
section = st.segmented_control("Check", list(SECTIONS), format_func=SECTIONS.get, default="unattributed",
                               key="quality_section") or "unattributed"

if section == "unattributed":
    rows = data.rows("unattributed")
    st.caption(f"{len(rows)} statements have no speaker. The reason is recorded at extraction.")
    reasons: dict[str, int] = {}
    for r in rows:
        why = reason_kind(r["reason"])
        reasons[why] = reasons.get(why, 0) + 1
    st.dataframe([{"reason": k, "statements": v} for k, v in sorted(reasons.items(), key=lambda x: -x[1])],
                 hide_index=True)
    st.dataframe([{"date": r["date"], "item": r["item"], "text": r["text"], "written": r["written"], "reason": r["reason"]}
                  for r in rows], hide_index=True, width="stretch")

elif section == "unlisted":
    rows = unlisted_names(data.rows("unattributed"))
    st.caption("Speakers the discussion names but the meeting's participant list does not have (their statements "
               "are left without a speaker). Add them to the list, or an alias, and ingest again.")
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", column_order=["name", "date", "statements", "meeting"])
    else:
        st.success("Every name the discussions use is on a participant list.")

elif section == "silent":
    rows = [r for r in data.rows("attendance") if not r["statements"]]
    st.caption(f"{len(rows)} participant-list entries with no statement in that meeting: they did not speak, or the "
               "report names them in a way that was not resolved.")
    counts: dict[str, list] = {}
    for r in rows:
        counts.setdefault(r["person"], []).append(r)
    st.dataframe([{"name": v[0]["name"], "silent meetings": len(v), "last": max(str(x["date"]) for x in v),
                   "roles": v[-1]["roles"]} for v in sorted(counts.values(), key=lambda v: -len(v))],
                 hide_index=True, width="stretch")

elif section == "coverage":
    rows = data.rows("coverage")
    low = [r for r in rows if float(r["coverage"]) < COVERAGE_THRESHOLD]
    st.caption(f"{len(low)} of {len(rows)} reports have less than {COVERAGE_THRESHOLD:.0%} of their discussion's text in a "
               "statement, agenda item or list entry: the extraction dropped some of their text.")
    if low:
        st.dataframe([{"report": r["report"], "coverage": f"{float(r['coverage']):.1%}", "statements": r["statements"],
                       "meeting": r["meeting"]} for r in low], hide_index=True, width="stretch")
    else:
        st.success(f"Every report has at least {COVERAGE_THRESHOLD:.0%} of its discussion extracted.")

elif section == "undated":
    rows = data.rows("undated-meetings")
    st.caption("Meetings whose record gives no date: set it with `igfkg ingest REPORT --date YYYY-MM-DD`.")
    if rows:
        st.dataframe([{"report": r["report"], "series": r["series"], "title": r["title"], "statements": r["statements"]}
                      for r in rows], hide_index=True, width="stretch")
    else:
        st.success("Every meeting has a date.")

elif section == "acronyms":
    labels = [str(r["label"]) for r in data.rows("vocabulary-labels")]
    names = [str(r["value"]) for r in data.rows("person-names")]
    rows = unknown_acronyms(data.rows("acronym-texts"), labels, names)
    st.caption("Acronyms in statements and agenda titles that are no label of the vocabulary and no person's name: "
               "processes or bodies that may be missing from ontology/vocabulary.ttl.")
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.success("No unknown acronym.")

else:
    st.caption("Checks everything in the store against ontology/shapes.ttl (this can take a while on a large store).")
    if st.button("Validate the store", key="quality_validate", icon=":material/rule:"):
        with st.spinner("Validating..."):
            report = data.kg().validate()
        st.session_state["quality_report"] = (len(report.violations), report.conforms,
                                              [{"severity": v.severity, "focus": v.focus, "path": v.path,
                                                "message": v.message} for v in report.violations])
    if "quality_report" in st.session_state:
        count, conforms, violations = st.session_state["quality_report"]
        if conforms:
            st.success("The store conforms to the shapes.")
        else:
            st.error(f"The store does not conform: {count} violation(s).")
            st.dataframe(violations, hide_index=True, width="stretch")
