"""Query results as plain values and as table, CSV, JSON or NDJSON text.

Plain values: numbers for numeric literals, strings for everything else, None where unbound.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from typing import Literal as TLiteral

import pyoxigraph as ox

from .store import Rows

Format = TLiteral["table", "csv", "json", "ndjson"]
FORMATS: tuple[str, ...] = ("table", "csv", "json", "ndjson")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTS = {_XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}


def plain(term: object | None) -> str | int | float | bool | None:
    """A pyoxigraph term as a plain Python value.

    >>> plain(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer"))), plain(ox.NamedNode("http://x"))
    (3, 'http://x')

    A boolean written either way XML Schema allows (Virtuoso sends "1" and "0"):

    >>> [plain(ox.Literal(v, datatype=ox.NamedNode(_XSD + "boolean"))) for v in ("true", "1", "false", "0")]
    [True, True, False, False]
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in _INTS:
                return int(term.value)
            if dt in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if dt == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    return str(term)


def records(rows: Rows) -> list[dict[str, object]]:
    """Rows as a list of {column: plain value}."""
    return [dict(zip(rows.columns, (plain(v) for v in row))) for row in rows.rows]


def render(rows: Rows, fmt: Format = "table", *, max_width: int = 60, width: int | None = None) -> str:
    """Rows as text in ``fmt``.

    A table never cuts an IRI or URL (a command may need it whole as a parameter); other text is
    put on one line and cut with "…" at ``max_width`` characters, and further, down to 20, while the
    table is wider than ``width`` (default: the terminal's width, else 120).

    >>> print(render(Rows(("iri", "text"), ((ox.NamedNode("https://example.org/" + "x" * 30), ox.Literal("a " * 30)),)), width=60), end="")
    iri                                                 text
    --------------------------------------------------  --------------------
    https://example.org/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  a a a a a a a a a a…
    (1 row)
    """
    recs = records(rows)
    if fmt == "json":
        return json.dumps(recs, ensure_ascii=False, indent=1) + "\n"
    if fmt == "ndjson":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(rows.columns)
        for r in recs:
            w.writerow(["" if v is None else v for v in r.values()])
        return buf.getvalue()
    width = width or shutil.get_terminal_size((120, 24)).columns
    text = [[_flat(r[c]) for c in rows.columns] for r in recs]
    whole = [any(_IRI.match(row[i]) for row in text) and all(not v or _IRI.match(v) for v in (row[i] for row in text))
             for i in range(len(rows.columns))]
    limits = [None if whole[i] else max(len(c), min(max_width, max([0] + [len(row[i]) for row in text])))
              for i, c in enumerate(rows.columns)]
    widths = lambda: [max([len(c)] + [len(row[i]) for row in text]) if limits[i] is None else limits[i]  # noqa: E731
                      for i, c in enumerate(rows.columns)]
    while sum(widths()) + 2 * (len(widths()) - 1) > width:
        cut = [i for i, lim in enumerate(limits) if lim is not None and lim > max(20, len(rows.columns[i]))]
        if not cut:
            break
        widest = max(cut, key=lambda i: limits[i])
        limits[widest] -= 1
    cells = [[v if limits[i] is None else _cut(v, limits[i]) for i, v in enumerate(row)] for row in text]
    ws = widths()
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, ws)).rstrip()  # noqa: E731
    out = [line(rows.columns), line(["-" * w for w in ws])] + [line(r) for r in cells]
    return "\n".join(out) + f"\n({len(recs)} row{'s' if len(recs) != 1 else ''})\n"


_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:(//)?[^\s]+$", re.I)


def _flat(v: object) -> str:
    return "" if v is None else " ".join(str(v).split())


def _cut(s: str, width: int) -> str:
    return s if len(s) <= width else s[: width - 1] + "…"
