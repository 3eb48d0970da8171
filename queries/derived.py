"""The derived index: an SQLite copy of the facts the archive-wide analyses read, beside an
embedded store, so that answers which grow with the archive come from a GROUP BY over a table
rather than from joins in the store.

The graph stays the source of truth and SPARQL the interface: the index is made from the store
(``igfkg index rebuild``), refreshed by every write igfkg makes to the store, and holds no fact
the store does not hold. A named query with a twin in ``queries/derived/NAME.sql`` is answered
from the index while it is ready; otherwise (no index, an index marked stale by a write that did
not finish, another schema) from the store, with the same columns and rows
(``tests/test_derived.py`` compares both on a 500-meeting store).

Ready or stale: before its first write to the store, a writer marks the index stale (one
committed SQLite write), and marks it ready once the graphs it wrote are read again into it. A
writer that dies in between leaves it stale, and readers go to the store until the next write or
``igfkg index rebuild``. ``igfkg serve --writable`` marks it stale: SPARQL updates change the
store behind igfkg's back.

What the index holds, per meeting graph (rows replaced with the graph): the meetings and their
dates, attendees, statements (position, text, speaker, verb, agenda item, source offsets), the
concepts and people each statement names, the summary facts (``ingest.tally``) as stored, and the
links of the interaction network of each meeting; across the store (read again at each refresh:
a few thousand rows): people's names, concepts' labels, kinds and broader concepts. And
aggregates kept up to date by each refresh (recounted for the keys its graphs touch): the meetings
each pair of attendees shared, and each speaker's statements and meetings in all, and per concept.
"""
from __future__ import annotations

import base64
import contextlib
import functools
import gc
import itertools
import os
import re
import sqlite3
import sys
import threading
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ingest.errors import QueryError, StoreError

from . import QUERY_DIR
from .store import Rows

SCHEMA_VERSION = "derived.v7"
SQL_DIR = QUERY_DIR / "derived"

_IGF = "https://w3id.org/igfkg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_FOAF = "http://xmlns.com/foaf/0.1/"
_FOAF_NAME = _FOAF + "name"
_SCHEMA = "https://schema.org/"
_DCT = "http://purl.org/dc/terms/"
_OA = "http://www.w3.org/ns/oa#"
_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_SCHEME = "https://w3id.org/igfkg/concept/scheme"
_DATE_TYPES = {10: _XSD + "date", 7: _XSD + "gYearMonth", 4: _XSD + "gYear"}
_TALLIES = {_IGF + "ConceptTally": "concept", _IGF + "SpeakerTally": "speaker",
            _IGF + "SpeakerConceptTally": "speaker_concept", _IGF + "MentionTally": "mention"}

_SCHEMA_SQL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE graph(graph TEXT PRIMARY KEY);
CREATE TABLE meeting(meeting TEXT NOT NULL, graph TEXT NOT NULL, date TEXT, is_meeting INTEGER NOT NULL,
                     series TEXT, number TEXT, number_type TEXT, moderator TEXT, next_date TEXT, report TEXT);
CREATE INDEX meeting_iri ON meeting(meeting);
CREATE INDEX meeting_graph ON meeting(graph);
CREATE INDEX meeting_date ON meeting(date, meeting);
CREATE TABLE attendee(graph TEXT NOT NULL, meeting TEXT NOT NULL, person TEXT NOT NULL);
CREATE INDEX attendee_graph ON attendee(graph);
CREATE INDEX attendee_person ON attendee(person, meeting);
CREATE INDEX attendee_meeting ON attendee(meeting, person);
CREATE TABLE item(graph TEXT NOT NULL, item TEXT NOT NULL, number TEXT, title TEXT);
CREATE INDEX item_iri ON item(item);
CREATE INDEX item_graph ON item(graph);
CREATE TABLE statement(id INTEGER PRIMARY KEY, graph TEXT NOT NULL, meeting TEXT NOT NULL,
                       position INTEGER NOT NULL, text TEXT NOT NULL, speaker TEXT, verb TEXT, item TEXT,
                       start INTEGER, end INTEGER, written TEXT, reason TEXT, on_behalf TEXT,
                       exact TEXT, prefix TEXT, suffix TEXT);
CREATE INDEX statement_graph ON statement(graph);
CREATE INDEX statement_speaker ON statement(speaker);
CREATE INDEX statement_meeting ON statement(meeting, position);
CREATE TABLE statement_concept(statement INTEGER NOT NULL, concept TEXT NOT NULL);
CREATE INDEX statement_concept_concept ON statement_concept(concept, statement);
CREATE INDEX statement_concept_statement ON statement_concept(statement);
CREATE TABLE concept_tally(graph TEXT NOT NULL, meeting TEXT NOT NULL, concept TEXT NOT NULL, date TEXT,
                           statements INTEGER NOT NULL, speakers INTEGER, first_position INTEGER);
CREATE INDEX concept_tally_graph ON concept_tally(graph);
CREATE INDEX concept_tally_concept ON concept_tally(concept, date, meeting, statements, speakers, first_position);
CREATE INDEX concept_tally_meeting ON concept_tally(meeting, concept);
CREATE TABLE speaker_tally(graph TEXT NOT NULL, meeting TEXT NOT NULL, person TEXT NOT NULL, date TEXT,
                           statements INTEGER NOT NULL);
CREATE INDEX speaker_tally_graph ON speaker_tally(graph);
CREATE INDEX speaker_tally_person ON speaker_tally(person, statements, date);
CREATE TABLE speaker_concept_tally(graph TEXT NOT NULL, meeting TEXT NOT NULL, person TEXT NOT NULL,
                                   concept TEXT NOT NULL, date TEXT, statements INTEGER NOT NULL);
CREATE INDEX speaker_concept_tally_graph ON speaker_concept_tally(graph);
CREATE INDEX speaker_concept_tally_person ON speaker_concept_tally(person, concept, statements, date);
CREATE TABLE mention_tally(graph TEXT NOT NULL, meeting TEXT NOT NULL, person TEXT NOT NULL,
                           mentioned TEXT NOT NULL, date TEXT, statements INTEGER NOT NULL);
