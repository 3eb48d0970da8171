"""statements.v2: one statement per sentence of the discussion, with its speaker, reporting
verb (as a speech act), agenda item, the concepts it names and the people it mentions.

Who speaks, in order of evidence:
1. the sentence's subject is a person ("Olav", "Ms. Berg", "Ines Moreau"), a pronoun
   ("She also noted" -> the last speaker), or a role ("The Chair" -> the meeting's chair),
   followed by a reporting verb;
2. a pronoun with a reporting verb later in the sentence ("...; however, she noted");
3. the sentence continues a paragraph whose earlier sentence named the speaker;
4. otherwise nobody: the report does not say ("There were some questions...").
A written name that fits two participants is ambiguous: no speaker, and the reason is kept.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field

from ..names import NAME, NOT_NAME_WORDS, PARTICLES, fold_chars, looks_like_name, nick_of
from ..model import AgendaItem, ConceptMention, Meeting, Participant, Segments, Span, Statement
from ..resolve import PeopleIndex
from ..segment import _BULLET, is_command, items, lines_of, numbered_heading, sentences
from ..vocab import Vocabulary
from .agenda import match_heading

STAGE = "statements.v2"
_LEAD_IN = re.compile(r"^(?:[A-Z][\w'-]*(?:\s+[\w'-]+){0,5}),\s+")
_PRONOUN = re.compile(r"(?P<p>He|She|They|he|she|they)\b")
_ROLE_SUBJECT = re.compile(
    r"(?:(?P<det>[Tt]he|[Oo]ur)\s+|(?=(?:Host|Chair|Co-Chair|Moderator|Facilitator|Rapporteur|Secretariat)\s+[a-z]))(?P<role>(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})|"
    r"(?:[a-z][\w-]*\s+){0,3}(?:co-chairs?|chairs?|chairperson|moderator|secretariat|rapporteur|facilitator|"
    r"coordinator|representatives?|delegates?|delegation|observers?))\b")
_ADVERBS = re.compile(r"(?:(?:also|then|further|furthermore|finally|additionally|again|briefly|first|firstly|subsequently|"
                      r"later|similarly|likewise|however|moreover|lastly|strongly|clearly|kindly|in\s+turn)\s+){0,2}")
_APPOSITION = re.compile(r"\s*(?:\([^()]{1,80}\)|,\s+(?:who|which)\s[^,]{1,160},|,\s+[^,]{1,80},|(?:from|of|for|representing|on\s+behalf\s+of)\s+"
                         r"(?:the\s+)?(?:[A-Z\u00C0-\u024F][\w&'\u2019.-]*\s+){1,6}?(?=[a-z]))\s*")
_UNKNOWN_NAME = re.compile(NAME)
_MID_PRONOUN = re.compile(r"(?<=[,;:]\s)(?:\w+,?\s+){0,3}?(?P<p>he|she)\s+")
_GAVE_A = re.compile(r"(?:gave|provided|made|delivered|presented|offered|shared)\s+(?:an?|the|some|his|her|their)\s+"
                     r"(?:(?:brief|short|quick|detailed|general|oral|written|comprehensive|[A-Z][\w-]*(?:['\u2019]s)?)\s+){0,3}"
                     r"(?P<noun>[a-z]+)\b")
_BODY_SUBJECT = re.compile(r"(?:The|Our)\s+(?P<body>(?:[A-Z][\w&-]*\s+){0,3}(?:Secretariat|Council|Board|Committee|"
                           r"Bureau|Commission|Group|secretariat|co-organi[sz]ers|organi[sz]ers|delegation|participants|members|"
                           r"group|working\s+group|committee|council|board|meeting|panel|plenary)|[A-Z]{2,8}(?=\s+(?:later(?:\s+on)?\s+|then\s+|also\s+)?"
                           r"[a-z]+ed\b))"  # "The group discussed", "The WGEC later discussed"
                           r"\s+(?:will|would|shall|has|have|had|is|are|was|were|also\s+|later(?:\s+on)?\s+|then\s+)?\s*[a-z]")
_NEXT_MEETING = re.compile(r"(?:The\s+)?[Nn]ext\s+(?:[\w-]+\s+){0,3}(?:meeting|call|session|telechat)\b")
_SPEAKER_LINE = re.compile(r"^[ \t]*(?:Speaker|Intervention\s+by|Presenter|Speaking)\s*:[ \t]*(?P<name>\S.*)$", re.M)
_STATE_VERB = re.compile(r"(?:was|were)\s+(?:concerned|pleased|happy|worried|keen|supportive|sceptical|skeptical|"
                         r"of\s+the\s+(?:view|opinion))\b")
_OF_PHRASE = re.compile(r"\s*,?\s*(?:from|of|for|representing|speaking\s+for|on\s+behalf\s+of)\s+")
_WORD_END = re.compile(r"[\w.'\u2019&-]+,?\s+")
_TOOK_ACTION = re.compile(r"(?:took|takes|has\s+taken)\s+(?:an|the)\s+action(?:\s+item)?")
_UPDATE_NOUNS = frozenset("update updates overview briefing summary report presentation recap readout debrief".split())
_IMPERSONAL = re.compile(
    r"(?:(?:[Tt]he|[Tt]his|[Tt]hese|[Ii]ts|A|An)\s+(?:[\w-]+,?\s+){0,5}?(?:was|were|has\s+been|have\s+been)\s+(?:(?:then|also|duly|unanimously|"
    r"formally)\s+)?(?:adopted|approved|agreed|accepted|endorsed|carried|ratified|circulated|closed|opened|postponed)\b|"
    r"There\s+(?:was|were|had\s+been)|It\s+was\s+(?:agreed|decided|noted|suggested|proposed|stressed|recalled|resolved|asked|requested)|"
    r"(?:Several|Some|Many|Other|Most|All|A\s+few|A\s+number\s+of|several|some|many)\s+(?:[\w-]+\s+)?(?:participants|members|"
    r"speakers|delegates|stakeholders|people|attendees|councillors|coordinators|delegations|countries|panellists|panelists)|"
    r"(?:Two|Three|Four|Five|Six|\d{1,2})\s+(?:[\w-]+\s+)?(?:participants|members|speakers|delegates|initiatives|NRIs|delegations|"
    r"organi[sz]ations)\s+(?:\w+ed|said)\b|(?:The\s+)?(?:[Pp]articipants|[Mm]embers|[Ss]peakers|[Aa]ttendees|[Pp]anell?ists|[Dd]elegates)\s+(?:\w+ed|agreed)\b|"
    r"(?:A|One)\s+(?:participant|member|speaker|question)\b|Questions\s+were)\b")
_NOT_NAMES = frozenset(
    "the this that there these those it its such as in on at for by with from all both each some many several one two "
    "participants members speakers delegates everyone others another".split()
)


@dataclass
class _State:
    item: str | None = None
    last_speaker: str | None = None  # for pronouns
    last_reason: str | None = None
    paragraph_speaker: str | None = None
    paragraph_reason: str | None = None
    statements: list[Statement] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)  # speakers, the last first
    gender: dict[str, str] = field(default_factory=dict)  # "he"/"she": from honorifics and pronouns already read
    proper: frozenset[str] = frozenset()  # capitalised words the record writes inside sentences: names, not sentence starts
    under: str | None = None  # the person of the speaker line ("Ana Lima, Adviser, ...") the paragraph is under

    def heard(self, key: str | None) -> None:
        """A sentence's subject: a person (the last speaker now), or someone the record does not
        name as one person ("Maria" of two, "the delegate"), after whom "she" is nobody known."""
        self.last_speaker = key
        self.recent = [key] + [k for k in self.recent if k != key][:5] if key else []

    def pronoun(self, word: str) -> str | None:
        """Who "he" or "she" is: the last speaker, unless what the record already said of them
        ("Mr.", an earlier "she") does not fit, then the one before who fits."""
        want = word.lower()
        for key in self.recent[:3]:
            if self.gender.get(key, want) == want:
                self.gender.setdefault(key, want)
                return key
        return None


@dataclass(frozen=True)
class Subject:
    speaker: str | None
    written: str
    end: int  # offset in the sentence where the subject ends
    resolution: str
    on_behalf: str | None = None  # a body (concept IRI) or role (role IRI) speaking, where no person is named


def _verb_at(sentence: str, pos: int, vocab: Vocabulary) -> tuple[str, str | None, int] | None:
    """(verb as written, speech-act IRI or None, end) of a reporting verb at ``pos`` (after adverbs)."""
    m = _ADVERBS.match(sentence, pos)
    pos = m.end() if m else pos
    words = sentence[pos:pos + 60].split()
    for n in (4, 3, 2, 1):
        if len(words) < n:
            continue
        cand = " ".join(words[:n]).rstrip(",;:.")
        iri = vocab.verb_forms.get(cand.casefold())
        if iri:
            return cand, iri, pos + len(cand)
    m = _STATE_VERB.match(sentence, pos)
    if m:  # "was concerned that", "was of the view that"
        return m.group(0), vocab.verb_forms.get("expressed concern") or vocab.verb_forms.get("noted"), m.end()
    m = _TOOK_ACTION.match(sentence, pos)
    if m:  # "took an action to ..."
        return m.group(0), vocab.verb_forms.get("committed") or vocab.verb_forms.get("agreed"), m.end()
    m = _GAVE_A.match(sentence, pos)
    if m:
        iri = vocab.verb_forms.get("gave an update") if m.group("noun").lower() in _UPDATE_NOUNS else None
        return m.group(0), iri, m.end()
    present = words[0].rstrip(",;:.").casefold() if words else ""
    if re.fullmatch(r"[a-z]{3,}s", present):  # minutes in the present: "notes", "asks", "summarises", "says"
        for past in ({"says": "said"}.get(present, ""), present[:-1] + "d", present[:-1] + "ed", present[:-2] + "ed"):
            if past and vocab.verb_forms.get(past):
                cand = words[0].rstrip(",;:.")
                return cand, vocab.verb_forms[past], pos + len(cand)
    if words and re.fullmatch(r"[a-z]{3,}ed", words[0].rstrip(",;:.")) and words[0].rstrip(",;:.") not in ("need", "indeed", "embed"):
        cand = words[0].rstrip(",;:.")
        return cand, None, pos + len(cand)
    return None


def _subject(sentence: str, people: PeopleIndex, vocab: Vocabulary, meeting: Meeting,
             participants: tuple[Participant, ...], state: _State) -> tuple[Subject, tuple[str, str | None]] | None:
    """The speaker named as the sentence's subject, with the reporting verb that follows it."""
    starts = [0]
    lead = _LEAD_IN.match(sentence)
    if lead:
        starts.append(lead.end())
    for pos in starts:
        cands: list[tuple[Subject, int]] = []
        nm = people.match_at(sentence, pos)
        if nm:
            if len(nm.keys) == 1:
                cands.append((Subject(nm.keys[0], nm.written, nm.span.end, f"name ({nm.form})"), nm.span.end))
            else:
                cands.append((Subject(None, nm.written, nm.span.end,
                                      f"ambiguous: '{nm.written}' fits {people.describe(nm.keys)}"), nm.span.end))
        pm = _PRONOUN.match(sentence, pos)
        if pm:
            word = pm.group("p")
            if word.lower() == "they":
                cands.append((Subject(None, word, pm.end(), "plural pronoun: the report does not say who"), pm.end()))
            elif who := state.pronoun(word):
                cands.append((Subject(who, word, pm.end(), "pronoun: the last speaker it fits"), pm.end()))
            else:
                cands.append((Subject(None, word, pm.end(), state.last_reason or "pronoun with no earlier speaker"), pm.end()))
        rm = _ROLE_SUBJECT.match(sentence, pos)
        if rm:
            named = re.match(r"(?:\s+of\s+[A-Z][\w\s-]{1,40}?)?,\s+", sentence[rm.end():])
            nm2 = people.match_at(sentence, rm.end() + named.end()) if named else None
            if nm2 and len(nm2.keys) == 1 and sentence[nm2.span.end:nm2.span.end + 1] == ",":
                cands.append((Subject(nm2.keys[0], rm.group(0), nm2.span.end + 1, "role, then the person's name"),
                              nm2.span.end + 1))  # "The delegate of Japan, Mr. Kenji Tanabe, supported"
            cands.append((_role_subject(rm.group("role"), rm.group(0), rm.end(), vocab, meeting, participants), rm.end()))
        if not nm and not pm:
            um = _UNKNOWN_NAME.match(sentence, pos)
            written = um.group(0).rstrip(".") if um and not re.search(r"\b[A-Z]\.$", um.group(0)) else um and um.group(0)
            while written and not looks_like_name(written) and len(written.split()) > 2:
                head = written.split()[0]  # "WGIG Chairman Arun Patel": the office before the name
                if not (head.isupper() or head.casefold() in NOT_NAME_WORDS or vocab.role_matcher.find(head)):
                    break
                pos = pos + len(written) - len(written[len(head):].lstrip())
                written = written[len(head):].lstrip()
            known = people.match_at(sentence, pos) if um and written != um.group(0).rstrip(".") else None
            if known and len(known.keys) == 1:  # "Moderator Ana Lima opened": the office, then a listed name
                cands.append((Subject(known.keys[0], known.written, known.span.end, "office, then the person's name"),
                              known.span.end))
            elif um and written.split()[0].lower() not in _NOT_NAMES and not vocab.find_concepts(written)[0] \
                    and looks_like_name(written):
                cands.append((Subject(None, written, pos + len(written), f"{NOT_LISTED}'{written}'"), pos + len(written)))
        for subj, end in cands:
            after = end
            ap = _APPOSITION.match(sentence, end)
            verb = _verb_at(sentence, after + (len(sentence[after:]) - len(sentence[after:].lstrip())), vocab)
            if verb is None and ap:
                verb = _verb_at(sentence, ap.end(), vocab)
            if verb is None:  # "of the University of Helsinki described": a longer phrase of affiliation
                of = _OF_PHRASE.match(sentence, end) if subj.speaker or len(subj.written.split()) >= 2 else None
                for word in (_WORD_END.finditer(sentence, of.end()) if of else ()):
                    if word.start() - end > 90:
                        break
                    verb = _verb_at(sentence, word.end(), vocab)
                    if verb and verb[1]:
                        break
                    verb = None
            if verb is None:
                continue
            if subj.resolution.startswith(NOT_LISTED) and (verb[1] is None or re.fullmatch(r"[a-z]+[^s]s", verb[0])
                                                            and subj.written.split()[-1] not in state.proper):
                continue  # an unknown capitalised word needs a known reporting verb, in the past ("Early comments"),
                # or in the present where the record writes the word as a name inside sentences too ("..., Dev agrees")
            return subj, (verb[0], verb[1])
    return None


