"""Pages of a named query's rows (``--limit/--offset``) with the total.

Any named query is paged by appending ``LIMIT``/``OFFSET`` to its text and counted by wrapping it
in ``SELECT (COUNT(*) ...)``; the store still computes every row to sort them, so this bounds what
is sent and printed, not the work. ``about-concept`` is paged from the meetings' summary facts
(``concept-meetings``): the counts per meeting give the total and tell which few meetings hold
the page, and only those meetings' statements are read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.errors import QueryError

from .run import NamedQuery, bind, load_query
from .store import Rows, Store


@dataclass(frozen=True)
class Page:
    rows: Rows
    total: int  # rows of the whole answer
    offset: int
    limit: int | None

    def describe(self) -> str:
        """One line for the user: which rows these are, of how many.

        >>> Page(Rows(("a",), ((None,),) * 20), 6913, 0, 20).describe()
        'rows 1-20 of 6913'
        """
        if not self.rows.rows:
            return f"no rows at offset {self.offset} (of {self.total})"
        return f"rows {self.offset + 1}-{self.offset + len(self.rows.rows)} of {self.total}"


def page(store: Store, query: NamedQuery | str, params: dict[str, str] | None = None, *,
         limit: int | None = None, offset: int = 0) -> Page:
    """Rows ``offset`` to ``offset + limit`` of a named query (all from ``offset`` when ``limit`` is
    None), with the total. Raises QueryError for a negative limit or offset."""
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset take a number of rows, 0 or more (e.g. --limit 20 --offset 40)")
    q = load_query(query) if isinstance(query, str) else query
    params = params or {}
    if q.name == "about-concept" and limit is not None:
        return _about_concept(store, q, params, limit, offset)
    bound = bind(q, params)
    text = q.sparql.rstrip()
    if re.search(r"\b(LIMIT|OFFSET)\s+\d+\s*$", text, re.I):
        raise QueryError(f"query '{q.name}' already ends with LIMIT or OFFSET; it cannot be paged")
    paged = text + (f"\nLIMIT {limit}" if limit is not None else "") + (f"\nOFFSET {offset}" if offset else "")
    rows = _drop(store.select(paged, bound), q)
    counted = store.select(f"SELECT (COUNT(*) AS ?total) WHERE {{\n{text}\n}}", bound)
    return Page(rows, int(counted.rows[0][0].value), offset, limit)


def _about_concept(store: Store, q: NamedQuery, params: dict[str, str], limit: int, offset: int) -> Page:
    per_meeting = store.select(load_query("concept-meetings").sparql, bind(load_query("concept-meetings"), params))
    counts = [(r[1], int(r[3].value)) for r in per_meeting.rows]
    total = sum(n for _, n in counts)
    picked, before, seen = [], 0, 0
    for meeting, n in counts:
        if seen + n > offset and seen < offset + limit:
            if not picked:
                before = seen
            picked.append(meeting)
        seen += n
    if limit == 0:
        picked = []  # VALUES with no meeting: the columns, no rows
    values = "VALUES ?meeting { " + " ".join(str(m) for m in picked) + " }\n  "
    text = re.sub(r"\bWHERE\s*\{", lambda m: m.group(0) + "\n  " + values, q.sparql, count=1)
    rows = _drop(store.select(text, bind(q, params)), q)
    start = offset - before
    return Page(Rows(rows.columns, rows.rows[start:start + limit]), total, offset, limit)


def _drop(rows: Rows, q: NamedQuery) -> Rows:
    """The rows without the parameters' columns (as ``queries.run.run``)."""
    names = {p.name for p in q.params}
    keep = [i for i, c in enumerate(rows.columns) if c not in names]
    if len(keep) == len(rows.columns):
        return rows
    return Rows(tuple(rows.columns[i] for i in keep), tuple(tuple(r[i] for i in keep) for r in rows.rows))
