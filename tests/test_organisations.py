"""One organisation per organisation across reports: written variants merge, similar names of
different bodies stay apart, the vocabulary names bodies, the alias file forces or forbids merges,
and every resolution says why."""
from __future__ import annotations

import json
import re

import pytest

from corpus_series import generate
from ingest.aliases import Aliases, load_aliases
from ingest.errors import VocabularyError
from ingest.organisations import KnownOrg, near, org_key, resolve_affiliation


@pytest.mark.parametrize("a, b", [
    ("UN DESA", "UN-DESA"), ("U.N. DESA", "un desa"), ("The Ruritania Trust & Co.", "Ruritania Trust and Co"),
    ("Ministère du Numérique", "Ministere du Numerique"), ("Children's Fund of Ruritania", "Childrens Fund of Ruritania"),
    ("Ruritania  Internet   Society", "RURITANIA INTERNET SOCIETY"),
])
def test_organisations_written_forms_share_a_key(a, b):
    assert org_key(a) == org_key(b)


@pytest.mark.parametrize("a, b", [
    ("Government of Iceland", "Government of Ireland"), ("Government of Austria", "Government of Australia"),
    ("Government of Iran", "Government of Iraq"), ("Government of Gambia", "Government of Zambia"),
    ("Government of Ruritania", "Ministry of Economy of Ruritania"), ("Ruritania Trust", "Ruritania Trust Foundation"),
])
def test_organisations_similar_names_keep_their_own_keys(a, b):
    assert org_key(a) != org_key(b)


@pytest.mark.parametrize("a, b, how", [
    ("Goverment of Ruritania", "Government of Ruritania", "spelling"),
    ("Government of Iceland", "Government of Ireland", "spelling"),  # near, so it needs evidence: see below
    ("Government of Austria", "Government of Australia", None), ("Government of Iran", "Government of Iraq", None),
    ("Government of Gambia", "Government of Zambia", None), ("Ruritania Trust", "Ruritania Trust Foundation", "contained"),
    ("RTF", "Ruritania Trust Foundation", "acronym"), ("Government of Ruritania", "Government of Rurovia", None),
])
def test_organisations_near_names(a, b, how):
    assert near(org_key(a), org_key(b)) == how


def _known(*orgs: tuple[str, set[str], set[str]]) -> dict[str, KnownOrg]:
    return {org_key(n): KnownOrg(org_key(n), n, frozenset(people), frozenset(series)) for n, people, series in orgs}


@pytest.mark.parametrize("written, person, known, key, reason", [
    ("Goverment of Ruritania", "ana-silva", [("Government of Ruritania", {"ana-silva"}, {"wg"})],
     "government-of-ruritania", "near name 'Government of Ruritania' with the same person listed with it and the same meeting series"),
    ("Goverment of Ruritania", "bo-lee", [("Government of Ruritania", {"ana-silva"}, {"wg"})],
     "goverment-of-ruritania", "new organisation"),  # only the series: not enough
    ("Government of Ireland", "bo-lee", [("Government of Iceland", {"ana-silva"}, {"wg"})],
     "government-of-ireland", "new organisation"),
    ("Ruritania Trust", "ana-silva", [("Ruritania Trust Foundation", {"ana-silva"}, {"wg"})],
     "ruritania-trust", "new organisation"),  # a name inside the other's: never on its own
    ("Ministry of Finanse", "ana-silva", [("Ministry of Finance", {"ana-silva"}, set()), ("Ministry of Finanze", {"ana-silva"}, set())],
     "ministry-of-finanse", "new organisation"),  # no margin: two near names
    ("the ruritania trust and co", "cy-park", [("Ruritania Trust & Co", {"ana-silva"}, set())],
     "ruritania-trust-and-co", "same name as 'Ruritania Trust & Co' once folded"),
    ("UN-DESA", "cy-park", [], "un-desa", "vocabulary: a label of UN DESA"),
])
def test_organisations_resolution_needs_evidence_and_a_margin(written, person, known, key, reason):
    found = resolve_affiliation(written, person=person, known=_known(*known), series="wg", aliases=Aliases())
    assert (found.key, found.reason) == (key, reason)
    if reason == "new organisation" and known:
        assert found.review  # every near name left apart is listed for a human


