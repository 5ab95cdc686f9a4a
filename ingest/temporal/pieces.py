"""The lexer: folded text to typed pieces, in one pass of one regular expression.

Every spelling in the lexicon (``ingest.temporal.lexicon.senses``) is compiled
once into a character trie, so the regex engine tests one branch per
character whatever the size of the lexicon. A match is a word (or a run of
words, كانون الثاني) with its senses, a run of digits, or a punctuation mark
that dates are written with. Everything else in the text is skipped without
being looked at twice, which is what keeps the tagger fast on long texts.

A word may carry one or two clitic letters in front (و، ف، ب، ل، ك: وبالأمس,
لالعام once the article is restored); each becomes a piece of its own, so the
grammar can read "و" in "21 و22" as it reads a free-standing "و".
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from ingest.temporal.grammar import Item
from ingest.temporal.lexicon_index import SENSES

# Dates are written with these between numbers; brackets and quotes are
# transparent to the grammar (see grammar._GAP_CHARS), so they are not pieces.
PUNCT = "/\\-–—.،,:"


# Arabic letters, the most frequent in news text first. A trie node tries its branches one
# after the other, so the common letters go first; any order gives the same matches, since the
# branches of a node start with different characters.
_LETTER_ORDER = {ch: i for i, ch in enumerate("اليمونهرتبعدسفكقحجشصطخزذضثغظ")}


def _branch_order(item: tuple[str, Any]) -> tuple[int, str]:
    return _LETTER_ORDER.get(item[0], len(_LETTER_ORDER)), item[0]


def trie_regex(words: Iterable[str]) -> str:
    """An alternation of words as a character trie; a space matches any run of spaces.

    A word that is also the start of longer ones ends in an empty branch, ``(?:...|)``, rather
    than an optional group: the same matches (the longer words are tried first either way), but
    the regex engine takes a branch much faster than it sets up a repeat."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub)
                for ch, sub in sorted(node.items(), key=_branch_order) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 else alts[0]
        return f"(?:{body}|)" if "" in node else body

    return emit(root)


# A word starts where no letter precedes it (a digit may: 2022م) and ends where
# no letter follows (a digit may: الـ20). Clitic letters are spelled into the
# trie (وبالأمس is a branch of its own) rather than tried one by one at every
# word, which is four times faster; ``_split_clitics`` takes them off again.
CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")
_LETTER_BEFORE = r"(?<![^\W\d_])"
_NO_LETTER_AFTER = r"(?![^\W\d_])"
# لل + a word with the article is ل + the word, its alef dropped (للعام، وللمرة): spelled
# into the trie too, so the text need not be rewritten first.
_LAM_ARTICLE = {c + "لل" + w[2:]: (c + "ل", w) for w in SENSES if w.startswith("ال") and len(w) > 3
                for c in ("", "و", "ف")}
# A word that is not in the lexicon is consumed whole (the unnamed branch), so the engine
# moves to the next word rather than trying every letter inside it; those matches have
# no named group and are dropped.
_LEX: re.Pattern[str] | None = None


def _lexer() -> re.Pattern[str]:
    """The lexer's regular expression, built and compiled on first use: about half a second
    for some 17,000 spellings, which a process that never tags (a command's help, the API
    serving stored dates) need not pay at import."""
    global _LEX
    if _LEX is None:
        _LEX = re.compile(
            rf"{_LETTER_BEFORE}(?:(?P<w>{trie_regex({c + w for w in SENSES for c in CLITICS} | set(_LAM_ARTICLE))})"
            rf"{_NO_LETTER_AFTER}|[^\W\d_]+)"
            rf"|(?<!\d)(?P<d>\d+)"
            rf"|(?P<p>[/\\\-–—،,|]|(?<=\d)[.:](?=\s?\d))"
        )
    return _LEX
# the item keys of each lexicon word, built once
_KEYS = {w: frozenset({"w", "=" + w, *senses}) for w, senses in SENSES.items()}


def _split_clitics(w: str) -> tuple[str, str]:
    """(clitics, word): the whole word when the lexicon has it (بعد، لمدة), else
    the shortest clitic prefix that leaves a lexicon word (للعام: ل + العام)."""
    if w in SENSES:
        return "", w
    if w in _LAM_ARTICLE:
        return _LAM_ARTICLE[w]
    for n in (1, 2):
        if w[n:] in SENSES and w[:n] in CLITICS:
            return w[:n], w[n:]
    return "", w


_SPACES = re.compile(r"\s+")


