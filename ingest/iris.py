"""Deterministic IRIs from stable parts (series, date, position): the same report always
gives the same graph. Never random, never blank nodes.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from rdflib import URIRef

from ontology import ID

from .names import slug
from .organisations import org_key


def series_key(series: str, concept: str | None) -> str:
    return concept.rstrip("/").rsplit("/", 1)[-1] if concept else slug(series)


def meeting(series: str, series_concept: str | None, date: dt.date | None, *, report_key: str = "") -> URIRef:
    """A meeting is its series and its date: a report announcing the next meeting names the same IRI.
    A meeting whose record gives no date is its series and its report's hash."""
    when = date.isoformat() if date else f"undated-{report_key[:16]}"
    return ID[f"meeting/{series_key(series, series_concept)}/{when}"]


def series(name: str, concept: str | None) -> URIRef:
    return ID[f"series/{series_key(name, concept)}"]


def graph_of(meeting_iri: URIRef) -> URIRef:
    """The named graph holding everything one report says about one meeting."""
    return URIRef(str(meeting_iri).replace(str(ID) + "meeting/", str(ID) + "graph/meeting/"))


def person(key: str) -> URIRef:
    return ID[f"person/{key}"]


def organization(name: str) -> URIRef:
    """An organisation by its name as written, folded (``UN-DESA`` and ``UN DESA`` are one IRI)."""
    return organization_key(org_key(name))


def organization_key(key: str) -> URIRef:
    """An organisation by its key across reports (see ``ingest.organisations``)."""
    return ID[f"org/{key}"]


def report(sha256: str) -> URIRef:
    return ID[f"report/{sha256[:16]}"]


def activity(sha256: str, stages: tuple[str, ...]) -> URIRef:
    h = hashlib.sha1("|".join(stages).encode()).hexdigest()[:8]
    return ID[f"extraction/{sha256[:16]}/{h}"]


def day(date: dt.date) -> URIRef:
    return ID[f"date/{date.isoformat()}"]


def document_url(url: str) -> URIRef:
    return ID[f"document/url/{hashlib.sha1(url.encode()).hexdigest()[:16]}"]


def document_named(concept: str) -> URIRef:
    return ID[f"document/{concept.rstrip('/').rsplit('/', 1)[-1]}"]


def part(meeting_iri: URIRef, kind: str, key: str | int) -> URIRef:
    """A part of a meeting: its agenda item, statement, list entry, membership, decision, action."""
    return URIRef(f"{meeting_iri}/{kind}/{key}")
