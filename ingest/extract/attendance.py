"""attendance.v2: the people a record gives outside a participant list, with their roles and
affiliations and where they were found.

- Inline lists in a sentence: "The meeting took place ... with the following participants:
  A B (Chair), C D; IGFSA Secretariat: E F, G H.", "Present were ...", a sentence saying who
  took part that ends in ":" followed by a bare line of names.
- Apologies in a sentence: "Apologies were received from X and Y." (kept apart: not attendees).
- Introductions: "Ms. X moderated the meeting as Chair of the MAG", "Mr. Y represented the IGF
  Secretariat", "The meeting was hosted by the IGF Secretariat's NRIs Focal Point, Z",
  "the host country was represented by Ms. W, Chief of ...".

One name grammar (``NAME``) serves every pattern; an entry is a person only when
:func:`ingest.names.looks_like_name` says it is a personal name.
"""
from __future__ import annotations

import dataclasses
import re

from ..identity import person_key
from ..model import Participant, RoleObservation, Segments, Span
from ..names import NAME, looks_like_name, parse_name
from ..segment import lines_of, sentences
from ..vocab import Vocabulary
from .participants import classify_role, combined, group_meaning, parse_entry, split_entries

STAGE = "attendance.v2"

_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_INLINE = re.compile(
    r"(?:with\s+the\s+following\s+(?:participants|members|attendees|individuals|people)|(?:the\s+)?follow(?:ing)?\s+"
    # "The following Directors participated in all or part of the meeting:", "The following staff members were also present:"
    r"(?:participants|members|people|individuals|persons|delegates|representatives|(?:[\w&'\u2019-]+\s+){1,7}?)(?:have\s+)?(?:also\s+)?"
    r"(?:attended|were\s+(?:also\s+)?present|took\s+part|participated|joined)(?:\s+(?:remotely|online|in\s+person|on\s+site|"
    r"virtually|by\s+phone|in\s+(?:all\s+or\s+part\s+of\s+)?the\s+(?:call|meeting|session)))?|(?:participants|attendees|those\s+present)\s+(?:were|included)|"
    r"(?:was|were)\s+attended\s+by|present\s+were|on\s+the\s+call(?:\s+today)?\s+(?:were|we\s+have|are)|"
    r"(?:participated|took\s+part|joined)\s+(?:in\s+the\s+(?:call|meeting|session)|remotely|online|in\s+person)|"
    # a council's vote: "12 votes in favour: A, B (one vote each)", "Two votes against:", "Dropped off the call:"
    rf"^\W*(?:vote\s*:\s*)?(?:{_COUNT}\s+)?(?:votes?\s+(?:in\s+favou?r|for|against)|abstentions?)|^\W*dropped\s+off\s+the\s+call)"
    r"\s*[:,.]?\s*", re.I | re.M)
_APOLOGIES = re.compile(r"(?:apologies|regrets)\s+(?:were\s+|was\s+)?(?:received|sent|noted|given)?\s*(?:from|by)\s+|"
                        r"^\W*absent(?:\s+(?:council(?:lor)?s?|members?|council\s+members))?\s*:\s*", re.I | re.M)
_VOTE = re.compile(r"votes?\s+(?:in\s+favou?r|for|against)|abstention|dropped\s+off", re.I)
# what a vote adds after a voter's name: "(one vote each)", "(2 votes each)", "(2)"
_VOTE_NOTE = re.compile(rf"\(\s*(?:{_COUNT}(?:\s+votes?)?(?:\s+each)?)\s*\)", re.I)
_SENT_APOLOGIES = re.compile(rf"(?P<names>{NAME}(?:\s*(?:,|and)\s*{NAME})*)\s+(?:sent|gave|presented)\s+(?:\w+\s+)?(?:apologies|regrets)")
_CHAIRED = re.compile(
    rf"(?P<name>{NAME})\s+(?:(?:also|jointly|kindly)\s+)?(?P<verb>moderated|chaired|co-chaired|facilitated|hosted|presided\s+over|led)"
    r"\s+the\s+(?:meeting|call|session|discussion|teleconference)(?:\s+as\s+(?:the\s+)?(?P<role>[^.,;()]+?))?(?=\s+and\s|[.,;(]|$)")
