"""validate.sparql.v1: SHACL shapes compiled once into SPARQL queries, run by pyoxigraph.

A generic compiler for the SHACL Core features ``ontology/shapes.ttl`` uses: targets
(``targetClass`` with ``rdfs:subClassOf*``, ``targetNode``, ``targetSubjectsOf``,
``targetObjectsOf``), predicate and inverse/sequence/alternative/repeat paths, and the
constraints ``minCount``, ``maxCount``, ``datatype``, ``class``, ``nodeKind``, ``pattern``,
``in``, ``hasValue``, ``min/maxInclusive``, ``min/maxExclusive``, ``min/maxLength``,
``lessThan``, ``uniqueLang``, ``or``, ``xone``, ``and``, ``not`` and ``node``. Each constraint
becomes one SELECT that returns its violations (focus node, path, constraint component,
value); the shapes are compiled once per process. A shape with any
other feature raises :class:`Unsupported` when compiled: the caller then uses pySHACL.

pySHACL stays the reference: ``tests/test_shacl_sparql.py`` checks that this engine gives the
same conformance and the same (focus node, path, constraint component) results on every graph
the test suite builds, the generated corpus and property-based broken graphs; ingest takes its
"conforms" as is and asks pySHACL for the report of any graph it finds a violation in.

>>> engine = SparqlShapes.from_turtle('''
... @prefix sh: <http://www.w3.org/ns/shacl#> .
... <urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .''')
>>> [(r.focus, r.component) for r in engine.validate_ntriples('<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> .\\n')]
[('urn:a', 'MinCountConstraintComponent')]
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

STAGE = "validate.sparql.v1"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_DATA = ox.NamedNode("urn:igfkg:validate:data")
_EXTRA = ox.NamedNode("urn:igfkg:validate:extra")
#: Datatypes whose lexical forms both pySHACL (through rdflib) and pyoxigraph check: a literal
#: of one of these that does not cast to it is ill-formed, which sh:datatype reports.
_CHECKED = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double", "float", "date", "dateTime")}
_NODE_KINDS = {
    SH.IRI: "!isIRI({v})", SH.BlankNode: "!isBlank({v})", SH.Literal: "!isLiteral({v})",
    SH.BlankNodeOrIRI: "isLiteral({v})", SH.BlankNodeOrLiteral: "isIRI({v})", SH.IRIOrLiteral: "isBlank({v})",
}
_RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
#: Parameters that are not constraints, or constraints this compiler handles.
_KNOWN = {RDF.type, RDFS.label, RDFS.comment, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH.path,
          SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.deactivated, SH.minCount,
          SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH.flags, SH["in"], SH.hasValue,
          SH.minLength, SH.maxLength, SH.lessThan, SH.uniqueLang, SH["or"], SH.xone, SH["and"], SH["not"], SH.node,
          *_RANGES}


class Unsupported(ValueError):
    """The shapes use a SHACL feature this compiler does not translate (use pySHACL)."""


@dataclass(frozen=True)
class Result:
    focus: str  # an IRI, a blank node's id, or a literal's lexical form
    path: str  # the property path's IRI ("" for a node shape's own constraint or a complex path)
    component: str  # the local name, e.g. "MinCountConstraintComponent"
    value: str
    severity: str  # "Violation", "Warning" or "Info"
    message: str


def _term(node) -> str:
    """``node`` (an rdflib term) written in SPARQL."""
    if isinstance(node, URIRef):
        return str(ox.NamedNode(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None))
    raise Unsupported(f"a blank node ({node}) as a constant of a constraint")


class _Compiler:
    def __init__(self, g: Graph) -> None:
        self.g = g
        self.fresh = itertools.count()

    def var(self, stem: str = "x") -> str:
        return f"?{stem}{next(self.fresh)}"

    def list(self, node) -> list:
        return list(Collection(self.g, node))

    def path(self, p) -> str:
        g = self.g
        if isinstance(p, URIRef):
            return _term(p)
        if (p, RDF.first, None) in g:
            return "(" + "/".join(self.path(x) for x in self.list(p)) + ")"
        for key, fmt in ((SH.inversePath, "^({})"), (SH.zeroOrMorePath, "({})*"), (SH.oneOrMorePath, "({})+"),
                         (SH.zeroOrOnePath, "({})?")):
            inner = g.value(p, key)
            if inner is not None:
                return fmt.format(self.path(inner))
        alt = g.value(p, SH.alternativePath)
        if alt is not None:
            return "(" + "|".join(self.path(x) for x in self.list(alt)) + ")"
        raise Unsupported(f"the property path {p}")

    def targets(self, shape, f: str) -> list[str]:
        g = self.g
        out = [f"{f} {_TYPE} {_term(c)} ." for c in g.objects(shape, SH.targetClass)]
        out += [f"VALUES {f} {{ {_term(n)} }}" for n in g.objects(shape, SH.targetNode)]
        out += [f"{f} {_term(p)} [] ." for p in g.objects(shape, SH.targetSubjectsOf)]
        out += [f"[] {_term(p)} {f} ." for p in g.objects(shape, SH.targetObjectsOf)]
        if (shape, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")) in g:
            out.append(f"{f} {_TYPE} {_term(shape)} .")
        return out

    def checks(self, shape, f: str) -> list[tuple[str, str, str, str | None, str]]:
        """The violations of ``shape`` at focus ``f`` (a bound variable): a list of (pattern,
        path, component, value variable or None, message), each pattern binding nothing else of
        use."""
        g = self.g
        if g.value(shape, SH.deactivated) == Literal(True):
            return []
        unknown = {p for p in g.predicates(shape, None)} - _KNOWN
        if unknown:
            raise Unsupported(f"shape {shape} uses {', '.join(sorted(map(str, unknown)))}")
        out: list[tuple[str, str, str, str | None, str]] = []
        message = str(g.value(shape, SH.message) or "")
        path = g.value(shape, SH.path)
        if path is not None:
            sp = self.path(path)
            shown = str(path) if isinstance(path, URIRef) else ""
            v = self.var("v")
            each = f"{f} {sp} {v} ."
        else:
            sp, shown, v, each = "", "", f, ""

        def per_value(cond: str, component: str) -> None:
            out.append((f"{each} FILTER({cond})", shown, component, v, message))

        for n in g.objects(shape, SH.minCount):
            n = int(n)
            if n > 0:
                vs = [self.var("m") for _ in range(n)]
                out.append((f"FILTER NOT EXISTS {{ {self._distinct(f, sp, vs)} }}", shown, "MinCountConstraintComponent", None, message))
        for n in g.objects(shape, SH.maxCount):
            vs = [self.var("m") for _ in range(int(n) + 1)]
            out.append((self._distinct(f, sp, vs), shown, "MaxCountConstraintComponent", None, message))
        for d in g.objects(shape, SH.datatype):
            ill = f" || !COALESCE(isLiteral({_term(d)}(STR({v}))), false)" if str(d) in _CHECKED else ""
            per_value(f"!isLiteral({v}) || datatype({v}) != {_term(d)}{ill}", "DatatypeConstraintComponent")
        for c in g.objects(shape, SH["class"]):
            per_value(f"NOT EXISTS {{ {v} {_TYPE} {_term(c)} }}", "ClassConstraintComponent")
        for k in g.objects(shape, SH.nodeKind):
            if k not in _NODE_KINDS:
                raise Unsupported(f"sh:nodeKind {k}")
            per_value(_NODE_KINDS[k].format(v=v), "NodeKindConstraintComponent")
        for pat in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            args = f"{_term(Literal(str(pat)))}" + (f", {_term(Literal(str(flags)))}" if flags is not None else "")
            per_value(f"isBlank({v}) || !REGEX(STR({v}), {args})", "PatternConstraintComponent")
        for lst in g.objects(shape, SH["in"]):
            members = self.list(lst)
            per_value("!(" + (" || ".join(f"sameTerm({v}, {_term(m)})" for m in members) or "false") + ")",
                      "InConstraintComponent")
        for x in g.objects(shape, SH.hasValue):
            if path is None:
                out.append((f"FILTER(!sameTerm({f}, {_term(x)}))", "", "HasValueConstraintComponent", None, message))
            else:
                out.append((f"FILTER NOT EXISTS {{ {f} {sp} {_term(x)} }}", shown, "HasValueConstraintComponent", None, message))
        for key, op in _RANGES.items():
            name = key.split("#")[-1]
            for lim in g.objects(shape, key):
                per_value(f"!COALESCE({v} {op} {_term(lim)}, false)", f"{name[0].upper()}{name[1:]}ConstraintComponent")
        for key, op in ((SH.minLength, "<"), (SH.maxLength, ">")):
            for n in g.objects(shape, key):
                name = key.split("#")[-1]
                per_value(f"isBlank({v}) || STRLEN(STR({v})) {op} {int(n)}", f"{name[0].upper()}{name[1:]}ConstraintComponent")
        for other in g.objects(shape, SH.lessThan):
            if path is None:
                raise Unsupported("sh:lessThan on a node shape")
            w = self.var("w")
            out.append((f"{each} {f} {_term(other)} {w} . FILTER(!({self._less(v, w)}))", shown,
                        "LessThanConstraintComponent", v, message))
        if g.value(shape, SH.uniqueLang) == Literal(True):
            a, b = self.var("a"), self.var("b")
            out.append((f"{f} {sp} {a}, {b} . FILTER(!sameTerm({a}, {b}) && LANG({a}) != \"\" && LCASE(LANG({a})) = LCASE(LANG({b})))",
                        shown, "UniqueLangConstraintComponent", None, message))
        for key, component in ((SH["or"], "Or"), (SH.xone, "Xone"), (SH["and"], "And")):
            for lst in g.objects(shape, key):
                ok = [self.conforms(s, v) for s in self.list(lst)]
                cond = {"Or": "!(" + (" || ".join(ok) or "false") + ")",
                        "And": "!(" + (" && ".join(ok) or "true") + ")",
                        "Xone": "(" + (" + ".join(f"IF({c}, 1, 0)" for c in ok) or "0") + ") != 1"}[component]
                per_value(cond, f"{component}ConstraintComponent")
        for s in g.objects(shape, SH["not"]):
            per_value(self.conforms(s, v), "NotConstraintComponent")
        for s in g.objects(shape, SH.node):
            per_value(f"!{self.conforms(s, v)}", "NodeConstraintComponent")
        for p in g.objects(shape, SH.property):
            out += self.checks(p, f)
        return out

    @staticmethod
    def _distinct(f: str, sp: str, vs: list[str]) -> str:
        triples = " ".join(f"{f} {sp} {x} ." for x in vs)
        pairs = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2)]
        return triples + (f" FILTER({' && '.join(pairs)})" if pairs else "")

    @staticmethod
    def _less(v: str, w: str) -> str:
        """pySHACL's ``<`` (rdflib's): numbers by value; an IRI or string (with or without a
        language) only against an IRI or string, by text; other literals of one datatype by value; literals of two datatypes
        by their datatypes' IRIs."""
        text = lambda x: f"(isIRI({x}) || (isLiteral({x}) && (LANG({x}) != \"\" || datatype({x}) = <http://www.w3.org/2001/XMLSchema#string>)))"
        return (f"IF(isNumeric({v}) && isNumeric({w}), {v} < {w}, "
                f"IF({text(v)} || {text(w)}, {text(v)} && {text(w)} && STR({v}) < STR({w}), "
                f"IF(datatype({v}) = datatype({w}), COALESCE({v} < {w}, STR({v}) < STR({w})), STR(datatype({v})) < STR(datatype({w})))))")

    def conforms(self, shape, focus: str) -> str:
        """A SPARQL expression: whether ``focus`` conforms to ``shape``."""
        found = self.checks(shape, focus)
        if not found:
            return "true"
        return "NOT EXISTS { " + " UNION ".join(f"{{ {pattern} }}" for pattern, *_ in found) + " }"

    def queries(self) -> tuple[str, ...]:
        """One SELECT per constraint (pyoxigraph plans one large UNION of them several times slower
        than the same groups run one by one)."""
        g = self.g
        shapes = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                  for s in g.subjects(p, None)}
        shapes |= {s for s in g.subjects(RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class"))
                   if (s, RDF.type, SH.NodeShape) in g or (s, RDF.type, SH.PropertyShape) in g}
        groups = []
        for shape in sorted(shapes, key=str):
            f = self.var("f")
            targets = self.targets(shape, f)
            target = targets[0] if len(targets) == 1 else " UNION ".join(f"{{ {t} }}" for t in targets)
            for pattern, path, component, value, message in self.checks(shape, f):
                severity = self._severity(shape, path, component)
                binds = (f"BIND({f} AS ?focus) BIND({_term(Literal(path))} AS ?path) "
                         f"BIND({_term(Literal(component))} AS ?component) BIND({_term(Literal(severity))} AS ?severity) "
                         f"BIND({_term(Literal(message))} AS ?message)" + (f" BIND({value} AS ?value)" if value else ""))
                groups.append(f"{{ {target} {pattern} {binds} }}")
        return tuple(f"SELECT DISTINCT ?focus ?path ?component ?value ?severity ?message WHERE {group}" for group in groups)

    def _severity(self, shape, path: str, component: str) -> str:
        sev = self.g.value(shape, SH.severity)
        return str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"


class SparqlShapes:
    """Shapes compiled into SPARQL queries, and the graph validated with every report (the
    vocabularies), parsed once."""

    def __init__(self, shapes: Graph, *, extra: str = "") -> None:
        self.shapes = shapes
        self.queries = _Compiler(shapes).queries()
        self.extra = [ox.Quad(t.subject, t.predicate, t.object, _EXTRA)
                      for t in ox.parse(extra.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)] if extra else []

    @classmethod
    def from_turtle(cls, text: str, *, extra: str = "") -> SparqlShapes:
        return cls(Graph().parse(data=text, format="turtle"), extra=extra)

    def validate_ntriples(self, ntriples: str) -> tuple[Result, ...]:
        """The results for the graph ``ntriples`` (N-Triples) together with ``extra``, as
        pySHACL would give for their union: conforms if none has severity "Violation"."""
        store = ox.Store()  # a fresh one: removing graphs from a long-lived in-memory store slows it down
        store.bulk_extend(self.extra)
        store.load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=_DATA)
        return self.run([_DATA, _EXTRA], store=store)

    def run(self, graphs: Iterable | None, *, store: ox.Store) -> tuple[Result, ...]:
        """The results over ``graphs`` of ``store`` (all of its graphs when None)."""
        options = {"use_default_graph_as_union": True} if graphs is None else {"default_graph": list(graphs)}
        out = []
        for row in (row for q in self.queries for row in store.query(q, **options)):
            value = row["value"]
            out.append(Result(focus=row["focus"].value, path=row["path"].value, component=row["component"].value,
                              value=value.value if value is not None else "", severity=row["severity"].value,
                              message=row["message"].value))
        out.sort(key=lambda r: (r.focus, r.path, r.component, r.value))
        return tuple(out)


def conforms(results: Iterable[Result]) -> bool:
    return not any(r.severity == "Violation" for r in results)
