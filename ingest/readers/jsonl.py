"""JSON Lines: one article per line, read as a stream.

``text`` is required; ``id``, ``url``, ``title``, ``published``, ``source`` and
``language`` are optional; other fields are kept as metadata. A bad line is
reported with its line number and skipped; the rest goes in.
"""
from __future__ import annotations

import json
from datetime import date
from typing import BinaryIO, Iterator

from ingest.decoding import mostly_utf8
from ingest.document import SourceDocument
from ingest.readers.fetch import normalise_url
from ingest.sources import InputError, parse_date

KNOWN_FIELDS = ("id", "url", "title", "published", "source", "language", "text")
MAX_LINE_BYTES = 50 * 1024 * 1024


def row_key(base: str, row: dict, line_no: int) -> str:
    """A row's identity: its URL, else its id within the file, else its line.

    A line number is the weakest identity (inserting a line above shifts the
    rest), so give rows an ``id`` or ``url`` when they will be ingested again.
    """
    if isinstance(row.get("url"), str) and row["url"].strip():
        return normalise_url(row["url"])
    if row.get("id") not in (None, ""):
        return f"{base}#id={row['id']}"
    return f"{base}#line={line_no}"


def parse_row(line: bytes, line_no: int, *, base: str, label: str, origin: str | None,
              published: date | None) -> SourceDocument | InputError | None:
    """One line as a document, an InputError, or None for a blank line."""
    where = f"{label}:{line_no}"
    if len(line) > MAX_LINE_BYTES:
        return InputError(where, f"line is over the {MAX_LINE_BYTES // (1024 * 1024)} MB limit; skipped", origin=origin)
    if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    if not line.strip():
        return None
    warnings: list[str] = []
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError:
        # a stray byte, a line cut mid-character: still UTF-8, said so with the offsets
        lenient = mostly_utf8(line)
        if lenient is None:
            return InputError(where, "line is not UTF-8 (JSON Lines must be UTF-8); skipped", origin=origin)
        decoded, warnings = lenient.text, [w.replace("byte offset", "byte offset in the line") for w in lenient.warnings]
    try:
        row = json.loads(decoded.strip())
    except json.JSONDecodeError as exc:
        return InputError(where, f"line is not valid JSON ({exc.msg} at column {exc.colno}); skipped", origin=origin)
    except RecursionError:
        return InputError(where, "line is nested too deeply to read (JSON arrays or objects more than "
                                 "about a thousand levels deep); skipped", origin=origin)
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return InputError(where, f"line is not valid JSON ({exc}); skipped", origin=origin)
    if not isinstance(row, dict):
        return InputError(where, "line must hold a JSON object with a `text` field; skipped", origin=origin)
    key = row_key(base, row, line_no)
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return InputError(where, "the `text` field is missing or empty; skipped", key=key, origin=origin)
    try:
        row_published = parse_date(row.get("published"), where)
    except InputError as exc:
        exc.key, exc.origin = key, origin
        return exc
    meta = {k: row[k] for k in ("title", "source", "language", "url") if isinstance(row.get(k), str) and row[k].strip()}
    extra = {k: v for k, v in row.items() if k not in KNOWN_FIELDS}
    if row.get("id") not in (None, ""):
        extra["id"] = row["id"]
    return SourceDocument(
        key=key, text=text, path=where, url=meta.get("url"), title=meta.get("title"),
        published=published or row_published, source=meta.get("source"), language=meta.get("language"),
        encoding="utf-8", metadata=extra, origin=origin, kind="jsonl", warnings=warnings,
    )


def read_jsonl_stream(stream: BinaryIO, *, base: str, label: str, origin: str | None = None,
                      published: date | None = None) -> Iterator[SourceDocument | InputError]:
    """Every row of an open binary stream, one at a time (never the whole file in memory)."""
    for line_no, line in enumerate(stream, start=1):
        item = parse_row(line, line_no, base=base, label=label, origin=origin, published=published)
        if item is not None:
            yield item