_REPRESENTED = re.compile(
    rf"(?P<name>{NAME})\s+(?:represented|was\s+representing|attended\s+on\s+behalf\s+of|participated\s+on\s+behalf\s+of)"
    r"\s+(?:the\s+)?(?P<aff>[^.,;()]+?)(?=\s+and\s|[.,;(]|$)")
_CHAIRED_BY = re.compile(
    r"(?i:moderated|chaired|co-chaired|facilitated|hosted|presided\s+over|led|opened)\s+by\s+(?:the\s+)?"
    rf"(?:(?P<role>(?:(?!\b(?:and|by|from|of\s+the\s+meeting)\b)[^,;()]){{2,80}}?),\s+|(?P<title>(?:Co-)?Chair|Moderator|Host|Facilitator)\s+)?"
    rf"(?P<name>{NAME})(?:\s+from\s+(?:the\s+)?(?P<aff>[A-Z][^,.;()]{{1,60}}?))?(?=\s*(?:[,;.(]|\s+and\s|$))")
_REPRESENTED_BY = re.compile(
    rf"(?P<aff>(?:the\s+)?[\w'\u2019 -]{{2,60}}?)\s+(?:was|were)\s+represented\s+by\s+(?P<name>{NAME})(?:,\s+(?P<role>[^.,;()]+))?")
_REPRESENTED_BY_LIST = re.compile(r"\b(?:was|were)\s+represented\s+by\s+")
_POSSESSIVE = re.compile(r"^(?P<org>.+?)['\u2019]s\s+(?P<role>.+)$")
_SECRETARIAT = re.compile(r"\b(?:secretariat|staff|office|committee|council|board)\b", re.I)


def _clean(name: str) -> str:
    """A matched name without a trailing sentence stop ("Clair." at the end of a sentence)."""
    name = name.strip()
    if name.endswith(".") and not re.search(r"(?:\b[A-Z]|St|Jr|Sr)\.$", name):
        name = name[:-1]
    return name


def _person(name: str, start: int, position: int, *, found_in: str) -> Participant | None:
    name = _clean(name)
    if not looks_like_name(name) or len(name.split()) < 2 and found_in != "turn":
        return None
    parsed = parse_name(name)
    if len(parsed.name.split()) < 2 and found_in == "prose":
        return None
    return Participant(key=person_key(parsed.name), name=parsed.name, as_written=name, given=parsed.given,
                       family=parsed.family, span=Span(start, start + len(name)), honorific=parsed.honorific,
                       listed=False, position=position, found_in=found_in)


def _office(text: str, span_start: int, vocab: Vocabulary) -> tuple[RoleObservation | None, str | None]:
    """(role, affiliation) of an office phrase: "Chair of the MAG" is a role; "the IGF Secretariat"
    an affiliation; "the IGF Secretariat's NRIs Focal Point" both."""
    text = re.sub(r"^(?:the|its|our)\s+", "", text.strip(), flags=re.I)
    m = _POSSESSIVE.match(text)
    if m:
        role = classify_role(m.group("role"), Span(span_start + m.start("role"), span_start + m.end("role")), vocab)
        return role or RoleObservation(m.group("role"), Span(span_start, span_start + len(text)), None, None), m.group("org")
    kind = group_meaning(text, vocab)
    if kind == "affiliation":
        return None, text
    role = classify_role(text, Span(span_start, span_start + len(text)), vocab)
    return role, None


def split_names(text: str, start: int) -> list[tuple[str, int]]:
    """Entries of an inline list: split at commas and "and" outside parentheses."""
    out: list[tuple[str, int]] = []
    depth, piece_start = 0, 0
    i = 0
    while i <= len(text):
        ch = text[i] if i < len(text) else ","
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        sep = 0
        if depth == 0 and ch == ",":
            sep = 1
        elif depth == 0 and text.startswith(" and ", i):
            sep = 5
        if sep:
            piece = text[piece_start:i]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((piece.strip(), start + piece_start + lead))
            piece_start = i + sep
            i += sep
            continue
        i += 1
    return out


