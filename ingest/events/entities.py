"""Places, people and organisations named in Arabic news text.

The knowledge is data (``ingest/events/data/``): a gazetteer of countries and cities
with spelling variants and English names, a list of organisations, and the
titles that open a person's name in news prose ("وزير الخارجية الروسي سيرغي
لافروف", "نظيره البيلاروسي فلاديمير ماكي"). Users extend each list with files
of the same shape named by environment variables (several paths separated by
``os.pathsep``):

- ``TIMELINE_GAZETTEER``: more places (TSV: kind, name, name_en, variants)
- ``TIMELINE_ORGANISATIONS``: more organisations (TSV: name, name_en, variants)
- ``TIMELINE_PERSON_TITLES``: more titles (one a line)

Matching works on a normalised copy of the text (hamza forms of alef, ya/alef
maqsura, ta marbuta/ha, diacritics and tatweel folded) and maps every match
back to offsets into the original text.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ingest.events.spans import SpanSet
from ingest.normalize import translation_list

DATA_DIR = Path(__file__).resolve().parent / "data"

PLACE, PERSON, ORGANISATION = "place", "person", "organisation"

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
# Diacritics (harakat, tanween, shadda, sukun, dagger alef) and tatweel carry no identity.
_DROP_CHARS = "".join(map(chr, (0x0640, *range(0x064B, 0x0653), 0x0670)))
_DROP = re.compile(f"[{_DROP_CHARS}]")
_DROP_RUN = re.compile(f"[{_DROP_CHARS}]+")
_LETTER = r"\u0621-\u064A\u0671-\u06D3"
_TOKEN = re.compile(rf"[{_LETTER}{_DROP_CHARS}A-Za-z0-9]+")
# ``normalize`` of a _TOKEN match in one translate: a token holds only Arabic
# letters and marks (which have no case), ASCII letters and digits, so dropping
# the marks, folding and lowering A-Z is all ``normalize`` does to it.
_TOKEN_FOLD = translation_list({
    **_FOLD,
    **{ord(c): None for c in _DROP_CHARS},
    **{ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
})
# _FOLD as a list: the same translation, faster (see translation_list).
_FOLD_LIST = translation_list(_FOLD)


def normalize(text: str) -> str:
    """The matching form of a word or phrase (not for display)."""
    return _DROP.sub("", text).translate(_FOLD_LIST).lower()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the offset in ``text``."""
    if not _DROP.search(text):
        # nothing to drop: one character for one (the usual case, and fast)
        folded = text.translate(_FOLD_LIST).lower()
        if len(folded) == len(text):
            return folded, list(range(len(text)))
    else:
        # marks to drop: what is kept maps to the runs between them
        kept = _DROP.sub("", text)
        folded = kept.translate(_FOLD_LIST).lower()
        # (lower() of a whole string differs from character by character only
        # for a final capital sigma, and changes length for a few letters)
        if len(folded) == len(kept) and "Σ" not in kept:
            where: list[int] = []
            pos = 0
            for m in _DROP_RUN.finditer(text):
                where.extend(range(pos, m.start()))
                pos = m.end()
            where.extend(range(pos, len(text)))
            return folded, where
    out: list[str] = []
    where = []
    for i, ch in enumerate(text):
        if _DROP.match(ch):
            continue
        low = ch.translate(_FOLD).lower()
        out.append(low)
        where.extend([i] * len(low))  # "İ" lowers to two characters
    return "".join(out), where


@dataclass(frozen=True)
class Entry:
    """One entity the lexicon knows: its display name, English name and variants."""

    kind: str
    name: str
    name_en: str | None
    subkind: str | None = None          # "country" or "city" for places
    variants: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return normalize(self.name)


@dataclass(frozen=True)
class EntityRef:
    """An entity found in a text, with its span (offsets into that text)."""

    kind: str
    name: str
    name_en: str | None
    key: str
    start: int
    end: int
    subkind: str | None = None


