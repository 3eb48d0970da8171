"""Person names: parsing list entries ("Novakova, Jana", "Ms. Rosa Del Campo") with
nameparser, folding accents and case for comparison, and slugs for IRIs.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from nameparser import HumanName

HONORIFICS = ("Ms", "Mr", "Mrs", "Miss", "Mx", "Dr", "Prof", "Professor", "Amb", "Ambassador", "H.E", "Sir", "Dame", "Hon")
_HONORIFIC = re.compile(r"^(?:(?:" + "|".join(re.escape(h) for h in HONORIFICS) + r")\.?\s+)+", re.I)
MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


class _FoldTable(dict):
    """For ``str.translate``: each character's unaccented letter, worked out once per character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)[:1]
        self[code] = folded = base if base and base.isascii() and ch.isalpha() else ch
        return folded


_FOLD_TABLE = _FoldTable()


def fold_chars(text: str) -> str:
    """``text`` with accents removed, one character for one, so offsets still line up.

    >>> fold_chars("José Núñez")
    'Jose Nunez'
    """
    return text if text.isascii() else text.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Accent-, case- and space-insensitive form of a name for comparison.

    >>> fold("  José  NÚÑEZ ")
    'jose nunez'
    """
    return " ".join(fold_chars(text).casefold().replace(".", ". ").split()).replace(" .", ".")


def slug(text: str) -> str:
    """A lowercase ASCII slug for IRIs.

    >>> slug("Jana Novaková"), slug("Group's Co-Chair")
    ('jana-novakova', 'group-s-co-chair')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class ParsedName:
    name: str  # natural order, no honorific
    given: str
    family: str
    honorific: str


def strip_honorific(text: str) -> tuple[str, str]:
    """(honorific as written, rest).

    >>> strip_honorific("Ms. Hanne Berg")
    ('Ms.', 'Hanne Berg')
    """
    m = _HONORIFIC.match(text.strip())
    if not m:
        return "", text.strip()
    return m.group(0).strip(), text.strip()[m.end():].strip()


@functools.lru_cache(maxsize=8192)  # a list entry is parsed more than once per report, and people recur
def parse_name(text: str) -> ParsedName:
    """Parse a written name in natural or "Family, Given" order, with or without honorific.

    >>> parse_name("Novakova, Jana")
    ParsedName(name='Jana Novakova', given='Jana', family='Novakova', honorific='')
    >>> parse_name("Dr. Martina Le Gall Malakova").family
    'Le Gall Malakova'
    """
    honorific, rest = strip_honorific(text)
    if "," in rest:
        h = HumanName(rest)
        given = " ".join(x for x in (h.first, h.middle) if x)
        family = h.last
        if given and family:
            return ParsedName(f"{given} {family}", given, family, honorific)
    tokens = rest.split()
    if len(tokens) <= 1:
        return ParsedName(rest, rest, "", honorific)
    return ParsedName(" ".join(tokens), tokens[0], " ".join(tokens[1:]), honorific)


@functools.lru_cache(maxsize=8192)
def looks_like_name(text: str) -> bool:
    """Two to five capitalised words (particles like 'de', 'van', 'bin' allowed), no digits.

    >>> looks_like_name("Rosa Del Campo"), looks_like_name("Government of Italy")
    (True, False)
    """
    _, rest = strip_honorific(text)
    tokens = rest.replace(",", " ").split()
    if not 1 <= len(tokens) <= 5 or any(ch.isdigit() for ch in rest):
        return False
    particles = {"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "le", "la", "bin", "binti", "al", "el", "ten", "y"}
    caps = [t for t in tokens if t[:1].isupper()]
    return len(caps) >= 1 and all(t[:1].isupper() or t.lower() in particles for t in tokens) and tokens[0][:1].isupper()