def parse_inline(text: str, start: int, vocab: Vocabulary, first_position: int, *, found_in: str = "list") -> list[Participant]:
    """People of an inline list ("A B (Chair), C D; IGFSA Secretariat: E F, G H")."""
    out: list[Participant] = []
    pos = 0
    for chunk in text.split(";"):
        cstart = start + pos
        pos += len(chunk) + 1
        role: RoleObservation | None = None
        affiliation = None
        g = re.match(r"\s*(?P<label>[^:,()]{2,60}):\s*", chunk)
        if g and not looks_like_name(g.group("label")):
            role, affiliation = _group(g.group("label"), cstart + g.start("label"), vocab)
            body, bstart = chunk[g.end():], cstart + g.end()
        else:
            body, bstart = chunk, cstart
        for entry, estart in split_names(body.rstrip(" ."), bstart):
            p = parse_entry(entry, estart, vocab, first_position + len(out))
            if p is None:  # "IGFSA Secretariat Mei Lin Ko": a body, then the person
                p, aff = _after_label(entry, estart, vocab, first_position + len(out))
                if p and aff:
                    p = dataclasses.replace(p, affiliation=aff)
            if p is None:
                continue
            p = dataclasses.replace(p, listed=False, found_in=found_in)
            if role:
                p = dataclasses.replace(p, roles=(role,) + p.roles)
            if affiliation and not p.affiliation:
                p = dataclasses.replace(p, affiliation=affiliation)
            out.append(p)
    return out


def _group(label: str, start: int, vocab: Vocabulary) -> tuple[RoleObservation | None, str | None]:
    kind = group_meaning(label, vocab)
    if kind == "affiliation":
        return None, label.strip()
    if kind == "role":
        return classify_role(label.strip(), Span(start, start + len(label.strip())), vocab), None
    return None, None


def _after_label(entry: str, start: int, vocab: Vocabulary, position: int) -> tuple[Participant | None, str | None]:
    words = entry.split()
    for k in range(1, len(words) - 1):
        label, rest = " ".join(words[:k]), " ".join(words[k:])
        if looks_like_name(rest) and group_meaning(label, vocab) == "affiliation":
            p = parse_entry(rest, start + entry.index(rest, len(label)), vocab, position)
            if p:
                return p, label
    return None, None


_SPEAKER_LINE = re.compile(r"^[ \t]*(?:Speakers?|Presenters?)\s*:[ \t]*(?P<names>\S[^\n]*)$", re.M)
_ORGANIZATION_LINE = re.compile(r"^[ \t]*(?:Organi[sz]ation|Delegation|Country|Entity)\s*:[ \t]*(?P<org>\S[^\n]*)$", re.M)
_FROM = re.compile(r"^[ \t]*From:[ \t]*\"?(?P<name>[^<\"\n@]+?)\"?[ \t]*(?:<[^>\n]*>|\S+[ \t]+at[ \t]+\S+|\S+@\S+)?[ \t]*$",
                   re.M | re.I)
_PIPERMAIL_FROM = re.compile(r"^(?P<name>[^\n]{3,60}?)\s+[\w.+-]+[ \t]+at[ \t]+[\w-]+(?:\.[\w-]+)+[ \t]*$", re.M)


def author(text: str) -> Participant | None:
    """The person who sent a record posted as an e-mail ("From: Jane Roe <jane@...>", or a
    mailing-list archive's name line over "jane at example.org"), when it names a person."""
    head = text[:1500]
    for m in (_FROM.search(head), _PIPERMAIL_FROM.search(head)):
        if m:
            name = m.group("name").strip()
            spaced = re.sub(r"(?<=St\.)(?=[A-Z])", " ", name)  # "Anne St.Clair"
            p = _person(spaced, m.start("name"), 1, found_in="prose")
            if p:
                return dataclasses.replace(p, as_written=name, span=Span(m.start("name"), m.start("name") + len(name)))
    return None


def _organisation(label: str) -> str:
    """An organisation block's label without its stakeholder group: "Asociación Digital Andina
    (civil society)" -> "Asociación Digital Andina"."""
    return re.sub(r"\s*\((?:civil\s+society|private\s+sector|government|academia|technical\s+community|"
                  r"intergovernmental\s+organi[sz]ation|international\s+organi[sz]ation)\)\s*$", "", label.strip(), flags=re.I)


