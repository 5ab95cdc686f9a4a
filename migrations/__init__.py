"""Alembic migrations for the timeline schema (applied by `timeline db upgrade`)."""
