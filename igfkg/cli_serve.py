"""``igfkg serve``: the store as a SPARQL 1.1 Protocol endpoint. Parses options and calls
``igfkg.endpoint``: a proxy that answers HTTP, with a time limit, a result-size cap, read-only
refusals and CORS, in front of engine workers (``igfkg.engine``) it talks to over pipes.
"""
from __future__ import annotations

import os
import signal
import sys

import click


@click.command("serve")
@click.option("--store", "store", default=None, metavar="STORE",
              help="Store folder to serve (default: $IGFKG_STORE or ./igfkg-store).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind: loopback by default; 0.0.0.0 makes the endpoint reachable from the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL Update (/update) and Graph Store writes (/store) from programs and from this "
                   "endpoint's own pages, never from another site's page; refused by default.")
@click.option("--timeout", type=click.IntRange(1), default=30, show_default=True, metavar="SECONDS",
              help="Time limit per query; a query still running then is stopped (its engine worker is restarted) "
                   "and answered HTTP 503.")
@click.option("--max-result-mb", type=click.IntRange(1), default=100, show_default=True, metavar="MB",
              help="Largest answer sent; a larger one is refused with HTTP 422.")
@click.option("--max-memory-mb", type=click.IntRange(64), default=None, metavar="MB",
              help="Memory of its own (anonymous RSS, not the store's mapped files) each engine worker may use; past it, it is restarted and "
                   "the query it runs gets HTTP 503 (default: half of this machine's memory).")
@click.option("--max-queries", type=click.IntRange(1), default=2, show_default=True, metavar="N",
              help="Queries run at once (one engine worker each; one in all with --writable); more wait for a free turn until "
                   "their time limit. Each running query holds its intermediate results in memory, so this bounds the memory.")
@click.option("--answer-cache-mb", type=click.IntRange(0), default=64, show_default=True, metavar="MB",
              help="Answers of the derived index (/derived) kept for the next client that asks the same, until the index "
                   "changes (0: none kept). Many clients asking the same archive-wide answer then cost one reading.")
@click.option("--allow-service", is_flag=True,
              help="Run queries with SERVICE clauses (the engine then sends requests to the URLs they "
                   "name); refused by default.")
@click.option("--quiet", is_flag=True, help="Do not log each request.")
def serve(store, host, port, writable, timeout, max_result_mb, max_memory_mb, max_queries, answer_cache_mb, allow_service,
          quiet):
    """Serve the store as a SPARQL 1.1 endpoint at http://HOST:PORT/query.

    Queries by GET or POST, answers in SPARQL results JSON, XML, CSV or TSV (Turtle, N-Triples
    or JSON-LD for CONSTRUCT and DESCRIBE) as the Accept header asks, with CORS for browser
    clients such as YASGUI. Read-only unless --writable. Every igfkg command takes the endpoint
    as its store. Do not ingest into the folder while a read-only endpoint serves it: stop the
    endpoint first, or serve with --writable and ingest through the endpoint.

    \b
    Example:
      igfkg serve --store ./igfkg-store --port 7878
      igfkg query about-concept -p concept=IMSB --store http://127.0.0.1:7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
      igfkg serve --writable --store ./igfkg-store --port 7879
      igfkg ingest report.docx --store http://127.0.0.1:7879
    """
    from ingest.errors import IgfkgError
    from queries.store import default_location, is_endpoint

    from .endpoint import Limits, open_endpoint, run_endpoint

    location = store or default_location()
    if is_endpoint(location):
        raise click.BadParameter(f"{location} is already a SPARQL endpoint; give a store folder to serve", param_hint="--store")
    if max_memory_mb is None:
        max_memory_mb = _physical_memory_mb() // 2 or None
    limits = Limits(timeout=timeout, max_result_bytes=max_result_mb * 2**20, max_queries=max_queries,
                    max_memory_bytes=max_memory_mb * 2**20 if max_memory_mb else None,
                    answer_cache_bytes=answer_cache_mb * 2**20)
    try:
        server, backend = open_endpoint(location, host=host, port=port, writable=writable, limits=limits, quiet=quiet,
                                        allow_service=allow_service)
    except IgfkgError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    signal.signal(signal.SIGTERM, _interrupt)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the store"
                   + (" and write to it" if writable else ""), err=True)
    click.echo(f"igfkg serve: SPARQL endpoint at {server.url}/query ({'read-write' if writable else 'read-only'}; "
               f"store {location}; {timeout} s and {max_result_mb} MB per query"
               f"{f', {max_memory_mb} MB of memory' if max_memory_mb else ''}). Use it with "
               f"'--store {server.url}'. Ctrl-C stops it.", err=True)
    try:
        run_endpoint(server, backend)
    except IgfkgError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _physical_memory_mb() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (ValueError, OSError, AttributeError):
        return 0