def _role_subject(role_text: str, written: str, end: int, vocab: Vocabulary, meeting: Meeting,
                  participants: tuple[Participant, ...]) -> Subject:
    roles = vocab.role_matcher.find(role_text)
    concepts, _ = vocab.find_concepts(role_text)
    if roles:
        role = roles[0].concept
        office = role.rsplit("/", 1)[-1]
        as_listed = [p.key for p in participants if any(r.label.casefold() == role_text.casefold() and not r.former
                                                         for r in p.roles)]
        if len(as_listed) == 1 and len(role_text.split()) > 1:  # "The IETF Chair": the one listed as "IETF Chair"
            return Subject(as_listed[0], written, end, "role: its only holder in the list, as written")
        if office in ("chair", "moderator") and meeting.moderator:
            return Subject(meeting.moderator, written, end, "role: the meeting's chair")
        if office == "host" and meeting.host:
            return Subject(meeting.host, written, end, "role: who hosted the meeting")
        holders = [p.key for p in participants if any(r.role == role and not r.former for r in p.roles)]
        if len(holders) == 1:
            return Subject(holders[0], written, end, "role: its only holder in the list")
        if holders:
            return Subject(None, written, end, f"ambiguous: {len(holders)} participants hold the role '{role_text}'",
                           role)
    if concepts:
        return Subject(None, written, end, f"organisation: {vocab.concepts[concepts[0].concept].pref_label}",
                       concepts[0].concept)
    return Subject(None, written, end, f"role not resolved to a person: '{role_text}'", roles[0].concept if roles else None)


