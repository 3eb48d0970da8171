"""Read a report file into a :class:`Report`: its text, hash and media type.

Offsets everywhere else refer to ``Report.text``: the decoded text with line ends
normalised to ``\\n``.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import InputError
from .model import Report

#: Reports larger than this are refused (a summary report is a few dozen KB).
MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown", "": "text/plain"}


def decode(data: bytes, *, path: str) -> str:
    """Decode report bytes as UTF-8 (with or without BOM), else as cp1252.

    Raises InputError for empty or binary input.
    """
    if not data.strip():
        raise InputError("the file is empty; expected the text of a meeting report", path=path)
    if b"\x00" in data[:4096]:
        raise InputError("the file is binary, not text; give a .txt or .md report", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_report(path: str | Path) -> Report:
    """Read one report file.

    Raises InputError when the file is missing, too large, empty, binary or of an unknown kind.
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError("no such file; check the path", path=name)
    if not p.is_file():
        raise InputError("not a file", path=name)
    media = TEXT_SUFFIXES.get(p.suffix.lower())
    if media is None:
        raise InputError(
            f"unsupported file type '{p.suffix}'; igfkg reads {', '.join(s for s in TEXT_SUFFIXES if s)} reports",
            path=name,
        )
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"the file is {size} bytes, over the {MAX_BYTES}-byte cap for one report", path=name)
    data = p.read_bytes()
    return report_from_bytes(data, path=name, media_type=media)


def report_from_bytes(data: bytes, *, path: str, media_type: str = "text/plain") -> Report:
    """A report from bytes already in memory (an upload, a test)."""
    text = decode(data, path=path)
    return Report(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(), media_type=media_type)


def report_files(paths: list[str | Path]) -> list[Path]:
    """The report files named by ``paths``: files as given, folders searched recursively (sorted)."""
    out: list[Path] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES
                          and f.suffix and not f.name.startswith("."))
        else:
            out.append(p)
    return out
