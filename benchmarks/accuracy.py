"""Score the extraction on every report with a reference, by layout family, and pool the figures.

The measures are those of ``../shared/eval/score.py`` (the judge's scorer), computed the same way
from the same three named queries (``statements``, ``participants``, ``meetings``) after a real
ingest into a fresh embedded store; the pooled figures weight each report by its own
denominator, as ``score_set.py`` does. Cases:

- ``tests/data/reports/*/report.gold.json``: the seed and summary reports (family ``summary``);
- ``tests/data/corpus/<family>/<case>.gold.json``: the development corpus of layout families;
- ``tests/data/real-dev/NNN.gold.json`` and ``../shared/real-dev/NNN.gold.json``: references of
  the openings of real records, read from ``../shared/real-dev/`` (``$IGFKG_REAL_DEV``), never
  copied into the project; skipped, and said so, where that folder is absent.

Usage::

    python benchmarks/accuracy.py                 # the table by family, with a pooled row
    python benchmarks/accuracy.py --json          # every case and family as JSON
    python benchmarks/accuracy.py --family irc-minutes --verbose   # each miss of each case
    python benchmarks/accuracy.py --refusals      # which real-dev records are refused, and why
    python benchmarks/accuracy.py --coverage      # per real-dev record: statements, speakers, coverage

The table's columns: cases, participants P/R/F1, roles, affiliations, meeting facts (date,
number, moderator, next meeting), attribution (statements with the reference's speaker, or none),
named-speaker recall, statements found, concept mentions F1, actions (action items with an owner
found for that owner), extra (people found who are not in the references).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MEASURES = ("participants_p", "participants_r", "participants_f1", "roles", "affiliations", "meeting",
            "attribution", "speaker_recall", "statements_found", "mentions_f1", "actions")


def real_dev_dir() -> Path:
    return Path(os.environ.get("IGFKG_REAL_DEV") or ROOT.parent / "shared" / "real-dev")


@dataclass(frozen=True)
class Case:
    name: str  # "corpus/irc-minutes/tag_call", "real-dev/029"
    family: str
    report: Path
    gold: dict


def _family_of_real_dev() -> dict[str, str]:
    path = DATA / "real-dev" / "families.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def cases(*, real_dev: Path | None = None) -> Iterator[Case]:
    """Every report with a reference, in a stable order."""
    for gold_path in sorted((DATA / "reports").glob("*/report.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        yield Case(f"reports/{gold_path.parent.name}", gold.get("family", "summary"), gold_path.parent / "report.txt", gold)
    for gold_path in sorted((DATA / "corpus").glob("*/*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        stem = gold_path.name[: -len(".gold.json")]
        report = next((gold_path.with_name(stem + ext) for ext in (".txt", ".md", ".html") if gold_path.with_name(stem + ext).exists()), None)
        if report:
            yield Case(f"corpus/{gold_path.parent.name}/{stem}", gold_path.parent.name, report, gold)
    real_dev = real_dev or real_dev_dir()
    if not real_dev.is_dir():
        return
    families = _family_of_real_dev()
    ours = {p.name: p for p in (DATA / "real-dev").glob("*.gold.json")}
    theirs = {p.name: p for p in real_dev.glob("*.gold.json")}
    for name in sorted(ours.keys() | theirs.keys()):
        gold = json.loads((ours.get(name) or theirs[name]).read_text(encoding="utf-8"))
        stem = name[: -len(".gold.json")]
        report = real_dev / f"{stem}.txt"
        if report.exists():
            yield Case(f"real-dev/{stem}", gold.get("family") or families.get(stem, "other"), report, gold)


# ---- the measures (as ../shared/eval/score.py computes them) ---------------------------------
def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s).strip().casefold()


def name_key(s: str | None) -> frozenset[str]:
    return frozenset(t for t in re.split(r"[\s,.]+", fold(s)) if t)


def split_list(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, list):
        return [str(x) for x in v if str(x).strip()]
    return [p.strip() for p in str(v).split("|") if p.strip()]


def overlap(gold_text: str, text: str) -> float:
    """Share of the reference sentence's words the predicted text covers (order-insensitive)."""
    ta, tb = fold(gold_text).split(), fold(text).split()
    if not ta:
        return 0.0
    if fold(gold_text) in fold(text):
        return 1.0
    pool: dict[str, int] = {}
    for t in tb:
        pool[t] = pool.get(t, 0) + 1
    common = 0
    for t in ta:
        if pool.get(t, 0):
            common += 1
            pool[t] -= 1
    return common / len(ta) * min(1.0, len(ta) / max(len(tb), 1)) ** 0.5


