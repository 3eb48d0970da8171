"""participants.v2: the participant list (and the apologies), entry by entry.

An entry is a name followed by comma-separated roles and affiliations:
"Ines Moreau, Group's Co-Chair, IGF MAG member, Government of Italy",
"Novakova, Jana, IGF MAG Member", "Ms. Hanne Berg (Chair)". Roles are told from
affiliations by the role vocabulary; a role names the body it belongs to when it can.
"""
from __future__ import annotations

import dataclasses
import re

from ..model import Participant, RoleObservation, Segments, Span
from ..identity import person_key
from ..names import NOT_NAME_WORDS, country_names, fold, looks_like_name, parse_name, strip_honorific
from ..segment import lines_of
from ..vocab import Vocabulary

STAGE = "participants.v2"
_ENTRY_PREFIX = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u2013]\s*|\(?\d{1,3}[.)]\s*|\(?[a-z][.)]\s+)")
_FORMER = re.compile(r"^\s*(?:former|ex-|past|outgoing|previous)\b\s*", re.I)
_SERIES_OWNER = re.compile(r"\b(?:group|working group|wg|committee|panel|team|network)['\u2019]s\b", re.I)
_ORG_WORDS = re.compile(
    r"\b(?:government|ministry|university|foundation|society|institute|association|council|commission|agency|"
    r"office|department|organi[sz]ation|inc|ltd|llc|gmbh|corporation|company|centre|center|network|union|"
    r"authority|registry|school|bank|fund|forum|alliance|coalition|chamber|trust|partnership|consortium)\b",
    re.I,
)


_STAFF_OF = re.compile(r"\b(?:secretariat|staff)\b", re.I)
_ABSENT = re.compile(r"\s*[-\u2013,.(]*\s*\b(?:absent|apologies|regrets|excused)\b.*$", re.I)


def _split_parts(entry: str, start: int) -> list[tuple[str, Span]]:
    """Parts of an entry with their spans: split at commas and at a spaced dash ("Name - Registrars");
    a parenthesis is a part of its own."""
    parts: list[tuple[str, Span]] = []
    slash = re.search(r"\s+/\s+", entry)  # "Ana Lima (Example Org) / Routing Area": the office after a spaced slash
    if slash:
        return _split_parts(entry[:slash.start()], start) + _split_parts(entry[slash.end():], start + slash.end())
    dash = re.search(r"\s[-\u2013\u2014]\s|(?<=[a-z])[-\u2013\u2014]\s", entry)  # "Name - Body", "Thomas Keller- Registrars"
    if dash and looks_like_name(entry[:dash.start()].strip()):  # "Jane Roe - Director, Policy Support": one title
        head = _split_parts(entry[:dash.start()], start)
        tail = [(x.strip(), Span(start + dash.end() + len(x) - len(x.lstrip()), start + dash.end() + len(x.rstrip())))
                for x in [entry[dash.end():]] if x.strip()]  # "Specialist, SO/AC Support (GNSO)" stays whole
        return head + tail
    for m in re.finditer(r"\(([^()]*)\)|(?:[^,()\s\u2013-]|\s(?![-\u2013]\s)|[-\u2013](?!\s)|(?<=\S)[-\u2013](?=\s))+", entry):
        raw = m.group(1) if m.group(1) is not None else m.group(0)
        s = m.start(1) if m.group(1) is not None else m.start()
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if text:
            parts.append((text, Span(start + s + lead, start + s + lead + len(text))))
    return parts


def split_entries(line: str, start: int) -> list[tuple[str, int]]:
    """One line of a list -> entries. "A; B; C" and "A, B, C" (when every part is a name) hold several."""
    if ";" in line:
        out, pos = [], 0
        for piece in line.split(";"):
            if piece.strip():
                out.append((piece.strip(), start + pos + len(piece) - len(piece.lstrip())))
            pos += len(piece) + 1
        return out
    from .attendance import split_names
    parts = split_names(line, start)  # at commas and "and" outside parentheses
    raw_heads = [re.split(r"\s*\(|\s+[-\u2013]\s+", p)[0].strip() for p, _ in parts]
    heads = [h.replace("_", " ") for h in raw_heads]
    full = sum(1 for n in heads if looks_like_name(n) and len(n.split()) >= 2)
    if len(parts) >= 2 and full == len(parts) or len(parts) >= 4 and full >= 0.75 * len(parts) or \
            len(parts) >= 3 and all(looks_like_name(n) or _NICK.match(r) for n, r in zip(heads, raw_heads)) \
            and any(" " not in r for r in raw_heads) \
            or len(parts) == 2 and all(" " not in r and (looks_like_name(n) or _NICK.match(r)) for n, r in zip(heads, raw_heads)) \
            and any(_NICK.match(r) and not looks_like_name(n) for n, r in zip(heads, raw_heads)):  # "Chuck, matatk"; not "Roe, Jane"
        return parts
    return [(line, start)]