_IGF = "https://w3id.org/igfkg/concept/internet-governance-forum"


def own_secretariat(concepts: tuple[ConceptMention, ...], meeting: Meeting, vocab: Vocabulary) -> tuple[ConceptMention, ...]:
    """A bare "the Secretariat" is the secretariat of the record's own body: the IGF Secretariat
    only in a record of the IGF or its groups, no concept of the vocabulary in an ITU, ICANN or
    IETF record."""
    if vocab.within(meeting.series_concept, _IGF) or vocab.within(meeting.parent_concept, _IGF):
        return concepts
    return tuple(c for c in concepts if c.label.strip().casefold() != "secretariat")


def _mid_pronoun(sentence: str, vocab: Vocabulary) -> tuple[str, str | None, str] | None:
    """(verb, speech act, pronoun) of "...; however, she noted" or "..., he explained, ..."."""
    for m in _MID_PRONOUN.finditer(sentence):
        verb = _verb_at(sentence, m.end(), vocab)
        if verb and verb[1]:
            return verb[0], verb[1], m.group("p")
    return None


NOT_LISTED = "not in the participant list: "
_PREAMBLE = re.compile(
    r"\b(?:took\s+place|(?:was|were)\s+held|held\s+its|(?:is|was|were|being)\s+(?:being\s+)?recorded|recording\s+of\s+the\s+"
    r"(?:meeting|call|session)|(?:webex|zoom|video)\s+recording|quorum|attached\s+(?:to\s+this|as\s+annex)|annexed|"
    r"following\s+participants|list\s+of\s+(?:meeting\s+)?participants|participants\s+(?:were|included)\s*:|"
    r"apologies\s+(?:were|was)\s+received|(?:moderated|chaired|co-chaired|hosted|facilitated|presided\s+over)\s+(?:by|the\s+"
    r"(?:meeting|call|session))|represented\s+the|outputs\s+of\s+the\s+(?:real-time\s+)?captioning|authoritative\s+record|"
    r"(?:automatically|ai)[\s-]generated|may\s+be\s+incomplete\s+or\s+inaccurate)\b", re.I)


