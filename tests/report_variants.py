"""Build DOCX, PDF and HTML versions of a plain-text report, as a publisher would: one
paragraph per block, one per line in lists, headings as headings. Used by the format tests."""
from __future__ import annotations

import html
import io
import re

_LIST = re.compile(r"^\s*(?:[-*]|\d{1,3}[.)]|[a-z][.)]|[IVX]+\.)\s")


def blocks(text: str) -> list[list[str]]:
    return [[ln for ln in b.split("\n") if ln.strip()] for b in re.split(r"\n\s*\n", text) if b.strip()]


def to_docx(text: str) -> bytes:
    import docx
    d = docx.Document()
    for block in blocks(text):
        if len(block) == 1 and len(block[0]) < 70 and not block[0].rstrip().endswith((".", ":")):
            d.add_heading(block[0].strip(), level=2)
            continue
        for line in block:
            style = "List Paragraph" if _LIST.match(line) else None
            d.add_paragraph(line.strip() if style else line, style=style)
        if len(block) > 1 and not all(_LIST.match(ln) for ln in block):
            pass
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def to_html(text: str) -> bytes:
    parts = ["<!DOCTYPE html><html><head><title>Report</title><style>p{margin:1em}</style>",
             "<script>var tracking = 'not report text';</script></head><body><main>"]
    for block in blocks(text):
        if len(block) == 1 and len(block[0]) < 70 and not block[0].rstrip().endswith((".", ":")):
            parts.append(f"<h2>{html.escape(block[0].strip())}</h2>")
        elif all(_LIST.match(ln) for ln in block):
            parts.append("<ul>" + "".join(f"<li>{html.escape(ln.strip())}</li>" for ln in block) + "</ul>")
        else:
            parts.append("<p>" + "<br>".join(html.escape(ln) for ln in block) + "</p>")
    parts.append("</main><nav>Home | About</nav></body></html>")
    return "\n".join(parts).encode("utf-8")


def to_pdf(text: str) -> bytes:
    from fpdf import FPDF
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    fonts = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
    import os
    font = next((f for f in fonts if os.path.exists(f)), None)
    if font:
        pdf.add_font("DejaVu", "", font)
        pdf.set_font("DejaVu", size=10)
    else:
        pdf.set_font("Helvetica", size=10)
        text = text.encode("latin-1", "replace").decode("latin-1")
    for block in blocks(text):
        for line in block:
            pdf.multi_cell(0, 5, line.strip(), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
    return bytes(pdf.output())


def docx_bomb(paragraphs: int = 600_000) -> bytes:
    """A small .docx whose document part unpacks to ``paragraphs`` copies of one paragraph
    (600,000: about 20 MB, compressed about 1000 times): a zip bomb for the readers' limits."""
    import io
    import zipfile

    small = zipfile.ZipFile(io.BytesIO(to_docx("Meeting\n\nAna noted it.\n")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in small.infolist():
            if item.filename != "word/document.xml":
                z.writestr(item, small.read(item))
                continue
            head, tail = small.read(item).decode().split("<w:body>", 1)
            with z.open("word/document.xml", "w") as f:
                f.write((head + "<w:body>").encode())
                block = b"<w:p><w:r><w:t>Ana noted it.</w:t></w:r></w:p>" * 1000
                for _ in range(paragraphs // 1000):
                    f.write(block)
                f.write(tail.encode())
    return out.getvalue()

