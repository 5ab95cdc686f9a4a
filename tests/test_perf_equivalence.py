"""The fast paths of entity matching and sentence splitting give what the
straightforward versions they replaced gave.

Each reference below is the earlier implementation, kept here as the
specification; random texts are built from the lexicon's own words with
clitics, marks, punctuation and quotes, where the two could part.
"""
from __future__ import annotations

import random
import re

import pytest

from ingest.events import entities
from ingest.events.entities import (
    _DROP,
    _FOLD,
    _LETTER,
    _TOKEN,
    _TOKEN_FOLD,
    _alternation,
    _unclitic,
    _with_clitics,
    default_lexicon,
    normalize,
    normalize_with_map,
)
from ingest.events.sentences import split_sentences

# --- references -------------------------------------------------------------------------


def ref_normalize_with_map(text: str) -> tuple[str, list[int]]:
    out, where = [], []
    for i, ch in enumerate(text):
        if _DROP.match(ch):
            continue
        low = ch.translate(_FOLD).lower()
        out.append(low)
        where.extend([i] * len(low))
    return "".join(out), where


def ref_phrase_pattern(forms: list[str]) -> re.Pattern[str]:
    forms = sorted(forms, key=len, reverse=True)
    alt = "|".join(re.escape(f) for f in forms) or r"(?!x)x"
    al_alt = "|".join(re.escape(f[1:]) for f in forms if f.startswith("ال")) or r"(?!x)x"
    edge_l, edge_r = rf"(?<![{_LETTER}A-Za-z0-9])", rf"(?![{_LETTER}A-Za-z0-9])"
    return re.compile(rf"{edge_l}(?:[وف]?ل(?P<al>{al_alt})|[وف]?[بلك]?(?P<plain>{alt})){edge_r}")


def ref_title_at(lexicon, tokens, i: int) -> int:
    titles = sorted({tuple(normalize(t).split()) for t in lexicon.titles}, key=len, reverse=True)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for t in titles:
        by_first.setdefault(t[0], []).append(t)
    candidates = []
    for first in _unclitic(tokens[i][2]):
        candidates.extend(by_first.get(first, ()))
    for title in sorted(candidates, key=len, reverse=True):
        if i + len(title) <= len(tokens) and all(tokens[i + k][2] == title[k] for k in range(1, len(title))):
            return len(title)
    return 0


def ref_find_people(lexicon, text: str, blocked=()) -> list:
    tokens = [(m.start(), m.end(), normalize(m.group(0))) for m in _TOKEN.finditer(text)]
    blocked = sorted(blocked)

    def in_blocked(s, e):
        return any(bs <= s and e <= be for bs, be in blocked)

    def gap(i):
        return text[tokens[i - 1][1]:tokens[i][0]] if i > 0 else ""

    found, i = [], 0
    while i < len(tokens):
        n = ref_title_at(lexicon, tokens, i)
        if not n:
            i += 1
            continue
        j, mods = i + n, 0
        while j < len(tokens) and mods < 5 and not entities._breaks(gap(j), allow_comma=True):
            word = tokens[j][2]
            if in_blocked(tokens[j][0], tokens[j][1]) or (word.startswith("ال") and word != "ال"):
                j, mods = j + 1, mods + 1
            elif word in entities._LINKS and j + 1 < len(tokens):
                j, mods = j + 2, mods + 2
            else:
                break
        name_tokens = lexicon._name_at(tokens, j, gap, in_blocked)
        if name_tokens:
            s, e = tokens[j][0], tokens[j + name_tokens - 1][1]
            name = " ".join(text[tokens[k][0]:tokens[k][1]] for k in range(j, j + name_tokens))
            found.append(entities.EntityRef(entities.PERSON, name, None, normalize(name), s, e))
            i = j + name_tokens
        else:
            i += n
    by_surname = {}
    for p in found:
        last = p.key.split()[-1]
        if len(last) >= 3 and not last.startswith("ال"):
            by_surname.setdefault(last, p)
    spans = {(p.start, p.end) for p in found}
    more = []
    for s, e, w in tokens if by_surname else ():
        person = by_surname.get(w)
        if person is None:
            for pre in ("و", "ف", "ل", "ب", "ك"):
                if w.startswith(pre) and w[len(pre):] in by_surname:
                    person, s = by_surname[w[len(pre):]], s + len(pre)
                    break
        if person is not None and not any(ps <= s < pe for ps, pe in spans):
            more.append(entities.EntityRef(entities.PERSON, person.name, None, person.key, s, e))
    return found + more


