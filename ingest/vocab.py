"""The curated vocabularies (processes, roles, speech acts) as matchers over text.

Loaded once from the SKOS files in ``ontology/``; nothing here knows any report.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ontology import IGF, VOCABULARY_FILES

from .errors import VocabularyError
from .model import ConceptMention, Span
from .names import country_names, fold

_WORD = r"[^\W_]"
# one to three capitalised words right before "IGF" ("Kenya IGF", "Asia Pacific IGF", "Italian IGF")
_PLACE_BEFORE = re.compile(r"(?<![\w-])((?:[A-Z][a-z\u00E0-\u024F'\u2019-]+\s+){0,2}[A-Z][a-z\u00E0-\u024F'\u2019-]+)\s+$")
_PLACE_AFTER = re.compile(r"\s+([A-Z][a-z\u00E0-\u024F-]+(?:\s+[A-Z][a-z\u00E0-\u024F-]+)?)")
# a region word or an adjective of place: "Pacific", "West", "Italian", "Lebanese", "Polish", "Nordic"
_REGION = re.compile(r"(?:Asia|Africa|Europe|Americas?|Pacific|Caribbean|Arab|Latin|North|South|East|West|Central|"
                     r"Eastern|Western|Northern|Southern|Sub-Saharan|Balkans?|Baltic|Gulf|Sahel|Oceania|Eurasia|"
                     r"[A-Z][a-z\u00E0-\u024F]{2,}(?:an|ese|ish|i|ic))")
# words of those shapes that are no place
_NOT_PLACES = frozenset("open urban human christian public organic basic specific historic academic civic generic".split())


@dataclass(frozen=True)
class Concept:
    iri: str
    pref_label: str
    labels: tuple[str, ...]  # every label, pref first
    kind: str = "topic"
    broader: tuple[str, ...] = ()
    scheme: str = ""


def is_case_sensitive(label: str) -> bool:
    """Acronym-like labels ("DC", "IGF", "UN-DESA", "DCs") match only as written.

    >>> is_case_sensitive("DCs"), is_case_sensitive("Global Digital Compact")
    (True, False)
    """
    return " " not in label and len(label) <= 8 and sum(c.isupper() for c in label) >= 2


class LabelMatcher:
    """Finds labels in text: whole words, longest match first, no overlaps."""

    def __init__(self, labels: dict[str, str]) -> None:
        """``labels`` maps a label to the IRI it names."""
        self._iri_of_exact: dict[str, str] = {}
        self._iri_of_folded: dict[str, str] = {}
        exact, folded = [], []
        for label, iri in labels.items():
            if is_case_sensitive(label):
                self._iri_of_exact[label] = iri
                exact.append(label)
            else:
                self._iri_of_folded.setdefault(label.casefold(), iri)
                folded.append(label)
        self._found: dict[str, tuple[tuple[int, int, str], ...]] = {}  # text -> its mentions, for the texts seen last
        self._exact = self._compile(exact, 0)
        self._folded = self._compile(folded, re.IGNORECASE)

    @staticmethod
    def _compile(labels: list[str], flags: int) -> re.Pattern[str] | None:
        if not labels:
            return None
        parts = []
        for label in sorted(set(labels), key=len, reverse=True):
            words = [re.escape(w) for w in label.split()]
            parts.append(r"\s+".join(words).replace("\\'", "['\u2019]").replace("'", "['\u2019]"))
        return re.compile(rf"(?<!{_WORD})(?:{'|'.join(parts)})(?!{_WORD})", flags)

    def find(self, text: str, offset: int = 0) -> tuple[ConceptMention, ...]:
        """Mentions in ``text``; spans are shifted by ``offset``."""
        found = self._found.get(text)
        if found is None:  # extraction asks about the same sentence several times
            if len(self._found) > 4096:
                self._found.clear()
            found = self._found[text] = self._find(text)
        return tuple(ConceptMention(iri, Span(start + offset, end + offset), text[start:end]) for start, end, iri in found)

    def _find(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """(start, end, IRI) of each mention in ``text``: the longest first, no overlaps."""
        found: list[tuple[int, int, str]] = []
        for pattern, exact in ((self._exact, True), (self._folded, False)):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                label = " ".join(m.group(0).split()).replace("\u2019", "'")
                iri = self._iri_of_exact.get(label) if exact else self._iri_of_folded.get(label.casefold())
                if iri:
                    found.append((m.start(), m.end(), iri))
        found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        out: list[tuple[int, int, str]] = []
        last_end = -1
        for start, end, iri in found:
            if start >= last_end:
                out.append((start, end, iri))
                last_end = end
        return tuple(out)


@dataclass(frozen=True)
class Vocabulary:
    """Concepts, roles and speech acts, with matchers for each."""

    concepts: dict[str, Concept]
    roles: dict[str, Concept]
    speech_acts: dict[str, Concept]
    graph: Graph

    @functools.cached_property
    def concept_matcher(self) -> LabelMatcher:
        return LabelMatcher({label: c.iri for c in self.concepts.values() for label in c.labels})

    @functools.cached_property
    def role_matcher(self) -> LabelMatcher:
        return LabelMatcher({label: c.iri for c in self.roles.values() for label in c.labels})

    @functools.cached_property
    def verb_forms(self) -> dict[str, str]:
        """Inflected reporting verb ("noted", "gave an update") -> speech-act IRI."""
        forms: dict[str, str] = {}
        for c in self.speech_acts.values():
            if not c.broader:  # the top classes (assertive, directive...) are not verbs
                continue
            for label in c.labels:
                forms.setdefault(label.casefold(), c.iri)
        return forms

    def within(self, iri: str | None, ancestor: str) -> bool:
        """Whether ``iri`` is ``ancestor`` or under it by skos:broader (any depth)."""
        seen: set[str] = set()
        todo = [iri] if iri else []
        while todo:
            c = todo.pop()
            if c == ancestor:
                return True
            if c in seen or c not in self.concepts:
                continue
            seen.add(c)
            todo += list(self.concepts[c].broader)
        return False

    def kind(self, iri: str) -> str:
        c = self.concepts.get(iri)
        return c.kind if c else "topic"

    def find_concepts(self, text: str, offset: int = 0) -> tuple[tuple[ConceptMention, ...], tuple[ConceptMention, ...]]:
        """(process/body/topic mentions, document mentions) in ``text``."""
        found = self._named_initiatives(text, offset, self.concept_matcher.find(text, offset))
        docs = tuple(m for m in found if self.kind(m.concept) == "document")
        return tuple(m for m in found if self.kind(m.concept) != "document"), docs

    @functools.cached_property
    def _initiative_iris(self) -> tuple[str | None, str | None]:
        """(the forum's IRI, the national and regional initiatives' IRI), by their labels."""
        by_label = {label.casefold(): c.iri for c in self.concepts.values() for label in c.labels}
        return by_label.get("igf"), by_label.get("national igf")

    def _named_initiatives(self, text: str, offset: int, found: tuple[ConceptMention, ...]) -> tuple[ConceptMention, ...]:
        """"Kenya IGF", "the Polish IGF", "IGF Chad": a national or regional initiative named by
        its place, not the global forum. The place is a country (ISO 3166) after "IGF", or a
        country, region or adjective of place before it ("The IGF", "Global IGF", "UN IGF",
        "Youth IGF", "African IGF" stay what they are)."""
        forum, initiatives = self._initiative_iris
        if not forum or not initiatives:
            return found
        out = list(found)
        for i, m in enumerate(found):
            if m.concept != forum or m.label != "IGF":
                continue
            start, end = m.span.start - offset, m.span.end - offset
            place = self._place_before(text, start)
            after = _PLACE_AFTER.match(text, end)
            if place is not None:
                start = place
            elif after and fold(after.group(1)) in country_names():
                end = after.end(1)
            else:
                continue
            if i and found[i - 1].span.end > start + offset:
                continue  # the words before are part of another mention
            out[i] = ConceptMention(initiatives, Span(start + offset, end + offset), text[start:end])
        return tuple(out)

    def _place_before(self, text: str, end: int) -> int | None:
        """Where the place named right before ``end`` starts ("the Asia Pacific IGF" -> "Asia"), or
        None: a country, or region words and adjectives of place ("Italian", "West African",
        "Lebanese"), the longest such run; a city ("the Kyoto IGF") is the global forum's meeting."""
        m = _PLACE_BEFORE.search(text, 0, end)
        words = list(re.finditer(r"\S+", m.group(1))) if m else []
        for k in range(len(words)):
            place = m.group(1)[words[k].start():]
            if fold(place) in country_names() or all(_REGION.fullmatch(w.group(0)) and w.group(0).casefold() not in _NOT_PLACES
                                                     for w in words[k:]):
                if self.role_matcher.find(place) or self.concept_matcher.find(place):
                    return None
                return m.start(1) + words[k].start()
        return None