def _speaker_lines(text: str, vocab: Vocabulary, position: int) -> list[Participant]:
    """The people of an organisation block's speaker line ("Organization: ISOC\nSpeaker: Mr. X,
    Senior Adviser", "Speakers: Ms. A and Mr. B"), with the organisation of the line above as
    their affiliation and what follows a lone name as their office."""
    out: list[Participant] = []
    for m in _SPEAKER_LINE.finditer(text):
        above = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        org = _ORGANIZATION_LINE.match(above)
        start = m.start("names")
        for i, piece in enumerate(re.split(r"(\s+and\s+|\s*;\s*)", m.group("names"))):
            if i % 2 == 0 and piece.strip():  # the pieces between the separators the split keeps
                for entry, estart in split_entries(piece.strip(), start + len(piece) - len(piece.lstrip())):
                    p = parse_entry(entry, estart, vocab, position + len(out))
                    if p:
                        out.append(dataclasses.replace(p, listed=False, found_in="list",
                                                       affiliation=p.affiliation or (_organisation(org.group("org")) if org else None)))
            start += len(piece)
    return out


def _rest_of_block(text: str, sent: Span, block) -> tuple[str, int] | None:
    """(text, start) of what follows sentence ``sent`` in ``block``, stripped; None when nothing does."""
    after = text[sent.end:block.span.end]
    if not after.strip():
        return None
    return after.strip(), sent.end + len(after) - len(after.lstrip())


def _as_list(names: str) -> str:
    """Lines of names as one comma-separated list."""
    return names.replace("\n", ", ").replace(",,", ",")


def _unvoted(text: str) -> str:
    """``text`` with what a vote adds after names ("(one vote each)") blanked, offsets kept."""
    return _VOTE_NOTE.sub(lambda m: " " * len(m.group(0)), text)


def extract_attendance(text: str, segments: Segments, vocab: Vocabulary, *, first_position: int = 1,
                       sender: Participant | None = None) -> tuple[tuple[Participant, ...], tuple[Participant, ...]]:
    """(people who took part, people who sent apologies), from the record's sentences; ``sender``
    (see :func:`author`), who posted the record as an e-mail, first."""
    people: list[Participant] = [sender] if sender else []
    apologies: list[Participant] = []
    blocks = [b for b in segments.blocks if b.zone in ("header", "discussion") and b.kind in ("paragraph", "title", "list", "turn")]
    for i, block in enumerate(blocks):
        if block.kind == "turn":
            continue
        if block.kind == "title" and block.zone == "header":  # a bare line of names in the record's head
            for line in lines_of(text, block.span):
                names = [n.strip() for n in line.slice(text).split(",")]
                if len(names) >= 3 and all(looks_like_name(n) and len(n.split()) >= 2 for n in names):
                    people += parse_inline(line.slice(text), line.start, vocab, first_position + len(people))
        for sent in sentences(text, block.span):
            s = sent.slice(text)
            position = first_position + len(people)
            m = _INLINE.search(s)
            if m:
                rest, vote = s[m.end():], _VOTE.search(m.group(0))
                if rest.strip(" .:"):
                    people += parse_inline(_unvoted(rest), sent.start + m.end(), vocab, position)
                elif s.rstrip().endswith(":") or vote:  # "... took part in the call:", "11 votes in favour"
                    after = _rest_of_block(text, sent, block)  # then a bare line of names
                    nxt = (next((b for b in segments.blocks if b.span.start >= block.span.end and b.kind != "zone"), None)
                           if vote else blocks[i + 1] if i + 1 < len(blocks) else None)
                    if after:
                        people += parse_inline(_as_list(_unvoted(after[0])), after[1], vocab, position)
                    elif nxt is not None:  # its sentences of names, up to the first that names nobody
                        for part in sentences(text, nxt.span) or [nxt.span]:
                            found = parse_inline(_as_list(_unvoted(part.slice(text))), part.start, vocab, first_position + len(people))
                            if not found:
                                break
                            people += found
                    break
            a = _APOLOGIES.search(s)
            if a and s[a.end():].strip(" .:"):
                apologies += parse_inline(s[a.end():], sent.start + a.end(), vocab, len(apologies) + 1)
            elif a and s.rstrip().endswith(":") and (after := _rest_of_block(text, sent, block)):  # "Absent councillors:" then names
                apologies += parse_inline(_as_list(after[0]), after[1], vocab, len(apologies) + 1)
                break
            for a in _SENT_APOLOGIES.finditer(s):
                apologies += parse_inline(a.group("names"), sent.start + a.start("names"), vocab, len(apologies) + 1)
            if block.kind == "paragraph":  # a name broken over two lines ("Mr. Tavita\nLealaiauloto")
                s = re.sub(r"[ \t]*\n[ \t]*(?=\S)", lambda w: " " * len(w.group(0)), s)
            people += _introduced(s, sent.start, vocab, first_position + len(people))
    people += _speaker_lines(text, vocab, first_position + len(people))
    for block in segments.blocks:  # "Tim Ruiz, Ana Lima (two votes each)": voters, under a vote's head or not
        chunk = block.span.slice(text)
        if block.zone in ("header", "discussion") and _VOTE_NOTE.search(chunk) and "each" in chunk.lower():
            names = [n.strip(" .") for n in _unvoted(chunk).split(",")]
            if len(names) >= 2 and all(looks_like_name(n) and len(n.split()) >= 2 for n in names if n):
                people += parse_inline(_unvoted(chunk), block.span.start, vocab, first_position + len(people))
    return _merged(people), _merged(apologies)