def is_preamble(sentence: str) -> bool:
    """A sentence of the record's opening that states the meeting's facts ("The 8th meeting took
    place on ...", "Ms. X moderated the meeting", "A quorum was established"), not a statement.

    >>> is_preamble("The meeting was hosted by the NRIs Focal Point."), is_preamble("The Host opened the meeting.")
    (True, False)
    """
    return bool(_PREAMBLE.search(sentence))
_LABELLED_LINE = re.compile(r"^\s*(?:>>|(?:\[?new\]?\s*)?(?:action(?:\s+items?)?|ai|resolution|resolved|decision|agreed|summary|"
                            r"next\s+meeting|note)\s*[:\u2013-])", re.I)


_IRC_NICK = re.compile(r"[a-z][a-z0-9_.|-]{2,24}|[A-Z][a-z]+[A-Z][A-Za-z0-9]{0,3}")  # "<wycats>", "<MichaelC>": known only by the nick


def unlisted_speakers(statements: tuple[Statement, ...], participants: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """People the text names as speakers who are not in the participant list (or when there is
    no list), as participants marked not listed, so their statements are attributed to them."""
    from .participants import unlisted_participant

    listed = {p.key for p in participants}
    out: dict[str, Participant] = {}
    for s in statements:
        if s.speaker is None and s.resolution and s.resolution.startswith(NOT_LISTED) and s.speaker_text:
            turn = s.speaker_text not in s.text[:len(s.speaker_text) + 1]
            if not (looks_like_name(s.speaker_text) or turn and _IRC_NICK.fullmatch(s.speaker_text)):
                continue
            p = unlisted_participant(s.speaker_text, Span(s.span.start, s.span.start + len(s.speaker_text)))
            if p.key not in listed and p.key not in out:
                out[p.key] = dataclasses.replace(p, found_in="turn" if turn else "text")
    # "Ms. Okonkwo-Reyes" or "Adaeze" beside "Ms. Adaeze Okonkwo-Reyes": one person, named in full
    full = [p for p in tuple(participants) + tuple(out.values()) if len(p.name.split()) >= 2]
    everyone = tuple(participants) + tuple(out.values())

    def part_of_another(p: Participant) -> bool:  # "van der Berg" beside "Jan van der Berg"
        name = fold_chars(p.name).casefold()
        return any(q.key != p.key and name in {fold_chars(w).casefold() for w in (q.given, q.family, q.family.split()[-1] if q.family else "")
                                               if w} for q in full)

    return tuple(p for p in out.values() if not part_of_another(p) and (
        len(p.name.split()) >= 2 or not any(q.key != p.key and nick_of(p.name, q) and (q.key in listed or len(q.name) > len(p.name))
                                            for q in everyone)))  # "Paul" for PaulK


_CHAIR_WORDS = frozenset("chair chairperson chairman chairwoman moderator co-chair cochair facilitator".split())


def _turn_speaker(label: str, people: PeopleIndex, meeting: Meeting, participants: tuple[Participant, ...]) -> Subject:
    """The speaker of a turn labelled ">> JANE DOE:", ">>CHAIR MITCHELL:", ">> CHAIR:" or "Ana:"."""
    words = [w if len(w) <= 4 and w.isupper() and w.isalpha() and len(label.split()) == 1 else
             re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), w) if w.isupper() and len(w) > 1 else w
             for w in label.replace("_", " ").split()]  # "ANNE SAINT-CLAIR" -> "Anne Saint-Clair"; "CMN" stays
    written = " ".join(words)
    if words and words[0].lower() in _CHAIR_WORDS:
        rest = " ".join(words[1:])
        if not rest:
            if meeting.moderator:
                return Subject(meeting.moderator, written, 0, "turn: the meeting's chair")
            return Subject(None, written, 0, "role not resolved to a person: the report does not say who chairs")
        by_family = [p.key for p in participants if p.family and p.family.casefold() == rest.casefold()]
        if len(by_family) == 1:
            return Subject(by_family[0], written, 0, "turn: the chair, by family name")
        written = rest
    keys = people.lookup(written)
    how = "turn: named speaker"
    if not keys:
        keys = tuple(p.key for p in participants if p.family and p.family.casefold() == written.casefold())
    if not keys and re.fullmatch(r"[^\W\d_]{2,4}", label.strip()) and label.strip().isupper():
        keys, how = tuple(p.key for p in participants if label.strip() in initials(p.name)), "turn: the speaker's initials"
    if not keys and len(written) >= 3 and " " not in written:  # a nick: "Ines" for InesB, "fgarcia" for Fernando García
        keys, how = tuple(p.key for p in participants if nick_of(written, p)), "turn: the speaker's nick"
    two = written.split()
    if not keys and len(two) == 2:  # "Rui Carvalho:" for Rui Mateus Carvalho
        keys = tuple(p.key for p in participants if len(p.name.split()) > 2 and fold_chars(p.name.split()[0]).casefold()
                     == fold_chars(two[0]).casefold() and fold_chars(p.name.split()[-1]).casefold() == fold_chars(two[1]).casefold())
        how = "turn: given and family name of a longer name"
    short = re.fullmatch(r"(?P<given>\S+)\s+(?P<initial>[^\W\d_])\.?", written)
    if not keys and short:  # "Daniel F:" -> Daniel F...
        keys = tuple(p.key for p in participants if fold_chars(p.given).casefold() == fold_chars(short["given"]).casefold()
                     and fold_chars(p.family)[:1].casefold() == fold_chars(short["initial"]).casefold())
        how = "turn: given name and initial"
    if len(keys) == 1:
        return Subject(keys[0], written, 0, how)
    if keys:
        return Subject(None, written, 0, f"ambiguous: '{written}' fits {people.describe(keys)}")
    return Subject(None, written, 0, f"{NOT_LISTED}'{written}'")


