"""introductions.v1: the roles and affiliations people give themselves and each other in the
turns of a transcript or call notes, where there is no participant list to say them.

- Self-introductions, in the speaker's own turn: "this is Ana Lima from the IGF Secretariat",
  "It's Ana from the Secretariat", "Ana Lima, host country co-chair, from the Ministry of ...",
  "Ana Lima, MAG member from the technical community", "I'm the chair of the ALAC", "my name
  is Ana Lima, and I'm head of the IGF Secretariat".
- Introductions of another: "I give the floor to our Chair, Ana Lima", "the chair of the working
  group, Ana Lima", "Ana, our Chair, to start", "Ms. Ana Lima, the Chair of the 2024 MAG",
  "Mr. Rui Costa, who is the chair of the Leadership Panel", "Rui Costa, coordinator of the
  Ghana IGF", "Dr. Rui Costa from the ISOC Brazil Chapter".
- Turn labels that put an office before a name (">>CHAIR LIMA:"): that person's role.

A role is a phrase the role vocabulary (or an office word) recognises; an affiliation is a
body, constituency or organisation after "from", "with" or "representing". Only people already
found (listed, or speaking) are given roles, except a full name introduced with an office or a
body in a sentence that introduces ("we have", "introduce", "our Chair, X"): that person took
part, and is added.
"""
from __future__ import annotations

import dataclasses
import re

from ..identity import person_key
from ..model import Participant, RoleObservation, Segments, Span, Statement
from ..names import NAME, looks_like_name, parse_name
from ..resolve import PeopleIndex
from ..vocab import Vocabulary
from .participants import classify_role, group_meaning

STAGE = "introductions.v1"

_W = r"[\w'\u2019\u2011-]+"
_RW = rf"(?!(?:to|our|the|a|an|and|or|with|from|in|on|at|by|is|are|was|were|you|we|I|it|this|that|of|for|who|which)\b){_W}"
# an office, with the body it belongs to: "Chair", "host country co-chair", "chair of the working group"
_ROLE = rf"(?P<role>{_RW}(?:[ \t]+{_RW}){{0,4}}?(?:[ \t]+(?:of|for)[ \t]+[^,.;:!?()\n]{{2,80}}?)?)"
_END = r"(?=[ \t]*(?:[,.;:!?)]|$)|[ \t]+(?:and(?![ \t]+(?!(?:Mr|Ms|Mrs|Dr|Prof)\b)[A-Z][a-z])|who|which|to|from|will|is|has|for\s+the\s+record)\b)"
# a body after "from": "the IGF Secretariat", "the Norwegian Ministry of ...", "the technical community"
_BODY = r"(?P<aff>(?:the[ \t]+)?[^,.;:!?()\n]{2,80}?)"
_BODY_END = r"(?=[ \t]*(?:[,.;:!?)]|$)|[ \t]+(?:and(?![ \t]+(?!(?:Mr|Ms|Mrs|Dr|Prof)\b)[A-Z][a-z])|I\b|who|which|for\s+the\s+record|here|speaking|in\s+the)\b)"
_AS = r"(?:from|with|of|representing)"

# the speaker's own name: "this is X", "It's X", "my name is X", "I'm X", "Myself, X"
_SELF_NAMED = re.compile(rf"(?:\b[Tt]his\s+is|\b[Ii]t['\u2019]s|\b[Ii]t\s+is|\b[Mm]y\s+name\s+is|\bI['\u2019]m|\bI\s+am|\b[Mm]yself,?)\s+"
                         rf"(?P<name>{NAME})(?:,?[ \t]+(?:also[ \t]+)?{_AS}[ \t]+{_BODY}{_BODY_END})?")
# the speaker's name opening the sentence, then what they are: "Ana Lima, MAG member from the technical community"
_NAME_FIRST = re.compile(rf"^\W*(?P<name>{NAME})(?:,[ \t]+(?!(?:{_AS}|also)\b){_ROLE}(?=,?[ \t]+(?:also[ \t]+)?{_AS}\b))?"
                         rf",?[ \t]+(?:also[ \t]+)?{_AS}[ \t]+{_BODY}{_BODY_END}")
