"""Benchmark the API at scale (not a test): 1,000,000 synthetic events on SQLite and PostgreSQL.

For each backend: create a database with the real migrations, bulk-load the
events (executemany in one transaction on SQLite, COPY on PostgreSQL, indexes
dropped during the load and rebuilt after), serve it with gunicorn on
127.0.0.1 and time, from a loopback client:

* /events?from=..&to=..&limit=100 over random one-month windows (p50, p99);
* page 1 and page 1000 of a cursor walk (limit=100).

The same SQLite file is also served by Datasette, timed on its JSON API for
the equivalent query, and the ratio printed.

    python -m bench.bench_api                      # full size (needs pip install -e '.[bench]')
    python -m bench.bench_api --events 20000       # a quick check

Targets: p99 <= 50 ms on both backends, page 1000 within 1.5x page 1.
"""
from __future__ import annotations

import argparse
import calendar
import contextlib
import http.client
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode, urlsplit

import psycopg
from sqlalchemy.engine import make_url

from bench import synthetic
from store.db import upgrade

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("TIMELINE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- loading -------------------------------------------------------------------

def _chunks(rows: Iterator[tuple], size: int = 20_000) -> Iterator[list[tuple]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sqlite_value(v):
    # As SQLAlchemy stores them on SQLite: ISO text.
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    return v.isoformat() if isinstance(v, date) else v


def load_sqlite(path: Path, n_events: int, n_docs: int) -> None:
    url = f"sqlite:///{path}"
    upgrade(url)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    # Indexes and the search triggers are rebuilt after the load (faster than row by row).
    saved = con.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name='events' "
                        "AND type IN ('index', 'trigger') AND sql IS NOT NULL").fetchall()
    con.execute("BEGIN")
    for kind, name, _ in saved:
        con.execute(f"DROP {kind.upper()} {name}")
    con.executemany(f"INSERT INTO documents ({','.join(synthetic.DOCUMENT_COLUMNS)}) VALUES "
                    f"({','.join('?' * len(synthetic.DOCUMENT_COLUMNS))})",
                    ([_sqlite_value(v) for v in r] for r in synthetic.documents(n_docs)))
    insert = (f"INSERT INTO events ({','.join(synthetic.EVENT_COLUMNS)}) VALUES "
              f"({','.join('?' * len(synthetic.EVENT_COLUMNS))})")
    done = 0
    for chunk in _chunks(synthetic.events(n_events, n_docs)):
        con.executemany(insert, ([_sqlite_value(v) for v in r] for r in chunk))
        done += len(chunk)
        if done % 200_000 == 0:
            log(f"  sqlite: {done:,} events")
    from store.search import document_sql, sqlite_fold_select

    con.execute(f"INSERT INTO events_fts(rowid, body) SELECT id, {sqlite_fold_select(document_sql())} FROM events")
    for _, _, sql in saved:
        con.execute(sql)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()


def load_postgresql(url: str, n_events: int, n_docs: int) -> None:
    upgrade(url)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as con:
        indexes = con.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events' "
                              "AND indexname <> 'pk_events'").fetchall()
        for name, _ in indexes:
            con.execute(f'DROP INDEX "{name}"')
        with con.cursor().copy(f"COPY documents ({','.join(synthetic.DOCUMENT_COLUMNS)}) FROM STDIN") as copy:
            for row in synthetic.documents(n_docs):
                copy.write_row(row)
        done = 0
        with con.cursor().copy(f"COPY events ({','.join(synthetic.EVENT_COLUMNS)}) FROM STDIN") as copy:
            for row in synthetic.events(n_events, n_docs):
                copy.write_row(row)
                done += 1
                if done % 200_000 == 0:
                    log(f"  postgresql: {done:,} events")
        for table in ("events", "documents"):
            con.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        con.commit()
        con.execute("SET maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            con.execute(definition)
        con.commit()
        con.autocommit = True
        con.execute("VACUUM ANALYZE events")
        con.execute("VACUUM ANALYZE documents")


# --- serving -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, path: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            con = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            con.request("GET", path)
            if con.getresponse().status == 200:
                con.close()
                return
        time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not come up")


@contextlib.contextmanager
def serve(cmd: list[str], port: int, health: str, env: dict | None = None) -> Iterator[None]:
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(port, health, proc)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def gunicorn(database_url: str, port: int, workers: int):
    cmd = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
           "--log-level", "warning", "wsgi:app"]
    return serve(cmd, port, "/api/v1/health", {"TIMELINE_DATABASE_URL": database_url, "TIMELINE_LOG_LEVEL": "WARNING"})


