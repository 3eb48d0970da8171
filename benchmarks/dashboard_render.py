"""Time to first render of every dashboard page on a store of 200 generated meetings.

The meetings are fictional (invented people; real bodies and processes from
``ontology/vocabulary.ttl``), written in the same summary-report layout as
``examples/wg-strategy-summary-report.txt`` so that the real ingest pipeline parses them.

    python benchmarks/dashboard_render.py                  # 200 meetings in benchmarks/out/store-200
    python benchmarks/dashboard_render.py --meetings 50 --store /tmp/s --rebuild

Prints one row per page: the time of AppTest's first run (the store opened and every
query of the page run with empty caches) and of a second run (caches warm). The budget is
2 seconds for the first run. The baseline in the same run is an empty page (navigation and
Streamlit's own cost).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_S = 2.0
SERIES = [  # (series title as the report writes it, acronym)
    ("MAG Working Group on IGF Strengthening and Strategy", "WG-Strategy"),
    ("MAG Working Group on Hybrid Meetings", "WG-Hybrid"),
    ("MAG Working Group on Workshop Process", "WG-WSP"),
    ("MAG Working Group on Outreach and Engagement", "WG-Outreach"),
    ("MAG Working Group on Language", "WG-Language"),
]
GIVEN = [("Alden", "he"), ("Brisa", "she"), ("Corvin", "he"), ("Dalia", "she"), ("Elric", "he"), ("Fenna", "she"),
         ("Goran", "he"), ("Halina", "she"), ("Ivo", "he"), ("Jessa", "she"), ("Kasimir", "he"), ("Lioba", "she"),
         ("Marek", "he"), ("Noemi", "she"), ("Osric", "he"), ("Perpetua", "she"), ("Quill", "he"), ("Rosalind", "she"),
         ("Stellan", "he"), ("Tamsin", "she"), ("Ulric", "he"), ("Vesna", "she"), ("Wendel", "he"), ("Xenia", "she"),
         ("Yorick", "he"), ("Zelda", "she"), ("Anselm", "he"), ("Bettina", "she"), ("Cosmo", "he"), ("Delphine", "she"),
         ("Emrys", "he"), ("Filippa", "she"), ("Gideon", "he"), ("Hesper", "she"), ("Ignatius", "he"), ("Jolanda", "she"),
         ("Kester", "he"), ("Linnea", "she"), ("Magnus", "he"), ("Nerys", "she")]
FAMILY = ["Ashgrove", "Brindlecombe", "Corriveau", "Dunmore", "Eskeland", "Fairweather", "Galloway", "Hartwell",
          "Ingleby", "Jorvik", "Kettering", "Lindqvist-Moor", "Marchetti", "Northcott", "Okonkwo-Bell", "Pemberton",
          "Quenneville", "Ravensworth", "Stroud", "Thistlewood", "Underhill", "Vantongeren", "Whitlock", "Yardley"]
ROLES = ["IGF MAG member", "Independent Expert", "former IGF MAG member", "IGF Secretariat", "IGF MAG member"]
TOPICS = ["World Summit on the Information Society", "WSIS+20 review", "WSIS+20 High-Level Event", "WSIS Action Lines",
          "WSIS Forum", "Informal Multistakeholder Sounding Board", "Summit of the Future", "Pact for the Future",
          "Global Digital Compact", "National and Regional IGF Initiatives", "Youth IGFs", "IGF Leadership Panel",
          "Intersessional work", "Dynamic Coalitions", "Best Practice Forums", "Policy Networks", "IGF Mandate",
          "Tunis Agenda", "Enhanced cooperation", "Elements Paper", "Zero Draft", "UN DESA", "UNESCO", "ICANN",
          "AI governance", "Human rights", "Internet fragmentation", "Digital divide", "Capacity development",
          "Data governance", "Cybersecurity"]
CLAIMS = ["{who} noted that {t} should stay high on the agenda of the group.",
          "{who} stressed that {t} needs the voice of stakeholders from the Global South.",
          "{who} highlighted the links between {t} and {u}.",
          "{who} felt that the discussion on {t} had moved forward since the last meeting.",
          "{who} suggested preparing a short paper on {t} for the next meeting.",
          "{who} gave an update on {t}.",
          "{who} shared some takeaways from the recent consultation on {t}.",
          "{who} asked whether {t} could be discussed together with {u}."]
FOLLOW = ["{pro} also noted that {t} deserves more attention.",
          "{pro} added that {u} offers a good opportunity.",
          "{pro} further stressed the role of {t}."]
NOBODY = ["There were some questions about {t}.", "It was agreed that the group will continue the work on {t}."]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def people_pool(rng: random.Random, n: int = 160) -> list[tuple[str, str, str]]:
    """(given, family, pronoun) for ``n`` fictional people with unique full names."""
    seen, out = set(), []
    while len(out) < n:
        (g, pro), f = rng.choice(GIVEN), rng.choice(FAMILY)
        if (g, f) not in seen:
            seen.add((g, f))
            out.append((g, f, pro))
    return out


def generate_report(series: int, number: int, date: dt.date, pool: list, rng: random.Random) -> str:
    """One fictional summary report: 15-30 participants, 30-50 statements."""
    title, acr = SERIES[series]
    size, cast = rng.randint(15, 30), []
    for p in rng.sample(pool, len(pool)):  # first names must be unique to be resolved
        if len(cast) < size and all(p[0] != c[0] for c in cast):
            cast.append(p)
    mod = cast[0]
    items = rng.sample(TOPICS, 4)
    lines = [title, "Online Meeting", f"{_date(date)} at 13:00 UTC", "", "Summary Report", "",
             f"The {_ordinal(number)} virtual meeting of the IGF {title} ({acr}) was held on {_date(date)} at 13:00 UTC. "
             f"The meeting was moderated by {mod[0]} {mod[1]} and a recording of the meeting is available upon request.",
             "", f"{mod[0]} opened the meeting by introducing the agenda.", "", "Agenda", ""]
    lines += [f"{i}. Update on {t}" for i, t in enumerate(items, 1)] + [f"{len(items) + 1}. Any other business (AoB)"]
    lines += ["", "Discussion", ""]
    target, count = rng.randint(29, 49), 0
    for i, t in enumerate(items, 1):
        lines += [f"{i}. Update on {t}", ""]
        quota = (target - count) // (len(items) - i + 1)
        while quota > 0:
            who = rng.choice(cast)
            u = rng.choice(TOPICS)
            para = [rng.choice(CLAIMS).format(who=who[0], t=t, u=u)]
            for _ in range(min(quota - 1, rng.randint(0, 2))):
                para.append(rng.choice(FOLLOW).format(pro=who[2].capitalize(), t=rng.choice(TOPICS), u=u))
            lines += [" ".join(para), ""]
            if rng.random() < 0.1:
                para.append(rng.choice(NOBODY).format(t=t))
                lines += [para[-1], ""]
            quota -= len(para)
            count += len(para)
    nxt = date + dt.timedelta(days=14)
    lines += [f"{len(items) + 1}. Any other business (AoB)", "",
              f"The next meeting of the {acr} will be held on {_date(nxt)} at 13:00 UTC.", "", "List of participants", ""]
    for i, p in enumerate(cast, 1):
        chair = "Group's Co-Chair, " if p is mod else ""
        lines.append(f"{i}. {p[0]} {p[1]}, {chair}{rng.choice(ROLES)}")
    return "\n".join(lines) + "\n"


def build_store(location: Path, meetings: int = 200, *, seed: int = 7) -> Path:
    """A store of ``meetings`` generated meetings (the report files are kept beside it)."""
    from igfkg.core import Failed, Igfkg

    rng = random.Random(seed)
    pool = people_pool(rng)
    reports = location.parent / f"{location.name}-reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    start = dt.date(2018, 1, 9)
    for k in range(meetings):
        series, n = k % len(SERIES), k // len(SERIES) + 1
        date = start + dt.timedelta(days=14 * (k // len(SERIES)) + series)
        (reports / f"{k:03d}.txt").write_text(generate_report(series, n, date, pool, rng), encoding="utf-8")
    kg = Igfkg(str(location))
    failed = [r for r in kg.ingest_paths([reports], validate=False) if isinstance(r, Failed)]
    kg.store.flush()  # a store left with a large write-ahead log is slow to open read-only
    del kg
    if failed:
        raise SystemExit(f"{len(failed)} generated reports failed, first: {failed[0].error}")
    return location


def measure(location: Path, pages: list[str]) -> list[tuple[str, float, float, str]]:
    """(page, first run s, second run s, problem) for each page, each in a fresh AppTest."""
    from streamlit.testing.v1 import AppTest

    os.environ["IGFKG_STORE"] = str(location)
    app = str(ROOT / "dashboard" / "app.py")
    out = []
    for page in pages:
        at = AppTest.from_file(app, default_timeout=120)
        at.run()  # registers the pages (and renders the default one; not timed)
        at.switch_page(page)
        import streamlit as st
        st.cache_data.clear()
        st.cache_resource.clear()
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.run()
        second = time.perf_counter() - t0
        problem = "; ".join(e.value[:60] for e in at.exception) if at.exception else ""
        out.append((page, first, second, problem))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meetings", type=int, default=200)
    ap.add_argument("--store", type=Path, default=ROOT / "benchmarks" / "out" / "store-200")
    ap.add_argument("--rebuild", action="store_true", help="Regenerate the store even if it exists.")
    args = ap.parse_args()
    if args.rebuild or not (args.store / "CURRENT").exists():
        shutil.rmtree(args.store, ignore_errors=True)
        t0 = time.perf_counter()
        build_store(args.store, args.meetings)
        print(f"built {args.meetings} meetings in {time.perf_counter() - t0:.1f} s at {args.store}")
    from igfkg.core import Igfkg
    from queries.formats import records
    meetings = records(Igfkg(str(args.store), read_only=True).query("meetings"))
    print(f"store: {args.store}: {len(meetings)} meetings, {sum(m['statements'] for m in meetings)} statements", flush=True)
    from dashboard.app import PAGE_FILES
    rows = measure(args.store, list(PAGE_FILES))
    width = max(len(p) for p, *_ in rows)
    print(f"\n{'page':{width}}  first run  second run  budget")
    for page, first, second, problem in rows:
        verdict = "ok" if first < BUDGET_S and not problem else "OVER" if not problem else "ERROR " + problem
        print(f"{page:{width}}  {first:8.2f}s  {second:9.2f}s  {verdict}")
    import resource
    print(f"\npeak RSS of this process (the dashboard's store, caches and every page rendered): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    bad = [p for p, first, _, problem in rows if problem or first >= BUDGET_S]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
