"""Every extraction conforms to the shapes: a record the extractor reads must never be refused for
a graph it built wrong. Property-based: records put together from the layouts of the field (title
lines with or without a date, agendas numbered 1/I/a) and nested lists restarting at 1, headings
that repeat the agenda, lists of people at the top, the bottom or inline, turns, sections left out)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.emit import emit
from ingest.pipeline import extract_text
from ingest.validate import validate_report

PEOPLE = ["Ana Lima", "Kwame Mensah-Bonsu", "Jan van der Berg", "Lynn St. Amour", "Ó Briain, Cathal", "K. Ito",
          "Zoë Lindqvist", "Ahmad bin Ismail"]
TITLES = ["MAG Working Group on Outreach", "IGFSA Executive Committee", "GNSO Council Teleconference Minutes",
          "NRIs Virtual Meeting VIII", "Privacy Interest Group Teleconference"]
DATES = ["3 June 2025", "JUNE 3, 2025", "Tuesday, 3 June 2025", "2025-06-03", "3-4 June 2025", ""]


@st.composite
def records(draw) -> str:
    parts = [draw(st.sampled_from(TITLES))]
    date = draw(st.sampled_from(DATES))
    if date:
        parts.append(date + draw(st.sampled_from(["", " at 14:00 UTC", ", 13:00 p.m. UTC"])))
    people = draw(st.lists(st.sampled_from(PEOPLE), min_size=0, max_size=5, unique=True))
    roles = draw(st.lists(st.sampled_from(["", " (Chair)", ", Co-Chair", " - Registrars", " (Government of Kenya)"]),
                          min_size=len(people), max_size=len(people)))
    entries = [p + r for p, r in zip(people, roles)]
    place = draw(st.sampled_from(["top", "bottom", "inline", "none"]))
    if place == "top" and entries:
        parts.append("Present: " + "; ".join(entries))
    if place == "inline" and entries:
        parts.append("The meeting took place online with the following participants: " + ", ".join(p for p in people) + ".")
    style = draw(st.sampled_from(["arabic", "roman", "nested", "none"]))
    items = ["Welcome", "Update on the WSIS+20 review", "Any other business"]
    if style == "arabic":
        parts.append("Agenda\n\n" + "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1)))
    elif style == "roman":
        parts.append("Agenda\n\n" + "\n".join(f"{n}. {t}" for n, t in zip(["I", "II", "III"], items)))
    elif style == "nested":
        parts.append("Agenda\n\n1. Welcome\n2. Updates\n   1. GDC\n   2. NRIs\n3. Any other business")
    body = []
    for i, item in enumerate(items, 1):
        if draw(st.booleans()):
            heading = {"roman": ["I", "II", "III"][i - 1], "none": ""}.get(style, str(i))
            body.append(f"{heading}. {item}".lstrip(". "))
        speaker = draw(st.sampled_from(people + ["The Chair", "The Secretariat", "It"])) if people else "It"
        speaker = speaker.split(",")[0]
        if draw(st.booleans()) and people:
            body.append(f"{speaker.split()[0]}: I think we should move on. The NRIs agree.")
        else:
            body.append(f"{speaker} noted that the GDC matters. She added that it was discussed.\n"
                        f"  - first point\n  - second point")
    parts.append(draw(st.sampled_from(["Discussion", "Summary of key points", "Meeting minutes", ""])))
    parts += body
    if place == "bottom" and entries:
        parts.append("List of participants\n\n" + "\n".join(entries))
    if draw(st.booleans()):
        parts.append("Next meeting: 17 June 2025")
    return "\n\n".join(p for p in parts if p) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_conformance_every_extraction_conforms_to_the_shapes(text):
    x = extract_text(text, path="generated.txt")
    _, graph = emit(x)
    report = validate_report(graph)
    assert report.conforms, (text, [(v.focus, v.path, v.message) for v in report.violations][:5])
    assert all(p.span.start < p.span.end for p in x.participants), text
    assert all(s.span.start < s.span.end and s.text for s in x.statements), text
