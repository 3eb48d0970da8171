"""Bound parameters for a query sent over HTTP, where pyoxigraph's ``substitutions`` are not available.

Each bound variable becomes a ``VALUES ?var { term }`` block at the start of the query's WHERE
group, of every subquery's WHERE group and of every nested group that mentions the variable,
which gives the answers pyoxigraph's substitution gives for igfkg's queries (a parameter used
inside a subquery is bound there too). Terms are written with pyoxigraph's own serialisation
(``str(term)``), which escapes them, and variable names must be SPARQL names: a value can never
become query text.

>>> import pyoxigraph as ox
>>> inline_values('SELECT ?p ?x WHERE { ?x foaf:name ?p }', {"p": ox.Literal('a"b')})
'SELECT ?p ?x WHERE { VALUES ?p { "a\\\\"b" } ?x foaf:name ?p }'
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from ingest.errors import QueryError

# One token of SPARQL text: what is skipped (comments, strings, IRIs) is matched whole, so that a
# brace, a keyword or a variable inside it is not taken for one.
_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\W]+)
  | (?P<open>\{) | (?P<close>\})
  | (?P<word>[^\W\d][\w.-]*(?::[\w.%-]*)?|:[\w.%-]*)
  | (?P<space>\s+)
  | (?P<other>.)
''', re.X | re.S)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _serialise(name: str, term: object) -> str:
    """A VALUES block binding ``?name`` to ``term``, or to each of several (a list, tuple or set)."""
    if not _NAME.match(name):
        raise QueryError(f"{name!r} is not a SPARQL variable name; use letters, digits and '_'")
    terms = sorted(term, key=str) if isinstance(term, (list, tuple, set, frozenset)) else [term]
    for t in terms:
        if not isinstance(t, (ox.NamedNode, ox.Literal)):
            raise QueryError(f"parameter {name}: only IRIs and literals can be bound, not {type(t).__name__}")
    return f"VALUES ?{name} {{ {' '.join(map(str, terms))} }}"


def _tokens(sparql: str) -> list[tuple[str, str, int]]:
    """(kind, text, end offset) of each token that is not a space or a comment."""
    return [(m.lastgroup, m.group(), m.end()) for m in _TOKEN.finditer(sparql) if m.lastgroup not in ("space", "comment")]


def inline_values(sparql: str, bindings: dict[str, object]) -> str:
    """``sparql`` with each of ``bindings`` (variable name -> pyoxigraph IRI or literal, or a list of
    them: any of them) bound by VALUES.

    Raises QueryError for a bad variable name, a term that cannot be bound, or a query without a
    WHERE group to bind them in.
    """
    if not bindings:
        return sparql
    blocks = {name: _serialise(name, term) for name, term in bindings.items()}
    tokens = _tokens(sparql)
    # An open brace is a group (where VALUES may go), a CONSTRUCT template, a VALUES data block,
    # or the brace around a subquery (whose own WHERE brace is a group).
    stack: list[tuple[str, int, set[str]]] = []  # (kind, offset after the brace, variables inside)
    inserts: dict[int, set[str]] = {}
    first_group = where_group = None
    after_values = after_where = False
    for i, (kind, text, end) in enumerate(tokens):
        word = text.upper() if kind == "word" else ""
        if word == "VALUES":
            after_values = True
        elif word == "WHERE" and not stack:
            after_where = True
        elif kind == "open":
            prev = tokens[i - 1][1].upper() if i else ""
            nxt = tokens[i + 1][1].upper() if i + 1 < len(tokens) else ""
            brace = "data" if after_values else "template" if prev == "CONSTRUCT" else "subquery" if nxt == "SELECT" else "group"
            if brace == "group" and not stack:
                first_group = end if first_group is None else first_group
                where_group = end if after_where and where_group is None else where_group
            after_values = after_where = False
            stack.append((brace, end, set()))
        elif kind == "close" and stack:
            brace, offset, inside = stack.pop()
            if brace == "group":
                inserts[offset] = inside & set(blocks)
            if stack:
                stack[-1][2].update(inside)
        elif kind == "var" and stack:
            stack[-1][2].add(text[1:])
    outermost = where_group if where_group is not None else first_group
    if outermost is None:
        raise QueryError("the query has no WHERE group to bind its parameters in")
    inserts[outermost] = set(blocks)
    out, last = [], 0
    for offset in sorted(o for o, names in inserts.items() if names):
        out += [sparql[last:offset], " ", " ".join(blocks[n] for n in sorted(inserts[offset]))]
        last = offset
    out.append(sparql[last:])
    return "".join(out)


def declared_prefixes(sparql: str) -> set[str]:
    """The prefix names a query declares itself (``PREFIX ex: <...>`` gives ``ex``)."""
    tokens = _tokens(sparql)
    return {nxt[1].split(":")[0] for (kind, text, _), nxt in zip(tokens, tokens[1:])
            if kind == "word" and text.upper() == "PREFIX" and nxt[0] == "word"}


def used_prefixes(sparql: str) -> set[str]:
    """The prefix names of the prefixed names a query uses (``ex:p`` gives ``ex``; blank nodes ``_:b`` are none).

    >>> sorted(used_prefixes('SELECT ?n WHERE { ?p foaf:name ?n . ?p ex:x "a:b" } # no:te'))
    ['ex', 'foaf']
    """
    return {text.split(":")[0] for kind, text, _ in _tokens(sparql)
            if kind == "word" and ":" in text and not text.startswith("_:")}


def undeclared_prefixes(sparql: str, predeclared: dict[str, str] | set[str] | tuple[str, ...] = ()) -> list[str]:
    """The prefixes a query uses but neither declares nor finds in ``predeclared``, in sorted order.

    >>> undeclared_prefixes('PREFIX a: <http://a/> SELECT * WHERE { ?s a:p ex:o ; foaf:name ?n }', {"foaf": ""})
    ['ex']
    """
    return sorted(used_prefixes(sparql) - declared_prefixes(sparql) - set(predeclared))


def unknown_prefix_message(sparql: str, predeclared: dict[str, str]) -> str | None:
    """One line naming the first undeclared prefix and how to declare it, or None when every prefix is known."""
    missing = undeclared_prefixes(sparql, predeclared)
    if not missing:
        return None
    p = missing[0]
    return (f"unknown prefix {p}: declare it with 'PREFIX {p}: <IRI>' at the top of the query "
            f"(predeclared: {', '.join(predeclared)})")


def with_prefixes(sparql: str, predeclared: dict[str, str]) -> str:
    """``sparql`` with a PREFIX declaration for each prefix of ``predeclared`` it uses but does not
    declare, all put in front of its first line (so line numbers in an error stay right).

    >>> with_prefixes('SELECT * WHERE { ?s foaf:name ?n }', {"foaf": "http://xmlns.com/foaf/0.1/", "org": "x"})
    'PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT * WHERE { ?s foaf:name ?n }'
    """
    needed = sorted((used_prefixes(sparql) - declared_prefixes(sparql)) & set(predeclared))
    if not needed:
        return sparql
    return "".join(f"PREFIX {p}: <{predeclared[p]}> " for p in needed) + sparql


def parse_day(text: str, what: str) -> str:
    """``text`` when it is a real calendar date written YYYY-MM-DD; raises QueryError naming ``what``
    (an option or parameter) and the reason otherwise.

    >>> parse_day("2025-02-28", "--from")
    '2025-02-28'
    >>> parse_day("2025-02-30", "--from")
    Traceback (most recent call last):
    ...
    ingest.errors.QueryError: --from '2025-02-30' is not a date (day is out of range for month); use YYYY-MM-DD, e.g. --from 2025-01-31
    """
    import datetime as dt
    example = f"{what} 2025-01-31" if what.startswith("--") else "2025-01-31"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise QueryError(f"{what} {text!r} is not a date; use YYYY-MM-DD, e.g. {example}")
    try:
        dt.date.fromisoformat(text)
    except ValueError as e:
        raise QueryError(f"{what} {text!r} is not a date ({e}); use YYYY-MM-DD, e.g. {example}") from None
    return text
