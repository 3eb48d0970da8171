"""Who a name in the text refers to: an index of the ways a report's participants can be
written ("Jana Novakova", "Jana", "Ms. Novakova"), matched accent-insensitively.

A written form that fits two participants is ambiguous and is never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Participant, Span
from .names import HONORIFICS, MONTHS_AND_DAYS, fold_chars

_WORD = r"[^\W_]"


@dataclass(frozen=True)
class NameMatch:
    span: Span
    keys: tuple[str, ...]  # one key: resolved; more: ambiguous
    form: str  # "full", "given", "honorific"
    written: str


class PeopleIndex:
    """The written forms of a set of participants."""

    def __init__(self, participants: tuple[Participant, ...] | list[Participant]) -> None:
        self.participants = {p.key: p for p in participants}
        forms: dict[str, tuple[set[str], str]] = {}

        def add(form: str, key: str, kind: str) -> None:
            form = fold_chars(" ".join(form.split()))
            if len(form) < 2:
                return
            keys, k0 = forms.setdefault(form, (set(), kind))
            keys.add(key)

        for p in participants:
            add(p.name, p.key, "full")
            if p.given and p.family:
                add(p.given, p.key, "given")
                tokens = p.name.split()
                for n in range(1, len(tokens)):  # "Juan", "Juan Pablo" for "Juan Pablo Rivas"
                    add(" ".join(tokens[:n]), p.key, "given")
                for h in HONORIFICS:
                    for hh in (h + ".", h):
                        add(f"{hh} {p.family}", p.key, "honorific")
                        add(f"{hh} {p.name}", p.key, "honorific")
                        last = p.family.split()[-1]
                        if last != p.family:
                            add(f"{hh} {last}", p.key, "honorific")
        self._forms = {f: (tuple(sorted(keys)), kind) for f, (keys, kind) in forms.items()}
        alternatives = sorted(self._forms, key=len, reverse=True)
        body = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in alternatives)
        self._pattern = re.compile(rf"(?<!{_WORD})(?:{body})(?!{_WORD}|-{_WORD})") if alternatives else None

    def _match(self, m: re.Match[str], text: str, offset: int) -> NameMatch | None:
        written = text[m.start():m.end()]
        form = " ".join(m.group(0).split())
        keys, kind = self._forms[form]
        if kind == "given" and written.lower() in MONTHS_AND_DAYS:
            return None  # "June" next to a date is a month, not June the participant
        return NameMatch(Span(m.start() + offset, m.end() + offset), keys, kind, written)

    def match_at(self, text: str, pos: int, *, offset: int = 0) -> NameMatch | None:
        """The longest written form of a participant starting exactly at ``pos``."""
        if self._pattern is None:
            return None
        m = self._pattern.match(fold_chars(text), pos)
        return self._match(m, text, offset) if m else None

    def find_all(self, text: str, *, offset: int = 0) -> list[NameMatch]:
        """Every written form of a participant in ``text``."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(fold_chars(text)):
            nm = self._match(m, text, offset)
            if nm:
                out.append(nm)
        return out

    def lookup(self, written: str) -> tuple[str, ...]:
        """Keys of the participants ``written`` can refer to (empty when none)."""
        form = fold_chars(" ".join(written.split()))
        return self._forms.get(form, ((), ""))[0]

    def describe(self, keys: tuple[str, ...]) -> str:
        return ", ".join(self.participants[k].name for k in keys if k in self.participants)