def test_organisations_alias_file_forces_and_forbids():
    known = _known(("Government of Ruritania", {"ana-silva"}, {"wg"}))
    forbid = Aliases(different=frozenset({frozenset({"goverment-of-ruritania", "government-of-ruritania"})}))
    kept = resolve_affiliation("Goverment of Ruritania", person="ana-silva", known=known, series="wg", aliases=forbid)
    assert (kept.key, kept.reason, kept.review) == ("goverment-of-ruritania", "new organisation", ())
    force = Aliases(same={"rmfa": "government-of-ruritania"}, why={frozenset({"rmfa", "government-of-ruritania"}): "its acronym"})
    forced = resolve_affiliation("RMFA", person="bo-lee", known=known, series="x", aliases=force)
    assert (forced.key, forced.reason) == ("government-of-ruritania", "alias file: same as Government of Ruritania (its acronym)")


@pytest.mark.parametrize("rows, line, message", [
    ("same as,A Body,B Body,x\n", 4, "unknown relation 'same as'"),
    ("same-as,A Body,,x\n", 4, "needs two names"),
    ("not-same-as,UN DESA,UN-DESA,x\n", 4, "already one name once folded"),
    ("same-as,A Body,B Body,x\n\n# why not\nnot-same-as,B Body,A Body,x\n", 7, "contradict line 4"),
])
def test_organisations_bad_alias_row_names_file_and_line(tmp_path, rows, line, message):
    path = tmp_path / "org-aliases.csv"
    path.write_text("# curated\n\nrelation,name,other,why\n" + rows, encoding="utf-8")
    with pytest.raises(VocabularyError) as e:
        load_aliases(path, org_key)
    assert str(e.value).startswith(f"{path}:{line}: ") and message in str(e.value)


# ---- across reports, on the generated series -------------------------------------------------

def _add_entry(text: str, entry: str) -> str:
    last = max(int(n) for n in re.findall(r"(?m)^(\d+)\. ", text.partition("List of participants")[2]))
    return text.rstrip("\n") + f"\n{last + 1}. {entry}\n"


def _reports() -> dict[str, str]:
    """Three meetings of the series (Dmitri Volkov and Isabel Ferreira listed with their affiliations
    in each), with the affiliations written as real lists vary, and two neighbouring governments."""
    meetings = generate().meetings
    first, second, third = meetings[0], meetings[1], meetings[4]
    assert all("Government of Estonia" in m.text and "Ministry of Digital Affairs" in m.text for m in (first, second, third))
    a = _add_entry(first.text, "Tomas Ruiz, Independent Expert, UN-DESA")
    b = _add_entry(second.text.replace("Government of Estonia", "The Government of Estonia")
                   .replace("Ministry of Digital Affairs", "the Ministry of Digital Affairs"),
                   "Ivo Berg, Independent Expert, Government of Iceland")
    c = _add_entry(third.text.replace("Government of Estonia", "Goverment of Estonia"),
                   "Ilse Varga, Independent Expert, Government of Ireland")
    c = _add_entry(c, "Tomas Ruiz, Independent Expert, UN DESA")
    return {first.filename: a, second.filename: b, third.filename: c}


@pytest.fixture(scope="module")
def org_reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("org-reports")
    for name, text in _reports().items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def org_store(org_reports, tmp_path_factory):
    from igfkg.core import Igfkg
    path = tmp_path_factory.mktemp("org-store") / "store"
    kg = Igfkg(str(path))
    results = kg.ingest_paths(sorted(org_reports.glob("*.txt")))
    assert all(hasattr(r, "extraction") for r in results), results
    del kg
    return path


