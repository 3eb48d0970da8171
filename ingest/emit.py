"""emit.v1: an :class:`Extraction` as RDF, in the report's own named graph.

Standard vocabularies first: FOAF (people), W3C ORG (memberships and roles), schema.org
(events, documents, actions), PROV-O (provenance), DCTERMS, SKOS, OWL-Time, and Web
Annotation selectors for the exact source span of every fact.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as _ns
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import _is_valid_uri

import ontology

from . import iris, tally
from .dates import utc_offset
from .model import Extraction, Span


class _Terms:
    """A namespace whose terms are made once (``rdflib.Namespace`` makes a new URIRef at every
    attribute access, and emit asks for tens of thousands per report)."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DCTERMS, FOAF, PROV, RDF, SKOS, TIME = (_Terms(n) for n in (_ns.DCTERMS, _ns.FOAF, _ns.PROV, _ns.RDF, _ns.SKOS, _ns.TIME))
IGF, OA, ORG, SCHEMA = (_Terms(n) for n in (ontology.IGF, ontology.OA, ontology.ORG, ontology.SCHEMA))
CONCEPT, ID, XSD = ontology.CONCEPT, ontology.ID, _ns.XSD
_COUNT = ontology.IGF["count"]  # not IGF.count: a Namespace is a str, and str.count is a method


