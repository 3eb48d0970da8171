"""First pages with their totals (``igfkg query NAME --limit 20``): about-concept, paged from the
meetings' summary facts, against the whole answer, embedded and through ``igfkg serve``, in one run.

Usage::

    python benchmarks/pages.py --store /tmp/bq/store-1000-seed0 --repeat 5
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int) -> tuple[float, object]:
    """The median of ``repeat`` runs after one warm-up, and the last result."""
    out = fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2], out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="a store folder (served here too)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--whole", action="store_true", help="also time the whole answer")
    args = ap.parse_args(argv)
    from benchmarks.queries import sample_params, start_serve, stop
    from queries.paging import page
    from queries.run import run
    from queries.store import EmbeddedStore, RemoteStore
    embedded = EmbeddedStore(args.store, read_only=True)
    concept = sample_params(embedded)["concept:string"][0]
    proc, url = start_serve(args.store)
    try:
        print(f"| about-concept ({concept}) | first page of {args.limit} (ms) | total | whole answer (ms) |")
        print("|---|---:|---:|---:|")
        for name, store in (("embedded", embedded), ("serve", RemoteStore(url, read_only=True))):
            p50, got = timed(lambda: page(store, "about-concept", {"concept": concept}, limit=args.limit), args.repeat)
            whole = timed(lambda: run(store, "about-concept", {"concept": concept}), 1)[0] if args.whole else None
            print(f"| {name} | {p50 * 1000:.1f} | {got.total} | {'' if whole is None else f'{whole * 1000:.0f}'} |", flush=True)
    finally:
        stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
