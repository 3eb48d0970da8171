"""agenda.v1: agenda items with their printed numbering, nesting, titles and concepts.

"1. Key takeaways", " - a. Session at WSIS" (a sub-item of 1: id "1a"), "II. Updates",
"[Non-paper webinars](#)" (a Markdown link: the title is the link text).
"""
from __future__ import annotations

import dataclasses
import re

from ..model import AgendaItem, Segments, Span
from ..segment import heading_text, lines_of, numbered_heading
from ..vocab import Vocabulary

STAGE = "agenda.v1"
_ITEM = re.compile(
    r"^\s*(?:[-*\u2022\u25cf\u25aa\u2013]\s*)?(?:(?:agenda\s+)?item\s+)?"
    r"\(?(?P<num>\d{1,2}(?:\.\d{1,2})?|[IVXLC]{1,6}|[A-Za-z])(?P<sep>[.):]|\s+[-\u2013])\s*(?P<title>\S.*)$",
    re.I,
)
_BULLET_ONLY = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u2013])\s+(?P<title>\S.*)$")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")
_ROMAN = re.compile(r"^[IVXLC]+$")


def _clean_title(title: str) -> tuple[str, str | None]:
    """Title without Markdown emphasis; the first real link target, if any."""
    link = None
    for m in _MD_LINK.finditer(title):
        if m.group(2) and m.group(2) != "#" and link is None:
            link = m.group(2)
    title = _MD_LINK.sub(lambda m: m.group(1), title)
    title = re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", title)
    return " ".join(title.split()).strip(" :"), link


def _level(num: str, top_style: str | None) -> tuple[str, int]:
    """(numbering style, depth): an item numbered in the style of the first item is a top item (0),
    any other style a sub-item (1). "I" is Roman when the agenda starts with Roman numerals."""
    if num.isdigit():
        style = "digit"
    elif "." in num:
        style = "dotted"
    elif _ROMAN.match(num) and (top_style in (None, "roman") or len(num) > 1):
        style = "roman"
    else:
        style = "letter"
    return style, 0 if top_style is None or style == top_style else 1


def extract_agenda(text: str, segments: Segments, vocab: Vocabulary) -> tuple[AgendaItem, ...]:
    """The agenda, in printed order; sub-items carry their parent's id."""
    items: list[AgendaItem] = []
    top_style: str | None = None
    parent: AgendaItem | None = None
    unnumbered = 0
    top_indent: int | None = None
    for block in segments.in_zone("agenda"):
        if block.kind == "zone":
            continue
        for line in lines_of(text, block.span):
            raw = line.slice(text)
            m = _ITEM.match(raw)
            if m:
                num, title_raw = m.group("num"), m.group("title")
                title_start = line.start + m.start("title")
            else:
                b = _BULLET_ONLY.match(raw)
                if not b:
                    continue
                unnumbered += 1
                num, title_raw, title_start = str(unnumbered), b.group("title"), line.start + b.start("title")
            printed = (m.group("num") + m.group("sep")).strip() if m else raw.lstrip()[:1]
            style, depth = _level(num, top_style)
            if "." in num and num.split(".")[0].isdigit():  # "1.2" is a sub-item of 1
                depth = 1
            indent = len(text[text.rfind("\n", 0, line.start) + 1:line.start].expandtabs(4))
            if depth == 0 and parent is not None and top_indent is not None and indent > top_indent:
                depth = 1  # a nested list that restarts its numbering: sub-items of the item above
            if depth == 0:
                top_indent = indent if top_indent is None else min(top_indent, indent)
            if top_style is None:
                top_style = style
            title, link = _clean_title(title_raw)
            concepts, _ = vocab.find_concepts(text[title_start:line.end], title_start)
            if depth == 0 or parent is None:
                item = AgendaItem(id=num.upper() if style == "roman" else num, printed=printed,
                                  title=title, span=Span(line.start, line.end), position=len(items) + 1,
                                  concepts=concepts, link=link)
                parent = item
            else:
                sub = num.split(".")[-1].lower()
                item = AgendaItem(id=f"{parent.id}{'.' if sub.isdigit() and parent.id[-1:].isdigit() else ''}{sub}", printed=printed,
                                  title=title, span=Span(line.start, line.end), parent=parent.id,
                                  position=len(items) + 1, concepts=concepts, link=link)
            if any(i.id == item.id for i in items):  # numbering repeated (a list printed twice): keep ids unique
                item = dataclasses.replace(item, id=f"{item.id}-{sum(1 for i in items if i.id.split('-')[0] == item.id) + 1}")
            items.append(item)
    return tuple(items)


def agenda_from_headings(text: str, segments: Segments, vocab: Vocabulary) -> tuple[AgendaItem, ...]:
    """Where a report prints no agenda, its discussion headings stand in for one."""
    items: list[AgendaItem] = []
    for block in segments.in_zone("discussion"):
        if block.kind != "heading":
            continue
        raw = block.span.slice(text)
        heading = numbered_heading(raw)
        num, title = (heading[0] + heading[1], heading[2]) if heading and heading[0] else (str(len(items) + 1), heading_text(raw))
        if any(i.id == num for i in items):
            continue
        concepts, _ = vocab.find_concepts(raw, block.span.start)
        items.append(AgendaItem(id=num, printed=num if heading else "", title=title, span=block.span,
                                position=len(items) + 1, concepts=concepts))
    return tuple(items)


def match_heading(number: str | None, sub: str, title: str, agenda: tuple[AgendaItem, ...],
                  current: str | None = None) -> str | None:
    """The id of the agenda item a discussion heading opens: by its number (and sub-item letter,
    alone meaning a sub-item of the current item), else by its title's words."""
    if number or sub:
        if not number and current:
            number = next((i.parent or i.id for i in agenda if i.id == current), None)
        key = f"{number or ''}{sub}".upper()
        for item in agenda:
            if item.id.upper() == key:
                return item.id
    words = set(re.findall(r"\w+", title.casefold()))
    best, score = None, 0.0
    for item in agenda:
        iw = set(re.findall(r"\w+", item.title.casefold()))
        if not iw or not words:
            continue
        s = len(words & iw) / len(iw | words)
        if s > score:
            best, score = item.id, s
    return best if score >= 0.5 else None