def _paths(raw: str) -> list[Path]:
    """The paths in an environment variable's value."""
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def _rows(path: Path) -> Iterable[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield [c.strip() for c in line.split("\t")]


def load_places(paths: Iterable[Path]) -> list[Entry]:
    out = []
    for path in paths:
        for cols in _rows(path):
            if len(cols) < 2:
                continue
            kind, name = cols[0], cols[1]
            name_en = cols[2] if len(cols) > 2 and cols[2] else None
            variants = tuple(v.strip() for v in (cols[3] if len(cols) > 3 else "").split("|") if v.strip())
            out.append(Entry(PLACE, name, name_en, kind or None, variants))
    return out


def load_organisations(paths: Iterable[Path]) -> list[Entry]:
    out = []
    for path in paths:
        for cols in _rows(path):
            name = cols[0]
            name_en = cols[1] if len(cols) > 1 and cols[1] else None
            variants = tuple(v.strip() for v in (cols[2] if len(cols) > 2 else "").split("|") if v.strip())
            out.append(Entry(ORGANISATION, name, name_en, None, variants))
    return out


def load_titles(paths: Iterable[Path]) -> list[str]:
    out = []
    for path in paths:
        for cols in _rows(path):
            if cols and cols[0]:
                out.append(cols[0])
    return out


def _alternation(phrases: list[str]) -> str:
    """A regex matching any of ``phrases``, the longest that fits first.

    The phrases share their beginnings in a trie ("سوريا|سويسرا" as
    "سو(?:ريا|يسرا)"), so the regex engine reads each character once instead
    of trying every phrase in turn; at every node a longer phrase is tried
    before a shorter one ending there, which is the order of a plain
    alternation sorted longest first.
    """
    if not phrases:
        return r"(?!x)x"
    trie: dict = {}
    for p in phrases:
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in node.items() if ch != ""]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        return "(?:" + "|".join(branches) + ("|" if ends else "") + ")"

    return emit(trie)