CREATE INDEX mention_tally_graph ON mention_tally(graph);
CREATE INDEX mention_tally_person ON mention_tally(person, mentioned, statements, date);
CREATE TABLE interaction(graph TEXT NOT NULL, meeting TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
                         weight INTEGER NOT NULL, sequence INTEGER NOT NULL, response INTEGER NOT NULL);
CREATE INDEX interaction_graph ON interaction(graph);
CREATE INDEX interaction_meeting ON interaction(meeting);
CREATE TABLE pair(a TEXT NOT NULL, b TEXT NOT NULL, meetings INTEGER NOT NULL, PRIMARY KEY(a, b)) WITHOUT ROWID;
CREATE TABLE speaker_concept_sum(person TEXT NOT NULL, concept TEXT NOT NULL, statements INTEGER NOT NULL,
                                 meetings INTEGER NOT NULL, dated_statements INTEGER, dated_meetings INTEGER NOT NULL,
                                 first TEXT, last TEXT, PRIMARY KEY(person, concept)) WITHOUT ROWID;
CREATE INDEX speaker_concept_sum_statements ON speaker_concept_sum(statements DESC);
CREATE TABLE speaker_sum(person TEXT PRIMARY KEY, statements INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE name(person TEXT NOT NULL, name TEXT NOT NULL, lname TEXT NOT NULL);
CREATE INDEX name_person ON name(person);
CREATE TABLE series(series TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY(series, name)) WITHOUT ROWID;
CREATE TABLE person(person TEXT PRIMARY KEY, name TEXT NOT NULL, typed INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE label(concept TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, lang TEXT NOT NULL,
                   lower TEXT NOT NULL);
CREATE INDEX label_lower ON label(lower);
CREATE INDEX label_concept ON label(concept, kind);
CREATE INDEX label_kind ON label(kind, label, concept, lang);  -- concepts in label order (topic-timeline)
CREATE TABLE concept(concept TEXT PRIMARY KEY, kind TEXT, kind_lang TEXT, in_scheme INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE broader(sub TEXT NOT NULL, concept TEXT NOT NULL, PRIMARY KEY(concept, sub)) WITHOUT ROWID;
CREATE VIEW dated AS SELECT meeting, date FROM meeting WHERE date IS NOT NULL;  -- a meeting's IRI is in one graph
"""
_PER_GRAPH = ("meeting", "attendee", "item", "concept_tally", "speaker_tally", "speaker_concept_tally",
              "mention_tally", "interaction")


def index_path(store_path: str | Path) -> Path:
    """Where the index of the store at ``store_path`` lives: beside it, ``STORE.index.sqlite``."""
    p = Path(store_path)
    return p.with_name(p.name + ".index.sqlite")


@dataclass(frozen=True)
class DerivedQuery:
    name: str
    sql: str
    columns: tuple[tuple[str, str], ...]  # (name, kind): iri, str, int, dec, date; "X__lang" and "X__type"
    # columns (not output) are X's language and datatype
    path: str


@functools.lru_cache(maxsize=1)
def derived_queries() -> dict[str, DerivedQuery]:
    """The SQL twins of named queries, by name (``queries/derived/NAME.sql``)."""
    out = {}
    for p in sorted(SQL_DIR.glob("*.sql")):
        text = p.read_text(encoding="utf-8")
        m = re.search(r"^--\s*columns:\s*(.+)$", text, re.M)
        if not m:
            raise QueryError("no '-- columns:' line", path=str(p))
        cols = tuple((c.split(":")[0], c.split(":")[1] if ":" in c else "str") for c in m.group(1).split())
        out[p.stem] = DerivedQuery(p.stem, text, cols, str(p))
    return out


class DerivedIndex:
    """The SQLite index of one embedded store (see the module's text). Thread-safe: one
    connection per thread."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._local = threading.local()

    # ---- connections --------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        try:
            inode = os.stat(self.path).st_ino
        except OSError:
            inode = None
        if conn is not None and inode != getattr(self._local, "inode", None):
            conn.close()  # the file was made anew (a rebuild) or removed: open what is there now
            conn = self._local.conn = None
        if conn is None:
            self._local.inode = inode
            if self.read_only:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5.0, check_same_thread=False)
            else:
                conn = sqlite3.connect(str(self.path), timeout=30.0, check_same_thread=False)
            conn.create_function("lcase", 1, lambda s: s.lower() if isinstance(s, str) else s, deterministic=True)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _meta(self, key: str) -> str | None:
        try:
            row = self._connect().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def ready(self) -> bool:
        """The index can answer: it exists, has this schema and no write is pending."""
        if not self.path.exists():
            return False
        return self._meta("schema") == SCHEMA_VERSION and self._meta("state") == "ready"

    def status(self) -> dict[str, object]:
        """What ``igfkg index status`` prints."""
        if not self.path.exists():
            return {"index": str(self.path), "state": "missing"}
        out: dict[str, object] = {"index": str(self.path), "state": self._meta("state") or "unreadable",
                                  "schema": self._meta("schema") or ""}
        if out["schema"] != SCHEMA_VERSION:
            out["state"] = "other schema"
        try:
            c = self._connect()
            for label, t in (("graphs", "graph"), ("meetings", "meeting"), ("statements", "statement"),
                             ("concept tallies", "concept_tally"), ("attendee pairs", "pair")):
                out[label] = c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        except sqlite3.Error:
            pass
        out["bytes"] = self.path.stat().st_size
        return out

    # ---- writing ------------------------------------------------------------------------------
    def mark_stale(self) -> None:
        """Before a write to the store: readers go to the store until the index is refreshed."""
        if not self.path.exists():
            return
        try:
            with self._connect() as c:
                c.execute("INSERT OR REPLACE INTO meta VALUES ('state', 'stale')")
        except sqlite3.Error as e:
            raise StoreError(f"cannot mark the index '{self.path}' stale: {e}") from e

    def build(self, store: ox.Store, *, jobs: int = 1, location: str | Path | None = None) -> None:
        """Make the index anew from every graph of ``store``, in a new file put in place at the end
        (readers see the old index or the new one). With ``jobs`` > 1 and the store's folder
        (``location``), graphs are read in that many processes (each opens the store read-only)."""
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        self.close()
        conn = sqlite3.connect(str(tmp))
        try:
            conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
            conn.executescript(_SCHEMA_SQL)
            with conn:
                graphs = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
                pairs: Counter[tuple[str, str]] = Counter()
                for rows in _read_graphs(store, graphs, jobs, location):
                    _insert_rows(conn, rows, pairs)
                _upsert_pairs(conn, pairs)
                _sum_speakers(conn, None)
                _load_globals(conn, store)
                conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                 [("schema", SCHEMA_VERSION), ("state", "ready")])
            conn.execute("PRAGMA journal_mode=DELETE")  # not WAL: a -wal file would outlive the file it belongs to
            conn.execute("ANALYZE")
            conn.close()
            os.replace(tmp, self.path)
        except BaseException:
            conn.close()
            tmp.unlink(missing_ok=True)
            raise

    def refresh(self, store: ox.Store, graphs: Iterable[str], *, known: set[str] | None = None,
                rows: dict[str, GraphRows] | None = None) -> None:
        """Read ``graphs`` (written or dropped) from ``store`` again, and the store-wide tables, in
        one transaction; then the index is ready. Builds the whole index when there is none, it
        has another schema, or (``known``: the store's graphs) it holds other graphs than the
        store besides these (an index left beside a store made anew). ``rows``: the rows of graphs
        just written, made from the text written (reading them back from the store costs more)."""
        rows = rows or {}
        graphs = set(graphs)
        if not self.path.exists() or self._meta("schema") != SCHEMA_VERSION:
            self.build(store)
            return
        conn = self._connect()
        if known is not None:
            have = {g for (g,) in conn.execute("SELECT graph FROM graph")}
            if have - graphs != known - graphs:
                self.build(store)
                return
        with conn:
            pairs: Counter[tuple[str, str]] = Counter()
            touched: set[tuple[str, str | None]] = set()
            for g in sorted(graphs):
                touched |= _speaker_keys(conn, g)
                _delete_graph(conn, g, pairs)
                if g in rows:
                    _insert_rows(conn, rows[g], pairs)
                elif store.contains_named_graph(ox.NamedNode(g)):
                    _insert_rows(conn, graph_rows(g, _stored_quads(store, g)), pairs)
                touched |= _speaker_keys(conn, g)
            _upsert_pairs(conn, pairs)
            _sum_speakers(conn, touched)
            _load_globals(conn, store)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('state', 'ready')")

    # ---- reading ------------------------------------------------------------------------------
    def version(self) -> tuple[int, ...] | None:
        """What tells this index file's states apart (None: no file): its inode, size, modification
        time and SQLite's file change counter (header bytes 24-27, counted up by every commit in the
        rollback-journal mode the index uses), so an answer read at one version is that version's."""
        try:
            with open(self.path, "rb") as f:
                st = os.fstat(f.fileno())
                counter = int.from_bytes(os.pread(f.fileno(), 4, 24), "big")
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns, counter

    def run(self, name: str, params: dict[str, object] | None = None, *, limit: int | None = None,
            offset: int = 0, deadline: float | None = None) -> Rows:
        """The rows of the derived query ``name`` (``params`` by their names; bound, never pasted).
        ``deadline`` (``time.monotonic()``): past it the query is stopped (QueryError)."""
        with _answer_without_gc():
            q, names, rows = self._fetched(name, params, limit, offset, deadline)
            return _rows(q, names, _by_column(rows, len(names)), len(rows))

    def run_compact(self, name: str, params: dict[str, object] | None = None, *, limit: int | None = None,
                    offset: int = 0, deadline: float | None = None) -> dict:
        """What ``igfkg serve`` sends at ``/derived/NAME``: SQLite's rows by column, each column as its
        distinct values and each row's place among them (see :func:`encode_columns`), with the column
        plan: ``{"columns": [[name, kind], ...], "names": [...], "n": rows, "values": [[...], ...],
        "codes": [base64, ...]}``. :class:`RemoteIndex` turns it into the same rows as ``run``.
        Answers repeat IRIs, names and dates: 153,000 rows of topic-timeline are 29 MB as JSON rows
        and 6.6 MB so, and the codes are read and written without a Python step per row."""
        with _answer_without_gc():
            q, names, rows = self._fetched(name, params, limit, offset, deadline)
            values, codes = encode_columns(_by_column(rows, len(names)))
        return {"columns": [list(c) for c in q.columns], "names": names, "n": len(rows),
                "values": values, "codes": codes}

    def records(self, name: str, params: dict[str, object] | None = None) -> list[dict[str, object]]:
        """The rows of ``run`` as plain values, as ``queries.formats.records`` makes them of terms,
        straight from SQLite (for the analyses that read plain values: no terms made and read back)."""
        with _answer_without_gc():
            q, names, rows = self._fetched(name, params)
            return _records(q, names, _by_column(rows, len(names)))

    def _fetched(self, name: str, params: dict[str, object] | None, limit: int | None = None, offset: int = 0,
                 deadline: float | None = None) -> tuple[DerivedQuery, list[str], list[tuple]]:
        """The derived query ``name``, SQLite's column names and its rows (a page of them when
        ``limit`` or ``offset`` is given)."""
        q = derived_queries()[name]
        with self._limited(name, q.path, deadline) as conn:
            cur = conn.execute(*_paged(q, params, limit, offset))
            return q, [d[0] for d in cur.description], cur.fetchall()

    def count(self, name: str, params: dict[str, object] | None = None, *, deadline: float | None = None) -> int:
        """How many rows ``run`` gives (the total of a page)."""
        q = derived_queries()[name]
        with self._limited(name, q.path, deadline) as conn:
            return conn.execute(f"SELECT COUNT(*) FROM ({q.sql})", dict(params or {})).fetchone()[0]

    @contextlib.contextmanager
    def _limited(self, name: str, path: str, deadline: float | None) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        if deadline is not None:
            conn.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        try:
            yield conn
        except sqlite3.OperationalError as e:
            if deadline is not None and time.monotonic() > deadline:
                raise QueryError(f"'{name}' was stopped at the time limit") from e
            raise QueryError(f"the derived index cannot answer '{name}': {e}", path=path) from e
        except sqlite3.Error as e:
            raise QueryError(f"the derived index cannot answer '{name}': {e}", path=path) from e
        finally:
            if deadline is not None:
                conn.set_progress_handler(None, 0)

    def interaction_links(self, lo: str | None = None, hi: str | None = None) -> tuple[list[tuple], dict[str, str]]:
        """The interaction network's links summed over the meetings dated ``lo`` to ``hi`` (None:
        every meeting, dated or not), and the speakers of those meetings with their names."""
        c = self._connect()
        if lo is None and hi is None:
            where, args = "", {}
            spoke = "SELECT DISTINCT s.speaker FROM statement s WHERE s.speaker IS NOT NULL"
        else:
            # the period's meetings first (CROSS JOIN keeps that order), then their rows
            where = ("FROM (SELECT DISTINCT meeting FROM meeting WHERE is_meeting AND date BETWEEN :lo AND :hi) m "
                     "CROSS JOIN interaction i ON i.meeting = m.meeting")
            args = {"lo": lo or "0001-01-01", "hi": hi or "9999-12-31"}
            spoke = ("SELECT DISTINCT s.speaker FROM (SELECT DISTINCT meeting FROM meeting WHERE is_meeting AND date "
                     "BETWEEN :lo AND :hi) m CROSS JOIN statement s ON s.meeting = m.meeting WHERE s.speaker IS NOT NULL")
        links = c.execute(f"SELECT i.source, i.target, SUM(i.weight), SUM(i.sequence), SUM(i.response) "
                          f"{where or 'FROM interaction i'} GROUP BY i.source, i.target", args).fetchall()
        speakers = {p: n or "" for p, n in c.execute(
            f"SELECT x.speaker, p.name FROM ({spoke}) x LEFT JOIN person p ON p.person = x.speaker", args)}
        return links, speakers


def _read_graphs(store: ox.Store, graphs: list[str], jobs: int, location: str | Path | None) -> Iterator[GraphRows]:
    """Each graph's rows, in order: read here, or in ``jobs`` processes when the store's folder is known."""
    if jobs <= 1 or location is None or len(graphs) < 64:
        for g in graphs:
            yield graph_rows(g, _stored_quads(store, g))
        return
    import multiprocessing
    chunks = [graphs[i:i + 32] for i in range(0, len(graphs), 32)]
    with multiprocessing.get_context("spawn").Pool(jobs, initializer=_open_reader, initargs=(str(location),)) as pool:
        for rows in pool.imap(_rows_in_reader, chunks):
            yield from rows


_READER: dict[str, ox.Store] = {}


def _open_reader(location: str) -> None:
    _READER["store"] = ox.Store.read_only(location)


def _rows_in_reader(graphs: list[str]) -> list[GraphRows]:
    store = _READER["store"]
    return [graph_rows(g, _stored_quads(store, g)) for g in graphs]


def _paged(q: DerivedQuery, params: dict[str, object] | None, limit: int | None,
           offset: int) -> tuple[str, dict[str, object]]:
    """The SQL of ``q`` and its bound parameters, cut to a page when ``limit`` or ``offset`` is given."""
    bound = dict(params or {})
    if limit is None and not offset:
        return q.sql, bound
    bound.update(_limit=-1 if limit is None else limit, _offset=offset)
    return f"SELECT * FROM ({q.sql}) LIMIT :_limit OFFSET :_offset", bound


# ---- rows ---------------------------------------------------------------------------------------
_CODE = "I" if array("I").itemsize == 4 else "L"  # unsigned 32-bit, as sent
_GC_LOCK = threading.Lock()
_GC = {"holds": 0, "enabled": False, "since": 0.0}  # answers being made; the collector's state before; held since
_GC_HELD_AT_MOST = 2.0  # seconds: a server making answers back to back lets it run this often


@contextlib.contextmanager
def _answer_without_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an answer's rows are made: a whole answer is
    hundreds of thousands of tuples and strings, none in a cycle, and the collector would walk them
    again and again as they are made (a quarter of the time of a 150,000-row answer). Counted, so
    threads making answers at once let it run again only when the last is done; and where answers
    follow each other without a pause (``igfkg serve`` under load), it still collects every
    ``_GC_HELD_AT_MOST`` seconds, so garbage in cycles cannot pile up."""
    with _GC_LOCK:
        if _GC["holds"] == 0:
            _GC["enabled"], _GC["since"] = gc.isenabled(), time.monotonic()
            gc.disable()
        _GC["holds"] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC["holds"] -= 1
            if _GC["enabled"]:
                if _GC["holds"] == 0:
                    gc.enable()
                elif time.monotonic() - _GC["since"] > _GC_HELD_AT_MOST:
                    gc.collect()
                    _GC["since"] = time.monotonic()


def _by_column(rows: list[tuple], width: int) -> list[Sequence]:
    """SQLite's ``rows`` turned into ``width`` columns."""
    return list(zip(*rows)) if rows else [() for _ in range(width)]


def encode_columns(columns: Iterable[Sequence]) -> tuple[list[list], list[str]]:
    """Each column as its distinct values (in order of first use) and, per row, the place of its
    value among them: unsigned 32-bit little-endian integers, base64 (what ``/derived`` sends).

    >>> encode_columns([["a", "b", "a"], [1, 1, 1]])
    ([['a', 'b'], [1]], ['AAAAAAEAAAAAAAAA', 'AAAAAAAAAAAAAAAA'])
    """
    values, codes = [], []
    for col in columns:
        at: dict = {}
        code = array(_CODE, [at.setdefault(v, len(at)) for v in col])
        if sys.byteorder == "big":
            code.byteswap()
        values.append(list(at))
        codes.append(base64.b64encode(code.tobytes()).decode("ascii"))
    return values, codes


@dataclass(frozen=True)
class Coded:
    """A column as sent: its distinct values and, per row, the place of its value among them."""
    values: Sequence
    codes: array

    def __iter__(self) -> Iterator:
        return map(self.values.__getitem__, self.codes)


def coded_columns(values: Sequence[Sequence], codes: Sequence[str], n: int) -> list[Coded]:
    """The columns :func:`encode_columns` made, checked (ValueError when they are not ``n`` rows long
    or point past their values)."""
    if len(values) != len(codes):
        raise ValueError(f"{len(values)} columns of values and {len(codes)} of codes")
    out = []
    for vals, text in zip(values, codes):
        code = array(_CODE)
        code.frombytes(base64.b64decode(text, validate=True))
        if sys.byteorder == "big":
            code.byteswap()
        if len(code) != n:
            raise ValueError(f"a column of {len(code)} rows in an answer of {n}")
        if n and max(code) >= len(vals):
            raise ValueError(f"a code past the column's {len(vals)} values")
        out.append(Coded(list(vals), code))
    return out


def decode_columns(values: Sequence[Sequence], codes: Sequence[str], n: int) -> list[list]:
    """The columns :func:`encode_columns` was given, from what it made.

    >>> decode_columns(*encode_columns([["a", "b", "a"], [1, 1, 1]]), 3)
    [['a', 'b', 'a'], [1, 1, 1]]
    """
    return [list(c) for c in coded_columns(values, codes, n)]


def _made(columns: Sequence[Sequence | Coded | None], make) -> list:
    """``make(value, *companions)`` for each row of ``columns`` (a column, then its companions or None
    for a missing one), called once per distinct combination: answers repeat IRIs, names, dates
    and counts. A column as sent (:class:`Coded`) is made from its distinct values, by its codes."""
    first, rest = columns[0], columns[1:]
    if all(c is None for c in rest):
        if isinstance(first, Coded):
            made = [make(v, *(None for _ in rest)) for v in first.values]
            return list(map(made.__getitem__, first.codes))
        made_by = {v: make(v, *(None for _ in rest)) for v in set(first)}
        return list(map(made_by.__getitem__, first))
    if all(c is None or isinstance(c, Coded) for c in columns):
        keys = list(zip(*(itertools.repeat(None) if c is None else c.codes for c in columns)))
        made_by = {k: make(*(None if c is None else c.values[i] for c, i in zip(columns, k))) for k in set(keys)}
    else:
        keys = list(zip(*(itertools.repeat(None) if c is None else c for c in columns)))
        made_by = {k: make(*k) for k in set(keys)}
    return list(map(made_by.__getitem__, keys))


def _plan(q: DerivedQuery, names: list[str], columns: Sequence) -> list[tuple[str, str, list]]:
    """Each output column of ``q``: its name, kind, and the columns it is made of (itself, its
    language, its datatype; None where SQLite gave none), out of ``columns`` named ``names``."""
    at = {name: i for i, name in enumerate(names)}
    missing = [c for c, _ in q.columns if c not in at]
    if missing:
        raise QueryError(f"derived query '{q.name}' has no column {', '.join(missing)}", path=q.path)
    return [(c, kind, [columns[at[c]]] + [columns[at[x]] if x in at else None for x in (c + "__lang", c + "__type")])
            for c, kind in q.columns]


def _rows(q: DerivedQuery, names: list[str], columns: Sequence[Sequence | Coded], n: int) -> Rows:
    """``n`` rows given by ``columns`` (SQLite's columns named ``names``, or the same sent by
    ``igfkg serve``) as the named query's rows of terms, made column by column (no Python step per
    row but the last zip)."""
    made = [_made(cols, functools.partial(_term_of, kind)) for _, kind, cols in _plan(q, names, columns)]
    rows = tuple(zip(*made)) if made else tuple(() for _ in range(n))
    return Rows(tuple(c for c, _ in q.columns), rows)


def _term_of(kind: str, v: object, lang: str | None, datatype: str | None) -> ox.NamedNode | ox.Literal | None:
    return _term(v, kind, lang, datatype)


_INTEGER = ox.NamedNode(_XSD + "integer")
_DECIMAL = ox.NamedNode(_XSD + "decimal")


def _term(v: object, kind: str, lang: str | None, datatype: str | None = None) -> ox.NamedNode | ox.Literal | None:
    if v is None:
        return None
    if datatype:
        return ox.Literal(str(v), datatype=ox.NamedNode(datatype))
    if kind == "iri":
        return ox.NamedNode(str(v))
    if kind == "int":
        return ox.Literal(str(int(v)), datatype=_INTEGER)  # type: ignore[call-overload]
    if kind == "dec":
        return ox.Literal(_decimal(float(v)), datatype=_DECIMAL)  # type: ignore[arg-type]
    if kind == "date":
        s = str(v)
        return ox.Literal(s, datatype=ox.NamedNode(_DATE_TYPES.get(len(s), _XSD + "date")))
    if lang:
        return ox.Literal(str(v), language=lang)
    return ox.Literal(str(v))


def _plain(v: object, kind: str, datatype: str | None) -> object:
    """The plain value ``queries.formats.plain`` gives for the term ``_term`` makes of ``v``."""
    if v is None:
        return None
    if datatype:
        from .formats import plain
        return plain(ox.Literal(str(v), datatype=ox.NamedNode(datatype)))
    if kind == "int":
        return int(v)  # type: ignore[call-overload]
    if kind == "dec":
        return float(_decimal(float(v)))  # type: ignore[arg-type]
    return str(v)


def _records(q: DerivedQuery, names: list[str], columns: Sequence[Sequence | Coded]) -> list[dict[str, object]]:
    """The rows given by ``columns`` (named ``names``) as :func:`_plain` values by output column,
    made column by column."""
    plan = _plan(q, names, columns)
    made = [_made([v, None, dt], functools.partial(_plain_of, kind)) for _, kind, (v, _lang, dt) in plan]
    cols = [c for c, _, _ in plan]
    return [dict(zip(cols, r)) for r in zip(*made)]


def _plain_of(kind: str, v: object, _lang: None, datatype: str | None) -> object:
    return _plain(v, kind, datatype)


def _decimal(x: float) -> str:
    """An xsd:decimal's canonical text, as the store writes it.

    >>> _decimal(0.5), _decimal(1.0), _decimal(0.125)
    ('0.5', '1', '0.125')
    """
    s = f"{x:.6f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


# ---- reading a graph from the store -------------------------------------------------------------
@dataclass
class GraphRows:
    """The index's rows of one graph, made from its triples by :func:`graph_rows` (where they come
    from, the store or the text just written to it, does not matter)."""

    graph: str
    meetings: list[tuple] = field(default_factory=list)
    attendees: list[tuple] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)
    statements: list[tuple] = field(default_factory=list)  # ..., (concepts,) last
    tallies: dict[str, list[tuple]] = field(default_factory=lambda: {k: [] for k in _TALLIES.values()})
    interactions: list[tuple] = field(default_factory=list)


def _one(facts: dict[str, list], pred: str) -> object | None:
    v = facts.get(pred)
    return v[0] if v else None


def _value(term: object | None) -> str | None:
    return None if term is None else term.value  # type: ignore[attr-defined]


def graph_rows(graph: str, triples: Iterable) -> GraphRows:
    """The rows of ``graph`` from its triples (pyoxigraph quads or triples)."""
    from .network import meeting_links

    wanted, typed = _wanted()
    facts: dict[object, dict[str, list]] = {}
    for t in triples:
        p = wanted.get(t.predicate)
        if p is None or p == _RDF_TYPE and t.object not in typed:
            continue
        facts.setdefault(t.subject, {}).setdefault(p, []).append(t.object)
    out = GraphRows(graph)
    for s, f in facts.items():
        kinds = {t.value for t in f.get(_RDF_TYPE, ())}
        if isinstance(s, ox.NamedNode) and (_IGF + "Meeting" in kinds or _SCHEMA + "attendee" in f):
            number, nxt = _one(f, _IGF + "meetingNumber"), _one(f, _IGF + "nextMeeting")
            report = _one(f, _PROV_DERIVED)
            out.meetings.append((s.value, graph, _value(_one(f, _DCT + "date")), int(_IGF + "Meeting" in kinds),
                                 _value(_one(f, _SCHEMA + "superEvent")), _value(number),
                                 None if number is None else number.datatype.value,  # type: ignore[attr-defined]
                                 _value(_one(f, _IGF + "moderator")),
                                 _value(_one(facts.get(nxt, {}), _DCT + "date")) if nxt is not None else None,
                                 _value(_one(facts.get(report, {}), _DCT + "title")) if report is not None else None))
        for p in f.get(_SCHEMA + "attendee", ()):
            out.attendees.append((graph, s.value, p.value))
        if _IGF + "AgendaItem" in kinds or _IGF + "itemNumber" in f:
            out.items.append((graph, s.value, _value(_one(f, _IGF + "itemNumber")), _value(_one(f, _DCT + "title"))))
        kind = next((_TALLIES[k] for k in kinds if k in _TALLIES), None)
        if kind is not None:
            m, n, d = _value(_one(f, _IGF + "tallyOf")), _value(_one(f, _IGF + "count")), _value(_one(f, _DCT + "date"))
            if m is None or n is None:
                continue
            if kind == "concept":
                sp, fp = _value(_one(f, _IGF + "speakers")), _value(_one(f, _IGF + "firstPosition"))
                out.tallies[kind].append((graph, m, _value(_one(f, _IGF + "concept")), d, int(n),
                                          None if sp is None else int(sp), None if fp is None else int(fp)))
            elif kind == "speaker":
                out.tallies[kind].append((graph, m, _value(_one(f, _IGF + "person")), d, int(n)))
            elif kind == "speaker_concept":
                out.tallies[kind].append((graph, m, _value(_one(f, _IGF + "person")), _value(_one(f, _IGF + "concept")), d, int(n)))
            else:
                out.tallies[kind].append((graph, m, _value(_one(f, _IGF + "person")), _value(_one(f, _IGF + "mentioned")), d, int(n)))
        if _IGF + "Statement" in kinds or (_SCHEMA + "text" in f and _IGF + "position" in f and _IGF + "inMeeting" in f):
            meeting, pos, text = _one(f, _IGF + "inMeeting"), _one(f, _IGF + "position"), _one(f, _SCHEMA + "text")
            if meeting is None or pos is None or text is None:
                continue
            start = end = exact = prefix = suffix = None
            src = _one(f, _IGF + "source")
            for sel in (facts.get(src, {}).get(_OA + "hasSelector", ()) if src is not None else ()):
                sf = facts.get(sel, {})
                if _OA + "start" in sf and _OA + "end" in sf:
                    start, end = int(sf[_OA + "start"][0].value), int(sf[_OA + "end"][0].value)
                if _OA + "exact" in sf:  # the quote: the text as the report has it, and around it
                    exact, prefix, suffix = (_value(_one(sf, _OA + k)) for k in ("exact", "prefix", "suffix"))
            out.statements.append((graph, meeting.value, int(pos.value), text.value, _value(_one(f, _IGF + "speaker")),
                                   _value(_one(f, _IGF + "reportingVerb")), _value(_one(f, _IGF + "agendaItem")), start, end,
                                   _value(_one(f, _IGF + "speakerText")), _value(_one(f, _IGF + "attribution")),
                                   _value(_one(f, _IGF + "speakerBody") or _one(f, _IGF + "speakerRole")),
                                   exact, prefix, suffix, tuple(sorted({c.value for c in f.get(_DCT + "subject", ())}))))
    turns = [{"meeting": st[1], "item": st[6] or "", "position": st[2], "speaker": st[4], "verb": st[5] or ""}
             for st in out.statements if st[4]]
    out.interactions = [(graph, meeting, a, b, n["weight"], n["sequence"], n["response"])
                        for meeting, links in meeting_links(turns).items() for (a, b), n in links.items()]
    return out


_PREDICATES = (_RDF_TYPE, _DCT + "date", _DCT + "title", _DCT + "subject", _SCHEMA + "attendee", _SCHEMA + "text",
               _SCHEMA + "superEvent", _OA + "hasSelector", _OA + "start", _OA + "end", _OA + "exact", _OA + "prefix",
               _OA + "suffix", _PROV_DERIVED) + tuple(_IGF + p for p in (
    "itemNumber", "tallyOf", "count", "speakers", "firstPosition", "person", "concept", "mentioned", "inMeeting",
    "position", "speaker", "reportingVerb", "agendaItem", "source", "meetingNumber", "moderator", "nextMeeting",
    "speakerText", "attribution", "speakerBody", "speakerRole"))
_TYPES = (_IGF + "Meeting", _IGF + "Statement", _IGF + "AgendaItem", *_TALLIES)


@functools.lru_cache(maxsize=1)
def _wanted() -> tuple[dict[ox.NamedNode, str], frozenset[ox.NamedNode]]:
    """The predicates the index reads (the others are skipped), and the classes of rdf:type it reads."""
    return {ox.NamedNode(p): p for p in _PREDICATES}, frozenset(ox.NamedNode(t) for t in _TYPES)


def _stored_quads(store: ox.Store, graph: str) -> Iterator[ox.Quad]:
    """The quads of ``graph`` the index reads, pattern by pattern (the store decodes no other)."""
    g, rdf_type = ox.NamedNode(graph), ox.NamedNode(_RDF_TYPE)
    wanted, typed = _wanted()
    for p in wanted:
        if p != rdf_type:
            yield from store.quads_for_pattern(None, p, None, g)
    for t in typed:
        yield from store.quads_for_pattern(None, rdf_type, t, g)


def rows_of_text(graph: str, text: str) -> GraphRows:
    """The rows of ``graph`` from N-Quads (its own quads are read; the shared graph's are left to
    the store-wide tables) or N-Triples (all of them are the graph's)."""
    if f"> <{graph}> .\n" in text or text.rstrip().endswith(f"<{graph}> ."):
        name = ox.NamedNode(graph)
        return graph_rows(graph, (q for q in ox.parse(text, format=ox.RdfFormat.N_QUADS) if q.graph_name == name))
    return graph_rows(graph, ox.parse(text, format=ox.RdfFormat.N_TRIPLES))


def _insert_rows(conn: sqlite3.Connection, rows: GraphRows, pairs: Counter) -> None:
    """One graph's rows (and its attendee pairs counted into ``pairs``)."""
    conn.execute("INSERT OR IGNORE INTO graph VALUES (?)", (rows.graph,))
    conn.executemany("INSERT INTO meeting VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows.meetings)
    conn.executemany("INSERT INTO attendee VALUES (?, ?, ?)", rows.attendees)
    conn.executemany("INSERT INTO item VALUES (?, ?, ?, ?)", rows.items)
    concepts = []
    for st in rows.statements:
        cur = conn.execute("INSERT INTO statement(graph, meeting, position, text, speaker, verb, item, start, end, "
                           "written, reason, on_behalf, exact, prefix, suffix) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", st[:15])
        concepts.extend((cur.lastrowid, c) for c in st[15])
    conn.executemany("INSERT INTO statement_concept VALUES (?, ?)", concepts)
    conn.executemany("INSERT INTO concept_tally VALUES (?, ?, ?, ?, ?, ?, ?)", rows.tallies["concept"])
    conn.executemany("INSERT INTO speaker_tally VALUES (?, ?, ?, ?, ?)", rows.tallies["speaker"])
    conn.executemany("INSERT INTO speaker_concept_tally VALUES (?, ?, ?, ?, ?, ?)", rows.tallies["speaker_concept"])
    conn.executemany("INSERT INTO mention_tally VALUES (?, ?, ?, ?, ?, ?)", rows.tallies["mention"])
    conn.executemany("INSERT INTO interaction VALUES (?, ?, ?, ?, ?, ?, ?)", rows.interactions)
    _count_pairs(pairs, rows.attendees, +1)


def _count_pairs(pairs: Counter, attendees: Iterable[tuple[str, str, str]], sign: int) -> None:
    by_meeting: dict[str, set[str]] = {}
    for _, m, p in attendees:
        by_meeting.setdefault(m, set()).add(p)
    for people in by_meeting.values():
        ordered = sorted(people)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs[(a, b)] += sign


def _delete_graph(conn: sqlite3.Connection, graph: str, pairs: Counter) -> None:
    _count_pairs(pairs, conn.execute("SELECT graph, meeting, person FROM attendee WHERE graph = ?", (graph,)).fetchall(), -1)
    conn.execute("DELETE FROM statement_concept WHERE statement IN (SELECT id FROM statement WHERE graph = ?)", (graph,))
    conn.execute("DELETE FROM statement WHERE graph = ?", (graph,))
    for t in _PER_GRAPH:
        conn.execute(f"DELETE FROM {t} WHERE graph = ?", (graph,))
    conn.execute("DELETE FROM graph WHERE graph = ?", (graph,))


def _upsert_pairs(conn: sqlite3.Connection, pairs: Counter) -> None:
    conn.executemany("INSERT INTO pair VALUES (?, ?, ?) ON CONFLICT(a, b) DO UPDATE SET meetings = meetings + excluded.meetings",
                     [(a, b, n) for (a, b), n in pairs.items() if n])
    conn.execute("DELETE FROM pair WHERE meetings <= 0")


def _speaker_keys(conn: sqlite3.Connection, graph: str) -> set[tuple[str, str | None]]:
    """The (speaker, concept) and (speaker, None) keys of the kept sums that ``graph``'s tallies count in."""
    return ({(p, c) for p, c in conn.execute("SELECT person, concept FROM speaker_concept_tally WHERE graph = ?", (graph,))}
            | {(p, None) for (p,) in conn.execute("SELECT person FROM speaker_tally WHERE graph = ?", (graph,))})


_SUM_CONCEPTS = ("SELECT person, concept, SUM(statements), COUNT(*), SUM(CASE WHEN date IS NOT NULL THEN statements END), "
                 "COUNT(date), MIN(date), MAX(date) FROM speaker_concept_tally")
_SUM_SPEAKERS = "SELECT person, SUM(statements) FROM speaker_tally"


def _sum_speakers(conn: sqlite3.Connection, keys: set[tuple[str, str | None]] | None) -> None:
    """Count the kept sums of ``keys`` again from the tallies (None: all of them): each speaker's
    statements (``speaker_sum``), and per concept their statements and meetings, in all and in
    dated meetings, and the first and last date (``speaker_concept_sum``). Recounting, not adding,
    keeps the first and last dates right when a meeting is taken away."""
    if keys is None:
        conn.execute("DELETE FROM speaker_concept_sum")
        conn.execute("DELETE FROM speaker_sum")
        conn.execute(f"INSERT INTO speaker_concept_sum {_SUM_CONCEPTS} GROUP BY person, concept")
        conn.execute(f"INSERT INTO speaker_sum {_SUM_SPEAKERS} GROUP BY person")
        return
    pairs = sorted((p, c) for p, c in keys if c is not None)
    people = sorted({(p,) for p, c in keys if c is None})
    conn.executemany("DELETE FROM speaker_concept_sum WHERE person = ? AND concept = ?", pairs)
    conn.executemany(f"INSERT INTO speaker_concept_sum {_SUM_CONCEPTS} WHERE person = ? AND concept = ? "
                     "GROUP BY person, concept", pairs)
    conn.executemany("DELETE FROM speaker_sum WHERE person = ?", people)
    conn.executemany(f"INSERT INTO speaker_sum {_SUM_SPEAKERS} WHERE person = ? GROUP BY person", people)


def _quads(store: ox.Store, pred: str) -> Iterator[ox.Quad]:
    return store.quads_for_pattern(None, ox.NamedNode(pred), None, None)


def _load_globals(conn: sqlite3.Connection, store: ox.Store) -> None:
    """People's names and the concepts (labels, kinds, schemes, broader), from every graph."""
    for t in ("name", "person", "label", "concept", "broader", "series"):
        conn.execute(f"DELETE FROM {t}")
    events = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_SCHEMA + "EventSeries"), None)}
    conn.executemany("INSERT OR IGNORE INTO series VALUES (?, ?)",
                     sorted({(q.subject.value, q.object.value) for e in sorted(events)
                             for q in store.quads_for_pattern(ox.NamedNode(e), ox.NamedNode(_SCHEMA + "name"), None, None)}))
    names = {(q.subject.value, q.object.value) for q in _quads(store, _FOAF_NAME)
             if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal)}
    conn.executemany("INSERT INTO name VALUES (?, ?, ?)", [(p, n, n.lower()) for p, n in sorted(names)])
    typed = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_FOAF + "Person"), None)}
    conn.executemany("INSERT INTO person VALUES (?, ?, ?)",
                     [(p, n, int(p in typed)) for p, n in conn.execute("SELECT person, MIN(name) FROM name GROUP BY person").fetchall()])
    labels = set()
    for kind in ("prefLabel", "altLabel", "hiddenLabel"):
        for q in _quads(store, _SKOS + kind):
            if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
                labels.add((q.subject.value, kind, q.object.value, q.object.language or "", q.object.value.lower()))
    conn.executemany("INSERT INTO label VALUES (?, ?, ?, ?, ?)", sorted(labels))
    kinds = {}
    for q in _quads(store, _IGF + "kind"):
        if isinstance(q.object, ox.Literal):
            kinds[q.subject.value] = (q.object.value, q.object.language or "")
    schemed = {q.subject.value for q in _quads(store, _SKOS + "inScheme") if q.object.value == _SCHEME}
    concepts = {lbl[0] for lbl in labels} | set(kinds) | schemed
    conn.executemany("INSERT INTO concept VALUES (?, ?, ?, ?)",
                     [(c, *kinds.get(c, (None, None)), int(c in schemed)) for c in sorted(concepts)])
    up: dict[str, set[str]] = {}
    for q in _quads(store, _SKOS + "broader"):
        if isinstance(q.object, ox.NamedNode):
            up.setdefault(q.subject.value, set()).add(q.object.value)
    closure = set()
    for sub in concepts | set(up):
        seen, todo = {sub}, [sub]
        while todo:
            for b in up.get(todo.pop(), ()):
                if b not in seen:
                    seen.add(b)
                    todo.append(b)
        closure.update((sub, c) for c in seen)
    conn.executemany("INSERT INTO broader VALUES (?, ?)", sorted(closure))