_NAME_ROLE = re.compile(rf"^\W*(?P<name>{NAME}),[ \t]+{_ROLE}[ \t]*(?:[.;]|,[ \t]+for[ \t]+the[ \t]+record|$)")
# "I coordinate the Netherlands IGF", "I work for the Ministry of ...": the speaker's body
_I_WORK = re.compile(rf"\bI[ \t]+(?:coordinate|represent|work[ \t]+(?:for|at|with|in)|am[ \t]+(?:with|from|representing)|come[ \t]+from)[ \t]+"
                     rf"{_BODY}{_BODY_END}")
# "I'm the chair of the ALAC", "I am head of the IGF Secretariat": an office, no name
_I_AM = re.compile(rf"\bI(?:['\u2019]m|\s+am)\s+(?:the\s+|an?\s+|your\s+)?{_ROLE}{_END}")
# another person introduced: "our Chair, X", "X, our Chair", "X, who is the chair of ...", "X, coordinator of ..."
_ROLE_THEN_NAME = re.compile(rf"\b(?:[Oo]ur|[Tt]he|[Mm]y)\s+{_ROLE},\s+(?P<name>{NAME})")
_NAME_THEN_ROLE = re.compile(rf"(?<![\w\u2010\u2011.-])(?P<name>{NAME}),\s+(?P<det>our|the|who\s+is\s+(?:the|our)|who\s+was\s+(?:the|our)|)\s*{_ROLE}{_END}")
# an office written before an honorific and a name: "Assistant Secretary-General Ms. Ana Lima"
_TITLE_THEN_NAME = re.compile(rf"(?<![\w\u2010\u2011-])(?P<role>(?:[A-Z][\w\u2010\u2011-]*[ \t]+){{0,3}}[A-Z][\w\u2010\u2011-]*)[ \t]+"
                              rf"(?=(?:Ms|Mr|Mrs|Dr|Prof|H\.\s?E)\.?[ \t])(?P<name>{NAME})")
# a roll call's staff: "From staff, we have myself, Ana Lima, on call management, and Rui Costa."
_STAFF_ROLL = re.compile(r"\b[Ff]rom\s+(?P<aff>(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}(?:[Ss]taff|Secretariat))\s*,?\s+we\s+(?:also\s+)?have\s+"
                         r"(?P<names>[^.;]+)")
_ROLL_ENTRY = re.compile(rf"(?P<name>{NAME})(?:,?[ \t]+on[ \t]+(?P<role>[a-z][\w -]{{2,30}}?)(?=[ \t]*(?:[,.;]|$)|[ \t]+and\b))?")
_NAME_FROM = re.compile(rf"(?<![\w\u2010\u2011.-])(?P<name>{NAME})[ \t]+{_AS}[ \t]+{_BODY}{_BODY_END}")
# a sentence that brings someone in: what makes an introduced name a participant
_INTRODUCING = re.compile(r"\b(?:introduc\w*|we\s+(?:also\s+)?have|welcome|joining\s+us|with\s+me|on\s+my\s+(?:left|right)|next\s+to|"
                          r"floor\s+to|over\s+to|hand\w*|give\s+(?:it|the\s+floor)|pass\w*\s+(?:it\s+)?(?:on\s+)?to|start\s+with|"
                          r"our\s+(?:co-)?chair|is\s+the|who\s+is|who\s+was)\b", re.I)
_NOT_OFFICE = re.compile(r"^(?:next|last|first|only|new|other|same)\b|\b(?:speakers?|participants?|one|person|people|everyone|pleasure|"
                         r"way|time|floor|question|point|agenda|call|meeting)$", re.I)
_GREETING = re.compile(r"(?i)(?:thank|thanks|hello|hi|dear|welcome|yes|no|okay|so|and|greetings|good)\b")
_CHAIR_LABEL = re.compile(r"(?P<role>(?:CO-)?CHAIR(?:MAN|WOMAN|PERSON)?|MODERATOR)\s+(?P<name>\S.*)")


@dataclasses.dataclass(frozen=True)
class Introduction:
    """What a sentence says one person is: a role, an affiliation, or both."""

    name: str  # as written ("" where the speaker says "I'm the chair of ...")
    span: Span
    key: str | None  # the participant, where the name fits exactly one (or it is the speaker)
    role: RoleObservation | None = None
    affiliation: str | None = None
    affiliation_span: Span | None = None
    introduces: bool = False  # the sentence brings the person in: a full name so introduced takes part