# Senses that never make an expression on their own: prepositions, connectors,
# qualifiers, number words, punctuation. A piece with only these senses is
# kept only near a piece that can (a month, a weekday, a unit, digits ...):
# news prose is full of من، في، و that no rule could use.
SATELLITE_SENSES = frozenset({
    "fw", "mcue", "ycue", "rcue", "sep", "opener", "plprep", "clitic", "country", "naming", "corresp", "approx",
    "epithet", "qual", "pos", "pldir", "era", "hmark", "gmark", "first_of", "ord_before", "ord_after", "frac",
    "vcount", "prep", "eve", "from_on", "anaqual", "numword", "ordinal", "month_noun", "ambig_month", "cord",
    "minfrac", "clockper", "deadline", "year_noun", "crescent", "calnote", "pos2", "media", "day_noun",
    "same", "period_ana", "months_pl", "anniv", "anniv_ord", "times", "whole", "podadv",
})
_REACH_PIECES, _REACH_CHARS = 6, 60


_CORE_WORDS = frozenset(w for w, senses in SENSES.items() if not SATELLITE_SENSES.issuperset(senses))


def lex(norm: str) -> list[Item]:
    """The pieces of a folded text, in order (those too far from anything temporal left out)."""
    raw = _scan(norm)
    keep = bytearray(len(raw))
    n = len(raw)
    for i, r in enumerate(raw):
        if not r[3]:
            continue
        cs, ce = r[0], r[1]
        for j in range(max(0, i - _REACH_PIECES), min(n, i + _REACH_PIECES + 1)):
            if not keep[j] and cs - raw[j][1] <= _REACH_CHARS and raw[j][0] - ce <= _REACH_CHARS:
                keep[j] = 1
    out: list[Item] = []
    for r, k in zip(raw, keep):
        if k:
            _items(r, out)
    return out


def _scan(norm: str) -> list[tuple[int, int, re.Match[str], bool, tuple | None]]:
    """(start, end, match, can it make an expression, the word's split or None) for every
    lexicon word, number, mark."""
    out = []
    split = _SPLIT
    for m in (_LEX or _lexer()).finditer(norm):
        g = m.lastgroup
        if g == "w":
            w = m.group("w")
            sp = split.get(w)
            if sp is None:
                sp = split[w] = _split(w)
            out.append((m.start(), m.end(), m, sp[2], sp))
        elif g is not None:
            out.append((m.start(), m.end(), m, g == "d", None))
    return out


# a matched spelling -> (clitics, lexicon word, can it make an expression, the clitics' senses
# and keys, the word's senses and keys), as met: the pieces of a spelling are built from it
_SPLIT: dict[str, tuple[str, str, bool, tuple[tuple[dict[str, Any], frozenset[str]], ...],
                        dict[str, Any], frozenset[str]]] = {}


def _split(w: str) -> tuple[str, str, bool, tuple[tuple[dict[str, Any], frozenset[str]], ...],
                            dict[str, Any], frozenset[str]]:
    cl, word = _split_clitics(_norm_space(w))
    clitics = tuple((SENSES.get(c, {"clitic": c}), _KEYS.get(c, frozenset({"w", "=" + c, "clitic"}))) for c in cl)
    return cl, word, word in _CORE_WORDS, clitics, SENSES[word], _KEYS[word]


def _norm_space(w: str) -> str:
    return _SPACES.sub(" ", w) if ("\n" in w or "  " in w or "\t" in w) else w


def _items(r: tuple[int, int, re.Match[str], bool, tuple | None], out: list[Item]) -> None:
    """Append the pieces of one scanned match to ``out``.

    Items are made with positional arguments (senses, rule, prio, ttype, keys): keyword
    arguments cost a third more per item, and a text has thousands."""
    s, e, m, _, sp = r
    if sp is not None:
        cl, word, _, clitics, senses, keys = sp
        for i, (c, (csenses, ckeys)) in enumerate(zip(cl, clitics)):
            out.append(Item(s + i, s + i + 1, "w", c, csenses, "", 0, "", ckeys))
        # (للعام: the word starts at the second ل, where its dropped alef would be)
        out.append(Item(s + len(cl), e, "w", word, senses, "", 0, "", keys))
        return
    d = m.group("d")
    if d is not None:
        # long runs (phone numbers, ids) are pieces no rule takes
        out.append(Item(s, e, "num", int(d) if len(d) <= 9 else -1, {"digits": len(d)}, "", 0, "", _NUM_KEYS))
        return
    p = m.group("p")
    k = _P_KEYS.get(p)
    if k is None:
        k = _P_KEYS[p] = frozenset({"p", "=" + p})
    out.append(Item(s, e, "p", p, None, "", 0, "", k))


# the keys of a punctuation piece, by mark
_P_KEYS: dict[str, frozenset[str]] = {}
_NUM_KEYS = frozenset({"num", "digits"})
