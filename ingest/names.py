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
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december".split()) | _WEEKDAYS


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
    >>> parse_name("Mr. van der Berg")
    ParsedName(name='van der Berg', given='', family='van der Berg', honorific='Mr.')
    """
    honorific, rest = strip_honorific(text)
    if "," in rest:
        h = HumanName(rest)
        given = " ".join(x for x in (h.first, h.middle) if x)
        family = h.last
        if given and family:
            return ParsedName(f"{given} {family}", given, family, honorific)
    tokens = rest.split()
    if honorific and tokens and (len(tokens) == 1 or tokens[0].casefold() in PARTICLES):
        return ParsedName(" ".join(tokens), "", " ".join(tokens), honorific)  # "Mr. Okonjo", "Mr. van der Berg": a family name
    if len(tokens) <= 1:
        return ParsedName(rest, rest, "", honorific)
    return ParsedName(" ".join(tokens), tokens[0], " ".join(tokens[1:]), honorific)


PARTICLES = frozenset("de da do dos das del della dela des di van von der den le la lo du bin binti bint ibn abu al el ten ter "
                      "y e st st. mac mc o' d' ul ud zu af av".split())
_UPPER = r"[A-Z\u00C0-\u00D6\u00D8-\u00DE\u0100-\u024F]"
_CAP = rf"(?:{_UPPER}\.|(?:St|Jr|Sr)\.|{_UPPER}[\w'\u2019\u0300-\u036f-]*(?![\w'\u2019\u0300-\u036f-]))"  # a word, "K.", "St."
_PARTICLE = "(?:" + "|".join(sorted((re.escape(w) for w in PARTICLES if w[-1:].isalpha() and w not in ("st", "e", "y")),
                                    key=len, reverse=True)) + r"|St\.)"
# The one name grammar of the pipeline: an honorific, then capitalised words, initials and particles.
# What it matches is a person only when looks_like_name agrees.
NAME = (rf"(?:(?:Ms|Mr|Mrs|Dr|Prof|Professor|Amb|Ambassador|H\.\s?E)\.?\s+(?:{_PARTICLE}[ \t]+(?={_PARTICLE}[ \t]|{_UPPER}))*)?{_CAP}"
        rf"(?:[ \t]+(?:{_CAP}|{_PARTICLE}(?=(?:[ \t]+{_PARTICLE})*[ \t]+[A-Z]))){{0,4}}")

# Capitalised words that are never a personal name: offices, bodies, header and list words.
NOT_NAME_WORDS = frozenset("""
chair chairs chairperson chairman chairwoman co-chair co-chairs vice-chair vice host hosts scribe scribes moderator
moderators facilitator facilitators co-facilitator co-facilitators rapporteur coordinator coordinators convenor
convener secretary treasurer president director officer manager liaison liaisons secretariat staff member members
council committee board group team panel panellists panelists speakers speaker participants participant attendees
attendee observers observer guests guest delegates delegate delegation representatives representative experts expert
present regrets apologies absent excused minutes summary agenda topics topic contents item items action actions
resolution resolutions decision decisions roll call calls meeting meetings session sessions notes note record report
draft attendance welcome introduction opening closing update updates aob business next date time location venue
discussion discussions conclusion conclusions annex appendix list see also irc log logs chat recording transcript
government ministry university foundation society institute association commission agency office department
organization organisation network union authority registry registrars registries forum alliance coalition
secretary-general excellency everyone all others audience interpreter interpretation operator unidentified unknown
councillors councils vice-chairmen chairmen organizations organisations countries states delegations
the this that these those there our their his her its and or of for with from on in at by to as if but so
he she they we i you it who when where what which why how please thanks thank yes no okay ok well now then also
token original name names comment comments message message-id subject sent cc re fwd page version key
policy policies support development services service relations programme program operations engagement
communications affairs strategy research technology technologies digital global international national regional
public legal security governance internet data standards working pdp so/ac specialist specialists advisor adviser
analyst counsel head lead chief senior junior deputy assistant associate vice executive general ministry unit division
area areas management applications routing transport url link links http https www email e-mail
coalitions initiatives networks forums panels groups committees councils boards bodies governments ministries
""".split())
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_]\.|[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019-][^\W\d_]+)*\.?)$")
COMBINING_MARKS = re.compile(r"[\u0300-\u036f]")  # combining accents ("Adébáyọ̀"): part of the letter before


@functools.lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Folded names of the countries and territories (ISO 3166, from pycountry's data): a list
    entry "Brazil" or "Viet Nam" names a delegation, not a person."""
    import pycountry

    out: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                out.add(fold(value))
                out.add(fold(value.split(",")[0]))  # "Korea, Republic of" -> "korea"
                if ", " in value:  # ... and "republic of korea", as delegations are named in prose
                    out.add(fold(" ".join(reversed(value.split(", ", 1)))))
    return frozenset(out)


