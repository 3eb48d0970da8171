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

from .run import NamedQuery, bind, from_index, load_query, refuse_service
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
         limit: int | None = None, offset: int = 0, allow_service: bool = False) -> Page:
    """Rows ``offset`` to ``offset + limit`` of a named query (all from ``offset`` when ``limit`` is
    None), with the total. Raises QueryError for a negative limit or offset, and for a SERVICE
    clause unless ``allow_service``."""
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset take a number of rows, 0 or more (e.g. --limit 20 --offset 40)")
    q = load_query(query) if isinstance(query, str) else query
    refuse_service(q.sparql, allow_service)
    params = params or {}
    got = from_index(store, q, params, lambda index, name, values: Page(
        index.run(name, values, limit=limit, offset=offset), index.count(name, values), offset, limit))
    if got is not None:
        return got
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
    subs = [r[1] for r in store.select(_SUBS, bind(load_query("concept-meetings"), params)).rows]
    text = _PAGE.replace("MEETINGS", " ".join(str(m) for m in picked)).replace(
        "SUBS", ", ".join(str(c) for c in subs) or "<urn:none>")
    rows = store.select(text)
    start = offset - before
    return Page(Rows(rows.columns, rows.rows[start:start + limit]), total, offset, limit)


# The concepts a label names with their narrower ones (as about-concept matches them).
_SUBS = """SELECT DISTINCT ?concept ?sub WHERE {
  { SELECT DISTINCT ?concept ?c WHERE {
      ?c skos:prefLabel|skos:altLabel|skos:hiddenLabel ?label . FILTER(LCASE(STR(?label)) = LCASE(STR(?concept)))
  } }
  ?sub skos:broader* ?c .
}"""

# about-concept's rows for a few meetings, written from the meetings: their statements first, the
# concept checked per statement (about-concept with a VALUES block of meetings is planned from the
# concept's statements across the whole store).
_PAGE = """SELECT ?date ?meeting ?item (SAMPLE(?sname) AS ?speaker_name) ?verb ?text ?named ?start ?end
WHERE {
  VALUES ?meeting { MEETINGS }
  ?meeting dcterms:date ?date .
  ?s igf:inMeeting ?meeting .
  ?s dcterms:subject ?sub .
  FILTER(?sub IN (SUBS))
  ?s igf:position ?pos ; schema:text ?text ; igf:source ?src .
  ?src oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end .
  ?sub skos:prefLabel ?named .
  OPTIONAL { ?s igf:reportingVerb ?verb }
  OPTIONAL { ?s igf:agendaItem ?in_item }
  BIND(COALESCE(?in_item, igf:none) AS ?it)
  OPTIONAL { ?it igf:itemNumber ?item }
  OPTIONAL { ?s igf:speaker ?said_by }
  BIND(COALESCE(?said_by, igf:none) AS ?speaker)
  OPTIONAL { ?speaker foaf:name ?sname }
}
GROUP BY ?date ?meeting ?pos ?item ?verb ?text ?named ?start ?end
ORDER BY ?date ?meeting ?pos ?named"""


def _drop(rows: Rows, q: NamedQuery) -> Rows:
    """The rows without the parameters' columns (as ``queries.run.run``)."""
    names = {p.name for p in q.params}
    keep = [i for i, c in enumerate(rows.columns) if c not in names]
    if len(keep) == len(rows.columns):
        return rows
    return Rows(tuple(rows.columns[i] for i in keep), tuple(tuple(r[i] for i in keep) for r in rows.rows))