def _office(role: str, start: int, vocab: Vocabulary) -> RoleObservation | None:
    """The role a phrase names ("Chair", "chair of the working group", "MAG member"), or None: not
    an office ("next speaker"), or a body ("the IGF Secretariat": an affiliation)."""
    role = role.strip()
    head = re.split(r"\s+(?:of|for)\s+", role, maxsplit=1)[0]
    if not role or _NOT_OFFICE.search(head) or looks_like_name(role) or group_meaning(head, vocab) == "affiliation" \
            and not re.search(r"\b(?:head|chief|director|coordinator|lead)\b", head, re.I):
        return None
    return classify_role(role, Span(start, start + len(role)), vocab)


def _body(aff: str, start: int, vocab: Vocabulary) -> tuple[str, Span] | None:
    """The affiliation a phrase after "from" names, "the" dropped; None for what is no body
    ("from home", "from my side", "from India" is a country and kept)."""
    lead = re.match(r"(?:the|our)\s+", aff, re.I)
    body = aff[lead.end():] if lead else aff
    body = body.strip()
    if not body or not (body[:1].isupper() or group_meaning(body, vocab) or re.search(r"\b(?:community|constituency|sector|"
                                                                                      r"society|group|chapter|stakeholder)\b", body, re.I)):
        return None
    if re.match(r"(?i)(?:my|his|her|their|your|home|here|there|the\s+floor|the\s+chat|the\s+room)\b", body) \
            or looks_like_name(body) and not group_meaning(body, vocab):  # "from Ana Lima": a person, not a body
        return None
    at = start + (lead.end() if lead else 0) + len(body) - len(body.lstrip())
    return body, Span(at, at + len(body))


def _turn_spans(segments: Segments) -> frozenset[Span]:
    """The spans of the record's turns and of the unlabelled paragraphs that go on with them."""
    out, within = set(), False
    for b in segments.blocks:
        if b.kind == "turn":
            within = True
        elif b.kind in ("heading", "title", "zone"):
            within = False
        if within and b.kind in ("turn", "paragraph"):
            out.add(b.span)
    return frozenset(out)


def introductions(text: str, statements: tuple[Statement, ...], segments: Segments, participants: tuple[Participant, ...],
                  vocab: Vocabulary) -> tuple[Introduction, ...]:
    """The introductions in the sentences of the record's turns (and the paragraphs that go on with
    them), in order."""
    turns = _turn_spans(segments)
    people = PeopleIndex(participants)
    out: list[Introduction] = []

    def who(name: str, at: int) -> str | None:
        """The one participant ``name`` (written at ``at``) fits, else None."""
        for keys in (people.lookup(parse_name(name).name), people.lookup(name)):
            if keys:
                return keys[0] if len(keys) == 1 else None
        nm = people.match_at(text, at)
        return nm.keys[0] if nm and len(nm.keys) == 1 else None

    def said(m: re.Match[str], group: str, base: int) -> tuple[str, Span]:
        name = m.group(group).rstrip(".")
        return name, Span(base + m.start(group), base + m.start(group) + len(name))

    for st in statements:
        if st.paragraph not in turns:
            continue
        s, base = text[st.span.start:st.span.end], st.span.start
        own = st.speaker if st.verb is None and (st.resolution or "").startswith(("turn", "continues the speaker's")) else None
        if own:  # the speaker on themselves: the name they give must be theirs
            for pattern in (_SELF_NAMED, _NAME_FIRST, _NAME_ROLE):
                for m in pattern.finditer(s):
                    name, span = said(m, "name", base)
                    if not looks_like_name(name) or who(name, span.start) != own:
                        continue
                    groups = m.groupdict()
                    role = _office(groups["role"], base + m.start("role"), vocab) if groups.get("role") else None
                    body = _body(groups["aff"], base + m.start("aff"), vocab) if groups.get("aff") else None
                    if role or body:
                        out.append(Introduction(name, span, own, role, *(body or (None, None))))
            for m in _I_WORK.finditer(s):
                body = _body(m.group("aff"), base + m.start("aff"), vocab)
                if body:
                    out.append(Introduction("", Span(base + m.start(), base + m.end()), own, None, *body))
            for m in _I_AM.finditer(s):
                role = _office(m.group("role"), base + m.start("role"), vocab)
                if role:
                    out.append(Introduction("", Span(base + m.start(), base + m.end()), own, role))
        introducing = bool(_INTRODUCING.search(s))
        for pattern in (_ROLE_THEN_NAME, _NAME_THEN_ROLE, _TITLE_THEN_NAME):
            for m in pattern.finditer(s):
                name, span = said(m, "name", base)
                if not looks_like_name(name) or _GREETING.match(name):
                    continue
                role = _office(m.group("role"), base + m.start("role"), vocab)
                if role:
                    out.append(Introduction(name, span, who(name, span.start), role,
                                            introduces=introducing and (pattern is not _NAME_THEN_ROLE or bool(m.group("det")))))
        for roll in _STAFF_ROLL.finditer(s):
            aff = re.sub(r"^the\s+", "", roll.group("aff"))
            for m in _ROLL_ENTRY.finditer(roll.group("names")):
                name, span = said(m, "name", base + roll.start("names"))
                if not looks_like_name(name):
                    continue
                role = _office(m.group("role"), base + roll.start("names") + m.start("role"), vocab) if m.group("role") else None
                at = base + roll.start("aff") + roll.group("aff").index(aff)
                out.append(Introduction(name, span, who(name, span.start), role, aff, Span(at, at + len(aff)), introduces=True))
        for m in _NAME_FROM.finditer(s):
            name, span = said(m, "name", base)
            key = who(name, span.start)
            if key == own or not looks_like_name(name) or _GREETING.match(name) or not key and len(parse_name(name).name.split()) < 2:
                continue
            body = _body(m.group("aff"), base + m.start("aff"), vocab)
            if body:
                out.append(Introduction(name, span, key, None, *body, introduces=introducing))
    return tuple(out)


