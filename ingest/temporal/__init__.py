"""Temporal expressions: tag text, resolve against an anchor."""
from __future__ import annotations

import re
from datetime import date, timedelta

from ingest.temporal.types import AnchorContext, ImpliedAnchor, Resolution, TemporalExpression

# Minimal stand-in until the full tagger lands: today/yesterday/tomorrow and "عام YYYY".
_DEICTIC = {"اليوم": 0, "أمس": -1, "غدا": 1, "بعد غد": 2}
_PATTERN = re.compile(r"بعد غد|اليوم|أمس|غدا|عام (\d{4})")


def tag(text: str) -> list[TemporalExpression]:
    out = []
    for m in _PATTERN.finditer(text):
        spec = {"kind": "year", "year": int(m.group(1))} if m.group(1) else {"kind": "deictic", "days": _DEICTIC[m.group(0)]}
        out.append(TemporalExpression(m.start(), m.end(), m.group(0), "DATE", spec))
    return out


def resolve(expr: TemporalExpression, ctx: AnchorContext) -> Resolution:
    spec = expr.spec
    if spec.get("kind") == "year":
        y = spec["year"]
        return Resolution(str(y), granularity="year", date_start=date(y, 1, 1), date_end=date(y, 12, 31), rule="explicit year")
    if ctx.dct is None:
        return Resolution("XXXX-XX-XX", status="unresolved", symbolic=f"DCT{spec['days']:+d}D", rule="needs the publication date")
    d = ctx.dct + timedelta(days=spec["days"])
    return Resolution(d.isoformat(), granularity="day", date_start=d, date_end=d, symbolic=f"DCT{spec['days']:+d}D", rule=f"{spec['days']:+d} days from {ctx.dct}")


def implied_anchor(expr: TemporalExpression, resolution: Resolution) -> ImpliedAnchor | None:
    return None


def context_for(anchor) -> AnchorContext:
    return AnchorContext(dct=anchor.date, dct_granularity=anchor.granularity, reference=anchor.reference,
                         earliest=anchor.earliest, latest=anchor.latest)
