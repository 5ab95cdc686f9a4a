"""Every kind of input, behind one call: ``read_inputs(specs, options)``.

A spec is a file, a folder (walked recursively with include/exclude globs), an
http(s) URL, or ``-`` for standard input. Each yields ``SourceDocument`` or
``InputError`` values, lazily: nothing holds the whole corpus in memory, and a
bad input never stops the others.

Identity (the document key) is the URL, the feed entry id, or the file's
canonical path; a JSON Lines row without a URL is keyed by its id (or line)
within its file.
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from ingest.document import SourceDocument
from ingest.readers.fetch import DEFAULT_TIMEOUT, Fetched, fetch, is_url, normalise_url
from ingest.readers.html import extract_html
from ingest.readers.jsonl import read_jsonl_stream
from ingest.readers.linkguard import LinkGuard
from ingest.sources import (
    MAX_FILE_BYTES,
    InputError,
    Unchanged,
    canonical_key,
    decode_bytes,
    read_text_file,
    walk_folder,
)

FORMATS = ("auto", "text", "jsonl", "html", "feed")
FULL_TEXT_CHOICES = ("auto", "always", "never")
SUFFIX_KINDS = {".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html",
                ".xhtml": "html", ".rss": "feed", ".atom": "feed", ".xml": "feed"}
# What a folder yields unless --include says otherwise (sidecar .json files are metadata, not inputs).
FOLDER_INCLUDE = ("*.txt", "*.jsonl", "*.ndjson", "*.html", "*.htm")

Item = SourceDocument | InputError | Unchanged


@dataclass(frozen=True)
class ReaderOptions:
    format: str = "auto"
    include: tuple[str, ...] = FOLDER_INCLUDE
    exclude: tuple[str, ...] = ()
    published: date | None = None
    full_text: str = "auto"
    timeout: float = DEFAULT_TIMEOUT
    stdin_key: str | None = None
    # Feeds: fetch linked pages on loopback, private and other non-public
    # addresses too (off: see ingest/readers/linkguard.py and docs/security.md).
    allow_private_links: bool = False
    # Feeds: tells whether an entry is stored from the same feed data with its
    # linked page's text, so that page is not fetched again (see pipeline.known_entry_check).
    known_entry: Callable[[str, str], bool] | None = None
    salt: str = ""

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}")
        if self.full_text not in FULL_TEXT_CHOICES:
            raise ValueError(f"full_text must be one of {', '.join(FULL_TEXT_CHOICES)}")


def read_inputs(specs: Iterable[str], options: ReaderOptions | None = None, *,
                stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document of every spec, in order, one at a time.

    A reader that breaks down (a bug, not a bad input: those are InputError
    values already) costs the rest of its spec, never the other specs; the
    spec is then reported without a key, so nothing of it is pruned.
    """
    options = options or ReaderOptions()
    for spec in specs:
        spec = str(spec)
        if spec == "-":
            items = read_stdin(stdin or sys.stdin.buffer, options)
        elif is_url(spec):
            items = read_url(spec, options)
        else:
            items = read_path(Path(spec), options, label=spec)
        try:
            yield from items
        except Exception as exc:
            yield InputError(spec, f"could not be read to the end ({type(exc).__name__}: {exc})",
                             origin=origin_of(spec))


def origin_of(spec: str) -> str:
    """The identity of a command-line input, as stored in documents.origin."""
    if spec == "-":
        return "stdin"
    if is_url(spec):
        return normalise_url(spec)
    return canonical_key(Path(spec))


def read_feed_bytes(data: bytes, **kwargs) -> Iterator[Item]:
    # feedparser takes a quarter of a second to import: only feeds pay for it.
    from ingest.readers.feed import read_feed_bytes as read

    return read(data, **kwargs)


# --- files and folders -------------------------------------------------------

def kind_of_path(path: Path, options: ReaderOptions) -> str:
    if options.format != "auto":
        return options.format
    return SUFFIX_KINDS.get(path.suffix.lower(), "text")


def read_path(path: Path, options: ReaderOptions, *, label: str) -> Iterator[Item]:
    origin = origin_of(str(path))
    if path.is_dir():
        for found in walk_folder(path, options.include, options.exclude):
            # walk_folder yields resolved paths: their URI is their key, no resolve() per file
            yield from read_file(found, options, origin=origin, key=found.as_uri())
    elif path.is_file():
        yield from read_file(path, options, origin=origin, label=label)
    else:
        yield InputError(label, "no such file, folder or URL", origin=origin)


