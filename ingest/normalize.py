"""Normalisation of Arabic text for matching only.

``normalize(text)`` returns a ``Normalized``: the folded string plus a map from
each of its characters back to the original text, so that a span found in the
folded string maps to exact original offsets. The original text is never
changed or stored folded.

Folding, character by character:
- Unicode NFC of each character (compatibility forms such as Arabic
  presentation ligatures are expanded with NFKC, one original character may
  then give several folded ones);
- Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII;
- tatweel and diacritics (harakat, tanween, shadda, sukun, superscript alef,
  Quranic marks) removed;
- alef variants (أ إ آ ٱ) to ا, alef maqsura ى to ي, ta marbuta ة to ه;
- Persian/Urdu letters (ک ی) to their Arabic forms; no-break and other
  unusual spaces to a plain space.

Working per character (rather than NFC on the whole string first) keeps the
offset map trivial. The only NFC compositions that matter for Arabic (alef +
combining hamza/madda) end up folded to ا either way, because the combining
marks are removed and the composed letters are folded to bare alef.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_DIGITS = {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}

_FOLD_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ي": "ي",
    "ة": "ه", "ۀ": "ه",
    "ک": "ك",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "٫": ",", "،": "،",
}

# Removed characters: tatweel, harakat and tanween, Quranic annotation marks,
# superscript alef, zero-width joiners and direction marks.
_REMOVED = (
    ["\u0640"]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + [chr(c) for c in range(0x0610, 0x061B)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for ch in _REMOVED:
        table[ord(ch)] = ""
    table.update({ord(k): v for k, v in _DIGITS.items()})
    table.update({ord(k): v for k, v in _FOLD_LETTERS.items()})
    # Arabic presentation forms (FB50-FDFF, FE70-FEFF): expand with NFKC, then fold.
    for c in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF)):
        ch = chr(c)
        k = unicodedata.normalize("NFKC", ch)
        if k != ch:
            table[c] = "".join(table.get(ord(x), x) for x in k)
    return table


def translation_list(table: dict[int, str | None], below: int | None = None) -> list[str | None]:
    """``table`` (code point -> replacement) as a list for ``str.translate``,
    covering the code points under ``below`` (all of the table's by default).

    Same result, about twice as fast on Arabic text: a dict raises (and
    translate catches) a KeyError for every character it leaves alone, a list
    answers at once. A character past the list's end raises IndexError, which
    translate takes, as it takes KeyError, for "unchanged".
    """
    limit = max(table, default=-1) + 1 if below is None else below
    out: list[str | None] = [chr(c) for c in range(limit)]
    for c, v in table.items():
        if c < limit:
            out[c] = v
    return out


_TABLE = _build_table()
# The Arabic block and below as a list; the few mapped characters above it
# (presentation forms, odd spaces, joiners) send a text to the dict.
_TABLE_LOW = translation_list(_TABLE, below=0x0700)
_MAPPED_HIGH = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE) if c >= 0x0700) + "]")
# Characters whose folded form is not exactly one character: they break the
# identity between folded and original offsets.
_RESHAPING = re.compile("[" + "".join(re.escape(chr(c)) for c, v in _TABLE.items() if len(v) != 1) + "]")
# Characters NFC changes on their own (singletons such as U+2126). Rare: when
# present we fall back to the per-character path.
_NFC_CACHE: dict[str, str] = {}


@dataclass(frozen=True)
class Normalized:
    """A folded string and the way back to the original offsets.

    ``index[i]`` is the original offset of folded character ``i``; ``None``
    means the identity (nothing was removed or expanded).
    """

    original: str
    text: str
    index: list[int] | None

    def orig_start(self, i: int) -> int:
        """Original offset of folded position ``i`` (a span start)."""
        if self.index is None:
            return i
        if i >= len(self.index):
            return len(self.original)
        return self.index[i]

    def orig_end(self, j: int) -> int:
        """Original offset just after folded position ``j - 1`` (a span end, exclusive).

        Trailing removed marks (tanween on غداً, a shadda) stay with the word.
        """
        if j <= 0:
            return 0
        if self.index is None:
            end = j
        else:
            end = self.index[j - 1] + 1
        n = len(self.original)
        while end < n and (self.original[end] == "\u0640" or unicodedata.category(self.original[end]) == "Mn"):
            end += 1
        return end

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original (start, end) of the folded span [i, j)."""
        return self.orig_start(i), self.orig_end(j)


def fold(text: str) -> str:
    """The folded form alone (for lexicon entries and lookups)."""
    return normalize(text).text


def _nfc_char(ch: str) -> str:
    r = _NFC_CACHE.get(ch)
    if r is None:
        r = unicodedata.normalize("NFC", ch)
        _NFC_CACHE[ch] = r
    return r


_ARTICLE_AFTER_LAM = re.compile(r"(?<!\w)([وف]?)ل(?=ل\w)")


def normalize(text: str, restore_article: bool = False) -> Normalized:
    """Fold ``text`` for matching and keep the map back to its offsets.

    ``restore_article``: write back the alef of the article that Arabic drops
    after the preposition ل (للعام -> لالعام), so that "العام" matches inside
    it; the inserted alef maps to the ل after it.
    """
    if not isinstance(text, str):
        raise TypeError("normalize expects str")
    if text.isascii():
        return Normalized(text, text, None)
    folded = text.translate(_TABLE if _MAPPED_HIGH.search(text) else _TABLE_LOW)
    if not unicodedata.is_normalized("NFC", folded):
        out: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(text):
            f = _TABLE.get(ord(ch))
            if f is None:
                f = _nfc_char(ch)
            for c in f:
                out.append(c)
                index.append(i)
        result = Normalized(text, "".join(out), index)
    elif _RESHAPING.search(text):
        # translate works character by character, so ``folded`` is already the text: only the
        # map back is built, each reshaping character giving its offset once per folded character
        idx: list[int] = []
        pos = 0
        for m in _RESHAPING.finditer(text):
            i = m.start()
            if i > pos:
                idx.extend(range(pos, i))
            idx.extend([i] * len(_TABLE[ord(text[i])]))
            pos = i + 1
        if pos < len(text):
            idx.extend(range(pos, len(text)))
        result = Normalized(text, folded, idx)
    else:
        result = Normalized(text, folded, None)
    if restore_article:
        result = _restore_article(result)
    return result


def _restore_article(n: Normalized) -> Normalized:
    hits = [m.end() for m in _ARTICLE_AFTER_LAM.finditer(n.text)]
    if not hits:
        return n
    index = n.index if n.index is not None else list(range(len(n.text)))
    pieces: list[str] = []
    idx: list[int] = []
    pos = 0
    for h in hits:  # h: position just after the first ل
        pieces.append(n.text[pos:h])
        idx.extend(index[pos:h])
        pieces.append("ا")
        idx.append(index[h - 1] + 1)  # a span starting at the article starts at the second ل
        pos = h
    pieces.append(n.text[pos:])
    idx.extend(index[pos:])
    return Normalized(n.original, "".join(pieces), idx)
