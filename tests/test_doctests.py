"""The examples in docstrings run and say what they show."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["ingest.names", "ingest.dates", "ingest.segment", "ingest.turns", "ingest.identity", "ingest.organisations", "ingest.aliases",
           "ingest.vocab", "ingest.pipeline", "ingest.errors", "ingest.extract.meeting", "queries.formats"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0 and result.attempted > 0
