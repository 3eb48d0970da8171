"""Converting DOCX, PDF and HTML reports to text whose blank lines still separate paragraphs,
so segmentation works as on a .txt report. Offsets everywhere refer to this converted text.

Libraries: python-docx (DOCX), pdfplumber (PDF, with line positions to find paragraph gaps),
selectolax (HTML).

Every reader limits what it expands, so that a small file cannot take the machine's memory or
time: a DOCX (a ZIP package) is refused before it is unpacked when its members would unpack
to more than ``MAX_UNPACKED`` bytes, or one member to more than ``MAX_RATIO`` times its packed
size (a zip bomb), or when it has more than ``MAX_MEMBERS`` members; its XML is parsed by lxml
(nesting limited to 256 levels by libxml2) and at most ``MAX_PARAGRAPHS`` paragraphs and table
rows are read; a PDF has at most ``MAX_PAGES`` pages; HTML is walked without recursion, however
deep its nesting.
"""
from __future__ import annotations

import io
import re

from .errors import InputError

MAX_UNPACKED = 100 * 2**20
MAX_RATIO = 100
MAX_MEMBERS = 2000
MAX_PARAGRAPHS = 100_000
MAX_PAGES = 1000

_LISTISH = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa\u2013]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[IVXLC]{1,6}\.)\s")


def _short(line: str) -> bool:
    return len(line.split()) <= 14 and line.rstrip()[-1:] not in ".!?;:"


def join_paragraphs(paragraphs: list[tuple[str, bool]]) -> str:
    """Paragraphs (text, is_list_item) -> text: a blank line between paragraphs, a single line
    break between consecutive list items or short title-like lines. Empty paragraphs mark breaks."""
    out: list[str] = []
    prev: tuple[str, bool] | None = None
    for text, is_item in paragraphs:
        text = text.replace("\r", "").strip("\n")
        if not text.strip():
            prev = None
            continue
        if prev is None:
            sep = "\n\n" if out else ""
        else:
            ptext, pitem = prev
            tight = (pitem or _LISTISH.match(ptext)) and (is_item or _LISTISH.match(text))
            tight = tight or (_short(ptext) and _short(text) and not _LISTISH.match(text) and not _LISTISH.match(ptext)
                              and len(out) <= 3)
            sep = "\n" if tight else "\n\n"
        out.append(sep + text)
        prev = (text, is_item)
    return "".join(out) + "\n"


def check_package(data: bytes, *, path: str) -> None:
    """Refuse a ZIP package that would unpack to too much (sizes as its directory declares them:
    Python's zipfile never unpacks a member past its declared size). Raises InputError."""
    import zipfile
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(f"not a readable Word (.docx) file: {e}", path=path) from e
    if len(members) > MAX_MEMBERS:
        raise InputError(f"the Word file has {len(members)} parts, more than the {MAX_MEMBERS} a document has; "
                         "refused as a zip bomb", path=path)
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise InputError(f"the Word file would unpack to {total} bytes, more than the limit of {MAX_UNPACKED}; "
                         "refused as a zip bomb", path=path)
    for m in members:
        if m.file_size > 2**20 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise InputError(f"the Word file's part '{m.filename}' would unpack to {m.file_size} bytes from "
                             f"{m.compress_size} (more than {MAX_RATIO} times); refused as a zip bomb", path=path)


def docx_to_text(data: bytes, *, path: str) -> str:
    """The paragraphs of a DOCX file (tables row by row), in document order. Raises InputError,
    also when the package would unpack to too much (``check_package``) or has too many paragraphs."""
    check_package(data, path=path)
    try:
        import docx
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several kinds for a broken package
        raise InputError(f"not a readable Word (.docx) file: {e}", path=path) from e
    paragraphs: list[tuple[str, bool]] = []
    body = document.element.body
    for child in body.iterchildren():
        if len(paragraphs) > MAX_PARAGRAPHS:
            raise InputError(f"the Word file has more than {MAX_PARAGRAPHS} paragraphs and table rows; "
                             "a meeting report has far fewer", path=path)
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = docx.text.paragraph.Paragraph(child, document)
            style = (p.style.name if p.style is not None else "") or ""
            numbered = child.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}numPr") is not None
            paragraphs.append((p.text, numbered or style.lower().startswith("list")))
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells if c.text.strip()]
                paragraphs.append((", ".join(dict.fromkeys(cells)), True))
            paragraphs.append(("", False))
    return join_paragraphs(paragraphs)


