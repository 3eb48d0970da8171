"""The errors igfkg raises, in one hierarchy.

    IgfkgError                  everything igfkg raises on purpose
    +-- InputError              a report cannot be read or understood (file, line)
    +-- ExtractionError         a report was read but a required fact is missing
    +-- VocabularyError         a curated vocabulary file is broken
    +-- StoreError              the store cannot be opened or written
    +-- QueryError              a query is unknown, malformed, read-only-violating or misses a parameter

Each message says what was found, what was expected and how to fix it. The command
line prints the message and exits 2; library code never exits.
"""
from __future__ import annotations


class IgfkgError(Exception):
    """Base class of every error igfkg raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(IgfkgError):
    """A report cannot be read or is not a meeting report."""

    code = "E100"


class ExtractionError(IgfkgError):
    """A report was read, but a fact every meeting needs (e.g. its date) is not in it."""

    code = "E200"


class VocabularyError(IgfkgError):
    """A curated vocabulary or ontology file cannot be used."""

    code = "E300"


class StoreError(IgfkgError):
    """The store cannot be opened, read or written."""

    code = "E400"


class QueryError(IgfkgError):
    """A query is unknown, malformed, not read-only, or misses a parameter."""

    code = "E500"


def line_of(text: str, offset: int) -> int:
    """The 1-based line number of character ``offset`` in ``text``.

    >>> line_of("a\\nb\\nc", 2)
    2
    """
    return text.count("\n", 0, max(0, offset)) + 1
