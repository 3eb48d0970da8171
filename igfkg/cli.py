"""The igfkg command line: parses options, calls the library, and turns igfkg's errors into
a clean message (exit 2). It is the only module that knows every package.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from pathlib import Path

import click

from ingest.coverage import THRESHOLD as COVERAGE_THRESHOLD
from ingest.errors import IgfkgError
from ingest.validate import INGEST_ENGINE
from ontology import PREFIXES
from queries.formats import FORMATS, render
from queries.store import default_location

from .cli_options import output_option

STORE_HELP = "Store folder (default: $IGFKG_STORE or ./igfkg-store)."


def store_option(f):
    return click.option("--store", "store", default=None, metavar="STORE", help=STORE_HELP)(f)


def output_options(f):
    """The same output flags for every command that prints rows."""
    f = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                     help="Output format; json is an array of {column: value} objects.")(f)
    return f


def friendly(f):
    """Print igfkg's own errors as one clean message and exit 2."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except IgfkgError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)
    return wrapper


class Commands(click.Group):
    """The command group: every error a user can cause ends in one line on standard error and exit 2
    (a wrong option or argument, igfkg's own errors, a file that cannot be read or written); exit 1
    stays for "it ran and found a problem" (a report failed, the store does not conform)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as e:
            where = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
            message = " ".join(e.format_message().split())
            click.echo(f"Error: {message}{where}", err=True)
            sys.exit(2)
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        except IgfkgError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)
        except UnicodeDecodeError as e:
            click.echo(f"Error: the input is not UTF-8 text ({e.reason} at byte {e.start}); give a text file", err=True)
            sys.exit(2)
        except OSError as e:
            where = f"'{e.filename}': " if e.filename else ""
            click.echo(f"Error: {where}{e.strerror or e}", err=True)
            sys.exit(2)
        sys.exit(code if isinstance(code, int) else 0)


#: parameters that take a name, and the command that lists the names
_NAME_LISTS = {"person": ("nobody", "igfkg people"), "organisation": ("no organisation", "igfkg orgs"),
               "concept": ("no concept", "igfkg concepts")}


def nothing_matched(count: int, params: dict[str, str]) -> None:
    """With no rows, say on standard error which name matched nothing and where the names are listed."""
    if count:
        return
    for key, value in params.items():
        if key in _NAME_LISTS and "://" not in value:
            who, listing = _NAME_LISTS[key]
            click.echo(f"{who} matched {key} {value!r}; '{listing}' lists the names to choose from", err=True)


def _open(store: str | None, *, read_only: bool = False):
    from .core import Igfkg
    return Igfkg(store or default_location(), read_only=read_only)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="igfkg")
def main() -> None:
    """igfkg: who said what, about which internet-governance process, at which meeting.

    \b
    Example:
      igfkg ingest examples/ && igfkg query statements
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD", help="Meeting date, for a report that gives none.")
@click.option("--layout", type=click.Choice(["summary", "numbered", "transcript", "minutes"]), default=None,
              help="Report layout (default: detected per report).")
@click.option("--validate", "validate", type=click.Choice(["all", "sample", "none"]), default="all", show_default=True,
              help="SHACL-validate every report's graph before storing it (all); or, for large batches, the "
                   "first report, every 10th and each report with a node of a shape not validated before "
                   "(sample); or none. A report that is validated and does not conform is not stored.")
@click.option("--no-validate", is_flag=True, help="The same as --validate none.")
@click.option("--engine", type=click.Choice(["shacl", "sparql", "pyshacl"]), default=INGEST_ENGINE, show_default=True,
              help="The SHACL engine that validates: shacl (compiled shapes, in Rust) or sparql (the shapes as "
                   "SPARQL queries), each checked against pySHACL by the test suite, which reports any graph "
                   "they find a violation in; or pyshacl alone (several times slower).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for extraction (one process writes).")
