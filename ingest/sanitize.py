"""The last check every input passes before it is hashed, analysed and stored.

Readers decode what they can; this makes sure that what they yield can be
stored the same way on SQLite and PostgreSQL and sent to a worker process:

- NUL characters (PostgreSQL text cannot hold them; SQLite would) are removed,
  with a warning naming where the first one was;
- lone surrogates (``"\\ud800"`` in a JSON string: not a character, and not
  encodable as UTF-8) become U+FFFD, with a warning;
- metadata nested deeper than ``MAX_METADATA_DEPTH`` (it cannot be pickled for
  a worker or stored as JSON safely) is dropped, with a warning naming the field;
- a text that is empty once cleaned is refused.

The pipeline calls ``sanitize`` on every SourceDocument, whatever reader (or
API request) made it.
"""
from __future__ import annotations

import re
from typing import Any

from ingest.document import SourceDocument
from ingest.sources import InputError

MAX_METADATA_DEPTH = 20
_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("key", "title", "url", "source", "language", "path")


def _clean(value: str) -> tuple[str, int, int, int | None]:
    """``value`` without NULs and with lone surrogates replaced: (clean, NULs removed,
    surrogates replaced, offset of the first problem)."""
    first: int | None = None
    nuls = value.count("\x00")
    if nuls:
        first = value.index("\x00")
    surrogates = 0
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        first = exc.start if first is None else min(first, exc.start)
        value, surrogates = _SURROGATE.subn("\ufffd", value)
    if nuls:
        value = value.replace("\x00", "")
    return value, nuls, surrogates, first


def _depth_ok(value: Any, limit: int) -> bool:
    """Is ``value`` nested at most ``limit`` deep? Walks without recursion (it may be 100,000 deep)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def _clean_json(value: Any) -> tuple[Any, bool]:
    """Metadata with every string (and key) cleaned; True when something changed."""
    if isinstance(value, str):
        clean, nuls, surrogates, _ = _clean(value)
        return clean, bool(nuls or surrogates)
    if isinstance(value, dict):
        out, changed = {}, False
        for k, v in value.items():
            ck, kc = _clean_json(k) if isinstance(k, str) else (k, False)
            cv, vc = _clean_json(v)
            out[ck] = cv
            changed = changed or kc or vc
        return out, changed
    if isinstance(value, (list, tuple)):
        items = [_clean_json(v) for v in value]
        return [v for v, _ in items], any(c for _, c in items)
    return value, False


def sanitize(source: SourceDocument) -> SourceDocument:
    """Make ``source`` storable (in place, and returned); problems become its warnings.

    Raises InputError when nothing storable is left.
    """
    where = source.path or source.url or source.key
    text, nuls, surrogates, first = _clean(source.text)
    if nuls:
        source.warnings.append(f"{nuls} NUL character{'s' if nuls > 1 else ''} removed from the text "
                               f"(the first at character offset {first})")
    if surrogates:
        source.warnings.append(f"{surrogates} lone surrogate{'s' if surrogates > 1 else ''} (not characters: "
                               f"half of a UTF-16 pair) replaced by U+FFFD in the text")
    source.text = text
    if not text.strip():
        raise InputError(where, "the text is empty" + (" once NUL characters are removed" if nuls else ""),
                         key=source.key, origin=source.origin)
    for name in _TEXT_FIELDS:
        value = getattr(source, name)
        if isinstance(value, str):
            clean, n, s, _ = _clean(value)
            if n or s:
                setattr(source, name, clean)
                source.warnings.append(f"NUL characters or lone surrogates removed from the {name}")
    if source.metadata:
        kept = {}
        for name, value in source.metadata.items():
            if not _depth_ok(value, MAX_METADATA_DEPTH):
                source.warnings.append(f"metadata field `{name}` is nested deeper than {MAX_METADATA_DEPTH} "
                                       "levels; it was left out")
                continue
            kept[name] = value
        cleaned, changed = _clean_json(kept)
        if changed:
            source.warnings.append("NUL characters or lone surrogates removed from the metadata")
        source.metadata = cleaned
    return source
