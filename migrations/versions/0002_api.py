"""API support: span classes for fast interval queries, full-text search on events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

* ``events.span_class``: a generated column (date_end - date_start, bucketed)
  and the index (span_class, date_start, date_end, id). An overlap query asks
  each class for date_start >= from - (the class's longest span), so it never
  walks the events that ended before the window.
* Full-text search on events' title, sentence and place, with Arabic folding
  (diacritics, tatweel, alef/ya/ta-marbuta variants, Arabic-Indic digits):
  SQLite: FTS5 table ``events_fts`` (contentless: stores only the index) kept
  in step by triggers, so any writer, even a plain SQL client, keeps it right.
  PostgreSQL: GIN index on to_tsvector('simple', folded text).

The folding table below is a frozen copy of ``store.search.FOLD_MAP`` as of
this revision (tests check they agree; a change to the map needs a migration).
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_DROP = (
    "\u0640"
    + "".join(chr(c) for c in range(0x064B, 0x0660))
    + "".join(chr(c) for c in range(0x0610, 0x061B))
    + "\u0670"
    + "".join(chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6))
    + "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"
)
FOLD_MAP = {
    **{ch: "" for ch in _DROP},
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0672": "\u0627", "\u0673": "\u0627",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u0626": "\u064a", "\u0629": "\u0647",
    "\u06c0": "\u0647", "\u0624": "\u0648", "\u06a9": "\u0643",
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
}
SPAN_CLASS_BOUNDS = (0, 7, 31, 92, 366, 1100, 3660)
_COLUMNS = ("title", "text", "place")


def _document(prefix: str = "") -> str:
    return " || ' ' || ".join(f"coalesce({prefix}\"{c}\", '')" for c in _COLUMNS)


def _sqlite_fold(expr: str, chunk: int = 12) -> str:
    # SQLite's parser overflows past ~40 nested calls: a few nested SELECTs.
    items = list(FOLD_MAP.items())
    out = f"SELECT {expr} AS x"
    for i in range(0, len(items), chunk):
        inner = "x"
        for src, dst in items[i:i + chunk]:
            inner = f"replace({inner}, '{src}', '{dst}')"
        out = f"SELECT {inner} AS x FROM ({out})"
    return f"({out})"


def _postgresql_vector() -> str:
    mapped = [(s, d) for s, d in FOLD_MAP.items() if d]
    src = "".join(s for s, _ in mapped) + "".join(s for s, d in FOLD_MAP.items() if not d)
    dst = "".join(d for _, d in mapped)
    return f"to_tsvector('simple'::regconfig, translate(({_document()}), '{src}', '{dst}'))"


def _span_class(days: str) -> str:
    whens = " ".join(f"WHEN ({days} <= {b}) THEN {i}" for i, b in enumerate(SPAN_CLASS_BOUNDS))
    return f"CASE {whens} ELSE {len(SPAN_CLASS_BOUNDS)} END"


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()
    op.create_index("ix_events_span_chronology", "events",
                    ["span_class", "date_start", "date_end", "id"], unique=False)


def _upgrade_sqlite() -> None:
    # VIRTUAL: SQLite can add it in place and still index it.
    op.execute("ALTER TABLE events ADD COLUMN span_class INTEGER GENERATED ALWAYS AS ("
               + _span_class("(julianday(date_end) - julianday(date_start))") + ") VIRTUAL")
    op.execute("CREATE VIRTUAL TABLE events_fts USING fts5("
               "body, content='', tokenize='unicode61 remove_diacritics 2')")
    # A contentless table forgets the text, so a delete passes the old folded
    # text again: recomputed from the old row.
    new_doc, old_doc = _sqlite_fold(_document("new.")), _sqlite_fold(_document("old."))
    op.execute(f"""CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts(rowid, body) VALUES (new.id, {new_doc}); END""")
    op.execute(f"""CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, body) VALUES ('delete', old.id, {old_doc}); END""")
    op.execute(f"""CREATE TRIGGER events_fts_update AFTER UPDATE OF title, text, place ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, body) VALUES ('delete', old.id, {old_doc});
        INSERT INTO events_fts(rowid, body) VALUES (new.id, {new_doc}); END""")
    op.execute(f"INSERT INTO events_fts(rowid, body) SELECT id, {_sqlite_fold(_document())} FROM events")


def _upgrade_postgresql() -> None:
    op.execute("ALTER TABLE events ADD COLUMN span_class INTEGER GENERATED ALWAYS AS ("
               + _span_class("(date_end - date_start)") + ") STORED")
    op.execute(f"CREATE INDEX ix_events_fts ON events USING gin (({_postgresql_vector()}))")


def downgrade() -> None:
    op.drop_index("ix_events_span_chronology", table_name="events")
    if op.get_context().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS events_fts_{name}")
        op.execute("DROP TABLE IF EXISTS events_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_events_fts")
    op.execute("ALTER TABLE events DROP COLUMN span_class")
