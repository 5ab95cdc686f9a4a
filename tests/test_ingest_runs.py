"""Scheduled re-ingest on a real database: idempotent runs of every kind, --prune, the run
lock, batches that fail, workers, concurrent writers and a run killed with SIGKILL."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.cli import main
from ingest.pipeline import IngestOptions, ingest, prepare
from ingest.readers import ReaderOptions, origin_of, read_inputs
from store import writes
from store.db import make_engine, transaction
from store.locks import LockBusy, run_lock
from store.models import Document, Event, EventMention, IngestRun, Mention
from tests.helpers import ARTICLE, write_article
from tests.webserver import site  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(factory, specs, reader_options=None, **kw):
    items = read_inputs([str(s) for s in specs], reader_options or ReaderOptions())
    return ingest(factory, items, label="test", options=kw.pop("options", IngestOptions()), **kw)


def counts(factory):
    with factory() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Document, Mention, Event))


def per_document(factory):
    """key → (content hash, number of mentions): what a complete, consistent store holds."""
    with factory() as s:
        rows = s.execute(select(Document.key, Document.content_hash, func.count(Mention.id))
                         .outerjoin(Mention).group_by(Document.id, Document.key, Document.content_hash)).all()
    return {k: (h, n) for k, h, n in rows}


def make_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        day = date(2015, 1, 1).toordinal() + i * 3
        write_article(folder, f"art{i:04d}", text=f"خبر رقم {i}\n\n" + ARTICLE, published=date.fromordinal(day))
    return folder


# --- idempotency for every kind ------------------------------------------------

def test_jsonl_reingest_skips_unchanged_and_replaces_a_changed_row(factory, tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = [{"id": f"r{i}", "text": f"خبر {i}: " + ARTICLE, "published": "2016-10-03"} for i in range(5)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n", encoding="utf-8")
    first = run(factory, [path])
    assert (first.new, first.failed, first.status) == (5, 1, "partial")
    assert "not valid JSON" in first.errors[0]["error"] and first.errors[0]["input"].endswith(":6")
    before = per_document(factory)
    second = run(factory, [path])
    assert (second.new, second.changed, second.unchanged) == (0, 0, 5)
    assert per_document(factory) == before
    rows[2]["text"] = rows[2]["text"].replace("غدا", "أمس")
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    third = run(factory, [path])
    assert (third.new, third.changed, third.unchanged, third.failed) == (0, 1, 4, 0)
    after = per_document(factory)
    changed = [k for k in after if after[k] != before[k]]
    assert len(changed) == 1 and changed[0].endswith("#id=r2")


LOCAL_LINKS = ReaderOptions(allow_private_links=True)  # the test server's pages are on 127.0.0.1


def test_feed_and_pages_reingest_unchanged(factory, site):
    specs = [site.url("feed.rss"), site.url("atom.xml"), site.url("article2.html")]
    first = run(factory, specs, LOCAL_LINKS)
    assert (first.new, first.failed) == (6, 0)
    with factory() as s:
        doc = s.scalars(select(Document).where(Document.key == site.url("feed.rss") + "#id=news-1001")).one()
        assert (doc.published, doc.source_kind, doc.origin) == (date(2016, 10, 3), "feed", site.url("feed.rss"))
        assert doc.url == site.url("article1.html")
    second = run(factory, specs, LOCAL_LINKS)
    assert (second.new, second.changed, second.unchanged) == (0, 0, 6)


def test_a_feed_that_fails_is_reported_and_the_others_go_in(factory, site):
    summary = run(factory, [site.url("gone.rss"), site.url("atom.xml")], ReaderOptions(format="feed"))
    assert (summary.new, summary.failed, summary.status) == (2, 1, "partial")
    assert "404" in summary.errors[0]["error"]


# --- prune ---------------------------------------------------------------------

def test_vanished_inputs_are_kept_unless_prune(factory, tmp_path):
    folder = make_corpus(tmp_path / "news", 3)
    (folder / "bad.txt").write_bytes(b"")  # unreadable but present: never pruned
    run(factory, [folder])
    (folder / "art0001.txt").unlink()
    kept = run(factory, [folder])
    assert kept.pruned == 0 and counts(factory)[0] == 3
    pruned = run(factory, [folder], prune_origins=[origin_of(str(folder))])
    assert pruned.pruned == 1
    with factory() as s:
        assert sorted(Path(k).name for k in s.scalars(select(Document.key))) == ["art0000.txt", "art0002.txt"]
        assert s.get(IngestRun, pruned.run_id).pruned == 1


def test_prune_leaves_an_origin_alone_when_it_could_not_be_read(factory, site, tmp_path):
    run(factory, [site.url("atom.xml")])
    (site.root / "atom.xml").unlink()
    summary = run(factory, [site.url("atom.xml")], prune_origins=[origin_of(site.url("atom.xml"))])
    assert summary.failed == 1 and summary.pruned == 0 and counts(factory)[0] == 2


def test_prune_feed_entries_that_left_the_feed(factory, site):
    feed = site.root / "atom.xml"
    run(factory, [site.url("atom.xml")])
    text = feed.read_text(encoding="utf-8")
    feed.write_text(text[:text.index("<entry>", text.index("</entry>"))] + "</feed>\n", encoding="utf-8")
    summary = run(factory, [site.url("atom.xml")], prune_origins=[origin_of(site.url("atom.xml"))])
    assert (summary.unchanged, summary.pruned) == (1, 1)


# --- batches, workers -------------------------------------------------------------

def test_one_failing_input_in_a_batch_costs_only_itself(factory, tmp_path, monkeypatch):
    folder = make_corpus(tmp_path / "news", 6)
    real = writes.save_document

    def flaky(session, row, *a, **k):
        if row.key.endswith("art0003.txt"):
            raise RuntimeError("constraint trouble")
        return real(session, row, *a, **k)

    monkeypatch.setattr(writes, "save_document", flaky)
    monkeypatch.setattr(writes, "BULK_NEW_DOCUMENTS", False)
    summary = run(factory, [folder], batch_size=10)
    assert (summary.new, summary.failed) == (5, 1)
    assert "art0003.txt" in summary.errors[0]["input"] and "constraint trouble" in summary.errors[0]["error"]
    monkeypatch.setattr(writes, "save_document", real)
    again = run(factory, [folder], batch_size=10)
    assert (again.new, again.unchanged) == (1, 5)


def test_a_failing_bulk_insert_falls_back_to_one_by_one(factory, tmp_path, monkeypatch):
    folder = make_corpus(tmp_path / "news", 5)

    def conflict(*_a, **_k):
        raise RuntimeError("duplicate key")  # as when another process stored one of them first

    monkeypatch.setattr(writes, "insert_new_documents", conflict)
    summary = run(factory, [folder], batch_size=10)
    assert (summary.new, summary.failed) == (5, 0) and counts(factory)[0] == 5


def test_a_pool_of_workers_stores_exactly_what_inline_analysis_does(factory, tmp_path):
    folder = make_corpus(tmp_path / "news", 30)
    one = run(factory, [folder], workers=0)
    snapshot = per_document(factory)
    with transaction(factory) as s:
        for doc in s.scalars(select(Document)):
            s.delete(doc)
    two = run(factory, [folder], workers=2, batch_size=7)
    assert (one.new, two.new) == (30, 30)
    assert per_document(factory) == snapshot


def test_analysis_failure_in_a_worker_is_reported(factory, tmp_path, monkeypatch):
    import ingest.pipeline as pipeline

    folder = make_corpus(tmp_path / "news", 4)
    real = pipeline.analyse

    def broken(source, **kw):
        if source.key.endswith("art0002.txt"):
            raise ValueError("tagger bug")
        return real(source, **kw)

    monkeypatch.setattr(pipeline, "analyse", broken)  # the pool forks, so workers see it
    summary = run(factory, [folder], workers=2)
    assert (summary.new, summary.failed) == (3, 1) and "tagger bug" in summary.errors[0]["error"]


# --- the run lock and the runs table ---------------------------------------------

def test_a_second_run_exits_cleanly_or_waits(db_url, tmp_path, capsys):
    path = write_article(tmp_path, "a", published=date(2016, 10, 3))
    engine = make_engine(db_url)
    with run_lock(engine):
        assert main(["--database-url", db_url, "ingest", str(path)]) == 0
        assert "another ingest is running" in capsys.readouterr().err
        assert main(["--database-url", db_url, "ingest", "--json", str(path)]) == 0
        assert json.loads(capsys.readouterr().out)["status"] == "skipped"
        with pytest.raises(LockBusy):
            with run_lock(engine, wait=0.3):
                pass
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(IngestRun)) == 0

    lock = run_lock(engine)
    lock.__enter__()
    threading.Timer(0.5, lambda: lock.__exit__(None, None, None)).start()
    assert main(["--database-url", db_url, "ingest", "--quiet", "--wait", "10", str(path)]) == 0
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Document)) == 1
    engine.dispose()


def test_runs_lists_counts_and_errors(db_url, tmp_path, capsys):
    write_article(tmp_path, "a", published=date(2016, 10, 3))
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["--database-url", db_url, "ingest", "--quiet", str(tmp_path)]) == 1
    capsys.readouterr()
    assert main(["--database-url", db_url, "runs", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "partial" in out and "new=1" in out and "failed=1" in out and "empty" in out
    assert main(["--database-url", db_url, "runs", "--json"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert (row["seen"], row["new"], row["failed"], row["pruned"]) == (2, 1, 1, 0)
    assert row["finished_at"] and row["errors"][0]["input"].endswith("empty.txt")


def test_ingest_json_summary_and_exit_codes(db_url, tmp_path, capsys, site):
    good = write_article(tmp_path, "a", published=date(2016, 10, 3))
    assert main(["--database-url", db_url, "ingest", "--json", str(good), site.url("gone.html")]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert (summary["new"], summary["failed"], summary["status"]) == (1, 1, "partial")
    assert main(["--database-url", db_url, "ingest", "--json", site.url("gone.html")]) == 2


def test_stdin_ingest_through_the_command_line(db_url, tmp_path):
    data = "\n".join(json.dumps({"id": i, "text": f"{i} " + ARTICLE, "published": "2016-10-03"}, ensure_ascii=False)
                     for i in range(3))
    cmd = [sys.executable, "-m", "ingest.cli", "--database-url", db_url, "ingest", "--json", "-"]
    first = subprocess.run(cmd, input=data.encode(), capture_output=True, cwd=ROOT, timeout=120)
    assert first.returncode == 0, first.stderr.decode()
    assert json.loads(first.stdout)["new"] == 3
    second = subprocess.run(cmd, input=data.encode(), capture_output=True, cwd=ROOT, timeout=120)
    assert json.loads(second.stdout)["unchanged"] == 3


def test_a_killed_run_is_marked_interrupted_by_the_next(factory, tmp_path):
    with transaction(factory) as s:
        stale = writes.start_run(s, "killed", {"locked": True})
        stale_id = stale.id
    run(factory, [write_article(tmp_path, "a")], locked=True)
    with factory() as s:
        assert s.get(IngestRun, stale_id).status == "interrupted"


# --- several processes, and SIGKILL -------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its parent's reaping is left


def _cli(db_url, *args):
    return [sys.executable, "-m", "ingest.cli", "--database-url", db_url, "ingest", *args]


def test_two_processes_at_once_store_no_duplicates(db_url, factory, tmp_path):
    folder = make_corpus(tmp_path / "news", 120)
    procs = [subprocess.Popen(_cli(db_url, "--no-lock", "--json", "--batch-size", "5", str(folder)),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err.decode()
    summaries = [json.loads(out) for out, _ in results]
    assert all(s["failed"] == 0 for s in summaries)
    assert sum(s["new"] for s in summaries) == 120  # each document was new to exactly one of them
    stored = per_document(factory)
    assert len(stored) == 120
    expected = {k: n for k, (_h, n) in stored.items()}
    for source in read_inputs([str(folder)]):
        assert expected[source.key] == len(prepare(source, IngestOptions()).articles[0][1])
    # both grouped evidence; each row went into one event, and no event is empty
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(EventMention).where(EventMention.event_id.is_(None))) == 0
        empty = s.scalar(select(func.count()).select_from(Event).where(
            ~Event.id.in_(select(EventMention.event_id).where(EventMention.event_id.is_not(None)))))
        assert empty == 0


def test_a_run_killed_with_sigkill_resumes_to_a_complete_store(db_url, factory, tmp_path):
    # enough articles that a busy machine still kills the run half-way
    total = 800
    folder = make_corpus(tmp_path / "news", total)
    proc = subprocess.Popen(_cli(db_url, "--quiet", "--batch-size", "10", "--workers", "2", str(folder)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.monotonic() + 120
    while counts(factory)[0] < 30:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    workers = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = counts(factory)[0]
    # Its worker processes die with it instead of waiting for work forever.
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers and not any(_alive(pid) for pid in workers)
    assert 30 <= partial < total
    # Whatever was committed is whole: every stored document has all its mentions.
    expected = {s.key: len(prepare(s, IngestOptions()).articles[0][1]) for s in read_inputs([str(folder)])}
    assert all(expected[k] == n for k, (_h, n) in per_document(factory).items())

    resumed = subprocess.run(_cli(db_url, "--json", str(folder)), capture_output=True, cwd=ROOT, timeout=300)
    assert resumed.returncode == 0, resumed.stderr.decode()
    summary = json.loads(resumed.stdout)
    assert summary["new"] == total - partial and summary["unchanged"] == partial
    assert {k: n for k, (_h, n) in per_document(factory).items()} == expected
    with factory() as s:
        statuses = [r.status for r in s.scalars(select(IngestRun).order_by(IngestRun.id))]
        # the killed run's evidence was grouped by the next: none is left out of the timeline
        pending = s.scalar(select(func.count()).select_from(EventMention).where(EventMention.event_id.is_(None)))
        assert pending == 0 and s.scalar(select(func.count()).select_from(Event)) > 0
    assert statuses == ["interrupted", "ok"]


def test_cron_runs_on_a_feed_do_not_fetch_stored_pages_again(factory, site):
    from ingest.pipeline import feed_options_salt, known_entry_check

    options = IngestOptions()
    reader = ReaderOptions(known_entry=known_entry_check(factory), salt=feed_options_salt(options),
                           allow_private_links=True)
    first = run(factory, [site.url("feed.rss")], reader)
    assert first.new == 3
    site.hits.clear()
    second = run(factory, [site.url("feed.rss")], reader)
    assert (second.new, second.changed, second.unchanged) == (0, 0, 3)
    # Only the page that was missing last time is tried again.
    assert site.hits == ["/feed.rss", "/missing.html"]
    # The feed changes one entry: only its page is fetched, and it is replaced.
    feed = site.root / "feed.rss"
    feed.write_text(feed.read_text(encoding="utf-8").replace("ستستأنف غدا.</description>", "ستستأنف بعد غد.</description>"),
                    encoding="utf-8")
    site.hits.clear()
    third = run(factory, [site.url("feed.rss")], reader)
    assert (third.unchanged, third.changed) == (2, 1)
    assert site.hits == ["/feed.rss", "/article1.html", "/missing.html"]
    # Other options (another --published) make every entry stale.
    other = IngestOptions(published=date(2016, 10, 10))
    reader = ReaderOptions(known_entry=known_entry_check(factory), salt=feed_options_salt(other), published=other.published,
                           allow_private_links=True)
    fourth = run(factory, [site.url("feed.rss")], reader, options=other)
    assert fourth.changed == 3


@pytest.mark.parametrize("workers", [0, 2])
def test_inputs_are_streamed_not_held(factory, monkeypatch, workers):
    """The first batch is written long before the input is exhausted: memory stays flat."""
    from ingest.document import SourceDocument

    total, pulled, pulled_at_first_write = 1000, [0], []

    def inputs():
        for i in range(total):
            pulled[0] += 1
            # distinct days: this test is about streaming, not about merging one busy day
            yield SourceDocument(key=f"mem:{i}", text=f"{i} " + ARTICLE,
                                 published=date(2016, 10, 3) + timedelta(days=7 * i))

    real = writes.insert_new_documents

    def spy(session, items, run_id=None):
        pulled_at_first_write.append(pulled[0])
        return real(session, items, run_id=run_id)

    monkeypatch.setattr(writes, "insert_new_documents", spy)
    summary = ingest(factory, inputs(), label="stream", workers=workers, batch_size=50)
    assert summary.new == total
    # a triage chunk, a batch and the workers' window, not all of them
    assert pulled_at_first_write[0] < 700


def test_a_page_that_loses_an_article_loses_its_row_but_others_stay(factory, tmp_path, samples_dir):
    """Within a changed page, vanished articles go (they are the page's own rows); this is
    not --prune, which is about inputs vanishing from a folder or feed."""
    page = tmp_path / "archive.txt"
    text = (samples_dir / "004_70da39c280d47621.txt").read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    (tmp_path / "archive.json").write_text('{"published": "2016-10-05"}', encoding="utf-8")
    first = run(factory, [page])
    with factory() as s:
        keys = sorted(s.scalars(select(Document.key)))
        last = s.scalars(select(Document).order_by(Document.position.desc())).first()
        cut = last.page_start
    assert first.new == 1 and len(keys) >= 3
    page.write_text(text[:cut], encoding="utf-8")
    second = run(factory, [page])
    assert second.changed == 1
    with factory() as s:
        after = sorted(s.scalars(select(Document.key)))
    assert after == [k for k in keys if k != last.key]
