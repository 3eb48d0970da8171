"""The archive-wide analyses on one store, answered by the derived index (``queries/derived.py``)
and by the store's SPARQL (the index set aside), in the same run: every named query with an SQL
twin, the four networks (whole archive and one year), and about-concept's first page with its
total; optionally through ``igfkg serve`` too.

    python benchmarks/archive.py --store /tmp/qwork/store-10000-seed0 --limit 10 [--serve] [--json out.json]

The index must be ready (``igfkg index rebuild --store STORE``). Each index figure is the median
of ``--repeat`` runs after one warm-up; each store figure is one run in a process of its own,
stopped at ``--limit`` seconds (SPARQL in the store cannot be interrupted otherwise). Parameters
are the typical values ``benchmarks/queries.py`` picks (the median person and concept by
statements, ...).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

KINDS = ("co-attendance", "co-mention", "interaction", "person-concept")


def _tasks(samples: dict, year: str) -> list[tuple[str, str, dict]]:
    """(label, kind, arguments): named queries with an SQL twin, networks, the first page."""
    from benchmarks.queries import params_for
    from queries.derived import derived_queries
    from queries.run import load_query
    out = [(name, "query", params_for(load_query(name), samples)) for name in sorted(derived_queries())]
    for kind in KINDS:
        out.append((f"network {kind}", "network", {"kind": kind}))
        out.append((f"network {kind}, {year}", "network", {"kind": kind, "lo": f"{year}-01-01", "hi": f"{year}-12-31"}))
    concept = params_for(load_query("about-concept"), samples)
    out.append(("about-concept, first page of 20 with the total", "page", concept))
    return out


def _run(kg, kind: str, args: dict) -> int:
    """Run one task on ``kg`` (an Igfkg); the number of rows, edges or the page's total."""
    from queries.network import build_network
    from queries.paging import page
    if kind == "query":
        return len(kg.query(args["name"], args["params"]).rows)
    if kind == "network":
        return build_network(kg, args["kind"], args.get("lo"), args.get("hi")).number_of_edges()
    return page(kg.store, "about-concept", args["params"], limit=20, offset=0).total


def _kg(location: str, *, index: bool):
    from igfkg.core import Igfkg
    kg = Igfkg(location, read_only=True)
    if not index:
        kg.store.derived = lambda: None  # the store answers
    return kg


def _timed(kg, kind: str, args: dict, repeat: int) -> tuple[float, int]:
    _run(kg, kind, args)  # warm-up
    times, n = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        n = _run(kg, kind, args)
        times.append(time.perf_counter() - t)
    return statistics.median(times), n


def _one_in_store(location: str, kind: str, args: dict, limit: float) -> float | None:
    """One run with the index set aside, in a process of its own; None past ``limit`` seconds."""
    code = ("import sys, json, time; sys.path.insert(0, %r); from benchmarks.archive import _kg, _run; "
            "import queries.network, queries.paging; kg = _kg(%r, index=False); kg.store.select('ASK { ?s ?p ?o }'); "
            "a = json.loads(sys.argv[1]); t = time.perf_counter(); "
            "_run(kg, a['kind'], a['args']); print(time.perf_counter() - t)") % (str(ROOT), location)
    try:
        done = subprocess.run([sys.executable, "-c", code, json.dumps({"kind": kind, "args": args})],
                              capture_output=True, text=True, timeout=limit + 30)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-500:])
    seconds = float(done.stdout.strip().splitlines()[-1])
    return seconds if seconds <= limit else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True, help="a store folder with a ready derived index")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per task on the index (default 5)")
    ap.add_argument("--limit", type=float, default=10.0, help="a store run longer than this is shown as over (default 10 s)")
    ap.add_argument("--no-store", action="store_true", help="time the index only")
    ap.add_argument("--serve", action="store_true", help="also time the index through igfkg serve (/derived)")
    ap.add_argument("--answer-cache-mb", type=int, default=0,
                    help="igfkg serve's --answer-cache-mb (default 0: every served run makes its answer)")
    ap.add_argument("--only", default="", help="comma-separated labels to time (default: all)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    from benchmarks.queries import machine, sample_params, start_serve, stop
    from queries.store import EmbeddedStore, RemoteStore
    location = str(Path(args.store))
    kg = _kg(location, index=True)
    if kg.store.derived() is None:
        raise SystemExit(f"the derived index of {location} is not ready: igfkg index rebuild --store {location}")
    samples = sample_params(EmbeddedStore(location, read_only=True))
    dates = sorted(str(r[3].value) for r in kg.query("meetings").rows if r[3] is not None)
    year = dates[len(dates) // 2][:4]  # the median meeting's year
    tasks = [t for t in _tasks(samples, year) if not args.only or t[0] in args.only.split(",")]
    served = None
    proc = None
    if args.serve:
        proc, url = start_serve(Path(location), timeout=int(args.limit), answer_cache_mb=args.answer_cache_mb)
        from igfkg.core import Igfkg
        served = Igfkg.__new__(Igfkg)
        served.store = RemoteStore(url, read_only=True, timeout=args.limit + 60)
    rows = []
    try:
        for label, kind, params in tasks:
            a = {"name": label, "params": params} if kind == "query" else params if kind == "network" else {"params": params}
            index_s, n = _timed(kg, kind, a, args.repeat)
            serve_s = _timed(served, kind, a, args.repeat)[0] if served is not None else None
            store_s = None if args.no_store else _one_in_store(location, kind, a, args.limit)
            rows.append({"task": label, "rows": n, "index_ms": index_s * 1000,
                         "serve_ms": None if serve_s is None else serve_s * 1000,
                         "store_ms": None if store_s is None else store_s * 1000, "store_over": store_s is None and not args.no_store})
            print(f"  {label}: index {index_s * 1000:.1f} ms" + (f", served {serve_s * 1000:.1f} ms" if serve_s is not None else "")
                  + ("" if args.no_store else f", store {'> %g s' % args.limit if store_s is None else f'{store_s * 1000:.0f} ms'}"),
                  file=sys.stderr, flush=True)
    finally:
        if proc is not None:
            stop(proc)
    print(f"\n{machine()}; store {location}\n")
    print("| task | rows | derived index p50 (ms) | through serve p50 (ms) | store, one run (ms) | store / index |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        store = ("> %g s" % args.limit) if r["store_over"] else ("" if r["store_ms"] is None else f"{r['store_ms']:,.0f}")
        ratio = (f"> {args.limit * 1000 / r['index_ms']:,.0f}x" if r["store_over"] else
                 "" if r["store_ms"] is None else f"{r['store_ms'] / r['index_ms']:,.0f}x")
        serve = "" if r["serve_ms"] is None else f"{r['serve_ms']:,.1f}"
        print(f"| {r['task']} | {r['rows']:,} | {r['index_ms']:,.1f} | {serve} | {store} | {ratio} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
