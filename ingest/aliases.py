"""Curated identity decisions: CSV files of ``relation,name,other,why`` rows, applied by every
ingest. ``same-as`` merges the first name into the second; ``not-same-as`` forbids merging the
two, however close their names. Lines starting with ``#`` are comments.

``ontology/aliases.csv`` holds people (keys from :func:`ingest.identity.person_key`),
``ontology/org-aliases.csv`` organisations (keys from :func:`ingest.organisations.org_key`).

>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = f.write_text("relation,name,other,why\\nsame-as,Ruritania MFA,Foreign Ministry of Ruritania,one body\\n")
>>> load_aliases(f, str.lower).same
{'ruritania mfa': 'foreign ministry of ruritania'}
"""
from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import VocabularyError

RELATIONS = ("same-as", "not-same-as")
HEADER = ("relation", "name", "other", "why")


@dataclass(frozen=True)
class Aliases:
    """Curated decisions, by key."""

    same: Mapping[str, str] = field(default_factory=dict)  # key -> key it is the same as
    different: frozenset[frozenset[str]] = frozenset()
    names: Mapping[str, str] = field(default_factory=dict)  # key -> the name as the file writes it
    why: Mapping[frozenset[str], str] = field(default_factory=dict)  # the pair -> why, as the file says
    lines: Mapping[frozenset[str], int] = field(default_factory=dict)  # the pair -> its line in the file

    def is_different(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.different

    def note(self, a: str, b: str) -> str:
        """' (why; line N)' for the row about ``a`` and ``b``, or '' when the file gives neither."""
        pair = frozenset((a, b))
        parts = [p for p in (self.why.get(pair, ""), f"line {self.lines[pair]}" if pair in self.lines else "") if p]
        return f" ({'; '.join(parts)})" if parts else ""


def load_aliases(path: Path, key: Callable[[str], str]) -> Aliases:
    """The alias file at ``path`` with names folded by ``key`` (an empty Aliases when there is no file).

    Raises VocabularyError naming the file and line of a row that is not ``relation,name,other,why``
    with a known relation and two names that are not already one key.
    """
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Aliases()
    return _load(path, stamp, key)


@functools.lru_cache(maxsize=8)
def _load(path: Path, stamp: int, key: Callable[[str], str]) -> Aliases:
    try:
        raw = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise VocabularyError(f"cannot read the alias file ({e}); it must be UTF-8 CSV", path=str(path)) from e
    numbered = [(n, line) for n, line in enumerate(raw, 1) if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        return Aliases()
    reader = csv.reader(line for _, line in numbered)
    header = tuple(h.strip() for h in next(reader))
    if header[:3] != HEADER[:3]:
        raise VocabularyError(f"expected the header '{','.join(HEADER)}', found '{','.join(header)}'",
                              path=str(path), line=numbered[0][0])
    same: dict[str, str] = {}
    different: set[frozenset[str]] = set()
    names: dict[str, str] = {}
    why: dict[frozenset[str], str] = {}
    lines: dict[frozenset[str], int] = {}
    for row in reader:
        line = numbered[reader.line_num - 1][0]
        cells = [c.strip() for c in row] + [""] * 4
        relation, name, other, because = cells[:4]

        def fail(message: str) -> VocabularyError:
            return VocabularyError(f"{message}; a row is '{','.join(HEADER)}' with relation "
                                   f"{' or '.join(RELATIONS)}", path=str(path), line=line)

        if relation not in RELATIONS:
            raise fail(f"unknown relation '{relation}'")
        a, b = key(name), key(other)
        if not name or not other or a == "x" or b == "x":
            raise fail("the row needs two names (name and other)")
        if a == b:
            raise fail(f"'{name}' and '{other}' are already one name once folded ('{a}'), so the row "
                       f"{'changes nothing' if relation == 'same-as' else 'cannot keep them apart'}")
        pair = frozenset((a, b))
        if pair in lines and (relation == "same-as") != (pair not in different):
            raise fail(f"'{name}' and '{other}' contradict line {lines[pair]}")
        if relation == "same-as":
            same[a] = b
        else:
            different.add(pair)
        names.setdefault(a, name)
        names.setdefault(b, other)
        why[pair], lines[pair] = because, line
    return Aliases(same, frozenset(different), names, why, lines)