_TITLE = re.compile(r"\b(?:trustee|ceo|cfo|coo|cto|cio|cco|ciso|v\.p|vp|svp|evp|area|specialist|advis[eo]r|analyst|counsel|head|lead|chief|officer|manager|director|president|"
                    r"secretary|assistant|associate|consultant|engineer|researcher|professor|fellow|ambassador|minister|"
                    r"coordinator|editor|architect|strategist)\b", re.I)


def classify_role(text: str, span: Span, vocab: Vocabulary) -> RoleObservation | None:
    """A role observation when ``text`` names a role ("former IGF MAG Chair", "Senior Policy
    Advisor"), else None."""
    roles = vocab.role_matcher.find(text)
    if not roles and _TITLE.search(text) and not _ORG_WORDS.search(text.split(",")[0]):
        return RoleObservation(label=text, span=span, role=None, organization=None, former=bool(_FORMER.match(text)))
    if not roles:
        return None
    role = max(roles, key=lambda m: len(m.label)).concept
    concepts, _ = vocab.find_concepts(text)
    bodies = [c.concept for c in concepts if vocab.kind(c.concept) in ("body", "group")]
    organization = bodies[0] if bodies else ("series" if _SERIES_OWNER.search(text) else None)
    if organization is None and not _ORG_WORDS.search(text):
        organization = "series"
    return RoleObservation(label=text, span=span, role=role, organization=organization,
                           former=bool(_FORMER.match(text)))


_PARTICLES = re.compile(r"^(?:[OÓ]['\u2019]?|Mac|Mc|Le|La|De|Da|Di|Du|Van|Von|Al|El|St\.?|Ben|Bin|Ter)(?:\s+\S+){1,2}$", re.I)


def _inverted(first: str, second: str, vocab: Vocabulary, evidence: frozenset[str]) -> bool:
    """Whether "first, second" is "Family, Given": the second part is a given name, not a role or body."""
    _, family = strip_honorific(first)
    given = second.split()
    if not 1 <= len(given) <= 2 or not looks_like_name(second) or _ORG_WORDS.search(second):
        return False
    if classify_role(second, Span(0, 0), vocab) is not None or vocab.find_concepts(second)[0]:
        return False
    return " " not in family or bool(_PARTICLES.match(family)) or given[0] in evidence


_WRAPPED = re.compile(r"^(\s*)([\"\u201c'\u2018<])([^\"\u201c\u201d<>]+)([\"\u201d'\u2019>])(\s*)$")
_MARKS_IN_ENTRY = (re.compile(r"\s+(?:['\u2018][^'\u2019]{1,20}['\u2019]|[\"\u201c][^\"\u201d]{1,20}[\"\u201d])(?=\s)"),  # a nickname in quotes
                   re.compile(r"\s*<[^<>]{1,80}>"),  # an address or a tag in angle brackets: "Ana Lima <ana@example.org>"
                   re.compile(r"(?<=\w)\s+\([A-Z][a-z]{1,20}\)(?=\s+[A-Z])"))  # a short name between the names: "Mohammad (Mo) Rahman"


def _unmarked(entry: str) -> str:
    """The entry with quotes around it, a nickname in single quotes and anything in angle brackets
    blanked (same length, so offsets hold): the name is what is left.

    >>> _unmarked('"Ana Lima"'), _unmarked("Ana Lima <ana@example.org>"), _unmarked("Ana 'Nana' Lima"), _unmarked('Ana "Nana" Lima')
    (' Ana Lima ', 'Ana Lima                  ', 'Ana        Lima', 'Ana        Lima')
    """
    wrapped = _WRAPPED.match(entry)
    if wrapped and (wrapped.group(2) == "<") == (wrapped.group(4) == ">"):
        entry = f"{wrapped.group(1)} {wrapped.group(3)} {wrapped.group(5)}"
    for mark in _MARKS_IN_ENTRY:
        entry = mark.sub(lambda m: " " * (m.end() - m.start()), entry)
    return entry


