"""Query results as plain values and as table, CSV, JSON or NDJSON text.

Plain values: numbers for numeric literals, strings for everything else, None where unbound.
"""
from __future__ import annotations

import csv
import io
import json
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
            return term.value == "true"
        return term.value
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return term.value
    return str(term)


def records(rows: Rows) -> list[dict[str, object]]:
    """Rows as a list of {column: plain value}."""
    return [dict(zip(rows.columns, (plain(v) for v in row))) for row in rows.rows]


def render(rows: Rows, fmt: Format = "table", *, max_width: int = 60) -> str:
    """Rows as text in ``fmt``."""
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
    cells = [[_cell(r[c], max_width) for c in rows.columns] for r in recs]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(rows.columns)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(rows.columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(out) + f"\n({len(recs)} row{'s' if len(recs) != 1 else ''})\n"


def _cell(v: object, width: int) -> str:
    s = "" if v is None else " ".join(str(v).split())
    return s if len(s) <= width else s[: width - 1] + "\u2026"