class _Lit:
    """A literal's Python value (str, int, bool, date): made an rdflib Literal only for a Graph,
    written straight as N-Triples otherwise."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


STAGE = "emit.v1"
_MODES = {"online": SCHEMA.OnlineEventAttendanceMode, "in person": SCHEMA.OfflineEventAttendanceMode,
          "hybrid": SCHEMA.MixedEventAttendanceMode}


def _source(g: _GraphSink | _NTriplesSink, node: URIRef, report: URIRef, span: Span, text: str) -> None:
    """node igf:source [oa:SpecificResource; oa:hasSource report; position and quote selectors]."""
    res = URIRef(f"{node}#source")
    pos = URIRef(f"{node}#position")
    quote = URIRef(f"{node}#quote")
    g.add((node, IGF.source, res))
    g.add((res, RDF.type, OA.SpecificResource))
    g.add((res, OA.hasSource, report))
    g.add((res, OA.hasSelector, pos))
    g.add((res, OA.hasSelector, quote))
    g.add((pos, RDF.type, OA.TextPositionSelector))
    g.add((pos, OA.start, _Lit(span.start)))
    g.add((pos, OA.end, _Lit(span.end)))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, _Lit(text[span.start:span.end])))
    g.add((quote, OA.prefix, _Lit(text[max(0, span.start - 32):span.start])))
    g.add((quote, OA.suffix, _Lit(text[span.end:span.end + 32])))


#: Subjects many reports describe (people, series, days, organisations, documents): their triples
#: go to one shared graph, so the union of report graphs does not repeat them once per report.
SHARED_PREFIXES = tuple(str(ID) + p for p in ("person/", "series/", "date/", "org/", "document/"))


def split_shared(g: Graph) -> tuple[Graph, Graph]:
    """(the report's own triples, the triples about shared entities)."""
    own, shared = Graph(identifier=g.identifier), Graph()
    for t in g:
        (shared if str(t[0]).startswith(SHARED_PREFIXES) else own).add(t)
    return own, shared


@dataclass(frozen=True)
class Emitted:
    """One report's graph as N-Triples, ready to store: what :func:`emit` and :func:`split_shared`
    give, serialised, without building an rdflib Graph."""

    graph: str  # the named graph's IRI
    own: str  # N-Triples of the report's own triples
    shared: str  # N-Triples of the triples about shared entities (people, series, days...)
    triples: int  # distinct triples in both


def emit(x: Extraction) -> tuple[URIRef, Graph]:
    """(named-graph IRI, graph) for one extraction: everything it says, shared entities included
    (see :func:`split_shared` for storing). Deterministic: same input, same triples."""
    gname = _graph_name(x)
    g = Graph(identifier=gname)
    _emit(x, _GraphSink(g))
    return gname, g


def emit_ntriples(x: Extraction) -> Emitted:
    """The same triples as :func:`emit`, written straight as N-Triples and split like
    :func:`split_shared` (five to ten times faster than building and serialising a Graph).

    Raises Exception, as rdflib's serialiser does, when an IRI holds a character IRIs cannot.
    """
    sink = _NTriplesSink()
    _emit(x, sink)
    return Emitted(str(_graph_name(x)), "".join(sink.own), "".join(sink.shared), len(sink.own) + len(sink.shared))


def _graph_name(x: Extraction) -> URIRef:
    return iris.graph_of(iris.meeting(x.meeting.series, x.meeting.series_concept, x.meeting.date,
                                     report_key=x.report.sha256))


class _GraphSink:
    """Adds each triple to an rdflib Graph."""

    def __init__(self, g: Graph) -> None:
        self.graph = g

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        self.graph.add((s, p, Literal(o.value) if type(o) is _Lit else o))


_XSD_INTEGER, _XSD_BOOLEAN, _XSD_DATE = (f"^^<{XSD}{t}>" for t in ("integer", "boolean", "date"))


class _NTriplesSink:
    """Writes each distinct triple as one N-Triples line, exactly as rdflib's serialiser writes it,
    into the report's own lines or the shared ones (by subject, see SHARED_PREFIXES)."""

    def __init__(self) -> None:
        self.own: dict[str, None] = {}  # a dict keeps the first of equal lines, in order
        self.shared: dict[str, None] = {}
        self._iris: dict[str, str] = {}

    def _iri(self, term: str) -> str:
        key = str(term)
        out = self._iris.get(key)
        if out is None:
            if not _is_valid_uri(key):  # as rdflib's URIRef.n3()
                raise Exception(f'"{key}" does not look like a valid URI, I cannot serialize this as N3/Turtle. '
                                "Perhaps you wanted to urlencode it?")
            out = self._iris[key] = f"<{key}>"
        return out

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        kind = type(o)
        if kind is _Lit:
            v = o.value
            kind = type(v)
            if kind is str:
                obj = '"' + v.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
            elif kind is bool:
                obj = ('"true"' if v else '"false"') + _XSD_BOOLEAN
            elif kind is int:
                obj = f'"{v}"{_XSD_INTEGER}'
            elif kind is dt.date:
                obj = f'"{v.isoformat()}"{_XSD_DATE}'
            else:
                obj = _quoteLiteral(Literal(v))
        elif kind is Literal:
            obj = _quoteLiteral(o)
        else:
            obj = self._iri(o)
        subject = self._iri(s)
        line = f"{subject} {self._iri(p)} {obj} .\n"
        (self.shared if subject.startswith(_SHARED_NT) else self.own)[line] = None


_SHARED_NT = tuple("<" + prefix for prefix in SHARED_PREFIXES)


def _emit(x: Extraction, g: _GraphSink | _NTriplesSink) -> None:
    """Every triple of one extraction, into ``g``."""
    m = x.meeting
    text = x.report.text
    meeting = iris.meeting(m.series, m.series_concept, m.date, report_key=x.report.sha256)
    report = iris.report(x.report.sha256)
    activity = iris.activity(x.report.sha256, x.stages)
    ids = {i.local: i for i in x.identities}
    everyone = x.participants + x.apologies + x.unlisted
    person = {p.key: iris.person(ids[p.key].key if p.key in ids else p.key) for p in everyone}

    # provenance
    g.add((report, RDF.type, PROV.Entity))
    g.add((report, DCTERMS.title, _Lit(x.report.path.replace("\\", "/").rsplit("/", 1)[-1])))
    g.add((report, IGF.sha256, _Lit(x.report.sha256)))
    g.add((report, DCTERMS.format, _Lit(x.report.media_type)))
    g.add((report, IGF.characters, _Lit(len(text))))
    g.add((report, SCHEMA.text, _Lit(text)))  # the text all offsets index, so a citation can be checked
    g.add((report, IGF.coverage, Literal(f"{x.coverage:.4f}", datatype=XSD.decimal)))
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, PROV.used, report))
    for stage in x.stages:
        g.add((activity, IGF.stage, _Lit(stage)))

    # series and meeting
    series = iris.series(m.series, m.series_concept)
    g.add((series, RDF.type, SCHEMA.EventSeries))
    g.add((series, SCHEMA.name, _Lit(m.series)))
    if m.series_concept:
        g.add((series, IGF.seriesConcept, URIRef(m.series_concept)))
    if m.parent_concept:
        g.add((series, SCHEMA.organizer, URIRef(m.parent_concept)))
    g.add((meeting, RDF.type, IGF.Meeting))
    g.add((meeting, DCTERMS.title, _Lit(m.title)))
    g.add((meeting, SCHEMA.superEvent, series))
    if m.date:
        g.add((meeting, DCTERMS.date, _Lit(m.date)))
        g.add((meeting, TIME.hasBeginning, _day(g, m.date)))
    else:
        g.add((meeting, IGF.dateUnknown, _Lit(True)))
    g.add((meeting, PROV.wasDerivedFrom, report))
    g.add((meeting, PROV.wasGeneratedBy, activity))
    if m.start_time and m.date:
        g.add((meeting, IGF.startTime, _Lit(m.start_time)))
        offset = utc_offset(m.timezone)
        if offset is not None:
            g.add((meeting, SCHEMA.startDate, Literal(f"{m.date.isoformat()}T{m.start_time}:00{offset}", datatype=XSD.dateTime)))
    if m.timezone:
        g.add((meeting, IGF.timeZone, _Lit(m.timezone)))
    if m.number is not None:
        g.add((meeting, IGF.meetingNumber, _Lit(m.number)))
    if m.mode:
        g.add((meeting, SCHEMA.eventAttendanceMode, _MODES[m.mode]))
    if m.moderator and m.moderator in person:
        g.add((meeting, IGF.moderator, person[m.moderator]))
    if m.recording:
        g.add((meeting, IGF.recording, _Lit(m.recording)))
    if m.header_span:
        _source(g, meeting, report, m.header_span, text)
    if m.next_date:
        nxt = iris.part(meeting, "next", m.next_date.isoformat())
        g.add((meeting, IGF.nextMeeting, nxt))
        g.add((nxt, RDF.type, SCHEMA.Event))
        g.add((nxt, DCTERMS.date, _Lit(m.next_date)))
        g.add((nxt, IGF.announces, iris.meeting(m.series, m.series_concept, m.next_date)))
        if m.next_time:
            g.add((nxt, IGF.startTime, _Lit(m.next_time)))
        if m.next_timezone:
            g.add((nxt, IGF.timeZone, _Lit(m.next_timezone)))
        if m.next_span:
            _source(g, nxt, report, m.next_span, text)

    # agenda
    for item in x.agenda:
        node = iris.part(meeting, "item", item.id)
        g.add((node, RDF.type, IGF.AgendaItem))
        g.add((node, IGF.inMeeting, meeting))
        g.add((node, IGF.itemNumber, _Lit(item.id)))
        g.add((node, IGF.printedNumber, _Lit(item.printed)))
        g.add((node, DCTERMS.title, _Lit(item.title)))
        g.add((node, IGF.position, _Lit(item.position)))
        if item.parent:
            g.add((node, IGF.subItemOf, iris.part(meeting, "item", item.parent)))
        for c in item.concepts:
            g.add((node, DCTERMS.subject, URIRef(c.concept)))
        _source(g, node, report, item.span, text)

    # people, list entries, roles and affiliations
    for p in everyone:
        node = person[p.key]
        known_as = ids[p.key].name if p.key in ids else p.name
        g.add((node, RDF.type, FOAF.Person))
        g.add((node, FOAF.name, _Lit(known_as)))
        if p.given and known_as == p.name:
            g.add((node, FOAF.givenName, _Lit(p.given)))
        if p.family and known_as == p.name:
            g.add((node, FOAF.familyName, _Lit(p.family)))
    instant = _day(g, m.date) if m.date else None
    for p in x.participants:
        node = person[p.key]
        g.add((meeting, SCHEMA.attendee, node))
        entry = iris.part(meeting, "entry", p.position)
        g.add((entry, RDF.type, IGF.ListEntry))
        g.add((entry, IGF.inMeeting, meeting))
        g.add((entry, IGF.refersTo, node))
        g.add((entry, IGF.asWritten, _Lit(p.as_written)))
        g.add((entry, IGF.foundIn, _Lit(p.found_in)))
        if p.key in ids:
            g.add((entry, IGF.resolution, _Lit(ids[p.key].reason)))
            for note in ids[p.key].review:
                g.add((entry, IGF.reviewCandidate, _Lit(note)))
        g.add((entry, IGF.position, _Lit(p.position)))
        if p.honorific:
            g.add((entry, IGF.honorific, _Lit(p.honorific)))
        _source(g, entry, report, Span(p.span.start, (p.affiliation_span or p.span).end), text)
        for i, r in enumerate(p.roles, 1):
            ms = iris.part(meeting, "membership", f"{p.key}/{i}")
            g.add((ms, RDF.type, ORG.Membership))
            g.add((ms, ORG.member, node))
            g.add((ms, IGF.roleLabel, _Lit(r.label)))
            g.add((ms, IGF.position, _Lit(i)))
            g.add((ms, IGF.former, _Lit(r.former)))
            if instant:
                g.add((ms, ORG.memberDuring, instant))
            g.add((ms, IGF.observedAt, meeting))
            g.add((ms, PROV.wasDerivedFrom, entry))
            if r.role:
                g.add((ms, ORG.role, URIRef(r.role)))
            if r.organization == "series":
                g.add((ms, ORG.organization, series))
            elif r.organization:
                g.add((ms, ORG.organization, URIRef(r.organization)))
        if p.affiliation:
            found = ids[p.key].affiliation if p.key in ids else None  # resolved across reports, with why
            org = iris.organization_key(found.key) if found else iris.organization(p.affiliation)
            g.add((org, RDF.type, ORG.Organization))
            g.add((org, SKOS.prefLabel, _Lit(found.name if found else p.affiliation)))
            if found and found.concept:
                g.add((org, SKOS.exactMatch, URIRef(found.concept)))
            ms = iris.part(meeting, "membership", f"{p.key}/affiliation")
            g.add((ms, IGF.asWritten, _Lit(p.affiliation)))
            if found:
                g.add((ms, IGF.resolution, _Lit(found.reason)))
                for note in found.review:
                    g.add((ms, IGF.reviewCandidate, _Lit(note)))
            g.add((ms, RDF.type, ORG.Membership))
            g.add((ms, ORG.member, node))
            g.add((ms, ORG.organization, org))
            g.add((ms, ORG.role, URIRef("https://w3id.org/igfkg/role/affiliated")))
            g.add((ms, IGF.former, _Lit(False)))
            if instant:
                g.add((ms, ORG.memberDuring, instant))
            g.add((ms, IGF.observedAt, meeting))
            g.add((ms, PROV.wasDerivedFrom, entry))
    for p in x.apologies:
        g.add((meeting, IGF.sentApologies, person[p.key]))
    for p in x.unlisted + tuple(p for p in x.participants if p.found_in in ("turn", "text")):
        g.add((meeting, SCHEMA.attendee, person[p.key]))
        g.add((meeting, IGF.unlistedSpeaker, person[p.key]))

    # statements
    for s in x.statements:
        node = iris.part(meeting, "statement", s.position)
        g.add((node, RDF.type, IGF.Statement))
        g.add((node, IGF.inMeeting, meeting))
        g.add((node, IGF.position, _Lit(s.position)))
        g.add((node, SCHEMA.text, _Lit(s.text)))
        g.add((node, PROV.wasGeneratedBy, activity))
        if s.item:
            g.add((node, IGF.agendaItem, iris.part(meeting, "item", s.item)))
        if s.speaker and s.speaker in person:
            g.add((node, IGF.speaker, person[s.speaker]))
        if s.speaker_text:
            g.add((node, IGF.speakerText, _Lit(s.speaker_text)))
        if s.on_behalf:
            g.add((node, IGF.speakerBody if s.on_behalf.startswith(str(CONCEPT)) else IGF.speakerRole, URIRef(s.on_behalf)))
            if not s.speaker:  # a body or an office speaks: it is the statement's agent, no person is
                g.add((node, PROV.wasAttributedTo, URIRef(s.on_behalf)))
        if s.resolution:
            g.add((node, IGF.attribution, _Lit(s.resolution)))
        if s.verb:
            g.add((node, IGF.reportingVerb, _Lit(s.verb)))
        if s.list_item:
            g.add((node, IGF.listItem, _Lit(True)))
        if s.speech_act:
            g.add((node, IGF.speechAct, URIRef(s.speech_act)))
        for c in s.concepts:
            g.add((node, DCTERMS.subject, URIRef(c.concept)))
        for d in s.documents:
            g.add((node, IGF.mentionsDocument, iris.document_named(d.concept)))
        for k in s.people:
            if k in person:
                g.add((node, SCHEMA.mentions, person[k]))
        _source(g, node, report, s.span, text)

    _tallies(g, meeting, m.date, tally.count(x.statements, {k: str(v) for k, v in person.items()}))

    for i, d in enumerate(x.documents, 1):
        node = iris.document_url(d.url) if d.url else iris.document_named(d.concept or d.title)
        g.add((node, RDF.type, SCHEMA.DigitalDocument))
        g.add((node, DCTERMS.title, _Lit(d.title)))
        if d.url:
            g.add((node, SCHEMA.url, Literal(d.url, datatype=XSD.anyURI)))
        if d.concept:
            g.add((node, DCTERMS.subject, URIRef(d.concept)))
        share = _part(g, meeting, "document", i, IGF.DocumentReference, d.statement, d.item, d.span, report, text)
        g.add((meeting, IGF.document, share))
        g.add((share, IGF.refersTo, node))
        if d.shared_by and d.shared_by in person:
            g.add((share, IGF.sharedBy, person[d.shared_by]))

    for i, dec in enumerate(x.decisions, 1):
        node = _part(g, meeting, "decision", i, IGF.Decision, dec.statement, dec.item, dec.span, report, text)
        g.add((node, SCHEMA.text, _Lit(dec.text)))

    for i, a in enumerate(x.actions, 1):
        node = _part(g, meeting, "action", i, IGF.ActionItem, a.statement, a.item, a.span, report, text)
        g.add((node, SCHEMA.description, _Lit(a.task)))
        if a.assignee in person:
            g.add((node, SCHEMA.agent, person[a.assignee]))
        elif a.assignee:
            g.add((node, SCHEMA.agent, URIRef(a.assignee)))
        if a.due:
            g.add((node, IGF.due, _Lit(a.due)))