@click.option("--force", is_flag=True, help="Re-ingest reports already stored unchanged (same bytes, same pipeline).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the final summary (and failures).")
@click.option("--json", "as_json", is_flag=True, help="Print the extraction of each report as JSON instead of a summary.")
@friendly
def ingest(paths, store, date, layout, validate, no_validate, engine, jobs, force, quiet, as_json):
    """Ingest report files, folders or http(s) URLs (.txt, .md, .docx, .pdf, .html) into the store.

    Each report replaces its meeting's graph whole or not at all (ingesting twice changes
    nothing; a report already stored with the same bytes is skipped unless --force, so a
    killed run resumes where it stopped). A bad file is reported and skipped; the exit code
    is 1 if any failed. Every report's graph is SHACL-validated unless --validate says otherwise,
    by a fast engine checked against pySHACL (which reports any graph it refuses); for
    thousands of reports, --jobs 2 is faster.

    \b
    Example:
      igfkg ingest examples/wg-strategy-summary-report.txt --store ./igfkg-store
    """
    from ingest.pipeline import to_json

    import time

    from .core import Failed, Skipped
    from queries.values import parse_day
    when = dt.date.fromisoformat(parse_day(date, "--date")) if date else None
    from ingest.identity import load_aliases
    from ingest.organisations import org_aliases
    load_aliases(), org_aliases()  # a bad curated row stops the run before any report, naming file and line
    location = store or default_location()
    from queries.derived import index_path
    from queries.store import is_endpoint
    if not is_endpoint(location) and (Path(location) / "CURRENT").exists() and not index_path(location).exists():
        click.echo(f"making the derived index of {location} from the store first (once; see 'igfkg index')", err=True)
    kg = _open(location)
    totals = {"reports": 0, "skipped": 0, "failed": 0, "people": 0, "statements": 0, "mentions": 0, "triples": 0,
              "validated": 0}
    from ingest.read import report_files
    total = len(report_files(list(paths)))
    started = time.monotonic()
    progress = sys.stderr.isatty() and total > 1

    def show(result):
        done = totals["reports"] + totals["skipped"] + totals["failed"] + 1
        if progress:
            rate = done / max(time.monotonic() - started, 1e-6)
            click.echo(f"\r[{done}/{total}] {rate:.1f} reports/s, ETA {(total - done) / rate:.0f}s ", err=True, nl=False)
        if isinstance(result, Failed):
            totals["failed"] += 1
            click.echo(f"FAILED  {result.error}", err=True)
            return
        if isinstance(result, Skipped):
            totals["skipped"] += 1
            if not quiet:
                click.echo(f"skipped {result.path}: {result.reason}")
            return
        x = result.extraction
        m = x.meeting
        mentions = sum(len(s.concepts) for s in x.statements)
        attributed = sum(1 for s in x.statements if s.speaker)
        totals["reports"] += 1
        totals["people"] += len(x.participants)
        totals["statements"] += len(x.statements)
        totals["mentions"] += mentions
        totals["triples"] += result.triples
        totals["validated"] += result.validated
        for warning in x.warnings:
            click.echo(f"warning: {result.path}: {warning}", err=True)
        if as_json:
            click.echo(json.dumps(to_json(x), ensure_ascii=False, indent=1))
            return
        if quiet:
            return
        number = f" #{m.number}" if m.number is not None else ""
        click.echo(f"stored  {result.path}\n"
                   f"        meeting: {m.series}{number}, {m.date.isoformat() if m.date else 'date unknown'}"
                   f"{' ' + m.start_time if m.start_time else ''}{' ' + m.timezone if m.timezone else ''}\n"
                   f"        people: {len(x.participants)} listed, statements: {len(x.statements)} "
                   f"({attributed} with a speaker), concept mentions: {mentions}, agenda items: {len(x.agenda)}, "
                   f"documents: {len(x.documents)}, action items: {len(x.actions)}\n"
                   f"        coverage: {x.coverage:.0%} of the discussion's text in a statement, agenda item or list entry"
                   f"{'' if x.coverage >= COVERAGE_THRESHOLD else ' (under 97%: see the Data quality page)'}")

    mode = "none" if no_validate else validate
    results = kg.ingest_paths(paths, date=when, layout=layout, validate=mode, jobs=jobs, force=force,
                              engine=engine, on_result=show)
    if progress:
        click.echo("", err=True)
    if not results:
        click.echo("Error: no report files found in " + ", ".join(paths), err=True)
        sys.exit(2)
    if not as_json:
        seconds = time.monotonic() - started
        skipped = f", {totals['skipped']} skipped as unchanged" if totals["skipped"] else ""
        click.echo(f"total: {totals['reports']} stored{skipped}, {totals['failed']} failed; {totals['people']} people, "
                   f"{totals['statements']} statements, {totals['mentions']} concept mentions, "
                   f"{totals['triples']} triples ({len(results) / max(seconds, 1e-6):.1f} reports/s)"
                   + (f"; SHACL-validated: {totals['validated']} of {totals['reports']} stored (--validate {mode})"
                      if mode != "all" else ""))
    sys.exit(1 if totals["failed"] else 0)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, value = v.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{v!r}: use KEY=VALUE", param_hint="--param")
        out[key] = value
    return out


