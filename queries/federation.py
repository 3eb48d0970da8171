"""Federated queries (``SERVICE <url> { ... }``) make the engine that runs them send a request to
any URL the query names: from a user's machine, from the dashboard's server, from an endpoint.
igfkg refuses them unless the caller allows them explicitly (``--allow-service``).
"""
from __future__ import annotations

import re

_COMMENT_OR_STRING = re.compile(r"""(?s)'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\s]*>|#[^\n]*""")
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:-])", re.I)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

REFUSAL = ("the query has a SERVICE clause, which would make igfkg send a request to another server; "
           "federated queries are refused unless allowed explicitly (--allow-service)")


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` (a query or an update) has a SERVICE clause; strings, IRIs and comments do not count.

    >>> uses_service('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT * WHERE { \\\\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT ?service WHERE { ?service rdfs:label "SERVICE" } # SERVICE')
    False
    """
    text = _ESCAPE.sub(_unescaped, sparql)  # SPARQL may read \\u escapes before the grammar: \\u0053ERVICE is SERVICE
    return bool(_SERVICE.search(_COMMENT_OR_STRING.sub(" ", text)))


def _unescaped(m: re.Match) -> str:
    code = int(m.group(1) or m.group(2), 16)
    return chr(code) if code < 0x110000 else " "
