"""Turns: the speaker labels of transcripts and minutes (">> NAME:", "Name:", IRC "<nick>"), the
bookkeeping lines of IRC minutes, and which layout a record is written in.

Pure functions and patterns over text; ``segment`` cuts blocks at the turns they find.
"""
from __future__ import annotations

import re

from .model import Block
from .names import looks_like_name

LAYOUTS = ("summary", "numbered", "transcript", "minutes")
TRANSCRIPT_TURN = re.compile(r"^[ \t]*>>[ \t]*(?P<label>[^:\n]{1,60}?)[ \t]*:[ \t]*", re.M)
MINUTES_TURN = re.compile(
    r"^[ \t]*(?:(?P<label>[A-Z\u00C0-\u024F][\w.'\u2019-]*(?:[ \t]+(?:[A-Z\u00C0-\u024F][\w.'\u2019-]*|de|da|van|von|der|bin|al|el|la|le|St\.)){0,4}"
    r"|[a-z][a-z0-9]*_[a-z0-9_]+)"  # or an IRC nick written "tessa_k:"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*:{1,2}|<(?P<nick>[\w.|\[\]\u00C0-\u024F-]{1,30})>)(?:[ \t]+|[ \t]*\n[ \t]*(?=[\"\u201c]))(?=\S)", re.M)
_BOT_LINE = re.compile(r"^[ \t]*(?:<[^>\n]{1,30}>[ \t]*)?(?:scribe\+?|scribenick|present\+|present-|regrets\+|agenda\+?|zakim|"
                       r"rrsagent|trackbot|chair\+?|topic|meeting|date)\b[ \t]*[:+,]?.*$", re.I | re.M)
_COMMAND = re.compile(r"^(?:<[^>\s]*(?:bot|zakim|rrsagent)[^>\s]*>|scribe(?:[ \t]?nick)?[ \t]*:|scribe\+|present[+-]|regrets[+-]|agenda[ \t]*\+|chair[ \t]*[:+]|"
                      r"(?:zakim|rrsagent|trackbot)[ \t]*[,:]|q[ \t]*[+-?]$|ack[ \t]+\S+$)", re.I)


def is_command(sentence: str) -> bool:
    """An IRC minutes' bookkeeping line, not something said: "scribe: annak", "scribe+ Ana_Lima",
    "present+", "q+", "ack annak", "zakim, close the queue".

    >>> is_command("scribe+ Ana_Lima"), is_command("<trackbot> Closed action-3."), is_command("Scribe notes were sent.")
    (True, True, False)
    """
    return bool(_COMMAND.match(sentence.strip()))


_MINUTES_LISTS = re.compile(r"^\s*(?:present|regrets|chair|scribe|attendees|minutes)\s*(?::|$)", re.I | re.M)
ACTION_LINE = re.compile(r"^[ \t]*(?:action(?:[ \t]+item)?|AI)[ \t]*[:\u2013-][ \t]*(?=\S)", re.M | re.I)
_NUMBERED_PARAGRAPH = re.compile(r"^[ \t]*\d{1,3}\.[ \t]+[A-Z].{60,}$", re.M)
NOT_SPEAKERS = frozenset("action action item ai agenda present regrets apologies chair scribe note notes topic "
                          "resolution decision date time location summary next meeting minutes attendees".split())


def turn_label(m: re.Match[str]) -> str:
    """The speaker label of a turn match, without brackets ("<fgarcia>" -> "fgarcia")."""
    return (m.groupdict().get("label") or m.groupdict().get("nick") or "").strip()


_VOICE_LABEL = re.compile(r"(?i)(?:\w+\s+)?(?:interpreter|operator|moderator|chair|co-chair|host|audience|participant|"
                          r"speaker|facilitator|captioner|unidentified(?:\s+\w+)?|unknown(?:\s+\w+)?)")
_NICK_LABEL = re.compile(r"[a-z][a-z0-9_.|-]{1,24}|[A-Za-z][a-z]+[A-Z0-9][A-Za-z0-9]{0,3}|[A-Z\u00C0-\u00DE]{2,4}|"
                         r"[^\W\d_][\w'\u2019-]+ [A-Z]\.?")


def is_speaker_label(label: str) -> bool:
    """Whether "label:" opens a speaker's turn: a person's name, an IRC nick, initials ("SK"),
    "Daniel F", or a voice of the room ("Spanish Interpreter", "Operator"); never a header field,
    a body or a country ("Date:", "ICANN:", "Kenya:")."""
    if not label or label.lower() in NOT_SPEAKERS or _BOT_LINE.match(label + ":"):
        return False
    if re.match(r"(?i)(?:https?|www|note|n\.?b|e\.?g|i\.?e|re|fwd?|subject|from|to|cc|date|sent|tel|phone|email|"
                r"update|updates|decision|resolution|action|agreed|proposal|question|answer|q|a|summary|outcome)\b", label):
        return False
    return looks_like_name(label.replace("_", " ")) or bool(_NICK_LABEL.fullmatch(label) or _VOICE_LABEL.fullmatch(label))


# the given name of a person listed on a line of their own: "Rui Costa (AMS) / IETF Secretariat", "- Ana Lima, Chair"
_LISTED_GIVEN = re.compile(r"^[ \t]*(?:[-*\u2022][ \t]*)?([A-Z\u00C0-\u00DE][\w'\u2019-]+)[ \t]+[A-Z\u00C0-\u00DE][\w'\u2019-]+"
                           r"(?:[ \t]*[,(/]|[ \t]*$)", re.M)


def detect_layout(text: str) -> str:
    """Which kind of report this is: 'transcript' (">> NAME:" turns), 'minutes' ("Name:" or IRC
    "<nick>" turns: several lines of text after a speaker label, with or without Present:/Chair:
    lists), 'numbered' (numbered paragraphs) or 'summary'."""
    if sum(1 for m in TRANSCRIPT_TURN.finditer(text) if re.fullmatch(r"[^\W\d_][\w .'\u2019-]{1,58}", m.group("label"))) >= 1:
        return "transcript"  # ">> NAME:" is a captioner's turn even where the page's opening holds one or two
    turns = [m for m in MINUTES_TURN.finditer(text) if is_speaker_label(turn_label(m))]
    speakers = {turn_label(m) for m in turns}
    named = {s for s in speakers if len(s.split()) >= 2 and looks_like_name(s)}  # "Chuck Gomes:", "Amy Vezza:"
    listed = set(_LISTED_GIVEN.findall(text))  # "Rui:" where the roll call lists "Rui Costa (AMS) / ..."
    if len(turns) >= 3 and _MINUTES_LISTS.search(text) and len(speakers) >= 2 or len(turns) >= 6 and len(speakers) >= 2 \
            or len(named) >= 2 and len(turns) >= 3 or len(speakers & listed) >= 2:
        return "minutes"
    if len(_NUMBERED_PARAGRAPH.findall(text)) >= 3:
        return "numbered"
    return "summary"




def nick_turn(text: str, blocks: list[Block]) -> re.Pattern[str] | None:
    """A pattern for turns labelled by a lower-case nick ("fgarcia: ..."), for the nicks the record
    itself uses: in "<fgarcia>" lines and in its Present/Chair/Scribe lists. Other lower-case
    words before a colon ("note:", "update:") stay text."""
    nicks = {m.group("nick") for m in MINUTES_TURN.finditer(text) if m.group("nick")}
    for b in blocks:
        if b.kind == "list" and b.zone in ("participants", "other"):
            nicks |= set(re.findall(r"(?<![\w.-])[a-z][a-z0-9]{2,24}(?![\w.-])", b.span.slice(text)))
    nicks = {n for n in nicks if n[:1].islower() and re.fullmatch(r"[a-z][a-z0-9]{2,24}", n) and is_speaker_label(n)
             and n not in ("and", "the", "for", "with", "regrets", "none")}
    if not nicks:
        return None
    names = "|".join(sorted(map(re.escape, nicks), key=len, reverse=True))
    return re.compile(rf"^[ \t]*(?P<label>{names})[ \t]*:[ \t]+(?=\S)", re.M)
