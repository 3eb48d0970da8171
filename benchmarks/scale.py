"""A large store made quickly from a smaller one: its meetings' graphs copied K times, each copy
with its own series, meetings, reports and people (IRIs suffixed ``-rK``, names followed by
" rK"), sharing the vocabulary, the organisations and the days. The copies keep everything the
smaller store's reports gave, summary facts included, so K copies of 1,000 ingested reports are
a store of 10,000 meetings in 30 series with about as many people (2,160) as the 10,000-report
corpus of ``corpus.py`` (2,400), in minutes instead of the hours a full ingest takes on a busy
two-core machine. It is a store for timing queries, not for checking extraction.

Usage::

    python benchmarks/scale.py /tmp/bq/store-1000-seed0 /tmp/bq10k/store-10000-copies -k 10
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ID = "https://w3id.org/igfkg/id/"
# The first path segment after these kinds names a thing one report or series owns.
_OWNED = re.compile(r"<" + re.escape(ID) + r"(graph/meeting|meeting|series|person|report|extraction)/([^/>]+)")
_NAME = re.compile(r'^(<' + re.escape(ID) + r'person/[^>]+> <http://xmlns\.com/foaf/0\.1/(?:name|familyName)> ")(.*)(" )')


def copy_lines(nquads: str, k: int) -> str:
    """The N-Quads of copy ``k`` (copy 0 is the original).

    >>> line = '<https://w3id.org/igfkg/id/person/ana> <http://xmlns.com/foaf/0.1/name> "Ana Example" <https://w3id.org/igfkg/id/graph/x> .'
    >>> copy_lines(line, 3)
    '<https://w3id.org/igfkg/id/person/ana-r3> <http://xmlns.com/foaf/0.1/name> "Ana Example r3" <https://w3id.org/igfkg/id/graph/x> .'
    """
    if k == 0:
        return nquads
    suffix = f"-r{k}"
    out = _OWNED.sub(lambda m: f"<{ID}{m.group(1)}/{m.group(2)}{suffix}", nquads)
    return "\n".join(_NAME.sub(lambda m: f"{m.group(1)}{m.group(2)} r{k}{m.group(3)}", line) for line in out.split("\n"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="a store folder to copy from")
    ap.add_argument("target", type=Path, help="a new store folder")
    ap.add_argument("-k", type=int, default=10, help="copies (default 10)")
    args = ap.parse_args(argv)
    if args.target.exists():
        ap.error(f"{args.target} exists; give a new folder")
    import pyoxigraph as ox
    t = time.perf_counter()
    source = ox.Store.read_only(str(args.source))
    vocabulary = ID + "graph/vocabulary"  # ontology.VOCABULARY_GRAPH: loaded once, not copied
    lines = [q for q in source.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").split("\n") if q]
    del source
    print(f"read {len(lines)} quads in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    vocab = "\n".join(q for q in lines if q.endswith(f"<{vocabulary}> ."))
    own = "\n".join(q for q in lines if not q.endswith(f"<{vocabulary}> ."))
    target = ox.Store(str(args.target))
    target.bulk_load(vocab.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    for k in range(args.k):
        target.bulk_load(copy_lines(own, k).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        print(f"copy {k + 1}/{args.k} loaded, {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    target.optimize()
    print(f"{len(target)} quads in {args.target} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
