"""The extraction holds a floor on every layout family with references (benchmarks/accuracy.py):
a change that breaks a family fails here, with the family's figures and its misses.

The floors sit a little under today's figures (benchmarks/README.md), so they catch regressions
without pinning noise; raise them when a family gets better. References of real records are
read from ../shared/real-dev/ and skipped where that folder is absent."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy
_spec.loader.exec_module(accuracy)

# family -> {measure: floor}; measures as benchmarks/accuracy.py names them
FLOORS: dict[str, dict[str, float]] = {  # a little under the figures measured (benchmarks/README.md), with and without ../shared/real-dev
    "summary": {"participants_f1": 1.0, "meeting": 1.0, "attribution": 1.0, "speaker_recall": 1.0, "statements_found": 1.0},
    "summary-record": {"participants_f1": 1.0, "meeting": 1.0, "attribution": 0.98, "speaker_recall": 1.0, "statements_found": 1.0,
                       "roles": 0.97, "affiliations": 0.97},
    "numbered-summary": {"participants_f1": 0.96, "meeting": 0.96, "attribution": 0.96, "speaker_recall": 0.96, "statements_found": 0.97,
                         "roles": 0.95, "affiliations": 0.95},
    "irc-minutes": {"participants_f1": 1.0, "meeting": 0.89, "attribution": 0.96, "speaker_recall": 0.98, "statements_found": 1.0},
    "name-colon-notes": {"participants_f1": 1.0, "meeting": 0.97, "attribution": 0.94, "speaker_recall": 1.0, "statements_found": 1.0,
                         "roles": 0.97, "affiliations": 0.97},
    "captioning-transcript": {"participants_f1": 1.0, "meeting": 0.97, "attribution": 0.94, "speaker_recall": 0.97, "statements_found": 1.0,
                              "roles": 0.97, "affiliations": 0.97},
    "council-minutes": {"participants_f1": 0.98, "meeting": 1.0, "attribution": 0.97, "speaker_recall": 1.0, "statements_found": 1.0,
                        "roles": 0.84, "affiliations": 0.85},
    "iab-minutes": {"participants_f1": 1.0, "meeting": 1.0, "attribution": 1.0, "speaker_recall": 1.0, "statements_found": 1.0,
                    "roles": 0.97, "affiliations": 0.97},
    "mailing-list-notes": {"participants_f1": 0.97, "meeting": 0.9, "attribution": 0.95, "speaker_recall": 0.95, "statements_found": 0.97},
    "intergovernmental-summary": {"participants_f1": 0.98, "meeting": 0.85, "attribution": 0.95, "speaker_recall": 0.94, "statements_found": 0.97,
                                  "roles": 0.95, "affiliations": 0.95},
    "session-report": {"participants_f1": 1.0, "meeting": 1.0, "attribution": 1.0, "speaker_recall": 1.0, "statements_found": 1.0,
                       "roles": 0.94, "affiliations": 0.85},
    "pooled": {"participants_f1": 0.98, "meeting": 0.96, "attribution": 0.96, "speaker_recall": 0.98, "statements_found": 0.98,
               "roles": 0.95, "affiliations": 0.95, "mentions_f1": 0.85},
}


@pytest.fixture(scope="module")
def results():
    selected = list(accuracy.cases())
    return selected, *accuracy.evaluate(selected)


def test_accuracy_every_family_has_a_floor(results):
    cases, _, _ = results
    families = {c.family for c in cases if not c.name.startswith("real-dev/")}
    assert families <= set(FLOORS), f"families without a floor: {families - set(FLOORS)}"
    assert len(families) >= 10 and sum(1 for c in cases if c.name.startswith("corpus/")) >= 30


@pytest.mark.parametrize("family", sorted(FLOORS))
def test_accuracy_family_holds_its_floor(results, family):
    cases, rows, by_case = results
    figures = rows.get(family)
    assert figures, f"no cases of family {family}"
    short = {k: round(figures[k], 3) for k, floor in FLOORS[family].items() if figures[k] is not None and figures[k] < floor}
    misses = [f"{c.name}: {m}" for c in cases if c.family == family for m in by_case[c.name].misses][:40]
    assert not short, f"{family} under its floor: {short}\n" + "\n".join(misses)


def test_accuracy_no_record_refused_and_no_one_invented(results):
    _, rows, by_case = results
    assert rows["pooled"]["refused"] == 0, {n: s.error for n, s in by_case.items() if s.error}
    # people found that the references do not hold: a few first-name-only forms, never offices or bodies
    extra = [p for s in by_case.values() for p in s.extra_people]
    from ingest.names import looks_like_name
    assert all(looks_like_name(p) or " " not in p for p in extra), extra


@pytest.mark.parametrize("measure, value, expected", [("participants_f1", 1.0, "1.00"), ("meeting", None, "-")])
def test_accuracy_table_prints_each_family_and_the_pooled_row(measure, value, expected):
    out = accuracy.table({"x": {"cases": 1, measure: value}, "pooled": {"cases": 1, measure: value}})
    assert out.splitlines()[0].startswith("| family | cases |") and f"| {expected} |" in out.splitlines()[2]
