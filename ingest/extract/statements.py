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

from ..names import NAME, PARTICLES, fold_chars, looks_like_name, nick_of
from ..model import AgendaItem, ConceptMention, Meeting, Participant, Segments, Span, Statement
from ..resolve import PeopleIndex
from ..segment import _BULLET, items, lines_of, numbered_heading, sentences
from ..turns import is_command
from ..vocab import Vocabulary
from .agenda import match_heading
from .apposition import two_offices
from .subjects import JOINT, LEAD_IN, NOT_LISTED, State, Subject, mid_pronoun, mid_role, subject_of, verb_at

STAGE = "statements.v2"
_BODY_SUBJECT = re.compile(r"(?:The|Our)\s+(?P<body>(?:[A-Z][\w&-]*\s+){0,3}(?:Secretariat|Council|Board|Committee|"
                           r"Bureau|Commission|Group|secretariat|co-organi[sz]ers|organi[sz]ers|delegation|participants|members|"
                           r"group|working\s+group|committee|council|board|meeting|panel|plenary)|[A-Z]{2,8}(?=\s+(?:later(?:\s+on)?\s+|then\s+|also\s+)?"
                           r"[a-z]+ed\b))"  # "The group discussed", "The WGEC later discussed"
                           r"\s+(?:will|would|shall|has|have|had|is|are|was|were|also\s+|later(?:\s+on)?\s+|then\s+)?\s*[a-z]")
_NEXT_MEETING = re.compile(r"(?:The\s+)?[Nn]ext\s+(?:[\w-]+\s+){0,3}(?:meeting|call|session|telechat)\b")
_SPEAKER_LINE = re.compile(r"^[ \t]*(?:Speaker|Intervention\s+by|Presenter|Speaking)\s*:[ \t]*(?P<name>\S.*)$", re.M)
_IMPERSONAL = re.compile(
    r"(?:(?:[Tt]he|[Tt]his|[Tt]hese|[Ii]ts|A|An)\s+(?:[\w-]+,?\s+){0,5}?(?:was|were|has\s+been|have\s+been)\s+(?:(?:then|also|duly|unanimously|"
    r"formally)\s+)?(?:adopted|approved|agreed|accepted|endorsed|carried|ratified|circulated|closed|opened|postponed)\b|"
    r"There\s+(?:was|were|had\s+been)|It\s+was\s+(?:(?:also|further|again|then|generally|widely|strongly|briefly)\s+)?(?:[a-z]{3,}ed|said)\b|"
    r"(?:Several|Some|Many|Other|Most|All|A\s+few|A\s+number\s+of|several|some|many)\s+(?:[\w-]+\s+)?(?:participants|members|"
    r"speakers|delegates|stakeholders|people|attendees|councillors|coordinators|delegations|countries|panellists|panelists)|"
    r"(?:Two|Three|Four|Five|Six|\d{1,2})\s+(?:[\w-]+\s+)?(?:participants|members|speakers|delegates|initiatives|NRIs|delegations|"
    r"organi[sz]ations)\s+(?:\w+ed|said)\b|(?:The\s+)?(?:[Pp]articipants|[Mm]embers|[Ss]peakers|[Aa]ttendees|[Pp]anell?ists|[Dd]elegates)\s+(?:\w+ed|agreed)\b|"
    r"(?:A|One)\s+(?:participant|member|speaker|question)\b|Questions\s+were)\b")
_IGF = "https://w3id.org/igfkg/concept/internet-governance-forum"
_TURN_GOES_ON = "continues the speaker's turn"
# "Under the last item, Any other Business (AoB), it was suggested ...": commas of a lead-in, then nobody
_IMPERSONAL_AFTER_LEAD = re.compile(r"[A-Z][^.;:]{0,120}?,\s+it\s+was\s+(?:(?:also|further|then|generally)\s+)?(?:[a-z]{3,}ed|said)\b")
_SCRIBE_NOTE = re.compile(r"\(((?:[^()]|\([^()]*\))+)\)")  # a sentence wholly in parentheses
# A reporter's summary: groups ("Technical community representatives, government officials, and judiciary
# members all stressed", "Representatives from various sectors reinforced") and the event itself ("The forum
# concluded with ...", "This discussion focused on ...") speak for nobody in particular
_COLLECTIVE = re.compile(
    r"(?:(?![\w-]*ed\b|(?:for|to|of|with|by|in|on|at|from)\b)[\w-]+,?\s+){0,4}?(?:representatives|officials|stakeholders|participants|speakers|panell?ists|delegates|members|"
    r"experts|agencies|governments|organi[sz]ations|countries|attendees|voices|leaders|youth)\b[^.;:]{0,120}?(?<!had)(?<!have)(?<!has)(?<!were)\s"
    r"(?:(?:all|also|both|repeatedly|consistently)\s+)?(?P<verb>[a-z]{3,}ed|said)\b|"
    r"(?:The|This)\s+(?:[\w-]+\s+){0,2}?(?:session|discussion|forum|event|conference|workshop|dialogue|debate|transcript)\b", re.I)