# a note on how or when someone took part: "(topics 1-4, 7)", "attending remotely on day 2", "(online)", "left at 15:00"
_NOTE = re.compile(r"^(?:(?:agenda\s+)?(?:topics?|items?|sessions?|days?)\s+\d[\d.,\s&and-]*$|(?:online|remote(?:ly)?|virtual(?:ly)?|"
                   r"in[\s-]person|on[\s-]site|by\s+(?:phone|telephone|video|zoom)|via\s+\w+|dial[\s-]in|audio\s+only|ex[\s-]officio|"
                   r"(?:non-)?voting)$)"
                   r"|\b(?:attending|attended|participating|joined|joining|left|leaving|arrived|departed)\b"
                   r"(?:\s+\w+){0,3}\s+(?:remotely|online|virtually|in\s+person|at\s+\d|on\s+day|during|for|from|after|before|until)\b"
                   r"|\b(?:attending|participating)\s+(?:remotely|online|virtually|in\s+person)\b", re.I)


def _initials_of(part: str, name: str, vocab: Vocabulary) -> bool:
    """Whether ``part`` ("OF", "RvM", "SJH") is the short form a record gives a person beside the
    name: its capitals are initials of the name's words, in order (a body's or a country's short
    name, "EU", "UN", "ICANN", is not).

    >>> from ingest.vocab import load_vocabulary
    >>> v = load_vocabulary()
    >>> _initials_of("OF", "Olga Fern", v), _initials_of("RvM", "Remco van Mook", v), _initials_of("UN", "Ulla Nord", v)
    (True, True, False)
    >>> _initials_of("DC", "Dana Cole", v), _initials_of("DC", "Dana Lee Cole", v), _initials_of("NCUC", "Nora Klein", v)
    (True, False, False)
    """
    if not re.fullmatch(r"[A-Z][A-Za-z]{1,3}", part) or sum(c.isupper() for c in part) < 2:
        return False
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isalpha()]
    if part.upper() == "".join(w[0] for w in words).upper():
        return True  # "DC" for "Dana Cole", though DC is also a body's short name
    initials = iter(w[0].upper() for w in words)
    in_order = all(any(c == i for i in initials) for c in part if c.isupper())  # "RvM": R..., M... in turn
    return in_order and not vocab.find_concepts(part)[0] and fold(part) not in country_names() and part.upper() not in _BODY_SHORT


_BODY_SHORT = frozenset("EU UN UK US USA OAS AU ITU OECD WHO WTO".split())  # short names no vocabulary concept holds


def _office_first(text: str, span: Span, vocab: Vocabulary) -> RoleObservation | None:
    """The office written before a name in a list entry ("President and CEO Ana Lima",
    "Executive Director Rui Costa"), when what follows it is a name; else None."""
    words = list(re.finditer(r"\S+", text))
    for k in range(len(words) - 2, 0, -1):  # the longest office first, two words at least left for the name
        label, rest = text[:words[k - 1].end()], text[words[k].start():]
        if looks_like_name(rest) and len(rest.split()) >= 2 and group_meaning(label, vocab) != "affiliation" \
                and (role := classify_role(label, Span(span.start, span.start + len(label)), vocab)):
            return role
    return None


