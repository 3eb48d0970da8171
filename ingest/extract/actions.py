"""documents.v1, decisions.v1 and actions.v1: links and named papers, decisions taken, and
things people undertook to do (with assignee and due date where the report gives them).
"""
from __future__ import annotations

import re

from ..dates import find_dates, next_occurrence
from ..names import NAME
from ..model import ActionItem, AgendaItem, Decision, Document, Meeting, Participant, Segments, Span, Statement
from ..resolve import PeopleIndex
from ..vocab import Vocabulary

STAGES = ("documents.v1", "decisions.v1", "actions.v1")
_URL = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:!?]")
_LINK_OBJECT = re.compile(r"\b(?:link|links|url|document)\s+(?:to|for|of)\s+(?:the\s+|a\s+|an\s+)?(?P<title>[^:;.]{3,120})", re.I)
_DECISION = re.compile(
    r"\b(?:is|was|were|are|has\s+been|have\s+been)\s+(?:formally\s+|duly\s+|unanimously\s+)?"
    r"(?:approved|adopted|agreed(?!\s+(?:to|that\s+(?:he|she)))|endorsed|decided|accepted|confirmed)\b"
    r"|\bit\s+was\s+(?:agreed|decided|resolved)\b"
    r"|\b(?:the\s+)?(?:group|meeting|members|participants|working\s+group|MAG|committee)\s+(?:agreed|decided|resolved)\b"
    r"|\bconsensus\s+(?:was\s+reached|emerged)\b",
    re.I,
)
_NAME = rf"(?:{NAME})"  # the pipeline's one name grammar: "Gustavo de la Peña", "A. Thornton-Hale", "Mr. bin Ismail"
_ACTION = re.compile(
    rf"(?P<who>\b{_NAME}(?:\s*,\s*{_NAME})*(?:,?\s+and\s+{_NAME})?|\b[Hh]e|\b[Ss]he|\bI|\b[Tt]he\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){{0,2}})"
    r"(?:\s+(?:from|of)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?\s+"  # "Ana Lima from the Arab IGF offered to"
    r"(?:(?P<how>will|would|shall|is\s+to|are\s+to|agreed\s+to|undertook\s+to|offered\s+to|volunteered\s+to|committed\s+to|"
    r"is\s+going\s+to|are\s+going\s+to|took\s+(?:an|the)\s+action(?:\s+item)?\s+to|(?:has|have)\s+(?:an|the)\s+action\s+to)"
    r"\s+(?:also\s+|then\s+)?(?P<task>[a-z][^;.]*?)(?=,\s+(?:and|but|which)\s|;|\s-\s|\.\s|\.$|$)"
    r"|(?P<bare>volunteered|undertook\s+it|agreed\s+to\s+do\s+so)\b)"
)
# "Ana asked Rui to prepare ...", "invited him to draft ...": the one asked owns the action
_ASKED = re.compile(rf"\b(?:asked|invited|requested|tasked|encouraged|urged)\s+(?P<who>{_NAME}|him|her)\s+to\s+"
                    r"(?P<task>[a-z][^;.]*?)(?=,\s+(?:and|but|which)\s|;|\s-\s|\.\s|\.$|$)")
_WITH = re.compile(rf"\s*\(with\s+(?P<who>{_NAME}(?:\s*(?:,|and)\s*{_NAME})*)\)")  # "(with Ana and Rui)": co-owners
_OWNER = r"[\w.'\u2019-]+(?:\s+[\w.'\u2019-]+){0,3}"
_ACTION_LINE = re.compile(  # "ACTION: Bo to ...", "AI: (Mirja) review ..."; case matters in the names, not in "action"
    r"^(?i:\[?new\]?\s*)?(?i:action(?:\s+items?)?(?:\s+[\w.-]+)?|AI|to-?do)\s*[:\u2013-]\s*(?:"
    rf"(?P<who>{_NAME}(?:\s*,\s*{_NAME})*(?:,?\s+and\s+{_NAME})?|[a-z][\w.-]{{1,24}})\s+(?:to|will|shall)\s+(?P<task>.+?)"
    rf"|[\[(](?P<owner>{_OWNER})[\])]\s*[:\u2013-]?\s*(?P<task2>.+?))\.?$")
_TO_LINE = re.compile(rf"^(?:\d{{4}}-\d\d-\d\d\s*:\s*)?(?P<who>{_NAME}(?:\s*,\s*{_NAME})*(?:,?\s+and\s+{_NAME})?)\s+to\s+"
                      r"(?P<task>[a-z].+?)\.?$")  # "Ana Lima to brief ...", "2025-02-19: Ana Lima to brief ..."
_DUE = re.compile(r"\b(?:by|before|no\s+later\s+than|until)\s+(?:the\s+)?(?:end\s+of\s+)?$", re.I)


def _assignees(source: str, m: re.Match[str], s: Statement, people: PeopleIndex, vocab: Vocabulary) -> list[str]:
    """Who an action is for: the speaker ("he will"), named participants ("A and B will"), or a body."""
    who = m.group("who")
    if who in ("he", "she", "He", "She", "I"):
        return [s.speaker] if s.speaker else []
    names = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", who) if n]
    keys = [people.lookup(n) for n in names]
    if all(len(k) == 1 for k in keys):
        return [k[0] for k in keys]
    named = []  # "Approved, Revised I-D Needed, and Hamid will ...": the names next to the verb
    for k in reversed(keys):
        if len(k) != 1:
            break
        named.insert(0, k[0])
    if named:
        return named
    if len(names) == 1:
        concepts, _ = vocab.find_concepts(who)
        before = source[:m.start("who")]
        clause_start = not before.strip() or re.search(r"(?:\bthat|\band|,)\s*$", before)
        if concepts and clause_start and vocab.kind(concepts[0].concept) in ("body", "group"):
            return [concepts[0].concept]
    return []


