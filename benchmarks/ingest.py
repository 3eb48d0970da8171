"""Benchmark igfkg's ingest of N generated reports against a naive rdflib baseline, in one run.

Variants, each in its own subprocess so that they share no memory (peak memory is the
subprocess's ``ru_maxrss``):

- ``igfkg``: the real path, ``Igfkg(store).ingest_paths(files)``: extract, emit, SHACL-validate
  each report's graph (with the vocabularies), and store the reports' named graphs in the on-disk
  pyoxigraph store (in groups of new graphs, each group one bulk load, all or nothing);
- ``igfkg-novalidate``: the same with ``validate="none"`` (``--validate none``);
- ``igfkg-jobs2``: the real path with extraction, emit and validation in two worker processes
  (``jobs=2``), where this igfkg's ``ingest_paths`` has a ``jobs`` parameter; its peak memory is
  the writer's plus each worker's;
- ``igfkg-jobs2-sample``: the same with ``validate="sample"`` (``--validate sample``: the first
  report, every 10th, and each report with a node of a new shape);
- ``igfkg-jobs2-novalidate``: the same with ``validate="none"``;
- ``baseline``: the same extraction (``ingest.pipeline.extract`` and ``ingest.emit.emit``), but
  each report's N-Triples are parsed into one plain in-memory ``rdflib.Graph``, which is
  serialised to one Turtle file at the end.

Usage::

    python benchmarks/ingest.py -n 100
    python benchmarks/ingest.py -n 300 --repeat 3 --json results.json

The timer starts after the imports and includes everything else: loading the vocabularies,
opening the store (and loading the ontology into it), parsing the shapes, and the final write
(store flush, or Turtle serialisation).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, this folder comes first on sys.path, and this file would shadow igfkg's own
# ``ingest`` package: drop the folder and put the project root there instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
#: igfkg's variants: (validation mode, worker processes, SHACL engine or None for ingest's default).
IGFKG_VARIANTS = {"igfkg": ("all", 1, None), "igfkg-novalidate": ("none", 1, None), "igfkg-jobs2": ("all", 2, None),
                  "igfkg-jobs2-sample": ("sample", 2, None), "igfkg-jobs2-novalidate": ("none", 2, None),
                  "igfkg-pyshacl": ("all", 1, "pyshacl"), "igfkg-sparql": ("all", 1, "sparql"),
                  "igfkg-jobs2-pyshacl": ("all", 2, "pyshacl")}
#: What is measured apart: storing alone (the same reports extracted and emitted before the
#: timer starts, then bulk-loaded as ingest loads them), and each engine validating alone.
APART = ("store-only", "validate-shacl", "validate-sparql", "validate-pyshacl")
VARIANTS = (*IGFKG_VARIANTS, *APART, "baseline")


def _rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size of this process (or its largest child) so far, in MiB (Linux reports KiB)."""
    kib = resource.getrusage(who).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def _cpu_seconds() -> float:
    """User plus system CPU time of this process and its finished children (extraction workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _files(folder: Path) -> list[Path]:
    """The report files of the corpus, in name order."""
    return sorted(folder.glob("*.txt"))


class Progress:
    """Appends "reports-done seconds peak-RSS-MiB" after each report, so a run cut short by the
    timeout still tells how far it got and how the time per report grew."""

    def __init__(self, work: Path, t0: float) -> None:
        self.file = (work / "progress.txt").open("w", encoding="utf-8")
        self.t0 = t0
        self.done = 0

    def tick(self, *_: object) -> None:
        self.done += 1
        self.file.write(f"{self.done} {time.perf_counter() - self.t0:.3f} {_rss_mib():.1f}\n")
        self.file.flush()


def read_progress(work: Path) -> list[tuple[int, float, float]]:
    """The (reports done, seconds, peak RSS MiB) lines a worker wrote."""
    path = work / "progress.txt"
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            out.append((int(parts[0]), float(parts[1]), float(parts[2])))
    return out


def per_report(progress: list[tuple[int, float, float]], n: int) -> tuple[float | None, float | None]:
    """Mean seconds per report over the first and the last tenth of the reports done."""
    if len(progress) < 2:
        return None, None
    k = max(1, len(progress) // 10)
    times = [0.0] + [t for _, t, _ in progress]
    first = (times[k] - times[0]) / k
    last = (times[-1] - times[-1 - k]) / k
    return first, last


def run_igfkg(reports: Path, work: Path, *, validate: bool | str, jobs: int = 1, engine: str | None = None) -> dict[str, object]:
    """igfkg's real ingest path into an on-disk store in ``work``."""
    import inspect

    from igfkg.core import Failed, Igfkg

    extra: dict[str, object] = {}
    if jobs > 1:
        if "jobs" not in inspect.signature(Igfkg.ingest_paths).parameters:
            return {"skipped": "this igfkg's ingest_paths has no jobs parameter"}
        extra["jobs"] = jobs
    if engine is not None:
        if "engine" not in inspect.signature(Igfkg.ingest_paths).parameters:
            return {"skipped": "this igfkg's ingest_paths has no engine parameter"}
        extra["engine"] = engine

    files = _files(reports)
    rss_start = _rss_mib()
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    progress = Progress(work, t0)
    kg = Igfkg(str(work / "store"))
    results = kg.ingest_paths(files, validate=validate, on_result=progress.tick, **extra)  # type: ignore[arg-type]
    t_write = time.perf_counter()
    kg.store.flush()
    seconds = time.perf_counter() - t0
    write_seconds = time.perf_counter() - t_write
    cpu = _cpu_seconds() - cpu0
    failed = [r for r in results if isinstance(r, Failed)]
    return {"reports": len(files), "failed": len(failed), "errors": [f"{f.path}: {f.error}" for f in failed[:5]],
            "validated": sum(bool(getattr(r, "validated", validate is True or validate == "all")) for r in results
                             if not isinstance(r, Failed)),
            "seconds": seconds, "triples": len(kg.store), "rss_start_mib": rss_start, "rss_peak_mib": _rss_mib(),
            "rss_worker_peak_mib": _rss_mib(resource.RUSAGE_CHILDREN) if jobs > 1 else None, "jobs": jobs,
            "write_seconds": write_seconds, "cpu_seconds": cpu}


