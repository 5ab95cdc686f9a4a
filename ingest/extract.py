"""Rows for `timeline extract`: one per temporal expression, offsets into the whole file."""
from __future__ import annotations

from datetime import date

from ingest.analyse import analyse
from ingest.document import Mention, SourceDocument


def _row(label: str, m: Mention, article: int | None, basis: str | None) -> dict:
    e, r = m.expression, m.resolution
    return {"file": label, "start": e.start, "end": e.end, "text": e.text, "type": e.type,
            "value": r.value, "end_value": r.end_value, "granularity": r.granularity,
            "date_start": r.date_start.isoformat() if r.date_start else None,
            "date_end": r.date_end.isoformat() if r.date_end else None,
            "rule": r.rule, "status": r.status, "article": article, "anchor_basis": basis}


def extract_rows(source: SourceDocument, *, dct: date | None = None, earliest=None, latest=None,
                 file_label: str | None = None) -> list[dict]:
    label = file_label or source.path or source.key
    analysis = analyse(source, dct=dct, earliest=earliest, latest=latest)
    rows = [_row(label, m, a.article.position, a.anchor.basis) for a in analysis.articles for m in a.mentions]
    rows += [_row(label, m, None, None) for m in analysis.outside]
    return sorted(rows, key=lambda r: (r["start"], r["end"]))