def _proper_words(text: str) -> frozenset[str]:
    """Capitalised words a record uses as names: written inside sentences ("..., Dev agrees"), or
    the subject of two sentences or more ("Alan states ... Alan clarifies ...")."""
    inside = set(re.findall(r"(?<=[a-z,;] )([A-Z][a-z\u00E0-\u00FF]+)(?= [a-z])", text))
    subjects = Counter(re.findall(r"(?:^|[.!?]\s+|\n\W{0,3})([A-Z][a-z\u00E0-\u00FF]+) [a-z]+(?:s|ed)\b", text, re.M))
    return frozenset(inside | {w for w, n in subjects.items() if n >= 2})


def initials(name: str) -> set[str]:
    """The ways minutes write a person's initials: "Sergey Konstantinov" -> {"SK"}, "Pádraig Ó
    Súilleabháin" -> {"PÓS", "POS", "PS"}."""
    if " " not in name and re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z]{0,3}", name):  # a nick: "SteveZ" -> "SZ"
        return {"".join(re.findall(r"[A-Z]", name))}
    words = name.replace("-", " ").split()
    full = "".join(w[0] for w in words).upper()
    bare = "".join(w[0] for w in words if w.casefold() not in PARTICLES and len(w) > 1 or w is words[0]).upper()
    return {full, fold_chars(full), bare, fold_chars(bare), "".join(w[0] for w in name.split()).upper()}