def ref_split_sentences(text: str) -> list[tuple[int, int]]:
    openers = {"“": "”", "«": "»", '"': '"', "„": "“"}
    space = " \t\u00a0\u200b\u200e\u200f\ufeff"

    def quote_spans(line):
        spans, i = [], 0
        while i < len(line):
            closer = openers.get(line[i])
            j = line.find(closer, i + 1) if closer else -1
            if j == -1:
                i += 1
                continue
            spans.append((i, j + 1))
            i = j + 1
        return spans

    def is_boundary(line, i):
        ch = line[i]
        if ch not in ".؟?!؛;":
            return False
        if ch == ".":
            before = line[i - 1] if i > 0 else ""
            after = line[i + 1] if i + 1 < len(line) else ""
            if after == "." or before == ".":
                return False
            if before.isdigit() and after.isdigit():
                return False
            if after and not after.isspace() and after not in "\"”»’)]" and i + 2 < len(line) and line[i + 2] == ".":
                return False
        return True

    def add(spans, line, pos, start, end):
        while start < end and line[start] in space:
            start += 1
        while end > start and line[end - 1] in space:
            end -= 1
        if end > start and re.search(r"\w", line[start:end]):
            spans.append((pos + start, pos + end))

    spans, pos = [], 0
    for line in text.split("\n"):
        quotes, start, q, i = quote_spans(line), 0, 0, 0
        while i < len(line):
            while q < len(quotes) and quotes[q][1] <= i:
                q += 1
            if q < len(quotes) and quotes[q][0] <= i < quotes[q][1]:
                i = quotes[q][1]
                continue
            if is_boundary(line, i):
                end = i + 1
                while end < len(line) and line[end] in "\"”»’)]":
                    end += 1
                add(spans, line, pos, start, end)
                start = i = end
                continue
            i += 1
        add(spans, line, pos, start, len(line))
        pos += len(line) + 1
    return spans


# --- random texts -----------------------------------------------------------------------

_FILLER = "قال في يوم الرئيس وزير الخارجية الروسي سيرغي لافروف إن مع 2024 3.5 أ.ف.ب Foo ΣΑΣ İstanbul".split()
_GLUE = [" ", " ", " ", "، ", ". ", ".. ", "? ", "؛", "\n", " «", "» ", ' "', '" ', "“", "”", "„", "ـ", "ً", ")", "("]


def _words(lexicon) -> list[str]:
    words = list(_FILLER)
    for e in lexicon.places[:80] + lexicon.organisations:
        words.extend((e.name, *e.variants))
    words.extend(lexicon.titles)
    return words


def _texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = _words(default_lexicon())
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 40)):
            w = rng.choice(words)
            if rng.random() < 0.3:
                w = rng.choice(["و", "ف", "ب", "ل", "ك", "ول", "ولل", "لل", "وب"]) + w
            if rng.random() < 0.1:
                k = rng.randrange(len(w) + 1)
                w = w[:k] + rng.choice("ًٌٍَُِّْٰـ") + w[k:]
            parts.append(w + rng.choice(_GLUE))
        out.append("".join(parts))
    return out


TEXTS = _texts(400)


# --- tests ------------------------------------------------------------------------------


def test_token_fold_is_normalize_of_a_token():
    for text in TEXTS:
        for m in _TOKEN.finditer(text):
            assert m.group().translate(_TOKEN_FOLD) == normalize(m.group())


def test_token_characters_have_no_case_but_ascii_letters():
    chars = {chr(c) for c in range(0x10000) if _TOKEN.fullmatch(chr(c))}
    assert {c for c in chars if c.lower() != c} == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


@pytest.mark.parametrize("extra", ["", "ـ", "ًّ", "Σ", "İ"])
def test_normalize_with_map_matches_the_per_character_version(extra):
    for text in TEXTS[:100]:
        text = text + extra + text
        assert normalize_with_map(text) == ref_normalize_with_map(text)


