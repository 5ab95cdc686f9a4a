"""RSS and Atom feeds with feedparser: each entry a document, its published date the anchor.

Where an entry holds only a summary, the linked page is fetched for the full
text (``full_text="auto"``); ``"always"`` fetches every linked page, ``"never"``
keeps the entry's own text.
"""
from __future__ import annotations

import hashlib
import urllib.parse
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Callable, Iterator

import feedparser

from ingest.document import SourceDocument
from ingest.readers.fetch import Fetched, is_url, normalise_url
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


def entry_link(entry, base_url: str | None = None) -> tuple[str | None, str | None]:
    """The entry's link as an absolute http(s) URL, or None with the reason there is none.

    A relative link is resolved against the feed's own address (else its
    channel link). A ``<guid>`` that RSS takes for a permalink is a link only
    when it is an absolute http(s) URL: ``<guid>1001</guid>`` names, it does
    not point.
    """
    raw = (entry.get("link") or "").strip()
    if not raw:
        return None, None
    if entry.get("guidislink") and raw == str(entry.get("id") or "").strip() and not is_url(raw):
        return None, None
    if not urllib.parse.urlsplit(raw).scheme:
        if not base_url:
            return None, f"its link {raw!r} is relative and the feed has no web address to resolve it against"
        raw = urllib.parse.urljoin(base_url, raw)
    if not is_url(raw):
        return None, f"its link {raw!r} is not an http(s) URL; only http and https links are fetched"
    return raw, None


def entry_key(entry, feed_key: str, link: str | None = None) -> str:
    """The entry's id (guid), else its link, else a digest of what it says.

    An id that is a URI (``https://...``, ``tag:...``, ``urn:...``) is global;
    a bare one (``1001``) is only unique within its feed, so it is scoped to it,
    and so is a link that could not be made absolute.
    """
    if entry.get("id"):
        entry_id = str(entry["id"]).strip()
        if ":" in entry_id:
            return normalise_url(entry_id) if entry_id.lower().startswith(("http://", "https://")) else entry_id
        return f"{feed_key}#id={entry_id}"
    if link:
        return normalise_url(link)
    if entry.get("link"):
        return f"{feed_key}#link={str(entry['link']).strip()}"
    digest = hashlib.sha256((entry.get("title", "") + entry.get("summary", "")).encode("utf-8")).hexdigest()[:16]
    return f"{feed_key}#entry={digest}"


def _base_url(parsed, base_url: str | None) -> str | None:
    if base_url and is_url(base_url):
        return base_url
    channel = (parsed.feed.get("link") or "").strip()
    return channel if is_url(channel) else None


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
                    known: KnownEntry | None = None, salt: str = "", base_url: str | None = None,
                    ) -> Iterator[SourceDocument | InputError | Unchanged]:
    """Every entry of a feed; the feed itself failing is one InputError, an entry failing
    costs only that entry. ``base_url``: where the feed was fetched from (relative links)."""
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
    base = _base_url(parsed, base_url)
    for position, entry in enumerate(parsed.entries):
        where = f"{label} entry {position + 1}"
        key = None
        try:
            link, link_problem = entry_link(entry, base)
            key = entry_key(entry, feed_key, link)
            where = f"{label} entry {position + 1} ({key})"
            fingerprint = entry_fingerprint(entry, salt)
            if known is not None and known(key, fingerprint):
                yield Unchanged(key, where, origin)
                continue
            doc = _entry_document(entry, key=key, where=where, origin=origin, feed_title=feed_title,
                                  published=published, full_text=full_text, fetcher=fetcher,
                                  link=link, link_problem=link_problem)
            if doc.metadata.get("full_text") == "linked page":
                doc.metadata["entry_fingerprint"] = fingerprint
            yield doc
        except InputError as exc:
            exc.key, exc.origin = exc.key or key, origin
            yield exc
        except Exception as exc:  # whatever an entry holds, it costs only itself
            yield InputError(where, f"the entry could not be read ({type(exc).__name__}: {exc})", key=key,
                             origin=origin)


def _entry_document(entry, *, key: str, where: str, origin: str, feed_title: str | None,
                    published: date | None, full_text: str, fetcher, link: str | None = None,
                    link_problem: str | None = None) -> SourceDocument:
    text, complete = _own_text(entry)
    metadata: dict = {}
    warnings: list[str] = []
    wanted = full_text == "always" or (full_text == "auto" and not complete)
    title = (entry.get("title") or "").strip() or None
    day = published or entry_date(entry)
    if wanted and link_problem:
        metadata["full_text"] = f"unavailable: {link_problem}"
        warnings.append(f"the linked page was not fetched: {link_problem}; the entry's own text is kept")
    elif wanted and link and fetcher:
        try:
            page = fetcher(link)
            doc = extract_html(page.data, where=link, key=key, url=link, charset=page.charset, published=day)
            text = doc.text
            metadata["full_text"] = "linked page"
            day = day or doc.published
        except InputError as exc:
            # The summary still says something: keep it, and say why it is short.
            metadata["full_text"] = f"unavailable: {exc.reason}"
            warnings.append(f"the linked page {link} was not used ({exc.reason}); the entry's own text is kept")
    if not text.strip():
        raise InputError(where, "the entry has no text (no content, no summary, no readable linked page)")
    if title and not text.startswith(title):
        # The headline is part of what the article says; the segmenter expects it on top.
        text = f"{title}\n\n{text}"
    for field in ("author", "tags"):
        if entry.get(field):
            metadata[field] = [t.get("term") for t in entry[field]] if field == "tags" else entry[field]
    return SourceDocument(key=key, text=text, path=where, url=link, title=title, published=day,
                          source=feed_title, encoding="utf-8", metadata=metadata, origin=origin, kind="feed",
                          warnings=warnings)