def _json(run_cli, *args):
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_organisations_variants_across_reports_are_one_organisation(run_cli, org_store):
    orgs = {o["organisation"].rsplit("/", 1)[-1]: o for o in _json(run_cli, "orgs", "--store", org_store, "--format", "json")}
    estonia = orgs["government-of-estonia"]
    assert (estonia["name"], estonia["members"], estonia["meetings"]) == ("Government of Estonia", 1, 3)
    assert set(estonia["written"].split(" | ")) == {"Government of Estonia", "The Government of Estonia", "Goverment of Estonia"}
    assert orgs["ministry-of-digital-affairs"]["meetings"] == 3
    assert (orgs["un-desa"]["concept"], orgs["un-desa"]["meetings"]) == ("UN DESA", 2)
    assert not {"goverment-of-estonia", "the-government-of-estonia"} & set(orgs)


def test_organisations_neighbours_in_one_series_stay_apart(run_cli, org_store):
    orgs = {o["name"] for o in _json(run_cli, "orgs", "--store", org_store, "--format", "json")}
    assert {"Government of Iceland", "Government of Ireland"} <= orgs
    review = _json(run_cli, "orgs", "--review", "--store", org_store, "--format", "json")
    assert [(r["as_written"], r["person"], r["candidates"]) for r in review] == [
        ("Government of Ireland", "Ilse Varga", "Government of Iceland (spelling; the same meeting series)")]


def test_organisations_explain_says_why(run_cli, org_store):
    rows = _json(run_cli, "orgs", "--explain", "estonia", "--store", org_store, "--format", "json")
    assert [(r["as_written"], r["person"], r["reason"]) for r in rows] == [
        ("Government of Estonia", "Dmitri Volkov", "new organisation"),
        ("The Government of Estonia", "Dmitri Volkov", "same name as 'Government of Estonia' once folded"),
        ("Goverment of Estonia", "Dmitri Volkov", "near name 'Government of Estonia' with the same person listed with it "
                                                  "and the same meeting series"),
    ]
    desa = _json(run_cli, "orgs", "--explain", "un-desa", "--store", org_store, "--format", "json")
    assert {r["reason"] for r in desa} == {"vocabulary: a label of UN DESA"} and len(desa) == 2
    assert run_cli("validate", "--store", org_store).returncode == 0


def test_organisations_not_same_as_row_undoes_a_merge(run_cli, org_reports, tmp_path):
    aliases = tmp_path / "org-aliases.csv"
    aliases.write_text("relation,name,other,why\n"
                       "not-same-as,Goverment of Estonia,Government of Estonia,kept apart for the test\n", encoding="utf-8")
    env = {"IGFKG_ORG_ALIASES": str(aliases)}
    r = run_cli("ingest", org_reports, "--store", tmp_path / "s", "-q", env=env)
    assert r.returncode == 0, r.stderr
    rows = _json(run_cli, "orgs", "--explain", "estonia", "--store", tmp_path / "s", "--format", "json")
    assert {(r["org"].rsplit("/", 1)[-1], r["as_written"]) for r in rows} >= {("goverment-of-estonia", "Goverment of Estonia")}
    assert [r["reason"] for r in rows if r["as_written"] == "Goverment of Estonia"] == ["new organisation"]


def test_organisations_bad_alias_row_stops_ingest_with_file_and_line(run_cli, org_reports, tmp_path):
    aliases = tmp_path / "org-aliases.csv"
    aliases.write_text("# curated\nrelation,name,other,why\nsame-as,Goverment of Estonia\n", encoding="utf-8")
    r = run_cli("ingest", org_reports, "--store", tmp_path / "s", env={"IGFKG_ORG_ALIASES": str(aliases)})
    assert r.returncode == 2 and f"{aliases}:3: the row needs two names" in r.stderr
    assert not (tmp_path / "s").exists()  # checked before any report was read