def test_with_clitics_inverts_unclitic():
    lexicon = default_lexicon()
    firsts = {normalize(t).split()[0] for t in lexicon.titles} | {"ال", "الا", "ا", "و"}
    for first in firsts:
        for form in _with_clitics(first):
            assert first in _unclitic(form)
    for text in TEXTS:
        for m in _TOKEN.finditer(text):
            w = normalize(m.group())
            for first in _unclitic(w):
                if first in firsts:
                    assert w in _with_clitics(first)


def test_title_lookup_matches_the_reference():
    lexicon = default_lexicon()
    for text in TEXTS:
        tokens = [(m.start(), m.end(), normalize(m.group())) for m in _TOKEN.finditer(text)]
        for i in range(len(tokens)):
            assert lexicon._title_at(tokens, i) == ref_title_at(lexicon, tokens, i)


def test_alternation_prefers_the_longest_phrase():
    phrases = ["ab", "abc", "b", "abcd", "x"]
    for text in ["abcd", "abce", "ab", "zb", "abx", ""]:
        ref = re.compile("|".join(sorted(phrases, key=len, reverse=True)))
        assert [m.group() for m in re.finditer(_alternation(phrases), text)] == \
            [m.group() for m in ref.finditer(text)]
    assert not re.search(_alternation([]), "anything")


@pytest.mark.parametrize("kind", ["places", "organisations"])
def test_phrase_matches_are_the_reference_matches(kind):
    lexicon = default_lexicon()
    matcher = lexicon._places if kind == "places" else lexicon._orgs
    ref = ref_phrase_pattern(list(matcher.by_form))
    for text in TEXTS:
        norm, _where = normalize_with_map(text)
        got = [(m.span(), m.groupdict()) for m in matcher.pattern.finditer(norm)]
        assert got == [(m.span(), m.groupdict()) for m in ref.finditer(norm)]


def test_an_empty_form_matches_as_before():
    matcher = entities._PhraseMatcher([entities.Entry(entities.PLACE, "", None), entities.Entry(entities.PLACE, "دمشق", None)])
    ref = ref_phrase_pattern(list(matcher.by_form))
    for text in TEXTS[:50]:
        norm, _ = normalize_with_map(text)
        assert [m.span() for m in matcher.pattern.finditer(norm)] == [m.span() for m in ref.finditer(norm)]


def test_split_sentences_matches_the_per_character_version():
    extra = ['قال: "أولا. ثانيا!" ثم مضى.', "«غير مغلق. هنا", "3.5 مليون. أ.ف.ب. تم", "..." , '„نص“ و"', "؟؟!"]
    for text in TEXTS + extra:
        assert split_sentences(text) == ref_split_sentences(text)


def test_tokens_are_the_normalised_words():
    for text in TEXTS + ["ABC أحمد", "Zürich İstanbul ΣΑΣ"]:
        assert entities._tokens(text) == [(m.start(), m.end(), normalize(m.group())) for m in _TOKEN.finditer(text)]


def test_find_people_matches_the_reference():
    lexicon = default_lexicon()
    people = 0
    for text in TEXTS:
        blocked = [(r.start, r.end) for r in lexicon.find_places(text)]
        got = lexicon.find_people(text, blocked)
        assert got == ref_find_people(lexicon, text, blocked)
        people += len(got)
    assert people > 100  # the texts do name people


def ref_non_overlapping(refs):
    chosen = []
    for r in sorted(refs, key=lambda r: (-(r.end - r.start), r.start)):
        if all(r.end <= c.start or r.start >= c.end for c in chosen):
            chosen.append(r)
    return chosen


def test_non_overlapping_matches_the_pairwise_version():
    rng = random.Random(3)
    for _ in range(3000):
        refs = []
        for _ in range(rng.randint(0, 12)):
            s = rng.randint(0, 30)
            refs.append(entities.EntityRef(entities.PLACE, "x", None, "x", s, s + rng.randint(0 if rng.random() < 0.1 else 1, 8)))
        assert entities._non_overlapping(refs) == ref_non_overlapping(refs)