@functools.lru_cache(maxsize=8192)
def looks_like_name(text: str) -> bool:
    """A personal name: one to five words, each capitalised (or an initial "K.", or a particle
    "de", "van", "bin", "St."), no digits, and no word that names an office, a body or a part of
    a record ("Chair", "Secretariat", "Roll Call", "Council Members", "Summary").

    >>> looks_like_name("Rosa Del Campo"), looks_like_name("Government of Italy"), looks_like_name("Ms. Anne St. Clair")
    (True, False, True)
    >>> looks_like_name("Roll Call"), looks_like_name("ICANN Staff"), looks_like_name("K. Ito"), looks_like_name("Jan van der Berg")
    (False, False, True, True)
    >>> looks_like_name("Mr. van der Berg"), looks_like_name("van der Berg")
    (True, False)
    """
    honorific, rest = strip_honorific(text)
    tokens = rest.replace(",", " ").split()
    if not 1 <= len(tokens) <= 5 or any(ch.isdigit() for ch in rest):
        return False
    if len(tokens) == 1 and (len(tokens[0].strip(".")) < 2 or tokens[0].endswith(".")):
        return False  # "A", an initial alone
    countries = country_names()
    if fold(rest) in countries or all(fold(tok) in countries for tok in tokens):
        return False  # "Brazil", "Viet Nam", "India Germany" (a list of delegations)
    if any(t.casefold() in _WEEKDAYS for t in tokens):
        return False  # "Saturday, 9 March 2024": a day of a meeting, not a person
    if any(t.casefold().strip(".") in NOT_NAME_WORDS or re.search(r"['\u2019]s$", t) for t in tokens if t.casefold() not in PARTICLES):
        return False  # an office, a body, a record word, or a possessive ("Secretariat's")
    for i, tok in enumerate(tokens):
        if tok.casefold() in PARTICLES and (0 < i or honorific) and i < len(tokens) - 1:
            continue  # "Jan van der Berg", and "Mr. van der Berg" after an honorific
        if not (tok[:1].isupper() and _NAME_TOKEN.match(COMBINING_MARKS.sub("", tok))):
            return False
    if len(tokens) > 1 and all(t.isupper() and len(t) > 1 for t in tokens):
        return len(tokens) <= 4 and not any(len(t) <= 3 for t in tokens)  # "ICANN GNSO" is not a name; "ANNA BERG" is
    return not (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1)


def nick_of(nick: str, p) -> bool:
    """Whether an IRC nick or short label names the person ``p`` (anything with ``name``, ``given``
    and ``family``): the name with a letter or two added ("InesB"
    for "Ines", "Ines" for "InesB"), the given name's initial and the family name ("fgarcia"), the
    given name and the family name's initials ("annavk" for Anna van Kamp), or initials ("jmb").

    >>> from types import SimpleNamespace as P
    >>> anna = P(name="Anna van Kamp", given="Anna", family="van Kamp")
    >>> nick_of("annavk", anna), nick_of("avk", anna), nick_of("anvk", anna), nick_of("vk", anna), nick_of("akx", anna)
    (True, True, True, False, False)
    """
    n = fold_chars(nick).casefold().replace("_", "").replace("-", "")
    name = fold_chars(p.name).casefold().replace(" ", "").replace("-", "")
    given = fold_chars(p.given).casefold().replace("-", "")
    family = fold_chars(p.family).casefold().replace(" ", "").replace("-", "")
    if name.startswith(n) and 0 < len(name) - len(n) <= 2 or n.startswith(name) and 0 < len(n) - len(name) <= 2:
        return True
    if not (given and family):
        return False
    initials = "".join(w[:1] for w in re.split(r"[\s-]+", fold_chars(p.family).casefold()) if w)  # "van Kesteren" -> "vk"
    return n in (given[:1] + family, given + family[:1], given + family, given + initials) \
        or 3 <= len(n) <= 4 and n[0] == given[0] and n.endswith(initials) and n.isalpha()  # "jmb": a middle initial
