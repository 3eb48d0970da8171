"""apposition.v1: what the prose writes beside a person's name, where no list gives it.

- After the name, in brackets: a country or body ("Mr. Peter Lund (Sweden)", "Ana Lima (UNESCO)")
  is the affiliation; an office ("Dr Ivo Ruiz (Director General of ...)") a role.
- After the name (or its brackets), between commas: an office ("Ms. Ana Lima, MAG member,",
  "Mr. Rui Costa, co-facilitator of the correspondence group, presented"), and after the
  office a body ("..., Chief Information Officer, Office of the President").
- Before the name: an office written as a title ("WGIG Chairman Karl Berg", "ITU
  Secretary-General Ana Lima", "the MAG Chair, Ms. Ana Lima").

Summaries of intergovernmental meetings and the IGF's numbered summaries introduce people so,
inside sentences: ``describe`` adds to a person only what the list did not already say.
"""
from __future__ import annotations

import dataclasses
import re

from ..model import Participant, RoleObservation, Span
from ..names import country_names, fold, looks_like_name
from ..vocab import Vocabulary
from .participants import _BODY_WORDS, _ORG_WORDS, _TITLE, classify_role

STAGE = "apposition.v1"

_BRACKETS = re.compile(r"[ \t]*\((?P<inner>[^()\n]{2,90})\)")
_COMMA_PART = re.compile(r",\s+(?P<part>(?:[^,.;:()\n]|\n(?![ \t]*\n)){2,80}?)(?=[ \t]*(?:[,.;)]|$))")  # a line may wrap
_FROM = re.compile(r"[ \t]+(?:from|of|on[ \t]+behalf[ \t]+of|representing)[ \t]+(?:the[ \t]+)?"
                   r"(?P<body>[A-Z][\w&'\u2019-]*(?:[ \t]+(?:(?:of|for|and|on|the|de|du|des|la)[ \t]+)*[A-Z][\w&'\u2019-]*)*)")
_NOT_OFFICE = re.compile(r"^(?:who|which|whose|and|or|but|as|in|on|at|with|from|for|to|said|noted|the\s+meeting|"
                         r"[a-z]+ed\s+by)\b", re.I)  # "..., assisted by the Vice-Chairmen,": a clause, not an office
_CLAUSE = re.compile(r"\b(?:I|you|we|he|she|they|it|our|your|his|her|their|its|my|is|are|was|were|has|have|had|will|would|"
                     r"can|could|should|may|might|this|that)\b")
_REPRESENTATIVE = re.compile(r"(?:\b[Tt]he[ \t]+)?(?P<body>[A-Z][\w&-]*(?:[ \t]+[A-Z][\w&-]*){0,3})[ \t]+(?:representative|delegate)[ \t]*\([ \t]*$")
_TITLE_WORDS = re.compile(r"(?:[A-Z][\w&'\u2019-]*[ \t]+){0,3}[A-Z][\w'\u2019-]*$")


def _office(part: str, start: int, vocab: Vocabulary) -> RoleObservation | None:
    """An office phrase ("MAG member", "Head of the WSIS Secretariat", "Chief of the Digital
    Government Unit"), else None: a name, a body, a clause ("you were our fellow mentor")."""
    part = " ".join(part.split())
    if _NOT_OFFICE.match(part) or _CLAUSE.search(part) or looks_like_name(part) and not vocab.role_matcher.find(part):
        return None
    role = classify_role(part, Span(start, start + len(part)), vocab)
    if role is None and re.match(r"(?:(?:senior|deputy|assistant|acting)\s+)?" + _TITLE.pattern, part, re.I):
        role = RoleObservation(label=part, span=Span(start, start + len(part)), role=None, organization=None)
    return role


def _office_of(part: str, start: int, vocab: Vocabulary) -> tuple[RoleObservation | None, str | None]:
    """(office, body) of an apposition: "a MAG member from Nigeria" -> ("MAG member", "Nigeria"),
    "the IGF Secretariat's NRIs Focal Point" -> ("NRIs Focal Point", "IGF Secretariat")."""
    lead = re.match(r"(?:the|a|an|its|our)\s+", part, re.I)
    if lead:
        part, start = part[lead.end():], start + lead.end()
    body = None
    owner = re.match(r"(?P<body>[A-Z][^'\u2019]{1,60})['\u2019]s\s+(?P<office>\S.*)$", part)
    split = re.match(r"(?P<office>.+?)\s+from\s+(?:the\s+)?(?P<body>[A-Z].*)$", part)
    for m in (owner, split):
        if m and _body(m.group("body"), vocab) and _office(m.group("office"), start + m.start("office"), vocab):
            body, part, start = m.group("body"), m.group("office"), start + m.start("office")
            break
    return _office(part, start, vocab), body


def _body(part: str, vocab: Vocabulary) -> bool:
    """Whether ``part`` names a country or a body ("Hungary", "UNESCO", "Office of the President")."""
    if not part[:1].isupper():
        return False
    return fold(part) in country_names() or bool(_ORG_WORDS.search(part)) or bool(vocab.find_concepts(part)[0]) \
        or bool(re.fullmatch(r"[A-Z][A-Z&-]{1,9}", part))