@main.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help="Print at most N rows, and the total on standard error (a page).")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N", help="Skip the first N rows (with --limit: the page's start).")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE clauses (they send requests to the servers they name); refused by default.")
@store_option
@output_options
@friendly
def query(name, params, allow_service, limit, offset, store, fmt):
    """Run a named query (see 'igfkg queries') or a .rq file.

    A query whose name or text parameter matches nothing says so on standard error.

    \b
    Examples:
      igfkg query statements --format csv
      igfkg query about-concept --param concept=IMSB --format json
      igfkg query about-concept --param concept=IMSB --limit 5 --offset 5
      igfkg query who-said-what --param person=NAME    # any part of a name 'igfkg people' lists
      igfkg query my-query.rq
    """
    values = _params(params)
    kg = _open(store, read_only=True)
    if limit is None and not offset:
        rows = kg.query(name, values, allow_service=allow_service)
        click.echo(render(rows, fmt), nl=False)
        nothing_matched(len(rows.rows), values)
        return
    from queries.paging import page
    got = page(kg.store, name, values, limit=limit, offset=offset, allow_service=allow_service)
    click.echo(render(got.rows, fmt), nl=False)
    click.echo(got.describe(), err=True)
    nothing_matched(got.total, values)


@main.command()
@click.option("--all", "show_all", is_flag=True, help="Also list the queries the commands and dashboard pages use.")
@friendly
def queries(show_all):
    """List the core named queries (with --all, also those the commands and pages use) with their
    title, description and parameters.

    \b
    Example:
      igfkg queries
      igfkg queries --all
    """
    from queries.run import CORE_QUERIES, named_queries
    known = named_queries()
    core = [known[n] for n in CORE_QUERIES if n in known]
    others = [q for n, q in known.items() if n not in CORE_QUERIES]

    def show(qs) -> None:
        for q in qs:
            click.echo(f"{q.name}\n  {q.title}: {q.description}")
            for p in q.params:
                click.echo(f"  --param {p.name}=<{p.type}>  {p.description}")
            click.echo("")

    click.echo(f"# Core queries ({len(core)})\n")
    show(core)
    if show_all:
        click.echo(f"# Queries the commands and dashboard pages use ({len(others)})\n")
        show(others)
    else:
        click.echo(f"({len(others)} more queries serve the commands and dashboard pages: 'igfkg queries --all')")


@main.command()
@click.argument("text")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE clauses (they send requests to the servers they name); refused by default.")
@store_option
@output_options
@friendly
def sparql(text, allow_service, store, fmt):
    """Run an ad-hoc read-only SPARQL query ('-' reads it from standard input).

    These prefixes are predeclared, here as in the dashboard and at 'igfkg serve': {prefixes}.
    SERVICE clauses (federated queries, which send requests to other servers) are refused
    unless --allow-service.

    \b
    Example:
      igfkg sparql "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name }"
    """
    if text == "-":
        try:
            text = sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError as e:
            raise IgfkgError(f"standard input is not a SPARQL query (not UTF-8 text: {e.reason} at byte {e.start})") from None
    rows = _open(store, read_only=True).sparql(text, allow_service=allow_service)
    click.echo(render(rows, fmt), nl=False)


sparql.help = sparql.help.replace("{prefixes}", ", ".join(PREFIXES))


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text", show_default=True)
@click.option("--engine", type=click.Choice(["pyshacl", "shacl", "sparql"]), default="pyshacl", show_default=True,
              help="pyshacl (the reference, with a full report) or a fast engine that gives the same verdicts "
                   "and violations (no Turtle report).")
def validate(store, fmt, engine):
    """SHACL-validate everything in the store. Exit 0: conforms; 1: does not; 2: error.

    \b
    Example:
      igfkg validate --store ./igfkg-store
      igfkg validate --engine shacl
    """
    if fmt == "turtle" and engine != "pyshacl":
        click.echo(f"Error: --format turtle is pySHACL's report; use --engine pyshacl (not {engine})", err=True)
        sys.exit(2)
    try:
        report = _open(store, read_only=True).validate(engine=engine)
    except IgfkgError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)
    if report.conforms:
        click.echo("conforms: the store matches the shapes in ontology/shapes.ttl")
        sys.exit(0)
    if fmt == "turtle":
        click.echo(report.text)
    else:
        click.echo(f"does not conform: {len(report.violations)} violation(s)")
        for v in report.violations:
            click.echo(f"- {v.severity}: {v.focus}\n    {v.path}: {v.message or v.component}")
    sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
              default="trig", show_default=True)
