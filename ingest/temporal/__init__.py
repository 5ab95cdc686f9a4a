"""Arabic temporal expressions: tag text, resolve against an anchor.

``tag(text)`` finds expressions with exact offsets and a symbolic ``spec``;
``resolve(expr, ctx)`` turns a spec into a TIMEX3 value under an anchor;
``implied_anchor`` says what an expression tells about its own document's
date; ``context_for`` maps an article's ``Anchor`` to an ``AnchorContext``.

The spec kinds are documented in ``ingest.temporal.tagger``; the words they are
built from are in ``ingest.temporal.lexicon``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.temporal.resolve import implied_anchor, resolve
from ingest.temporal.tagger import tag
from ingest.temporal.types import AnchorContext, ImpliedAnchor, Resolution, TemporalExpression

if TYPE_CHECKING:  # pragma: no cover
    from ingest.document import Anchor


def context_for(anchor: "Anchor") -> AnchorContext:
    """The resolver's view of an article's anchor."""
    return AnchorContext(dct=anchor.date, dct_granularity=anchor.granularity or "day",
                         reference=anchor.reference, earliest=anchor.earliest, latest=anchor.latest)


__all__ = ["tag", "resolve", "implied_anchor", "context_for", "AnchorContext", "ImpliedAnchor", "Resolution",
           "TemporalExpression"]
