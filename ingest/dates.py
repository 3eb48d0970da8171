"""Dates and times as reports write them: "17 July 2025", "June 5, 2025", "31 July", "2025-07-17",
"13:00 UTC", "3 pm CEST". Found with patterns, converted with dateutil.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as dateparser

from .model import Span

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*(?:[-\u2013\u2014&]|and|to)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+(?:of\s+)?(?P<m1>{_MONTH})(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<m3>{_MONTH})\s+(?P<d3>\d{{1,2}})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+(?:[A-Z]{{2,5}}\s+)?(?P<y3>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*\d{{1,2}})?(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}|\d{{4}}/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))"
    r"|(?P<dd>0[1-9]|[12]\d|3[01])\.(?P<mm>0[1-9]|1[0-2])\.(?P<yy>\d{4}|\d{2}))\b",  # "06.01.11": day first, as dotted dates are
    re.I,
)
_TIME = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3])(?:[:.h](?P<m>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*[-\u2013]\s*(?:[01]?\d|2[0-3])[:.h][0-5]\d)?(?:\s*(?:hrs|hours|h))?\s*(?:\(?\s*(?P<tz>UTC|GMT|CET|CEST|EET|EEST|WET|WEST|BST|EST|EDT|CST|CDT|PST|PDT|MST|MDT"
    r"|IST|JST|KST|SGT|AEST|AEDT|BRT|ART|EAT|CAT|WAT|SAST|MSK)(?P<off>\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)?)?"
)


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    span: Span
    has_year: bool


def find_dates(text: str, *, offset: int = 0, default_year: int | None = None) -> list[FoundDate]:
    """Dates written in ``text``, in order. A date without a year takes ``default_year``
    (or is skipped when none is given).

    >>> [str(d.date) for d in find_dates("held on 17 July 2025; next on 31 July", default_year=2025)]
    ['2025-07-17', '2025-07-31']
    >>> [str(d.date) for d in find_dates("JUNE 3, 2025; 14 - 16 January 2020; Thu Jan 29 23:19:30 EST 2026")]
    ['2025-06-03', '2020-01-14', '2026-01-29']
    >>> [str(d.date) for d in find_dates("ExCom 06.01.11 Minutes; section 1.2.10; 31.12.2024")]
    ['2011-01-06', '2024-12-31']
    >>> [str(d.date) for d in find_dates("Date: 2007/05/04")]  # year first, as on many minutes pages
    ['2007-05-04']
    """
    out = []
    for m in _DATE.finditer(text):
        if m.group("dd"):
            year = int(m.group("yy")) + (2000 if len(m.group("yy")) == 2 else 0)
            try:
                out.append(FoundDate(dt.date(year, int(m.group("mm")), int(m.group("dd"))), Span(m.start() + offset, m.end() + offset), True))
            except ValueError:
                pass
            continue
        month = m.group("m1") or m.group("m2") or m.group("m3")
        if month and month.islower():
            continue  # "may 5": a verb, not a month (months are written "May" or "MAY")
        year = m.group("y1") or m.group("y2") or m.group("y3")
        has_year = bool(year or m.group("iso"))
        if not has_year and default_year is None:
            continue
        day = m.group("d1") or m.group("d2") or m.group("d3")
        written = m.group("iso") or f"{day} {month.rstrip('.')} {year or default_year}"
        try:
            value = dateparser.parse(written, default=dt.datetime(default_year or 2000, 1, 1)).date()
        except (ValueError, OverflowError):
            continue
        out.append(FoundDate(value, Span(m.start() + offset, m.end() + offset), has_year))
    return out


def find_time(text: str) -> tuple[str, str | None] | None:
    """("HH:MM", time zone or None) of the first clock time in ``text``; a bare number needs am/pm or a zone.

    >>> find_time("at 13:00 UTC")
    ('13:00', 'UTC')
    >>> find_time("at 3 pm CEST"), find_time("10:00-11:30 CEST")
    (('15:00', 'CEST'), ('10:00', 'CEST'))
    """
    for m in _TIME.finditer(text):
        if not (m.group("m") or m.group("ampm") or m.group("tz")):
            continue
        if not m.group("m") and not m.group("ampm") and not m.group("tz"):
            continue
        hour = int(m.group("h"))
        ampm = (m.group("ampm") or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if not m.group("m") and not ampm:
            continue  # "2025 UTC" is not a time
        tz = m.group("tz")
        if tz and m.group("off"):
            tz += m.group("off").replace(" ", "")
        return f"{hour:02d}:{m.group('m') or '00'}", tz
    return None


def next_occurrence(found: FoundDate, after: dt.date) -> dt.date:
    """A date written without a year, moved to the first such day on or after ``after``."""
    if found.has_year or found.date >= after:
        return found.date
    try:
        return found.date.replace(year=found.date.year + 1)
    except ValueError:
        return found.date


_OFFSETS = {"UTC": "Z", "GMT": "Z", "WET": "Z", "CET": "+01:00", "WEST": "+01:00", "BST": "+01:00", "WAT": "+01:00",
            "CEST": "+02:00", "EET": "+02:00", "CAT": "+02:00", "SAST": "+02:00", "EEST": "+03:00", "EAT": "+03:00",
            "MSK": "+03:00", "IST": "+05:30", "SGT": "+08:00", "JST": "+09:00", "KST": "+09:00", "AEST": "+10:00",
            "AEDT": "+11:00", "BRT": "-03:00", "ART": "-03:00", "EDT": "-04:00", "EST": "-05:00", "CDT": "-05:00",
            "CST": "-06:00", "MDT": "-06:00", "MST": "-07:00", "PDT": "-07:00", "PST": "-08:00"}


def utc_offset(zone: str | None) -> str | None:
    """The xsd:dateTime offset of a time-zone abbreviation ("CEST" -> "+02:00", "UTC+3" -> "+03:00"), or None.

    >>> utc_offset("UTC"), utc_offset("UTC+3"), utc_offset("XYZ")
    ('Z', '+03:00', None)
    """
    if not zone:
        return None
    m = re.fullmatch(r"(UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?", zone)
    if m:
        return f"{m.group(2)}{int(m.group(3)):02d}:{m.group(4) or '00'}"
    return _OFFSETS.get(zone)