def parse_entry(entry: str, start: int, vocab: Vocabulary, position: int, *, listed: bool = True,
                evidence: frozenset[str] = frozenset()) -> Participant | None:
    """One entry of the list, or None when it holds no name. ``evidence``: capitalised words of the
    discussion, which tell a given name ("Novakova, Jana" when "Jana noted ...") from an affiliation."""
    m = _ENTRY_PREFIX.match(entry)
    if m:
        entry, start = entry[m.end():], start + m.end()
    written = entry  # as written, nickname and all; the blanked copy below has the same offsets
    entry = _unmarked(entry)
    entry = entry.rstrip(" .;")
    parts = _split_parts(entry, start)
    if not parts:
        return None
    name_text, name_span = parts[0]
    rest = parts[1:]
    if rest and _inverted(name_text, rest[0][0], vocab, evidence):
        name_text = f"{name_text}, {rest[0][0]}"
        name_span = Span(name_span.start, rest[0][1].end)
        rest = rest[1:]
    office = None
    if not looks_like_name(name_text.replace(",", "")):
        office = _office_first(name_text, name_span, vocab)  # "President and CEO Ana Lima (ex officio)"
        if office is None:
            return None
        name_text, name_span = name_text[office.span.end - name_span.start:].lstrip(), Span(
            name_span.end - len(name_text[office.span.end - name_span.start:].lstrip()), name_span.end)
    parsed = parse_name(name_text)
    roles: list[RoleObservation] = [office] if office else []
    affiliations: list[tuple[str, Span]] = []
    staff_of: list[tuple[RoleObservation, tuple[str, Span]]] = []
    for text, span in rest:
        if _NOTE.search(text) or all(_NOTE.search(piece.strip()) for piece in text.split(",")) \
                or _initials_of(text, parsed.name, vocab):
            continue  # "(topics 1-4, attending remotely)", "(online)", "(OF)": of the attendance, not an affiliation
        role = classify_role(text, span, vocab)
        if role and _STAFF_OF.search(text) and not _TITLE.search(text):
            staff_of.append((role, (text, span)))  # "IGF Secretariat", "ICANN Staff" beside a name: whom the person
        elif role:                                  # works for (unless the entry names a body besides)
            roles.append(role)
        else:
            affiliations.append((text, span))
    if affiliations:
        roles += [role for role, _ in staff_of]
    else:
        affiliations = [part for _, part in staff_of]
    affiliation = ", ".join(t for t, _ in affiliations) or None
    aff_span = Span(affiliations[0][1].start, affiliations[-1][1].end) if affiliations else None
    return Participant(
        key=person_key(parsed.name), name=parsed.name, given=parsed.given, family=parsed.family,
        as_written=name_text if "," in name_text else written[name_span.start - start:name_span.end - start],
        span=name_span, honorific=parsed.honorific, roles=tuple(roles), affiliation=affiliation,
        affiliation_span=aff_span, listed=listed, position=position,
    )


_GROUP = re.compile(r"^\s*(?P<group>[A-Z][^:;,()]{1,60}?)\s*:\s*(?P<rest>.*)$")
_MEMBER_CLASS = re.compile(r"\b(?:members?|participants?|attendees?|delegates?|member\s+states|panellists?|panelists?|speakers?|"
                           r"others?|invitees?|voting|non-voting|present|liaisons|observers|guests|councillors|delegations|"
                           r"organi[sz]ations|countries)\b", re.I)
_BODY_WORDS = re.compile(r"\b(?:secretariat|staff|team|office|support|organisers?|organizers?|host\s+country\s+team)\b", re.I)


def singular(label: str) -> str:
    """A group heading's office for one of its people: "Co-chairs" -> "Co-chair", "Vice-Chairmen" -> "Vice-Chairman".

    >>> singular("Co-chairs"), singular("Vice-Chairmen"), singular("Chair"), singular("Focal Points")
    ('Co-chair', 'Vice-Chairman', 'Chair', 'Focal Point')
    """
    if re.search(r"men$", label):
        return label[:-3] + "man"
    if re.search(r"(?:chair|point|member|officer|liaison|coordinator|facilitator|rapporteur|scribe|secretar|director|representative|observer|guest|expert|host)s$", label, re.I):
        return label[:-1]
    return label


def group_meaning(label: str, vocab: Vocabulary) -> str | None:
    """What a group heading ("IGFSA Secretariat:", "ICANN Staff", "Observers:", "Council Members")
    says of the people under it: "affiliation" (a body or its staff), "role" (an office), or
    None (a class of members, which says neither).

    >>> from ingest.vocab import load_vocabulary
    >>> v = load_vocabulary()
    >>> group_meaning("IGF Secretariat", v), group_meaning("Co-chairs", v), group_meaning("MAG members", v)
    ('affiliation', 'role', None)
    """
    label = label.strip()
    if _BODY_WORDS.search(label):
        return "affiliation"
    if _MEMBER_CLASS.search(label):
        return None
    if classify_role(singular(label), Span(0, 0), vocab):
        return "role"
    if vocab.find_concepts(label)[0] or _ORG_WORDS.search(label):
        return "affiliation"
    return None
_GROUP_WORDS = re.compile(r"\b(?:members?|observers?|guests?|secretariat|staff|experts?|country|speakers?|panellists?|organi[sz]ations|"
                          r"delegates?|representatives?|others?|invitees?)\b", re.I)


