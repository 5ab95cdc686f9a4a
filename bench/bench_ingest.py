"""End-to-end ingest throughput: a generated Arabic corpus into SQLite and PostgreSQL.

Not a test. Generates N articles from the seed texts (bench/make_corpus.py)
into a temporary folder, then for each backend and worker count ingests it
into a fresh database and ingests it again unchanged, each configuration in a
process of its own so that its peak memory is its own. Prints articles/s,
MB/s, peak memory and the re-ingest speed-up.

    python bench/bench_ingest.py                   # 20,000 articles, SQLite and PostgreSQL, 1 and 2 workers
    python bench/bench_ingest.py --articles 2000   # a quick run
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import DEFAULT_SEEDS, write_corpus  # noqa: E402

DEFAULT_PG = os.environ.get("TIMELINE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _cpu() -> float:
    """CPU seconds of this process and its finished workers: on a busy machine
    wall-clock rates drop, CPU per article does not."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def analysis_only(corpus: Path, limit: int) -> dict:
    """The analysis alone (read, tag, anchor, build rows; no database), for comparison."""
    from ingest.pipeline import IngestOptions, prepare
    from ingest.readers import read_inputs

    cpu0, began, count = _cpu(), time.perf_counter(), 0
    for source in read_inputs([str(corpus)]):
        prepare(source, IngestOptions())
        count += 1
        if count >= limit:
            break
    return {"seen": count, "seconds": time.perf_counter() - began, "cpu": _cpu() - cpu0}


def one(url: str, corpus: Path, workers: int, batch_size: int) -> dict:
    """Run inside a child process: first ingest, then the unchanged re-ingest."""
    from ingest.pipeline import IngestOptions, ingest
    from ingest.readers import read_inputs
    from sqlalchemy import func, select

    from store.db import make_engine, session_factory, upgrade
    from store.models import Event, EventMention

    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    result = {}
    for phase in ("first", "again"):
        cpu0 = _cpu()
        began = time.perf_counter()
        summary = ingest(factory, read_inputs([str(corpus)]), label=f"bench {phase}", options=IngestOptions(),
                         workers=workers, batch_size=batch_size)
        seconds = time.perf_counter() - began
        result[phase] = {"seconds": seconds, "cpu": _cpu() - cpu0, "seen": summary.seen, "new": summary.new,
                         "unchanged": summary.unchanged, "failed": summary.failed, "articles": summary.articles,
                         "bytes": summary.bytes}
    with factory() as session:  # what merging made of it: a run must leave nothing pending
        result["events"] = session.scalar(select(func.count()).select_from(Event))
        result["evidence"] = session.scalar(select(func.count()).select_from(EventMention))
        result["pending"] = session.scalar(select(func.count()).select_from(EventMention)
                                           .where(EventMention.event_id.is_(None)))
    engine.dispose()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = own / 1024          # the reader and writer
    result["worker_peak_mb"] = children / 1024  # the largest worker, if any
    return result


def _pg_database(admin_url: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"timeline_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure end-to-end ingest throughput.")
    parser.add_argument("--articles", type=int, default=20_000, help="articles to generate (default: 20000)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed .txt files")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--workers", default="1,2",
                        help="comma-separated worker counts (default: 1,2; 0 analyses inline)")
    parser.add_argument("--batch-size", type=int, default=50, help="inputs per transaction (default: 50)")
    parser.add_argument("--postgres-url", default=DEFAULT_PG,
                        help="a PostgreSQL URL allowed to create databases (a fresh one is made per run)")
    parser.add_argument("--corpus", type=Path, help="reuse this generated corpus instead of making one")
    parser.add_argument("--analysis-sample", type=int, default=2000,
                        help="articles to time the analysis alone on, without a database (default: 2000)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one:
        print(json.dumps(one(args.url, args.corpus, int(args.workers), args.batch_size)))
        return

    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            began = time.perf_counter()
            size = write_corpus(corpus, args.articles, args.seeds)
            print(f"corpus: {args.articles} articles, {size / 1e6:.1f} MB of text "
                  f"(generated in {time.perf_counter() - began:.1f} s)", flush=True)
        alone = analysis_only(corpus, args.analysis_sample)
        print(f"analysis alone (no database, one process): {alone['seen'] / alone['seconds']:.0f} articles/s, "
              f"{1000 * alone['cpu'] / alone['seen']:.2f} CPU ms/article", flush=True)
        print(f"{'backend':<11}{'workers':>8}{'articles/s':>12}{'MB/s':>8}{'seconds':>9}{'CPU ms/art':>11}"
              f"{'again/s':>10}{'speed-up':>9}{'peak MB':>9}{'worker MB':>10}{'evidence':>10}{'events':>8}",
              flush=True)
        for backend in args.backends.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                if backend == "sqlite":
                    url, drop = f"sqlite:///{Path(tmp) / f'bench-{workers}.sqlite3'}", (lambda: None)
                else:
                    url, drop = _pg_database(args.postgres_url)
                try:
                    proc = subprocess.run([sys.executable, __file__, "--one", "--url", url, "--corpus", str(corpus),
                                           "--workers", str(workers), "--batch-size", str(args.batch_size)],
                                          capture_output=True, text=True, cwd=ROOT)
                finally:
                    drop()
                if proc.returncode != 0:
                    print(f"{backend} x{workers} failed:\n{proc.stderr}", file=sys.stderr)
                    continue
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                first, again = r["first"], r["again"]
                rate = first["seen"] / first["seconds"]
                print(f"{backend:<11}{workers:>8}{rate:>12.0f}{first['bytes'] / 1e6 / first['seconds']:>8.2f}"
                      f"{first['seconds']:>9.1f}{1000 * first['cpu'] / first['seen']:>11.2f}"
                      f"{again['seen'] / again['seconds']:>10.0f}"
                      f"{first['seconds'] / again['seconds']:>8.1f}x{r['peak_mb']:>9.0f}{r['worker_peak_mb']:>10.0f}"
                      f"{r['evidence']:>10}{r['events']:>8}"
                      + (f"  (PENDING {r['pending']})" if r["pending"] else "")
                      + ("" if first["failed"] == 0 and again["unchanged"] == again["seen"] else
                         f"  (failed {first['failed']}, unchanged again {again['unchanged']}/{again['seen']})"),
                      flush=True)


if __name__ == "__main__":
    main()