def _emitted(reports: Path) -> list:
    """Every report extracted (each resolved against the people of those before it) and emitted."""
    from igfkg.batch import _learn
    from ingest.emit import emit_ntriples
    from ingest.pipeline import extract
    from ingest.read import read_report

    known: dict = {}
    out = []
    for path in _files(reports):
        x = extract(read_report(path), known=known)
        _learn(known, x)
        out.append(emit_ntriples(x))
    return out


def run_apart(variant: str, reports: Path, work: Path) -> dict[str, object]:
    """Storing alone, or one engine validating alone, on reports extracted before the timer starts."""
    from igfkg.core import Igfkg
    from queries.store import GraphWrite

    emitted = _emitted(reports)
    kg = Igfkg(str(work / "store")) if variant == "store-only" else None
    if variant != "store-only":
        from ingest.validate import validate_ntriples
        validate_ntriples("", engine=variant.split("-", 1)[1])  # compile the shapes, load the vocabularies
    rss_start = _rss_mib()
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    progress = Progress(work, t0)
    failed = 0
    if kg is not None:
        group = 128  # as the writer does (igfkg.batch.GROUP_MOST)
        for i in range(0, len(emitted), group):
            part = emitted[i:i + group]
            errors = kg.store.replace_graphs([GraphWrite.made(e.graph, e.own, e.shared) for e in part])
            failed += sum(e is not None for e in errors)
            for _ in part:
                progress.tick()
        kg.store.flush()
    else:
        for e in emitted:
            failed += not validate_ntriples(e.own + e.shared, engine=variant.split("-", 1)[1]).conforms
            progress.tick()
    seconds = time.perf_counter() - t0
    return {"reports": len(emitted), "failed": failed, "errors": [], "seconds": seconds,
            "validated": len(emitted) if kg is None else 0,
            "triples": len(kg.store) if kg is not None else sum(e.triples for e in emitted),
            "rss_start_mib": rss_start, "rss_peak_mib": _rss_mib(), "cpu_seconds": _cpu_seconds() - cpu0}