def _addressee(who: str, s: Statement, people: PeopleIndex, earlier: list[str]) -> list[str]:
    """Who was asked: a named participant, or "him"/"her": the last speaker before the one asking."""
    if who.lower() in ("him", "her"):
        other = next((k for k in reversed(earlier) if k != s.speaker), None)
        return [other] if other else []
    keys = people.lookup(who)
    return [keys[0]] if len(keys) == 1 else []


def _owner(written: str, people: PeopleIndex) -> list[str]:
    """The participants an "AI: (A, B)" line names."""
    keys = [people.lookup(n.strip()) for n in re.split(r"\s*[,/&]\s*|\s+and\s+", written) if n.strip()]
    return [k[0] for k in keys if len(k) == 1]


def extract_documents(text: str, segments: Segments, statements: tuple[Statement, ...],
                      agenda: tuple[AgendaItem, ...], vocab: Vocabulary) -> tuple[Document, ...]:
    """Links (with the sentence that shares them) and papers named in statements or agenda titles."""
    docs: list[Document] = []
    seen_urls: set[str] = set()
    for block in segments.blocks:
        if block.zone not in ("discussion", "header"):
            continue
        for m in _URL.finditer(block.span.slice(text)):
            url = m.group(0)
            span = Span(block.span.start + m.start(), block.span.start + m.end())
            if url in seen_urls:
                continue
            seen_urls.add(url)
            inside = next((s for s in statements if s.span.start <= span.start < s.span.end), None)
            before = inside or next((s for s in reversed(statements) if s.span.end <= span.start), None)
            sharing = before if before and (inside or before.text.endswith(":") or "link" in before.text.lower()) else None
            title = None
            if sharing:
                lm = _LINK_OBJECT.search(sharing.text)
                title = lm.group("title").strip() if lm else None
            docs.append(Document(title=title or url, span=span, url=url, item=sharing.item if sharing else None,
                                 shared_by=sharing.speaker if sharing else None,
                                 statement=sharing.position if sharing else None))
    for item in agenda:
        if item.link and item.link.startswith("http") and item.link not in seen_urls:
            seen_urls.add(item.link)
            docs.append(Document(title=item.title, span=item.span, url=item.link, item=item.id))
    named: set[str] = set()
    for s in statements:
        for d in s.documents:
            if d.concept in named:
                continue
            named.add(d.concept)
            docs.append(Document(title=vocab.concepts[d.concept].pref_label, span=d.span, concept=d.concept,
                                 item=s.item, statement=s.position))
    return tuple(docs)


def extract_decisions(statements: tuple[Statement, ...]) -> tuple[Decision, ...]:
    """Statements that record a decision ("the letter is approved", "It was agreed that ...")."""
    return tuple(Decision(text=s.text, span=s.span, statement=s.position, item=s.item)
                 for s in statements if _DECISION.search(s.text))


def extract_actions(text: str, statements: tuple[Statement, ...], meeting: Meeting,
                    participants: tuple[Participant, ...], vocab: Vocabulary) -> tuple[ActionItem, ...]:
    """Commitments: "X will ...", "he will send ...", "undertook to ...", with due dates ("by 5 June")."""
    people = PeopleIndex(participants)
    out: list[ActionItem] = []
    earlier: list[str] = []  # the speakers so far, for "asked him to ..."
    for s in statements:
        source = s.span.slice(text)
        if s.speaker and (not earlier or earlier[-1] != s.speaker):
            earlier.append(s.speaker)
        line = _ACTION_LINE.match(s.text) or _TO_LINE.match(s.text)  # "Ana Lima to brief the RALOs by May."
        matches = [line] if line else list(_ACTION.finditer(source)) + list(_ASKED.finditer(source))
        for m in matches:
            if line:  # "ACTION: Bo to circulate a draft by 12 June.", "AI: (Mirja) review the draft"
                source = s.text
            if m.re is _ASKED:
                assignees = _addressee(m.group("who"), s, people, earlier)
            else:
                assignees = _assignees(source, m, s, people, vocab) if m.group("who") else _owner(m.group("owner"), people)
            if not assignees:
                continue
            task = " ".join((m.group("task") or (m.groupdict().get("task2")) or s.text).split())
            with_ = _WITH.search(task)
            if with_:  # "prepare the outline (with Ana and Rui)": they own it too
                assignees += [k for k in _owner(with_.group("who"), people) if k not in assignees]
            if m.group("task") and re.match(r"(?:be|have\s+been|not)\b", task):
                continue  # "will be held", "will not": not a commitment
            due = None
            for d in find_dates(task, default_year=meeting.date.year if meeting.date else None):
                if _DUE.search(task[:d.span.start]):
                    due = next_occurrence(d, meeting.date) if meeting.date else d.date
            span = Span(s.span.start + m.start(), s.span.start + m.end())
            out += [ActionItem(task=task, span=span, statement=s.position, assignee=a, due=due, item=s.item)
                    for a in assignees]
    return tuple(out)