def _answer(name: str, doc: dict, base: str) -> tuple[DerivedQuery, list[str], list[Coded], int]:
    """What ``run_compact`` made (and ``/derived/NAME`` sent): the query's column plan, SQLite's column
    names, the columns and how many rows they hold."""
    q = DerivedQuery(name, "", tuple((str(c), str(k)) for c, k in doc["columns"]), base)
    n = int(doc["n"])
    return q, [str(x) for x in doc["names"]], coded_columns(doc["values"], doc["codes"], n), n


# ---- the index of a store served by ``igfkg serve`` ------------------------------------------------
class Unavailable(QueryError):
    """The endpoint's derived index cannot answer now (missing or stale): ask the store."""


class RemoteIndex:
    """The derived index of a store served by ``igfkg serve`` (``GET /derived/NAME?PARAM=VALUE``),
    used like a :class:`DerivedIndex` by the runner; an answer of 409 (not ready) raises
    :class:`Unavailable` and the runner asks the SPARQL endpoint instead."""

    def __init__(self, base: str, get) -> None:
        self.base, self._get = base, get  # get(url) -> (status, body bytes)

    def _fetch(self, path: str, params: dict[str, object]) -> bytes:
        from urllib.parse import urlencode
        status, body = self._get(f"{self.base}{path}?{urlencode({k: str(v) for k, v in params.items()})}")
        if status == 409:
            raise Unavailable(body.decode("utf-8", "replace"))
        if status != 200:
            raise QueryError(f"the endpoint's derived index answered {status}: {body.decode('utf-8', 'replace')[:300]}")
        return body

    def _json(self, path: str, params: dict[str, object]) -> dict:
        import json
        return json.loads(self._fetch(path, params))

    def run(self, name: str, params: dict[str, object] | None = None, *, limit: int | None = None,
            offset: int = 0) -> Rows:
        extra = ({"_limit": limit} if limit is not None else {}) | ({"_offset": offset} if offset else {})
        with self._reading(), _answer_without_gc():
            doc = self._json(f"/derived/{name}", {**(params or {}), **extra})
            q, names, columns, n = _answer(name, doc, self.base)
            return _rows(q, names, columns, n)

    def records(self, name: str, params: dict[str, object] | None = None) -> list[dict[str, object]]:
        """The rows of ``run`` as plain values (as :meth:`DerivedIndex.records`)."""
        with self._reading(), _answer_without_gc():
            doc = self._json(f"/derived/{name}", dict(params or {}))
            q, names, columns, _ = _answer(name, doc, self.base)
            return _records(q, names, columns)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except QueryError:
            raise
        except (KeyError, TypeError, ValueError) as e:  # binascii.Error (base64) is a ValueError
            raise QueryError(f"the endpoint at {self.base} sent an answer igfkg cannot read ({type(e).__name__}: {e})") from e

    def count(self, name: str, params: dict[str, object] | None = None) -> int:
        return int(self._json(f"/derived/{name}", {**(params or {}), "_count": 1})["count"])

    def interaction_links(self, lo: str | None = None, hi: str | None = None) -> tuple[list[tuple], dict[str, str]]:
        got = self._json("/derived/.interaction", {k: v for k, v in (("from", lo), ("to", hi)) if v})
        return [tuple(link) for link in got["links"]], got["speakers"]