# "we do have Ana Lima and we have Rui Costa from the Foreign Office who will ...": a chair
# introducing who joins, in a transcript
_WE_HAVE = re.compile(rf"\bwe\s+(?:also\s+)?(?:do\s+)?have\s+(?P<names>{NAME}(?:(?:\s*,\s*|\s+and\s+(?:we\s+(?:also\s+)?have\s+)?){NAME})*)"
                      r"(?=\s+(?:from|of|who|joining|with\s+us|on\s+the\s+(?:line|call)|in\s+the\s+room|here|today)\b)")


#: Words without which a pattern of :func:`_introduced` cannot match (its verbs; lower case).
_NEEDS = {_CHAIRED: ("moderated", "chaired", "facilitated", "hosted", "presided", "led"),
          _REPRESENTED: ("represent", "behalf"), _CHAIRED_BY: (" by",), _REPRESENTED_BY: ("represented",)}


def _introduced(s: str, offset: int, vocab: Vocabulary, position: int) -> list[Participant]:
    """People a sentence introduces with what they did: chaired, represented, hosted, joined."""
    out: list[Participant] = []
    low = s.lower()  # each pattern needs a word of its own: a sentence without it is not searched
    for m in (_WE_HAVE.finditer(s) if "have" in low else ()):
        for n in re.finditer(NAME, m.group("names")):
            p = _person(n.group(0), offset + m.start("names") + n.start(), position + len(out), found_in="prose")
            if p is not None:
                out.append(p)
    listed = _REPRESENTED_BY_LIST.search(s)
    if listed:  # "The co-organizers were represented by Mr. A (UNESCO), Ms. B (UNCTAD) and Mr. C (UNDP)."
        found = parse_inline(s[listed.end():].rstrip(" ."), offset + listed.end(), vocab, position + len(out), found_in="prose")
        if len(found) >= 2:
            out += found
    for pattern in (_CHAIRED, _REPRESENTED, _CHAIRED_BY, _REPRESENTED_BY):
        if not any(word in low for word in _NEEDS[pattern]) or listed and pattern is _REPRESENTED_BY and len(out) >= 2:
            continue
        for m in pattern.finditer(s):
            p = _person(m.group("name"), offset + m.start("name"), position + len(out), found_in="prose")
            if p is None:
                continue
            role = aff = None
            groups = m.groupdict()
            if groups.get("role"):
                role, aff = _office(groups["role"], offset + m.start("role"), vocab)
            if groups.get("aff"):
                aff = re.sub(r"^the\s+", "", groups["aff"].strip(), flags=re.I)
                if pattern is _REPRESENTED_BY and not (group_meaning(aff, vocab) == "affiliation" or aff[:1].isupper()):
                    aff = None
            p = dataclasses.replace(p, roles=(role,) if role else (), affiliation=aff)
            out.append(p)
    return out


def _merged(people: list[Participant]) -> tuple[Participant, ...]:
    """One participant per person: roles and affiliation from every mention."""
    out: dict[str, Participant] = {}
    for p in people:
        out[p.key] = combined(out[p.key], p) if p.key in out else p
    return tuple(dataclasses.replace(p, position=i) for i, p in enumerate(out.values(), 1))
