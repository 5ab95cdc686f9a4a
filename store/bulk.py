"""Many rows at once: the statements the bulk writers and merging share."""
from __future__ import annotations

import contextlib
import gc
import json
from typing import Iterator, Sequence, TypeVar

from sqlalchemy import JSON, Table, func, insert, select, text, update
from sqlalchemy.orm import Session

T = TypeVar("T")
# Bound parameters per IN (...) list: SQLite allows 32,766 per statement, and
# smaller lists keep PostgreSQL's plans simple.
IN_CHUNK = 500


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block that makes many objects.

    Loading thousands of rows creates objects faster than the collector's
    thresholds, and each collection walks every object still alive: it cost
    more than the loading itself. Reference counting still frees what the
    block drops; cycles wait until the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def insert_rows(session: Session, table: Table, rows: list[dict], want_ids: bool = True) -> list[int]:
    """Insert many rows of one table; returns their ids in the order of ``rows``.

    SQLite: the ids follow the table's largest, taken under the write lock
    (an INSERT ... RETURNING that must keep the rows' order goes a row at a
    time). PostgreSQL: ids are drawn from the table's sequence in one round
    trip and the rows sent with the driver's pipelined executemany, because
    psycopg spends most of a multi-row INSERT ... VALUES ... RETURNING parsing
    its placeholders.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name != "postgresql":
        ids = []
        if want_ids:
            hold_write_lock(session, table)
            first = (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
            ids = list(range(first, first + len(rows)))
            rows = [{**row, "id": new_id} for row, new_id in zip(rows, ids)]
        session.execute(insert(table), rows)
        return ids
    ids: list[int] = []
    if want_ids:
        ids = list(session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": len(rows)}).scalars())
        rows = [{**row, "id": new_id} for row, new_id in zip(rows, ids)]
    columns = list(rows[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    sql = (f"INSERT INTO {table.name} ({', '.join(_quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    params = [tuple(json.dumps(row[c], ensure_ascii=False) if c in json_columns and row[c] is not None else row[c]
                    for c in columns) for row in rows]
    session.connection().exec_driver_sql(sql, params)
    return ids


def hold_write_lock(session: Session, table: Table) -> None:
    """SQLite: take the database's write lock now, for the rest of the transaction.

    A write that changes nothing is enough; what the transaction reads next
    cannot change under it before it writes.
    """
    session.execute(update(table).where(text("0 = 1")).values(id=table.c.id))


def _quote(column: str) -> str:
    return f'"{column}"'

