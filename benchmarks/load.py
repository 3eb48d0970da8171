"""Load test of ``igfkg serve``: concurrent clients send a mix of named queries over loopback HTTP
for a bounded time and a bounded number of requests; prints the count, the errors and p50/p95.

The endpoint is ``igfkg serve`` started here on a store of N generated reports (built as
benchmarks/queries.py builds it, and kept in ``--work``), or a running one given by ``--url``,
which must be on this machine (loopback): this is not a tool for loading other people's servers.
Each client is a thread with its own ``RemoteStore`` (the code ``--store http://...`` runs), and
picks queries by weight and parameters from the store's most typical values. Exit 1 on any error.

Usage::

    python benchmarks/load.py -n 1000 --clients 8 --seconds 60
    python benchmarks/load.py --url http://127.0.0.1:7878 --seconds 10
"""
from __future__ import annotations

import argparse
import ipaddress
import random
import socket
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # this folder's queries.py would shadow the package
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The interactive mix: look-ups by person, concept and meeting, lists, and a little analysis.
MIX = {"who-said-what": 3, "about-concept": 3, "person-statements": 2, "meeting-statements": 2, "meeting": 2,
       "meetings": 1, "concepts": 1, "people": 1, "topic-timeline": 1, "co-participation": 1}


def loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return all(ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None))
    except (OSError, ValueError):
        return False


def peak_rss_mib(pid: int) -> dict[str, float]:
    """The high-water mark of resident memory (VmHWM) of a process and its descendants, by command name (Linux)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    out: dict[str, float] = {}
    todo = [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        name = status.split("Name:", 1)[1].split()[0]
        hwm = int(status.split("VmHWM:", 1)[1].split()[0]) / 1024 if "VmHWM:" in status else 0.0
        out[f"{name}[{p}]"] = hwm
    return out


def memory_mib(pid: int) -> dict[str, tuple[float, float]]:
    """(anonymous, file-mapped) resident memory in MiB of a process and its descendants, by command
    name and pid (Linux; RssAnon and RssFile of /proc/PID/status). Anonymous pages are the process's
    own memory (heap, caches, buffered results); file pages are the store's files mapped in, which
    the kernel drops under pressure and shares with the page cache."""
    out: dict[str, tuple[float, float]] = {}
    for key in peak_rss_mib(pid):
        p = int(key.rsplit("[", 1)[1].rstrip("]"))
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        field = lambda name: int(status.split(name + ":", 1)[1].split()[0]) / 1024 if name + ":" in status else 0.0  # noqa: E731
        out[key] = (field("RssAnon"), field("RssFile"))
    return out


class MemorySampler(threading.Thread):
    """Samples ``memory_mib`` every ``every`` seconds until stopped; keeps each process's peaks."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.done = pid, every, threading.Event()
        self.peak_anon: dict[str, float] = {}
        self.peak_file: dict[str, float] = {}
        self.peak_total_anon = 0.0

    def run(self) -> None:
        while not self.done.is_set():
            now = memory_mib(self.pid)
            for k, (anon, file) in now.items():
                self.peak_anon[k] = max(self.peak_anon.get(k, 0.0), anon)
                self.peak_file[k] = max(self.peak_file.get(k, 0.0), file)
            self.peak_total_anon = max(self.peak_total_anon, sum(a for a, _ in now.values()))
            self.done.wait(self.every)

    def stop(self) -> str:
        self.done.set()
        self.join()
        parts = ", ".join(f"{k} {self.peak_anon[k]:.0f} + {self.peak_file.get(k, 0):.0f}" for k in self.peak_anon)
        return (f"peak anonymous RSS of igfkg serve (its own memory, sampled every {self.every:g} s, processes added up): "
                f"{self.peak_total_anon:.0f} MiB; per process, anonymous + file-mapped peak MiB: {parts}")


def run_load(url: str, samples: dict[str, list[str]], *, clients: int, seconds: float, max_requests: int,
             seed: int = 0, mix: dict[str, int] = MIX) -> dict:
    """Run the clients; return per-query latencies, the error messages and the wall time."""
    from benchmarks.queries import params_for
    from queries.run import named_queries
    from queries.run import run as run_query
    from queries.store import RemoteStore
    queries = named_queries()
    names, weights = zip(*[(n, w) for n, w in mix.items() if n in queries])
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock, sent = threading.Lock(), [0]
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        rng = random.Random(f"{seed}/{k}")
        store = RemoteStore(url, read_only=True, timeout=660)
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    return
                sent[0] += 1
            name = rng.choices(names, weights)[0]
            params = params_for(queries[name], samples, rng.randrange(1000))
            t = time.perf_counter()
            try:
                run_query(store, queries[name], params)
            except Exception as e:  # a load test counts every failure, whatever it is
                with lock:
                    errors.append(f"{name}: {type(e).__name__}: {e}")
                continue
            elapsed = time.perf_counter() - t
            with lock:
                times[name].append(elapsed)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"times": dict(times), "errors": errors, "wall_s": time.perf_counter() - start}