@output_option
@friendly
def export(store, fmt, output):
    """Export the store: trig/nquads/jsonld keep one named graph per report; turtle/ntriples give their union.

    \b
    Example:
      igfkg export --format turtle -o igfkg.ttl
    """
    data = _open(store, read_only=True).export(fmt)
    if output:
        Path(output).write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@main.command()
@store_option
@output_options
@friendly
def stats(store, fmt):
    """Counts of meetings, people, statements, concepts named, graphs (saying which are the
    reports' and which the vocabulary's) and triples.

    \b
    Example:
      igfkg stats --format json
    """
    from queries.store import Rows
    counts = _open(store, read_only=True).stats()
    rows = Rows(tuple(counts), ((),))
    if fmt == "json":
        click.echo(json.dumps(counts, indent=1))
    elif fmt == "table":
        other = counts["graphs"] - counts["report_graphs"] - counts["vocabulary_graphs"]
        notes = {"graphs": f"(one per report: {counts['report_graphs']}; vocabulary: {counts['vocabulary_graphs']}, "
                           f"the ontology and concepts igfkg loads itself; shared across reports: {other})"}
        for k, v in counts.items():
            if k not in ("report_graphs", "vocabulary_graphs"):
                click.echo(f"{k:12s} {v}" + (f"  {notes[k]}" if k in notes else ""))
    else:
        import pyoxigraph as ox
        rows = Rows(tuple(counts), (tuple(ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")) for v in counts.values()),))
        click.echo(render(rows, fmt), nl=False)


@main.command("index")
@click.argument("action", type=click.Choice(["status", "rebuild"]), default="status")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="rebuild: read the store's graphs in N processes.")
@store_option
@friendly
def index_command(action, store, jobs):
    """The derived index beside the store (STORE.index.sqlite): an SQLite copy of the facts the
    archive-wide analyses read (topic timelines, trends, first raised, speaker topics, networks,
    who said what, about a concept), which answers their named queries in milliseconds. Ingest
    keeps it up to date; it holds nothing the store does not, and while it is missing or stale the
    same queries read the store.

    \b
    status   where it is, whether it answers, what it holds
    rebuild  make it anew from the store (after a write igfkg did not make, e.g.
             'igfkg serve --writable', or a write that was stopped)

    \b
    Example:
      igfkg index rebuild --jobs 2 && igfkg index
    """
    import time

    from queries.store import is_endpoint
    location = store or default_location()
    if is_endpoint(location):
        raise click.UsageError("a SPARQL endpoint has no derived index: its own engine answers every query")
    kg = _open(location, read_only=True)  # says clearly when there is no store there
    if action == "rebuild":
        from queries.derived import DerivedIndex, index_path
        from queries.store import hold_store
        # Held as a writer holds it (no ingest meanwhile), but opened read-only by this process and
        # the --jobs readers alike: a writable opening could compact files away under the readers.
        held = hold_store(location, shared=False, holder="igfkg index rebuild")
        try:
            started = time.perf_counter()
            index = DerivedIndex(index_path(location))
            index.build(kg.store._store, jobs=jobs, location=location)  # type: ignore[union-attr]
            click.echo(f"rebuilt {index.path} in {time.perf_counter() - started:.1f} s", err=True)
        finally:
            if held is not None:
                held.close()
        info = index.status()
    else:
        info = kg.store.index.status()  # type: ignore[union-attr]
    for k, v in info.items():
        click.echo(f"{k:15s} {v}")
    if info["state"] != "ready":
        click.echo(f"the named queries read the store until the index is ready: 'igfkg index rebuild --store {location}'", err=True)


@main.command()
@click.option("--explain", "explain", metavar="NAME", default=None, help="Show how entries were taken to be this person, and why.")
@click.option("--review", is_flag=True, help="List near-name entries left unmerged for lack of evidence.")
@store_option
@output_options
@friendly
def people(explain, review, store, fmt):
    """List the people in the store, explain how a person was identified, or list what needs review.

    Merges are undone or forced with rows in ontology/aliases.csv (same-as, not-same-as),
    which every ingest applies.

    \b
    Examples:
      igfkg people
      igfkg people --explain "Los Santos"
      igfkg people --review
    """
    _list_explain_review(store, fmt, "people", "person", explain, review)


@main.command()
@click.option("--explain", "explain", metavar="NAME", default=None,
              help="Show how affiliations were taken to be this organisation, and why.")
@click.option("--review", is_flag=True, help="List affiliations near a known organisation left unmerged.")
@store_option
@output_options
@friendly
def orgs(explain, review, store, fmt):
    """List the organisations named as affiliations (with members and meetings), explain how an
    organisation was identified, or list what needs review.

    Merges are undone or forced with rows in ontology/org-aliases.csv (same-as, not-same-as),
    which every ingest applies; affiliations that are labels of a body in the vocabulary are
    that body.

    \b
    Examples:
      igfkg orgs
      igfkg orgs --explain Wikimedia
      igfkg orgs --review --format json
    """
    _list_explain_review(store, fmt, "orgs", "organisation", explain, review)


def _list_explain_review(store: str | None, fmt: str, name: str, param: str, explain: str | None, review: bool) -> None:
    """Print the named query ``name``, or ``name-explain`` (its ``param`` bound to ``explain``), or ``name-review``."""
    kg = _open(store, read_only=True)
    if explain:
        rows = kg.query(f"{name}-explain", {param: explain})
        click.echo(render(rows, fmt), nl=False)
        nothing_matched(len(rows.rows), {param: explain})
        return
    else:
        rows = kg.query(f"{name}-review" if review else name)
    click.echo(render(rows, fmt), nl=False)


@main.command()
@store_option
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="Port to serve the dashboard on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--headless/--open-browser", default=None,
              help="Never open a browser window / always try to. Default: open one when run in a terminal "
                   "on a machine that has a browser.")
@click.option("--allow-service", is_flag=True,
              help="Let the SPARQL page run SERVICE clauses (they send requests to the servers they name); refused by default.")
@friendly
def dashboard(store, port, host, headless, allow_service):
    """Open the Streamlit dashboard on the store (Ctrl-C or SIGTERM stops it).

    Runs without a terminal too (a script, a container, nohup): it never asks a question, and
    opens a browser window only when run in a terminal on a machine that has a browser.

    \b
    Example:
      igfkg dashboard --store ./igfkg-store --port 8501
    """
    from .dashboard_process import run_dashboard
    os.environ["IGFKG_ALLOW_SERVICE"] = "1" if allow_service else "0"  # the dashboard's process reads it
    if headless is None:
        headless = not (sys.stdin.isatty() and sys.stdout.isatty())
    sys.exit(run_dashboard(store or default_location(), port=port, host=host, open_browser=not headless))


def _register_extensions() -> None:
    """Commands that live in their own modules (analysis across meetings)."""
    from . import cli_analysis
    for command in cli_analysis.COMMANDS:
        main.add_command(command)


_register_extensions()

if __name__ == "__main__":
    main()
