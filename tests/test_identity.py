"""One person per person across reports: name variants merge, distinct people stay distinct,
every merge says why, the alias file forces or forbids merges."""
from __future__ import annotations

import json
import re

import pytest

from conftest import SEED
from ingest.identity import Aliases, Known, person_key, resolve_people
from ingest.pipeline import extract_text


@pytest.mark.parametrize("a, b", [
    ("Horejsova, Tereza", "Tereza Horejsova"), ("Lynn Saint Amour", "Lynn St. Amour"), ("Lynn St.Amour", "Lynn Saint Amour"),
    ("José Núñez", "Jose Nunez"), ("Ms. Ana Neves", "ANA NEVES"), ("Dr. Haddad, Karim", "Karim Haddad"),
])
def test_identity_same_name_written_differently(a, b):
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize("a, b", [("Theresa Swinehart", "Tereza Horejsova"), ("Chris Buckridge", "Christine Arida"),
                                  ("Maria Kovacs", "Maria Estrada")])
def test_identity_distinct_people_stay_distinct(a, b):
    assert person_key(a) != person_key(b)


def _participants(listing: str):
    return extract_text("Some Group\nOnline Meeting\n3 March 2025\n\nDiscussion\n\nIt was short.\n\nParticipants\n\n" + listing).participants


def test_identity_near_name_merges_only_with_evidence_and_a_margin():
    known = {"bruna-los-santos": Known("bruna-los-santos", "Bruna Los Santos", frozenset({"group's co-chair"}), frozenset({"wg"}))}
    (with_role,) = resolve_people(_participants("1. Ms. Bruna Santos, Group's Co-Chair\n"), known, series="other")
    assert with_role.key == "bruna-los-santos" and "shared role 'group's co-chair'" in with_role.reason
    (same_series,) = resolve_people(_participants("1. Bruna Santos\n"), known, series="wg")
    assert same_series.key == "bruna-los-santos" and "same meeting series" in same_series.reason
    (no_evidence,) = resolve_people(_participants("1. Bruna Santos\n"), known, series="other")
    assert no_evidence.key == "bruna-santos" and no_evidence.reason == "new person"
    assert no_evidence.review == ("Bruna Los Santos (no evidence beyond the name)",)


def test_identity_alias_file_forces_and_forbids():
    known = {"bruna-los-santos": Known("bruna-los-santos", "Bruna Los Santos", frozenset({"member"}), frozenset({"wg"}))}
    forbid = Aliases(different=frozenset({frozenset({"bruna-santos", "bruna-los-santos"})}))
    (kept_apart,) = resolve_people(_participants("1. Bruna Santos, Member\n"), known, series="wg", aliases=forbid)
    assert kept_apart.key == "bruna-santos"
    force = Aliases(same={"b-santos": "bruna-los-santos"})
    (forced,) = resolve_people(_participants("1. B Santos\n"), known, series="x", aliases=force)
    assert forced.key == "bruna-los-santos" and forced.reason.startswith("alias file")


def _variant_of_seed() -> str:
    """The seed as a later meeting whose list writes every name in another valid form."""
    text = SEED.read_text(encoding="utf-8").replace("17 July 2025", "14 August 2025")
    head, _, listing = text.partition("List of participants")

    def rewrite(m: re.Match) -> str:
        num, name, rest = m.group(1), m.group(2), m.group(3) or ""
        if "," in name:
            family, given = name.split(", ")
            return f"{num}. Ms. {given} {family}{rest}"
        given, _, family = name.partition(" ")
        return f"{num}. {family.replace('Saint ', 'St. ')}, {given}{rest}"

    listing = re.sub(r"(?m)^(\d+)\. (Horejsova, Tereza|[^,\n]+)(,.*)?$", rewrite, listing)
    return head + "List of participants" + listing


def test_identity_second_report_with_every_name_rewritten_adds_no_person(run_cli, tmp_path):
    store = tmp_path / "s"
    run_cli("ingest", SEED, "--store", store)
    variant = tmp_path / "variant.txt"
    variant.write_text(_variant_of_seed(), encoding="utf-8")
    assert "St. Amour, Lynn" in variant.read_text() and "Ms. Tereza Horejsova" in variant.read_text()
    r = run_cli("ingest", variant, "--store", store)
    assert r.returncode == 0, r.stderr
    stats = json.loads(run_cli("stats", "--store", store, "--format", "json").stdout)
    assert (stats["meetings"], stats["people"]) == (2, 27)
    explained = json.loads(run_cli("people", "--explain", "Saint Amour", "--store", store, "--format", "json").stdout)
    assert [(e["as_written"], e["reason"]) for e in explained] == [("Lynn Saint Amour", "new person"), ("St. Amour, Lynn", "same name")]
