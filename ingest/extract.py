"""The rows `timeline extract` prints: one per temporal expression, in file order.

Each row carries offsets into the whole file's decoded text, whatever article
the expression sits in, so that the scorer and users can find it again.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ingest.analyse import analyse
from ingest.document import BASIS_UNKNOWN, SourceDocument


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def extract_rows(source: SourceDocument, *, dct: date | None = None, earliest: date | None = None,
                 latest: date | None = None, file_label: str | None = None) -> list[dict[str, Any]]:
    """One dict per temporal expression in ``source``, in text order (see
    the extract contract in the README)."""
    label = file_label or source.path or source.key
    analysis = analyse(source, dct=dct, earliest=earliest, latest=latest)
    rows = []
    for art, m in analysis.mentions():
        e, r = m.expression, m.resolution
        anchor = art.anchor if art is not None else analysis.page_anchor
        rows.append({
            "file": label,
            "start": e.start,
            "end": e.end,
            "text": e.text,
            "type": e.type,
            "value": r.value,
            "end_value": r.end_value,
            "granularity": r.granularity,
            "date_start": _iso(r.date_start),
            "date_end": _iso(r.date_end),
            "rule": r.rule,
            "explanation": r.explanation,
            "status": r.status,
            "calendar": r.calendar,
            "symbolic": r.symbolic,
            "article": art.article.position if art is not None else None,
            "article_key": art.article.key if art is not None else None,
            "anchor": _iso(anchor.date) if anchor is not None else None,
            "anchor_basis": anchor.basis if anchor is not None else BASIS_UNKNOWN,
        })
    return rows
