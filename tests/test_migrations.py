"""The migrations and the models describe the same schema, on every backend."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from store.db import current_revision, head_revision
from store.models import Base
from store.search import include_name


def test_autogenerate_finds_no_difference(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_database_is_at_head(engine, db_url):
    assert current_revision(engine) == head_revision(db_url)


def test_date_columns_are_real_dates(engine):
    columns = {c["name"]: c for c in inspect(engine).get_columns("events")}
    for name in ("date_start", "date_end"):
        assert "DATE" in str(columns[name]["type"]).upper()


def test_chronology_index_exists(engine):
    names = {ix["name"] for ix in inspect(engine).get_indexes("events")}
    assert "ix_events_chronology" in names
