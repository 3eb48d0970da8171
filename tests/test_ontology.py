"""The ontology's files: they parse, every igf: term is documented, the shapes cover what is emitted."""
from __future__ import annotations

import re

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from ontology import HERE, IGF, ONTOLOGY_FILE, SHAPES_FILE, VOCABULARY_FILES


def test_ontology_files_parse():
    for path in (ONTOLOGY_FILE, SHAPES_FILE, *VOCABULARY_FILES):
        assert len(Graph().parse(path, format="turtle")) > 10, path


def test_ontology_every_term_is_documented_in_the_readme():
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    terms = {str(s)[len(str(IGF)):] for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in g.subjects(RDF.type, t) if str(s).startswith(str(IGF))}
    missing = sorted(t for t in terms if f"`igf:{t}`" not in readme)
    assert missing == []


def test_ontology_every_igf_term_used_in_code_is_declared():
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    g.parse(VOCABULARY_FILES[0], format="turtle")
    declared = {str(s)[len(str(IGF)):] for s in g.subjects() if str(s).startswith(str(IGF))}
    code = "".join(p.read_text(encoding="utf-8") for p in (HERE.parent / "ingest").rglob("*.py"))
    code += "".join(p.read_text(encoding="utf-8") for p in (HERE.parent / "queries").glob("*.rq"))
    used = set(re.findall(r"\bIGF\.([A-Za-z0-9]+)", code)) | set(re.findall(r"\bigf:([A-Za-z0-9]+)", code))
    assert sorted(used - declared) == []