def pdf_to_text(data: bytes, *, path: str) -> str:
    """The lines of a PDF's pages; a vertical gap larger than the line spacing starts a paragraph."""
    try:
        import pdfplumber
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer raises many kinds for a broken or truncated file
        raise InputError(f"not a readable PDF (broken or truncated?): {e}", path=path) from e
    out: list[str] = []
    try:
        with pdf:
            pages = pdf.pages
            if len(pages) > MAX_PAGES:
                raise InputError(f"the PDF has {len(pages)} pages, more than the limit of {MAX_PAGES}; "
                                 "a meeting report has far fewer", path=path)
            for page in pages:
                lines = page.extract_text_lines(return_chars=False)
                if not lines:
                    continue
                heights = sorted(ln["bottom"] - ln["top"] for ln in lines)
                height = heights[len(heights) // 2] or 10
                prev_bottom = None
                for ln in lines:
                    if prev_bottom is not None and ln["top"] - prev_bottom > 0.8 * height:
                        out.append("")
                    elif out and re.search(r"https?://\S+$", out[-1]) and " " not in ln["text"].strip():
                        out[-1] += ln["text"].strip()  # a long link wrapped onto the next line
                        prev_bottom = ln["bottom"]
                        continue
                    out.append(ln["text"])
                    prev_bottom = ln["bottom"]
                out.append("")
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"cannot read the PDF's text (broken or truncated?): {e}", path=path) from e
    text = "\n".join(out)
    if not text.strip():
        raise InputError("the PDF has no text layer (a scan?); igfkg needs text, not images", path=path)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "section", "article", "blockquote", "pre", "tr",
          "dt", "dd", "header", "footer", "main", "table", "ul", "ol", "dl", "br", "hr", "title"}


def html_to_text(data: bytes, *, path: str) -> str:
    """The visible text of an HTML page: block elements become paragraphs, list items lines."""
    try:
        from selectolax.lexbor import LexborHTMLParser
        tree = LexborHTMLParser(data.decode("utf-8", errors="replace"))
    except Exception as e:
        raise InputError(f"not readable HTML: {e}", path=path) from e
    for node in tree.css("script, style, noscript, template, nav, head"):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        raise InputError("the HTML page has no body", path=path)
    paragraphs: list[tuple[str, bool]] = []
    buf: list[str] = []

    def flush(is_item: bool = False) -> None:
        text = " ".join("".join(buf).split())
        if text:
            paragraphs.append((text, is_item))
        buf.clear()

    def end_list() -> None:
        flush()
        paragraphs.append(("", False))

    # depth first with a stack of (children left, what to do after them), not recursion: a page
    # nested thousands of elements deep must not exhaust Python's stack
    stack = [(root.iter(include_text=True), None)]
    while stack:
        children, after = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if after is not None:
                after()
            continue
        tag = child.tag
        if tag == "-text":
            buf.append(child.text_content or "")
        elif tag in ("br",):
            flush()
        elif tag in ("ul", "ol", "table", "dl"):
            flush()
            stack.append((child.iter(include_text=True), end_list))
        elif tag in ("li", "tr", "dt", "dd"):
            flush()
            stack.append((child.iter(include_text=True), lambda: flush(is_item=True)))
        elif tag in _BLOCK:
            flush()
            stack.append((child.iter(include_text=True), flush))
        else:
            stack.append((child.iter(include_text=True), None))
    flush()
    return join_paragraphs(paragraphs)
