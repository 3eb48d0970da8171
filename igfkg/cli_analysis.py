"""Commands for analysis across meetings (networks, roles over time, topics, candidate concepts,
exports). Registered by cli.py; like every command they only parse options, call the library
(``queries.analysis``, ``queries.network``) and turn igfkg's errors into one line and exit 2.
"""
from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from queries.formats import FORMATS, render

from .cli_options import output_option

STORE_HELP = "Store folder (default: $IGFKG_STORE or ./igfkg-store)."


def _friendly(f):
    """cli.friendly (one clean message, exit 2), looked up when the command runs to avoid an import cycle."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        from .cli import friendly
        return friendly(f)(*args, **kwargs)
    return wrapper


def _store(f):
    return click.option("--store", "store", default=None, metavar="STORE", help=STORE_HELP)(f)


def _format(f):
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format; json is an array of {column: value} objects.")(f)


def _output(f):
    return output_option(f)


def _open(store: str | None):
    from queries.store import default_location

    from .core import Igfkg
    return Igfkg(store or default_location(), read_only=True)


def _emit(data: bytes, output: str | None) -> None:
    if output:
        Path(output).write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _print(recs: list[dict], fmt: str, columns: tuple[str, ...], full: list[dict] | None = None) -> None:
    """Table and CSV show ``columns``; JSON and NDJSON show ``full`` (nested values kept) when given."""
    from queries.analysis import as_rows
    if fmt in ("json", "ndjson") and full is not None:
        if fmt == "json":
            click.echo(json.dumps(full, ensure_ascii=False, indent=1))
        else:
            click.echo("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in full), nl=False)
        return
    click.echo(render(as_rows(recs, columns), fmt), nl=False)


@click.command()
@click.option("--kind", type=click.Choice(["co-attendance", "co-mention", "interaction", "person-concept"]), required=True,
              help="Which network: people at the same meetings, people naming each other, who spoke after or "
                   "replied to whom, or people and the concepts they named.")
@click.option("--from", "date_from", default=None, metavar="YYYY-MM-DD", help="Only meetings on or after this date.")
@click.option("--to", "date_to", default=None, metavar="YYYY-MM-DD", help="Only meetings on or before this date.")
@click.option("--format", "fmt", type=click.Choice(["gexf", "graphml", "json"]), default="gexf", show_default=True,
              help="gexf (Gephi), graphml, or json (networkx node-link data).")
@_output
@click.option("--summary", is_flag=True, help="Print degree and betweenness centrality (top 15) and communities "
                                              "instead of the graph (with -o, write the graph too).")
@_store
@_friendly
def network(kind, date_from, date_to, fmt, output, summary, store):
    """Build a network of people (or people and concepts) and write it for Gephi or networkx.

    \b
    Example:
      igfkg network --kind co-attendance --format gexf -o co-attendance.gexf
      igfkg network --kind interaction --from 2025-01-01 --summary
    """
    from queries.network import build_network, summarize, write_network
    g = build_network(_open(store), kind, date_from, date_to)
    if summary:
        click.echo(summarize(g).as_text(), nl=False)
        if output:
            _emit(write_network(g, fmt), output)
        return
    _emit(write_network(g, fmt), output)


@click.command()
@click.option("--trend", is_flag=True, help="Rising, falling, steady, new or gone over the last N meetings, with the figures.")
@click.option("--last", "last", type=int, default=6, show_default=True, metavar="N", help="With --trend: how many of the latest meetings.")
@click.option("--by", "by", type=click.Choice(("month", "quarter", "year")), default=None,
              help="Statements and meetings naming each concept per month, quarter or year (the curve, from the summary facts).")
@_store
@_format
@_friendly
def topics(trend, last, by, store, fmt):
    """Topics over time: who raised each concept first (default), its trend over the last N meetings,
    or (--by) its statements per month, quarter or year.

    A trend compares the statements naming a concept in the first and second half of the window
    and fits a least-squares line over it: rising/falling when the halves differ by more than a
    quarter and the slope agrees, new when first named in the second half, gone when not named there.

    \b
    Example:
      igfkg topics --trend --last 6 --format csv
      igfkg topics --by quarter
      igfkg topics
    """
    kg = _open(store)
    if by:
        click.echo(render(kg.query("topic-periods", {"by": by}), fmt), nl=False)
        return
    if not trend:
        rows = kg.query("first-raised")
        from queries.formats import records
        recs = records(rows)
        _print(recs, fmt, ("label", "date", "raised_by", "statements", "meetings", "text", "concept", "meeting"), recs)
        return
    from queries.analysis import records_of, topic_trend
    trends = topic_trend(kg, last)
    meetings = len(trends[0].dates) if trends else 0
    if meetings < 2:
        click.echo(f"note: a trend needs two meetings or more, and the store has {meetings} with a concept named "
                   "in it: every concept is 'steady' for want of a second meeting; ingest more reports", err=True)
    recs = [{**r, "counts": " ".join(map(str, r["counts"])), "dates": " ".join(r["dates"])} for r in records_of(trends)]
    _print(recs, fmt, ("label", "verdict", "first_half", "second_half", "slope", "total", "meetings", "counts",
                       "first_date", "concept"), records_of(trends))


@click.command()
@click.option("--candidates", is_flag=True, help="Acronyms and capitalised names that recur in statements but are "
                                                 "no vocabulary label and no person's name: concepts to add.")
@click.option("--min-meetings", type=click.IntRange(min=1), default=2, show_default=True,
              help="With --candidates: in how many meetings a term must occur.")
@_store
@_format
@_friendly
def concepts(candidates, min_meetings, store, fmt):
    """The vocabulary's concepts with their counts, or (--candidates) terms the vocabulary lacks.

    \b
    Example:
      igfkg concepts --candidates --min-meetings 2
      igfkg concepts --format csv
    """
    kg = _open(store)
    if not candidates:
        click.echo(render(kg.query("concepts"), fmt), nl=False)
        return
    from queries.analysis import candidate_concepts, records_of
    found = candidate_concepts(kg, min_meetings=min_meetings)
    recs = [{**r, "example": f"{r['occurrences'][0]['date']}: {r['occurrences'][0]['snippet']}" if r["occurrences"] else None}
            for r in records_of(found)]
    _print(recs, fmt, ("term", "kind", "meetings", "statements", "first", "last", "example"), records_of(found))


@click.command()
@click.argument("person")
@click.option("--observations", is_flag=True, help="One row per observation (the role-history query) instead of periods.")
@_store
@_format
@_friendly
def roles(person, observations, store, fmt):
    """A person's roles over time: periods of the same role, body and former flag, first to last.

    PERSON is any part of a name, ignoring case ("" for everyone); 'igfkg people' lists the names.

    \b
    Example:
      igfkg roles "" --format csv
      igfkg roles NAME      # any part of a name 'igfkg people' lists
    """
    from .cli import nothing_matched
    kg = _open(store)
    if observations:
        rows = kg.query("role-history", {"person": person})
        click.echo(render(rows, fmt), nl=False)
        nothing_matched(len(rows.rows), {"person": person})
        return
    from queries.analysis import records_of, role_history
    periods = records_of(role_history(kg, person))
    recs = [{**p, "labels": " | ".join(p["labels"])} for p in periods]
    _print(recs, fmt, ("name", "role", "organisation", "former", "first", "last", "meetings", "labels"), periods)
    nothing_matched(len(periods), {"person": person})


@click.command("export-popolo")
@_output
@_store
@_friendly
def export_popolo(output, store):
    """Export people, organisations and memberships (with first and last observation) as Popolo JSON.

    \b
    Example:
      igfkg export-popolo -o popolo.json
    """
    from queries.analysis import popolo
    data = popolo(_open(store))
    _emit((json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), output)


@click.command("export-statements-csv")
@_output
@_store
@_friendly
def export_statements_csv(output, store):
    """Export every statement as CSV: meeting, date, item, speaker, verb, text, offsets, concepts, report and SHA-256.

    \b
    Example:
      igfkg export-statements-csv -o statements.csv
    """
    rows = _open(store).query("statements-export")
    _emit(render(rows, "csv").encode("utf-8"), output)


COMMANDS: list = [network, topics, concepts, roles, export_popolo, export_statements_csv]
from .cli_serve import serve as _serve; COMMANDS.append(_serve)  # noqa: E402