def extract_statements(text: str, segments: Segments, vocab: Vocabulary, meeting: Meeting,
                       participants: tuple[Participant, ...], agenda: tuple[AgendaItem, ...]) -> tuple[Statement, ...]:
    """Statements of the report, in order."""
    people = PeopleIndex(participants)
    by_honorific = {"mr": "he", "ms": "she", "mrs": "she", "miss": "she", "sir": "he", "dame": "she"}
    state = _State(gender={p.key: g for p in participants for word in p.honorific.replace(".", " ").lower().split()
                           for g in [by_honorific.get(word)] if g},
                   proper=_proper_words(text))
    turn: Subject | None = None  # the turn a following unlabelled paragraph goes on with
    irc = any(b.kind == "turn" and b.label and text[b.label.start - 1:b.label.start] == "<" for b in segments.blocks)
    under: Subject | None = None  # the speaker line ("Ana Lima, Adviser, Ministry of ...") the paragraphs are under
    for block in segments.blocks:
        if block.zone not in ("header", "discussion"):
            continue
        if block.kind == "speaker" and block.label:
            under = _turn_speaker(block.label.slice(text), people, meeting, participants)
            under = dataclasses.replace(under, resolution=f"the speaker line above the paragraph ({under.resolution})")
            state.heard(under.speaker)
            turn = None
            continue
        if block.kind in ("heading", "title"):
            under = None
        state.under = under.speaker if under else None
        if block.kind == "heading" and block.zone == "discussion":
            heading = numbered_heading(block.span.slice(text))
            number, sub, title = heading if heading else (None, "", block.span.slice(text))
            item = match_heading(number, sub, title, agenda, state.item)
            if item is not None:
                state.item = item
            state.paragraph_speaker = None
            turn = None
            continue
        if block.kind == "turn" and block.label:
            subj = _turn_speaker(block.label.slice(text), people, meeting, participants)
            state.heard(subj.speaker)
            state.last_reason = None if subj.speaker else subj.resolution
            turn = subj
            for sent in sentences(text, block.span):
                if is_command(sent.slice(text)):
                    continue
                state.statements.append(_turn_statement(text, sent, block.span, subj, people, vocab, state, meeting))
            continue
        if block.kind == "list" and block.zone == "discussion":  # a list of its own: each item a statement
            lines = lines_of(text, block.span)
            if all(re.fullmatch(r"(?:\*\*|__).+(?:\*\*|__)", _BULLET.sub("", ln.slice(text)).strip()) for ln in lines):
                continue  # bold items: sub-headings, not statements
            follows = bool(state.statements) and state.statements[-1].text.endswith(":")
            if not follows:  # items after "... including:" go on with that speaker; others have none of their own
                state.paragraph_speaker, state.paragraph_reason = None, None
            for line in lines:
                bullet = _BULLET.match(line.slice(text))
                unit = Span(line.start + (bullet.end() if bullet else 0), line.end)
                for sent in split_run_together(text, sentences(text, unit)):
                    if is_command(sent.slice(text)):
                        continue
                    st = _statement(text, sent, block.span, people, vocab, meeting, participants, state)
                    state.statements.append(dataclasses.replace(st, list_item=True))
            continue
        if block.kind != "paragraph":
            continue
        state.paragraph_speaker, state.paragraph_reason = (under.speaker, under.resolution) if under else (None, None)
        body = block.span.slice(text)
        if _BULLET.match(body) and state.statements and state.statements[-1].text.endswith(":") and state.statements[-1].speaker:
            lead = state.statements[-1]  # "Ana Lima reported on three programs:" over a bulleted list
            state.paragraph_speaker, state.paragraph_reason = lead.speaker, "an item of the list the speaker introduced"
        if turn is not None and irc and not re.match(r"\s*(?:\.\.\.|\u2026)", body):
            turn = None  # IRC minutes: a line without a nick is the scribe's, not the last speaker's
        if turn is not None and block.zone == "discussion" and not _LABELLED_LINE.match(body):
            # a paragraph that goes on with the last speaker's turn (no label of its own)
            state.paragraph_speaker, state.paragraph_reason = turn.speaker, "continues the speaker's turn"
            state.heard(turn.speaker or state.last_speaker)
        else:
            turn = None
        labelled = _SPEAKER_LINE.search(block.span.slice(text))
        if labelled:  # "Organization: ISOC / Speaker: Mr. X, Adviser / Contribution made: - ..." : X says the items
            nm = people.match_at(text, block.span.start + labelled.start("name"))
            if nm and len(nm.keys) == 1:
                state.paragraph_speaker, state.paragraph_reason = nm.keys[0], "the record's 'Speaker:' line"
                state.heard(nm.keys[0])
        for unit, is_item in items(text, block.span):
            for sent in split_run_together(text, sentences(text, unit)):
                if block.zone == "header" and is_preamble(sent.slice(text)) or is_command(sent.slice(text)):
                    continue  # the meeting's own facts (when, who chaired, who took part), the minutes' bookkeeping
                st = _statement(text, sent, block.span, people, vocab, meeting, participants, state)
                state.statements.append(dataclasses.replace(st, list_item=True) if is_item else st)
    return _by_author(tuple(state.statements), meeting)


