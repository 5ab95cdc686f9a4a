"""happenings: which evidence rows of one document tell the same happening

An article often tells one happening several times (a Hijri date and the
Gregorian date "الموافق" to it, the lead and a later paragraph). Event
building numbers the happenings of each document; ``event_mentions.happening``
keeps that number, so that grouping keeps a document's tellings of one
happening in one event and never puts two of its happenings in one. Rows
stored before this revision have none (NULL) and are grouped by the
cross-article rules alone until their document is ingested again.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event_mentions", sa.Column("happening", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE event_mentions DROP COLUMN happening")
