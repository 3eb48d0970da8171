"""Named SPARQL queries (``*.rq`` beside this module), the store they run on, and output formats."""
from __future__ import annotations

from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent
