"""`timeline`: the command line. Every subcommand has --help; user mistakes get a
one-line message and exit code 2, never a stack trace.

Exit codes (cron-friendly): 0 all good, 1 some inputs failed (listed), 2 the
command itself failed.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from config import load_settings
from ingest.readers import FORMATS

log = logging.getLogger("timeline")

EXIT_OK, EXIT_SOME_FAILED, EXIT_FAILED = 0, 1, 2


class UserError(Exception):
    """A mistake the user can fix; printed without a trace."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2016-10-03, got {text!r}") from None


FORGET = "none"


def published_date(text: str) -> date | str:
    """--published: a date, or `none` to drop a date an earlier run supplied."""
    if text.strip().lower() == FORGET:
        return FORGET
    return iso_date(text)


def date_range(text: str) -> tuple[date, date]:
    try:
        first, last = (date.fromisoformat(p) for p in text.split(":"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a range like 2014-01-01:2017-12-31, got {text!r}") from None
    if first > last:
        raise argparse.ArgumentTypeError(f"the range {text!r} ends before it starts")
    return first, last


def _database_url(args: argparse.Namespace) -> str:
    from store.db import database_url

    return database_url(args.database_url or load_settings().database_url)


def _ready_factory(url: str):
    from store.db import check_schema, make_engine, session_factory, SchemaNotReady

    engine = make_engine(url)
    try:
        check_schema(engine)
    except SchemaNotReady as exc:
        raise UserError(str(exc)) from None
    return session_factory(engine)


# --- db -------------------------------------------------------------------

def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from store.db import upgrade

    url = _database_url(args)
    upgrade(url, args.revision)
    print(f"database at revision {args.revision}: {_safe_url(url)}")
    return EXIT_OK


def cmd_db_current(args: argparse.Namespace) -> int:
    from store.db import current_revision, head_revision, make_engine

    url = _database_url(args)
    current = current_revision(make_engine(url))
    print(f"current: {current or 'none (run `timeline db upgrade`)'}; code needs: {head_revision(url)}")
    return EXIT_OK


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# --- ingest ---------------------------------------------------------------

def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import IngestOptions, RunSummary, feed_options_salt, ingest, known_entry_check
    from ingest.readers import ReaderOptions, origin_of, read_inputs
    from store.locks import LockBusy, run_lock

    if args.workers < 0:
        raise UserError("--workers must be 0 or more")
    if args.batch_size < 1:
        raise UserError("--batch-size must be 1 or more")
    if args.timeout <= 0:
        raise UserError("--timeout must be more than 0 seconds")
    if args.paths.count("-") > 1:
        raise UserError("standard input (-) can be read only once")
    factory = _ready_factory(_database_url(args))
    engine = factory.kw["bind"]
    earliest, latest = args.published_range or (None, None)
    forget = args.published == FORGET
    published = None if forget else args.published
    options = IngestOptions(published=published, earliest=earliest, latest=latest, forget_published=forget)
    reader_options = ReaderOptions(
        format=args.format, published=published, full_text=args.full_text, timeout=args.timeout,
        include=tuple(args.include) if args.include else ReaderOptions.include,
        exclude=tuple(args.exclude or ()), stdin_key=args.stdin_key,
        allow_private_links=args.allow_private_links or load_settings().allow_private_links,
        known_entry=known_entry_check(factory), salt=feed_options_salt(options))
    items = read_inputs(args.paths, reader_options)
    label = " ".join(str(p) for p in args.paths)
    bar = None
    if not args.quiet and not args.json and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="ingest", unit="doc", file=sys.stderr)
    lock = contextlib.nullcontext() if args.no_lock else run_lock(engine, wait=args.wait)
    summary = RunSummary()
    try:
        with lock:
            ingest(factory, items, label=label, options=options,
                   on_progress=(lambda _item: bar.update(1)) if bar is not None else None,
                   workers=args.workers, batch_size=args.batch_size,
                   prune_origins=[origin_of(p) for p in args.paths] if args.prune else (),
                   locked=not args.no_lock, summary=summary)
    except LockBusy as exc:
        # Cron started us while the previous run still works: not a failure.
        if args.json:
            print(json.dumps({"run_id": None, "status": "skipped", "reason": str(exc)}))
        elif not args.quiet:
            print(f"timeline: {exc}; this run is skipped (use --wait SECONDS to wait for it)", file=sys.stderr)
        return EXIT_OK
    except KeyboardInterrupt as exc:  # SIGINT or SIGTERM: the run is recorded as interrupted
        if bar is not None:
            bar.close()
            bar = None
        if args.json:
            print(json.dumps({**summary.as_dict(), "status": "interrupted", "reason": str(exc) or "interrupted"},
                             ensure_ascii=False))
        signum = getattr(exc, "signum", signal.SIGINT)
        print(f"timeline: {str(exc) or 'interrupted'}; run {summary.run_id} is marked interrupted, "
              "everything it stored is complete and the next run picks up the rest", file=sys.stderr)
        return 128 + int(signum)
    except UserError:
        raise
    except Exception as exc:  # the database went away, a worker died...: the run failed (recorded as such)
        log.debug("ingest run failed", exc_info=True)
        detail = getattr(exc, "orig", None) or exc
        if args.json:
            print(json.dumps({**summary.as_dict(), "status": "failed", "reason": str(detail)}, ensure_ascii=False))
        print(f"timeline: the ingest run failed: {type(exc).__name__}: {detail}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    elif not args.quiet or summary.failed:
        pruned = f", {summary.pruned} pruned" if args.prune else ""
        print(f"run {summary.run_id}: {summary.seen} seen, {summary.new} new, {summary.changed} changed, "
              f"{summary.unchanged} unchanged, {summary.failed} failed{pruned} ({summary.seconds:.1f} s)")
    if not args.json:
        for err in summary.errors:
            print(f"  failed: {err['input']}: {err['error']}", file=sys.stderr)
        if not args.quiet:
            for warning in summary.warnings:
                print(f"  warning: {warning['input']}: {warning['warning']}", file=sys.stderr)
    if summary.failed and summary.failed == summary.seen:
        return EXIT_FAILED
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


# --- extract --------------------------------------------------------------

def _read_manifest(path: str) -> dict[str, date | None]:
    """A manifest's dct per file base name (rows ``{"file": NAME, "dct": "YYYY-MM-DD" or null}``)."""
    out: dict[str, date | None] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.readlines()
    except OSError as exc:
        raise UserError(f"cannot read the manifest {path} ({exc.strerror})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            name = os.path.basename(str(row["file"]))
            dct = date.fromisoformat(row["dct"]) if row.get("dct") else None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise UserError(f"{path}, line {n}: expected {{\"file\": NAME, \"dct\": \"YYYY-MM-DD\" or null}}") from None
        out[name] = dct
    return out


def cmd_extract(args: argparse.Namespace) -> int:
    from ingest.extract import extract_rows
    from ingest.sources import InputError, read_text_file

    earliest, latest = args.published_range or (None, None)
    manifest = _read_manifest(args.manifest) if args.manifest else {}
    failed = 0
    out = sys.stdout
    for name in args.files:
        dct = manifest.get(os.path.basename(name), args.dct)
        try:
            source = read_text_file(Path(name), published=dct, label=name)
        except InputError as exc:
            print(f"timeline extract: {exc}", file=sys.stderr)
            failed += 1
            continue
        for row in extract_rows(source, dct=dct, earliest=earliest, latest=latest, file_label=name):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()
    if failed:
        return EXIT_FAILED if failed == len(args.files) else EXIT_SOME_FAILED
    return EXIT_OK


# --- eval -----------------------------------------------------------------

def cmd_eval(args: argparse.Namespace) -> int:
    from ingest import evaluate

    argv = [args.gold, "--manifest", args.manifest]
    if args.files_dir:
        argv += ["--files-dir", args.files_dir]
    return evaluate.main(argv)


# --- anchor ---------------------------------------------------------------

def cmd_anchor(args: argparse.Namespace) -> int:
    from ingest.pipeline import DocumentNotFound, reanchor
    from store.db import transaction

    factory = _ready_factory(_database_url(args))
    try:
        with transaction(factory) as session:
            doc = reanchor(session, args.document_id, None if args.published == FORGET else args.published)
            resolved = sum(1 for m in doc.mentions if m.status in ("resolved", "uncertain"))
            print(f"document {doc.id} anchored at {doc.anchor_value or 'nothing'} ({doc.published_basis}); "
                  f"{resolved} of {len(doc.mentions)} mentions resolved")
    except DocumentNotFound as exc:
        raise UserError(str(exc)) from None
    return EXIT_OK


# --- events ---------------------------------------------------------------

def cmd_events_regroup(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from ingest.events import grouping
    from store.db import transaction
    from store.locks import LockBusy, run_lock
    from store.models import Event, EventMention

    factory = _ready_factory(_database_url(args))
    try:
        with run_lock(factory.kw["bind"], wait=args.wait):
            with transaction(factory) as session:
                before = session.scalar(select(func.count()).select_from(Event))
                grouping.recompute_all(session)
                rows = session.scalar(select(func.count()).select_from(EventMention))
                after = session.scalar(select(func.count()).select_from(Event))
    except LockBusy as exc:
        raise UserError(f"{exc}; try again when it has finished, or pass --wait SECONDS") from None
    print(f"regrouped {rows} pieces of evidence into {after} events (there were {before})")
    return EXIT_OK


# --- runs -----------------------------------------------------------------

def run_as_dict(r) -> dict:
    return {"id": r.id, "started_at": r.started_at.isoformat(),
            "finished_at": r.finished_at.isoformat() if r.finished_at else None,
            "source": r.source, "status": r.status, "seen": r.seen, "new": r.new,
            "changed": r.changed, "unchanged": r.unchanged, "failed": r.failed,
            "pruned": r.pruned, "errors": r.errors, "warnings": r.warnings, "pid": r.pid, "host": r.host,
            "heartbeat_at": r.heartbeat_at.isoformat() if r.heartbeat_at else None}


def cmd_runs(args: argparse.Namespace) -> int:
    from store import queries

    factory = _ready_factory(_database_url(args))
    with factory() as session:
        runs = queries.list_runs(session, args.limit)
        for r in runs:
            if args.json:
                print(json.dumps(run_as_dict(r), ensure_ascii=False))
                continue
            took = f"{(r.finished_at - r.started_at).total_seconds():.1f}s" if r.finished_at else "-"
            print(f"{r.id:>5} {r.started_at:%Y-%m-%d %H:%M:%S} {took:>8} {r.status:<11} seen={r.seen} "
                  f"new={r.new} changed={r.changed} unchanged={r.unchanged} failed={r.failed} "
                  f"pruned={r.pruned}  {r.source}")
            if args.errors:
                for err in r.errors or []:
                    print(f"        {err.get('input')}: {err.get('error')}")
                for warning in r.warnings or []:
                    print(f"        warning: {warning.get('input')}: {warning.get('warning')}")
    return EXIT_OK


# --- serve ----------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    from api import create_app
    from store.db import SchemaNotReady

    overrides = {"database_url": _database_url(args)}
    try:
        app = create_app(overrides)
    except SchemaNotReady as exc:
        raise UserError(str(exc)) from None
    print(f"serving the timeline on http://{args.host}:{args.port}/ "
          f"(API: http://{args.host}:{args.port}/api/v1/events)", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline",
        description="Arabic-first timeline event database: find every date in Arabic news, "
                    "store the events, serve them in chronological order.")
    parser.add_argument("--database-url", metavar="URL",
                        help="SQLAlchemy database URL (default: $TIMELINE_DATABASE_URL, "
                             "else a SQLite file in ./instance)")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING (default: $TIMELINE_LOG_LEVEL or WARNING)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    db = sub.add_parser("db", help="create or upgrade the database schema",
                        description="Manage the database schema (Alembic migrations).")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dbsub.add_parser("upgrade", help="apply migrations (creates the database on first use)")
    up.add_argument("revision", nargs="?", default="head", help="target revision (default: head)")
    up.set_defaults(func=cmd_db_upgrade)
    cur = dbsub.add_parser("current", help="show the database's schema revision")
    cur.set_defaults(func=cmd_db_current)

    ing = sub.add_parser(
        "ingest", help="read articles, find their dates, store events",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Ingest files, folders (recursively), JSON Lines, HTML pages, RSS/Atom feeds "
                    "and http(s) URLs; `-` reads standard input.\n"
                    "Re-running skips unchanged inputs, replaces changed ones and keeps vanished ones "
                    "(unless --prune).\n\nExit codes: 0 all good, 1 some inputs failed (listed), "
                    "2 the run failed. Another run holding the database: exit 0 with a message.")
    ing.add_argument("paths", nargs="+", metavar="INPUT",
                     help="file, folder, http(s) URL of a page or feed, or - for standard input")
    ing.add_argument("--format", choices=FORMATS, default="auto",
                     help="kind of every input (default: by suffix, content type and first bytes: "
                          ".txt text, .jsonl/.ndjson JSON Lines, .html pages, .rss/.atom/.xml feeds)")
    ing.add_argument("--include", action="append", metavar="GLOB",
                     help="in folders, read only files matching GLOB (repeatable; default: "
                          "*.txt *.jsonl *.ndjson *.html *.htm)")
    ing.add_argument("--exclude", action="append", metavar="GLOB",
                     help="in folders, skip files matching GLOB (repeatable), e.g. 'drafts/*'")
    ing.add_argument("--published", type=published_date, metavar="YYYY-MM-DD|none",
                     help="publication date for every input (overrides sidecars and feed dates); it is "
                          "remembered: later runs without --published keep it, `--published none` drops it")
    ing.add_argument("--published-range", type=date_range, metavar="FIRST:LAST",
                     help="range the articles were published in, to place dates without a year")
    ing.add_argument("--full-text", choices=("auto", "always", "never"), default="auto",
                     help="feeds: fetch the linked page when an entry holds only a summary (auto), "
                          "for every entry (always), or never (default: auto)")
    ing.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                     help="give up on an http(s) request after this long (default: 30)")
    ing.add_argument("--allow-private-links", action="store_true",
                     help="feeds: also fetch linked pages on loopback, private and other non-public "
                          "addresses (default: refused; $TIMELINE_ALLOW_PRIVATE_LINKS=1 sets it too; "
                          "see docs/security.md)")
    ing.add_argument("--stdin-key", metavar="NAME",
                     help="identity of the text read from - across runs (default: a digest of it)")
    ing.add_argument("--prune", action="store_true",
                     help="delete stored documents that vanished from these folders, feeds or JSON Lines files")
    ing.add_argument("--workers", type=int, default=1, metavar="N",
                     help="analyse in N processes while this one reads and stores (default: 1; "
                          "0 analyses in this process, one input after another)")
    ing.add_argument("--batch-size", type=int, default=50, metavar="N",
                     help="inputs written per transaction (default: 50)")
    ing.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="when another ingest holds the database, wait up to this long for it "
                          "(default: 0, skip this run with a message)")
    ing.add_argument("--no-lock", action="store_true",
                     help="do not take the run lock (to ingest different sources in parallel; "
                          "writes stay free of duplicates)")
    ing.add_argument("--quiet", action="store_true", help="print nothing unless something failed")
    ing.add_argument("--json", action="store_true", help="print a one-line JSON summary on stdout")
    ing.set_defaults(func=cmd_ingest)

    ext = sub.add_parser("extract", help="print every temporal expression as JSON Lines",
                         description="Print one JSON object per temporal expression, in file order, "
                                     "with offsets into each file's decoded text. Nothing is stored.")
    ext.add_argument("files", nargs="+", metavar="FILE", help="text files to read")
    ext.add_argument("--dct", type=iso_date, metavar="YYYY-MM-DD",
                     help="document creation time (the page's date for a multi-article page)")
    ext.add_argument("--published-range", type=date_range, metavar="FIRST:LAST",
                     help="range the articles were published in, to place dates without a year")
    ext.add_argument("--manifest", metavar="MANIFEST.jsonl",
                     help='each file\'s dct, one JSON object a line: {"file": NAME, "dct": "YYYY-MM-DD" or null}, '
                          "matched on the file's base name; files it does not list take --dct")
    ext.set_defaults(func=cmd_extract)

    ev = sub.add_parser("eval", help="score extraction against a gold file",
                        description="Run extract on the manifest's files with their dct and score "
                                    "against GOLD (the format of shared gold/README.md).")
    ev.add_argument("gold", metavar="GOLD.jsonl", help="annotated expressions, one JSON object a line")
    ev.add_argument("--manifest", required=True, metavar="MANIFEST.jsonl", help="file and dct of each article")
    ev.add_argument("--files-dir", metavar="DIR", help="folder holding the manifest's files")
    ev.set_defaults(func=cmd_eval)

    anc = sub.add_parser("anchor", help="supply a document's publication date and re-resolve it",
                         description="Set a stored document's publication date; its mentions and events "
                                     "are resolved again from their stored form, without parsing the text.")
    anc.add_argument("document_id", type=int, metavar="DOC_ID", help="the stored document's id")
    anc.add_argument("--published", type=published_date, required=True, metavar="YYYY-MM-DD|none",
                     help="its publication date (remembered by later ingests), or none to remove it")
    anc.set_defaults(func=cmd_anchor)

    evs = sub.add_parser("events", help="maintain the events table",
                         description="Maintain the events built from the evidence of the articles.")
    evsub = evs.add_subparsers(dest="events_command", required=True, metavar="COMMAND")
    reg = evsub.add_parser(
        "regroup", help="regroup all evidence into events from scratch",
        description="Regroup every piece of evidence (event_mentions) into events with the merge rules, "
                    "in one transaction. Ingest groups new evidence incrementally, so the grouping can "
                    "depend a little on the order articles arrived in; this gives the grouping that does "
                    "not. Events keep their ids where they keep most of their evidence. It takes the "
                    "ingest lock, so it never runs beside an ingest.")
    reg.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="wait this long for a running ingest to finish (default: do not wait)")
    reg.set_defaults(func=cmd_events_regroup)

    runs = sub.add_parser("runs", help="list recent ingest runs",
                          description="List ingest runs, newest first: when, how long, status "
                                      "(running, ok, partial, failed, interrupted) and counts.")
    runs.add_argument("--limit", type=int, default=20, metavar="N", help="show the N newest runs (default: 20)")
    runs.add_argument("--errors", action="store_true",
                      help="list each run's failed inputs and reasons, and its warnings")
    runs.add_argument("--json", action="store_true", help="one JSON object per run")
    runs.set_defaults(func=cmd_runs)

    srv = sub.add_parser("serve", help="serve the timeline page and the REST API (development server)",
                         description="Serve the timeline page (/) and /api/v1 with Flask's server; for production use "
                                     "`gunicorn wsgi:app`.")
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    srv.add_argument("--port", type=int, default=5000, help="port to listen on (default: 5000)")
    srv.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = args.log_level or os.environ.get("TIMELINE_LOG_LEVEL") or "WARNING"
    logging.basicConfig(level=getattr(logging, str(level).upper(), logging.WARNING),
                        format="%(levelname)s %(name)s: %(message)s")
    from config import SettingsError
    from store.db import DatabaseUrlError

    try:
        return args.func(args)
    except (UserError, DatabaseUrlError, SettingsError) as exc:
        print(f"timeline: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("timeline: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the database is down, a disk is full...
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            print(f"timeline: cannot use the database: {exc.orig}", file=sys.stderr)
            return EXIT_FAILED
        raise


if __name__ == "__main__":
    sys.exit(main())
