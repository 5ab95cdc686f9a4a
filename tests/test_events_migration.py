"""Migration 0004 keeps events stored before it: evidence takes its event's date."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from store.db import alembic_config, make_engine, upgrade
from tests.conftest import PG_ADMIN_URL, _pg_reachable

# The revision just before 0004: the test undoes only this migration.
BEFORE = "0003"

OLD_ROWS = [
    "INSERT INTO documents (id, key, position, page_start, page_end, text, content_hash, source_hash, "
    "published_basis, ingested_at, updated_at) VALUES (1, 'k', 0, 0, 1, 'x', 'h', 'h', 'unknown', "
    "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    "INSERT INTO events (id, date_start, date_end, granularity, value, calendar, kind, title, text, confidence, "
    "document_count, source_count, document_id) VALUES (1, '2016-10-03', '2016-10-03', 'day', '2016-10-03', "
    "'gregorian', 'main', 't', 'x', 0.85, 1, 1, 1)",
    "INSERT INTO event_mentions (id, event_id, document_id, sentence_start, sentence_end, text, title) "
    "VALUES (1, 1, 1, 0, 1, 'x', 't')",
    "INSERT INTO entities (id, kind, name) VALUES (1, 'place', 'موسكو')",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    problem = _pg_reachable()
    if problem:
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    name = f"timeline_mig_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_fills_evidence_from_its_event_and_downgrade_returns(empty_url):
    upgrade(empty_url, BEFORE)
    engine = make_engine(empty_url)
    with engine.begin() as conn:
        for sql in OLD_ROWS:
            conn.execute(text(sql))
    upgrade(empty_url, "0004")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT date_start, date_end, granularity, kind, confidence, place_named "
                                "FROM event_mentions")).one()
        assert (str(row[0]), str(row[1]), row[2], row[3], row[4], bool(row[5])) == (
            str(date(2016, 10, 3)), str(date(2016, 10, 3)), "day", "main", 0.85, False)
        assert conn.execute(text("SELECT normalized FROM entities")).scalar() == "موسكو"
    command.downgrade(alembic_config(empty_url), BEFORE)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM event_mentions")).scalar() == 1
    engine.dispose()


def test_the_whole_chain_goes_down_and_up_again_with_data_kept(empty_url, samples_dir):
    """Down to the first revision and back with articles stored: SQLite rebuilds
    tables to alter them, and must not lose (or cascade-delete) rows on the way."""
    from ingest.pipeline import ingest
    from ingest.readers import read_inputs
    from store.db import session_factory

    upgrade(empty_url)
    engine = make_engine(empty_url)
    ingest(session_factory(engine), read_inputs([str(samples_dir)]), label="samples")
    with engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ("documents", "mentions")]
    assert counts[0] >= 5 and counts[1] > 0
    command.downgrade(alembic_config(empty_url), "0001")
    with engine.connect() as conn:
        assert [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ("documents", "mentions")] == counts
    upgrade(empty_url)
    with engine.connect() as conn:
        assert [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in ("documents", "mentions")] == counts
    engine.dispose()
