"""Generate a corpus of Arabic news articles from the seed texts, with varied dates.

Each article is a headline, a dateline and a handful of paragraphs drawn from
the seeds (numbers and weekday words varied), published on a random day of
2014-2018 (given in a NAME.json sidecar, as users do). Deterministic for a
given --seed. Written in folders of 1,000 so a folder listing stays cheap.

    python bench/make_corpus.py OUT_DIR --articles 20000
"""
from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
# The repository's samples are copies of the shared seeds; either will do.
DEFAULT_SEEDS = ROOT / "samples"

DATELINES = ["موسكو-سانا", "دمشق-سانا", "جنيف- (أ ف ب)", "القاهرة- رويترز", "موسكو | ", "بيروت-"]
WEEKDAYS = ["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]
RELATIVE = ["اليوم", "أمس", "غدا", "أول أمس", "بعد غد", "الأسبوع الماضي", "الشهر المقبل", "العام الماضي"]


def paragraphs(seeds: Path) -> list[str]:
    found = []
    for path in sorted(seeds.glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            para = para.strip()
            if len(para) >= 80 and "http" not in para:
                found.append(para)
    if not found:
        raise SystemExit(f"no seed paragraphs in {seeds}")
    return found


def vary(text: str, rng: random.Random) -> str:
    text = re.sub(r"\b\d{1,2}\b", lambda m: str(rng.randint(1, 28)), text)
    text = re.sub("|".join(WEEKDAYS), lambda m: rng.choice(WEEKDAYS), text)
    return text


def articles(seeds: Path, count: int, seed: int = 1) -> Iterator[tuple[str, str, date]]:
    """(name, text, published) for each article, one at a time."""
    rng = random.Random(seed)
    pool = paragraphs(seeds)
    first = date(2014, 1, 1)
    for i in range(count):
        body = [vary(p, rng) for p in rng.sample(pool, k=min(len(pool), rng.randint(3, 7)))]
        headline = body[0].split("،")[0].split(".")[0][:90]
        lead = f"قال مسؤول {rng.choice(RELATIVE)} إن الاجتماع سيعقد يوم {rng.choice(WEEKDAYS)} المقبل."
        text = f"{headline}\n\n{rng.choice(DATELINES)}\n\n{lead}\n\n" + "\n\n".join(body) + f"\n\n(رقم {i})\n"
        yield f"{i // 1000:03d}/article_{i:06d}", text, first + timedelta(days=rng.randint(0, 5 * 365))


def write_corpus(out: Path, count: int, seeds: Path = DEFAULT_SEEDS, seed: int = 1) -> int:
    """Write ``count`` articles with sidecars under ``out``; returns the bytes of text written."""
    total = 0
    for name, text, published in articles(seeds, count, seed):
        path = out / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        path.with_suffix(".json").write_text(json.dumps({"published": published.isoformat()}), encoding="utf-8")
        total += len(data)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus to")
    parser.add_argument("--articles", type=int, default=20_000, help="how many articles (default: 20000)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder of seed .txt files")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args()
    size = write_corpus(args.out, args.articles, args.seeds, args.seed)
    print(f"{args.articles} articles, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
