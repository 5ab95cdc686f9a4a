"""The data a temporal expression passes through: tagged from text, then resolved.

This module is the contract between the tagger, the resolver, the anchoring
stage and the store. Tagging reads text only and produces a
``TemporalExpression`` whose ``spec`` says what the text says, independent of
any anchor (e.g. ``{"kind": "deictic", "days": -1}`` for أمس). Resolution
combines a spec with an ``AnchorContext`` and never reads the text again, so a
document whose anchor arrives later is re-resolved from its stored specs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

# Coarsest last. "time" is a clock time within a day.
GRANULARITIES = ("time", "day", "week", "month", "quarter", "season", "year", "decade", "century")

# Resolution status values.
RESOLVED = "resolved"        # a concrete interval (date_start..date_end)
UNCERTAIN = "uncertain"      # resolved to the likeliest candidate; others in ``candidates``
UNRESOLVED = "unresolved"    # needs an anchor the document does not have yet
VAGUE = "vague"              # PRESENT_REF / PAST_REF / FUTURE_REF: no interval, no event
DURATION = "duration"        # an amount of time, not a date: no event
SET = "set"                  # a recurrence (كل يوم جمعة): no event
STATUSES = (RESOLVED, UNCERTAIN, UNRESOLVED, VAGUE, DURATION, SET)


@dataclass(frozen=True)
class TemporalExpression:
    """A temporal expression found in a text.

    ``start``/``end`` are character offsets into the text given to the tagger
    (end exclusive) and ``text == source[start:end]``. ``spec`` is a
    JSON-serialisable dict: the symbolic meaning, enough to resolve the
    expression against any anchor without the text.
    """

    start: int
    end: int
    text: str
    type: str
    spec: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class AnchorContext:
    """What a resolver may know about the document an expression sits in.

    ``dct``: the document creation time (the article's anchor), or None.
    ``dct_granularity``: "day", or "month" when only the month is known.
    ``reference``: a date near which to place dates that give no year when
    ``dct`` is unknown (the date a multi-article page was published or read);
    dates are taken at or before it.
    ``earliest``/``latest``: a user's hint of the range the document lies in.
    """

    dct: date | None = None
    dct_granularity: str = "day"
    reference: date | None = None
    earliest: date | None = None
    latest: date | None = None


@dataclass(frozen=True)
class Resolution:
    """An expression's meaning under an anchor.

    ``value``/``end_value`` are TIMEX3 values (``2016-10-03``, ``2017-W07``,
    ``2017-01``, ``2016-FA``, ``2015``, ``201``, ``PRESENT_REF``, ``P3D``,
    underspecified ``XXXX-XX-XX`` when unresolved). ``date_start``/``date_end``
    are the inclusive interval in the Gregorian calendar, None when there is
    none. ``calendar`` is the calendar the text was written in. ``rule`` is a
    short explanation for developers ("Tuesday before 2016-06-08");
    ``explanation`` says the same to users, in Arabic ("أمس: اليوم السابق
    لتاريخ النشر 2016-10-04"): exports and the API show it, never ``rule``.
    ``symbolic`` is the
    anchor-relative form ("DCT-1D", "Tuesday before DCT") for expressions that
    depend on the anchor. ``candidates`` lists alternative values when
    ``status`` is "uncertain".
    """

    value: str
    end_value: str | None = None
    granularity: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    calendar: str = "gregorian"
    rule: str = ""
    status: str = RESOLVED
    symbolic: str | None = None
    candidates: tuple[str, ...] = ()
    explanation: str = ""

    @property
    def is_dated(self) -> bool:
        """True when the expression names a concrete interval of time."""
        return self.status in (RESOLVED, UNCERTAIN) and self.date_start is not None


@dataclass(frozen=True)
class ImpliedAnchor:
    """What an expression, once resolved, says about its own document's date.

    E.g. "19 أيلول الجاري" says the document was written in September of that
    year (granularity "month"); "يوم غد الأربعاء" says it was written on a
    Tuesday (``weekday`` 1, no date).
    """

    date: date | None
    granularity: str
    weekday: int | None = None
    reason: str = ""
