"""The run: a worker failure costs only its input, signals end a run promptly and cleanly, dead runs
are found, an operator's publication date stays, and command-line mistakes are messages, not traces.
Everything on SQLite and PostgreSQL; the signals on a real `timeline ingest` process."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.cli import main
from ingest.document import SourceDocument
from ingest.pipeline import IngestOptions, ingest, prepare
from ingest.readers import read_inputs
from store import writes
from store.db import transaction
from store.locks import process_start, this_host
from store.models import Document, EventMention, IngestRun, Mention
from tests.helpers import ARTICLE, write_article
from tests.test_ingest_runs import _alive, _children, make_corpus, per_document

ROOT = Path(__file__).resolve().parent.parent


def run(factory, specs, **kw):
    return ingest(factory, read_inputs([str(s) for s in specs]), label="test",
                  options=kw.pop("options", IngestOptions()), **kw)


def run_row(factory, run_id) -> IngestRun:
    with factory() as s:
        return s.get(IngestRun, run_id)


# --- a worker failure costs only its input ---------------------------------------------

def test_a_worker_that_dies_costs_only_the_input_it_was_analysing(factory, tmp_path, monkeypatch):
    import ingest.pipeline as pipeline

    folder = make_corpus(tmp_path / "news", 24)
    real = pipeline.analyse

    def dies_on_one(source, **kw):
        if source.key.endswith("art0007.txt"):
            os._exit(9)  # as if killed, or out of memory
        return real(source, **kw)

    monkeypatch.setattr(pipeline, "analyse", dies_on_one)  # the pool forks, so workers see it
    summary = run(factory, [folder], workers=2)
    assert (summary.new, summary.failed, summary.status) == (23, 1, "partial")
    assert summary.errors[0]["input"].endswith("art0007.txt")
    assert "analysis process stopped" in summary.errors[0]["error"]
    assert len(per_document(factory)) == 23


def test_an_input_that_cannot_be_sent_to_a_worker_costs_only_itself(factory):
    docs = [SourceDocument(key=f"mem:{i}", text=f"{i} " + ARTICLE, published=date(2016, 10, 3)) for i in range(5)]
    docs[2].metadata = {"handle": threading.Lock()}  # not picklable, whatever the depth limit
    summary = ingest(factory, docs, label="t", workers=1)
    assert (summary.new, summary.failed) == (4, 1)
    assert "could not be sent to an analysis process" in summary.errors[0]["error"]


# --- signals ---------------------------------------------------------------------------

def _cli(db_url, *args):
    return [sys.executable, "-m", "ingest.cli", "--database-url", db_url, "ingest", *args]


@pytest.mark.parametrize("signum, workers, group", [
    (signal.SIGTERM, 2, True),    # systemd and cron on timeout: the whole process group
    (signal.SIGINT, 2, False),    # Ctrl-C, or kill -INT
    (signal.SIGTERM, 0, False),   # analysis in the main process
], ids=["SIGTERM-group-workers", "SIGINT-workers", "SIGTERM-inline"])
def test_a_signal_ends_the_run_promptly_marked_interrupted_with_nothing_half_written(
        db_url, factory, tmp_path, signum, workers, group):
    total = 600
    folder = make_corpus(tmp_path / "news", total)
    proc = subprocess.Popen(_cli(db_url, "--json", "--batch-size", "10", "--workers", str(workers), str(folder)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while True:
        with factory() as s:
            stored = s.scalar(select(func.count()).select_from(Document))
        if stored >= 20:
            break
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    children = _children(proc.pid)
    if group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    # it stops what it does (a worker's current input included) rather than finish the run
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum, err.decode()
    assert "Traceback" not in err.decode() and "marked interrupted" in err.decode()
    summary = json.loads(out)
    assert summary["status"] == "interrupted" and summary["run_id"]
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in children)
    with factory() as s:
        runs = list(s.scalars(select(IngestRun)))
    assert [(r.id, r.status) for r in runs] == [(summary["run_id"], "interrupted")]
    assert signal.Signals(signum).name in json.dumps(runs[0].errors)
    partial = per_document(factory)
    assert 20 <= len(partial) < total
    # nothing half-written: every stored document has all its mentions
    expected = {s.key: len(prepare(s, IngestOptions()).articles[0][1]) for s in read_inputs([str(folder)])}
    assert all(expected[k] == n for k, (_h, n) in partial.items())
    # and the next run picks up the rest
    resumed = subprocess.run(_cli(db_url, "--json", str(folder)), capture_output=True, cwd=ROOT, timeout=300)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert json.loads(resumed.stdout)["new"] == total - len(partial)
    assert {k: n for k, (_h, n) in per_document(factory).items()} == expected
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(EventMention).where(EventMention.event_id.is_(None))) == 0


# --- dead runs ---------------------------------------------------------------------------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_runs_whose_process_is_gone_are_marked_interrupted_by_the_next_run_of_any_kind(factory, tmp_path):
    now = writes.utcnow()
    with transaction(factory) as s:
        dead_here = writes.start_run(s, "killed --no-lock run", {"locked": False}, pid=_dead_pid(), host=this_host())
        alive_here = writes.start_run(s, "this very process", {"locked": False, "process_start": process_start(os.getpid())},
                                      pid=os.getpid(), host=this_host())
        silent_elsewhere = writes.start_run(s, "another host, silent", {}, pid=1, host="elsewhere.example")
        silent_elsewhere.heartbeat_at = now - timedelta(hours=2)
        busy_elsewhere = writes.start_run(s, "another host, beating", {}, pid=1, host="elsewhere.example")
        legacy = writes.start_run(s, "recorded before heartbeats", {})
        legacy.started_at, legacy.heartbeat_at = now - timedelta(days=1), None
        ids = (dead_here.id, alive_here.id, silent_elsewhere.id, busy_elsewhere.id, legacy.id)
    # an unlocked run (--no-lock, or an API write) does the check too
    run(factory, [write_article(tmp_path, "a")], locked=False)
    statuses = [run_row(factory, i).status for i in ids]
    assert statuses == ["interrupted", "running", "interrupted", "running", "interrupted"]
    note = run_row(factory, ids[0]).errors[-1]["error"]
    assert "stopped before the run finished" in note and this_host() in note


def test_a_reused_process_id_does_not_keep_a_dead_run_alive(factory, tmp_path):
    with transaction(factory) as s:
        ghost = writes.start_run(s, "pid reused", {"process_start": "1"}, pid=os.getpid(), host=this_host())
        ghost_id = ghost.id
    run(factory, [write_article(tmp_path, "a")])
    assert run_row(factory, ghost_id).status == "interrupted"


def test_a_running_run_records_who_runs_it(factory, tmp_path):
    summary = run(factory, [write_article(tmp_path, "a")])
    row = run_row(factory, summary.run_id)
    assert (row.pid, row.host, row.status) == (os.getpid(), this_host(), "ok") and row.heartbeat_at


# --- an operator's publication date stays ---------------------------------------------------

def _resolved(factory) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(Mention).where(Mention.status == "resolved"))


def test_a_published_date_given_once_stays_until_another_or_none(db_url, factory, tmp_path, capsys):
    path = write_article(tmp_path, "a")
    base = ["--database-url", db_url, "ingest", "--json"]
    assert main(base + ["--published", "2016-10-03", str(path)]) == 0
    capsys.readouterr()
    with_date = _resolved(factory)
    assert with_date >= 3
    # the same file again, without --published: nothing changes
    assert main(base + [str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 1 and _resolved(factory) == with_date
    # the file changes: it is analysed again with the date it was given, and the run says so
    path.write_text(path.read_text(encoding="utf-8") + "وقال إن الوفد وصل أمس.\n", encoding="utf-8")
    assert main(base + [str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["changed"] == 1 and "kept the publication date 2016-10-03" in out["warnings"][0]["warning"]
    with factory() as s:
        doc = s.scalars(select(Document)).one()
        assert (doc.published, doc.operator_published, doc.anchor_date) == (date(2016, 10, 3),) * 3
    assert _resolved(factory) > with_date
    # a new date replaces it
    assert main(base + ["--published", "2016-11-01", str(path)]) == 0
    capsys.readouterr()
    with factory() as s:
        assert s.scalars(select(Document.operator_published)).one() == date(2016, 11, 1)
    # `none` drops it (and says so)
    assert main(base + ["--published", "none", str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["changed"] == 1 and "dropped" in out["warnings"][0]["warning"]
    with factory() as s:
        doc = s.scalars(select(Document)).one()
        assert (doc.published, doc.operator_published) == (None, None)


def test_a_date_given_with_timeline_anchor_stays_through_a_reingest(db_url, factory, tmp_path, capsys):
    path = write_article(tmp_path, "a")
    assert main(["--database-url", db_url, "ingest", "--quiet", str(path)]) == 0
    with factory() as s:
        doc_id = s.scalars(select(Document.id)).one()
    assert main(["--database-url", db_url, "anchor", str(doc_id), "--published", "2016-10-03"]) == 0
    path.write_text(path.read_text(encoding="utf-8") + "وأضاف أن الاجتماع انتهى.\n", encoding="utf-8")
    assert main(["--database-url", db_url, "ingest", "--quiet", str(path)]) == 0
    with factory() as s:
        assert s.scalars(select(Document.anchor_date)).one() == date(2016, 10, 3)
    assert main(["--database-url", db_url, "anchor", str(doc_id), "--published", "none"]) == 0
    with factory() as s:
        assert s.scalars(select(Document.operator_published)).one() is None


# --- the command line: the run's id, database URLs --------------------------------------------

def test_json_names_the_run_of_a_run_that_failed(db_url, factory, tmp_path, capsys, monkeypatch):
    from ingest.events import grouping as merge

    def broken(*_a, **_k):
        raise RuntimeError("grouping broke")

    monkeypatch.setattr(merge, "pending_units", broken)
    path = write_article(tmp_path, "a", published=date(2016, 10, 3))
    assert main(["--database-url", db_url, "ingest", "--json", str(path)]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "failed" and out["run_id"] and "grouping broke" in out["reason"]
    assert run_row(factory, out["run_id"]).status == "failed"


@pytest.mark.parametrize("url, message", [
    ("not a url", "is not a database URL"),
    ("postgresql://u@h:port/db", "is not a database URL"),
    ("mysql://u@localhost/db", "not supported"),
    ("postgresql+psycopg2://u@localhost/db", "not installed"),
])
def test_a_bad_database_url_is_a_message_and_exit_2(url, message):
    result = subprocess.run([sys.executable, "-m", "ingest.cli", "--database-url", url, "runs"],
                            capture_output=True, cwd=ROOT, timeout=60)
    err = result.stderr.decode()
    assert result.returncode == 2 and message in err and "Traceback" not in err
    assert "sqlite:///" in err or "psycopg" in err  # says what to write instead


def test_a_bad_database_url_in_the_environment_is_a_message_too(tmp_path):
    env = {**os.environ, "TIMELINE_DATABASE_URL": "postgres//oops"}
    result = subprocess.run([sys.executable, "-m", "ingest.cli", "runs"], capture_output=True, cwd=ROOT,
                            timeout=60, env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()


def test_postgres_scheme_is_postgresql(postgresql_url, capsys):
    from store.db import upgrade

    upgrade(postgresql_url)
    short = "postgres://" + postgresql_url.split("://", 1)[1]
    assert main(["--database-url", short, "runs"]) == 0
    assert main(["--database-url", short, "db", "current"]) == 0
    assert "code needs" in capsys.readouterr().out