_FIRST_PERSON = re.compile(r"(?:^|[\s(\"'\u201c])(?:I|I'm|I've|I'd|I'll|I\u2019m|I\u2019ve|I\u2019d|I\u2019ll|[Mm]y|me)\b")


def _by_author(stmts: tuple[Statement, ...], meeting: Meeting) -> tuple[Statement, ...]:
    """In a record posted as an e-mail, what its sender says in the first person ("I raised ...")
    is the sender's; in a letter, where nobody else speaks, every sentence is."""
    if not meeting.author:
        return stmts
    letter = not any(s.speaker or s.speaker_text for s in stmts)  # nobody is named as speaking
    out = []
    for s in stmts:
        if s.speaker is None and not (s.resolution or "").startswith(("impersonal", "ambiguous", "organisation", "turn")) \
                and (letter or _FIRST_PERSON.search(s.text)):
            s = dataclasses.replace(s, speaker=meeting.author, resolution="the sender of the e-mail")
        out.append(s)
    return tuple(out)


_RUN_TOGETHER = re.compile(r"(?<=[a-z\u00DF-\u00FF]{2})(?=[A-Z][a-z\u00E0-\u00FF]+(?:\s+[A-Z][a-z]+)?\s+(?:[a-z]+ed|said|says|asked|added|noted|stressed|suggested|explained)\b)")


def split_run_together(text: str, spans: list[Span]) -> list[Span]:
    """Sentences run together in the page text ("...top-of-mind issueMaria suggested that ...") cut
    where a lower-case word runs into a capitalised name and its reporting verb."""
    out: list[Span] = []
    for sp in spans:
        cut = sp.start
        for m in _RUN_TOGETHER.finditer(text, sp.start, sp.end):
            out.append(Span(cut, m.start()))
            cut = m.start()
        out.append(Span(cut, sp.end))
    return out


