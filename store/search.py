"""Full-text search over events that ignores Arabic spelling noise.

The same folding is applied when the index is built (inside the database, by
SQL expressions generated from ``FOLD_MAP``) and when a query is parsed (in
Python, by ``fold``), so both sides agree by construction:

* diacritics (harakat, shadda, sukun, superscript alef, hamza marks,
  Quranic signs), tatweel and zero-width / direction marks are dropped;
* alef variants (أ إ آ ٱ) become ا, ى and ی become ي, ة becomes ه, ؤ becomes
  و, ئ becomes ي, ک becomes ك;
* Arabic-Indic and Persian digits become ASCII digits.

SQLite keeps the folded text in an FTS5 table ``events_fts`` maintained by
triggers; PostgreSQL has a GIN index on ``to_tsvector('simple', folded text)``.
Both are created by migration 0002, which carries a frozen copy of the map; a
test checks the two copies still agree (change the map: add a migration).

Each query word matches words that start with it (so مؤتمر finds مؤتمرات), and
every word must match. Clitics written onto a word (والمؤتمر) are not split.
"""
from __future__ import annotations

import re

from sqlalchemy import ColumnElement, column, func, literal_column, select, table
from sqlalchemy.sql.elements import BindParameter

# One character to one (or to nothing). Kept as data so SQL and Python share it.
# In line with ingest/normalize.py where a one-to-one map can follow it (it
# also expands presentation forms, which SQL cannot); ؤ and ئ fold here too.
_DROP = (
    "\u0640"                                                   # tatweel
    + "".join(chr(c) for c in range(0x064B, 0x0660))           # harakat, tanween, shadda, sukun, hamza marks
    + "".join(chr(c) for c in range(0x0610, 0x061B))           # honorific and Quranic signs
    + "\u0670"                                                 # superscript alef
    + "".join(chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6))  # Quranic annotation
    + "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"             # zero-width and direction marks
)
FOLD_MAP: dict[str, str] = {
    **{ch: "" for ch in _DROP},
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي", "ة": "ه", "ۀ": "ه", "ؤ": "و", "ک": "ك",
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
}
_TABLE = str.maketrans(FOLD_MAP)
_WORD = re.compile(r"[^\W_]+")

# What is indexed for an event: its title, its sentence and its place.
SEARCH_COLUMNS = ("title", "text", "place")


def fold(text_: str) -> str:
    """Fold Arabic spelling variants away (and lower-case Latin letters)."""
    return text_.translate(_TABLE).lower()


def terms(query: str) -> list[str]:
    """The words of a query, folded; punctuation and operators are not syntax here."""
    return _WORD.findall(fold(query))


def sqlite_fold_select(expr: str, mapping: dict[str, str] = FOLD_MAP, chunk: int = 12) -> str:
    """A SQLite scalar subquery folding ``expr`` like ``fold``.

    SQLite has no translate(), so it is nested replace() calls; its parser
    overflows past ~40 nested calls, hence a few nested SELECTs of ``chunk``.
    """
    items = list(mapping.items())
    out = f"SELECT {expr} AS x"
    for i in range(0, len(items), chunk):
        inner = "x"
        for src, dst in items[i:i + chunk]:
            inner = f"replace({inner}, '{src}', '{dst}')"
        out = f"SELECT {inner} AS x FROM ({out})"
    return f"({out})"


def postgresql_fold_sql(expr: str, mapping: dict[str, str] = FOLD_MAP) -> str:
    """A PostgreSQL expression folding ``expr`` like ``fold``: translate() drops unmatched characters."""
    mapped = [(s, d) for s, d in mapping.items() if d]
    dropped = [s for s, d in mapping.items() if not d]
    src = "".join(s for s, _ in mapped) + "".join(dropped)
    dst = "".join(d for _, d in mapped)
    return f"translate({expr}, '{src}', '{dst}')"


def document_sql(prefix: str = "") -> str:
    """The text indexed for an event row (``prefix`` e.g. ``new.`` inside a trigger)."""
    return " || ' ' || ".join(f"coalesce({prefix}\"{c}\", '')" for c in SEARCH_COLUMNS)


def postgresql_vector_sql(mapping: dict[str, str] = FOLD_MAP, prefix: str = "") -> str:
    """The indexed expression on PostgreSQL; queries must repeat it to use the index.

    ``prefix`` (``events.``) qualifies the columns in queries that join other
    tables with a ``title`` or ``text``; PostgreSQL still matches the index.
    """
    return f"to_tsvector('simple'::regconfig, {postgresql_fold_sql('(' + document_sql(prefix) + ')', mapping)})"


def sqlite_match(words: list[str]) -> str:
    """An FTS5 query: every word, as a quoted prefix (no FTS5 operator can slip in)."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def postgresql_tsquery(words: list[str]) -> str:
    """A to_tsquery text: every word as a prefix. Words hold only letters and digits."""
    return " & ".join(f"{w}:*" for w in words)


def query_text(dialect: str, words: list[str]) -> str:
    """The bound value of ``matching_condition``'s parameter for these words."""
    if dialect == "sqlite":
        return sqlite_match(words)
    if dialect == "postgresql":
        return postgresql_tsquery(words)
    return "%" + "%".join(w.replace("%", "").replace("_", "") for w in words) + "%"


def matching_condition(dialect: str, param: BindParameter) -> ColumnElement:
    """A condition on events for rows matching ``param`` (the value from ``query_text``)."""
    from store.models import Event

    if dialect == "sqlite":
        fts = table("events_fts", column("rowid"))
        return Event.id.in_(select(fts.c.rowid).where(literal_column("events_fts").op("MATCH")(param)))
    if dialect == "postgresql":
        # Repeats the indexed expression exactly, so the GIN index is used.
        return literal_column(postgresql_vector_sql(prefix="events.")).op("@@")(
            func.to_tsquery(literal_column("'simple'::regconfig"), param))
    # Other backends: words in order as a plain substring pattern, no folding.
    return Event.text.like(param)


# Database objects the search index owns and the models do not describe: FTS5's
# shadow tables on SQLite, the expression index on PostgreSQL. Alembic's
# autogenerate must skip them (migrations/env.py, tests/test_migrations.py).
SEARCH_OBJECT_PREFIXES = ("events_fts", "ix_events_fts")


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic ``include_name`` hook: False for the search index's own objects."""
    return not (name and type_ in ("table", "index") and name.startswith(SEARCH_OBJECT_PREFIXES))