def own_secretariat(concepts: tuple[ConceptMention, ...], meeting: Meeting, vocab: Vocabulary) -> tuple[ConceptMention, ...]:
    """A bare "the Secretariat" is the secretariat of the record's own body: the IGF Secretariat
    only in a record of the IGF or its groups, no concept of the vocabulary in an ITU, ICANN or
    IETF record."""
    if vocab.within(meeting.series_concept, _IGF) or vocab.within(meeting.parent_concept, _IGF):
        return concepts
    return tuple(c for c in concepts if c.label.strip().casefold() != "secretariat")


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


_IRC_NICK = re.compile(r"[a-z][a-z0-9_.|-]{2,24}|[A-Z][a-z]+[A-Z][A-Za-z0-9]{0,3}")  # "<quillpen>", "<MarkoV>": known only by the nick


def unlisted_speakers(statements: tuple[Statement, ...], participants: tuple[Participant, ...]) -> tuple[Participant, ...]:
    """People the text names as speakers who are not in the participant list (or when there is
    no list), as participants marked not listed, so their statements are attributed to them."""
    from .participants import unlisted_participant

    listed = {p.key for p in participants}
    out: dict[str, Participant] = {}
    for s in statements:
        if s.speaker is None and s.resolution == JOINT and s.speaker_text:  # "Ana Lima from A and Rui Costa from B discussed"
            for m in re.finditer(NAME, s.speaker_text):
                written = m.group(0)
                if len(written.split()) >= 2 and looks_like_name(written):
                    start = s.span.start + s.text.find(written) if written in s.text else s.span.start
                    p = unlisted_participant(written, Span(start, start + len(written)))
                    if p.key not in listed and p.key not in out:
                        out[p.key] = dataclasses.replace(p, found_in="text")
            continue
        if s.speaker is None and s.resolution and s.resolution.startswith(NOT_LISTED) and s.speaker_text:
            turn = s.speaker_text not in s.text[:len(s.speaker_text) + 1]
            if not (looks_like_name(s.speaker_text) or turn and _IRC_NICK.fullmatch(s.speaker_text)):
                continue
            p = unlisted_participant(s.speaker_text, Span(s.span.start, s.span.start + len(s.speaker_text)))
            if p.key not in listed and p.key not in out:
                out[p.key] = dataclasses.replace(p, found_in="turn" if turn else "text")
    # "Ms. Okonkwo-Reyes" or "Adaeze" beside "Ms. Adaeze Okonkwo-Reyes": one person, named in full
    everyone = tuple(participants) + tuple(out.values())
    parts = {q.key: {fold_chars(w).casefold() for w in (q.given, q.family, q.family.split()[-1] if q.family else "") if w}
             for q in everyone if len(q.name.split()) >= 2}

    def part_of_another(p: Participant) -> bool:  # "van der Berg" beside "Jan van der Berg"
        name = fold_chars(p.name).casefold()
        return any(key != p.key and name in words for key, words in parts.items())

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
    """Capitalised words a record uses as names: written inside sentences ("..., Wen agrees"), or
    the subject of two sentences or more ("Dario states ... Dario clarifies ...")."""
    inside = set(re.findall(r"(?<=[a-z,;] )([A-Z][a-z\u00E0-\u00FF]+)(?= [a-z])", text))
    subjects = Counter(re.findall(r"(?:^|[.!?]\s+|\n\W{0,3})([A-Z][a-z\u00E0-\u00FF]+) [a-z]+(?:s|ed)\b", text, re.M))
    return frozenset(inside | {w for w, n in subjects.items() if n >= 2})


