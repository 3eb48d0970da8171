"""The igfkg ontology, SHACL shapes and curated vocabularies, and the namespaces code uses.

Files beside this module (all Turtle):

- ``igfkg.ttl``: the classes and properties of igfkg's own small namespace;
- ``shapes.ttl``: SHACL shapes for everything ingest emits;
- ``vocabulary.ttl``: internet-governance processes, bodies, events and documents (SKOS);
- ``roles.ttl``: roles people hold (SKOS);
- ``speech-acts.ttl``: reporting verbs as speech acts (SKOS).
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "igfkg.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
VOCABULARY_FILES = (HERE / "vocabulary.ttl", HERE / "roles.ttl", HERE / "speech-acts.ttl")

IGF = Namespace("https://w3id.org/igfkg/ontology#")
CONCEPT = Namespace("https://w3id.org/igfkg/concept/")
ROLE = Namespace("https://w3id.org/igfkg/role/")
ACT = Namespace("https://w3id.org/igfkg/speech-act/")
ID = Namespace("https://w3id.org/igfkg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

#: The named graph that holds the ontology and vocabularies inside a store.
VOCABULARY_GRAPH = ID["graph/vocabulary"]

PREFIXES: dict[str, str] = {
    "igf": str(IGF),
    "igfc": str(CONCEPT),
    "igfr": str(ROLE),
    "igfa": str(ACT),
    "id": str(ID),
    "org": str(ORG),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "time": str(TIME),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

__all__ = [
    "ACT", "CONCEPT", "ID", "IGF", "OA", "ORG", "ROLE", "SCHEMA",
    "ONTOLOGY_FILE", "SHAPES_FILE", "VOCABULARY_FILES", "VOCABULARY_GRAPH", "PREFIXES",
]