class _PhraseMatcher:
    """Finds any of a set of phrases as whole words, allowing the clitics
    و ف ب ل ك in front (and لل for a phrase opening with ال)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.by_form: dict[str, Entry] = {}
        for e in entries:
            for form in (e.name, *e.variants):
                # First entry wins: the shipped data before user additions,
                # and a user file cannot silently redefine a shipped name.
                self.by_form.setdefault(normalize(form), e)
        forms = sorted(self.by_form, key=len, reverse=True)
        alt = _alternation(forms)
        al = [f for f in forms if f.startswith("ال")]
        al_alt = _alternation([f[1:] for f in al])
        edge_l, edge_r = rf"(?<![{_LETTER}A-Za-z0-9])", rf"(?![{_LETTER}A-Za-z0-9])"
        self.pattern = re.compile(
            rf"{edge_l}(?:[وف]?ل(?P<al>{al_alt})|[وف]?[بلك]?(?P<plain>{alt})){edge_r}"
        )

    def find(self, norm: str, where: list[int]) -> list[tuple[Entry, int, int]]:
        out = []
        for m in self.pattern.finditer(norm):
            if m.group("al") is not None:
                form, s, e = "ا" + m.group("al"), m.start("al"), m.end("al")
            else:
                form, s, e = m.group("plain"), m.start("plain"), m.end("plain")
            entry = self.by_form.get(form)
            if entry is None:
                continue
            out.append((entry, where[s], where[e - 1] + 1))
        return out


# Words that can never be part of a person's name after a title: prepositions,
# complementisers, reporting verbs, time words.
_NAME_STOP = set(normalize(w) for w in """
في مع من إلى الى على عن أن إن أنه انه إنه بأن لأن الذي التي الذين خلال قال قالت أكد أكدت أضاف أضافت
أشار أشارت أوضح أوضحت أعلن أعلنت ذكر ذكرت صرح لفت شدد دعا اعتبر أبدى بحث يبحث يوم اليوم أمس غدا
عبر حول بعد قبل أثناء لدى بين عند منذ حتى كما وقد قد لم لن لا ما هو هي هذا هذه ذلك تلك كان كانت
""".split())
# Particles inside names: "عبدالله بن زايد آل نهيان", "ستافان دي ميستورا".
_NAME_PARTICLES = set(normalize(w) for w in "بن بنت ابن أبو ابو آل دي دو دا فون فان عبد".split())
# The first half of a compound name: "عبد الفتاح السيسي" has two names, not three.
_COMPOUND_FIRST = set(normalize(w) for w in "عبد أبو ابو".split())
# Words that may stand between a title and the name: "في" is not one.
_LINKS = set(normalize(w) for w in "من لدى إلى الى لشؤون".split())
_MAX_MODIFIERS = 5


@dataclass
class Lexicon:
    places: list[Entry]
    organisations: list[Entry]
    titles: list[str]
    _places: _PhraseMatcher = field(init=False, repr=False)
    _orgs: _PhraseMatcher = field(init=False, repr=False)
    _titles: dict[str, tuple[tuple[str, ...], ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._places = _PhraseMatcher(self.places)
        self._orgs = _PhraseMatcher(self.organisations)
        titles = sorted({tuple(normalize(t).split()) for t in self.titles}, key=len, reverse=True)
        # Titles by every written form of their first word, clitics included
        # ("وللرئيس" as well as "الرئيس"), longest first: one dict lookup per
        # word of text, where most words are no title at all.
        by_form: dict[str, list[tuple[str, ...]]] = {}
        for t in titles:
            for form in _with_clitics(t[0]):
                by_form.setdefault(form, []).append(t)
        self._titles = {f: tuple(sorted(dict.fromkeys(ts), key=len, reverse=True)) for f, ts in by_form.items()}

    # --- places and organisations -------------------------------------------------

    def find_places(self, text: str, _norm: tuple[str, list[int]] | None = None) -> list[EntityRef]:
        norm, where = _norm or normalize_with_map(text)
        return [EntityRef(PLACE, e.name, e.name_en, e.key, s, t, e.subkind) for e, s, t in self._places.find(norm, where)]

    def find_organisations(self, text: str, _norm: tuple[str, list[int]] | None = None) -> list[EntityRef]:
        norm, where = _norm or normalize_with_map(text)
        return [EntityRef(ORGANISATION, e.name, e.name_en, e.key, s, t) for e, s, t in self._orgs.find(norm, where)]

    # --- people --------------------------------------------------------------------

    def find_people(self, text: str, blocked: Iterable[tuple[int, int]] = (),
                    tokens: list[tuple[int, int, str]] | None = None) -> list[EntityRef]:
        """People introduced by a title, plus later mentions of their surname.

        ``blocked`` spans (places and organisations already found) count as
        modifiers between a title and a name, never as the name itself.
        """
        tokens = tokens if tokens is not None else _tokens(text)
        in_blocked = SpanSet(blocked).covers

        def gap(i: int) -> str:
            # the characters between token i-1 and token i
            return text[tokens[i - 1][1]:tokens[i][0]] if i > 0 else ""

        found: list[EntityRef] = []
        # Only a word that can open a title starts a person; skip the others
        # without a call (they are most words).
        openers = [k for k, t in enumerate(tokens) if t[2] in self._titles]
        i = 0
        for k in openers:
            if k < i:
                continue
            i = k
            n = self._title_at(tokens, i)
            if not n:
                continue
            j = i + n
            mods = 0
            while j < len(tokens) and mods < _MAX_MODIFIERS and not _breaks(gap(j), allow_comma=True):
                word = tokens[j][2]
                if in_blocked(tokens[j][0], tokens[j][1]) or (word.startswith("ال") and word != "ال"):
                    j += 1
                    mods += 1
                elif word in _LINKS and j + 1 < len(tokens):
                    j += 2
                    mods += 2
                else:
                    break
            name_tokens = self._name_at(tokens, j, gap, in_blocked)
            if name_tokens:
                s, e = tokens[j][0], tokens[j + name_tokens - 1][1]
                name = " ".join(text[tokens[k][0]:tokens[k][1]] for k in range(j, j + name_tokens))
                found.append(EntityRef(PERSON, name, None, normalize(name), s, e))
                i = j + name_tokens
            else:
                i += n
        return found + _surname_mentions(text, tokens, found)

    def _title_at(self, tokens: list[tuple[int, int, str]], i: int) -> int:
        """How many words of ``tokens`` from ``i`` form a title (0 when none)."""
        for title in self._titles.get(tokens[i][2], ()):
            if i + len(title) <= len(tokens) and all(tokens[i + k][2] == title[k] for k in range(1, len(title))):
                return len(title)
        return 0

    def _name_at(self, tokens, j, gap, in_blocked) -> int:
        """How many tokens from j form a name (0 when none)."""
        def ok_first(k: int) -> bool:
            w = tokens[k][2]
            return (len(w) >= 2 and w not in _NAME_STOP and not w.startswith("ال") and not w.isdigit()
                    and not in_blocked(tokens[k][0], tokens[k][1]) and not self._title_at(tokens, k))

        def ok_next(k: int) -> bool:
            w = tokens[k][2]
            return (k < len(tokens) and not _breaks(gap(k)) and len(w) >= 2 and w not in _NAME_STOP
                    and not w.startswith("وال") and not w.isdigit() and not in_blocked(tokens[k][0], tokens[k][1]))

        if j >= len(tokens) or not ok_first(j):
            return 0
        k = j + 1
        words = 1
        while k < len(tokens) and ok_next(k) and words < 2 + 3:
            w = tokens[k][2]
            if w in _NAME_PARTICLES or w == "ال":
                k += 1
                continue
            prev = tokens[k - 1][2]
            if words >= 2 and prev not in _NAME_PARTICLES and prev != "ال":
                break
            # "عبد الفتاح" is one name, not a first name and a surname
            if prev not in _COMPOUND_FIRST:
                words += 1
            k += 1
        # a trailing particle is not part of the name
        while k - 1 > j and (tokens[k - 1][2] in _NAME_PARTICLES or tokens[k - 1][2] == "ال"):
            k -= 1
        # a single word after a title is too often not a name ("الوزير قال")
        return k - j if k - j >= 2 else 0

    def find_named_places(self, text: str, tokens: list[tuple[int, int, str]] | None = None) -> list[EntityRef]:
        """Places the gazetteer may not know, named after a place noun ("في مدينة
        الكاظمية", "ببلدة عناتا"): the name is the word after the noun, or two
        words when the first opens a compound name ("مدينة أم درمان")."""
        tokens = tokens if tokens is not None else _tokens(text)
        out = []
        nouns = _PLACE_NOUNS
        for i in [k for k, t in enumerate(tokens) if t[2] in nouns]:
            if i + 1 >= len(tokens):
                break
            e, subkind = tokens[i][1], nouns[tokens[i][2]]
            j = i + 1
            if text[e:tokens[j][0]].strip() or not _name_word(tokens[j][2]):
                continue
            last = j
            if (tokens[j][2] in _PLACE_PARTICLES and j + 1 < len(tokens)
                    and not text[tokens[j][1]:tokens[j + 1][0]].strip() and _name_word(tokens[j + 1][2])):
                last = j + 1
            name = text[tokens[j][0]:tokens[last][1]]
            out.append(EntityRef(PLACE, name, None, normalize(name), tokens[j][0], tokens[last][1], subkind))
        return out

    def find_all(self, text: str) -> list[EntityRef]:
        """Every entity in ``text``, ordered by position; overlaps resolved longest first
        (the gazetteer's places before places known only by the noun naming them)."""
        norm = normalize_with_map(text)
        places = self.find_places(text, norm)
        orgs = self.find_organisations(text, norm)
        taken = _non_overlapping(orgs + places)
        tokens = _tokens(text)
        known = SpanSet((r.start, r.end) for r in taken)
        named = [r for r in self.find_named_places(text, tokens)
                 if not known.holds(r.start) and not known.holds(r.end - 1)]
        if named:
            taken = _non_overlapping(taken + named)
        people = self.find_people(text, blocked=[(r.start, r.end) for r in taken], tokens=tokens)
        return sorted(_non_overlapping(taken + people), key=lambda r: (r.start, r.end))


def _load_place_nouns() -> dict[str, str]:
    nouns: dict[str, str] = {}
    for cols in _rows(DATA_DIR / "place_nouns.tsv"):
        if len(cols) >= 2:
            for form in _with_clitics(normalize(cols[1])):
                nouns.setdefault(form, cols[0])
    return nouns


_PLACE_PARTICLES = frozenset(normalize(cols[0]) for cols in _rows(DATA_DIR / "place_particles.txt") if cols)


def _name_word(word: str) -> bool:
    """A word that can be (the start of) a place's name: not a particle of grammar,
    a time word or a number."""
    return len(word) >= 2 and word not in _NAME_STOP and not word.isdigit()


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text``: (start, end, normalised form)."""
    return [(m.start(), m.end(), _fold_token(m.group())) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=16384)  # news prose repeats its words: a lookup is cheaper than a translate
def _fold_token(word: str) -> str:
    return word.translate(_TOKEN_FOLD)


def _breaks(between: str, allow_comma: bool = False) -> bool:
    """Whether the text between two words ends a name (punctuation, line break)."""
    stripped = between.strip()
    if not stripped:
        return False
    if allow_comma and stripped in ("،", ","):
        return False
    return True


# Clitics that may stand in front of a title's first word: those that swallow
# the alef of the article (للرئيس is ل + الرئيس), and the others.
_ARTICLE_CLITICS = ("ولل", "لل")
_TITLE_CLITICS = ("وب", "ول", "فل", "و", "ف", "ل", "ب")


def _unclitic(word: str) -> list[str]:
    """``word`` and what it could be without a clitic in front (والرئيس، للرئيس، ووزير)."""
    out = [word]
    for pre in _ARTICLE_CLITICS:
        if word.startswith(pre) and len(word) > len(pre) + 1:
            out.append("ال" + word[len(pre):])
    for pre in _TITLE_CLITICS:
        if word.startswith(pre) and len(word) > len(pre) + 1:
            out.append(word[len(pre):])
    return out


def _with_clitics(word: str) -> list[str]:
    """Every form ``_unclitic`` takes back to ``word``: ``word`` itself and it
    with each clitic in front (the inverse of ``_unclitic``)."""
    out = [word]
    if word.startswith("ال") and len(word) > 3:
        out.extend(pre + word[2:] for pre in _ARTICLE_CLITICS)
    if len(word) > 1:
        out.extend(pre + word for pre in _TITLE_CLITICS)
    return out


_PLACE_NOUNS = _load_place_nouns()

_SURNAME_CLITICS = frozenset("وفلبك")


def _surname_mentions(text: str, tokens, people: list[EntityRef]) -> list[EntityRef]:
    """Bare surnames ("لافروف") of people introduced in the same text."""
    by_surname: dict[str, EntityRef] = {}
    for p in people:
        last = p.key.split()[-1]
        if len(last) >= 3 and not last.startswith("ال"):
            by_surname.setdefault(last, p)
    if not by_surname:
        return []
    # Every form a surname takes as a word: itself, or with one clitic letter in
    # front (ولافروف), and how many letters the clitic takes; a surname as
    # written wins over a clitic and another surname. One lookup a word.
    forms: dict[str, tuple[EntityRef, int]] = {w: (p, 0) for w, p in by_surname.items()}
    for w, p in by_surname.items():
        for clitic in _SURNAME_CLITICS:
            forms.setdefault(clitic + w, (p, 1))
    introduced = SpanSet((p.start, p.end) for p in people)
    out = []
    for s, e, w in tokens:
        hit = forms.get(w)
        if hit is None:
            continue
        person, skip = hit
        s += skip
        if introduced.holds(s):
            continue
        out.append(EntityRef(PERSON, person.name, None, person.key, s, e))
    return out


def _non_overlapping(refs: list[EntityRef]) -> list[EntityRef]:
    """Longest first, each ref that overlaps none chosen before it."""
    ordered = sorted(refs, key=lambda r: (-(r.end - r.start), r.start))
    if any(r.end < r.start for r in ordered):
        # a reversed span breaks the sweep below: compare with every chosen ref
        chosen: list[EntityRef] = []
        for r in ordered:
            if all(r.end <= c.start or r.start >= c.end for c in chosen):
                chosen.append(r)
        return chosen
    # Refs only compete with refs they overlap: sweep them in text order into
    # runs of overlapping refs, and choose longest first within each run (a
    # few refs), so a long text costs no more per ref than a short one.
    keep: list[int] = []
    run: list[int] = []
    run_end = -1
    for i in sorted(range(len(ordered)), key=lambda i: ordered[i].start):
        r = ordered[i]
        if run and r.start >= run_end:
            keep += run if len(run) == 1 else _choose(ordered, run)
            run = []
        run.append(i)
        run_end = max(run_end, r.end) if len(run) > 1 else r.end
    keep += run if len(run) <= 1 else _choose(ordered, run)
    return [ordered[i] for i in sorted(keep)]


def _choose(ordered: list[EntityRef], run: list[int]) -> list[int]:
    """Of refs that overlap one another (indexes into ``ordered``), longest first,
    each that overlaps none chosen before it."""
    chosen: list[int] = []
    for i in sorted(run):
        r = ordered[i]
        if all(r.end <= ordered[c].start or r.start >= ordered[c].end for c in chosen):
            chosen.append(i)
    return chosen


@lru_cache(maxsize=8)
def _cached(places: tuple[str, ...], orgs: tuple[str, ...], titles: tuple[str, ...]) -> Lexicon:
    return Lexicon(
        load_places(Path(p) for p in places),
        load_organisations(Path(p) for p in orgs),
        load_titles(Path(p) for p in titles),
    )


_ENV = ("TIMELINE_GAZETTEER", "TIMELINE_ORGANISATIONS", "TIMELINE_PERSON_TITLES")


def default_lexicon() -> Lexicon:
    """The shipped data plus whatever the environment variables add."""
    # Called once an article: building the paths costs more than looking the
    # variables up, so the lexicon is cached by their values.
    return _lexicon_for(*(os.environ.get(name, "") for name in _ENV))


@lru_cache(maxsize=8)
def _lexicon_for(gazetteer: str, organisations: str, person_titles: str) -> Lexicon:
    places = (str(DATA_DIR / "gazetteer.tsv"), *map(str, _paths(gazetteer)))
    orgs = (str(DATA_DIR / "organisations.tsv"), *map(str, _paths(organisations)))
    titles = (str(DATA_DIR / "person_titles.txt"), *map(str, _paths(person_titles)))
    return _cached(places, orgs, titles)


def find_entities(text: str, lexicon: Lexicon | None = None) -> list[EntityRef]:
    """Places, organisations and people in ``text`` with offsets into it."""
    return (lexicon or default_lexicon()).find_all(text)
