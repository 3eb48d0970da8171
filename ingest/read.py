"""Read a report file into a :class:`Report`: its text, hash and media type.

Offsets everywhere else refer to ``Report.text``: the decoded text with line ends
normalised to ``\\n``.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .errors import InputError
from .model import Report

#: Reports larger than this are refused (a summary report is a few dozen KB).
MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown", "": "text/plain"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SUFFIXES = {**TEXT_SUFFIXES, ".docx": DOCX, ".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html"}


def decode(data: bytes, *, path: str) -> str:
    """Decode report bytes as UTF-8 (with or without BOM), else as cp1252 (a superset of
    latin-1's printable characters, as Windows editors write).

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


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # tab, line and page breaks are kept
FETCH_TIMEOUT = 30.0  # seconds for the whole fetch, redirects included
_FETCH_READ = 10.0  # seconds one read may wait for the server


def _refuse_size(size: int, cap: int, path: str, *, at_least: bool = False) -> InputError:
    return InputError(f"the file is {'more than ' if at_least else ''}{size - at_least} bytes, over the {cap}-byte cap "
                      "for one report (set IGFKG_MAX_REPORT_BYTES to raise it)", path=path)


def _regular_size(p: Path, name: str, cap: int) -> int:
    """The size of a regular file, checked against ``cap`` before anything is read. Raises InputError."""
    try:
        st = p.stat()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}", path=name) from e
    import stat
    if not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file (a device, a pipe or a folder); give a report file", path=name)
    if st.st_size > cap:
        raise _refuse_size(st.st_size, cap, name)
    return st.st_size


def read_capped(path: str | Path, *, cap: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes: its size checked before reading, and
    never more than ``cap`` bytes read (a file may grow, or claim size 0 as /proc files do). Raises InputError."""
    cap = cap or max_bytes()
    p, name = Path(path), str(path)
    _regular_size(p, name, cap)
    with p.open("rb") as f:
        data = f.read(cap + 1)
    if len(data) > cap:
        raise _refuse_size(cap + 1, cap, name, at_least=True)
    return data


def file_sha256(path: str | Path, *, cap: int | None = None) -> str:
    """The SHA-256 of a report file, read in pieces (the size cap checked first). Raises InputError.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile(delete=False) as f:
    ...     _ = f.write(b"abc")
    >>> file_sha256(f.name)[:16]
    'ba7816bf8f01cfea'
    >>> os.unlink(f.name)
    """
    cap = cap or max_bytes()
    p, name = Path(path), str(path)
    _regular_size(p, name, cap)
    digest, read = hashlib.sha256(), 0
    with p.open("rb") as f:
        while chunk := f.read(1 << 20):
            read += len(chunk)
            if read > cap:
                raise _refuse_size(read, cap, name, at_least=True)
            digest.update(chunk)
    return digest.hexdigest()


def max_bytes() -> int:
    """The size cap for one report: ``$IGFKG_MAX_REPORT_BYTES`` or 20 MiB."""
    value = os.environ.get("IGFKG_MAX_REPORT_BYTES", "")
    return int(value) if value.isdigit() else MAX_BYTES


def read_url(url: str, *, timeout: float = FETCH_TIMEOUT, cap: int | None = None) -> Report:
    """Fetch a report over http(s), following http(s) redirects only, within ``timeout`` seconds
    for the whole fetch and a size cap. Raises InputError."""
    cap = cap or max_bytes()
    import time
    import urllib.error
    import urllib.parse
    import urllib.request

    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(f"only http and https URLs can be fetched, not '{scheme}:'", path=url)

    class HttpOnly(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            target = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl)).scheme.lower()
            if target not in ("http", "https"):
                raise InputError(f"the server redirected to a '{target}:' URL; only http and https are followed", path=url)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(HttpOnly)
    request = urllib.request.Request(url, headers={"User-Agent": "igfkg (meeting report reader)"})
    deadline = time.monotonic() + timeout
    late = InputError(f"the server did not send the whole report within {timeout:g} s", path=url)
    try:
        with opener.open(request, timeout=min(timeout, _FETCH_READ)) as response:  # noqa: S310 (scheme checked above)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise InputError(f"the page is {declared} bytes, over the {cap}-byte cap for one report", path=url)
            chunks, size = [], 0
            while size <= cap:
                if time.monotonic() > deadline:
                    raise late
                chunk = response.read1(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            data = b"".join(chunks)
            ctype = (response.headers.get_content_type() or "").lower()
    except urllib.error.HTTPError as e:
        raise InputError(f"the server answered {e.code} {e.reason}", path=url) from e
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        if time.monotonic() > deadline:
            raise late from e
        raise InputError(f"cannot fetch the report: {getattr(e, 'reason', e)}", path=url) from e
    if len(data) > cap:
        raise InputError(f"the page is over the {cap}-byte cap for one report", path=url)
    suffix = Path(urllib.parse.urlsplit(url).path).suffix.lower()
    media = SUFFIXES.get(suffix) or {"text/html": "text/html", "application/pdf": "application/pdf"}.get(ctype, "text/plain")
    if ctype == DOCX:
        media = DOCX
    return report_from_bytes(data, path=url, media_type=media)


def read_report(path: str | Path) -> Report:
    """Read one report file, or fetch it when ``path`` is an http(s) URL.

    Raises InputError when the file is missing, too large, empty, binary or of an unknown kind.
    """
    if isinstance(path, str) and re.match(r"^[a-z][a-z0-9+.-]*://", path, re.I):
        return read_url(path)
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError("no such file; check the path", path=name)
    if p.is_dir():
        raise InputError("not a file", path=name)
    media = SUFFIXES.get(p.suffix.lower())
    if media is None:
        raise InputError(
            f"unsupported file type '{p.suffix}'; igfkg reads {', '.join(s for s in SUFFIXES if s)} reports",
            path=name,
        )
    data = read_capped(p)
    return report_from_bytes(data, path=name, media_type=media)


def sniff(data: bytes, declared: str) -> str:
    """The media type from the content, where it tells (PDF, DOCX, HTML), else the declared one."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04") and (b"word/" in data[:65536] or declared == DOCX):
        return DOCX
    if re.match(rb"(?is)(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", head):
        return "text/html"
    return declared