def _after(text: str, end: int, vocab: Vocabulary) -> tuple[list[RoleObservation], str | None, Span | None]:
    roles: list[RoleObservation] = []
    aff: tuple[str, Span] | None = None
    b = _BRACKETS.match(text, end)
    if b:
        inner = b.group("inner").strip()
        office = _office(inner, b.start("inner"), vocab) if not _body(inner, vocab) else None
        if office:
            roles.append(office)
        elif _body(inner, vocab) or inner[:1].isupper() and not looks_like_name(inner):
            aff = (inner, Span(b.start("inner"), b.start("inner") + len(inner)))
        end = b.end()
    c = _COMMA_PART.match(text, end)
    office, body = _office_of(c.group("part"), c.start("part"), vocab) if c else (None, None)
    if c and office:
        roles += two_offices(office, vocab)
        if body and aff is None:
            aff = (body, Span(c.start("part") + c.group("part").index(body), c.start("part") + c.group("part").index(body) + len(body)))
        more = _COMMA_PART.match(text, c.end())
        part = more.group("part") if more else ""
        if more and aff is None and _body(part, vocab) and (_ORG_WORDS.search(part) or _office(part, 0, vocab) is None):
            aff = (part, Span(more.start("part"), more.end("part")))
    f = _FROM.match(text, end) if aff is None and not c else None
    if f and _body(f.group("body"), vocab):
        aff = (f.group("body"), Span(f.start("body"), f.end("body")))
    return roles, aff[0] if aff else None, aff[1] if aff else None


def _before(text: str, start: int, vocab: Vocabulary) -> tuple[RoleObservation | None, str | None]:
    """(office, body) written before the name: capitalised words ending in an office ("WGIG
    Chairman"), then the name, or a comma and the name ("the MAG Chair, Ms. Ana Lima"); a
    secretariat or staff before the name ("IGFSA Secretariat Ana Lima") is the body."""
    head = text[max(0, start - 60):start]
    rep = _REPRESENTATIVE.search(head)
    if rep and _body(rep.group("body"), vocab):  # "The UNCTAD representative (Ms. Ana Lima)"
        return None, rep.group("body")
    m = re.search(r"(?:^|[^\w,])(?P<title>[A-Z][^\n.;:()]*?),?[ \t]+$", head)
    if not m:
        return None, None
    words = m.group("title").split()
    for k in range(len(words)):  # the longest run of capitalised words that ends in an office
        label = " ".join(words[k:])
        if not _TITLE_WORDS.fullmatch(label) or label.split()[0].casefold() in ("the", "a", "an", "our"):
            continue
        found = vocab.role_matcher.find(label)
        if found and any(f.span.end == len(label) for f in found):
            if _BODY_WORDS.search(label):
                return None, label
            at = start - len(head) + m.start("title") + m.group("title").index(label, len(" ".join(words[:k])))
            return classify_role(label, Span(at, at + len(label)), vocab), None
    return None, None


def two_offices(office: RoleObservation, vocab: Vocabulary) -> list[RoleObservation]:
    """"MAG Member and Coordinator of the planning process" is two offices; "President and CEO",
    "General Counsel and Secretary" (a one-word side) stay one."""
    left, sep, right = office.label.partition(" and ")
    if not sep or len(left.split()) < 2 or len(right.split()) < 2:
        return [office]
    start = office.span.start
    first = _office(left, start, vocab)
    second = _office(right, start + len(left) + len(sep), vocab)
    return [first, second] if first and second else [office]


def _same_office(a: str, b: str) -> bool:
    """"MAG member" and "MAG member from the technical community" are one office, written twice."""
    a, b = a.casefold(), b.casefold()
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def describe(p: Participant, text: str, vocab: Vocabulary, *, limit: int = 3) -> Participant:
    """``p`` with the roles and affiliation the text writes beside their name (at most ``limit``
    mentions of the name as written), where the record gave none; a role once.

    >>> from ingest.vocab import load_vocabulary
    >>> from ingest.extract.participants import unlisted_participant
    >>> t = "It was chaired by Mr. Peter Lund (Sweden). Mr. Peter Lund, co-facilitator of the group, presented."
    >>> p = describe(unlisted_participant("Mr. Peter Lund", Span(18, 32)), t, load_vocabulary())
    >>> p.affiliation, [r.label for r in p.roles]
    ('Sweden', ['co-facilitator of the group'])
    """
    roles = list(p.roles)
    affiliation, aff_span = p.affiliation, p.affiliation_span
    forms = {p.as_written, p.name} - {""}
    starts = sorted({m.start() for f in forms for m in re.finditer(re.escape(f) + r"(?![\w'\u2019-])", text)})[:limit]
    for at in starts:
        end = at + max((len(f) for f in forms if text.startswith(f, at)), default=0)
        found, aff, span = _after(text, end, vocab)
        before, body = _before(text, at, vocab)
        if before and not roles:
            roles.append(before)
        aff = aff or body
        if found and not any(_same_office(r.label, found[0].label) for r in roles) and len(roles) < 2:
            roles += found[:2 - len(roles)]  # one office, or the two an "and" joins
        if affiliation is None and aff:
            affiliation, aff_span = aff, span
    if roles == list(p.roles) and affiliation == p.affiliation:
        return p
    return dataclasses.replace(p, roles=tuple(roles), affiliation=affiliation, affiliation_span=aff_span)
