"""Probe igfkg's limits with bad inputs: each is generated in a temporary folder (nothing big is
kept), ingested by ``igfkg ingest`` in its own process, and measured: exit code, wall time, peak
memory (the process's ``ru_maxrss``) and the first line of its message.

Then the endpoint (``--endpoint``): ``igfkg serve``'s proxy and engine workers on a store of
the example report, with a 2 s time limit and 2 queries at once (the default), take one (then eight) heavy
queries and a cheap one while they run; measured: the answers, the cheap query's wait, and the CPU the engine
workers use in the second that starts one second after the limit.

Usage::

    python benchmarks/limits.py            # a table
    python benchmarks/limits.py --json     # one JSON object per input
    python benchmarks/limits.py --endpoint # the endpoint only

The acceptance (issue 13): every input is ingested or refused clearly, in under 30 s and 1 GB;
a zip bomb in under 5 s.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGFKG = [sys.executable, "-c", "from igfkg.cli import main; main()"]
HEAD = "Meeting of the Working Group, 3 March 2025\n\nParticipants:\nAna Example (Chair)\nBo Sample\n\nDiscussion\n\n"
WORDS = ("the group agreed that members should review the paper and send comments to the secretariat "
         "before the next meeting Ms. Example said").split()


def prose(size: int, *, line_every: int = 0, seed: int = 1) -> str:
    rnd, out, n = random.Random(seed), [], 0
    while n < size:
        s = " ".join(rnd.choice(WORDS) for _ in range(12)).capitalize() + "."
        out.append(s + ("\n\n" if line_every and len(out) % line_every == 0 else " "))
        n += len(out[-1])
    return "".join(out)


def docx(paragraphs: int) -> bytes:
    """A .docx whose document part unpacks to ``paragraphs`` copies of one paragraph."""
    sys.path.insert(0, str(ROOT / "tests"))
    from report_variants import docx_bomb
    return docx_bomb(paragraphs)


def pdf(pages: int) -> bytes:
    from fpdf import FPDF
    p = FPDF()
    p.set_font("helvetica", size=12)
    for i in range(pages):
        p.add_page()
        p.cell(text=f"Page {i}: Ana Example noted the GDC.")
    return bytes(p.output())


def inputs(folder: Path) -> list[tuple[str, Path]]:
    """(what, file) for every bad input, written into ``folder``."""
    made: list[tuple[str, Path]] = []

    def put(name: str, what: str, data: bytes | str) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        made.append((what, path))

    bomb = docx(3_000_000)  # ~140 MB of XML from a small file
    put("bomb.docx", f"DOCX zip bomb ({len(bomb) // 1024} KB, ~140 MB unpacked)", bomb)
    put("bomb-renamed.txt", "the same zip bomb renamed .txt", bomb)
    put("many-paragraphs.docx", "DOCX of 150,000 paragraphs", docx(150_000))
    put("pages.pdf", "PDF of 1,200 pages", pdf(1200))
    put("deep.html", "HTML nested 5,000 deep", "<html><body>" + "<div><span>" * 5000 + "<p>Ana noted it.</p>"
        + "</span></div>" * 5000 + "</body></html>")
    huge = folder / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(4 * 2**30)  # sparse
    made.append(("4 GB file (sparse)", huge))
    zero = folder / "zero.txt"
    zero.symlink_to("/dev/zero")
    made.append(("/dev/zero (a link named .txt)", zero))
    put("para-128k.txt", "one 128 KB paragraph", HEAD + prose(128_000) + "\n")
    put("para-1m.txt", "one 1 MB paragraph", HEAD + prose(1_000_000) + "\n")
    put("line-5m.txt", "one 5 MB line", HEAD + prose(5_000_000) + "\n")
    put("prose-19m.txt", "a 19 MB prose report (under the 20 MiB cap)", HEAD + prose(19_000_000, line_every=8) + "\n")
    put("names.txt", "participants with quotes, <, control characters, NUL",
        "Intro.\n" * 700 + HEAD.replace("Bo Sample\n", "Bo Sample\nCy\x07 Test\nDee\x00 Null\nGus Smith\"); DROP ALL; #\n")
        + "Ana Example noted the GDC.\n")
    put("binary.txt", "binary bytes named .txt", bytes(range(256)) * 64)
    put("empty.txt", "an empty file", b"  \n")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--endpoint", action="store_true", help="probe the endpoint only")
    args = parser.parse_args()
    if args.endpoint:
        print(json.dumps(endpoint_probe(), indent=None if args.json else 1))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for what, path in inputs(folder):
            store = folder / f"store-{path.stem}"
            row = {"input": what, **measured(path, store)}
            rows.append(row)
            if args.json:
                print(json.dumps(row), flush=True)
            else:
                print(f"{row['input'][:48]:48}  exit {row['exit']}  {row['seconds']:6.1f} s  {row['peak_mb']:6.0f} MB  "
                      f"{row['message'][:110]}", flush=True)
    worst = max(rows, key=lambda r: r["seconds"])
    heaviest = max(rows, key=lambda r: r["peak_mb"])
    summary = {"inputs": len(rows), "refused": sum(r["exit"] != 0 for r in rows),
               "slowest": [worst["input"], worst["seconds"]], "most_memory": [heaviest["input"], heaviest["peak_mb"]]}
    print(json.dumps(summary) if args.json else f"\n{summary}")


def measured(path: Path, store: Path) -> dict:
    """Run the ingest in a child process; its peak memory from its own resource usage (wait4)."""
    with tempfile.TemporaryFile() as out:
        started = time.monotonic()
        proc = subprocess.Popen([*IGFKG, "ingest", str(path), "--store", str(store), "--validate", "none"],
                                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace").strip().splitlines()
    proc.returncode = os.waitstatus_to_exitcode(status)
    message = next((line for line in text if path.name in line and "ingesting" not in line),
                   next((line for line in text if line.startswith("total")), text[0] if text else ""))
    return {"exit": proc.returncode, "seconds": round(seconds, 1), "peak_mb": round(usage.ru_maxrss / 1024),
            "message": message.replace(str(path.parent) + "/", "")}


def endpoint_probe() -> list[dict]:
    """One, then eight heavy queries and a cheap one at an endpoint with a 2 s limit (see the module docstring)."""
    return [_endpoint_probe(n) for n in (1, 8)]


def _endpoint_probe(n: int) -> dict:
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request
    sys.path.insert(0, str(ROOT))
    from igfkg.core import Igfkg
    from igfkg.endpoint import Limits, open_endpoint, run_endpoint

    def get(url: str) -> tuple[int, float]:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=120) as r:
                r.read()
                return r.status, time.monotonic() - started, ""
        except urllib.error.HTTPError as e:
            return e.code, time.monotonic() - started, e.read().decode()[:200]

    def cpu(pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        kg = Igfkg(str(store))
        kg.ingest_paths([ROOT / "examples"], validate="none")
        del kg
        server, backend = open_endpoint(store, port=0, limits=Limits(timeout=2), quiet=True)
        threading.Thread(target=run_endpoint, args=(server, backend), daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/query?query="
        heavy = base + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        answers: list[tuple[int, float]] = []
        threads = [threading.Thread(target=lambda: answers.append(get(heavy))) for _ in range(n)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        cheap = get(base + urllib.parse.quote("ASK {}"))
        for t in threads:
            t.join()
        time.sleep(1.0)
        pids = backend.pids()  # the workers started after the kills included
        before = sum(cpu(pid) for pid in pids)
        time.sleep(1.0)
        used = sum(cpu(pid) for pid in pids) - before
        server.shutdown()
        backend.stop()
    return {"heavy_queries": n, "heavy_answers": sorted(a[0] for a in answers), "slowest_heavy_answer_s": round(max(a[1] for a in answers), 1),
            "cheap_answer": cheap[0], "cheap_message": cheap[2], "cheap_wait_s": round(cheap[1], 2), "database_cpu_s_in_second_after": round(used, 2),
            "database_restarts": backend.restarts}


if __name__ == "__main__":
    main()
