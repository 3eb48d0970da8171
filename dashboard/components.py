"""Pure helpers the pages share: text from reports made safe for Markdown and HTML, source
paragraphs rebuilt from quote selectors with the statement's span highlighted, labels, and
small tallies. Nothing here calls Streamlit, so everything is testable on its own.

Report text (names, statements, titles) is never trusted: it reaches Markdown only through
:func:`md` and HTML only through :func:`html.escape`.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:&=^\"'])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_MODES = {"https://schema.org/OnlineEventAttendanceMode": "online",
          "https://schema.org/OfflineEventAttendanceMode": "in person",
          "https://schema.org/MixedEventAttendanceMode": "hybrid"}


def md(text: object) -> str:
    """``text`` as Markdown that shows exactly that text: every Markdown, HTML and LaTeX
    character backslash-escaped, white space folded.

    >>> md("<b>x</b> *y* $z$")
    '\\\\<b\\\\>x\\\\</b\\\\> \\\\*y\\\\* \\\\$z\\\\$'
    """
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def chips(labels: Iterable[str], color: str = "blue") -> str:
    """Markdown badges (Streamlit's ``:color-badge[...]``) for concept labels, escaped."""
    return " ".join(f":{color}-badge[{md(label)}]" for label in labels if label)


def split(value: object, sep: str = " | ") -> list[str]:
    """A GROUP_CONCAT column as a list ("" and None give [])."""
    return [v for v in str(value).split(sep) if v] if value else []


def meeting_label(m: dict) -> str:
    """'2025-07-17 · MAG Working Group on ... #100' for a row of the meetings query (plain text)."""
    number = f" #{m['number']}" if m.get("number") is not None else ""
    return f"{m.get('date')} · {m.get('series')}{number}"


def mode_label(iri: object) -> str:
    return _MODES.get(str(iri), str(iri or ""))


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) link, else None (never a javascript: or data: link)."""
    text = str(url or "").strip()
    return text if re.match(r"^https?://[^\s<>\"']+$", text, re.I) else None


# ---- source paragraphs -------------------------------------------------------------------------
@dataclass(frozen=True)
class Paragraph:
    """A run of consecutive statements rebuilt from their quotes: its text and each statement's span in it."""

    text: str
    spans: dict[int, tuple[int, int]]  # statement position -> (start, end) in text
    start: int  # offset of text in the report


def paragraphs(statements: list[dict]) -> dict[int, Paragraph]:
    """The source paragraph of every statement (rows with position, start, end, exact, before, after),
    keyed by position.

    The report text is not in the store, only each statement's exact quote with 32 characters
    either side; consecutive statements join into one paragraph where the text between them is
    known (it fits in the quote's suffix) and holds no blank line.

    >>> rows = [dict(position=1, start=0, end=3, exact="Hi.", before="", after=" Yo.\\n\\nNext"),
    ...         dict(position=2, start=4, end=7, exact="Yo.", before="Hi. ", after="\\n\\nNext")]
    >>> p = paragraphs(rows)[2]; p.text, p.spans[2]
    ('Hi. Yo.', (4, 7))
    """
    out: dict[int, Paragraph] = {}
    group: list[dict] = []

    def close() -> None:
        if not group:
            return
        text, spans, offset = "", {}, int(group[0]["start"])
        for i, s in enumerate(group):
            if i:
                prev = group[i - 1]
                text += str(prev.get("after") or "")[: int(s["start"]) - int(prev["end"])]
            begin = len(text)
            text += str(s.get("exact") or s.get("text") or "")
            spans[int(s["position"])] = (begin, len(text))
        para = Paragraph(text, spans, offset)
        for s in group:
            out[int(s["position"])] = para
        group.clear()

    for s in sorted((s for s in statements if s.get("start") is not None), key=lambda s: int(s["start"])):
        if group:
            prev = group[-1]
            gap = int(s["start"]) - int(prev["end"])
            after = str(prev.get("after") or "")
            if not 0 <= gap <= len(after) or _BLANK_LINE.search(after[:gap]):
                close()
        group.append(s)
    close()
    return out


def highlight_html(text: str, start: int, end: int, *, before: str = "", after: str = "") -> str:
    """``text`` as HTML with ``text[start:end]`` in a ``<mark>``, everything escaped; optional
    context shown dimmed before and after.

    >>> highlight_html("a <b> c", 2, 5)
    '<div class="igfkg-source">a <mark>&lt;b&gt;</mark> c</div>'
    """
    esc = html.escape
    pre = f'<span style="opacity:.6">\u2026{esc(before)}</span>' if before else ""
    post = f'<span style="opacity:.6">{esc(after)}\u2026</span>' if after else ""
    body = f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"
    return f'<div class="igfkg-source">{pre}{body}{post}</div>'.replace("\n", "<br>")


def quote_html(row: dict) -> str:
    """A statement's quote with its 32 characters of context either side, the quote highlighted."""
    exact = str(row.get("exact") or row.get("text") or "")
    return highlight_html(exact, 0, len(exact), before=str(row.get("before") or ""), after=str(row.get("after") or ""))


# ---- tallies -----------------------------------------------------------------------------------
def concept_counts(rows: Iterable[dict], column: str = "concepts") -> list[tuple[str, int]]:
    """(label, statements) over the " | "-joined concept column, most first."""
    return Counter(c for r in rows for c in split(r.get(column))).most_common()


