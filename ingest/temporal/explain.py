"""The Arabic explanation of a resolution, for readers (``Resolution.explanation``).

``rule`` tells developers, in English, how a value was reached; ``explain``
tells readers the same in a short Arabic sentence: "أمس: اليوم السابق لتاريخ
النشر 2016-10-04", "15 رمضان 1437 هـ بتقويم أم القرى". The sentences are
templates (``TEMPLATES``), filled from the spec, the resolution and the
anchor; the words they need (weekday and month names, units) come from the
lexicon. An unresolved expression is explained too: why it has no date.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from ingest.temporal import lexicon as L
from ingest.temporal.types import DURATION, SET, UNRESOLVED, VAGUE, AnchorContext, Resolution

# Templates: {t} the expression as written, {dct} the anchor, {v} the value, {s}/{e} the interval.
TEMPLATES: dict[str, str] = {
    # anchor-relative days
    "deictic:0": "{t}: يوم تاريخ النشر {dct}",
    "deictic:-1": "{t}: اليوم السابق لتاريخ النشر {dct}",
    "deictic:-2": "{t}: قبل يومين من تاريخ النشر {dct}",
    "deictic:1": "{t}: اليوم التالي لتاريخ النشر {dct}",
    "deictic:2": "{t}: بعد يومين من تاريخ النشر {dct}",
    "deictic:n": "{t}: على بعد {n} يوم من تاريخ النشر {dct}",
    "weekday_wins": "؛ اليوم المكتوب في النص ({wd}) هو المعتمد، فالخبر منشور على الأرجح بفارق يوم",
    # weekdays
    "weekday:-1": "يوم {wd} السابق لتاريخ النشر {dct}",
    "weekday:-2": "يوم {wd} قبل الماضي بالنسبة إلى تاريخ النشر {dct}",
    "weekday:1": "يوم {wd} التالي لتاريخ النشر {dct}",
    "weekday:2": "يوم {wd} بعد المقبل بالنسبة إلى تاريخ النشر {dct}",
    "weekday:0": "يوم {wd} من أسبوع تاريخ النشر {dct}",
    "weekday:past": "يوم {wd} الأقرب قبل تاريخ النشر {dct} أو فيه (سياق الماضي)",
    "weekday:future": "يوم {wd} المقبل بعد تاريخ النشر {dct} (سياق المستقبل)",
    "weekday:present": "يوم {wd} في تاريخ النشر {dct} أو أول {wd} بعده",
    "weekday:unknown": "يوم {wd} الأقرب إلى تاريخ النشر {dct}",
    "weekday:week": "يوم {wd} من {week} بالنسبة إلى تاريخ النشر {dct}",
    "weekday:refs": "يوم {wd} بين الأيام المقبلة التي يذكرها النص",
    "weekday:same_as": "يوم {wd} {s}، كما يكتبه النص بتاريخه بعد قليل",
    "weekday:next_to": "يوم {wd} المجاور للتاريخ المعطوف عليه في النص",
    "weekday:span": "؛ ومعه الأيام حتى {e}",
    # calendar dates
    "date:written": "التاريخ كما ورد في النص: {v}",
    "date:month": "شهر {month} {y} كما ورد في النص",
    "date:nearest": "السنة غير مذكورة: أقرب «{t}» إلى تاريخ النشر {dct}",
    "date:past": "السنة غير مذكورة: آخر «{t}» قبل تاريخ النشر {dct} (سياق الماضي)",
    "date:future": "السنة غير مذكورة: أول «{t}» بعد تاريخ النشر {dct} (سياق المستقبل)",
    "date:weekday": "السنة غير مذكورة: السنة التي يوافق فيها «{t}» يوم {wd}، الأقرب إلى تاريخ النشر",
    "date:month_offset": "«{t}» في الشهر {qual} بالنسبة إلى تاريخ النشر {dct}",
    "date:year_offset": "«{t}» في العام {qual} بالنسبة إلى تاريخ النشر {dct}",
    "date:from_text": "السنة مأخوذة من تاريخ آخر مذكور في النص: {y}",
    "date:repaired": "؛ كُتبت السنة {rep} مقلوبة الأرقام فقُرئت {y}",
    "date:paired": "التاريخ الميلادي المطبوع ({v}) معتمد مع التاريخ الهجري المقابل له",
    "date:since": "منذ {v} حتى تاريخ النشر",
    "hijri:day": "{d} {hmonth} {hy} هـ بتقويم {calendar}",
    "hijri:month": "شهر {hmonth} {hy} هـ بتقويم {calendar}: من {s} إلى {e}",
    "hijri:nearest": "السنة الهجرية غير مذكورة: أقرب {d} {hmonth} إلى تاريخ النشر، {hy} هـ بتقويم {calendar}",
    "hijri:gyear": "شهر {hmonth} الواقع في سنة {gy} الميلادية ({hy} هـ) بتقويم {calendar}",
    # years and periods
    "year:written": "سنة {y} كما وردت في النص",
    "year:hijri": "السنة الهجرية {hy} هـ، من {s} إلى {e} بتقويم {calendar}",
    "year:range": "من سنة {y} إلى سنة {y2}",
    "year:quarter": "{quarter} من سنة {y}",
    "relative": "{unit} {qual} بالنسبة إلى تاريخ النشر {dct}",
    "mod:START": "؛ بدايته",
    "mod:MID": "؛ منتصفه",
    "mod:END": "؛ نهايته",
    "offset:before": "قبل {amount} من تاريخ النشر {dct}",
    "offset:after": "بعد {amount} من تاريخ النشر {dct}",
    "offset:approx": " تقريبًا",
    "day_of_month": "اليوم {d} من الشهر {qual} بالنسبة إلى تاريخ النشر {dct}",
    "day_of_month:ref": "اليوم {d} من شهر التاريخ المذكور قبله في النص ({s})",
    "season": "{season} {y}",
    "decade": "العقد من {y} إلى {y2}",
    "century": "القرن من {y} إلى {y2}",
    # holidays
    "holiday:hijri": "{t}: {d} {hmonth} {hy} هـ بتقويم {calendar}",
    "holiday:hijri_month": "{t}: شهر {hmonth} {hy} هـ بتقويم {calendar}، من {s} إلى {e}",
    "holiday:gregorian": "{t}: {v}",
    "holiday:easter": "{t}: يحسب من عيد الفصح حسب التقويم {church} لسنة {y}: {v}",
    "holiday:national": "{t}: العيد الوطني في {country} لسنة {y}: {v}",
    # relations between dates
    "range": "من {s} إلى {e}",
    "clock": "الساعة {hm} من يوم {day}",
    "shift": "{t}: {rel} المذكور قبله في النص ({base})",
    "shift:-1": "اليوم السابق للتاريخ",
    "shift:0": "اليوم نفسه من التاريخ",
    "shift:1": "اليوم التالي للتاريخ",
    "shift:same": "{t}: {period} نفسه للتاريخ المذكور قبله في النص",
    "shift:same_period": "{t}: الفترة المذكورة قبله في النص، في سنة {y}",
    "shift:amount": "{t}: {rel} {amount} من التاريخ المذكور قبله في النص ({base})",
    "eve": "{t}: عشية {base}، أي اليوم السابق له",
    "anchor_day": "{t}: يوم النشر وشهره في تلك السنة: {v}",
    "nth": "{t}: {v}",
    "nth:days": "{t}: من {s} إلى {e}",
    "nth:after": "{t}: {v}، بعد التاريخ الذي يسبقه",
    # no date
    DURATION: "مدة زمنية ({v}) وليست تاريخًا",
    SET: "تكرار منتظم وليس تاريخًا واحدًا",
    "vague:PRESENT_REF": "إشارة عامة إلى الحاضر لا تحدد تاريخًا",
    "vague:PAST_REF": "إشارة عامة إلى الماضي لا تحدد تاريخًا",
    "vague:FUTURE_REF": "إشارة عامة إلى المستقبل لا تحدد تاريخًا",
    "vague:generic": "«اليوم» هنا بمعنى هذه الأيام عمومًا، لا يوم النشر",
    "unresolved:anchor": "لا يمكن تحديد التاريخ الآن: تاريخ نشر النص غير معروف، ويُحدَّد متى عُرف",
    "unresolved:impossible": "تاريخ غير موجود في التقويم",
    "unresolved:ref": "لا يمكن تحديده: التاريخ الذي يُقاس عليه غير معروف",
    "unresolved:country": "لا يمكن تحديده: البلد غير مذكور",
    "unresolved:other": "تعذر تحديد التاريخ من النص",
    "uncertain": "؛ التحديد غير مؤكد",
    "month_anchor": "؛ تاريخ النشر معروف بالشهر فقط",
}

# a unit's forms for counting: one, two, three to ten, eleven and more
UNIT_FORMS: dict[str, tuple[str, str, str, str]] = {
    "D": ("يوم واحد", "يومين", "أيام", "يومًا"), "W": ("أسبوع واحد", "أسبوعين", "أسابيع", "أسبوعًا"),
    "M": ("شهر واحد", "شهرين", "أشهر", "شهرًا"), "Y": ("سنة واحدة", "سنتين", "سنوات", "سنة"),
    "DE": ("عقد واحد", "عقدين", "عقود", "عقدًا"), "CE": ("قرن واحد", "قرنين", "قرون", "قرنًا"),
    "H": ("ساعة واحدة", "ساعتين", "ساعات", "ساعة"), "MIN": ("دقيقة واحدة", "دقيقتين", "دقائق", "دقيقة"),
}
UNITS_AR = {"D": "يوم", "W": "أسبوع", "M": "شهر", "Y": "سنة", "DE": "عقد", "CE": "قرن", "H": "ساعة", "MIN": "دقيقة"}
PERIODS_AR = {"week": "الأسبوع", "month": "الشهر", "year": "العام", "decade": "العقد", "century": "القرن"}
QUAL_AR = {0: "الحالي", -1: "السابق", 1: "التالي", -2: "قبل السابق", 2: "بعد التالي"}
SEASONS_AR = {"SP": "ربيع", "SU": "صيف", "FA": "خريف", "WI": "شتاء"}
QUARTERS_AR = {"Q1": "الربع الأول", "Q2": "الربع الثاني", "Q3": "الربع الثالث", "Q4": "الربع الرابع",
               "H1": "النصف الأول", "H2": "النصف الثاني"}
CHURCH_AR = {"western": "الغربي", "orthodox": "الشرقي"}


def _count(n: Any, unit: Any) -> str:
    """3 أيام، يومين، 15 يومًا: a number of units as Arabic says it."""
    one, two, few, many = UNIT_FORMS.get(str(unit), ("", "", "", ""))
    n = int(n)
    if n == 1:
        return one
    if n == 2:
        return two
    return f"{n} {few if 3 <= n <= 10 else many}"


def _wd(n: Any) -> str:
    return L.WEEKDAYS[int(n) % 7][0]


def _gmonth(m: Any) -> str:
    names = L.GREGORIAN_MONTHS.get(int(m), ["?"])
    return names[0] if len(names) < 2 else f"{names[0]} ({names[1]})"


def _hmonth(m: Any) -> str:
    return L.HIJRI_MONTHS.get(int(m), ["?"])[0]


def _iso(d: date | None) -> str:
    return d.isoformat() if d is not None else "?"


def _country(cc: Any) -> str:
    return L.COUNTRIES.get(str(cc), [str(cc)])[0]


def explain(text: str, spec: dict[str, Any], r: Resolution, ctx: AnchorContext) -> str:
    """A short Arabic sentence saying what ``text`` means under ``ctx`` and how it was read."""
    try:
        out = _explain(text, spec, r, ctx)
    except (KeyError, ValueError, TypeError, IndexError):
        out = ""
    if not out:
        out = TEMPLATES["unresolved:other"] if r.status == UNRESOLVED else f"{text}: {r.value}"
    if r.status == "uncertain":
        out += TEMPLATES["uncertain"]
    if ctx.dct is not None and ctx.dct_granularity != "day" and r.status != UNRESOLVED \
            and spec.get("kind") in ("deictic", "weekday", "offset"):
        out += TEMPLATES["month_anchor"]
    return out


def _unresolved(spec: dict[str, Any], r: Resolution) -> str:
    rule = r.rule
    if "impossible" in rule or "invalid" in rule:
        return TEMPLATES["unresolved:impossible"]
    if "country" in rule:
        return TEMPLATES["unresolved:country"]
    if "not known" in rule or "missing" in rule:
        return TEMPLATES["unresolved:ref"]
    if "unknown" in rule or "no anchor" in rule or r.symbolic:
        return TEMPLATES["unresolved:anchor"]
    return TEMPLATES["unresolved:other"]


def _explain(text: str, spec: dict[str, Any], r: Resolution, ctx: AnchorContext) -> str:
    T = TEMPLATES
    kind = spec.get("kind")
    if r.status == UNRESOLVED:
        return _unresolved(spec, r)
    if r.status == DURATION:
        return T[DURATION].format(v=r.value)
    if r.status == SET:
        return T[SET]
    if r.status == VAGUE:
        return T["vague:generic"] if spec.get("generic") else T.get(f"vague:{r.value}", "")
    f: dict[str, Any] = {"t": text, "dct": _iso(ctx.dct or ctx.reference), "v": r.value, "s": _iso(r.date_start),
                         "e": _iso(r.date_end),
                         "calendar": "أم القرى" if "Umm al-Qura" in r.rule else "الهجري الحسابي"}
    mod = T.get(f"mod:{spec.get('mod')}", "") if spec.get("mod") else ""
    if kind == "deictic":
        days = int(spec.get("days", 0))
        out = T.get(f"deictic:{days}", T["deictic:n"]).format(n=abs(days), **f)
        if "weekday wins" in r.rule and spec.get("weekday") is not None:
            out += T["weekday_wins"].format(wd=_wd(spec["weekday"]))
        return out
    if kind == "weekday":
        f["wd"] = _wd(spec["weekday"])
        if spec.get("week") is not None:
            out = T["weekday:week"].format(week=f"{PERIODS_AR['week']} {QUAL_AR.get(int(spec['week']), '')}", **f)
        elif spec.get("offset") is not None:
            out = T.get(f"weekday:{int(spec['offset'])}", T["weekday:unknown"]).format(**f)
        elif "among the days ahead" in r.rule:
            out = T["weekday:refs"].format(**f)
        elif "writes with its date just after" in r.rule:
            out = T["weekday:same_as"].format(**f)
        elif "coordinated with" in r.rule:
            out = T["weekday:next_to"].format(**f)
        else:
            out = T.get(f"weekday:{spec.get('direction', 'unknown')}", T["weekday:unknown"]).format(**f)
        if spec.get("span") and r.end_value:
            out += T["weekday:span"].format(**f)
        return out
    if kind == "date":
        return _explain_date(spec, r, f) + mod
    if kind == "year":
        f["y"] = spec.get("year")
        if spec.get("calendar") == "hijri":
            return T["year:hijri"].format(hy=spec["year"], **f)
        if spec.get("year_end"):
            return T["year:range"].format(y2=spec["year_end"], **f)
        if spec.get("quarter"):
            return T["year:quarter"].format(quarter=QUARTERS_AR.get(spec["quarter"], spec["quarter"]), **f)
        out = T["year:written"].format(**f) + mod
        return out + ("؛ " + T["date:since"].format(**f) if spec.get("since") else "")
    if kind == "relative":
        out = T["relative"].format(unit=PERIODS_AR.get(spec.get("unit"), ""),
                                   qual=QUAL_AR.get(int(spec.get("offset", 0)), ""), **f)
        if spec.get("quarter"):
            out = QUARTERS_AR.get(spec["quarter"], "") + " من " + out
        return out + mod
    if kind == "offset":
        amount = _count(spec.get("amount"), spec.get("unit"))
        if spec.get("half"):
            amount += " ونصف"
        out = T[f"offset:{spec.get('direction', 'before')}"].format(amount=amount, **f)
        return out + (T["offset:approx"] if spec.get("approx") else "")
    if kind == "day_of_month":
        if isinstance(spec.get("ref"), dict):
            return T["day_of_month:ref"].format(d=spec["day"], **f)
        return T["day_of_month"].format(d=spec["day"], qual=QUAL_AR.get(int(spec.get("month_offset") or 0), ""), **f)
    if kind == "holiday":
        return _explain_holiday(spec, r, f)
    if kind == "season":
        return T["season"].format(season=SEASONS_AR.get(spec.get("season"), ""), y=r.value[:4], **f) + mod
    if kind == "decade":
        y = int(spec["decade"]) * 10
        return T["decade"].format(y=y, y2=y + 9, **f) + mod
    if kind == "century":
        y = int(r.value) * 100
        return T["century"].format(y=y, y2=y + 99, **f) + mod
    if kind == "range":
        return T["range"].format(s=r.value, e=r.end_value or r.value)
    if kind == "clock":
        return T["clock"].format(hm=r.value[11:16], day=_iso(r.date_start))
    if kind == "shift":
        if spec.get("same_period"):
            return T["shift:same_period"].format(y=r.value[:4], **f)
        if spec.get("of") and spec.get("days") == -1 and spec.get("pod") == "EV":
            return T["eve"].format(base=_iso(r.date_start + _ONE_DAY) if r.date_start else "?", **f)
        days = spec.get("days")
        if days is not None and int(days) in (-1, 0, 1):
            return T["shift"].format(rel=T[f"shift:{int(days)}"], base=_base_day(spec, r), **f)
        amount = int(days if days is not None else spec.get("amount", 0))
        unit = spec.get("unit", "D")
        if amount == 0:
            return T["shift:same"].format(period=PERIODS_AR.get(spec.get("period"), "اليوم"), **f)
        return T["shift:amount"].format(rel="بعد" if amount > 0 else "قبل", amount=_count(abs(amount), unit),
                                        base=_base_day(spec, r), **f)
    if kind == "anchor_day":
        return T["anchor_day"].format(**f)
    if kind == "nth":
        if isinstance(spec.get("after"), dict):
            return T["nth:after"].format(base="التاريخ المذكور", **f)
        if spec.get("unit") == "days":
            return T["nth:days"].format(**f)
        return T["nth"].format(**f)
    return ""


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)


_COUNTED_FROM = re.compile(r"(?:after|before) (\d{4}-\d{2}-\d{2})")


def _base_day(spec: dict[str, Any], r: Resolution) -> str:
    """The day a shift was counted from, as the developers' rule records it."""
    m = _COUNTED_FROM.search(r.rule)
    return m.group(1) if m else "?"


