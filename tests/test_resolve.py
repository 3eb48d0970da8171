"""The people index: its trie of words (one branch shared by the honorifics) finds exactly what
the regular expression of every written form, longest first, finds."""
from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ingest.model import Participant, Span
from ingest.names import HONORIFICS
from ingest.resolve import _WORD, PeopleIndex, _Words

WORDS = ["Ana", "Anabel", "Ana-Maria", "Silva", "Silvana", "O", "O'Brien", "Dr", "Dr.", "Ms", "Hon", "Van",
         "de", "Le", "Gall", "Jos\u00e9", "Jose", "N\u00fa\u00f1ez", "Sir", "Amb."]


def _plain_alternation(forms: set[str]) -> re.Pattern[str]:
    """The pattern PeopleIndex compiled before: every form, longest first."""
    body = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!{_WORD})(?:{body})(?!{_WORD}|-{_WORD})")


@given(plain=st.sets(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=8),
       after=st.sets(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join), max_size=4),
       text=st.lists(st.sampled_from(WORDS + [" ", "  ", "\n", "\u00a0", "-", ".", "'s", ",", "x", "_", "7"]),
                     max_size=25).map("".join))
@settings(max_examples=500, deadline=None)
def test_resolve_word_trie_finds_what_the_plain_alternation_finds(plain, after, text):
    honorific = {f"{hh} {t}" for h in HONORIFICS for hh in (h + ".", h) for t in after}
    forms = {f for f in plain | honorific if len(f) >= 2}
    assume(forms)  # the index has no matcher at all without forms
    want = _plain_alternation(forms)
    got = _Words(frozenset(f for f in plain if len(f) >= 2), frozenset(after))
    assert list(got.finditer(text)) == [m.span() for m in want.finditer(text)]
    for pos in range(len(text)):
        m = want.match(text, pos)
        assert got.match(text, pos) == (m.end() if m else None)


def _person(key: str, name: str, given: str = "", family: str = "") -> Participant:
    return Participant(key=key, name=name, as_written=name, given=given, family=family, span=Span(0, 1))


@pytest.mark.parametrize("text, keys", [
    ("Dr. Le Gall said", [("ana-le-gall",)]),
    ("Ms Gall and Ana spoke; Ana-Maria did not", [("ana-le-gall",), ("ana-le-gall", "ana-silva")]),
    ("Jos\u00e9 N\u00fa\u00f1ez and Mr. Nunez", [("jose-nunez",), ("jose-nunez",)]),
])
def test_resolve_index_finds_people_by_every_written_form(text, keys):
    people = PeopleIndex([_person("ana-le-gall", "Ana Le Gall", "Ana", "Le Gall"), _person("ana-silva", "Ana Silva", "Ana", "Silva"),
                          _person("jose-nunez", "Jos\u00e9 N\u00fa\u00f1ez", "Jos\u00e9", "N\u00fa\u00f1ez")])
    assert [m.keys for m in people.find_all(text)] == keys