def reason_kind(reason: object) -> str:
    """The kind of an attribution reason, without the names it quotes.

    >>> reason_kind("follows an unresolved speaker (ambiguous: 'Maria' fits Maria Estrada, Maria Kovacs)")
    'follows an unresolved speaker'
    """
    return re.sub(r"\s*\(.*$|:.*$", "", str(reason or "unknown")).strip() or "unknown"


_UNLISTED = re.compile(r"not in the participant list: '([^']+)'")


def unlisted_names(unattributed: Iterable[dict]) -> list[dict]:
    """Names the discussion uses that the participant list lacks, from the reasons of the
    ``unattributed`` query: one row per (name, meeting) with how many statements."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for r in unattributed:
        m = _UNLISTED.search(str(r.get("reason") or ""))
        if m and not str(r.get("reason")).startswith("follows"):
            seen[(m.group(1), str(r.get("date")), str(r.get("meeting")))] += 1
    return [{"name": n, "date": d, "meeting": m, "statements": k} for (n, d, m), k in sorted(seen.items(), key=lambda x: (x[0][1], x[0][0]))]


def unknown_acronyms(texts: Iterable[dict], labels: Iterable[str], names: Iterable[str]) -> list[dict]:
    """Acronyms in ``texts`` (rows with text, date, meeting) that are no vocabulary label and no
    part of a person's name: term, occurrences, meetings, first and last date, an example.

    >>> unknown_acronyms([{"text": "The CSTD and the IGF met.", "date": "2025-01-01", "meeting": "m"}], ["IGF"], [])
    [{'term': 'CSTD', 'occurrences': 1, 'meetings': 1, 'first': '2025-01-01', 'last': '2025-01-01', 'example': 'The CSTD and the IGF met.'}]
    """
    from queries.analysis import find_terms, label_pattern
    labels, names = set(labels), set(names)
    known = {x.casefold() for x in labels} | {"utc", "gmt", "cet", "cest", "aob", "hle"}
    pattern = label_pattern(labels | names, case_sensitive={x for x in labels if " " not in x and sum(c.isupper() for c in x) >= 2} | names)
    found: dict[str, list[dict]] = {}
    for r in texts:
        text = str(r.get("text") or "")
        for term, kind, _, _ in find_terms(text, [pattern] if pattern else []):
            if kind == "acronym" and term.casefold() not in known:
                found.setdefault(term, []).append(r)
    out = []
    for term, occ in found.items():
        dates = sorted(str(o.get("date")) for o in occ)
        out.append({"term": term, "occurrences": len(occ), "meetings": len({o.get("meeting") for o in occ}),
                    "first": dates[0], "last": dates[-1], "example": str(occ[0].get("text"))})
    return sorted(out, key=lambda r: (-r["meetings"], -r["occurrences"], r["term"]))


# ---- Streamlit pieces the pages share (Streamlit imported on use) ------------------------------
def empty_state(what: str = "meetings") -> None:
    """A friendly note for a store without data, with the way to add some."""
    import streamlit as st

    from . import data
    st.info(f"No {what} in the store yet. Ingest a meeting report on the **Ingest** page, or run "
            f"`igfkg ingest examples/ --store {md(data.location())}` and reload.", icon=":material/inbox:")
    st.page_link("app_pages/ingest.py", label="Ingest a report", icon=":material/upload_file:")


def picker(label: str, options: list[str], labels: dict[str, str], *, key: str, goto: str | None = None,
           param: str | None = None, default: str | None = None) -> str:
    """A selectbox over ``options`` (shown by ``labels``) whose value another page can set through
    ``st.session_state[goto]`` or the URL query parameter ``param`` (on the page's first run)."""
    import streamlit as st
    target = st.session_state.pop(goto, None) if goto else None
    if target is None and param and key not in st.session_state:
        target = st.query_params.get(param)
    if target in options:
        st.session_state[key] = target
    elif st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    return st.selectbox(label, options, key=key, format_func=lambda o: labels.get(o, str(o)))


def go(page: str, goto: str, value: str) -> None:
    """Open ``page`` with its picker set to ``value``."""
    import streamlit as st
    st.session_state[goto] = value
    st.switch_page(page)


def ranked_bars(records: list[dict], label: str, *, kind: Literal["person", "concept"], key: str,
                choices: int | None = None) -> None:
    """The 12 ``records`` with the most statements as bars (:func:`charts.bar`, named by ``label``),
    then a selectbox of the records (the first ``choices`` of them; all by default) and a button that
    opens the chosen one (its ``kind`` column, an IRI) on the person or concept page.

    Widget keys: ``{key}_{kind}`` (the selectbox) and ``{key}_open_{kind}`` (the button).
    """
    import streamlit as st

    from . import charts
    st.altair_chart(charts.bar(records, label, "statements", top=12), width="stretch")
    picked = st.selectbox(f"Open a {kind}", [r[kind] for r in records[:choices]], key=f"{key}_{kind}",
                          format_func=lambda v: next(r[label] for r in records if r[kind] == v))
    if st.button(f"Open {kind}", key=f"{key}_open_{kind}"):
        go(f"app_pages/{kind}.py", f"goto_{kind}", picked)


def to_csv(columns: Iterable[str], records: list[dict]) -> str:
    """Records as CSV text (None as an empty cell), like ``igfkg query --format csv``."""
    import csv
    import io
    columns = list(columns)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in records:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    return buf.getvalue()