def _turn_statement(text: str, sent: Span, turn: Span, subj: Subject, people: PeopleIndex, vocab: Vocabulary,
                    state: _State, meeting: Meeting) -> Statement:
    """A sentence of a speaker's turn: direct speech, so no reporting verb; except where the speaker
    reports another ("<scribe2> He said that ..."): a speaker is never "he" in their own turn, so
    that sentence is the last other speaker's it fits."""
    s = sent.slice(text)
    speaker, written, reason = subj.speaker, subj.written, subj.resolution
    relay = _RELAY.match(s)
    if relay and speaker and _verb_at(s, relay.end(), vocab):
        want = relay.group(1).lower()
        who = next((k for k in state.recent[:3] if k != speaker and state.gender.get(k, want) == want), None)
        if who:
            speaker, written, reason = who, relay.group(1), f"reported by {subj.written}: the last other speaker it fits"
    concepts, documents = vocab.find_concepts(s, sent.start)
    concepts = own_secretariat(concepts, meeting, vocab)
    mentioned = tuple(dict.fromkeys(nm.keys[0] for nm in people.find_all(s) if len(nm.keys) == 1 and nm.keys[0] != speaker))
    return Statement(position=len(state.statements) + 1, span=sent, text=" ".join(s.split()), speaker=speaker,
                     speaker_text=written, resolution=reason, item=state.item, concepts=concepts,
                     documents=documents, people=mentioned, paragraph=turn)


_ASSIGNED = re.compile(rf"(?P<who>{NAME}(?:\s*(?:,|and)\s*{NAME})*)\s+to\s+[a-z]")  # "Ana Lima to circulate the draft."
_RELAY = re.compile(r"(He|She)\s+")


def _statement(text: str, sent: Span, paragraph: Span, people: PeopleIndex, vocab: Vocabulary, meeting: Meeting,
               participants: tuple[Participant, ...], state: _State) -> Statement:
    s = sent.slice(text)
    found = _subject(s, people, vocab, meeting, participants, state)
    verb = act = None
    subject_span = None
    if found:
        subj, (verb, act) = found
        speaker, written, reason, on_behalf = subj.speaker, subj.written, subj.resolution, subj.on_behalf
        if speaker is None and state.under and reason.startswith("role not resolved"):  # "The moderator" in the
            speaker, reason = state.under, "the office, in the paragraph under the speaker line of who holds it"  # moderator's own paragraph
        subject_span = (0, subj.end)
        state.heard(speaker)
        state.last_reason = None if speaker else f"follows an unresolved speaker ({reason})"
        state.paragraph_speaker, state.paragraph_reason = speaker, reason
    else:
        mid = _mid_pronoun(s, vocab)
        written = on_behalf = None
        lead = _LEAD_IN.match(s)
        body = _BODY_SUBJECT.match(s)
        if _IMPERSONAL.match(s) or (lead and _IMPERSONAL.match(s, lead.end())) or _NEXT_MEETING.match(s):
            speaker, reason = None, "impersonal: the report gives no speaker"
        elif (owner := _ASSIGNED.match(s)) and (people.match_at(s, 0) or len(owner.group("who").split()) >= 2
                                                and looks_like_name(owner.group("who").split(",")[0].split(" and ")[0])):
            speaker, reason = None, "an action item: the person it names is its owner, not its speaker"
        elif re.match(r"No\s+(?:[\w-]+\s+){1,3}?(?:was|were|had\s+been)\s", s):
            speaker, reason = None, "impersonal: the report gives no speaker"
        elif body and not people.match_at(s, body.start("body")):  # "The Secretariat will add ...": a body acts
            speaker, reason = None, f"organisation: {body.group('body')}"
        elif mid and (who := state.pronoun(mid[2])):
            speaker, reason = who, "pronoun: the last speaker it fits"
            verb, act = mid[0], mid[1]
        elif state.paragraph_speaker:
            speaker, reason = state.paragraph_speaker, "continues the speaker's paragraph"
        else:
            speaker, reason = None, state.paragraph_reason or "no speaker given in the report"
    concepts, documents = vocab.find_concepts(s, sent.start)
    concepts = own_secretariat(concepts, meeting, vocab)
    mentioned: list[str] = []
    for nm in people.find_all(s):
        if subject_span and nm.span.start < subject_span[1]:
            continue
        if len(nm.keys) == 1 and nm.keys[0] != speaker and nm.keys[0] not in mentioned:
            mentioned.append(nm.keys[0])
    return Statement(
        position=len(state.statements) + 1, span=sent, text=" ".join(s.split()), speaker=speaker, speaker_text=written, on_behalf=on_behalf,
        resolution=reason, verb=verb, speech_act=act, item=state.item, concepts=concepts, documents=documents,
        people=tuple(mentioned), paragraph=paragraph,
    )