def report(result: dict, *, clients: int, seconds: float, url: str, n: int | None, mix: dict[str, int] = MIX) -> str:
    from benchmarks.queries import _ms, machine, percentile
    every = [t for ts in result["times"].values() for t in ts]
    count, errors = len(every), len(result["errors"])
    lines = [f"Load test: {clients} clients for {seconds:g} s against `igfkg serve` at {url}"
             + (f" ({n} reports)" if n else "") + f" on {machine()}", "",
             f"requests: {count + errors}, errors: {errors}, throughput: {(count + errors) / result['wall_s']:.1f}/s"
             + (f", p50 {_ms(percentile(every, 50))} ms, p95 {_ms(percentile(every, 95))} ms" if every else ""), "",
             "| query | requests | p50 ms | p95 ms |", "|---|---:|---:|---:|"]
    for name in mix:
        ts = result["times"].get(name)
        if ts:
            lines.append(f"| {name} | {len(ts)} | {_ms(percentile(ts, 50))} | {_ms(percentile(ts, 95))} |")
    for e in result["errors"][:10]:
        lines.append(f"\nerror: {e}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Load-test igfkg serve with concurrent named queries (loopback only).")
    ap.add_argument("-n", type=int, default=1000, help="reports in the generated store to serve (default 1000)")
    ap.add_argument("--url", default=None, help="a running endpoint on this machine, instead of starting one")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8, at most 64)")
    ap.add_argument("--seconds", type=float, default=60.0, help="how long to send queries (default 60, at most 600)")
    ap.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests (default 100000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus and query-mix seed (default 0)")
    ap.add_argument("--mix", default=",".join(f"{k}={v}" for k, v in MIX.items()),
                    help="queries and weights, NAME=WEIGHT,... (default: the interactive mix)")
    ap.add_argument("--timeout", type=int, default=30, help="the endpoint's time limit per query when started here (default 30 s)")
    ap.add_argument("--max-memory-mb", type=int, default=None,
                    help="the endpoint's memory limit when started here (igfkg serve --max-memory-mb)")
    ap.add_argument("--answer-cache-mb", type=int, default=None,
                    help="the endpoint's --answer-cache-mb when started here (default: igfkg serve's own, 64; 0: none kept)")
    ap.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "out", help="where stores are built and kept")
    args = ap.parse_args(argv)
    if not (1 <= args.clients <= 64 and 0 < args.seconds <= 600 and args.max_requests > 0):
        ap.error("--clients must be 1..64, --seconds 0..600, --max-requests positive")
    try:
        mix = {k: int(v) for k, _, v in (item.partition("=") for item in args.mix.split(",") if item)}
    except ValueError:
        ap.error("--mix: use NAME=WEIGHT,NAME=WEIGHT")
    from benchmarks.queries import build_store, sample_params, start_serve, stop
    from queries.store import EmbeddedStore, RemoteStore
    proc = None
    if args.url:
        if not loopback(args.url):
            ap.error(f"{args.url} is not on this machine; the load test only runs against loopback endpoints")
        url, samples = args.url, sample_params(RemoteStore(args.url, read_only=True))
    else:
        args.work.mkdir(parents=True, exist_ok=True)
        path = build_store(args.n, args.work, seed=args.seed)
        samples = sample_params(EmbeddedStore(path, read_only=True))
        proc, url = start_serve(path, timeout=args.timeout, max_memory_mb=args.max_memory_mb,
                                answer_cache_mb=args.answer_cache_mb)
    sampler = MemorySampler(proc.pid) if proc is not None else None
    if sampler:
        sampler.start()
    try:
        result = run_load(url, samples, clients=args.clients, seconds=args.seconds, max_requests=args.max_requests,
                          seed=args.seed, mix=mix)
        peak = peak_rss_mib(proc.pid) if proc is not None else None
        memory = sampler.stop() if sampler else None
    finally:
        if proc is not None:
            stop(proc)
    print(report(result, clients=args.clients, seconds=args.seconds, url=url, n=None if args.url else args.n, mix=mix))
    if memory:
        print(memory)
    if peak:
        print(f"peak RSS of igfkg serve (proxy and engine workers, each process's high-water mark added up): "
              f"{sum(peak.values()):.0f} MiB ({', '.join(f'{k} {v:.0f}' for k, v in peak.items())})")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