def initials(name: str) -> set[str]:
    """The ways minutes write a person's initials: "Sergey Konstantinov" -> {"SK"}, "Pádraig Ó
    Súilleabháin" -> {"PÓS", "POS", "PS"}."""
    if " " not in name and re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z]{0,3}", name):  # a nick: "JanaK" -> "JK"
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
    state = State(gender={p.key: g for p in participants for word in p.honorific.replace(".", " ").lower().split()
                           for g in [by_honorific.get(word)] if g},
                   proper=_proper_words(text))
    turn: Subject | None = None  # the turn a following unlabelled paragraph goes on with
    named = name_headings(text, segments, people, vocab)
    irc = any(b.kind == "turn" and b.label and text[b.label.start - 1:b.label.start] == "<" for b in segments.blocks)
    for block in segments.blocks:
        if block.zone not in ("header", "discussion"):
            continue
        if block.kind == "speaker" and block.label or block.span in named:
            label = block.label or block.span
            under = _turn_speaker(label.slice(text), people, meeting, participants)
            state.under = dataclasses.replace(under, resolution=f"the speaker line above the paragraph ({under.resolution})")
            state.heard(under.speaker)
            turn = None
            continue
        if block.kind in ("heading", "title"):
            state.under = None
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
        state.paragraph_speaker, state.paragraph_reason = (state.under.speaker, state.under.resolution) if state.under else (None, None)
        body = block.span.slice(text)
        if _BULLET.match(body) and state.statements and state.statements[-1].text.endswith(":") and state.statements[-1].speaker:
            lead = state.statements[-1]  # "Ana Lima reported on three programs:" over a bulleted list
            state.paragraph_speaker, state.paragraph_reason = lead.speaker, "an item of the list the speaker introduced"
        if turn is not None and irc and not re.match(r"\s*(?:\.\.\.|\u2026)", body):
            turn = None  # IRC minutes: a line without a nick is the scribe's, not the last speaker's
        if turn is not None and block.zone == "discussion" and not _LABELLED_LINE.match(body):
            # a paragraph that goes on with the last speaker's turn (no label of its own)
            state.paragraph_speaker, state.paragraph_reason = turn.speaker, _TURN_GOES_ON
            state.heard(turn.speaker or state.last_speaker)
        else:
            turn = None
        labelled = _SPEAKER_LINE.search(body)
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


_BESIDE = re.compile(r"\s*,\s+(?!(?:a|an|who|which|the)\s)(?P<role>[^,]{3,90}?),\s+(?:who\s+)?[a-z]"  # ", chair of the Panel, noted"
                     r"|\s+(?:from|of|representing)\s+(?:the\s+)?(?P<body>(?:[A-Z][\w&'\u2019.-]*(?:\s+|(?=[,\s]))"
                     r"(?:(?:of|for|and|on)\s+(?:the\s+)?)?){1,6}?)(?=,|\s+[a-z])")


_OWNER = re.compile(r"(?:^|\s)(?P<org>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['\u2019]s\s+$")


def described_speakers(statements: tuple[Statement, ...], people: tuple[Participant, ...], vocab: Vocabulary
                       ) -> tuple[Participant, ...]:
    """``people`` (found in the text, not in a list), each with the office or body written beside
    the name where the record first gives the person as a sentence's subject (see :func:`described`)."""
    first: dict[str, Statement] = {}
    for s in statements:
        if s.speaker and s.speaker not in first and s.speaker_text and s.speaker_text in s.text and len(s.speaker_text.split()) >= 2:
            first[s.speaker] = s
        for p in people if s.speaker is None and s.resolution == JOINT and s.speaker_text else ():
            if p.key not in first and p.name in s.speaker_text:  # "Ana Lima from A and Rui Costa from B discussed"
                first[p.key] = dataclasses.replace(s, speaker=p.key, speaker_text=p.name)
    return tuple(described(p, first[p.key], vocab) if p.key in first and not (p.roles or p.affiliation) else p for p in people)


def described(p: Participant, s: Statement, vocab: Vocabulary) -> Participant:
    """``p`` (named as the subject of ``s``) with what the sentence says beside the name: an office
    between commas ("Ana Lima, chair of the Leadership Panel, noted" -> role) or the body, country or
    organisation the person is from ("Ana Lima from Example Labs demonstrated" -> affiliation)."""
    from .participants import classify_role
    at = s.text.find(s.speaker_text or "\0")
    m = _BESIDE.match(s.text, at + len(s.speaker_text)) if at >= 0 and s.speaker_text else None
    own = _OWNER.search(s.text[:at]) if at > 0 else None
    if own:  # "UNDP's Ana Lima stressed"
        start = s.span.start + own.start("org")
        return dataclasses.replace(p, affiliation=own.group("org"), affiliation_span=Span(start, start + len(own.group("org"))))
    if not m:
        return p
    start = s.span.start + m.start(m.lastgroup)  # offsets into the normalised text: close enough for a sentence without runs of spaces
    text = m.group(m.lastgroup).strip()
    if s.resolution == JOINT:  # "Ana Lima from Example Labs and Rui Costa from Meta": the body ends where the next person begins
        text = re.split(r"\s+and\s+", text)[0]
    if m.lastgroup == "role":
        role = classify_role(text, Span(start, start + len(text)), vocab)
        return dataclasses.replace(p, roles=tuple(two_offices(role, vocab))) if role else p
    return dataclasses.replace(p, affiliation=text, affiliation_span=Span(start, start + len(text)))


