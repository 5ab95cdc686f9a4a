"""Stand-in: whole text as one article, anchored on its metadata date."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ingest.document import AnalysedArticle, Anchor, Article, Mention, SourceDocument, BASIS_METADATA, BASIS_UNKNOWN
from ingest.temporal import context_for, resolve, tag


@dataclass
class Analysis:
    articles: list[AnalysedArticle]
    outside: list[Mention] = field(default_factory=list)


def resolve_mentions(expressions, anchor: Anchor) -> list[Mention]:
    ctx = context_for(anchor)
    return [Mention(e, resolve(e, ctx)) for e in expressions]


def analyse(source: SourceDocument, *, dct: date | None = None, earliest=None, latest=None) -> Analysis:
    article = Article(source=source, key=source.key, position=0, start=0, end=len(source.text),
                      headline=source.text.strip().split("\n", 1)[0][:200] or None)
    day = dct or source.published
    anchor = Anchor(day, basis=BASIS_METADATA if day else BASIS_UNKNOWN, reference=day)
    return Analysis([AnalysedArticle(article, anchor, resolve_mentions(tag(source.text), anchor))])
