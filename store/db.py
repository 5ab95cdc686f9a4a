"""Engine, sessions and schema upgrades for both backends."""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import orjson
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

import migrations


class SchemaNotReady(RuntimeError):
    """The database has not been created or is behind the code's migrations."""


class DatabaseUrlError(ValueError):
    """A database URL the timeline cannot use; the message says what to write instead."""


URL_EXAMPLES = "sqlite:///instance/timeline.sqlite3 or postgresql+psycopg://USER@HOST:5432/DATABASE"
# How other tools (Heroku, libpq, Django) spell PostgreSQL: psycopg 3 is the driver installed.
_POSTGRES_ALIASES = {"postgres", "postgresql", "postgres+psycopg", "pgsql"}


def database_url(url: str) -> str:
    """``url`` as SQLAlchemy needs it, or DatabaseUrlError saying what to write instead.

    ``postgres://`` and ``postgresql://`` (as most tools write them) mean
    PostgreSQL through psycopg 3, the driver the timeline installs.
    """
    text = (url or "").strip()
    if not text:
        raise DatabaseUrlError(f"the database URL is empty; write for example {URL_EXAMPLES}")
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError) as exc:
        shown = text if "@" not in text else text.split("://", 1)[0] + "://..."
        raise DatabaseUrlError(f"{shown!r} is not a database URL ({exc}); write for example {URL_EXAMPLES}") from None
    renamed = parsed.drivername in _POSTGRES_ALIASES
    if renamed:
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.drivername.split("+", 1)[0]
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(f"{backend!r} databases are not supported; use SQLite or PostgreSQL, "
                               f"for example {URL_EXAMPLES}")
    try:
        parsed.get_dialect().import_dbapi()
    except (ImportError, NoSuchModuleError):
        raise DatabaseUrlError(f"the database driver {parsed.drivername!r} is not installed; write "
                               f"postgresql+psycopg://... (psycopg 3 comes with the timeline)") from None
    return parsed.render_as_string(hide_password=False) if renamed else text


class DatabaseBusy(RuntimeError):
    """Another process holds the database's write lock longer than we wait (SQLite's busy
    timeout): nothing is wrong with the input, try again later."""


# SQLite says so in its message; PostgreSQL with a lock_timeout answers lock_not_available.
_BUSY_MESSAGES = ("database is locked", "database table is locked", "database schema is locked")
_BUSY_SQLSTATES = {"55P03"}


def is_busy(exc: BaseException) -> bool:
    """Is ``exc`` the database saying another process holds a lock we waited for in vain?"""
    if isinstance(exc, DatabaseBusy):
        return True
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return any(m in str(orig).lower() for m in _BUSY_MESSAGES)


# How long a SQLite write waits for another process's write lock before it gives up
# (DatabaseBusy: the API answers 503 with Retry-After).
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    # Foreign keys carry the cascades that keep a document's rows together;
    # WAL lets the API read while an ingest writes.
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL is still safe from corruption and from a crash of the
    # process; only a power cut can lose the last commits. FULL syncs the disk
    # on every commit, which costs more than the writing in a batched ingest.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
    cur.close()


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; for a SQLite file, create its folder first."""
    # Grouping reads the JSON of thousands of evidence rows at a time: orjson
    # decodes it several times faster than the standard library (writing stays
    # json.dumps, so what is stored does not change).
    kwargs.setdefault("json_deserializer", orjson.loads)
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextlib.contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed as one transaction, or not at all."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    # Percent signs in passwords would be read as interpolation otherwise.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (creating the database if needed)."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def check_schema(engine: Engine) -> None:
    """Raise SchemaNotReady with instructions when migrations are not applied."""
    url = engine.url.render_as_string(hide_password=False)
    current, head = current_revision(engine), head_revision(url)
    if current != head:
        state = "has no tables yet" if current is None else f"is at revision {current}"
        raise SchemaNotReady(
            f"The database {engine.url.render_as_string(hide_password=True)} {state}; "
            f"the code needs revision {head}. Run `timeline db upgrade` first."
        )