_REPORT_LABEL = re.compile(r"(?:full\s+)?session\s+report", re.I)
_TOPIC_WORD = re.compile(r"(?:tion|sion|ence|ance|ity|ment|ness|ism|ogy|ics|ship|ure|ies)$")  # "Artificial Intelligence"


def name_headings(text: str, segments: Segments, people: PeopleIndex, vocab: Vocabulary) -> frozenset[Span]:
    """Lines that give only a person's name over the paragraphs of what that person said, as
    session reports print them after their 'Session report' label ("Ana Lima" over a paragraph):
    the name of a listed participant, or, after that label, any personal name that is not a topic."""
    out: set[Span] = set()
    report = False
    blocks = [b for b in segments.blocks if b.zone in ("header", "discussion")]
    for b, nxt in zip(blocks, blocks[1:]):
        line = b.span.slice(text).strip()
        if b.kind in ("title", "heading") and _REPORT_LABEL.fullmatch(line):
            report = True
            continue
        if b.kind not in ("title", "heading") or nxt.kind != "paragraph" or "\n" in line or not 2 <= len(line.split()) <= 5:
            continue
        if looks_like_name(line) and not vocab.find_concepts(line)[0] and (
                len(people.lookup(line)) == 1 or report and not any(_TOPIC_WORD.search(w) for w in line.split())):
            out.add(b.span)
    return frozenset(out)


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
                    state: State, meeting: Meeting) -> Statement:
    """A sentence of a speaker's turn: direct speech, so no reporting verb; except where the speaker
    reports another ("<scribe2> He said that ..."): a speaker is never "he" in their own turn, so
    that sentence is the last other speaker's it fits."""
    s = sent.slice(text)
    speaker, written, reason = subj.speaker, subj.written, subj.resolution
    relay = _RELAY.match(s)
    if relay and speaker and verb_at(s, relay.end(), vocab):
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
               participants: tuple[Participant, ...], state: State) -> Statement:
    s = sent.slice(text)
    found = subject_of(s, people, vocab, meeting, participants, state)
    note = _SCRIBE_NOTE.fullmatch(s.strip())
    if found is None and note:  # "(Ana continues reviewing the themes)": the scribe says who
        found = subject_of(note.group(1), people, vocab, meeting, participants, state)
    verb = act = None
    subject_span = None
    if found:
        subj, (verb, act) = found
        speaker, written, reason, on_behalf = subj.speaker, subj.written, subj.resolution, subj.on_behalf
        holder = state.under.speaker if state.under else None
        if speaker is None and holder and reason.startswith("role not resolved"):  # "The moderator" in the moderator's own paragraph
            speaker, reason = holder, "the office, in the paragraph under the speaker line of who holds it"
        subject_span = (0, subj.end)
        state.heard(speaker)
        state.last_reason = None if speaker else f"follows an unresolved speaker ({reason})"
        state.paragraph_speaker, state.paragraph_reason = speaker, reason
    elif (clause := mid_role(s, vocab, meeting, participants)) and not state.under:
        subj, (verb, act) = clause  # "A question was asked ... and the CFO explained": the office's one holder
        speaker, written, reason, on_behalf = subj.speaker, subj.written, "clause: " + subj.resolution, None
        state.heard(speaker)
        state.last_reason = None
        state.paragraph_speaker, state.paragraph_reason = speaker, reason
    else:
        mid = mid_pronoun(s, vocab)
        written = on_behalf = None
        lead = LEAD_IN.match(s)
        body = _BODY_SUBJECT.match(s)
        group = None
        under = state.under  # under "Ana Lima, Adviser, ...": every sentence is hers, listed or not
        headed = bool(under and (under.speaker or NOT_LISTED in under.resolution and looks_like_name(under.written)))
        if headed and not (mid and (who := state.pronoun(mid[2])) and who != under.speaker):
            speaker, reason = under.speaker, under.resolution if under.speaker else f"{NOT_LISTED}'{under.written}'"
            written = under.written
        elif _IMPERSONAL.match(s) or (lead and _IMPERSONAL.match(s, lead.end())) or _NEXT_MEETING.match(s) \
                or _IMPERSONAL_AFTER_LEAD.match(s) \
                or (group := _COLLECTIVE.match(s)) and not people.match_at(s, 0) and state.paragraph_reason != _TURN_GOES_ON:
            speaker, reason = None, "impersonal: the report gives no speaker"
            said = verb_at(s, group.start("verb"), vocab) if group and group.group("verb") else None
            if said and said[1]:  # "Representatives from various sectors reinforced": the verb, and nobody's
                verb, act = said[0], said[1]
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
        elif note:  # "(Some discussion about the options)": the scribe's, not the last speaker's
            speaker, reason = None, "a scribe's note in parentheses"
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
