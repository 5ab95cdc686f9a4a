"""Many rows at once: the statements the bulk writers and merging share."""
from __future__ import annotations

import json
from typing import Iterable, Iterator, Sequence, TypeVar

from sqlalchemy import JSON, Table, insert, text
from sqlalchemy.orm import Session

T = TypeVar("T")
# Bound parameters per IN (...) list: SQLite allows 32,766 per statement, and
# smaller lists keep PostgreSQL's plans simple.
IN_CHUNK = 500


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def insert_rows(session: Session, table: Table, rows: list[dict], want_ids: bool = True) -> list[int]:
    """Insert many rows of one table; returns their ids in the order of ``rows``.

    SQLite: one INSERT ... RETURNING per page of rows. PostgreSQL: ids are
    drawn from the table's sequence in one round trip and the rows sent with
    the driver's pipelined executemany, because psycopg spends most of a
    multi-row INSERT ... VALUES ... RETURNING parsing its placeholders.
    """
    if not rows:
        return []
    if session.get_bind().dialect.name != "postgresql":
        if not want_ids:
            session.execute(insert(table), rows)
            return []
        return list(session.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars())
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


def _quote(column: str) -> str:
    return f'"{column}"'


def flatten(groups: Iterable[Iterable[T]]) -> list[T]:
    return [item for group in groups for item in group]
