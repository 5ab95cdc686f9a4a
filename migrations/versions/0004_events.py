"""events: evidence rows carry their own date and features; entities get a matching key

Each event_mentions row now holds the event as its sentence tells it (date,
place, entities, key words), so that store.merge can regroup evidence into
events whenever documents change. event_id may be NULL inside a write.
entities gain ``normalized`` (matching form of the name) and ``subkind``.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COPIED = ("date_start", "date_end", "granularity", "value", "end_value", "calendar", "rule", "confidence", "kind")


def upgrade() -> None:
    with op.batch_alter_table("event_mentions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("title_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("date_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("date_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("granularity", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("value", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("end_value", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("calendar", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("rule", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("date_basis", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("place_key", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("place_named", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("entities", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("keywords", sa.JSON(), nullable=True))

    # Evidence written before this revision takes its event's date.
    for col in _COPIED:
        op.execute(
            f"UPDATE event_mentions SET {col} = "
            f"(SELECT events.{col} FROM events WHERE events.id = event_mentions.event_id)"
        )
    op.execute("UPDATE event_mentions SET place_named = false")

    with op.batch_alter_table("event_mentions", schema=None) as batch_op:
        for col, typ in (("kind", sa.String(length=16)), ("date_start", sa.Date()), ("date_end", sa.Date()),
                         ("granularity", sa.String(length=16)), ("value", sa.String(length=64)),
                         ("calendar", sa.String(length=16)), ("confidence", sa.Float()),
                         ("place_named", sa.Boolean())):
            batch_op.alter_column(col, existing_type=typ, nullable=False)
        batch_op.alter_column("event_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index("ix_event_mentions_dates", ["date_start", "date_end"], unique=False)

    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("normalized", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("subkind", sa.String(length=16), nullable=True))
    op.execute("UPDATE entities SET normalized = name")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.alter_column("normalized", existing_type=sa.Text(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_entities_kind_normalized"), ["kind", "normalized"])


def downgrade() -> None:
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_entities_kind_normalized"), type_="unique")
        batch_op.drop_column("subkind")
        batch_op.drop_column("normalized")

    # Evidence not yet assigned to an event cannot survive the NOT NULL.
    op.execute("DELETE FROM event_mentions WHERE event_id IS NULL")
    with op.batch_alter_table("event_mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_event_mentions_dates")
        batch_op.alter_column("event_id", existing_type=sa.Integer(), nullable=False)
        for col in ("keywords", "entities", "place_named", "place_key", "date_basis", "confidence", "rule",
                    "calendar", "end_value", "value", "granularity", "date_end", "date_start", "kind",
                    "title_end", "title_start"):
            batch_op.drop_column(col)
