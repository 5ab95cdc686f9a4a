"""Analysis time of one long document: does it grow with the text, or faster?

Not a test. Writes documents of 100 KB, 1 MB and 10 MB (by default) made of
made-up dated Arabic sentences (a weekday, a day and month, a year, a place,
a person with a title, an organisation, in paragraphs of a few sentences),
then times the analysis of each on its own: read the file, segment, tag,
anchor, resolve, build mention and evidence rows; no database. Prints the
seconds, the CPU seconds and the KB/s of each, then the ratio of the time of
each size to the time of the previous one against the ratio of their sizes.
Linear analysis keeps 10× the text within 12× the time.

    python bench/bench_analysis.py                      # 100 KB, 1 MB, 10 MB
    python bench/bench_analysis.py --sizes 100,400      # KB
    python bench/bench_analysis.py --profile 1000       # where the time of a 1 MB document goes
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WEEKDAYS = ("الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
          "نوفمبر", "ديسمبر")
PEOPLE = ("وزير الخارجية سامي الحداد", "رئيس الوزراء كريم العلي", "المبعوث الأممي يوهان برغ",
          "وزير المالية هالة منصور", "رئيس البرلمان نبيل عيسى")
ORGS = ("الأمم المتحدة", "جامعة الدول العربية", "مجلس الأمن", "البنك الدولي", "الاتحاد الأفريقي")
PLACES = ("القاهرة", "عمان", "بيروت", "الرباط", "تونس", "جنيف", "الدوحة", "بغداد")
VERBS = ("افتتح", "ترأس", "زار", "وقع", "أعلن", "استقبل", "اختتم")
THINGS = ("اجتماعا للجنة المشتركة", "مؤتمرا عن المياه", "اتفاقا للتعاون التجاري", "معرضا للكتاب",
          "جولة من المحادثات", "منتدى للاستثمار")
LATER = ("على أن تعقد الجلسة التالية غدا", "وسيعود الوفد بعد ثلاثة أيام", "وكان قد زارها الشهر الماضي",
         "على أن تستأنف المفاوضات الأسبوع المقبل")


def sentence(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randrange(12), rng.randint(2010, 2024)
    s = (f"{rng.choice(VERBS)} {rng.choice(PEOPLE)} يوم {rng.choice(WEEKDAYS)} {day} {MONTHS[month]} {year} "
         f"في {rng.choice(PLACES)} {rng.choice(THINGS)} بحضور ممثلين عن {rng.choice(ORGS)}")
    if rng.random() < 0.4:
        s += "، " + rng.choice(LATER)
    return s + "."


def document(size: int, seed: int = 7) -> str:
    """About ``size`` characters of dated sentences, four to a paragraph."""
    rng = random.Random(seed)
    paragraphs, length = [], 0
    while length < size:
        p = " ".join(sentence(rng) for _ in range(4))
        paragraphs.append(p)
        length += len(p) + 1
    return "تقرير عن الأنشطة الرسمية\n" + "\n".join(paragraphs)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def analyse_file(path: Path) -> dict:
    """Read → segment → tag → anchor → resolve → events, as an ingest worker does it (no database)."""
    from ingest.pipeline import IngestOptions, prepare
    from ingest.readers import read_inputs

    cpu0, began = _cpu(), time.perf_counter()
    mentions = events = 0
    for source in read_inputs([str(path)]):
        prepared = prepare(source, IngestOptions())
        for _row, m, e in prepared.articles:
            mentions += len(m)
            events += len(e)
    return {"seconds": time.perf_counter() - began, "cpu": _cpu() - cpu0, "mentions": mentions, "events": events}


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the analysis of one document of each size (no database).")
    parser.add_argument("--sizes", default="100,1000,10000", help="sizes in KB, comma-separated (default: 100,1000,10000)")
    parser.add_argument("--profile", type=int, metavar="KB", help="profile the analysis of one document of this size instead")
    args = parser.parse_args()

    # the lexicons and patterns are built once per process: not part of any document's cost
    from ingest.pipeline import IngestOptions, prepare
    from ingest.document import SourceDocument
    prepare(SourceDocument(key="warm-up", text=document(2000)), IngestOptions())

    with tempfile.TemporaryDirectory(prefix="bench-analysis-") as tmp:
        if args.profile:
            path = Path(tmp) / "profile.txt"
            path.write_text(document(args.profile * 1000), encoding="utf-8")
            profiler = cProfile.Profile()
            profiler.runcall(analyse_file, path)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            return
        print(f"{'size':>8} {'seconds':>8} {'CPU s':>8} {'KB/s':>8} {'mentions':>9} {'events':>8}  growth")
        previous = None
        worst = 0.0
        for kb in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"doc-{kb}.txt"
            path.write_text(document(kb * 1000), encoding="utf-8")
            r = analyse_file(path)
            growth = ""
            if previous is not None:
                size_ratio, time_ratio = kb / previous[0], r["cpu"] / previous[1]
                worst = max(worst, time_ratio / size_ratio)
                growth = f"{size_ratio:.0f}x the text, {time_ratio:.1f}x the CPU time"
            print(f"{kb:>6}KB {r['seconds']:>8.2f} {r['cpu']:>8.2f} {kb / max(r['seconds'], 1e-9):>8.0f} "
                  f"{r['mentions']:>9} {r['events']:>8}  {growth}", flush=True)
            previous = (kb, max(r["cpu"], 1e-9))
            path.unlink()
        if worst:
            verdict = "linear" if worst <= 1.2 else "faster than linear"
            print(f"worst growth: {worst:.2f}x the time per 1x the text ({verdict}: the bound is 1.2)")


if __name__ == "__main__":
    main()
