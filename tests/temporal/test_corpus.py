"""Walk every line of tests/corpus/*.jsonl (Duckling style: adding a case is adding a line).

A line: ``text``, ``dct`` (YYYY-MM-DD or null), ``value`` (TIMEX3, or null:
nothing may be tagged), optional ``end_value``, ``type`` and ``expr`` (the
expression's exact text). The line passes when an expression tagged in
``text`` (the one written ``expr`` when given) resolves to ``value``.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.temporal import AnchorContext, resolve, tag

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _cases():
    for path in sorted(CORPUS.glob("*.jsonl")):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield pytest.param(json.loads(line), id=f"{path.stem}:{i}")


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
    assert any(r.value == case["value"] for _, r in got), [(e.text, r.value, r.rule) for e, r in got]
    e, r = next((e, r) for e, r in got if r.value == case["value"])
    if "end_value" in case:
        assert r.end_value == case["end_value"], r
    if "type" in case:
        assert e.type == case["type"]
