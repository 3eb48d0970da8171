"""Who a name in the text refers to: an index of the ways a report's participants can be
written ("Jana Novakova", "Jana", "Ms. Novakova"), matched accent-insensitively.

A written form that fits two participants is ambiguous and is never guessed.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Participant, Span
from .names import COMBINING_MARKS, HONORIFICS, MONTHS_AND_DAYS, PARTICLES, fold_chars

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
        self._forms, self._words, self._casefolded = _index(tuple((p.key, p.name, p.given, p.family) for p in participants))

    def _match(self, start: int, end: int, text: str, folded: str, offset: int) -> NameMatch | None:
        written = text[start:end]
        keys, kind = self._forms[" ".join(folded[start:end].split())]
        if kind == "given" and written.lower() in MONTHS_AND_DAYS:
            return None  # "June" next to a date is a month, not June the participant
        return NameMatch(Span(start + offset, end + offset), keys, kind, written)

    def match_at(self, text: str, pos: int, *, offset: int = 0) -> NameMatch | None:
        """The longest written form of a participant starting exactly at ``pos``."""
        if self._words is None:
            return None
        folded = fold_chars(text)
        end = self._words.match(folded, pos)
        return self._match(pos, end, text, folded, offset) if end is not None else None

    def find_all(self, text: str, *, offset: int = 0) -> list[NameMatch]:
        """Every written form of a participant in ``text``."""
        if self._words is None:
            return []
        folded = fold_chars(text)
        out = []
        for start, end in self._words.finditer(folded):
            nm = self._match(start, end, text, folded, offset)
            if nm:
                out.append(nm)
        return out

    def lookup(self, written: str) -> tuple[str, ...]:
        """Keys of the participants ``written`` can refer to (empty when none)."""
        form = fold_chars(" ".join(written.split()))
        found = self._forms.get(form)
        if found is None:  # "Ana-Maria Lopes" for "Ana-maria Lopes": case aside, where only one person fits
            if not self._casefolded:  # made when first needed, for every index of these people
                for f, (ks, _) in self._forms.items():
                    self._casefolded.setdefault(f.casefold(), set()).update(ks)
            return tuple(sorted(self._casefolded.get(form.casefold(), ())))
        return found[0]

    def describe(self, keys: tuple[str, ...]) -> str:
        return ", ".join(self.participants[k].name for k in keys if k in self.participants)


@functools.lru_cache(maxsize=8)
def _index(people: tuple[tuple[str, str, str, str], ...]
           ) -> tuple[dict[str, tuple[tuple[str, ...], str]], _Words | None, dict[str, set[str]]]:
    """(form -> (keys, kind), matcher, casefolded form -> keys: empty until PeopleIndex.lookup
    fills it) for (key, name, given, family) of each participant. Cached: extraction asks for the
    index of the same participants several times per report."""
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
    return index, (_words(frozenset(plain), frozenset(after_honorific)) if index else None), {}


@dataclass(frozen=True)
class _Forms:
    """One person's written forms: (folded form, kind) in the order first seen, and for the
    pattern, the forms without an honorific and what follows an honorific ("Rivas", "Juan Rivas")."""

    kinds: tuple[tuple[str, str], ...]
    plain: frozenset[str]
    after_honorific: frozenset[str]


_HONORIFIC_WORDS = tuple(hh for h in HONORIFICS for hh in (h + ".", h))


def _variants(form: str) -> tuple[str, ...]:
    """A written form folded, and without its combining marks where it has any ("Adebayo" for a
    name written with tone marks)."""
    form = fold_chars(" ".join(form.split()))
    bare = COMBINING_MARKS.sub("", form)
    return (form, bare) if bare != form else (form,)


@functools.lru_cache(maxsize=4096)
def _person_forms(name: str, given: str, family: str) -> _Forms:
    """Every way one person can be written ("Juan", "Juan Pablo" for "Juan Pablo Rivas";
    "Ms. Rivas"...). Cached: a person recurs in every report of their series, and one report
    builds its index more than once."""
    kinds: dict[str, str] = {}
    plain: set[str] = set()

    def add(form: str, kind: str) -> None:
        for f in _variants(form):
            if len(f) >= 2:
                kinds.setdefault(f, kind)
                if kind != "honorific":
                    plain.add(f)

    add(name, "full")
    targets: tuple[str, ...] = ()  # what an honorific goes before: "Ms. Rivas", "Ms. Juan Rivas"
    if given and family:
        add(given, "given")
        tokens = name.split()
        for n in range(1, len(tokens)):
            add(" ".join(tokens[:n]), "given")
        last = family.split()[-1]
        targets = (family, name, last) if last != family else (family, name)
        words = family.split()
        tail = next((" ".join(words[i:]) for i in range(1, len(words) - 1) if words[i].casefold() in PARTICLES), None)
        if tail:  # "Mateo Villanueva St. Clair" is "Mr. St. Clair"; "Ana Cruz de la Vega" is "Ms. de la Vega"
            targets += (tail,)
        core = [w for w in words if w.casefold() not in PARTICLES]
        if len(words) >= 2 and core:  # "Tomas Mello" and "Tomas Assuncao" for Tomas de Assuncao Mello
            for w in {core[0], core[-1]}:
                add(f"{given} {w}", "full")
                if len(given.split()) > 1:
                    add(f"{given.split()[0]} {w}", "full")
        if len(family) >= 4 and family[:1].isupper():  # "Okonkwo-Reyes supported ...": the family name alone
            add(family, "family")
        if family[:1].isupper():  # "A. Thornton-Hale", "A Thornton-Hale"
            add(f"{given[:1]}. {family}", "full")
        bare = re.sub(r"^(?:[^\W\d_]\.\s*)+", "", family)
        if bare != family and len(bare) >= 4:  # "Jan K. Berg": "Berg noted", "Jan Berg"
            add(bare, "family")
            add(f"{given} {bare}", "full")
    elif family:  # known only as "Mr. Okonjo": the family name, with or without an honorific
        targets = (family,)
        if len(family) >= 4 and family[:1].isupper():
            add(family, "family")
    for hh in _HONORIFIC_WORDS:
        for target in targets:
            add(f"{hh} {target}", "honorific")
    after = {f for t in targets for f in _variants(t)}
    return _Forms(tuple(kinds.items()), frozenset(plain), frozenset(after))


@functools.lru_cache(maxsize=32)
def _words(plain: frozenset[str], after_honorific: frozenset[str]) -> _Words:
    return _Words(plain, after_honorific)


class _Words:
    """Written forms as a trie of words: ``plain`` forms, and every honorific ("Ms.", "Ms",
    "Dr."...) followed by one of ``after_honorific`` (one subtree shared by all honorifics).

    It finds what the regular expression ``(?<![^\\W_])(?:form1|form2|...)(?![^\\W_]|-[^\\W_])``
    finds, with the forms longest first and their words matched across any white space: a form
    starts where no letter or digit comes before, and ends where no letter or digit (or a hyphen
    and one) goes on ("Ana" never matches in "Anabel" or "Ana-Maria"); at each start the longest
    form wins. Without compiling one (of thousands of alternatives, for every report).

    Why the walk finds the same form: two forms that match at one position share all words but
    their last, which for the shorter one is a prefix of the text's word; so trying the longer
    word first at every branch, and going on before ending, finds the longest.

    >>> words = _Words(frozenset({"Ana", "Ana Silva"}), frozenset({"Silva"}))
    >>> text = "Ana  Silva met Dr. Silva and Ms Silva-Lopes."
    >>> [text[a:b] for a, b in words.finditer(text)]
    ['Ana  Silva', 'Dr. Silva']
    """

    def __init__(self, plain: frozenset[str], after_honorific: frozenset[str]) -> None:
        trie: dict = {}
        for form in plain:
            _insert(trie, form.split())
        if after_honorific:
            shared: dict = {}
            for form in after_honorific:
                _insert(shared, form.split())
            for word in _HONORIFIC_WORDS:
                trie[word] = _merged(trie[word], shared) if word in trie else shared
        self.root = trie
        self._lengths: dict[int, tuple[int, ...]] = {}  # per node: the lengths of its words, longest first
        firsts = sorted({w[0] for w in trie if w})
        self._starts = re.compile(rf"(?<!{_WORD})[{''.join(map(re.escape, firsts))}]") if firsts else None

    def match(self, text: str, pos: int) -> int | None:
        """The end of the longest form starting at ``pos``, or None."""
        if pos > 0 and text[pos - 1].isalnum():
            return None
        return self._walk(self.root, text, pos)

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each form found, left to right, none overlapping."""
        if self._starts is None:
            return
        pos = 0
        while m := self._starts.search(text, pos):
            end = self._walk(self.root, text, m.start())
            if end is None:
                pos = m.start() + 1
            else:
                yield m.start(), end
                pos = end

    def _walk(self, node: dict, text: str, pos: int) -> int | None:
        run = _NOT_SPACE.match(text, pos).end() - pos  # type: ignore[union-attr]
        lengths = self._lengths.get(id(node))
        if lengths is None:
            lengths = self._lengths[id(node)] = tuple(sorted({len(w) for w in node if w}, reverse=True))
        for k in lengths:
            if k > run:
                continue
            child = node.get(text[pos:pos + k])
            if child is None:
                continue
            end = pos + k
            if k == run and len(child) > ("" in child):  # a whole word of the text: more words may follow
                after = _SPACE.match(text, end).end()  # type: ignore[union-attr]
                if after > end:
                    found = self._walk(child, text, after)
                    if found is not None:
                        return found
            if "" in child and not (end < len(text) and (text[end].isalnum() or (
                    text[end] == "-" and end + 1 < len(text) and text[end + 1].isalnum()))):
                return end
        return None


_NOT_SPACE = re.compile(r"\S*")
_SPACE = re.compile(r"\s*")


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