def _evidence(text: str, segments: Segments) -> frozenset[str]:
    """The capitalised words of the record's prose (what tells a name from a heading in a list)."""
    prose = " ".join(b.span.slice(text) for b in segments.blocks if b.kind == "paragraph")
    return frozenset(re.findall(r"\b[A-Z\u00C0-\u024F][\w'\u2019-]+", prose))


def _entries(text: str, segments: Segments, zone: str, vocab: Vocabulary, evidence: frozenset[str]) -> list[Participant]:
    out: list[Participant] = []
    heading_of: dict[Span, tuple[str, Span]] = {}  # each list block's zone heading ("Chair", "Scribe:", "ICANN Staff")
    last: tuple[str, Span] | None = None
    for block in segments.blocks:
        if block.kind == "zone":
            label = block.span.slice(text).strip().rstrip(":").strip()
            last = (label, Span(block.span.start, block.span.start + len(label)))
        elif last:
            heading_of[block.span] = last
    carried: tuple[str, Span] | None = None  # "ICANN Staff" alone, a blank line, then its people
    for block in segments.in_zone(zone):
        if block.kind == "zone":
            carried = None
            continue
        group: tuple[str, Span] | None = heading_of.get(block.span) if zone == "other" else carried
        before = len(out)
        for line in lines_of(text, block.span):
            raw, start = line.slice(text), line.start
            g = _GROUP.match(raw)
            heading = raw.strip().rstrip(":")
            if g and (classify_role(g.group("group"), Span(0, 0), vocab) or vocab.find_concepts(g.group("group"))[0]
                      or _GROUP_WORDS.search(g.group("group"))):
                group = (g.group("group").strip(), Span(start + g.start("group"), start + g.end("group")))
                raw, start = g.group("rest"), start + g.start("rest")
                if not raw.strip():
                    continue
            elif (not looks_like_name(heading) and not looks_like_name(re.split(r"\s*[-\u2013\u2014]\s+", heading)[0])
                  and len(heading.split()) <= 5 and not re.search(r"[,()\d]", heading)
                  and (_GROUP_WORDS.search(heading) or _MEMBER_CLASS.search(heading) or group_meaning(heading, vocab))):
                group = (heading, Span(start, start + len(heading)))  # "ICANN Staff" on a line of its own
                continue
            for entry, estart in split_entries(raw, start):
                if _NICK.match(entry) and entry.casefold() not in NOT_NAME_WORDS:  # "annak", "tessa_k"
                    out.append(_nick(entry, estart, len(out) + 1, group, vocab))
                    continue
                entry = entry.replace("_", " ")  # IRC nicks: "Oskar_Lindgren"
                if _NICK.match(entry) and entry.casefold() not in NOT_NAME_WORDS:
                    out.append(_nick(entry, estart, len(out) + 1, group, vocab))
                    continue
                absent = _ABSENT.search(entry)
                if absent:
                    entry = entry[:absent.start()]
                p = parse_entry(entry, estart, vocab, len(out) + 1, listed=zone == "participants", evidence=evidence)
                if p and group:
                    meaning = group_meaning(group[0], vocab)
                    if meaning == "affiliation" and not p.affiliation:
                        p = dataclasses.replace(p, affiliation=group[0])
                    elif meaning == "role":
                        label = singular(group[0])
                        role = classify_role(label, Span(group[1].start, group[1].start + len(label)), vocab) or RoleObservation(
                            label=label, span=group[1], role=None, organization=None)
                        p = dataclasses.replace(p, roles=(role,) + p.roles)
                if p:
                    out.append(dataclasses.replace(p, found_in="absent") if absent else p)
        carried = group if len(out) == before and group and zone != "other" else None
    return out


_NICK = re.compile(r"^[a-z][a-z0-9_.|-]{1,24}$|^[A-Za-z][a-z]+[A-Z0-9][A-Za-z0-9]{0,3}$")  # "annak", "tessa_k", "InesB"


def _nick(nick: str, start: int, position: int, group: tuple[str, Span] | None, vocab: Vocabulary) -> Participant:
    """A person known by an IRC nick in a Present/Chair/Scribe line ("annak", "InesB")."""
    roles: tuple[RoleObservation, ...] = ()
    if group and group_meaning(group[0], vocab) == "role":
        role = classify_role(group[0], group[1], vocab)
        roles = (role,) if role else ()
    return Participant(key=person_key(nick), name=nick, as_written=nick, given=nick, family="",
                       span=Span(start, start + len(nick)), roles=roles, position=position)


