"""The subject of a reported sentence: who speaks, named ("Ms. Berg", "Olav"), as a pronoun ("She
also noted" -> the last speaker it fits), as an office ("The Chair" -> who chairs) or as a body,
followed by a reporting verb; and the state that reading a record in order carries along (the
last speakers, what the record said of their gender, the speaker line a paragraph is under).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Meeting, Participant, Statement
from ..names import NAME, NOT_NAME_WORDS, country_names, fold, looks_like_name
from ..resolve import PeopleIndex
from ..vocab import Vocabulary

LEAD_IN = re.compile(r"^(?:At\s+(?:this|that)\s+point|Then|Later|Next|Finally|Afterwards)\s+(?=[A-Z])|^(?:[A-Z][\w'-]*(?:\s+[\w'-]+){0,9}),\s+|^(?:\*\*|__)[^*_]{1,80}(?:\*\*|__)\s*(?=[A-Z])")  # "In May, X", "**Topic:** X"
_STATE = r"(?:[Tt]he\s+)?[A-Z][\w'\u2019-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'\u2019-]*){0,3}"
_STATES = re.compile(rf"{_STATE}(?:\s*,\s*{_STATE})*(?:\s*,?\s+and\s+{_STATE})?")  # "Brazil, Kenya and the Republic of Korea"
_BRACKETS_AFTER = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)")


def _past_brackets(sentence: str, end: int) -> int:
    """Where the words after a name begin, past a bracket ("Ana Lima (Example Forum (EF)) opened")."""
    b = _BRACKETS_AFTER.match(sentence, end)
    return (b.end() if b else end) + 1


_GLUED_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?(?=[A-Z])")
_PRONOUN = re.compile(r"(?P<p>He|She|They|he|she|they)\b")
_ROLE_SUBJECT = re.compile(
    r"(?:(?P<det>[Tt]he|[Oo]ur)\s+|(?=(?:Host|Chair|Co-Chair|Moderator|Facilitator|Rapporteur|Secretariat)\s+[a-z]))(?P<role>(?:[A-Z][\w&-]*\s+){1,3}(?:representative|delegate|delegation|coordinator|observer)\b|"
    r"(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})|"
    r"(?:[a-z][\w-]*\s+){0,3}?(?:co-chairs?|chairs?|chairperson|chairman|chairwoman|moderator|secretariat|rapporteur|facilitator|"
    r"coordinator|representatives?|delegates?|delegation|observers?|hosts?(?!\s+countr)|conven[eo]rs?|organi[sz]ers?))\b")
_ADVERBS = re.compile(r"(?:(?:also|then|further|furthermore|finally|additionally|again|briefly|first|firstly|subsequently|"
                      r"later|similarly|likewise|however|moreover|lastly|strongly|clearly|kindly|in\s+turn)\s+){0,2}")
_APPOSITION = re.compile(r"(?:\s*(?:\([^()]{1,80}\)|,\s+(?:who|which)\s[^,]{1,160},|,\s+[^,]{1,80},|(?:from|of|for|representing|on\s+behalf\s+of)\s+"
                         r"(?:the\s+)?(?:[A-Z\u00C0-\u024F][\w&'\u2019.-]*\s+){1,6}?(?=[a-z]))){1,2}\s*")  # "Ana Lima (APC), co-moderator,"
_UNKNOWN_NAME = re.compile(NAME)
_FROM_BODY = r"(?:\s*,?\s+(?:from|of|representing)\s+(?:the\s+)?(?:[A-Z][\w&'\u2019.-]*\s*){1,5}?)?"
_JOINT = re.compile(rf"{_FROM_BODY}\s*,?\s+and\s+{NAME}{_FROM_BODY}\s+(?:(?:both|also|jointly)\s+)?(?=[a-z])")
_MID_PRONOUN = re.compile(r"(?<=[,;:]\s)(?:\w+,?\s+){0,3}?(?P<p>he|she)\s+")
_GAVE_A = re.compile(r"(?:gave|provided|made|delivered|presented|offered|shared)\s+(?:an?|the|some|his|her|their)\s+"
                     r"(?:(?:brief|short|quick|detailed|general|oral|written|comprehensive|[A-Z][\w-]*(?:['\u2019]s)?)\s+){0,3}"
                     r"(?P<noun>[a-z]+)\b")

_STATE_VERB = re.compile(r"(?:was|were)\s+(?:concerned|pleased|happy|worried|keen|supportive|sceptical|skeptical|"
                         r"of\s+the\s+(?:view|opinion))\b")
_OF_PHRASE = re.compile(r"\s*,?\s*(?:from|of|for|representing|speaking\s+for|on\s+behalf\s+of)\s+")
_WORD_END = re.compile(r"[\w.'\u2019&-]+,?\s+")
_TOOK_ACTION = re.compile(r"(?:took|takes|has\s+taken)\s+(?:an|the)\s+action(?:\s+item)?")
_UPDATE_NOUNS = frozenset("update updates overview briefing summary report presentation recap readout debrief".split())
_ADDRESS_NOUNS = frozenset("keynote speech address remarks statement".split())
_DELIVERED = re.compile(r"(?:delivered|gave|made)\s+(?:(?:an?|the|his|her|their)\s+)?(?:[a-z-]+\s+){0,2}?"
                        r"(?:keynote|speech|address|remarks|statement)(?:\s+address|\s+speech)?\b")
# A descriptor before a name in a reporter's summary: "Norwegian Minister", "Youth representative",
# "Nobel Prize laureate", "ITU Secretary-General", "Ghanaian physician": words that end in a title
_TITLE_WORD = (r"(?:[Rr]epresentatives?|[Ll]aureate|[Pp]hysician|[Dd]octor|[Mm]inister|[Aa]mbassador|[Oo]fficials?|[Ee]xperts?|"
               r"[Rr]esearcher|[Pp]rofessor|[Jj]ournalist|[Aa]ctivist|[Aa]dvocate|(?:[Cc]o-)?[Ff]ounder|[Dd]irector|[Cc]hair(?:man|woman|person)?|"
               r"[Hh]ead|[Mm]ember|[Dd]elegate|[Ee]nvoy|[Aa]dvis[eo]r|[Pp]resident|(?:[Uu]nder-)?[Ss]ecretary-[Gg]eneral|[Oo]fficer|[Ll]eader|"
               r"[Ss]cholar|[Ll]awyer|[Jj]udge|[Cc]ommissioner|[Ee]conomist|[Ss]cientist|[Ee]ntrepreneur|[Ee]ngineer|[Ee]xecutive|CEO|"
               r"[Ss]pokes(?:person|man|woman)|[Pp]arliamentarian|MP|[Ss]enator|[Rr]apporteur|[Cc]oordinator|[Mm]oderator|[Pp]anell?ist|"
               r"[Ss]tudent|[Mm]anager|[Pp]rosecutor|[Mm]ayor|[Gg]overnor)")
_DESCRIPTOR = re.compile(rf"(?:The\s+)?(?:[A-Z][\w\u2019'-]*\s+|(?!(?:by|of|from|with|for|to|in|on|at|and|or|the|an?|as|that|this|"
                         rf"his|her|their|its|was|were|is|are|has|had|who)\b)[a-z][a-z-]+\s+){{0,4}}?{_TITLE_WORD}\s+(?=[A-Z])")
_POSSESSOR = re.compile(r"(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['\u2019]s\s+")
_ENVOY = re.compile(r"(?:representatives?|delegates?|delegation|envoy|minister|ambassador|government|spokes(?:person|man|woman))\s+")

_NOT_NAMES = frozenset(
    "the this that there these those it its such as in on at for by with from all both each some many several one two "
    "participants members speakers delegates everyone others another".split()
)


@dataclass
class State:
    item: str | None = None
    last_speaker: str | None = None  # for pronouns
    last_reason: str | None = None
    paragraph_speaker: str | None = None
    paragraph_reason: str | None = None
    statements: list[Statement] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)  # speakers, the last first
    gender: dict[str, str] = field(default_factory=dict)  # "he"/"she": from honorifics and pronouns already read
    proper: frozenset[str] = frozenset()  # capitalised words the record writes inside sentences: names, not sentence starts
    under: Subject | None = None  # the speaker line ("Ana Lima, Adviser, ...") the paragraphs are under, until a heading

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


def verb_at(sentence: str, pos: int, vocab: Vocabulary) -> tuple[str, str | None, int] | None:
    """(verb as written, speech-act IRI or None, end) of a reporting verb at ``pos`` (after adverbs)."""
    m = _ADVERBS.match(sentence, pos)
    pos = m.end() if m else pos
    words = sentence[pos:pos + 60].split()
    for n in (5, 4, 3, 2, 1):  # "called the meeting to order"
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
    m = _DELIVERED.match(sentence, pos)
    if m:  # "delivered a powerful keynote", "made closing remarks"
        return m.group(0), vocab.verb_forms.get("delivered a keynote"), m.end()
    m = _GAVE_A.match(sentence, pos)
    if m:
        noun = m.group("noun").lower()
        iri = vocab.verb_forms.get("gave an update") if noun in _UPDATE_NOUNS else \
            vocab.verb_forms.get("delivered a keynote") if noun in _ADDRESS_NOUNS else None
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


def subject_of(sentence: str, people: PeopleIndex, vocab: Vocabulary, meeting: Meeting,
             participants: tuple[Participant, ...], state: State) -> tuple[Subject, tuple[str, str | None]] | None:
    """The speaker named as the sentence's subject, with the reporting verb that follows it."""
    starts = [0]
    glued = _GLUED_NUMBER.match(sentence)
    if glued:  # "1.1Mr Ana Lima, ..., made the statement": a paragraph number that lost its space
        sentence = " " * glued.end() + sentence[glued.end():]
        starts.append(glued.end())
    lead = LEAD_IN.match(sentence)
    if lead:
        starts.append(lead.end())
    for at in list(starts):
        desc = _DESCRIPTOR.match(sentence, at)  # "Norwegian Minister Ana Lima outlined": the name after the title
        if desc and (after := _UNKNOWN_NAME.match(sentence, desc.end())) and len(after.group(0).split()) >= 2:
            starts.insert(starts.index(at), desc.end())
        own = _POSSESSOR.match(sentence, at)  # "UNDP's Ana Lima stressed"; "Brazil's representative noted"
        if own:
            envoy = _ENVOY.match(sentence, own.end())
            verb = verb_at(sentence, envoy.end(), vocab) if envoy else None
            if verb and verb[1]:
                return (Subject(None, sentence[at:envoy.end()].strip(), envoy.end(),
                                f"organisation: {own.group('org')}", None), (verb[0], verb[1]))
            starts.append(own.end())
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
            named = re.match(r"(?:\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][^,.;:]{1,80}?)?,\s+", sentence[rm.end():]) \
                or re.match(r"(?:\s+of\s+[A-Z][\w\s-]{1,40}?)?\s*\(\s*", sentence[rm.end():])
            nm2 = people.match_at(sentence, rm.end() + named.end()) if named else None
            close = (")" if named.group(0).rstrip().endswith("(") else ",") if named else ""
            if nm2 and len(nm2.keys) == 1 and sentence[nm2.span.end:nm2.span.end + 1] == close:
                cands.append((Subject(nm2.keys[0], rm.group(0), nm2.span.end + 1, "role, then the person's name"),
                              nm2.span.end + 1))  # "The delegate of Japan, Mr. Kenji Tanabe, supported", "The UNESCO representative (Ms. X) noted"
            elif nm2 and len(nm2.keys) == 1 and close == "," \
                    and verb_at(sentence, words := _past_brackets(sentence, nm2.span.end), vocab):
                cands.append((Subject(nm2.keys[0], rm.group(0), words - 1, "role, then the person's name"),
                              words - 1))  # "The coordinator of the BPF, Mr. Ana Lima joined the call", "The host, Mr X (IGF) opened"
            elif named and close == "," and not nm2 and (um := _UNKNOWN_NAME.match(sentence, rm.end() + named.end())) \
                    and looks_like_name(um.group(0).rstrip(".")) and len(um.group(0).split()) >= 2 \
                    and (said := verb_at(sentence, words := _past_brackets(sentence, um.end()), vocab)) and said[1]:
                written = um.group(0).rstrip(".")
                cands.append((Subject(None, written, words - 1, f"{NOT_LISTED}'{written}'"), words - 1))
            for w in re.finditer(r"\s+(?=\S)", rm.group("role")):  # "The Chair Ambassador Ana Lima opened": the office, then the name
                nm3 = people.match_at(sentence, rm.start("role") + w.end())
                if nm3 and len(nm3.keys) == 1 and nm3.span.end >= rm.end():
                    cands.append((Subject(nm3.keys[0], nm3.written, nm3.span.end, "office, then the person's name"), nm3.span.end))
                    break
            cands.append((_role_subject(rm.group("role"), rm.group(0), rm.end(), vocab, meeting, participants), rm.end()))
        sm = _STATES.match(sentence, pos)
        if sm and not nm and all(fold(re.sub(r"^[Tt]he\s+", "", x)) in country_names()
                                 for x in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", sm.group(0))):
            cands.append((Subject(None, sm.group(0), sm.end(), f"delegation: {sm.group(0)}"), sm.end()))  # "Brazil and Kenya supported"
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
            joint = _JOINT.match(sentence, end)  # "Ana Lima from A and Rui Costa from B discussed": both, so neither alone
            verb = verb_at(sentence, joint.end(), vocab) if joint else None
            if verb and verb[1]:
                return Subject(None, sentence[pos:joint.end()].strip(), joint.end(), JOINT), (verb[0], verb[1])
            after = end
            ap = _APPOSITION.match(sentence, end)
            verb = verb_at(sentence, after + (len(sentence[after:]) - len(sentence[after:].lstrip())), vocab)
            if verb is None and ap:
                verb = verb_at(sentence, ap.end(), vocab)
            if verb is None:  # "of the University of Helsinki described": a longer phrase of affiliation
                of = _OF_PHRASE.match(sentence, end) if subj.speaker or len(subj.written.split()) >= 2 else None
                for word in (_WORD_END.finditer(sentence, of.end()) if of else ()):
                    if word.start() - end > 90:
                        break
                    verb = verb_at(sentence, word.end(), vocab)
                    if verb and verb[1]:
                        break
                    verb = None
            if verb is None:
                continue
            if subj.resolution.startswith(NOT_LISTED) and (verb[1] is None or re.fullmatch(r"[a-z]+[^s]s", verb[0])
                                                            and subj.written.split()[-1] not in state.proper):
                continue  # an unknown capitalised word needs a known reporting verb, in the past ("Early comments"),
                # or in the present where the record writes the word as a name inside sentences too ("..., Wen agrees")
            return subj, (verb[0], verb[1])
    return None



_OFFICES = re.compile(r"\s*(?:&|\band\b|,|/)\s*")  # "President & CEO": two offices


def _role_subject(role_text: str, written: str, end: int, vocab: Vocabulary, meeting: Meeting,
                  participants: tuple[Participant, ...]) -> Subject:
    roles = vocab.role_matcher.find(role_text)
    concepts, _ = vocab.find_concepts(role_text)
    want = role_text.casefold()
    listed = [p.key for p in participants if any(not r.former and want in {x.casefold() for x in _OFFICES.split(r.label.strip("() "))}
                                                 for r in p.roles)]
    if len(listed) == 1:  # "The CFO", "The Treasurer": the one the list gives that office ("Brian Kirk, CFO")
        return Subject(listed[0], written, end, "role: its only holder in the list, as written")
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



_MID_ROLE = re.compile(r"(?:,|;|\band)\s+(?:then\s+)?the\s+(?P<role>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})\s+(?=[a-z])")


def mid_role(sentence: str, vocab: Vocabulary, meeting: Meeting, participants: tuple[Participant, ...]
             ) -> tuple[Subject, tuple[str, str | None]] | None:
    """The one holder of an office named as the subject of a clause after the sentence's start,
    with its reporting verb: "A question was asked about leave and the CFO explained ..."."""
    for m in _MID_ROLE.finditer(sentence):
        verb = verb_at(sentence, m.end(), vocab)
        if not verb or not verb[1]:
            continue
        subj = _role_subject(m.group("role"), m.group(0).strip(" ,;"), m.end(), vocab, meeting, participants)
        if subj.speaker:
            return subj, (verb[0], verb[1])
    return None


def mid_pronoun(sentence: str, vocab: Vocabulary) -> tuple[str, str | None, str] | None:
    """(verb, speech act, pronoun) of "...; however, she noted" or "..., he explained, ..."."""
    for m in _MID_PRONOUN.finditer(sentence):
        verb = verb_at(sentence, m.end(), vocab)
        if verb and verb[1]:
            return verb[0], verb[1], m.group("p")
    return None


NOT_LISTED = "not in the participant list: "
JOINT = "joint: two people are the subject, so neither alone"
