"""The named queries against Virtuoso open source (Debian's ``virtuoso-opensource``), started here on
a fresh database loaded from ``igfkg export --format nquads`` of the seed store, through
``--store http://127.0.0.1:PORT/sparql``. Skipped, saying why, where the package is not installed
(``apt-get install virtuoso-opensource``)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from conftest import igfkg_command

from igfkg.endpoint import free_port
from queries.formats import records

VIRTUOSO, ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
pytestmark = pytest.mark.skipif(not (VIRTUOSO and ISQL), reason="Virtuoso is not installed here "
                                "(apt-get install virtuoso-opensource gives virtuoso-t and isql-vt)")

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql}
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = {http}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""

# Named queries whose text Virtuoso 7.2 does not run, with what it says (tested below, so a fix shows).
DIFFERS: dict[str, str] = {}


def _wait(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("virtuoso-t stopped while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"virtuoso-t did not listen on {port} within {seconds:g} s")


@pytest.fixture(scope="module")
def virtuoso(seed_store, tmp_path_factory):
    """A Virtuoso endpoint URL holding the seed store's quads."""
    d = tmp_path_factory.mktemp("virtuoso")
    dump = d / "load"
    dump.mkdir()
    r = subprocess.run(igfkg_command() + ["export", "--store", str(seed_store), "--format", "nquads", "-o", str(dump / "store.nq")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    sql, http = free_port(), free_port()
    (d / "virtuoso.ini").write_text(INI.format(d=d, sql=sql, http=http))
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(d / "virtuoso.ini")],
                            cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(sql, proc)
        _wait(http, proc)
        load = f"ld_dir('{dump}', '*.nq', 'https://w3id.org/igfkg/id/graph/loaded'); rdf_loader_run(); checkpoint;"
        out = subprocess.run([ISQL, str(sql), "dba", "dba", f"exec={load}"], capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stdout + out.stderr
        yield f"http://127.0.0.1:{http}/sparql"
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _value(v: object) -> object:
    """A cell as both engines agree on it. They differ in two things SPARQL leaves open: the order of
    GROUP_CONCAT's parts (compared as sets here) and GROUP_CONCAT over nothing (Oxigraph: unbound,
    Virtuoso: "")."""
    if v is None or v == "":
        return ""
    text = str(v)
    for sep in (" | ", "\n"):
        if sep in text:
            return tuple(sorted(text.split(sep)))
    return text


def _same(a, b) -> bool:
    norm = lambda rows: sorted(tuple(map(_value, r.values())) for r in records(rows))  # noqa: E731
    return norm(a) == norm(b)


def _params(name: str) -> dict[str, str]:
    from queries.run import load_query
    samples = {"person": "Olufuye", "concept": "IGF", "by": "quarter", "start": "2025-01-01", "end": "2025-12-31",
               "last": "3", "organisation": "Secretariat", "meeting": "https://w3id.org/igfkg/id/meeting/mag-working-group-on-igf-strengthening-and-strategy/2025-07-17"}
    iris = {"person": "https://w3id.org/igfkg/id/person/jimson-olufuye", "concept": "https://w3id.org/igfkg/concept/internet-governance-forum"}
    return {p.name: iris.get(p.name, samples["meeting"]) if p.type == "iri" else samples.get(p.name, "IGF")
            for p in load_query(name).params}


@pytest.mark.parametrize("name", sorted(__import__("queries.run", fromlist=["named_queries"]).named_queries()))
def test_virtuoso_named_queries_give_the_embedded_answers(virtuoso, seed_store, name):
    from igfkg.core import Igfkg
    params = _params(name)
    if name in DIFFERS:
        pytest.skip(DIFFERS[name])
    here = Igfkg(str(seed_store), read_only=True).query(name, params)
    there = Igfkg(virtuoso, read_only=True).query(name, params)
    assert _same(here, there), _debug_diff(virtuoso, seed_store, name, params)


def _debug_diff(virtuoso, seed_store, name, params=None):  # pragma: no cover - a helper for reading a failure
    from igfkg.core import Igfkg
    here = records(Igfkg(str(seed_store), read_only=True).query(name, params or {}))
    there = records(Igfkg(virtuoso, read_only=True).query(name, params or {}))
    return [{k: (a[k], b.get(k)) for k in a if _value(a[k]) != _value(b.get(k))}
            for a, b in zip(sorted(here, key=str), sorted(there, key=str)) if a != b][:3]