def _concepts_of(graph: Graph, scheme_ns: str) -> dict[str, Concept]:
    out: dict[str, Concept] = {}
    for s in graph.subjects(RDF.type, SKOS.Concept):
        iri = str(s)
        if not iri.startswith(scheme_ns):
            continue
        prefs = [str(o) for o in graph.objects(s, SKOS.prefLabel)]
        if len(prefs) != 1:
            raise VocabularyError(f"concept <{iri}> has {len(prefs)} skos:prefLabel; exactly one is expected")
        labels = [prefs[0]]
        for p in (SKOS.altLabel, SKOS.hiddenLabel):
            labels += sorted(str(o) for o in graph.objects(s, p) if str(o) not in labels)
        kind = graph.value(s, IGF.kind)
        out[iri] = Concept(
            iri=iri,
            pref_label=prefs[0],
            labels=tuple(dict.fromkeys(labels)),
            kind=str(kind) if isinstance(kind, Literal) else "topic",
            broader=tuple(sorted(str(o) for o in graph.objects(s, SKOS.broader) if isinstance(o, URIRef))),
            scheme=scheme_ns,
        )
    return out


@functools.lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The curated vocabularies from ``ontology/``.

    Raises VocabularyError where a file is missing or does not parse.
    """
    from ontology import ACT, CONCEPT, ROLE

    graph = Graph()
    for path in VOCABULARY_FILES:
        try:
            graph.parse(path, format="turtle")
        except FileNotFoundError as e:
            raise VocabularyError("vocabulary file is missing; reinstall igfkg", path=str(path)) from e
        except Exception as e:  # rdflib raises many kinds of parse errors
            raise VocabularyError(f"vocabulary file does not parse as Turtle: {e}", path=str(path)) from e
    return Vocabulary(
        concepts=_concepts_of(graph, str(CONCEPT)),
        roles=_concepts_of(graph, str(ROLE)),
        speech_acts=_concepts_of(graph, str(ACT)),
        graph=graph,
    )