def run_baseline(reports: Path, work: Path) -> dict[str, object]:
    """The naive path: igfkg's extraction, one in-memory rdflib Graph, one Turtle file at the end."""
    from rdflib import Graph

    from ingest.emit import emit
    from ingest.errors import IgfkgError
    from ingest.pipeline import extract
    from ingest.read import read_report

    files = _files(reports)
    rss_start = _rss_mib()
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    progress = Progress(work, t0)
    graph = Graph()
    errors: list[str] = []
    for path in files:
        try:
            _, g = emit(extract(read_report(path)))
        except IgfkgError as e:
            errors.append(f"{path}: {e}")
            continue
        finally:
            progress.tick()
        graph.parse(data=g.serialize(format="nt"), format="nt")
    out = work / "all.ttl"
    t_write = time.perf_counter()
    graph.serialize(destination=str(out), format="turtle")
    seconds = time.perf_counter() - t0
    write_seconds = time.perf_counter() - t_write
    return {"reports": len(files), "failed": len(errors), "errors": errors[:5], "seconds": seconds,
            "triples": len(graph), "rss_start_mib": rss_start, "rss_peak_mib": _rss_mib(),
            "turtle_bytes": out.stat().st_size, "write_seconds": write_seconds,
            "cpu_seconds": _cpu_seconds() - cpu0}


def worker(variant: str, reports: Path, work: Path) -> dict[str, object]:
    """Run one variant in this process."""
    work.mkdir(parents=True, exist_ok=True)
    if variant == "baseline":
        return run_baseline(reports, work)
    if variant in APART:
        return run_apart(variant, reports, work)
    mode, jobs, engine = IGFKG_VARIANTS[variant]
    return run_igfkg(reports, work, validate=mode, jobs=jobs, engine=engine)


