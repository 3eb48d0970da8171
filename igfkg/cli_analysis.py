"""Commands for analysis across meetings (networks, people, concepts). Registered by cli.py."""
from __future__ import annotations

COMMANDS: list = []
