"""Throughput and seed-gold value F1: our extractor against dateparser's search_dates.

    python bench/bench_temporal.py [--gold GOLD.jsonl --manifest MANIFEST.jsonl] [--files-dir DIR] [--repeat N]

Both run in the same process on the same text (the seed files the manifest
lists): characters per second for each, their ratio, and each one's value F1
on the gold. By default the gold and manifest are looked up in ``../shared/gold``
beside the repository; pass them explicitly anywhere else.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import evaluate  # noqa: E402
from ingest.temporal import AnchorContext, resolve, tag  # noqa: E402


def _ours(text: str, dct: date | None) -> int:
    ctx = AnchorContext(dct=dct)
    n = 0
    for e in tag(text):
        resolve(e, ctx)
        n += 1
    return n


def _dateparser_rows(text: str, label: str, dct: date | None) -> list[dict[str, Any]]:
    from dateparser.search import search_dates
    settings: dict[str, Any] = {}
    if dct is not None:
        settings["RELATIVE_BASE"] = datetime(dct.year, dct.month, dct.day)
    found = search_dates(text, languages=["ar"], settings=settings) or []
    rows, pos = [], 0
    for s, dt in found:
        i = text.find(s, pos)
        if i < 0:
            i = text.find(s)
        if i < 0:
            continue
        pos = i + len(s)
        rows.append({"file": label, "start": i, "end": i + len(s), "text": s, "value": dt.date().isoformat()})
    return rows


def main(argv: list[str] | None = None) -> int:
    default_gold = ROOT.parent / "shared" / "gold"
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", default=str(default_gold / "seeds_timex.jsonl"))
    ap.add_argument("--manifest", default=str(default_gold / "seeds_manifest.jsonl"))
    ap.add_argument("--files-dir", default=None)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the text for our extractor")
    args = ap.parse_args(argv)
    if not os.path.exists(args.gold) or not os.path.exists(args.manifest):
        print("gold or manifest not found; pass --gold and --manifest", file=sys.stderr)
        return 2
    manifest = evaluate._load(args.manifest)
    gold = evaluate._load(args.gold)
    base = evaluate._files_dir(Path(args.manifest), args.files_dir)
    docs = []
    for row in manifest:
        dct = date.fromisoformat(row["dct"]) if row.get("dct") else None
        docs.append((row["file"], evaluate._read_text(base / row["file"]), dct))
    chars = sum(len(t) for _, t, _ in docs)

    _ours(docs[0][1], docs[0][2])  # warm up (regex compilation happens at import already)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for _, text, dct in docs:
            _ours(text, dct)
    ours_s = (time.perf_counter() - t0) / args.repeat

    from dateparser.search import search_dates
    search_dates("اليوم", languages=["ar"])  # warm up dateparser's language data
    t0 = time.perf_counter()
    dp_rows: list[dict[str, Any]] = []
    for name, text, dct in docs:
        dp_rows.extend(_dateparser_rows(text, name, dct))
    dp_s = time.perf_counter() - t0

    files = [r["file"] for r in manifest]
    ours_f1 = evaluate.run(args.gold, args.manifest, args.files_dir)["value_f1"]
    dp_f1 = evaluate.score(gold, dp_rows, files)["value_f1"]
    ours_cps = chars / ours_s if ours_s else float("inf")
    dp_cps = chars / dp_s if dp_s else float("inf")
    print(f"text: {chars} characters in {len(docs)} files")
    print(f"ours:       {ours_cps:12,.0f} chars/s   value F1 {ours_f1:.3f}")
    print(f"dateparser: {dp_cps:12,.0f} chars/s   value F1 {dp_f1:.3f}")
    print(f"speed ratio (ours / dateparser): {ours_cps / dp_cps:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