def spawn(variant: str, reports: Path, work: Path, timeout: float | None = None) -> dict[str, object]:
    """Run one variant in a fresh Python process and return its measurements.

    A run that exceeds ``timeout`` seconds is killed; its result then says how many reports it
    got through (``timed_out``, ``reports_done``) from the worker's progress file.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    n = len(_files(reports))
    try:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", variant,
                               "--reports", str(reports), "--work", str(work)],
                              capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=timeout)
    except subprocess.TimeoutExpired:
        progress = read_progress(work)
        done, seconds, rss = progress[-1] if progress else (0, float(timeout or 0), float("nan"))
        first, last = per_report(progress, n)
        return {"reports": n, "failed": 0, "errors": [], "timed_out": True, "timeout": timeout,
                "reports_done": done, "seconds": seconds, "triples": None, "rss_start_mib": float("nan"),
                "rss_peak_mib": rss, "first_tenth_s": first, "last_tenth_s": last}
    if proc.returncode != 0:
        raise RuntimeError(f"variant {variant} failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if result.get("skipped"):
        return result
    result["reports_done"] = n
    result["first_tenth_s"], result["last_tenth_s"] = per_report(read_progress(work), n)
    return result


def benchmark(n: int, *, seed: int = 0, repeat: int = 1, variants: tuple[str, ...] = VARIANTS,
              keep: Path | None = None, timeout: float | None = None) -> dict[str, dict[str, object]]:
    """Generate ``n`` reports and measure each variant ``repeat`` times (median seconds, max memory)."""
    spec = importlib.util.spec_from_file_location("igfkg_benchmark_corpus", HERE / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = corpus  # type: ignore[union-attr]
    spec.loader.exec_module(corpus)  # type: ignore[union-attr]

    with tempfile.TemporaryDirectory(prefix="igfkg-bench-") as tmp:
        base = keep or Path(tmp)
        reports = base / "reports"
        corpus.write_corpus(reports, n, seed=seed)
        results: dict[str, dict[str, object]] = {}
        for variant in variants:
            runs = [spawn(variant, reports, base / f"{variant}-{i}", timeout) for i in range(repeat)]
            if runs[0].get("skipped"):
                print(f"skipped {variant}: {runs[0]['skipped']}", file=sys.stderr)
                continue
            best = dict(runs[0])
            best["seconds"] = statistics.median(float(r["seconds"]) for r in runs)  # type: ignore[arg-type]
            best["rss_peak_mib"] = max(float(r["rss_peak_mib"]) for r in runs)  # type: ignore[arg-type]
            best["runs"] = [float(r["seconds"]) for r in runs]  # type: ignore[arg-type]
            cpus = [float(r["cpu_seconds"]) for r in runs if r.get("cpu_seconds") is not None]  # type: ignore[arg-type]
            best["cpu_seconds"] = statistics.median(cpus) if cpus else None
            best["reports_per_s"] = float(best["reports_done"]) / float(best["seconds"])  # type: ignore[arg-type]
            results[variant] = best
        return results


def _fmt(value: object, spec: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    return format(value, spec)


def table(results: dict[str, dict[str, object]], n: int) -> str:
    """The results as a Markdown table, with throughput relative to the baseline.

    "s/report first|last 10%" is the mean time per report over the first and the last tenth of
    the reports done: equal when ingest scales linearly, growing when each report costs more
    as the store fills.
    """
    base = results.get("baseline")
    rows = ["| variant | reports done | failed | seconds | reports/s | vs baseline | CPU s | reports/CPU-s | "
            "vs baseline (CPU) | s/report first 10% | s/report last 10% | triples | RSS after imports (MiB) | "
            "peak RSS (MiB) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]

    def per_cpu(r: dict[str, object]) -> float | None:
        cpu = r.get("cpu_seconds")
        return float(r["reports_done"]) / float(cpu) if cpu else None  # type: ignore[arg-type]

    for variant, r in results.items():
        ratio = (f"{float(r['reports_per_s']) / float(base['reports_per_s']):.2f}x"  # type: ignore[arg-type]
                 if base and not base.get("timed_out") else "-")
        base_cpu = per_cpu(base) if base and not base.get("timed_out") else None
        cpu_ratio = f"{per_cpu(r) / base_cpu:.2f}x" if base_cpu and per_cpu(r) else "-"  # type: ignore[operator]
        done = f"{r['reports_done']} of {n}" + (f" (timed out at {_fmt(r.get('timeout'), '.0f')} s)" if r.get("timed_out") else "")
        rows.append(f"| {variant} | {done} | {r['failed']} | {_fmt(r['seconds'], '.1f')} | "
                    f"{_fmt(r['reports_per_s'], '.2f')} | {ratio} | {_fmt(r.get('cpu_seconds'), '.1f')} | "
                    f"{_fmt(per_cpu(r), '.2f')} | {cpu_ratio} | {_fmt(r.get('first_tenth_s'), '.2f')} | "
                    f"{_fmt(r.get('last_tenth_s'), '.2f')} | {_fmt(r['triples'], 'd')} | "
                    f"{_fmt(r['rss_start_mib'], '.0f')} | {_fmt(r['rss_peak_mib'], '.0f')}"
                    + (f" + {r['jobs']} x {_fmt(r['rss_worker_peak_mib'], '.0f')}" if r.get("rss_worker_peak_mib") else "")
                    + " |")
    return "\n".join(rows)


def machine() -> str:
    """One line describing the machine and the library versions."""
    from importlib.metadata import version
    cpu = platform.processor() or ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    libs = ", ".join(f"{p} {version(p)}" for p in ("rdflib", "pyoxigraph", "pyshacl"))
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {libs}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark igfkg ingest against a naive rdflib baseline.")
    ap.add_argument("-n", type=int, default=100, help="number of generated reports (default 100)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per variant; the median time is reported")
    ap.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated subset of {', '.join(VARIANTS)}")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds after which a variant's run is stopped and reported as partial (default: none)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the reports, stores and Turtle in this folder")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw results to this JSON file")
    ap.add_argument("--worker", choices=VARIANTS, help=argparse.SUPPRESS)
    ap.add_argument("--reports", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.reports, args.work)))
        return 0
    variants = tuple(v.strip() for v in args.variants.split(",") if v.strip())
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        ap.error(f"unknown variant(s): {', '.join(sorted(unknown))}")
    results = benchmark(args.n, seed=args.seed, repeat=args.repeat, variants=variants, keep=args.keep,
                        timeout=args.timeout)
    print(f"igfkg ingest benchmark: {args.n} generated reports (seed {args.seed}), {args.repeat} run(s) per variant")
    print(f"machine: {machine()}\n")
    print(table(results, args.n))
    checked = [f"{v} {r['validated']} of {r['reports_done']}" for v, r in results.items() if r.get("validated") is not None
               and v != "baseline"]
    if checked:
        print("\nSHACL-validated: " + "; ".join(checked))
    for variant, r in results.items():
        for e in r.get("errors") or []:  # type: ignore[union-attr]
            print(f"FAILED ({variant}): {e}")
    if args.json:
        args.json.write_text(json.dumps({"n": args.n, "seed": args.seed, "machine": machine(), "results": results}, indent=1))
    return 1 if any(r["failed"] or r.get("timed_out") for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
