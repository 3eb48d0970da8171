"""The dashboard under Streamlit's AppTest: every page on the seed store and on empty stores,
key widgets driven by their keys, the SPARQL page's guards, ingesting an upload, and report text
with HTML or script shown as text on every page. Pure helpers are tested without Streamlit."""
from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard import charts, components  # noqa: E402
from dashboard.app import PAGE_FILES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
SEED_MEETING = "https://w3id.org/igfkg/id/meeting/mag-working-group-on-igf-strengthening-and-strategy/2025-07-17"
KNOWN_STATEMENT = "Jimson noted that the Informal Multistakeholder Sounding Board held a kick-off meeting"
# ---- fixtures (tests/conftest.py has seed_store and seed_path) ----------------------------------
@pytest.fixture(autouse=True)
def fresh_caches():
    import streamlit as st
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    gc.collect()  # close read-only stores the cache held


@pytest.fixture
def empty_store(tmp_path) -> Path:
    """A store holding the vocabulary and no report."""
    from igfkg.core import Igfkg
    kg = Igfkg(str(tmp_path / "empty"))
    kg.store.flush()
    del kg
    return tmp_path / "empty"


@pytest.fixture
def open_app(monkeypatch):
    """open_app(store, page) -> an AppTest that has run ``page`` on ``store``."""
    def run(store: Path, page: str = "app_pages/overview.py") -> AppTest:
        monkeypatch.setenv("IGFKG_STORE", str(store))
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page != "app_pages/overview.py":
            at.switch_page(page).run()
        return at
    return run


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything the page shows as Markdown, HTML, headings and alerts, in one string."""
    parts = [m.value for m in at.markdown] + [h.value for h in at.get("html")] + [t.value for t in at.title]
    parts += [h.value for h in at.header] + [h.value for h in at.subheader] + [c.value for c in at.caption]
    parts += [a.value for a in at.info] + [a.value for a in at.error] + [a.value for a in at.success]
    return "\n".join(str(p) for p in parts)


def frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


# ---- every page, seed and empty ----------------------------------------------------------------
@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_dashboard_page_runs_on_seed(seed_store, open_app, page):
    at = ok(open_app(seed_store, page))
    assert at.title[0].value == PAGE_FILES[page][0]


@pytest.mark.parametrize("page", list(PAGE_FILES))
@pytest.mark.parametrize("kind", ["vocabulary only", "no store yet"])
def test_dashboard_page_runs_on_empty_store(empty_store, tmp_path, open_app, page, kind):
    store = empty_store if kind == "vocabulary only" else tmp_path / "nothing-here"
    at = ok(open_app(store, page))
    assert not at.error
    if page not in ("app_pages/sparql.py", "app_pages/concept.py"):
        assert at.info, "an empty store shows a friendly note"


# ---- overview and meeting ----------------------------------------------------------------------
def test_dashboard_overview_lists_meetings_and_opens_one(seed_store, open_app):
    at = ok(open_app(seed_store))
    table = frames(at)[0]
    assert list(table["statements"]) == [44] and list(table["chair"]) == ["Titti Cassa"]
    assert [m.value for m in at.metric][:3] == ["1", "27", "44"]
    at.selectbox(key="overview_meeting").set_value(SEED_MEETING)
    ok(at.button(key="overview_open").click().run())
    assert at.title[0].value == "Meeting"
    assert at.selectbox(key="meeting_pick").value == SEED_MEETING


def test_dashboard_meeting_shows_statements_in_agenda_with_sources(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/meeting.py"))
    shown = texts(at)
    assert components.md(KNOWN_STATEMENT) in shown
    assert "Jimson Olufuye" in shown and "IGF MAG member" in shown  # speaker and role at that meeting
    assert "Informal Multistakeholder Sounding Board" in shown  # a concept chip
    assert "Update from the IGF Secretariat" in shown  # an agenda item
    html = [h.value for h in at.get("html")]
    assert any(f"<mark>{KNOWN_STATEMENT}" in h for h in html), "the statement highlighted in its paragraph"
    silent = frames(at)[-1]
    assert "Avri Doria" in list(silent["name"]) and "Jimson Olufuye" not in list(silent["name"])
    docs = frames(at)[0]
    assert any(str(u).startswith("https://docs.google.com/") for u in docs["link"])


# ---- person, concept, topics, graph ------------------------------------------------------------
def test_dashboard_person_select_by_key(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/person.py"))
    at.selectbox(key="person_pick").set_value("https://w3id.org/igfkg/id/person/jimson-olufuye")
    ok(at.run())
    assert at.header[0].value == "Jimson Olufuye"
    assert [m.value for m in at.metric][:2] == ["1", "7"]
    assert components.md(KNOWN_STATEMENT) in texts(at)


def test_dashboard_concept_select_by_key(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/concept.py"))
    at.selectbox(key="concept_pick").set_value("https://w3id.org/igfkg/concept/informal-multistakeholder-sounding-board")
    ok(at.run())
    assert at.header[0].value == "Informal Multistakeholder Sounding Board"
    shown = texts(at)
    assert "IMSB" in shown and "2025\\-07\\-17" in shown
    assert "Jimson Olufuye" in list(frames(at)[0]["speaker"])
    at.selectbox(key="concept_pick").set_value("https://w3id.org/igfkg/concept/world-summit-on-the-information-society")
    ok(at.run())
    direct = len(frames(at)[0]) if at.dataframe else 0
    ok(at.toggle(key="concept_narrower").set_value(True).run())
    assert len(frames(at)[0]) > direct, "narrower concepts (WSIS+20 review, ...) add statements"


@pytest.mark.parametrize("page,key,kind,iri,title", [
    ("app_pages/overview.py", "overview", "person", "https://w3id.org/igfkg/id/person/jimson-olufuye", "Person"),
    ("app_pages/overview.py", "overview", "concept", "https://w3id.org/igfkg/concept/informal-multistakeholder-sounding-board",
     "Process / topic"),
    ("app_pages/concept.py", "concept", "person", "https://w3id.org/igfkg/id/person/jimson-olufuye", "Person"),
])
def test_dashboard_ranked_bars_open_the_picked_one(seed_store, open_app, page, key, kind, iri, title):
    at = ok(open_app(seed_store, page))
    if page == "app_pages/concept.py":  # a concept Jimson Olufuye spoke about
        at.selectbox(key="concept_pick").set_value("https://w3id.org/igfkg/concept/informal-multistakeholder-sounding-board")
        ok(at.run())
    at.selectbox(key=f"{key}_{kind}").set_value(iri)
    ok(at.button(key=f"{key}_open_{kind}").click().run())
    assert at.title[0].value == title
    assert at.selectbox(key=f"{kind}_pick").value == iri


def test_dashboard_topics_picker_and_heatmap(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/topics.py"))
    at.multiselect(key="topics_concepts").set_value(["Global Digital Compact", "Informal Multistakeholder Sounding Board"])
    ok(at.run())
    at.get("button_group")  # the chart kind is a segmented control
    assert len(at.get("vega_lite_chart")) == 2


def test_dashboard_graph_filters_and_node(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/graph.py"))
    assert len(at.get("vega_lite_chart")) == 1
    at.multiselect(key="graph_people").set_value(["https://w3id.org/igfkg/id/person/jimson-olufuye"])
    ok(at.run())
    at.selectbox(key="graph_node").set_value("person:https://w3id.org/igfkg/id/person/jimson-olufuye")
    ok(at.run())
    said = frames(at)[-1]
    assert len(said) == 7 and set(said["speaker"]) == {"Jimson Olufuye"}


# ---- SPARQL ------------------------------------------------------------------------------------
def test_dashboard_sparql_named_query_with_parameter(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/sparql.py"))
    at.selectbox(key="sparql_example").set_value("meeting-statements")
    ok(at.run())
    assert at.selectbox(key="sparql_param_meeting_iri").value == SEED_MEETING
    ok(at.button(key="sparql_run").click().run())
    assert not at.error, [e.value for e in at.error]
    result = frames(at)[0]
    assert len(result) == 44 and KNOWN_STATEMENT in " ".join(result["text"])
    assert at.get("download_button"), "CSV and JSON downloads"


@pytest.mark.parametrize("query,key,value,shown", [
    ("person-statements", "sparql_param_person_iri", "https://w3id.org/igfkg/id/person/jimson-olufuye", "Jimson Olufuye"),
    ("who-said-what", "sparql_param_person_string", "Jimson Olufuye", "Jimson Olufuye"),
    ("concept-statements", "sparql_param_concept_iri", "https://w3id.org/igfkg/concept/informal-multistakeholder-sounding-board",
     "Informal Multistakeholder Sounding Board"),
    ("about-concept", "sparql_param_concept_string", "Informal Multistakeholder Sounding Board",
     "Informal Multistakeholder Sounding Board"),
])
def test_dashboard_sparql_person_and_concept_pickers(seed_store, open_app, query, key, value, shown):
    at = ok(open_app(seed_store, "app_pages/sparql.py"))
    at.selectbox(key="sparql_example").set_value(query)
    ok(at.run())
    assert shown in at.selectbox(key=key).options  # an IRI is shown by its name
    ok(at.selectbox(key=key).set_value(value).run())
    assert at.selectbox(key=key).value == value
    ok(at.button(key="sparql_run").click().run())
    assert not at.error, [e.value for e in at.error]
    assert len(frames(at)[0]) > 0


def test_dashboard_sparql_chart_for_numbers(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/sparql.py"))
    at.selectbox(key="sparql_example").set_value("people")
    ok(at.run())
    ok(at.button(key="sparql_run").click().run())
    assert at.get("vega_lite_chart")


def test_dashboard_sparql_refuses_update(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/sparql.py"))
    at.text_area(key="sparql_text").set_value("PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }")
    ok(at.button(key="sparql_run").click().run())
    assert "SPARQL Update" in at.error[0].value and "read\\-only" in at.error[0].value


def test_dashboard_sparql_stops_a_long_query(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/sparql.py"))
    at.text_area(key="sparql_text").set_value("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    at.number_input(key="sparql_timeout").set_value(1.0)
    ok(at.button(key="sparql_run").click().run())
    assert "stopped after the time limit" in at.error[0].value


# ---- data quality and ingest -------------------------------------------------------------------
@pytest.mark.parametrize("section", ["unattributed", "unlisted", "silent", "coverage", "undated", "acronyms", "shacl"])
def test_dashboard_quality_sections(seed_store, open_app, section):
    at = ok(open_app(seed_store, "app_pages/quality.py"))
    at.get("button_group")[0].set_value(section)
    ok(at.run())
    if section == "unattributed":
        assert "There were no representatives from the Secretariat on the call." in " ".join(frames(at)[1]["text"])
    if section == "silent":
        assert "Avri Doria" in list(frames(at)[0]["name"])
    if section == "coverage":  # the seed's discussion is extracted whole but for its headings and links
        assert at.success and "97%" in at.success[0].value
    if section == "undated":
        assert at.success and "Every meeting has a date" in at.success[0].value
    if section == "shacl":
        ok(at.button(key="quality_validate").click().run())
        assert at.success or at.error


def test_dashboard_ingest_upload_preview_and_store(empty_store, seed_path, open_app):
    at = ok(open_app(empty_store, "app_pages/ingest.py"))
    at.file_uploader(key="ingest_files").set_value((seed_path.name, seed_path.read_bytes(), "text/plain"))
    ok(at.run())
    preview = frames(at)[0]
    assert len(preview) == 44 and KNOWN_STATEMENT in " ".join(preview["text"])
    ok(at.button(key="ingest_store").click().run())
    assert at.success and "stored" in at.success[0].value
    at.switch_page("app_pages/overview.py").run()
    assert list(frames(ok(at))[0]["statements"]) == [44]


def test_dashboard_ingest_store_locked(empty_store, seed_path, open_app):
    from igfkg.core import Igfkg
    at = ok(open_app(empty_store, "app_pages/ingest.py"))
    at.file_uploader(key="ingest_files").set_value((seed_path.name, seed_path.read_bytes(), "text/plain"))
    ok(at.run())
    writer = Igfkg(str(empty_store))  # another writer holds the lock
    try:
        ok(at.button(key="ingest_store").click().run())
    finally:
        del writer
    assert "open for writing by another process" in at.error[0].value


# ---- report text with HTML or script is shown as text ------------------------------------------
_RAW_TAG = re.compile(r"(?<!\\)<\s*/?\s*(script|b)\b", re.I)


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_dashboard_report_markup_shown_as_text(xss_store, open_app, page):
    at = ok(open_app(xss_store, page))
    if page == "app_pages/person.py":  # the speaker of the statement with markup in it
        at.selectbox(key="person_pick").set_value("https://w3id.org/igfkg/id/person/ana-silva")
        ok(at.run())
    for m in at.markdown:  # Markdown: every tag escaped, and never raw HTML
        assert not _RAW_TAG.search(m.value), m.value
        assert not m.proto.allow_html, m.value
    for h in at.get("html"):  # HTML we build: escaped
        assert not _RAW_TAG.search(h.value), h.value
    for w in at.selectbox:  # option labels are plain text, never rendered as HTML
        assert w.proto.label and "<" not in w.proto.label


def test_dashboard_report_markup_visible_on_meeting_and_person(xss_store, open_app):
    at = ok(open_app(xss_store, "app_pages/meeting.py"))
    shown = texts(at)
    assert components.md("Ana noted that the <script>alert(1)</script> tag") in shown
    assert components.md("Bob<b>x</b> Jones") in shown
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in h.value for h in at.get("html"))
    at.switch_page("app_pages/person.py").run()
    at.selectbox(key="person_pick").set_value("https://w3id.org/igfkg/id/person/ana-silva")
    ok(at.run())
    assert components.md("Ana noted that the <script>alert(1)</script> tag must never run in the IGF dashboard.") in texts(at)
    # a "name" with markup in it is not a personal name: never a person, whatever the dashboard would show
    people = [o for o in at.selectbox(key="person_pick").options]
    assert people and not any("<" in o for o in people)


# ---- pure helpers ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<b>x</b> *y* _z_ [a](javascript:x) $x$ :red[r]"])
def test_dashboard_md_escapes_every_markup_character(text):
    out = components.md(text)
    assert not re.search(r"(?<!\\)[<>*_\[\]()$:]", out)
    assert re.sub(r"\\(.)", r"\1", out) == text


def test_dashboard_highlight_html_escapes_and_marks():
    out = components.highlight_html("a <script>x</script> b", 2, 20, before="<i>", after="</i>")
    assert "<script" not in out and "<i>" not in out
    assert "<mark>&lt;script&gt;x&lt;/script&gt;</mark>" in out


@pytest.mark.parametrize("url,safe", [("https://docs.google.com/x", True), ("javascript:alert(1)", False),
                                      ("data:text/html,<b>", False), (None, False)])
def test_dashboard_safe_url(url, safe):
    assert (components.safe_url(url) is not None) is safe


def test_dashboard_paragraphs_rebuild_source():
    text = "First one. Second one.\n\nThird one."
    rows = []
    for pos, (s, e) in enumerate([(0, 10), (11, 22), (24, 34)], 1):
        rows.append(dict(position=pos, start=s, end=e, exact=text[s:e], before=text[max(0, s - 32):s], after=text[e:e + 32]))
    p = components.paragraphs(rows)
    assert p[1] is p[2] and p[1].text == "First one. Second one." and p[2].spans[2] == (11, 22)
    assert p[3].text == "Third one." and p[3] is not p[2]


def test_dashboard_unlisted_names_and_acronyms():
    rows = [{"reason": "not in the participant list: 'Dr. Haddad'", "date": "2025-03-04", "meeting": "m"},
            {"reason": "follows an unresolved speaker (not in the participant list: 'Dr. Haddad')", "date": "2025-03-04", "meeting": "m"}]
    assert components.unlisted_names(rows) == [{"name": "Dr. Haddad", "date": "2025-03-04", "meeting": "m", "statements": 1}]
    found = components.unknown_acronyms([{"text": "The APC and ITU met the IGF.", "date": "d", "meeting": "m"}],
                                        ["ITU", "IGF"], ["Ana Silva"])
    assert [r["term"] for r in found] == ["APC"]


def test_dashboard_network_builds_both_modes():
    links = [dict(meeting="m", date="2025-01-01", series="S", statement="s1", position=1, text="t", speaker="p",
                  speaker_name="<b>Ana</b>", roles="Member", concept=c, label=c.upper()) for c in ("c1", "c2")]
    g = charts.build_network(links, "concepts")
    assert g.nodes["person:p"]["statements"] == 1 and g.number_of_edges() == 3
    g = charts.build_network(links, "statements", charts.Filters(roles=frozenset({"Chair"})))
    assert g.number_of_nodes() == 0
    nodes, edges = charts.layout(charts.build_network(links, "statements"))
    assert set(nodes["kind"]) == {"person", "statement", "meeting"} and len(edges) == 2
    assert charts.network_chart(nodes, edges).to_dict()


@pytest.mark.parametrize("records,expect", [([{"date": "2025-01-01", "n": 1}], "line"), ([{"name": "a", "n": 2}], "bar"),
                                            ([{"name": "a"}], None)])
def test_dashboard_result_chart(records, expect):
    chart = charts.result_chart(list(records[0]), records)
    assert (chart is None) if expect is None else chart.to_dict()["mark"]["type"] == expect


@pytest.mark.parametrize("top", [2, 12])
def test_dashboard_bar_ranks_the_top_records(top):
    records = [{"name": f"n{i}", "statements": 10 - i} for i in range(5)]  # most first, as the queries give them
    spec = charts.bar(records, "name", "statements", top=top).to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["y"]["sort"] == "-x"
    rows = next(iter(spec["datasets"].values()))
    assert [r["name"] for r in rows] == [f"n{i}" for i in range(min(top, 5))]


# ---- contracts ---------------------------------------------------------------------------------
def _dashboard_sources() -> dict[str, str]:
    files = [ROOT / "dashboard" / "app.py", ROOT / "dashboard" / "components.py", ROOT / "dashboard" / "charts.py",
             *sorted((ROOT / "dashboard" / "app_pages").glob("*.py"))]
    return {str(f.relative_to(ROOT)): f.read_text(encoding="utf-8") for f in files}


@pytest.mark.parametrize("path", list(_dashboard_sources()))
def test_dashboard_pages_read_the_graph_only_through_named_queries(path):
    source = _dashboard_sources()[path]
    for forbidden in (".sparql(", ".select(", "pyoxigraph", "Igfkg(", "unsafe_allow_html", "unsafe_allow_javascript"):
        assert forbidden not in source, f"{path} uses {forbidden}"
    assert not re.search(r"\bSELECT\b|\bWHERE\s*\{", source), f"{path} holds SPARQL text"


def test_dashboard_uses_only_existing_named_queries():
    from queries.run import named_queries
    known = named_queries()
    used = set()
    for source in [*_dashboard_sources().values(), (ROOT / "dashboard" / "data.py").read_text(encoding="utf-8")]:
        used |= set(re.findall(r"data\.rows\(\"([\w-]+)\"", source))
    assert used and used <= set(known), used - set(known)


def test_dashboard_every_widget_has_a_key():
    for path, source in _dashboard_sources().items():
        for call in re.finditer(r"(?:st|col|left|right|c\d)\.(selectbox|multiselect|button|text_area|text_input|number_input|"
                                r"date_input|slider|toggle|segmented_control|file_uploader|download_button)\(", source):
            depth, i = 0, call.end() - 1
            while True:  # the call's full argument list
                depth += {"(": 1, ")": -1}.get(source[i], 0)
                if depth == 0:
                    break
                i += 1
            assert "key=" in source[call.start():i], f"{path}: {source[call.start():call.start() + 60]}"


def test_dashboard_run_limited_binds_parameters(seed_store):
    from dashboard import data
    from queries.run import named_queries
    result = data.run_limited(named_queries()["meeting"].sparql, {"meeting": SEED_MEETING}, where=str(seed_store))
    assert result.records[0]["statements"] == 44 and result.records[0]["moderator_name"] == "Titti Cassa"
    with pytest.raises(Exception, match="needs --param meeting"):
        data.run_limited(named_queries()["meeting"].sparql, {}, where=str(seed_store))


@pytest.mark.parametrize(("query", "key"), [("who-said-what", "sparql_param_person_string"),
                                            ("person-statements", "sparql_param_person_iri")])
def test_dashboard_sparql_person_picker_defaults_to_someone_who_spoke(seed_store, open_app, query, key):
    at = ok(open_app(seed_store, "app_pages/sparql.py"))
    at.selectbox(key="sparql_example").set_value(query)
    ok(at.run())
    ok(at.button(key="sparql_run").click().run())  # the picker as it comes
    assert not at.error, [e.value for e in at.error]
    assert len(frames(at)[0]) > 0


@pytest.mark.parametrize("kind", ["html", "docx", "pdf"])
def test_dashboard_ingest_takes_the_files_the_cli_takes(empty_store, seed_path, open_app, kind):
    from report_variants import to_docx, to_html, to_pdf
    from dashboard.data import upload_types
    assert {"txt", "md", "docx", "pdf", "html"} <= set(upload_types())
    content = {"html": to_html, "docx": to_docx, "pdf": to_pdf}[kind](seed_path.read_text(encoding="utf-8"))
    at = ok(open_app(empty_store, "app_pages/ingest.py"))
    at.file_uploader(key="ingest_files").set_value((f"report.{kind}", content, "application/octet-stream"))
    ok(at.run())
    assert not at.error, [e.value for e in at.error]
    assert len(frames(at)[0]) > 30


def test_dashboard_sparql_unknown_prefix_is_one_line(seed_store, open_app):
    at = ok(open_app(seed_store, "app_pages/sparql.py"))
    at.text_area(key="sparql_text").set_value("SELECT * WHERE { ?s ex:knows ?o }")
    ok(at.button(key="sparql_run").click().run())
    message = at.error[0].value.replace("\\", "")  # shown as escaped Markdown
    assert "unknown prefix ex:" in message and "\\u{" not in message and len(message.splitlines()) == 1, message
