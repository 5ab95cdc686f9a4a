"""Shared fixtures. Database tests run once on SQLite and once on PostgreSQL.

PostgreSQL: ``TIMELINE_TEST_POSTGRES_URL`` (default: the local server's ``test``
database). Each run creates a database of its own and drops it at the end, so
runs never see each other's rows. When the server is unreachable the
PostgreSQL half is skipped, except under ``CI=true`` where it fails.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store.db import make_engine, session_factory, upgrade
from store.models import Base

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
PG_ADMIN_URL = os.environ.get("TIMELINE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means "not available"
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def postgresql_url():
    problem = _pg_reachable()
    if problem:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI but unreachable: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    name = f"timeline_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:
        conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"),
            {"n": name})
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'timeline.sqlite3'}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated_url(request):
    """A database URL with every migration applied, once per backend per run."""
    url = request.getfixturevalue(f"{request.param}_url")
    upgrade(url)
    return url


def _clear(engine) -> None:
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def db_url(migrated_url):
    """A migrated, empty database for one test."""
    engine = make_engine(migrated_url)
    _clear(engine)
    engine.dispose()
    return migrated_url


@pytest.fixture
def engine(db_url):
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine):
    return session_factory(engine)


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
