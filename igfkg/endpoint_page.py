"""The query page ``igfkg serve`` shows at ``/``: YASGUI (packaged in ``igfkg/static/yasgui/``, served
by the endpoint itself, no outside host) with igfkg's named queries as examples, their prefixes
declared, and the endpoint's ``/query`` as its one endpoint.

The YASGUI build is ``@zazuko/yasgui`` 4.6.2 (MIT licence) from the npm registry; see
``igfkg/static/README.md`` for how it was taken. Its autocompleters that ask outside services
(prefix.cc, LOV) are switched off, so the page works offline.
"""
from __future__ import annotations

import functools
import html
import json
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
          ".html": "text/html; charset=utf-8", ".png": "image/png"}
#: a sample value for each kind of parameter, so that an example runs as it is ("" matches every name)
_SAMPLES = {"string": "", "date": "", "integer": "1"}


def static_file(path: str) -> tuple[bytes, str] | None:
    """(bytes, content type) of the packaged file at URL path ``/static/...``, or None (never outside STATIC)."""
    relative = path[len("/static/"):] if path.startswith("/static/") else None
    if not relative or ".." in relative.split("/"):
        return None
    file = (STATIC / relative).resolve()
    if STATIC not in file.parents or not file.is_file() or file.suffix not in _TYPES:
        return None
    return file.read_bytes(), _TYPES[file.suffix]


def example_text(name: str) -> str:
    """A named query as the page shows it: its header comments, PREFIX lines for the prefixes it uses, and
    its parameters bound by VALUES to a value that matches everything (an IRI parameter is left to the user)."""
    from ontology import PREFIXES
    from queries.run import named_queries
    from queries.values import declared_prefixes, inline_values, used_prefixes

    import pyoxigraph as ox
    q = named_queries()[name]
    bindings: dict[str, object] = {}
    notes = []
    for p in q.params:
        if p.type == "date":
            bindings[p.name] = ox.Literal("9999-12-31" if p.name in ("end", "to", "until") else "0001-01-01",
                                          datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
        elif p.type in _SAMPLES:
            bindings[p.name] = ox.Literal(_SAMPLES[p.type]) if p.type == "string" else ox.Literal(
                _SAMPLES[p.type], datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        else:
            notes.append(f"# bind ?{p.name} ({p.description or p.type}): add VALUES ?{p.name} {{ <IRI> }} after WHERE {{")
    text = inline_values(q.sparql, bindings) if bindings else q.sparql
    needed = sorted((used_prefixes(text) - declared_prefixes(text)) & set(PREFIXES))
    head, body = _split_header(text)
    prologue = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in needed)
    return head + "".join(n + "\n" for n in notes) + prologue + body


def _split_header(text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    n = 0
    while n < len(lines) and lines[n].startswith("#"):
        n += 1
    return "".join(lines[:n]), "".join(lines[n:])


@functools.lru_cache(maxsize=1)
def examples() -> tuple[dict[str, str], ...]:
    """Every named query as {name, title, description, query, core}: the core ones first."""
    from queries.run import CORE_QUERIES, named_queries
    known = named_queries()
    order = [n for n in CORE_QUERIES if n in known] + sorted(n for n in known if n not in CORE_QUERIES)
    return tuple({"name": n, "title": known[n].title, "description": known[n].description,
                  "query": example_text(n), "core": n in CORE_QUERIES} for n in order)


def page(*, writable: bool) -> bytes:
    """The HTML of the query page."""
    from ontology import PREFIXES
    config = {"examples": list(examples()), "prefixes": PREFIXES, "writable": writable, "open": ["meetings", "statements"]}
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    template = (STATIC / "index.html").read_text(encoding="utf-8")
    mode = "read-write" if writable else "read-only"
    return (template.replace("{{config}}", data).replace("{{mode}}", html.escape(mode))).encode("utf-8")