def listed_entries(text: str, segments: Segments, vocab: Vocabulary) -> tuple[Participant, ...]:
    """The entries of the record's participant list, in order, one per entry (a person listed
    twice is there twice): what :func:`extract_participants` and :func:`list_warnings` read."""
    return tuple(_entries(text, segments, "participants", vocab, _evidence(text, segments)))


def extract_participants(text: str, segments: Segments, vocab: Vocabulary, listed: tuple[Participant, ...] | None = None
                         ) -> tuple[tuple[Participant, ...], tuple[Participant, ...]]:
    """(attendees, apologies); ``listed``: the record's :func:`listed_entries`, when already read.
    A person listed twice is one participant with the roles of both entries (see :func:`list_warnings`)."""
    attendees: dict[str, Participant] = {}
    marked_absent: list[Participant] = []  # "Jane Roe - Registrars - absent, apologies"
    evidence = _evidence(text, segments)
    if listed is None:
        listed = listed_entries(text, segments, vocab)
    for p in list(listed) + _entries(text, segments, "other", vocab, evidence):
        if p.found_in == "absent":
            marked_absent.append(dataclasses.replace(p, found_in="list", listed=False))
        elif p.key in attendees:
            first = attendees[p.key]
            attendees[p.key] = Participant(**{**first.__dict__, "roles": first.roles + p.roles,
                                              "affiliation": first.affiliation or p.affiliation})
        else:
            attendees[p.key] = p
    attendees = _one_word_merged(attendees)
    apologies = tuple(p for p in marked_absent + list(_entries(text, segments, "apologies", vocab, evidence)) if p.key not in attendees)
    return tuple(dataclasses.replace(p, position=i) for i, p in enumerate(attendees.values(), 1)), apologies


def combined(first: Participant, again: Participant) -> Participant:
    """``first`` with what another mention of the same person adds: roles it does not have yet
    (by label), and the affiliation, with where it is written, where it has none."""
    known = {r.label.casefold() for r in first.roles}
    roles = first.roles + tuple(r for r in again.roles if r.label.casefold() not in known)
    if first.affiliation:
        return dataclasses.replace(first, roles=roles)
    return dataclasses.replace(first, roles=roles, affiliation=again.affiliation, affiliation_span=again.affiliation_span)


def _one_word_merged(attendees: dict[str, Participant]) -> dict[str, Participant]:
    """"Ana" in a Present line and "Ana Lima" as Chair are one person: a one-word entry that is
    the given name of exactly one full name of the same list is that person (with both roles)."""
    full = [p for p in attendees.values() if p.family and " " in p.name]
    out = dict(attendees)
    for key, p in attendees.items():
        if " " in p.name or p.family and p.family != p.name:
            continue
        same = [q for q in full if fold(q.given) == fold(p.name)]
        if len(same) == 1 and sum(1 for q in attendees.values() if " " not in q.name and fold(q.name) == fold(p.name)) == 1:
            out[same[0].key] = combined(out[same[0].key], p)
            del out[key]
    return out


def unlisted_participant(written: str, span: Span) -> Participant:
    """A person the text names (a speaker, the chair) who is not in the participant list."""
    parsed = parse_name(written)
    return Participant(key=person_key(parsed.name), name=parsed.name, as_written=written, given=parsed.given,
                       family=parsed.family, span=span, honorific=parsed.honorific, listed=False, position=0)


def list_warnings(text: str, listed: tuple[Participant, ...], participants: tuple[Participant, ...]) -> tuple[str, ...]:
    """Warnings about the participant list (``listed``: its :func:`listed_entries`; ``participants``:
    the people found in it): none found, or a person listed twice (with lines)."""
    from ..errors import line_of
    if not participants:
        return ("no participant list found; the people are those the text introduces or gives as speakers, marked as not listed",)
    seen: dict[str, int] = {}
    out = []
    for p in listed:
        line = line_of(text, p.span.start)
        if p.key in seen:
            out.append(f"line {line}: {p.name} is listed twice (first on line {seen[p.key]}); the entries were merged")
        else:
            seen[p.key] = line
    return tuple(out)