def _read_bytes(path: Path, where: str, key: str, origin: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(where, f"is {size // (1024 * 1024)} MB, over the "
                                    f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit for one file", key=key, origin=origin)
        return path.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot be read ({exc.strerror})", key=key, origin=origin) from None


def read_file(path: Path, options: ReaderOptions, *, origin: str, label: str | None = None,
              key: str | None = None) -> Iterator[Item]:
    where = label or str(path)
    key = key or canonical_key(path)
    kind = kind_of_path(path, options)
    try:
        if kind == "jsonl":
            try:
                stream = path.open("rb")
            except OSError as exc:
                raise InputError(where, f"cannot be read ({exc.strerror})", key=key, origin=origin) from None
            with stream:
                yield from read_jsonl_stream(stream, base=key, label=where, origin=origin, published=options.published)
        elif kind == "html":
            data = _read_bytes(path, where, key, origin)
            yield extract_html(data, where=where, key=key, path=where, published=options.published, origin=origin)
        elif kind == "feed":
            data = _read_bytes(path, where, key, origin)
            yield from read_feed_bytes(data, feed_key=key, label=where, origin=origin, published=options.published,
                                       full_text=options.full_text, fetcher=_fetcher(options),
                                       known=options.known_entry, salt=options.salt)
        else:
            doc = read_text_file(path, published=options.published, label=where, key=key)
            doc.origin = origin
            yield doc
    except InputError as exc:
        exc.key, exc.origin = exc.key or key, exc.origin or origin
        yield exc


# --- URLs --------------------------------------------------------------------

def _fetcher(options: ReaderOptions):
    """What fetches the links found inside inputs (feed entries): every one through the guard."""
    return partial(fetch, timeout=options.timeout, guard=LinkGuard(allow_private=options.allow_private_links))


def sniff_kind(data: bytes, content_type: str = "", name: str = "") -> str:
    """Tell a feed from a page from JSON Lines from plain text, by headers, name and first bytes."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIX_KINDS and suffix != ".txt":
        return SUFFIX_KINDS[suffix]
    if any(t in content_type for t in ("rss", "atom")):
        return "feed"
    if "ndjson" in content_type or "jsonl" in content_type:
        return "jsonl"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) or "xml" in content_type:
        if b"<html" in head[:1024] and b"<rss" not in head and b"<feed" not in head:
            return "html"
        return "feed"
    if "html" in content_type or head.startswith((b"<!doctype html", b"<html", b"<")):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "text"


def read_url(url: str, options: ReaderOptions) -> Iterator[Item]:
    origin = key = normalise_url(url)
    try:
        page: Fetched = fetch(url, timeout=options.timeout,
                              guard=LinkGuard.for_operator_url(url, options.allow_private_links))
    except InputError as exc:
        exc.origin = origin  # no key: the page's entries are unknown, so nothing gets pruned
        yield exc
        return
    kind = options.format if options.format != "auto" else sniff_kind(page.data, page.content_type, page.final_url)
    yield from _read_blob(page.data, kind, options, key=key, label=url, origin=origin, url=url, charset=page.charset,
                          base_url=page.final_url)


def _read_blob(data: bytes, kind: str, options: ReaderOptions, *, key: str, label: str, origin: str,
               url: str | None = None, charset: str | None = None, base_url: str | None = None) -> Iterator[Item]:
    try:
        if kind == "feed":
            yield from read_feed_bytes(data, feed_key=key, label=label, origin=origin, published=options.published,
                                       full_text=options.full_text, fetcher=_fetcher(options),
                                       known=options.known_entry, salt=options.salt, base_url=base_url)
        elif kind == "html":
            yield extract_html(data, where=label, key=key, url=url, charset=charset,
                               published=options.published, origin=origin)
        elif kind == "jsonl":
            import io

            yield from read_jsonl_stream(io.BytesIO(data), base=key, label=label, origin=origin,
                                         published=options.published)
        else:
            decoded = decode_bytes(data, label)
            yield SourceDocument(key=key, text=decoded.text, path=None if url else label, url=url,
                                 published=options.published, encoding=decoded.encoding,
                                 origin=origin, kind="text", warnings=list(decoded.warnings))
    except InputError as exc:
        exc.key, exc.origin = exc.key or key, exc.origin or origin
        yield exc


# --- standard input ----------------------------------------------------------

def read_stdin(stream: BinaryIO, options: ReaderOptions) -> Iterator[Item]:
    """Standard input: JSON Lines are streamed row by row; anything else is one document.

    Its key is ``stdin:NAME`` with ``--stdin-key NAME``; without one, a digest
    of the content (so the same text piped twice is stored once).
    """
    origin = "stdin"
    head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    kind = options.format if options.format != "auto" else sniff_kind(head)
    base = f"stdin:{options.stdin_key}" if options.stdin_key else "stdin"
    if kind == "jsonl":
        yield from read_jsonl_stream(stream, base=base, label="<stdin>", origin=origin, published=options.published)
        return
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        yield InputError("<stdin>", f"is over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for one document")
        return
    key = base if options.stdin_key else f"stdin:sha256:{hashlib.sha256(data).hexdigest()[:32]}"
    yield from _read_blob(data, kind, options, key=key, label="<stdin>", origin=origin)
