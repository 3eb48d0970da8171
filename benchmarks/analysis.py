"""Latency of the topic and network analyses on a store of N generated meetings (default 500),
against a plain rdflib in-memory Dataset holding the same quads as a baseline, in the same run.

    python benchmarks/analysis.py -n 500 [--work DIR] [--repeat 5]

Prints a Markdown table: p50 and max over --repeat runs of each analysis. Target (issue
"Across meetings"): every one under 1 s at 500 meetings.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMED = ("topic-timeline", "first-raised", "speaker-topics", "co-participation")


def build(work: Path, n: int) -> Path:
    import importlib.util

    from igfkg.core import Igfkg
    spec = importlib.util.spec_from_file_location("corpus", Path(__file__).resolve().parent / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = corpus  # not on sys.path: benchmarks/ingest.py would shadow the ingest package
    spec.loader.exec_module(corpus)
    write_corpus = corpus.write_corpus
    store = work / f"store-{n}"
    if not (store / "CURRENT").exists():
        files = write_corpus(work / f"reports-{n}", n)
        kg = Igfkg(str(store))
        t = time.monotonic()
        failed = [r for r in kg.ingest_paths(files, validate=False, jobs=2, force=True) if not hasattr(r, "graph")]
        print(f"built {n} reports in {time.monotonic() - t:.0f} s ({len(failed)} failed)", file=sys.stderr)
        del kg
    return store


def timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--work", type=Path, default=Path("/tmp/igfkg-bench-analysis"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline", action="store_true", help="Also time rdflib's in-memory store (minutes per query at 500).")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    store = build(args.work, args.n)

    import pyoxigraph as ox
    from rdflib import Dataset

    from igfkg.core import Igfkg
    from ontology import PREFIXES
    from queries.analysis import topic_trend
    from queries.network import build_network, summarize
    from queries.run import named_queries

    kg = Igfkg(str(store), read_only=True)
    cases = {f"query {q}": (lambda q=q: kg.query(q)) for q in NAMED}
    cases["topic-trend (last 10)"] = lambda: topic_trend(kg, 10)
    for kind in ("co-attendance", "co-mention", "interaction", "person-concept"):
        cases[f"network {kind}"] = lambda kind=kind: build_network(kg, kind)
    cases["network co-attendance + summary"] = lambda: summarize(build_network(kg, "co-attendance"))

    baseline = {}
    if args.baseline:
        ds = Dataset(default_union=True)
        ds.parse(data=kg.store.dump(ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        baseline = {f"query {q}": (lambda q=q: list(ds.query(prologue + named_queries()[q].sparql))) for q in NAMED}

    print(f"| analysis ({args.n} meetings) | igfkg p50 (s) | igfkg max (s) | rdflib p50 (s) | speed-up | under 1 s |")
    print("|---|---:|---:|---:|---:|---|")
    for name, fn in cases.items():
        p50, worst = timed(fn, args.repeat)
        base = ""
        ratio = ""
        if name in baseline:
            b50, _ = timed(baseline[name], 1)
            base, ratio = f"{b50:.2f}", f"{b50 / p50:.0f}x"
        print(f"| {name} | {p50:.3f} | {worst:.3f} | {base} | {ratio} | {'yes' if worst < 1 else 'no'} |")


if __name__ == "__main__":
    main()
