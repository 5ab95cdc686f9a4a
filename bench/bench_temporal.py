"""Throughput and value F1 of our temporal tagger against dateparser's search_dates, same run.

    python bench/bench_temporal.py [--gold GOLD.jsonl --manifest MANIFEST.jsonl] [--files-dir DIR]
                                   [--devnews DIR] [--repeat N] [--no-scaling]

Three figures, each printed as a line:

1. the seed files the manifest lists: characters per second for us (tag +
   resolve) and for dateparser on the same text, in CPU seconds of this
   process, their ratio, and each one's value F1 on the seed gold (ours as
   ``timeline extract`` gives it: articles found and anchored first);
2. the public development set of news passages (``articles_*.jsonl`` and
   ``timex_*.jsonl`` under ``--devnews``): the same figures;
3. linear growth: our time on 100 KB and on 1 MB of news-like text built from
   the seeds (dateparser is not run on those: it would take minutes).

By default the gold, the manifest and the development set are looked up in
``../shared`` beside the repository; pass them explicitly anywhere else.
"""
from __future__ import annotations

import argparse
import glob
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

Doc = tuple[str, str, "date | None"]  # file name, text, dct


def _ours(text: str, dct: date | None) -> int:
    ctx = AnchorContext(dct=dct)
    n = 0
    for e in tag(text):
        resolve(e, ctx)
        n += 1
    return n


def _our_rows(docs: list[Doc]) -> list[dict[str, Any]]:
    """The product's rows (``timeline extract``: articles found, each anchored, then tag and
    resolve), for the F1 figure."""
    from ingest.document import SourceDocument
    from ingest.extract import extract_rows
    rows: list[dict[str, Any]] = []
    for name, text, dct in docs:
        rows.extend(extract_rows(SourceDocument(key=name, text=text, path=name), dct=dct, file_label=name))
    return rows


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


# CPU time of this process: the machine may be shared, and both sides are measured alike.
clock = time.process_time


def _time_ours(docs: list[Doc]) -> float:
    t0 = clock()
    for _, text, dct in docs:
        _ours(text, dct)
    return clock() - t0


def _time_dateparser(docs: list[Doc]) -> tuple[float, list[dict[str, Any]]]:
    t0 = clock()
    rows: list[dict[str, Any]] = []
    for name, text, dct in docs:
        rows.extend(_dateparser_rows(text, name, dct))
    return clock() - t0, rows


def _timings(docs: list[Doc], repeat: int) -> tuple[float, float, list[dict[str, Any]]]:
    """Best of ``repeat`` passes each, ours and dateparser's taken in turn, so that a busy
    spell of the machine weighs on both alike."""
    from dateparser.search import search_dates
    search_dates("اليوم", languages=["ar"])  # warm up dateparser's language data
    _ours(docs[0][1], docs[0][2])  # and ours
    ours_s = dp_s = float("inf")
    dp_rows: list[dict[str, Any]] = []
    for _ in range(repeat):
        ours_s = min(ours_s, _time_ours(docs))
        s, dp_rows = _time_dateparser(docs)
        dp_s = min(dp_s, s)
    return ours_s, dp_s, dp_rows


def compare(label: str, docs: list[Doc], gold: list[dict[str, Any]], repeat: int) -> float:
    """Print our speed and F1 against dateparser's on ``docs``; return the speed ratio."""
    chars = sum(len(t) for _, t, _ in docs)
    ours_s, dp_s, dp_rows = _timings(docs, repeat)
    files = [name for name, _, _ in docs]
    ours_f1 = evaluate.score(gold, _our_rows(docs), files)["value_f1"]
    dp_f1 = evaluate.score(gold, dp_rows, files)["value_f1"]
    ours_cps, dp_cps = chars / ours_s, chars / dp_s
    ratio = ours_cps / dp_cps
    print(f"{label}: {chars} characters in {len(docs)} files")
    print(f"  ours:       {ours_cps:12,.0f} chars/s   value F1 {ours_f1:.3f}")
    print(f"  dateparser: {dp_cps:12,.0f} chars/s   value F1 {dp_f1:.3f}")
    print(f"  speed ratio (ours / dateparser): {ratio:.1f}x")
    return ratio


def scaling(docs: list[Doc]) -> None:
    """Our time on 100 KB and 1 MB built from ``docs``: linear growth keeps chars/s level."""
    base = "\n\n".join(t for _, t, _ in docs)
    dct = next((d for _, _, d in docs if d is not None), None)
    print("scaling (one text, tag and resolve):")
    for size, label, runs in ((100_000, "100 KB", 3), (1_000_000, "1 MB", 2)):
        text = (base * (size // len(base) + 1))[:size]
        s = float("inf")
        for _ in range(runs):
            t0 = clock()
            n = _ours(text, dct)
            s = min(s, clock() - t0)
        print(f"  {label:>6}: {s:7.3f} s   {size / s:12,.0f} chars/s   {n} expressions")


def _seed_docs(manifest: str, files_dir: str | None) -> list[Doc]:
    base = evaluate._files_dir(Path(manifest), files_dir)
    docs = []
    for row in evaluate._load(manifest):
        dct = date.fromisoformat(row["dct"]) if row.get("dct") else None
        docs.append((row["file"], evaluate._read_text(base / row["file"]), dct))
    return docs


def _dev_docs(devnews: str) -> tuple[list[Doc], list[dict[str, Any]]]:
    docs, gold = [], []
    for path in sorted(glob.glob(os.path.join(devnews, "articles_*.jsonl"))):
        for row in evaluate._load(path):
            docs.append((row["id"] + ".txt", row["text"], date.fromisoformat(row["published"][:10])))
    for path in sorted(glob.glob(os.path.join(devnews, "timex_*.jsonl"))):
        gold.extend(evaluate._load(path))
    return docs, gold


def main(argv: list[str] | None = None) -> int:
    shared = ROOT.parent / "shared"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(shared / "gold" / "seeds_timex.jsonl"))
    ap.add_argument("--manifest", default=str(shared / "gold" / "seeds_manifest.jsonl"))
    ap.add_argument("--files-dir", default=None, help="folder holding the manifest's files")
    ap.add_argument("--devnews", default=str(shared / "devnews"), help="folder of the development set")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the text for each side (best kept)")
    ap.add_argument("--no-scaling", action="store_true", help="skip the 100 KB / 1 MB lines")
    args = ap.parse_args(argv)
    if not os.path.exists(args.gold) or not os.path.exists(args.manifest):
        print("seed gold or manifest not found; pass --gold and --manifest", file=sys.stderr)
        return 2
    seeds = _seed_docs(args.manifest, args.files_dir)
    compare("seeds", seeds, evaluate._load(args.gold), args.repeat)
    dev, dev_gold = _dev_docs(args.devnews)
    if dev:
        compare("dev news", dev, dev_gold, args.repeat)
    else:
        print(f"dev news: none under {args.devnews} (pass --devnews)")
    if not args.no_scaling:
        scaling(seeds + dev)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
