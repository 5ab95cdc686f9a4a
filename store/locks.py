"""One ingest at a time per database: the run lock.

PostgreSQL: a session-level advisory lock held on a connection of its own.
SQLite: an exclusive ``flock`` on a file beside the database. Both are
released by the operating system or the server when the process dies, even
by SIGKILL, so a crashed run never leaves a stale lock behind.
"""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, text

# An arbitrary 64-bit constant naming "the timeline ingest" among advisory locks.
ADVISORY_KEY = 0x7431_6D65_6C69_6E65 & 0x7FFF_FFFF_FFFF_FFFF
POLL_SECONDS = 0.2


class LockBusy(RuntimeError):
    """Another run holds the lock (and we were told not to wait, or waited long enough)."""


def lock_file_for(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database + ".ingest-lock")


@contextlib.contextmanager
def run_lock(engine: Engine, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the ingest lock for the duration of the block; raise LockBusy after ``wait`` seconds."""
    if engine.url.get_backend_name() == "postgresql":
        with _advisory_lock(engine, wait):
            yield
    else:
        path = lock_file_for(engine)
        if path is None:  # an in-memory database is private to this process
            yield
            return
        with _file_lock(path, wait):
            yield


def _deadline_loop(wait: float, try_once) -> None:
    deadline = time.monotonic() + max(wait, 0.0)
    while not try_once():
        if time.monotonic() >= deadline:
            raise LockBusy("another ingest is running on this database"
                           + (f" (waited {wait:g} s)" if wait > 0 else ""))
        time.sleep(POLL_SECONDS)


@contextlib.contextmanager
def _advisory_lock(engine: Engine, wait: float) -> Iterator[None]:
    # Autocommit: the lock lives on the session, not a transaction, and an
    # idle-in-transaction connection held for hours would be a nuisance.
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        _deadline_loop(wait, lambda: bool(conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY})))
        try:
            yield
        finally:
            with contextlib.suppress(Exception):
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
    finally:
        conn.close()


@contextlib.contextmanager
def _file_lock(path: Path, wait: float) -> Iterator[None]:
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    def try_once() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    try:
        _deadline_loop(wait, try_once)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --- is the process that started a run still there? ---------------------------

def this_host() -> str:
    import socket

    return socket.gethostname()[:255]


def process_start(pid: int) -> str | None:
    """When a process started (clock ticks since boot, from /proc), to tell it from a
    later process that reused its id; None where /proc is not available."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return fields[19] if len(fields) > 19 else None


def process_alive(pid: int, started: str | None = None) -> bool:
    """Is process ``pid`` (started at ``started``, when known) running on this host?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    if started is not None:
        now = process_start(pid)
        if now is not None and now != started:
            return False  # the id belongs to another process now
    return True