def report_from_bytes(data: bytes, *, path: str, media_type: str = "text/plain") -> Report:
    """A report from bytes already in memory (a file, an upload, a test), converted to text by its
    format (sniffed from the content, else ``media_type``). Raises InputError."""
    from . import formats
    from .budget import report_seconds, time_budget

    if len(data) > max_bytes():
        raise _refuse_size(len(data), max_bytes(), path)
    if not data.strip():
        raise InputError("the file is empty; expected the text of a meeting report", path=path)
    media_type = sniff(data, media_type)
    if media_type in ("application/pdf", DOCX, "text/html"):
        convert = {"application/pdf": formats.pdf_to_text, DOCX: formats.docx_to_text, "text/html": formats.html_to_text}
        with time_budget(report_seconds(), path=path, size=len(data), stage="reading"):
            text = convert[media_type](data, path=path)
    elif data.startswith(b"PK\x03\x04") or data.startswith(b"%PDF"):
        raise InputError("a binary document with a text extension; rename it to .docx or .pdf", path=path)
    else:
        text = decode(data, path=path)
    text = _CONTROL.sub("", text)  # NUL, escape and other control characters are no part of any name or sentence
    if not text.strip():
        raise InputError("no text found in the file", path=path)
    notes: tuple[str, ...] = ()
    if media_type.startswith("text/plain") or media_type == "text/markdown":
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            notes = (f"line {line}: the text is not UTF-8; it was read as Windows-1252 (cp1252)",)
    return Report(path=path, text=text, sha256=hashlib.sha256(data).hexdigest(), media_type=media_type, notes=notes)


def report_files(paths: list[str | Path]) -> list[Path | str]:
    """The reports named by ``paths``: URLs and files as given, folders searched recursively (sorted)."""
    out: list[Path | str] = []
    for path in paths:
        if isinstance(path, str) and re.match(r"^[a-z][a-z0-9+.-]*://", path, re.I):
            out.append(path)
            continue
        p = Path(path)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                          and f.suffix and not f.name.startswith("."))
        else:
            out.append(p)
    return out
