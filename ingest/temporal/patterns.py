"""Rule patterns as short strings, compiled into ``grammar.Element`` sequences.

A pattern is a space-separated list of elements::

    "dayn من? month_noun? gm"

- a name from ``MATCHERS`` (a sense of the lexicon such as ``weekday``, or a
  kind the rules build such as ``dayn``, ``gm``, ``date``);
- a word of the lexicon in Arabic, matched literally (``من``), or several
  separated by ``|`` (``عام|العام``); a punctuation mark (``/``);
- ``?`` after an element makes it optional; ``:name`` binds the element to a
  name for the production (``dayn:a sep dayn:b``), else its own name is used.

Every literal word must be in the lexicon (``lexicon.FUNCTION_WORDS`` or a
table), since the lexer only sees lexicon words: a pattern naming one it
cannot see fails at import.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from ingest.temporal.grammar import Element, Item, Rule
from ingest.temporal.lexicon_index import SENSES, key

Test = Callable[[Item], bool]
MATCHERS: dict[str, tuple[frozenset[str], Test | None]] = {}
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def matcher(name: str, keys: set[str] | frozenset[str], test: Test | None = None) -> None:
    """Register a pattern element ``name``: items with one of ``keys`` that pass ``test``."""
    MATCHERS[name] = (frozenset(keys), test)


def compile_pattern(pattern: str) -> tuple[Element, ...]:
    out: list[Element] = []
    for tok in pattern.split():
        optional = tok.endswith("?")
        if optional:
            tok = tok[:-1]
        name = tok
        if ":" in tok and not tok.startswith(":"):
            tok, name = tok.split(":", 1)
        parts = tok.split("|")
        if tok in MATCHERS:
            keys, test = MATCHERS[tok]
        elif len(parts) > 1 and all(p in MATCHERS for p in parts):
            keys = frozenset().union(*(MATCHERS[p][0] for p in parts))
            tests = [MATCHERS[p] for p in parts]
            test = _any_of(tests)
            if name == tok:
                name = parts[0]
        elif _ARABIC.search(tok) or not tok.isidentifier():
            words = tok.split("|")
            keys = frozenset("=" + (key(w) if _is_word(w) else w) for w in words)
            for w in words:
                if _is_word(w) and key(w) not in SENSES:
                    raise ValueError(f"pattern {pattern!r}: {w!r} is not in the lexicon")
            test = None
            if name == tok:
                name = key(words[0]) if _ARABIC.search(words[0]) else words[0]
        else:
            raise ValueError(f"pattern {pattern!r}: unknown element {tok!r}")
        out.append(Element(name, keys, test, optional))
    return tuple(out)


def _any_of(matchers: list[tuple[frozenset[str], Test | None]]) -> Test:
    def test(it: Item) -> bool:
        return any(not it.keys.isdisjoint(k) and (t is None or t(it)) for k, t in matchers)
    return test


def _is_word(w: str) -> bool:
    return bool(_ARABIC.search(w)) and not all(c in "،؛" for c in w)


RULES: list[Rule] = []


def rule(name: str, pattern: str | list[str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: the function is the production of a rule over ``pattern`` (or each of several)."""
    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        for p in ([pattern] if isinstance(pattern, str) else pattern):
            RULES.append(Rule(name, compile_pattern(p), fn))
        return fn
    return deco
