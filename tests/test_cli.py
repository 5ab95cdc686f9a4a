"""The command line: help everywhere, clear errors, cron-friendly exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from ingest.cli import build_parser, main
from tests.helpers import write_article

COMMANDS = [["db"], ["db", "upgrade"], ["db", "current"], ["ingest"], ["extract"], ["eval"], ["anchor"], ["runs"], ["serve"]]


@pytest.mark.parametrize("command", [[]] + COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(command + ["--help"])
    assert exit_info.value.code == 0
    assert "usage: timeline" in capsys.readouterr().out


def test_bad_date_argument_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--dct", "27/10/2015", "x.txt"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "2016-10-03" in err and "Traceback" not in err


def test_extract_prints_the_contract_fields(tmp_path, capsys):
    path = write_article(tmp_path, "a")
    assert main(["extract", "--dct", "2016-10-03", str(path)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = path.read_text(encoding="utf-8")
    assert rows
    for row in rows:
        assert {"file", "start", "end", "text", "type", "value", "granularity", "date_start", "date_end", "rule"} <= set(row)
        assert row["file"] == str(path)
        assert text[row["start"]:row["end"]] == row["text"]
    assert "2016-10-03" in [r["value"] for r in rows]


def test_extract_reports_unreadable_files_and_goes_on(tmp_path, capsys):
    good = write_article(tmp_path, "a")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["extract", str(empty), str(good)]) == 1
    captured = capsys.readouterr()
    assert "empty" in captured.err and captured.out


def test_ingest_requires_an_upgraded_database(tmp_path, capsys):
    path = write_article(tmp_path, "a")
    code = main(["--database-url", f"sqlite:///{tmp_path / 'new.sqlite3'}", "ingest", str(path)])
    assert code == 2
    assert "timeline db upgrade" in capsys.readouterr().err


def test_upgrade_ingest_anchor_and_runs(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    path = write_article(tmp_path, "a")
    assert main(["--database-url", url, "db", "upgrade"]) == 0
    assert main(["--database-url", url, "ingest", "--json", str(path)]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(out)["new"] == 1
    assert main(["--database-url", url, "anchor", "1", "--published", "2016-10-03"]) == 0
    assert "2016-10-03" in capsys.readouterr().out
    assert main(["--database-url", url, "anchor", "99", "--published", "2016-10-03"]) == 2
    assert "no document" in capsys.readouterr().err
    assert main(["--database-url", url, "runs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["status"] == "ok"


def test_ingest_exit_codes(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    main(["--database-url", url, "db", "upgrade"])
    good = write_article(tmp_path, "a")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["--database-url", url, "ingest", "--quiet", str(good)]) == 0
    assert main(["--database-url", url, "ingest", "--quiet", str(good), str(empty)]) == 1
    assert main(["--database-url", url, "ingest", "--quiet", str(empty)]) == 2
    assert "empty" in capsys.readouterr().err


def test_console_script_is_installed():
    result = subprocess.run([sys.executable, "-m", "ingest.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "timeline" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--workers", "-1"], "--workers"),
    (["--batch-size", "0"], "--batch-size"),
    (["--timeout", "0"], "--timeout"),
    (["-", "-"], "standard input"),
])
def test_ingest_option_mistakes_are_one_line_errors(tmp_path, capsys, args, message):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    main(["--database-url", url, "db", "upgrade"])
    capsys.readouterr()
    paths = [] if "-" in args else [str(write_article(tmp_path, "a"))]
    assert main(["--database-url", url, "ingest", *args, *paths]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_ingest_bad_format_choice_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", "--format", "pdf", "x"])
    assert exit_info.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_a_run_that_fails_exits_2_and_is_recorded(tmp_path, capsys, monkeypatch):
    import ingest.pipeline as pipeline

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    main(["--database-url", url, "db", "upgrade"])
    path = write_article(tmp_path, "a")

    def die(*_a, **_k):
        raise RuntimeError("worker process died")

    monkeypatch.setattr(pipeline._Run, "write", die)
    assert main(["--database-url", url, "ingest", "--quiet", str(path)]) == 2
    assert "worker process died" in capsys.readouterr().err
    assert main(["--database-url", url, "runs", "--json"]) == 0
    run = json.loads(capsys.readouterr().out.splitlines()[0])
    assert run["status"] == "failed" and "worker process died" in run["errors"][-1]["error"]


def test_ingest_help_lists_the_source_options(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    out = capsys.readouterr().out
    for option in ("--format", "--include", "--exclude", "--full-text", "--prune", "--workers", "--wait",
                   "--quiet", "--json", "--stdin-key", "--batch-size", "--no-lock"):
        assert option in out


def test_progress_bar_on_a_terminal(tmp_path, capsys, monkeypatch):
    from tests.helpers import ARTICLE

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    main(["--database-url", url, "db", "upgrade"])
    for i in range(3):
        write_article(tmp_path, f"a{i}", text=f"{i}\n" + ARTICLE)
    capsys.readouterr()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["--database-url", url, "ingest", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "ingest: " in captured.err and "3doc" in captured.err.replace(" ", "")  # tqdm's counter
    assert "run 1: 3 seen, 3 new" in captured.out