def _part(g: _GraphSink | _NTriplesSink, meeting: URIRef, kind: str, key: int, cls: URIRef, statement: int | None, item: str | None,
          span: Span, report: URIRef, text: str) -> URIRef:
    """A fact of the meeting that comes from one statement: typed, tied to meeting, item and source."""
    node = iris.part(meeting, kind, key)
    g.add((node, RDF.type, cls))
    g.add((node, IGF.inMeeting, meeting))
    if statement:
        g.add((node, IGF.statement, iris.part(meeting, "statement", statement)))
    if item:
        g.add((node, IGF.agendaItem, iris.part(meeting, "item", item)))
    _source(g, node, report, span, text)
    return node


def _tallies(g: _GraphSink | _NTriplesSink, meeting: URIRef, date, t: tally.Tallies) -> None:
    """The meeting's summary facts (see ``ingest.tally``): one node per count, with the meeting's date."""
    def node(kind: str, cls: URIRef, n: int, *keys: str) -> URIRef:
        iri = iris.part(meeting, f"tally/{kind}", tally.key(*keys))
        g.add((iri, RDF.type, cls))
        g.add((iri, IGF.tallyOf, meeting))
        g.add((iri, _COUNT, _Lit(n)))
        if date:
            g.add((iri, DCTERMS.date, _Lit(date)))
        return iri
    for c, k in t.concepts.items():
        iri = node("concept", IGF.ConceptTally, k.statements, c)
        g.add((iri, IGF.concept, URIRef(c)))
        g.add((iri, IGF.speakers, _Lit(k.speakers)))
        g.add((iri, IGF.firstPosition, _Lit(k.first_position)))
    for p, n in t.speakers.items():
        g.add((node("speaker", IGF.SpeakerTally, n, p), IGF.person, URIRef(p)))
    for (p, c), n in t.speaker_concepts.items():
        iri = node("speaker-concept", IGF.SpeakerConceptTally, n, p, c)
        g.add((iri, IGF.person, URIRef(p)))
        g.add((iri, IGF.concept, URIRef(c)))
    for (p, q), n in t.mentions.items():
        iri = node("mention", IGF.MentionTally, n, p, q)
        g.add((iri, IGF.person, URIRef(p)))
        g.add((iri, IGF.mentioned, URIRef(q)))


def _day(g: _GraphSink | _NTriplesSink, date) -> URIRef:
    node = iris.day(date)
    g.add((node, RDF.type, TIME.Instant))
    g.add((node, TIME.inXSDDate, _Lit(date)))
    return node