def label_roles(text: str, segments: Segments, participants: tuple[Participant, ...], vocab: Vocabulary) -> tuple[Introduction, ...]:
    """Roles that turn labels write before a name (">>CHAIR LIMA:" -> Chair), for the
    participant the rest of the label names."""
    people = PeopleIndex(participants)
    out = []
    for b in segments.blocks:
        if b.kind != "turn" or not b.label:
            continue
        m = _CHAIR_LABEL.fullmatch(b.label.slice(text).strip())
        if not m:
            continue
        rest = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in m.group("name").split())
        keys = people.lookup(rest) or tuple(p.key for p in participants if p.family and p.family.casefold() == rest.casefold())
        if len(keys) == 1:
            word = m.group("role").capitalize()
            start = b.label.start + m.start("role")
            role = classify_role(word, Span(start, start + len(word)), vocab)
            if role:
                out.append(Introduction(rest, Span(b.label.start + m.start("name"), b.label.end), keys[0], role))
    return tuple(out)


def with_introductions(participants: tuple[Participant, ...], intros: tuple[Introduction, ...]) -> tuple[Participant, ...]:
    """``participants`` with the roles and affiliations ``intros`` give them, in order: the first
    role introduced, to those with none; an affiliation, to those with none."""
    by_key = {p.key: p for p in participants}
    for i in intros:
        p = by_key.get(i.key) if i.key else None
        if p is None:
            continue
        if i.role and not p.roles:
            p = dataclasses.replace(p, roles=(i.role,))
        if i.affiliation and not p.affiliation:
            p = dataclasses.replace(p, affiliation=i.affiliation, affiliation_span=i.affiliation_span)
        by_key[p.key] = p
    return tuple(by_key.values())


def introduced_people(intros: tuple[Introduction, ...], participants: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """People no participant yet, whom a sentence introduces by full name with an office or a body
    ("we have Rui Costa, our outgoing chair"): participants found in the prose."""
    known = {p.key for p in participants}
    out: dict[str, Participant] = {}
    for i in intros:
        if i.key or not i.introduces or not i.name:
            continue
        parsed = parse_name(i.name)
        if len(parsed.name.split()) < 2:
            continue
        key = person_key(parsed.name)
        if key in known or key in out:
            continue
        out[key] = Participant(key=key, name=parsed.name, as_written=i.name, given=parsed.given, family=parsed.family,
                               span=i.span, honorific=parsed.honorific, roles=(i.role,) if i.role else (),
                               affiliation=i.affiliation, affiliation_span=i.affiliation_span, listed=False, found_in="prose")
    return tuple(out.values())
