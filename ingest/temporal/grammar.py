"""A small chart parser: typed pieces combine into larger items by rules.

The lexer (``ingest.temporal.pieces``) turns folded text into *pieces*: a
word of the lexicon with its senses (a month name, a weekday, a number word
...), a number written in digits, a punctuation mark. A *rule* is a pattern,
a sequence of elements each matching one item by its kind or sense, and a
production that builds a new item from the items it matched. The parser
applies every rule to every sequence of adjacent items, again and again,
until nothing new appears; each item keeps its span and the names of the
rules that built it. Items are adjacent when only spaces, quotes or
brackets lie between them.

This is the engine only: it knows nothing of Arabic or of dates. The words
are in ``lexicon``, the rules in ``rules``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence



class Item:
    """A piece of the text or a value built from pieces.

    ``kind``: "w" (a lexicon word), "num" (digits), "p" (punctuation) for
    pieces; a derived kind ("day", "month", "year" ...) or "T" (a temporal
    expression, ``val`` its spec) for what rules build. ``senses`` maps a
    word's senses to their values ({"gmonth": 3}); ``keys`` are the names
    rule elements look items up by. ``rule`` names the rule that built it
    from ``parts`` (the items it matched); ``rules()`` lists the whole tree's.
    """

    # a plain class with slots: items are made by the thousand, a dataclass's __init__ costs more
    __slots__ = ("start", "end", "kind", "val", "senses", "rule", "prio", "ttype", "keys", "mask", "parts")

    def __init__(self, start: int, end: int, kind: str, val: Any, senses: dict[str, Any] | None = None,
                 rule: str = "", prio: int = 0, ttype: str = "", keys: frozenset[str] | None = None) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.val = val
        self.senses = senses if senses is not None else _NO_SENSES
        self.rule = rule
        self.prio = prio
        self.ttype = ttype
        self.mask = 0
        self.parts: tuple[Item, ...] = ()
        self.keys = keys if keys else self._keys()

    def _keys(self) -> frozenset[str]:
        k = (self.kind, _shape(self.val)) if self.kind == "T" else None
        cached = _KEYS.get(k) if k is not None else None
        if cached is not None:
            return cached
        ks = {self.kind, *self.senses}
        if self.kind in ("w", "p"):
            ks.add("=" + self.val)
        elif self.kind == "T":
            ks.add("T:" + str(self.val.get("kind")))
            if k is not None and k[1]:
                ks.add(k[1])
        keys = frozenset(ks)
        if k is not None:
            _KEYS[k] = keys
        return keys

    def __repr__(self) -> str:
        return f"Item({self.start}, {self.end}, {self.kind!r}, {self.val!r})"

    def rules(self) -> list[str]:
        """The rules that built this item, innermost first."""
        out: list[str] = []
        for p in self.parts:
            out.extend(p.rules())
        if self.rule:
            out.append(self.rule)
        return out


_KEYS: dict[tuple[str, str], frozenset[str]] = {}
# an extra key for a built value, finer than its kind (set by the rules: set_shape)
_shape: Callable[[Any], str] = lambda val: str(val.get("kind"))  # noqa: E731


def set_shape(fn: Callable[[Any], str]) -> None:
    """Give each built value a finer key than its kind, so patterns can ask for it directly."""
    global _shape
    _shape = fn
_NO_SENSES: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Element:
    """One position of a pattern: items with one of ``keys`` that pass ``test``."""

    name: str
    keys: frozenset[str]
    test: Callable[[Item], bool] | None
    optional: bool


class Match:
    """The items a pattern matched, by element name (None for a skipped optional)."""

    __slots__ = ("items", "index", "norm", "start", "end")

    def __init__(self, index: dict[str, int], items: Sequence[Item | None], norm: str, start: int,
                 end: int) -> None:
        self.index = index
        self.items = items
        self.norm = norm
        self.start = start
        self.end = end

    # each reads the index itself rather than through ``get``: productions ask tens of
    # thousands of times per text, and a call less each is measurable
    def __getitem__(self, name: str) -> Item:
        i = self.index.get(name)
        it = None if i is None else self.items[i]
        if it is None:
            raise KeyError(name)
        return it

    def get(self, name: str) -> Item | None:
        i = self.index.get(name)
        return None if i is None else self.items[i]

    def has(self, name: str) -> bool:
        i = self.index.get(name)
        return i is not None and self.items[i] is not None



Production = Callable[[Match], "Item | None"]


@dataclass
class Rule:
    """``name``: shown in every item it builds; ``elements``: the pattern;
    ``produce``: the new item(s), or None to reject the match."""

    name: str
    elements: tuple[Element, ...]
    produce: Production
    index: dict[str, int] = field(default_factory=dict)   # element name -> position (the first)
    masks: tuple[int, ...] = ()   # each element's keys as bits, set by the Grammar
    # each element's (mask, test, optional), read together by the parser's inner loop
    slots: tuple[tuple[int, Any, bool], ...] = ()

    def __post_init__(self) -> None:
        for i, e in enumerate(self.elements):
            self.index.setdefault(e.name, i)


class Chart:
    """Items by start and end position, without duplicates."""

    def __init__(self, norm: str, mask_of: Callable[[frozenset[str]], int] | None = None,
                 masks: dict[frozenset[str], int] | None = None) -> None:
        self.norm = norm
        self.mask_of = mask_of
        self.masks: dict[frozenset[str], int] = masks if masks is not None else {}
        self.by_end: dict[int, list[Item]] = {}
        self.seen: set[tuple] = set()
        self._next: dict[int, int] = {}
        self._prev: dict[int, list[int]] = {}
        self._before: dict[int, list[Item]] = {}
        self.count = 0
        self.expressions: list[Item] = []   # the temporal expressions built, in order of arrival

    def add(self, item: Item) -> bool:
        if item.rule:  # built by a rule: the same value may come by two derivations
            v = item.val
            if isinstance(v, dict):
                try:
                    v = frozenset(v.items())
                except TypeError:  # nested specs (a range's ends)
                    v = _freeze(item.val)
            elif isinstance(v, list):
                v = _freeze(v)
            seen = self.seen
            n = len(seen)
            seen.add((item.start, item.end, item.kind, v))   # one hashing of the key, not two
            if len(seen) == n:
                return False
        if self.mask_of is not None:
            m = self.masks.get(item.keys)   # the grammar's cache, read here without a call
            item.mask = self.mask_of(item.keys) if m is None else m
        # no cached ``before`` can go stale: items arrive in text order and all end where the
        # text has been read to, so nothing after them has been looked at yet
        same_end = self.by_end.get(item.end)
        if same_end is None:
            self.by_end[item.end] = [item]
        else:
            same_end.append(item)
        if item.kind == "T":
            self.expressions.append(item)
        self.count += 1
        return True

    def next_start(self, end: int) -> int:
        """Where an item after one ending at ``end`` starts."""
        n = self._next.get(end)
        if n is None:
            n, norm, size = end, self.norm, len(self.norm)
            while n < size and norm[n] in _GAP_CHARS:
                n += 1
            self._next[end] = n
        return n

    def before(self, start: int) -> list[Item]:
        """Items adjacent before a position."""
        out = self._before.get(start)
        if out is None:
            out = self._before[start] = self._collect_before(start)
        return out

    def _collect_before(self, start: int) -> list[Item]:
        ends = self._prev.get(start)
        if ends is None:
            ends = [start]
            pos = start
            norm = self.norm
            while pos > 0 and norm[pos - 1] in _GAP_CHARS:
                pos -= 1
                ends.append(pos)
            self._prev[start] = ends
        by_end = self.by_end
        if len(ends) == 1:
            return by_end.get(start, _EMPTY)
        out: list[Item] = []
        for e in ends:
            more = by_end.get(e)
            if more:
                out.extend(more)
        return out

    def items(self) -> Iterator[Item]:
        for lst in self.by_end.values():
            yield from lst


def _need(els: Iterable[Element]) -> frozenset[str] | None:
    keys: set[str] = set()
    for e in els:
        keys |= e.keys
        if not e.optional:
            return frozenset(keys)
    return None


_EMPTY: list[Item] = []
_NONES = [(None,) * k for k in range(32)]   # the optional elements right of an arriving item
# Between adjacent items: spaces, quotation marks and brackets, on one line (a headline
# and the dateline under it are not one expression).
_GAP_CHARS = set(" \t\f\v\u00a0\u2009\u202f\"'«»“”()[]")


def _freeze(v: Any) -> Any:
    """A hashable stand-in for a nested value: dicts as sorted (key, value) tuples, lists and
    tuples as tuples. Plain values are kept as they are without a call (most of a spec's)."""
    if isinstance(v, dict):
        return tuple(sorted([(k, _freeze(x) if isinstance(x, _NESTED) else x) for k, x in v.items()]))
    if isinstance(v, (list, tuple)):
        return tuple([_freeze(x) if isinstance(x, _NESTED) else x for x in v])
    return v


_NESTED = (dict, list, tuple)


class Grammar:
    """Rules indexed by the keys of every element of their patterns.

    Keys are also numbered, so that "may this item fill that element" is one
    integer AND: an item's keys and an element's keys become bit masks.
    """

    def __init__(self, rules: Iterable[Rule], max_items: int = 200_000) -> None:
        self.rules = list(rules)
        self.max_items = max_items
        self.index: dict[str, list[tuple[Rule, int]]] = {}
        self.bits: dict[str, int] = {}
        for r in self.rules:
            for e in r.elements:
                for k in e.keys:
                    self.bits.setdefault(k, 1 << len(self.bits))
        self._masks: dict[frozenset[str], int] = {}
        # (item keys, left neighbours' mask, right neighbours' mask) -> the rule positions worth trying
        self._passing: dict[tuple[frozenset[str], int], list[tuple]] = {}
        self._by_keys: dict[frozenset[str], list[tuple[int, int, list[tuple[Rule, int]]]]] = {}
        # for each element of each rule, the keys its left (right) neighbour must
        # have when a required element lies that way: every element up to the
        # nearest required one could be that neighbour (0: no condition)
        self._needs: dict[tuple[int, int], tuple[int, int]] = {}
        # and the keys of all elements on either side: without any such neighbour, an
        # element's optional left (right) elements can only be absent
        self._sides: dict[tuple[int, int], tuple[int, int]] = {}
        for r in self.rules:
            els = r.elements
            r.masks = tuple(self.mask_of(e.keys) for e in els)
            r.slots = tuple((m, e.test, e.optional) for m, e in zip(r.masks, els))
            for j, e in enumerate(els):
                for k in e.keys:
                    self.index.setdefault(k, []).append((r, j))
                ln, rn = _need(reversed(els[:j])), _need(els[j + 1:])
                self._needs[id(r), j] = (self.mask_of(ln) if ln else 0, self.mask_of(rn) if rn else 0)
                lany = 0
                for m in r.masks[:j]:
                    lany |= m
                rany = 0
                for m in r.masks[j + 1:]:
                    rany |= m
                self._sides[id(r), j] = (lany, rany)

    def mask_of(self, keys: frozenset[str]) -> int:
        m = self._masks.get(keys)
        if m is None:
            m = 0
            for k in keys:
                m |= self.bits.get(k, 0)
            self._masks[keys] = m
        return m

    def parse(self, pieces: Sequence[Item], norm: str) -> Chart:
        """Saturate: every combination of adjacent items a rule accepts, once.

        An item joins the chart when it leaves the agenda, and is then
        matched, at every position of every pattern it fits, with the items
        already in the chart on its left: each combination is found once,
        when the last of its items arrives. Pieces enter in text order and
        what they build is taken before the next piece, so nothing lies to
        the right of the item being matched: a pattern position followed by
        a required element waits for the item that will fill it.
        """
        chart = Chart(norm, self.mask_of, self._masks)
        agenda: list[Item] = list(reversed(pieces))
        # the loop runs once per item of every text: what it calls is looked up once here
        pop, push, add, before, left_of = agenda.pop, agenda.append, chart.add, chart.before, self._left
        by_keys, passing, max_items = self._by_keys, self._passing, self.max_items
        while agenda:
            x = pop()
            if not add(x) or chart.count > max_items:
                continue
            keys = x.keys
            groups = by_keys.get(keys)
            if groups is None:
                groups = self._groups(keys)
            if not groups:
                continue  # it can end no pattern: the items after it will find it
            xs, xe = x.start, x.end
            lmask = 0
            for it in before(xs):
                lmask |= it.mask
            ck = (keys, lmask)
            members = passing.get(ck)
            if members is None:
                # a quick test before the search: the left neighbour the required elements need is
                # there, and no required element is waiting on the right
                members = [mb for lneed, rneed, mbs in groups
                           if not (lneed and not lneed & lmask or rneed) for mb in mbs]
                if len(passing) > 100_000:  # bounded on endless odd input
                    passing.clear()
                passing[ck] = members
            for rule, j, test, lany, tail, slots, index, produce, name in members:
                if test is not None and not test(x):
                    continue
                if lany & lmask:
                    lefts = left_of(chart, slots, j - 1, xs)
                    if not lefts:
                        continue
                else:
                    lefts = ([None] * j,)
                for left in lefts:
                    items = [*left, x, *tail]
                    parts = tuple(filter(None, items))
                    out = produce(Match(index, items, norm, parts[0].start, xe))
                    if out is None:
                        continue
                    if isinstance(out, list):
                        for o in out:
                            o.rule = name
                            o.parts = parts
                            push(o)
                    else:
                        out.rule = name
                        out.parts = parts
                        push(out)
        return chart

    def _groups(self, keys: frozenset[str]) -> list[tuple[int, int, list[tuple[Rule, int]]]]:
        """The (rule, position) pairs an item with ``keys`` may fill, grouped by what their
        neighbours must be."""
        seen: set[tuple[int, int]] = set()
        by_need: dict[tuple[int, int], list[tuple[Rule, int]]] = {}
        # in a fixed order: which of two equal derivations is kept must not depend on
        # the interpreter's hash seed (a frozenset's order does)
        for k in sorted(keys):
            for rule, j in self.index.get(k, ()):
                if (id(rule), j) in seen:
                    continue
                seen.add((id(rule), j))
                lany, rany = self._sides[id(rule), j]
                # all the parser needs of the position, in one tuple: the None of each optional
                # element right of it (absent: nothing lies there yet)
                by_need.setdefault(self._needs[id(rule), j], []).append(
                    (rule, j, rule.elements[j].test, lany, _NONES[len(rule.elements) - j - 1], rule.slots,
                     rule.index, rule.produce, rule.name))
        # only the positions no required element follows: nothing lies right of an arriving item
        out = [(ln, rn, members) for (ln, rn), members in by_need.items() if not rn]
        self._by_keys[keys] = out
        return out

    def _left(self, chart: Chart, slots: tuple[tuple[int, Any, bool], ...], j: int,
              start: int) -> list[list[Item | None]]:
        """Matches of elements 0..j (``j >= 0``) ending just before ``start`` (optional ones may
        be absent); ``slots`` are the rule's (mask, test, optional) by position.

        Built as lists, not generators: most patterns are two or three elements long, and a
        generator per level costs more than the few matches it yields. The first element is
        matched in place rather than by a call for the empty rest: most calls are for it."""
        mask, test, optional = slots[j]
        out: list[list[Item | None]] = []
        if optional:
            if j:
                for rest in self._left(chart, slots, j - 1, start):
                    rest.append(None)
                    out.append(rest)
            else:
                out.append([None])
        for it in chart.before(start):
            if not it.mask & mask or (test is not None and not test(it)):
                continue
            if j:
                for rest in self._left(chart, slots, j - 1, it.start):
                    rest.append(it)
                    out.append(rest)
            else:
                out.append([it])
        return out
