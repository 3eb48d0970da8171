"""Every command, given a wrong argument, a missing folder, a bad date or a bad query, answers with one
line naming what to fix and exit 2, never a traceback."""
from __future__ import annotations

import pytest

from conftest import SEED

#: the least each command needs to get as far as its store
REQUIRED: dict[str, list[str]] = {"ingest": [str(SEED)], "query": ["meetings"], "sparql": ["ASK {}"],
                                  "roles": ["x"], "network": ["--kind", "co-attendance"]}
WRITERS = ["export", "network", "export-popolo", "export-statements-csv"]


def commands() -> list[str]:
    from igfkg.cli import main
    return sorted(main.commands)


def one_line_exit_2(r) -> None:
    assert r.returncode == 2, (r.returncode, r.stdout[-500:], r.stderr[-2000:])
    assert "Traceback" not in r.stderr + r.stdout, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr


@pytest.mark.parametrize("command", commands())
def test_cli_errors_every_command_refuses_an_unknown_option(run_cli, command):
    one_line_exit_2(run_cli(command, *REQUIRED.get(command, []), "--no-such-option"))


@pytest.mark.parametrize("command", [c for c in commands() if c != "queries"])
def test_cli_errors_every_command_refuses_a_file_as_store(run_cli, command):
    r = run_cli(command, *REQUIRED.get(command, []), "--store", SEED)
    one_line_exit_2(r)
    assert str(SEED) in r.stderr


def test_cli_errors_walks_every_command():
    """The commands walked above are all there are (a new command is walked too)."""
    from igfkg.cli import main
    assert set(commands()) == set(main.commands) and len(commands()) >= 15


@pytest.mark.parametrize("command", WRITERS)
@pytest.mark.parametrize("output", ["missing/folder/out.txt", "."])
def test_cli_errors_output_into_a_missing_folder_or_a_folder(run_cli, seed_store, tmp_path, command, output):
    r = run_cli(command, *REQUIRED.get(command, []), "--store", seed_store, "-o", tmp_path / output)
    one_line_exit_2(r)
    assert "-o" in r.stderr


def test_cli_errors_binary_query_on_standard_input(seed_store):
    import subprocess

    from conftest import igfkg_command
    r = subprocess.run(igfkg_command() + ["sparql", "-", "--store", str(seed_store)], input=bytes(range(256)) * 4,
                       capture_output=True, timeout=120)
    r.stderr, r.stdout = r.stderr.decode("utf-8", "replace"), r.stdout.decode("utf-8", "replace")
    one_line_exit_2(r)
    assert "not UTF-8" in r.stderr


@pytest.mark.parametrize(("args", "says"), [
    (["query", "/etc"], "is a folder"),
    (["query", "BINARY"], "not a SPARQL query"),
    (["query", "missing.rq"], "no such query file"),
    (["sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"], "SERVICE clause"),
    (["sparql", "SELECT * WHERE { ?s ex:p ?o }"], "unknown prefix ex:"),
    (["sparql", "SELECT * WHERE { ?s ?p ?o "], "does not parse"),
    (["sparql", "INSERT DATA { <a:b> <a:c> <a:d> }"], "read-only"),
    (["network", "--kind", "co-attendance", "--from", "2025-13-01"], "month must be in 1..12"),
    (["network", "--kind", "co-attendance", "--from", "2025-02-30"], "day is out of range"),
    (["network", "--kind", "co-attendance", "--to", "31/01/2025"], "use YYYY-MM-DD"),
    (["query", "network-people-in-period", "-p", "start=2025-13-45", "-p", "end=2025-12-31"], "parameter start '2025-13-45' is not a date"),
    (["ingest", str(SEED), "--date", "2025-02-30"], "--date '2025-02-30' is not a date"),
    (["query", "meetings", "-p", "nokeyvalue"], "KEY=VALUE"),
    (["roles"], "Missing argument"),
    (["nosuchcommand"], "No such command"),
])
def test_cli_errors_bad_input_is_one_line(run_cli, seed_store, tmp_path, args, says):
    binary = tmp_path / "binary.rq"
    binary.write_bytes(bytes(range(256)) * 4)
    args = [str(binary) if a == "BINARY" else a for a in args]
    store = [] if args[0] == "nosuchcommand" else ["--store", seed_store if args[0] != "ingest" else tmp_path / "s"]
    r = run_cli(*args, *store)
    one_line_exit_2(r)
    assert says in r.stderr
