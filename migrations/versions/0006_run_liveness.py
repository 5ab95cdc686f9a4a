"""run liveness and operator dates: who runs an ingest, is it alive, what did it warn about;
which publication dates the operator supplied

``ingest_runs.pid``, ``host`` and ``heartbeat_at`` let any later run tell a
run that is still working from one whose process was killed (the lock says
nothing about runs started with ``--no-lock`` or by ``POST /documents``);
``warnings`` keeps what a run reported about inputs it stored (bytes that did
not decode, linked pages that were refused). ``documents.operator_published``
is a publication date given by the operator (``--published``, ``timeline
anchor``, ``PATCH /documents``): a later re-ingest without one keeps it.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_RUN_COLUMNS = ("pid", "host", "heartbeat_at", "warnings")


def upgrade() -> None:
    op.add_column("ingest_runs", sa.Column("pid", sa.Integer(), nullable=True))
    op.add_column("ingest_runs", sa.Column("host", sa.String(length=255), nullable=True))
    op.add_column("ingest_runs", sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
    op.add_column("ingest_runs", sa.Column("warnings", sa.JSON(), nullable=True))
    op.add_column("documents", sa.Column("operator_published", sa.Date(), nullable=True))


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+), as in 0005: no table is copied
    op.execute("ALTER TABLE documents DROP COLUMN operator_published")
    for column in _RUN_COLUMNS:
        op.execute(f"ALTER TABLE ingest_runs DROP COLUMN {column}")
