"""RSS and Atom feeds with feedparser: each entry a document, its published date the anchor.

Where an entry holds only a summary, the linked page is fetched for the full
text (``full_text="auto"``); ``"always"`` fetches every linked page, ``"never"``
keeps the entry's own text.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Callable, Iterator

import feedparser

from ingest.document import SourceDocument
from ingest.readers.fetch import Fetched, normalise_url
from ingest.readers.html import extract_html, fragment_text
from ingest.sources import InputError, Unchanged

# known(key, fingerprint) -> True when that entry is stored, from this very
# fingerprint, with the text of its linked page: no need to fetch it again.
KnownEntry = Callable[[str, str], bool]


def _raw(entry, field: str):
    # dict.get skips feedparser's deprecated updated→published key mapping (and its warning).
    return dict.get(entry, field)


def entry_fingerprint(entry, salt: str = "") -> str:
    """What the feed says about an entry (not its linked page), plus the run's options."""
    fields = [salt, entry.get("id"), entry.get("link"), entry.get("title"), entry.get("summary"),
              _raw(entry, "published"), _raw(entry, "updated"),
              [c.get("value") for c in entry.get("content") or []]]
    return hashlib.sha256(repr(fields).encode("utf-8")).hexdigest()

FULL_TEXT_CHOICES = ("auto", "always", "never")


def entry_date(entry) -> date | None:
    """The entry's date as the publisher wrote it (its local day, not UTC)."""
    for field in ("published", "updated", "created"):
        raw = _raw(entry, field)
        if not raw:
            continue
        for parse in (lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")), parsedate_to_datetime):
            try:
                return parse(raw.strip()).date()
            except (ValueError, TypeError, IndexError):
                continue
        parsed = _raw(entry, f"{field}_parsed")
        if parsed:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def entry_key(entry, feed_key: str) -> str:
    """The entry's id (guid), else its link, else a digest of what it says.

    An id that is a URI (``https://...``, ``tag:...``, ``urn:...``) is global;
    a bare one (``1001``) is only unique within its feed, so it is scoped to it.
    """
    if entry.get("id"):
        entry_id = str(entry["id"]).strip()
        if ":" in entry_id:
            return normalise_url(entry_id) if entry_id.lower().startswith(("http://", "https://")) else entry_id
        return f"{feed_key}#id={entry_id}"
    if entry.get("link"):
        return normalise_url(entry["link"])
    digest = hashlib.sha256((entry.get("title", "") + entry.get("summary", "")).encode("utf-8")).hexdigest()[:16]
    return f"{feed_key}#entry={digest}"


def _own_text(entry) -> tuple[str, bool]:
    """The entry's text and whether it is full content (RSS content:encoded, Atom
    content) rather than only a summary (RSS description, Atom summary)."""
    for content in entry.get("content") or []:
        value = fragment_text(content.get("value") or "")
        if value:
            return value, True
    return fragment_text(entry.get("summary") or ""), False


def read_feed_bytes(data: bytes, *, feed_key: str, label: str, origin: str, published: date | None = None,
                    full_text: str = "auto", fetcher: Callable[[str], Fetched] | None = None,
                    known: KnownEntry | None = None, salt: str = "",
                    ) -> Iterator[SourceDocument | InputError | Unchanged]:
    """Every entry of a feed; the feed itself failing is one InputError."""
    if not data.strip():
        yield InputError(label, "the feed is empty", origin=origin)
        return
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        yield InputError(label, f"is not an RSS or Atom feed{detail}", origin=origin)
        return
    feed_title = parsed.feed.get("title") or None
    for position, entry in enumerate(parsed.entries):
        key = entry_key(entry, feed_key)
        where = f"{label} entry {position + 1} ({key})"
        fingerprint = entry_fingerprint(entry, salt)
        if known is not None and known(key, fingerprint):
            yield Unchanged(key, where, origin)
            continue
        try:
            doc = _entry_document(entry, key=key, where=where, origin=origin, feed_title=feed_title,
                                  published=published, full_text=full_text, fetcher=fetcher)
            if doc.metadata.get("full_text") == "linked page":
                doc.metadata["entry_fingerprint"] = fingerprint
            yield doc
        except InputError as exc:
            exc.key, exc.origin = exc.key or key, origin
            yield exc


def _entry_document(entry, *, key: str, where: str, origin: str, feed_title: str | None,
                    published: date | None, full_text: str, fetcher) -> SourceDocument:
    text, complete = _own_text(entry)
    link = entry.get("link") or None
    metadata: dict = {}
    want_page = link and fetcher and (full_text == "always" or (full_text == "auto" and not complete))
    title = (entry.get("title") or "").strip() or None
    day = published or entry_date(entry)
    if want_page:
        try:
            page = fetcher(link)
            doc = extract_html(page.data, where=link, key=key, url=link, charset=page.charset, published=day)
            text = doc.text
            metadata["full_text"] = "linked page"
            day = day or doc.published
        except InputError as exc:
            # The summary still says something: keep it, and say why it is short.
            metadata["full_text"] = f"unavailable: {exc.reason}"
    if not text.strip():
        raise InputError(where, "the entry has no text (no content, no summary, no readable linked page)")
    if title and not text.startswith(title):
        # The headline is part of what the article says; the segmenter expects it on top.
        text = f"{title}\n\n{text}"
    for field in ("author", "tags"):
        if entry.get(field):
            metadata[field] = [t.get("term") for t in entry[field]] if field == "tags" else entry[field]
    return SourceDocument(key=key, text=text, path=where, url=link, title=title, published=day,
                          source=feed_title, encoding="utf-8", metadata=metadata, origin=origin, kind="feed")
