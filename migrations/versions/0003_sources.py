"""sources: documents.origin and source_kind, ingest_runs.pruned

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("source_kind", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_documents_origin"), ["origin"], unique=False)
    with op.batch_alter_table("ingest_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pruned", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("ingest_runs", schema=None) as batch_op:
        batch_op.drop_column("pruned")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_origin"))
        batch_op.drop_column("source_kind")
        batch_op.drop_column("origin")
