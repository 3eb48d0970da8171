"""Converting DOCX, PDF and HTML reports to text whose blank lines still separate paragraphs,
so segmentation works as on a .txt report. Offsets everywhere refer to this converted text.

Libraries: python-docx (DOCX), pdfplumber (PDF, with line positions to find paragraph gaps),
selectolax (HTML).
"""
from __future__ import annotations

import io
import re

from .errors import InputError

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


def docx_to_text(data: bytes, *, path: str) -> str:
    """The paragraphs of a DOCX file (tables row by row), in document order."""
    try:
        import docx
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several kinds for a broken package
        raise InputError(f"not a readable Word (.docx) file: {e}", path=path) from e
    paragraphs: list[tuple[str, bool]] = []
    body = document.element.body
    for child in body.iterchildren():
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
            for page in pdf.pages:
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

    def walk(node) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                buf.append(child.text_content or "")
            elif tag in ("br",):
                flush()
            elif tag in ("ul", "ol", "table", "dl"):
                flush()
                walk(child)
                flush()
                paragraphs.append(("", False))
            elif tag in ("li", "tr", "dt", "dd"):
                flush()
                walk(child)
                flush(is_item=True)
            elif tag in _BLOCK:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return join_paragraphs(paragraphs)