@dataclass
class Score:
    """One case's counts: each measure as (right, out of)."""

    counts: dict[str, list[int]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    extra_people: list[str] = field(default_factory=list)
    error: str | None = None

    def add(self, measure: str, right: int, out_of: int) -> None:
        c = self.counts.setdefault(measure, [0, 0])
        c[0] += right
        c[1] += out_of

    def ratio(self, measure: str) -> float | None:
        right, out_of = self.counts.get(measure, (0, 0))
        return right / out_of if out_of else None


def score(gold: dict, statements: list[dict], participants: list[dict], meetings: list[dict],
          actions: list[dict] | None = None) -> Score:
    sc = Score()
    concept_of = {fold(label): key for key, labels in gold.get("concepts", {}).items() for label in labels + [key]}

    def concept(label: str) -> str:
        for variant in (label, re.sub(r"\s*\([^)]*\)", "", label), re.sub(r"^the\s+", "", label, flags=re.I)):
            if fold(variant) in concept_of:
                return concept_of[fold(variant)]
        return "?" + label

    gp = {name_key(p["name"]): p for p in gold["participants"]}
    pp = {name_key(r.get("name")): r for r in participants if r.get("name")}
    hit = [k for k in pp if k in gp]
    sc.add("participants_tp", len(hit), 0)
    sc.add("participants_p", len(hit), len(pp))
    sc.add("participants_r", len(hit), len(gp))
    sc.extra_people = sorted(pp[k]["name"] for k in pp if k not in gp)
    sc.misses += [f"participant missing: {gp[k]['name']}" for k in gp if k not in pp]
    sc.misses += [f"participant extra: {n}" for n in sc.extra_people]
    role_ok = aff_ok = 0
    for k in hit:
        g, r = gp[k], pp[k]
        if {fold(x) for x in g["roles"]} == {fold(x) for x in split_list(r.get("roles"))}:
            role_ok += 1
        else:
            sc.misses.append(f"roles of {g['name']}: {g['roles']} got {split_list(r.get('roles'))}")
        if fold(g.get("affiliation")) == fold(r.get("affiliation")):
            aff_ok += 1
        else:
            sc.misses.append(f"affiliation of {g['name']}: {g.get('affiliation')!r} got {r.get('affiliation')!r}")
    sc.add("roles", role_ok, len(gp))
    sc.add("affiliations", aff_ok, len(gp))

    correct = found = 0
    tp_c = n_pred_c = n_gold_c = 0
    for s in gold["statements"]:
        best, best_score = None, 0.0
        for r in statements:
            o = overlap(s["text"], r.get("text") or "")
            if o > best_score:
                best, best_score = r, o
        if best is None or best_score < 0.6:
            sc.misses.append(f"statement missing: {s['text'][:80]!r} ({s['speaker']})")
            n_gold_c += len(set(s["mentions"]))
            continue
        found += 1
        pred = best.get("speaker_name") or None
        if (s["speaker"] is None and pred is None) or (s["speaker"] and pred and name_key(s["speaker"]) == name_key(pred)):
            correct += 1
        else:
            sc.misses.append(f"speaker: {s['text'][:70]!r} gold={s['speaker']} got={pred}")
        gold_c = set(s["mentions"])
        pred_c = {concept(x) for x in split_list(best.get("concepts"))}
        if gold_c != pred_c:
            sc.misses.append(f"mentions: {s['text'][:60]!r} missing={sorted(gold_c - pred_c)} extra={sorted(pred_c - gold_c)}")
        tp_c += len(gold_c & pred_c)
        n_pred_c += len(pred_c)
        n_gold_c += len(gold_c)
    n = len(gold["statements"])
    sc.add("attribution", correct, n)
    sc.add("statements_found", found, n)
    named = [s for s in gold["statements"] if s["speaker"]]
    with_speaker = [r for r in statements if r.get("speaker_name")]
    right = sum(1 for s in named for r in with_speaker
                if overlap(s["text"], r.get("text") or "") >= 0.6 and name_key(s["speaker"]) == name_key(r["speaker_name"]))
    sc.add("speaker_recall", min(right, len(named)), len(named))
    sc.add("mentions_tp", tp_c, 0)
    sc.add("mentions_p", tp_c, n_pred_c)
    sc.add("mentions_r", tp_c, n_gold_c)

    # action items with an owner: is there one for that owner whose task overlaps the reference's
    owned = [a for a in gold.get("action_items", []) if a.get("owner") or a.get("assignee")]
    got = 0
    for a in owned:
        who = name_key(a.get("owner") or a.get("assignee"))
        task = a.get("text") or a.get("task") or ""
        if any(name_key(r.get("assignee")) == who and overlap(task, r.get("task") or "") >= 0.5 for r in actions or []):
            got += 1
        else:
            sc.misses.append(f"action missing: {a.get('owner') or a.get('assignee')}: {task[:60]!r}")
    sc.add("actions", got, len(owned))

    gm = gold["meeting"]
    mm = meetings[0] if meetings else {}
    checks = {
        "date": fold(mm.get("date") or "")[:10] == (gm.get("date") or ""),
        "number": str(mm.get("number") or "").strip() == str(gm.get("number") or ""),
        "moderator": name_key(mm.get("moderator_name")) == name_key(gm.get("moderator")),
        "next_date": fold(mm.get("next_date") or "")[:10] == ((gm.get("next_meeting") or {}).get("date") or ""),
    }
    sc.add("meeting", sum(checks.values()), len(checks))
    sc.misses += [f"meeting {k}: gold={gm.get(k if k != 'next_date' else 'next_meeting')!r} got="
                  f"{mm.get({'moderator': 'moderator_name'}.get(k, k))!r}" for k, ok in checks.items() if not ok]
    return sc


def run_case(case: Case) -> Score:
    """Ingest the case's report into a fresh store and score the named queries' rows."""
    from igfkg.core import Igfkg
    from ingest.errors import IgfkgError
    from ingest.read import read_report
    from queries.formats import records

    with tempfile.TemporaryDirectory() as tmp:
        kg = Igfkg(str(Path(tmp) / "store"))
        try:
            kg.ingest_report(read_report(case.report))
        except IgfkgError as e:
            sc = score(case.gold, [], [], [])
            sc.error = str(e)
            return sc
        rows = {q: records(kg.query(q)) for q in ("statements", "participants", "meetings", "action-items")}
        del kg
    return score(case.gold, rows["statements"], rows["participants"], rows["meetings"], rows["action-items"])


def pooled(scores: list[Score]) -> dict[str, float | None]:
    total = Score()
    for sc in scores:
        for k, (right, out_of) in sc.counts.items():
            total.add(k, right, out_of)
    out = {k: total.ratio(k) for k in MEASURES if k not in ("participants_f1", "mentions_f1")}
    p, r = out["participants_p"], out["participants_r"]
    out["participants_f1"] = (2 * p * r / (p + r) if p + r else 0.0) if p is not None and r is not None else None
    mp, mr = total.ratio("mentions_p"), total.ratio("mentions_r")
    out["mentions_f1"] = (2 * mp * mr / (mp + mr) if mp and mr else 0.0) if mp is not None and mr is not None else None
    out["extra_people"] = sum(len(sc.extra_people) for sc in scores)
    out["refused"] = sum(1 for sc in scores if sc.error)
    return out


COLUMNS = (("cases", "cases"), ("participants_p", "part P"), ("participants_r", "part R"), ("participants_f1", "part F1"),
           ("roles", "roles"), ("affiliations", "affil"), ("meeting", "meeting"), ("attribution", "attrib"),
           ("speaker_recall", "spk rec"), ("statements_found", "found"), ("mentions_f1", "ment F1"), ("actions", "actions"),
           ("extra_people", "extra"), ("refused", "refused"))


def table(rows: dict[str, dict]) -> str:
    head = ["family"] + [label for _, label in COLUMNS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for family, figures in rows.items():
        cells = [family]
        for key, _ in COLUMNS:
            v = figures.get(key)
            cells.append("-" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def evaluate(selected: list[Case]) -> tuple[dict[str, dict], dict[str, Score]]:
    """(figures by family and 'pooled', score by case)."""
    by_case = {c.name: run_case(c) for c in selected}
    families: dict[str, list[Score]] = {}
    for c in selected:
        families.setdefault(c.family, []).append(by_case[c.name])
    rows = {f: {"cases": len(s), **pooled(s)} for f, s in sorted(families.items())}
    rows["pooled"] = {"cases": len(selected), **pooled(list(by_case.values()))}
    return rows, by_case


def coverage_table(real_dev: Path) -> str:
    """Per real-dev record: its family, statements, those with a speaker, people, date, and coverage
    (the share of its discussion's text inside a statement, agenda item or list entry)."""
    from ingest.errors import IgfkgError
    from ingest.pipeline import extract_file

    families = _family_of_real_dev()
    lines = ["| record | family | statements | with a speaker | people | date | coverage |", "|---|---|---:|---:|---:|---|---:|"]
    for path in sorted(real_dev.glob("*.txt")):
        try:
            x = extract_file(path)
        except IgfkgError as e:
            lines.append(f"| {path.stem} | {families.get(path.stem, '')} | refused: {str(e).split(': ', 1)[-1][:70]} | | | | |")
            continue
        spoken = sum(1 for s in x.statements if s.speaker)
        lines.append(f"| {path.stem} | {families.get(path.stem, '')} | {len(x.statements)} | {spoken} | {len(x.participants)} | "
                     f"{x.meeting.date or 'unknown'} | {x.coverage:.1%} |")
    return "\n".join(lines)


def refusals(real_dev: Path) -> list[tuple[str, str]]:
    """(file, reason) of each real-dev record the ingest refuses."""
    from igfkg.core import Igfkg
    from ingest.errors import IgfkgError
    from ingest.read import read_report

    out = []
    for path in sorted(real_dev.glob("*.txt")):
        with tempfile.TemporaryDirectory() as tmp:
            kg = Igfkg(str(Path(tmp) / "store"))
            try:
                kg.ingest_report(read_report(path))
            except IgfkgError as e:
                out.append((path.name, str(e).splitlines()[0][:160]))
            del kg
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--family", action="append", help="only these families (repeatable)")
    ap.add_argument("--case", action="append", help="only cases whose name contains this (repeatable)")
    ap.add_argument("--json", action="store_true", help="every case and family as JSON")
    ap.add_argument("--verbose", action="store_true", help="list each case's misses")
    ap.add_argument("--refusals", action="store_true", help="which real-dev records are refused, and why")
    ap.add_argument("--coverage", action="store_true", help="per real-dev record: statements, speakers, people, date, coverage")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if a.coverage:
        print(coverage_table(real_dev_dir()))
        return 0
    if a.refusals:
        found = refusals(real_dev_dir())
        for name, reason in found:
            print(f"{name}: {reason}")
        print(f"{len(found)} of {len(list(real_dev_dir().glob('*.txt')))} refused")
        return 0
    selected = [c for c in cases() if (not a.family or c.family in a.family) and (not a.case or any(s in c.name for s in a.case))]
    if not selected:
        print("no cases with references found", file=sys.stderr)
        return 2
    rows, by_case = evaluate(selected)
    if a.json:
        print(json.dumps({"families": rows, "cases": {n: {"counts": s.counts, "error": s.error, "misses": s.misses}
                                                      for n, s in by_case.items()}}, indent=1))
        return 0
    if a.verbose:
        for c in selected:
            sc = by_case[c.name]
            figures = " ".join(f"{k}={sc.ratio(k):.2f}" for k in ("participants_r", "meeting", "attribution", "speaker_recall",
                                                                    "statements_found") if sc.ratio(k) is not None)
            print(f"== {c.name} [{c.family}] {figures}" + (f" REFUSED: {sc.error}" if sc.error else ""))
            for m in sc.misses:
                print("   " + m)
    if not real_dev_dir().is_dir():
        print(f"note: {real_dev_dir()} not found; the real-dev references were skipped", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
