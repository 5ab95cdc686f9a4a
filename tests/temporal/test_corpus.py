"""Walk every line of tests/corpus/*.jsonl (Duckling style: adding a case is adding a line).

A line: ``text``, ``dct`` (YYYY-MM-DD or null), ``value`` (TIMEX3, or null:
nothing may be tagged), optional ``end_value``, ``type`` and ``expr`` (the
expression's exact text). The line passes when an expression tagged in
``text`` (the one written ``expr`` when given) resolves to ``value``; as the
project's referee does, a time on the expected day (2016-05-10TMO for
2016-05-10) counts as that day.

``XFAIL`` lists cases known to fail, each with the reason; keep it short.
"""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from ingest.temporal import AnchorContext, resolve, tag

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
_TIME_ON_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})T")

# case id -> why it fails (see the report of the tagger's branch)
XFAIL: dict[str, str] = {}


def same_value(got: str | None, want: str) -> bool:
    if got == want:
        return True
    m = _TIME_ON_DAY.match(str(got))
    return bool(m) and m.group(1) == want and len(want) == 10


def _cases():
    for path in sorted(CORPUS.glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                cid = f"{path.stem}:{i}"
                marks = [pytest.mark.xfail(reason=XFAIL[cid], strict=True)] if cid in XFAIL else []
                yield pytest.param(json.loads(line), id=cid, marks=marks)


@pytest.mark.parametrize("case", list(_cases()))
def test_corpus(case):
    dct = date.fromisoformat(case["dct"]) if case.get("dct") else None
    ctx = AnchorContext(dct=dct)
    found = tag(case["text"])
    if case["value"] is None:
        assert found == [], [(e.text, e.spec) for e in found]
        return
    got = [(e, resolve(e, ctx)) for e in found]
    if case.get("expr"):
        got = [(e, r) for e, r in got if e.text == case["expr"]]
        assert got, f"{case['expr']!r} not tagged; found {[e.text for e in found]}"
    assert any(same_value(r.value, case["value"]) for _, r in got), [(e.text, r.value, r.rule) for e, r in got]
    e, r = next((e, r) for e, r in got if same_value(r.value, case["value"]))
    if "end_value" in case:
        assert r.end_value == case["end_value"], r
    if "type" in case:
        assert e.type == case["type"]
