"""Who a name in the text refers to: an index of the ways a report's participants can be
written ("Jana Novakova", "Jana", "Ms. Novakova"), matched accent-insensitively.

A written form that fits two participants is ambiguous and is never guessed.
"""
from __future__ import annotations

import functools
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
        self._forms, self._pattern = _index(tuple((p.key, p.name, p.given, p.family) for p in participants))

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


@functools.lru_cache(maxsize=8)
def _index(people: tuple[tuple[str, str, str, str], ...]) -> tuple[dict[str, tuple[tuple[str, ...], str]], re.Pattern[str] | None]:
    """(form -> (keys, kind), pattern) for (key, name, given, family) of each participant. Cached:
    extraction asks for the index of the same participants several times per report."""
    forms: dict[str, tuple[set[str], str]] = {}
    plain: set[str] = set()
    after_honorific: set[str] = set()
    for key, name, given, family in people:
        written = _person_forms(name, given, family)
        for form, kind in written.kinds:
            keys, _ = forms.setdefault(form, (set(), kind))  # a form's kind: the first one seen
            keys.add(key)
        plain |= written.plain
        after_honorific |= written.after_honorific
    index = {f: (tuple(sorted(keys)), kind) for f, (keys, kind) in forms.items()}
    return index, (_compiled(frozenset(plain), frozenset(after_honorific)) if index else None)


@dataclass(frozen=True)
class _Forms:
    """One person's written forms: (folded form, kind) in the order first seen, and for the
    pattern, the forms without an honorific and what follows an honorific ("Rivas", "Juan Rivas")."""

    kinds: tuple[tuple[str, str], ...]
    plain: frozenset[str]
    after_honorific: frozenset[str]


_HONORIFIC_WORDS = tuple(hh for h in HONORIFICS for hh in (h + ".", h))


@functools.lru_cache(maxsize=4096)
def _person_forms(name: str, given: str, family: str) -> _Forms:
    """Every way one person can be written ("Juan", "Juan Pablo" for "Juan Pablo Rivas";
    "Ms. Rivas"...). Cached: a person recurs in every report of their series, and one report
    builds its index more than once."""
    kinds: dict[str, str] = {}
    plain: set[str] = set()
    after: set[str] = set()

    def add(form: str, kind: str) -> None:
        form = fold_chars(" ".join(form.split()))
        if len(form) >= 2:
            kinds.setdefault(form, kind)
            if kind != "honorific":
                plain.add(form)

    add(name, "full")
    if given and family:
        add(given, "given")
        tokens = name.split()
        for n in range(1, len(tokens)):
            add(" ".join(tokens[:n]), "given")
        last = family.split()[-1]
        targets = (family, name, last) if last != family else (family, name)
        for hh in _HONORIFIC_WORDS:
            for target in targets:
                add(f"{hh} {target}", "honorific")
        after = {fold_chars(" ".join(t.split())) for t in targets}
    return _Forms(tuple(kinds.items()), frozenset(plain), frozenset(after))


_END = rf"(?!{_WORD}|-{_WORD})"  # a form ends where a word does not go on ("Ana" never matches "Anabel" or "Ana-Maria")


@functools.lru_cache(maxsize=32)
def _compiled(plain: frozenset[str], after_honorific: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<!{_WORD})" + _form_pattern(plain, after_honorific))


def _form_pattern(plain: frozenset[str] | set[str], after_honorific: frozenset[str] | set[str] = frozenset()) -> str:
    """A regular expression that matches, where any of the forms starts, the longest one. The
    forms: ``plain`` and every honorific ("Ms.", "Ms", "Dr."...) followed by one of
    ``after_honorific``; words are matched across any white space. It finds the same matches as
    the alternation of all forms, longest first, ``(?:form1|form2|...)`` followed by the
    word-end check, but as a trie of words it compiles and matches in a fraction of the time.

    Why it finds the same form: two forms that match at one position share all words but their
    last, which for the shorter one is a prefix of the text's word; so trying the longer word
    first at every branch, and going on before ending, finds the longest. Words that go on
    alike (the honorifics) share one branch: a word that must be followed by white space
    matches only a whole word of the text, so at most one of them can match, wherever tried.

    >>> pattern = _form_pattern({"Ana", "Ana Silva"}, {"Silva"})
    >>> [m.group(0) for m in re.finditer(pattern, "Ana  Silva met Dr. Silva and Ms Silva-Lopes.")]
    ['Ana  Silva', 'Dr. Silva']
    """
    trie: dict = {}
    for form in plain:
        _insert(trie, form.split())
    if after_honorific:
        shared: dict = {}  # one subtree for every honorific
        for form in after_honorific:
            _insert(shared, form.split())
        for word in _HONORIFIC_WORDS:
            trie[word] = _merged(trie[word], shared) if word in trie else shared
    return "(?:" + _branches(trie, {}) + ")" if trie else "(?!)"  # no forms: matches nothing


def _insert(node: dict, words: list[str]) -> None:
    for word in words:
        node = node.setdefault(word, {})
    node[""] = {}  # "": a form ends here (a word is never empty)


def _merged(a: dict, b: dict) -> dict:
    """The union of two tries, as a new trie (neither is changed)."""
    out = dict(a)
    for word, node in b.items():
        out[word] = _merged(out[word], node) if word in out else node
    return out


def _branches(node: dict, memo: dict[int, str]) -> str:
    out: list[tuple[list[str], str]] = []  # (words, what follows them), longest word first
    going_on: dict[str, list[str]] = {}  # words that must be followed by more words, by what follows
    for word in sorted((w for w in node if w), key=lambda w: (-len(w), w)):
        rest = _after(node[word], memo)
        if "" not in node[word] and rest in going_on:
            going_on[rest].append(word)
            continue
        out.append(([word], rest))
        if "" not in node[word]:
            going_on[rest] = out[-1][0]
    return "|".join((re.escape(words[0]) if len(words) == 1 else "(?:" + "|".join(map(re.escape, words)) + ")") + rest
                    for words, rest in out)


def _after(node: dict, memo: dict[int, str]) -> str:
    """What may follow a word: more words (longest first), or the end of the form. ``memo``:
    the answer for each subtree already seen (the honorifics share theirs)."""
    if id(node) in memo:
        return memo[id(node)]
    parts = []
    if len(node) > ("" in node):
        parts.append(r"\s+(?:" + _branches(node, memo) + ")")
    if "" in node:
        parts.append(_END)
    memo[id(node)] = out = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return out