def datasette(path: Path, port: int):
    cmd = [sys.executable, "-m", "datasette", "serve", str(path), "-h", "127.0.0.1", "-p", str(port),
           "--setting", "sql_time_limit_ms", "20000", "--setting", "num_sql_threads", "2",
           # By default every table JSON request also computes facet suggestions
           # (~2.5 s here at 1M rows); off, so that only the query is compared.
           "--setting", "suggest_facets", "off"]
    return serve(cmd, port, "/-/versions.json")


# --- measuring -----------------------------------------------------------------

class Client:
    """One keep-alive loopback connection; returns (milliseconds, body)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str) -> tuple[float, bytes]:
        t = time.perf_counter()
        try:
            self.con.request("GET", path)
            response = self.con.getresponse()
        except (http.client.HTTPException, OSError):
            self.con.close()
            self.con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.con.request("GET", path)
            response = self.con.getresponse()
        body = response.read()
        ms = (time.perf_counter() - t) * 1000
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:300]!r}")
        return ms, body


def month_windows(n: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        y, m = rng.randint(1990, 2030), rng.randint(1, 12)
        out.append((date(y, m, 1).isoformat(), date(y, m, calendar.monthrange(y, m)[1]).isoformat()))
    return out


def percentiles(samples: list[float]) -> dict[str, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": round(statistics.median(samples), 2), "p99": round(q[98], 2), "n": len(samples)}


def bench_windows(client: Client, windows: list[tuple[str, str]], make_path, warmup: int = 20) -> dict:
    times, errors = [], []
    for i, w in enumerate(windows[:warmup] + windows):
        try:
            ms, _ = client.get(make_path(*w))
        except RuntimeError as exc:  # e.g. Datasette's SQL time limit: counted, not fatal
            errors.append(str(exc)[:200])
            continue
        if i >= warmup:
            times.append(ms)
    out = percentiles(times) if len(times) > 1 else {"n": len(times)}
    if errors:
        out["errors"] = len(errors)
        out["first_error"] = errors[0]
    return out


def api_window_path(start: str, end: str) -> str:
    return "/api/v1/events?" + urlencode({"from": start, "to": end, "limit": 100})


def datasette_window_path(db: str):
    def path(start: str, end: str) -> str:
        return f"/{db}/events.json?" + urlencode({"date_end__gte": start, "date_start__lte": end,
                                                  "_sort": "date_start", "_size": 100, "_shape": "objects",
                                                  "_nocount": 1})
    return path


def bench_cursor_walk(client: Client, pages: int, repeats: int) -> dict[str, float]:
    """Walk ``pages`` pages of 100, then time page 1 and page ``pages`` again, ``repeats`` times each.

    Page ``pages`` is fetched by its real cursor (the walk's), so it costs what
    a client following ``next`` links pays there."""
    first = "/api/v1/events?limit=100"
    path, last = first, first
    for _ in range(pages - 1):
        _, body = client.get(path)
        nxt = json.loads(body)["next"]
        if not nxt:
            break
        parts = urlsplit(nxt)
        last = path = f"{parts.path}?{parts.query}"
    # Interleaved, so that load from anything else on the machine hits both alike.
    page1, pageN = [], []
    for _ in range(repeats):
        page1.append(client.get(first)[0])
        pageN.append(client.get(last)[0])
    p1, pn = statistics.median(page1), statistics.median(pageN)
    return {"page_1_ms": round(p1, 2), f"page_{pages}_ms": round(pn, 2), "ratio": round(pn / p1, 2)}


# --- main ----------------------------------------------------------------------

def run(args: argparse.Namespace) -> dict:
    work = Path(args.workdir or tempfile.mkdtemp(prefix="timeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    windows = month_windows(args.requests)
    n_docs = max(1, args.events // 50)
    results: dict = {"events": args.events, "documents": n_docs, "requests": args.requests,
                     "workers": args.workers}
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    sqlite_path = work / "bench.sqlite3"

    if "sqlite" in backends:
        if sqlite_path.exists() and not args.reuse:
            sqlite_path.unlink()
        if not sqlite_path.exists():
            t = time.time()
            load_sqlite(sqlite_path, args.events, n_docs)
            results["sqlite_load_s"] = round(time.time() - t, 1)
            log(f"sqlite loaded in {results['sqlite_load_s']} s")
        port = free_port()
        with gunicorn(f"sqlite:///{sqlite_path}", port, args.workers):
            client = Client(port)
            results["sqlite_windows"] = bench_windows(client, windows, api_window_path)
            results["sqlite_cursor"] = bench_cursor_walk(client, args.pages, args.repeats)
        log("sqlite", results["sqlite_windows"], results["sqlite_cursor"])
        if not args.no_datasette:
            port = free_port()
            with datasette(sqlite_path, port):
                client = Client(port)
                ds = bench_windows(client, windows[: args.datasette_requests], datasette_window_path(sqlite_path.stem),
                                   warmup=5)
            results["datasette_windows"] = ds
            if "p50" in ds:
                results["datasette_over_api_p50"] = round(ds["p50"] / results["sqlite_windows"]["p50"], 2)
                results["datasette_over_api_p99"] = round(ds["p99"] / results["sqlite_windows"]["p99"], 2)
            log("datasette", ds)

    if "postgresql" in backends:
        name = f"timeline_bench_{uuid.uuid4().hex[:8]}"
        admin_dsn = make_url(PG_ADMIN).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
        try:
            t = time.time()
            load_postgresql(url, args.events, n_docs)
            results["postgresql_load_s"] = round(time.time() - t, 1)
            log(f"postgresql loaded in {results['postgresql_load_s']} s")
            port = free_port()
            with gunicorn(url, port, args.workers):
                client = Client(port)
                results["postgresql_windows"] = bench_windows(client, windows, api_window_path)
                results["postgresql_cursor"] = bench_cursor_walk(client, args.pages, args.repeats)
            log("postgresql", results["postgresql_windows"], results["postgresql_cursor"])
        finally:
            if not args.keep:
                with psycopg.connect(admin_dsn, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not args.workdir and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="synthetic events to load (default 1,000,000)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--requests", type=int, default=1000, help="one-month windows to time per backend")
    parser.add_argument("--datasette-requests", type=int, default=200, help="windows to time on Datasette")
    parser.add_argument("--pages", type=int, default=1000, help="depth of the cursor walk")
    parser.add_argument("--repeats", type=int, default=50, help="timings of page 1 and of the last page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2 cores here)")
    parser.add_argument("--workdir", help="where the SQLite file goes (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing SQLite file in --workdir")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--no-datasette", action="store_true", help="skip the Datasette comparison")
    args = parser.parse_args(argv)
    results = run(args)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    for backend in ("sqlite", "postgresql"):
        w, c = results.get(f"{backend}_windows"), results.get(f"{backend}_cursor")
        if w and c:
            ok = w["p99"] <= 50 and c["ratio"] <= 1.5
            print(f"{backend}: p50 {w['p50']} ms, p99 {w['p99']} ms; page 1 {c['page_1_ms']} ms vs page "
                  f"{args.pages} {c[f'page_{args.pages}_ms']} ms (x{c['ratio']}) -> {'OK' if ok else 'MISSED'}")
    if "datasette_over_api_p50" in results:
        print(f"datasette: p50 {results['datasette_windows']['p50']} ms, p99 {results['datasette_windows']['p99']} ms; "
              f"x{results['datasette_over_api_p50']} (p50) / x{results['datasette_over_api_p99']} (p99) the API on SQLite")
    return 0


if __name__ == "__main__":
    sys.exit(main())