def _explain_date(spec: dict[str, Any], r: Resolution, f: dict[str, Any]) -> str:
    T = TEMPLATES
    cal = spec.get("calendar", "gregorian")
    rule = r.rule
    if cal == "hijri":
        hy = None
        if r.date_start is not None:
            from ingest.temporal import hijri
            (hy, _, _), _ = hijri.from_gregorian(r.date_start)
        f.update(d=spec.get("day"), hmonth=_hmonth(spec["month"]), hy=spec.get("year") or hy)
        if spec.get("gyear") is not None and spec.get("day") is None:
            return T["hijri:gyear"].format(gy=spec["gyear"], **f)
        if spec.get("day") is None:
            return T["hijri:month"].format(**f)
        if spec.get("year") is None and spec.get("gyear") is None:
            return T["hijri:nearest"].format(**f)
        return T["hijri:day"].format(**f)
    f["y"] = r.value[:4]
    if spec.get("paired_hijri"):
        return T["date:paired"].format(**f)
    if "year-from-text" in str(spec.get("rule", "")) or "year-from-list" in str(spec.get("rule", "")) \
            or "the year the text names" in rule:
        out = T["date:from_text"].format(**f)
    elif spec.get("year") is not None:
        out = T["date:written"].format(**f) if spec.get("day") else \
            T["date:month"].format(month=_gmonth(spec["month"]), **f)
        if spec.get("repaired_from"):
            out += T["date:repaired"].format(rep=spec["repaired_from"], **f)
    elif spec.get("month_offset") is not None:
        out = T["date:month_offset"].format(qual=QUAL_AR.get(int(spec["month_offset"]), ""), **f)
    elif spec.get("year_offset") is not None:
        out = T["date:year_offset"].format(qual=QUAL_AR.get(int(spec["year_offset"]), ""), **f)
    elif spec.get("weekday") is not None:
        out = T["date:weekday"].format(wd=_wd(spec["weekday"]), **f)
    elif "past tense" in rule:
        out = T["date:past"].format(**f)
    elif "future" in rule:
        out = T["date:future"].format(**f)
    else:
        out = T["date:nearest"].format(**f)
    if spec.get("since"):
        out += "؛ " + T["date:since"].format(**f)
    return out


def _explain_holiday(spec: dict[str, Any], r: Resolution, f: dict[str, Any]) -> str:
    T = TEMPLATES
    cal = spec.get("calendar")
    if cal == "hijri":
        from ingest.temporal import hijri
        (hy, _, _), _ = hijri.from_gregorian(r.date_start) if r.date_start else ((None, 0, 0), True)
        f.update(d=spec.get("day"), hmonth=_hmonth(spec["month"]), hy=hy)
        if spec.get("day_end") == 0:
            return T["holiday:hijri_month"].format(**f)
        return T["holiday:hijri"].format(**f)
    f["y"] = r.value[:4]
    if cal == "easter":
        return T["holiday:easter"].format(church=CHURCH_AR.get(spec.get("church"), ""), **f)
    if cal == "national":
        return T["holiday:national"].format(country=_country(spec.get("country")), **f)
    return T["holiday:gregorian"].format(**f)