def test_translation_lists_translate_as_the_dicts():
    from ingest import normalize as N

    rng = random.Random(5)
    alphabet = [chr(c) for c in (*range(0x20, 0x7f), *range(0x600, 0x700), 0xa0, 0x200b, 0x200f, 0x201c,
                                 0x2007, 0x3000, 0xfb50, 0xfe8d, 0xfefb, 0xfeff, 0x1f600)]
    texts = TEXTS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(2000)]
    token_fold = {**_FOLD, **{ord(c): None for c in entities._DROP_CHARS},
                  **{ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}}
    low = 0
    for text in texts:
        assert text.translate(entities._FOLD_LIST) == text.translate(_FOLD)
        assert text.translate(entities._TOKEN_FOLD) == text.translate(token_fold)
        if not N._MAPPED_HIGH.search(text):
            low += 1
            assert text.translate(N._TABLE_LOW) == text.translate(N._TABLE)
    assert 100 < low < len(texts)


def ref_match_dateline(line: str):
    from ingest import segment as S

    for i, pat in enumerate(S._KNOWN_DATELINES):
        m = pat.match(line)
        if m and (i > 0 or m.group("agency") or S._rest_empty(line, m.end()) or S._body_like(line)):
            return m
    for i, pat in enumerate(S._GENERIC_DATELINES):
        m = pat.match(line)
        if not m or m.group("city").startswith("و"):
            continue
        agency_known = bool(m.group("agency")) and m.group("agency")[0] not in "«“\""
        if agency_known or (i == 0 and S._rest_empty(line, m.end())):
            return m
    return S._CITY_OUTLET_LINE.match(line) or S._BARE_CITY_DASH.match(line) or S._AGENCY_ONLY.match(line)


def test_match_dateline_tries_only_what_can_match():
    from pathlib import Path

    from ingest.segment import match_dateline

    rng = random.Random(11)
    lines = [ln for p in sorted(Path(__file__).resolve().parents[1].joinpath("samples").glob("*.txt"))
             for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    heads = ["موسكو", "دمشق", "القاهرة", "واشنطن، 5 مارس", "بلدة صغيرة", "(رويترز)", "لندن", "ومدينة"]
    tails = ["|", " | سانا", "/ سانا/", "-سانا", " - «الحياة» -", " (أ ف ب) -", ": «الشرق الأوسط»",
             " - الجزيرة نت", " -", " ـ", ":", " قال الوزير", "(", " | لافروف يحذر", ""]
    for _ in range(3000):
        lines.append(rng.choice(heads) + rng.choice(tails) + rng.choice(["", " أعلن الوزير أمس.", " -"]))
    matched = 0
    for line in lines:
        got, ref = match_dateline(line), ref_match_dateline(line)
        assert (got and (got.re, got.span(), got.groupdict())) == (ref and (ref.re, ref.span(), ref.groupdict()))
        matched += got is not None
    assert matched > 500


# --- span lookups (ingest.events.spans) against plain scans ----------------------------------

def test_span_lookups_match_plain_scans():
    from ingest.events.spans import SpanSet, inside, overlapping
    from ingest.events.sentences import sentence_at

    rng = random.Random(11)
    for _ in range(2000):
        spans = []
        for _ in range(rng.randint(0, 10)):
            s = rng.randint(0, 40)
            spans.append((s, s + rng.randint(0, 9)))
        found = SpanSet(spans)
        refs = sorted((entities.EntityRef(entities.PLACE, "x", None, "x", s, e) for s, e in spans),
                      key=lambda r: (r.start, r.end))
        # sentences: in text order and never overlapping
        cuts = sorted(rng.sample(range(60), rng.randint(0, 12)))
        sentences = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
        for _ in range(10):
            s = rng.randint(0, 50)
            e = s + rng.randint(0, 12)
            assert found.covers(s, e) == any(bs <= s and e <= be for bs, be in spans)
            assert found.holds(s) == any(bs <= s < be for bs, be in spans)
            assert inside(refs, s, e) == [r for r in refs if s <= r.start and r.end <= e]
            assert overlapping(sentences, s, e) == [x for x in sentences if x[0] < e and s < x[1]]
            hit = [x for x in sentences if x[0] < e and s < x[1]]
            assert sentence_at(sentences, s, e) == ((hit[0][0], hit[-1][1]) if hit else (s, e))
