"""The basics every reader shares: errors, decoding, dates, text files and folders.

Every reader yields ``SourceDocument`` or ``InputError`` values with a message
a user can act on; a bad input never stops the others. The other kinds of
input (JSON Lines, HTML, feeds, stdin) live in ``ingest.readers``.
"""
from __future__ import annotations

import fnmatch
import functools
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ingest import decoding
from ingest.decoding import ARABIC_LEGACY_ENCODINGS, Decoded, NotText  # noqa: F401  (re-exported)
from ingest.document import SourceDocument

TEXT_SUFFIXES = (".txt",)
# What a folder yields unless --include says otherwise.
DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt",)
SIDECAR_FIELDS = ("published", "title", "url", "source", "language")
MAX_FILE_BYTES = 50 * 1024 * 1024


class InputError(Exception):
    """An input that cannot be read; the message says why and what to do."""

    def __init__(self, where: str, message: str, *, key: str | None = None, origin: str | None = None) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.reason = message
        # The identity of the input when it is known (a file that exists but
        # does not decode): `--prune` must not delete what is still there.
        self.key = key
        self.origin = origin

    def __reduce__(self):  # keep where/reason/key when sent between processes
        return (_rebuild_input_error, (self.where, self.reason, self.key, self.origin))


def _rebuild_input_error(where: str, reason: str, key: str | None, origin: str | None) -> "InputError":
    return InputError(where, reason, key=key, origin=origin)


@dataclass(frozen=True)
class Unchanged:
    """A reader's word that an input is stored exactly as it is now, found out
    without reading it in full (a feed entry whose linked page need not be
    fetched again). The run counts it as unchanged."""

    key: str
    where: str
    origin: str | None = None


def decode_bytes(data: bytes, where: str = "input") -> Decoded:
    """Decode bytes of unknown encoding (see ingest.decoding); not text is an InputError."""
    try:
        return decoding.decode_bytes(data)
    except NotText as exc:
        raise InputError(where, str(exc)) from None


def parse_date(value: object, where: str, field: str = "published") -> date | None:
    """Read a YYYY-MM-DD (or ISO timestamp) date from metadata."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InputError(where, f"`{field}` must be a date like 2016-10-03, got {value!r}")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise InputError(where, f"`{field}` must be a date like 2016-10-03, got {value!r}") from exc


def read_sidecar(path: Path) -> dict:
    """Metadata from NAME.json beside NAME.txt, if there is one."""
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    where = str(sidecar)
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(where, f"the metadata sidecar is not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(where, "the metadata sidecar must hold a JSON object")
    meta = {k: data[k] for k in SIDECAR_FIELDS if data.get(k) not in (None, "")}
    if "published" in meta:
        meta["published"] = parse_date(meta["published"], where)
    meta["extra"] = {k: v for k, v in data.items() if k not in SIDECAR_FIELDS}
    return meta


def canonical_key(path: Path) -> str:
    """A file's identity across runs: its resolved path, as a file: URI."""
    return path.resolve().as_uri()


def read_text_file(path: Path, *, published: date | None = None, label: str | None = None,
                   key: str | None = None) -> SourceDocument:
    """One text file, with its sidecar metadata; ``published`` overrides the sidecar.

    ``key``: the file's canonical key when the caller already knows it.
    """
    where = label or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise InputError(where, f"is {size // (1024 * 1024)} MB, over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for one file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror})") from exc
    decoded = decode_bytes(data, where)
    meta = read_sidecar(path)
    return SourceDocument(
        key=key or canonical_key(path),
        text=decoded.text,
        path=label or str(path),
        url=meta.get("url"),
        title=meta.get("title"),
        published=published or meta.get("published"),
        source=meta.get("source"),
        language=meta.get("language"),
        encoding=decoded.encoding,
        metadata=meta.get("extra") or {},
        kind="text",
        warnings=list(decoded.warnings),
    )


@functools.lru_cache(maxsize=64)
def _glob_regex(patterns: tuple[str, ...]) -> re.Pattern | None:
    # One compiled regex for all globs: a folder of 100,000 files is matched quickly.
    return re.compile("|".join(fnmatch.translate(p) for p in patterns)) if patterns else None


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    """A glob matches the path relative to the folder or just the file name."""
    regex = _glob_regex(tuple(patterns))
    if regex is None:
        return False
    return bool(regex.match(rel) or regex.match(rel.rsplit("/", 1)[-1]))


def walk_folder(folder: Path, include: Sequence[str] = DEFAULT_INCLUDE,
                exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Files under ``folder`` matching ``include`` and not ``exclude``, sorted, lazily.

    Hidden files and folders (.git, .cache) are skipped: they are never articles.
    Walking lazily keeps memory flat on folders of any size. The folder is
    resolved once, so the paths yielded are canonical (see ``canonical_key``).
    """
    folder = folder.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if _matches(rel, include) and not _matches(rel, exclude):
                yield path


def iter_text_files(paths: Iterable[str | os.PathLike], *, include: Sequence[str] = DEFAULT_INCLUDE,
                    exclude: Sequence[str] = ()) -> Iterator[Path | InputError]:
    """Expand files and folders (recursively, sorted) into text files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from walk_folder(path, include, exclude)
        elif path.is_file():
            yield path
        else:
            yield InputError(str(raw), "no such file or folder")


def read_paths(paths: Iterable[str | os.PathLike], *, published: date | None = None,
               include: Sequence[str] = DEFAULT_INCLUDE, exclude: Sequence[str] = ()) -> Iterator[SourceDocument | InputError]:
    """Every text document under ``paths``; unreadable inputs come out as InputError values."""
    for item in iter_text_files(paths, include=include, exclude=exclude):
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield read_text_file(item, published=published)
        except InputError as exc:
            exc.key = exc.key or canonical_key(item)
            yield exc
