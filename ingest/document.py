"""Documents as they travel through the pipeline, before the store sees them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ingest.temporal.types import Resolution, TemporalExpression


@dataclass
class SourceDocument:
    """One input as a reader yields it: a file, a feed entry, a JSON Lines row.

    ``text`` is the decoded text; every offset downstream is into it.
    ``key`` identifies the input across runs (URL, feed entry id or canonical
    path). ``published`` comes from metadata only (sidecar, feed, command
    line), never from the text. On a page holding several articles it is the
    page's date, not each article's.
    """

    key: str
    text: str
    path: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None
    language: str | None = None
    encoding: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    # Where the reader found it (the folder, feed or JSON Lines file named on
    # the command line) and what kind of input it was: lets `--prune` remove
    # what vanished from that origin. Neither enters the content hash.
    origin: str | None = None
    kind: str | None = None
    # What a user should know about how the input was read (bytes that did not
    # decode, a linked page that was refused): reported with the run, never
    # part of the content hash.
    warnings: list[str] = field(default_factory=list)


@dataclass
class Article:
    """One article cut from a source document (a single article is one cut).

    ``start``/``end`` are offsets of the article in the source text; the
    article's own text is ``source.text[start:end]``. ``headline`` and
    ``dateline`` are the texts found for them (None when absent), with their
    offsets in the source text. ``key`` is the source's key for a single
    article and ``KEY#POSITION`` on a page holding several.
    """

    source: SourceDocument
    key: str
    position: int
    start: int
    end: int
    headline: str | None = None
    headline_span: tuple[int, int] | None = None
    dateline: str | None = None
    dateline_span: tuple[int, int] | None = None

    @property
    def text(self) -> str:
        return self.source.text[self.start:self.end]


# How an article's anchor was obtained, best first.
BASIS_METADATA = "metadata"   # sidecar, feed, JSON Lines, --published / --dct
BASIS_LEAD = "lead"           # the date the article gives its own reporting event
BASIS_INFERRED = "inferred"   # implied by other expressions (e.g. "19 أيلول الجاري")
BASIS_UNKNOWN = "unknown"
BASES = (BASIS_METADATA, BASIS_LEAD, BASIS_INFERRED, BASIS_UNKNOWN)


@dataclass(frozen=True)
class Anchor:
    """An article's reference date and how it was obtained.

    ``date`` is the first day of the anchor (None when unknown);
    ``granularity`` is "day" or "month". ``reference`` is the date of the
    page the article came from (or the user's hint), used to place dates that
    give no year. ``candidates`` holds other possible anchor values when the
    choice was uncertain. ``rule`` explains the choice in a few words.
    """

    date: date | None
    granularity: str = "day"
    basis: str = BASIS_UNKNOWN
    rule: str = ""
    reference: date | None = None
    earliest: date | None = None
    latest: date | None = None
    candidates: tuple[str, ...] = ()
    mention_index: int | None = None  # the expression it was read from, if any


@dataclass
class Mention:
    """A tagged expression with its resolution; offsets into the source text."""

    expression: TemporalExpression
    resolution: Resolution


@dataclass
class AnalysedArticle:
    """An article with its anchor and every temporal expression inside it."""

    article: Article
    anchor: Anchor
    mentions: list[Mention] = field(default_factory=list)
