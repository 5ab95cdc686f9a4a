"""TIMEX3 value syntax: a validator for the values this project writes.

Accepted: dates (``2016``, ``2016-10``, ``2016-10-03``), ISO weeks
(``2017-W07``, ``2017-W07-2``), seasons (``2016-FA``), quarters and halves
(``2016-Q1``, ``2016-H2``), decades (``201``), centuries (``19``), parts of
day (``2016-10-03TMO``) and clock times (``2016-10-03T14:30``), any digit
replaced by ``X`` when unknown, the vague ``PRESENT_REF``/``PAST_REF``/
``FUTURE_REF``, and durations (``P3D``, ``PT48H``, ``P2DE``, ``PXM``).
"""
from __future__ import annotations

import re

_D = r"[\dX]"
_MM = r"(?:0[1-9]|1[0-2]|XX)"
_DD = r"(?:0[1-9]|[12]\d|3[01]|XX)"
_WW = r"(?:0[1-9]|[1-4]\d|5[0-3]|XX)"
_DATE = (rf"{_D}{{4}}(?:-(?:{_MM}(?:-{_DD})?|W{_WW}(?:-[1-7X])?|SP|SU|FA|WI|Q[1-4X]|H[12X]))?"
         rf"|{_D}{{3}}|{_D}{{2}}")
_TIME = r"T(?:MO|MI|AF|EV|NI|DT|\d{2}(?::\d{2}(?::\d{2})?)?)"
_DURATION = r"P(?:(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|DE|CE))+(?:T(?:(?:\d+(?:\.\d+)?|X)[HMS])+)?|PT(?:(?:\d+(?:\.\d+)?|X)[HMS])+"
_VALID = re.compile(rf"(?:(?:{_DATE})(?:{_TIME})?|PRESENT_REF|PAST_REF|FUTURE_REF|{_DURATION})")


def is_valid_timex(value: str | None) -> bool:
    """True when ``value`` is a well-formed TIMEX3 value."""
    return isinstance(value, str) and _VALID.fullmatch(value) is not None
