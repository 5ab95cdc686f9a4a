"""explanations: how each date was resolved, in Arabic, for users

``rule`` stays the developers' (English) account of the resolution;
``explanation`` is what the API, the exports and the timeline page show
("أمس: اليوم السابق لتاريخ النشر 2016-10-04"). Rows stored before this
revision have none until their document is ingested or re-anchored again.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TABLES = ("mentions", "event_mentions", "events")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("explanation", sa.Text(), nullable=True))


def downgrade() -> None:
    # a plain DROP COLUMN (SQLite 3.35+): a batch copy of ``events`` would try
    # to write its generated column ``span_class``
    for table in _TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN explanation")
