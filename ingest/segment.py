"""Cut a page into its articles: headline + dateline + body, furniture dropped.

A tag-archive or digest page holds several articles. An article opens with
a headline and a dateline (``موسكو|`` on a line of its own, or
``موسكو-سانا`` / ``القاهرة (رويترز) -`` opening the first body line), or a
headline over a date line (archive listings: headline, ``2016/10/03``,
teaser), or a headline over a share bar with its own link; a rule line
(``----``, ``* * *``) or a source credit (``المصدر: وكالات``) closes one.
Lines between a headline and its dateline (standfirst, byline, stamp) belong
to the article. Everything else a page prints (archive header, "see also"
block with its teasers, share links, section labels, credits) is furniture
and belongs to no article. Without any of these signals the page is one
article: subheadings never split it.

The patterns come from the tables in ``ingest.datelines``; nothing here knows
any particular page. Offsets are always into ``source.text``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import datelines as D
from ingest.document import Article, SourceDocument

# Characters that may surround a line without being part of it: whitespace,
# no-break space, bidi marks and the byte-order mark.
_STRIP = " \t\f\v\u00a0\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"

_AR = "\u0621-\u063a\u0641-\u064a"          # Arabic letters (no tatweel, no digits)
_WORD_END = rf"(?![{_AR}\w])"

_CITY = D.alternation(D.CITIES)
_AGENCY = D.alternation(D.AGENCIES) + _WORD_END
_OUTLET = D.alternation(D.AGENCIES + D.OUTLETS)
_QUOTED = r"[«“\"][^»”\"\n]{1,30}[»”\"]"
_GENERIC_CITY = rf"[{_AR}]{{2,}}(?:[ \u00a0][{_AR}]{{2,}})?"
_DASH = f"[{D.DASHES}]"
_PIPE = f"[{re.escape(D.PIPES)}]"
_END_SEP = rf"(?:\s*[{D.DASHES}:|/])?"
# "واشنطن، 5 مارس" / "القاهرة 12 كانون الثاني 2016": a date some datelines carry.
_DATEPART = rf"(?:\s*[،,]?\s*(?P<date>[0-9٠-٩]{{1,2}}\s+[{_AR}]+(?:\s+[{_AR}]+)?(?:\s*/\s*[{_AR}]+(?:\s+[{_AR}]+)?)?(?:\s+[0-9٠-٩]{{4}})?)\s*[،,]?)?"


def _dateline_patterns(city: str) -> list[re.Pattern[str]]:
    return [
        # موسكو|  موسكو/  موسكو/ سانا/
        re.compile(rf"(?P<city>{city})\s*{_PIPE}(?:\s*(?P<agency>{_AGENCY}|{_QUOTED}){_END_SEP})?"),
        # موسكو-سانا  دمشق - سانا  بيروت - «الحياة» -
        re.compile(rf"(?P<city>{city}){_DATEPART}\s*{_DASH}\s*(?P<agency>{_AGENCY}|{_QUOTED}){_END_SEP}"),
        # القاهرة (رويترز) -   واشنطن، 5 مارس (أ ف ب) -
        re.compile(rf"(?P<city>{city}){_DATEPART}\s*\(\s*(?P<agency>{_OUTLET})\s*\){_END_SEP}"),
        # لندن: «الشرق الأوسط»  (a colon only before a quoted outlet: "موسكو: ..." is a headline)
        re.compile(rf"(?P<city>{city})\s*[:：]\s*(?P<agency>[«“\"]\s*{_OUTLET}\s*[»”\"]){_END_SEP}"),
    ]


_KNOWN_DATELINES = _dateline_patterns(_CITY)
_GENERIC_DATELINES = _dateline_patterns(_GENERIC_CITY)
# The mark each of _dateline_patterns cannot match without, in its order (a
# pipe, a dash, a bracket, a colon): a line is searched for each once, and a
# pattern whose mark is missing is not tried. Most lines lack most marks.
_MARKS = [re.compile(_PIPE), re.compile(_DASH), re.compile(r"\("), re.compile(r"[:：]")]
_DASH_MARK = 1
# "موسكو - الجزيرة نت" alone on its line: an outlet unquoted, known cities only.
_CITY_OUTLET_LINE = re.compile(rf"(?P<city>{_CITY})\s*{_DASH}\s*(?P<agency>{_OUTLET})\s*$")
# "القاهرة -" alone on its line (any one- or two-word place).
_BARE_CITY_DASH = re.compile(rf"(?P<city>{_CITY}|{_GENERIC_CITY})\s*{_DASH}\s*$")
# "(رويترز) - قال ..." with no city.
_AGENCY_ONLY = re.compile(rf"\(\s*(?P<agency>{_AGENCY})\s*\)\s*{_DASH}")

_TRAIL_PUNCT = r"[\s:：.!…،,\-–—]*"
_ARCHIVE = re.compile(rf"{D.alternation(D.ARCHIVE_HEADERS)}\s*(?:[:：\-–|]|$)")
_SEE_ALSO = re.compile(rf"{D.alternation(D.SEE_ALSO)}{_TRAIL_PUNCT}")
_SHARE = re.compile(D.alternation(D.SHARE))
_URL = re.compile(r"(?:https?://|www\.)\S+")
_SECTION = re.compile(rf"{D.alternation(D.SECTIONS)}{_TRAIL_PUNCT}$")
_SECTION_PREFIX = re.compile(rf"{D.alternation(D.SECTION_PREFIXES)}[\s\u00a0]+[{_AR}]+(?:[\s\u00a0]+[{_AR}]+)?\s*$")
_CREDIT = re.compile(rf"{D.alternation(D.CREDITS)}\s*[:：]\s*\S")
_SEPARATOR = re.compile(rf"[{re.escape(D.SEPARATOR_CHARS)}\s]{{3,}}$")
# Publication stamps and bylines that may sit between a headline and its dateline.
_STAMP_PREFIX = rf"(?:{D.alternation(D.STAMP_PREFIXES)}|{D.alternation(D.SHORT_STAMP_PREFIXES)}(?=\s*[:：0-9٠-٩]))"
_STAMP = re.compile(
    rf"(?:[0-9٠-٩][0-9٠-٩/:.\-\s،,|]*$"
    rf"|{_STAMP_PREFIX}\s*[:：]?\s*\S"
    rf"|{D.alternation(D.BYLINE_PREFIXES)}\s*[:：\-–])"
)

# A line that is only a publication date: "2016/10/03", "03.10.2016 14:20",
# "نشر في: 3-10-2016". Under a headline it opens an article (archive listings
# print headline, date, teaser).
_D = "[0-9٠-٩]"
_DATE_STAMP = re.compile(
    rf"(?:{_STAMP_PREFIX}\s*[:：]?\s*)?"
    rf"{_D}{{1,4}}\s*[/.\-]\s*{_D}{{1,2}}\s*[/.\-]\s*{_D}{{1,4}}(?:\s*[-–|،,]?\s*{_D}{{1,2}}:{_D}{{2}}(?::{_D}{{2}})?)?\s*$"
)

_HEADLINE_MAX_CHARS = 200
_HEADLINE_MAX_WORDS = 30
_SHORT_LINE = 40        # share links and archive headers are short lines
_SEE_ALSO_MAX = 150


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: str = "text"     # text | dateline | archive | see_also | share | section | credit | separator
    dateline_end: int | None = None   # source offset where an opening dateline ends
    dateline_only: bool = False

    @property
    def furniture(self) -> bool:
        return self.kind in ("archive", "see_also", "share", "section", "credit", "separator")


def _blank(ch: str) -> bool:
    return ch.isspace() or ch in _STRIP


def _trim(s: str) -> tuple[int, int]:
    """Bounds of ``s`` without surrounding blank characters."""
    i, j = 0, len(s)
    while i < j and _blank(s[i]):
        i += 1
    while j > i and _blank(s[j - 1]):
        j -= 1
    return i, j


def _split_lines(text: str) -> list[_Line]:
    """Non-blank lines with offsets of their first and last visible character."""
    lines: list[_Line] = []
    for m in re.finditer(r"[^\r\n\u2028\u2029\x85]+", text):
        i, j = _trim(m.group())
        if i < j:
            lines.append(_Line(m.start() + i, m.start() + j, m.group()[i:j]))
    return lines


def _rest_empty(line: str, at: int) -> bool:
    return all(_blank(c) for c in line[at:])


def _body_like(line: str) -> bool:
    """A body paragraph, not a headline: long, or closed by a full stop.
    "موسكو| أعلن الوزير ... ." opens with a dateline; "موسكو | لافروف يحذر"
    is a headline with a section prefix."""
    t = line.rstrip(_STRIP + "\n")
    return len(t) > _HEADLINE_MAX_CHARS or len(t.split()) > _HEADLINE_MAX_WORDS or t.endswith((".", "؟", "!", "”.", "\"."))


def match_dateline(line: str) -> re.Match[str] | None:
    """The dateline opening ``line``, or None. Known cities take any form;
    an unknown place name counts only beside a known agency or alone on its
    line before ``|`` or ``/``, so that headlines such as "موسكو: ..." or
    "روسيا / أمريكا ..." are not mistaken for datelines."""
    marked = [mark.search(line) is not None for mark in _MARKS]
    for i, pat in enumerate(_KNOWN_DATELINES):
        m = pat.match(line) if marked[i] else None
        if m and (i > 0 or m.group("agency") or _rest_empty(line, m.end()) or _body_like(line)):
            return m
    for i, pat in enumerate(_GENERIC_DATELINES):
        m = pat.match(line) if marked[i] else None
        if not m or m.group("city").startswith("و"):
            continue
        agency_known = bool(m.group("agency")) and m.group("agency")[0] not in "«“\""
        if agency_known or (i == 0 and _rest_empty(line, m.end())):
            return m
    if not marked[_DASH_MARK]:  # each of the last three needs a dash
        return None
    return _CITY_OUTLET_LINE.match(line) or _BARE_CITY_DASH.match(line) or _AGENCY_ONLY.match(line)


def _classify(line: _Line) -> None:
    t = line.text
    if _SEPARATOR.match(t):
        line.kind = "separator"
    elif len(t) <= 100 and _ARCHIVE.match(t) and (":" in t or "：" in t or len(t) <= _SHORT_LINE):
        line.kind = "archive"
    elif (m := _SEE_ALSO.match(t)) and len(t) - m.end() <= _SEE_ALSO_MAX and _is_see_also(t, m):
        line.kind = "see_also"
    elif (_SHARE.match(t) and (len(t) <= _SHORT_LINE or _URL.search(t))) or _URL.fullmatch(t):
        line.kind = "share"
    elif len(t) <= _SHORT_LINE and (_SECTION.match(t) or _SECTION_PREFIX.match(t)):
        line.kind = "section"
    elif len(t) <= 60 and _CREDIT.match(t):
        line.kind = "credit"
    else:
        m = match_dateline(t)
        if m:
            end = m.end()
            # keep the dateline span tight: no trailing spaces
            while end > 0 and _blank(t[end - 1]):
                end -= 1
            line.kind = "dateline"
            line.dateline_end = line.start + end
            line.dateline_only = _rest_empty(t, end)


def _is_see_also(text: str, m: re.Match[str]) -> bool:
    # "ذات صلة" and friends must stand as a label, not open a sentence:
    # either the line ends there or a colon follows.
    rest = text[m.end():]
    return not rest or ":" in text[:m.end() + 1] or text[m.end() - 1] in ":：" or len(text) <= _SHORT_LINE


_ARABIC_LETTER = re.compile(f"[{_AR}]")


def _headline_like(line: _Line) -> bool:
    t = line.text
    return (
        line.kind == "text"
        and len(t) <= _HEADLINE_MAX_CHARS
        and len(t.split()) <= _HEADLINE_MAX_WORDS
        and t[-1] not in ".:،,؛;"
        # a site's name in Latin letters ("Lebanon 24") over a stamp heads no article
        and _ARABIC_LETTER.search(t) is not None
    )


@dataclass
class _Start:
    line: int                 # index of the article's first line
    headline: int | None
    dateline: int | None
    page_start: bool = False  # opened only because the page starts here


def _find_starts(lines: list[_Line]) -> list[_Start]:
    starts: list[_Start] = []
    boundary = -1             # a headline is never looked for above the last dateline or rule
    pending = True            # the next content line opens an article (page start, after a rule)
    page_start = True
    for i, ln in enumerate(lines):
        if ln.kind in ("separator", "see_also") or (ln.kind == "credit" and _next_content(lines, i) is not None):
            # a rule, a related-links block, or a source credit closing an article
            boundary, pending, page_start = i, True, False
            continue
        if ln.kind == "share" and _URL.search(ln.text):
            # a share bar with the article's own link sits right under its headline
            j = _headline_before(lines, i, boundary)
            if j is not None and not (starts and starts[-1].line >= j):
                starts.append(_Start(j, j, None))
                boundary, pending, page_start = i, False, False
            continue
        if ln.furniture:
            continue
        if ln.kind == "dateline":
            head = _headline_before(lines, i, boundary)
            last = starts[-1] if starts else None
            if last is not None and last.dateline is None and _header_block(lines, last.line, i):
                # the article opened by the page start or a rule is this one;
                # a page intro above its headline stays outside
                last.dateline = i
                last.headline = head if head is not None else last.headline
                if last.page_start and head is not None:
                    last.line = head
                last.page_start = False
            else:
                starts.append(_Start(head if head is not None else i, head, i))
            boundary, pending, page_start = i, False, False
            continue
        if pending:
            starts.append(_Start(i, _opening_headline(lines, i), None, page_start=page_start))
            pending = page_start = False
            continue
        if len(ln.text) <= 60 and _DATE_STAMP.match(ln.text):
            j = _headline_before(lines, i, boundary)
            if j is not None and not (starts and starts[-1].line >= j):
                starts.append(_Start(j, j, None))
                boundary = i
    # A short intro above dateline-opened articles (a tag description) is
    # page matter, not an article.
    if len(starts) >= 2 and starts[0].page_start and all(st.dateline is not None for st in starts[1:]):
        intro = sum(1 for ln in lines[starts[0].line:starts[1].line] if not ln.furniture)
        if intro <= 2:
            starts.pop(0)
    return starts


def _opening_headline(lines: list[_Line], i: int) -> int | None:
    """The headline of an article whose first line is ``i``: that line, or
    the line under a date stamp printed above the headline."""
    nxt = _next_content(lines, i)
    if nxt is None:
        return None
    ln = lines[i]
    if ln.kind == "text" and len(ln.text) <= 60 and _STAMP.match(ln.text) and _headline_like(lines[nxt]) \
            and _next_content(lines, nxt) is not None:
        return nxt
    return i if _headline_like(ln) else None


def _header_block(lines: list[_Line], first: int, dateline: int) -> bool:
    """True when at most two short lines (headline, standfirst, stamp) sit
    between ``first`` and the dateline: they head the same article."""
    between = [ln for ln in lines[first:dateline] if not ln.furniture]
    return len(between) <= 2 and all(len(ln.text) <= 2 * _HEADLINE_MAX_CHARS for ln in between)


def _headline_before(lines: list[_Line], i: int, boundary: int) -> int | None:
    """The headline of the dateline at line ``i``: the nearest text line above
    it, skipping furniture and at most two stamp/byline lines."""
    skipped = 0
    j = i - 1
    while j > boundary:
        ln = lines[j]
        if ln.kind == "separator":
            return None
        if ln.furniture:
            j -= 1
            continue
        if ln.kind == "text" and skipped < 2 and len(ln.text) <= 60 and _STAMP.match(ln.text):
            skipped += 1
            j -= 1
            continue
        return j if _headline_like(ln) else None
    return None


def _next_content(lines: list[_Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].kind == "separator":
            return None
        if not lines[j].furniture:
            return j
    return None


_ELLIPSIS = ("…", "...", "..")


def _teaser_like(ln: _Line) -> bool:
    """Lines a related-links block is made of: headlines, short or truncated
    teasers (often opened by a dateline), stamps and furniture."""
    if ln.kind == "separator":
        return False
    if ln.furniture or _headline_like(ln) or ln.text.endswith(_ELLIPSIS):
        return True
    if ln.kind == "dateline":
        return ln.dateline_only or len(ln.text) <= 300
    return len(ln.text) <= 60 and bool(_STAMP.match(ln.text))


def _header_above(lines: list[_Line], j: int, floor: int) -> int:
    """Index where the article whose body starts at line ``j`` begins: its
    dateline and headline above it (past furniture and stamps), if any."""
    k, back, seen_dateline = j, j - 1, False
    while back > floor:
        ln = lines[back]
        if ln.furniture or (ln.kind == "text" and len(ln.text) <= 60 and _STAMP.match(ln.text)):
            back -= 1
            continue
        if ln.kind == "dateline" and not seen_dateline:
            k, seen_dateline = back, True
            back -= 1
            continue
        if _headline_like(ln):
            k = back
        break
    return k


def _drop_see_also(lines: list[_Line]) -> list[_Line]:
    """A "see also" block is dropped with the teasers under it. On a single
    article that is everything to the end; on a page where a full article
    follows, the block ends where that article's body begins, and its
    headline and dateline are given back to it."""
    kept: list[_Line] = []
    i, n = 0, len(lines)
    while i < n:
        kept.append(lines[i])  # a see-also line stays as a boundary; it is furniture
        if lines[i].kind != "see_also":
            i += 1
            continue
        j = i + 1
        while j < n and _teaser_like(lines[j]):
            j += 1
        if j >= n:
            break
        k = j
        if lines[j].kind != "separator":
            k = _header_above(lines, j, i)
        i = k
    return kept


def _article(source: SourceDocument, lines: list[_Line], key: str, position: int,
             head: int | None, first: int, last: int) -> Article | None:
    body = [ln for ln in lines[first:last + 1]]
    # trailing furniture (credits, share links) does not belong to the article
    while body and body[-1].furniture:
        body.pop()
    while body and body[0].furniture:
        body.pop(0)
    if not body:
        return None
    art = Article(source=source, key=key, position=position, start=body[0].start, end=body[-1].end)
    if head is not None:
        h = lines[head]
        art.headline, art.headline_span = h.text, (h.start, h.end)
    for ln in body[:6]:
        if ln.kind == "dateline" and ln.dateline_end is not None:
            art.dateline = source.text[ln.start:ln.dateline_end]
            art.dateline_span = (ln.start, ln.dateline_end)
            break
    return art


def segment(source: SourceDocument) -> list[Article]:
    """One Article per article on the page; a single article is one Article
    keyed like its source. Never raises; an empty page gives no article."""
    text = source.text or ""
    lines = _split_lines(text)
    for ln in lines:
        _classify(ln)
    lines = _drop_see_also(lines)
    lines = [ln for ln in lines if ln.kind != "archive"]
    if not any(not ln.furniture for ln in lines):
        return []

    starts = _find_starts(lines)
    if len(starts) >= 2:
        articles: list[Article] = []
        for n, st in enumerate(starts):
            last = (starts[n + 1].line - 1) if n + 1 < len(starts) else len(lines) - 1
            art = _article(source, lines, f"{source.key}#{len(articles)}", len(articles), st.headline, st.line, last)
            if art is not None:
                articles.append(art)
        if len(articles) >= 2:
            return articles

    first = next(i for i, ln in enumerate(lines) if not ln.furniture)
    head = starts[0].headline if starts and starts[0].line == first else None
    if head is None:
        head = _opening_headline(lines, first)
    art = _article(source, lines, source.key, 0, head, first, len(lines) - 1)
    return [art] if art is not None else []


def body_paragraphs(article: Article) -> list[tuple[int, int]]:
    """Spans (into the source text) of the article's body paragraphs, in
    order: the lines after its headline and dateline, furniture left out. A
    line opened by a dateline counts from the dateline on, so that a date the
    dateline carries belongs to the first paragraph."""
    text = article.source.text or ""
    after = max(
        article.start,
        article.headline_span[1] if article.headline_span else article.start,
    )
    spans: list[tuple[int, int]] = []
    for ln in _split_lines(text[article.start:article.end]):
        start, end = ln.start + article.start, ln.end + article.start
        if start < after:
            continue
        _classify(ln)
        if ln.furniture or (ln.kind == "dateline" and ln.dateline_only):
            continue
        spans.append((start, end))
    return spans


def stamp_spans(article: Article) -> list[tuple[int, int]]:
    """Spans of publication stamps ("نشر في: 03/10/2016") heading the article:
    above its headline or between it and its first body paragraph."""
    text = article.source.text or ""
    head = article.headline_span
    after = head[1] if head else article.start
    spans: list[tuple[int, int]] = []
    for ln in _split_lines(text[article.start:article.end]):
        start, end = ln.start + article.start, ln.end + article.start
        if head and start < head[0]:
            # a stamp printed above the headline
            if len(ln.text) <= 60 and _STAMP.match(ln.text):
                spans.append((start, end))
            continue
        if start < after:
            continue
        _classify(ln)
        if ln.furniture or (ln.kind == "dateline" and ln.dateline_only):
            continue
        if ln.kind == "text" and len(ln.text) <= 60 and _STAMP.match(ln.text):
            spans.append((start, end))
            continue
        break
    return spans


def dateline_parts(article: Article) -> dict[str, str | None]:
    """The place, agency and date an article's dateline names, e.g.
    {"place": "القاهرة", "agency": "رويترز", "date": None}; all None
    without a dateline. Events use the place."""
    out: dict[str, str | None] = {"place": None, "agency": None, "date": None}
    if not article.dateline:
        return out
    m = match_dateline(article.dateline)
    if m is None:
        return out
    groups = m.groupdict()
    out["place"] = (groups.get("city") or "").strip() or None
    out["agency"] = (groups.get("agency") or "").strip(" «»“”\"()") or None
    out["date"] = (groups.get("date") or "").strip() or None
    return out
