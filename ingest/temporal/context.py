"""What the words around an expression say about it: tense, genericity, names.

These read the folded text near a span and nothing else; the grammar's
productions and the tagger's last pass call them. The cue words are data in
``ingest.temporal.lexicon``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.normalize import fold as _fold
from ingest.temporal import lexicon as L

fold = lru_cache(maxsize=8192)(_fold)


def _key(s: str) -> str:
    return " ".join(fold(s).split())


TOKEN = re.compile(r"[^\W\d_]+|[.!?؟\n]")
SENT_END = {".", "!", "?", "؟", "\n"}

_PAST: set[str] = set()
_DECISION: set[str] = set()
for _v in L.DECISION_VERBS:
    _f = fold(_v)
    _DECISION.update({_f, _f + "ت", _f + "وا", _f + "ا", _f + "تا"})
for _v in L.PAST_VERBS:
    _f = fold(_v)
    _PAST.update({_f, _f + "ت", _f + "وا", _f + "ا", _f + "تا"})
    if _f.endswith("ي"):  # انتهى -> انتهت، انتهوا
        _PAST.update({_f[:-1] + "ت", _f[:-1] + "وا"})
_PRESENT = {fold(v) for v in L.PRESENT_VERBS}
_RITE: set[str] = set()
for _v in L.RITE_VERBS:
    _f = fold(_v)
    _RITE.update({_f, _f + "ت", _f + "وا", _f + "ون", _f + "ا", _f + "تا"})
    if _f.endswith("ي") or _f.endswith("ا"):  # احتفى -> احتفت، احتفوا
        _RITE.update({_f[:-1] + "ت", _f[:-1] + "وا"})
_FUTURE = {_key(v) for v in L.FUTURE_CUES}
_FUTURE_STOP = {fold(v) for v in L.FUTURE_PREFIX_STOPLIST}
_STATIVE = {_key(v) for v in L.STATIVE_VERBS}
_GENERIC_TODAY = {fold(v) for v in L.GENERIC_TODAY_CONTEXT}
_FROM_ON = {fold(w).split()[0] for w in L.FROM_NOW_ON}
_DEADLINE = {fold(w) for w in L.DEADLINE_BEFORE}
_THAT = {fold(w) for w in ["أن", "إن", "بأن", "وأن", "وإن", "فإن", "لأن"]}
_FUTURE_AUX = {fold(w) for w in L.FUTURE_AUXILIARIES}
_SCHEDULING = {fold(w) for w in L.SCHEDULING_NOUNS}
_PLAN = {fold(w) for w in L.PLAN_VERBS}
_HOLIDAY_AFTER = re.compile(r"\s*(?:" + "|".join(re.escape(" ".join(fold(w).split())) for w in L.HOLIDAY_NOUNS)
                            + r")(?![^\W\d_])")
# cues that say "ahead" without a verb: a bare weekday so marked may still be placed among the
# days ahead a text writes out
WEAK_FUTURE = "scheduled"


def is_weak(cue: str) -> bool:
    """A future read from a noun (عطلة، خطط) rather than a verb."""
    return cue == WEAK_FUTURE or bool(_HOLIDAY_AFTER.fullmatch(" " + cue))


def strip_clitic(tok: str) -> list[str]:
    out = [tok]
    if len(tok) > 3 and tok[0] in "وف":
        out.append(tok[1:])
    return out


def _is_future_verb(tok: str) -> bool:
    for t in strip_clitic(tok):
        if t in _FUTURE_STOP:
            return False
        if len(t) >= 4 and t[0] == "س" and t[1] in "يتن" and t not in _FUTURE_STOP:
            return True
    return False


# a word's tense is asked again for every date near it, and news repeats its verbs: kept
@lru_cache(maxsize=8192)
def classify(tok: str) -> str | None:
    """The tense a word gives a date near it: "future", "present", "past" or None."""
    for t in strip_clitic(tok):
        if t in _FUTURE:
            return "future"
        if t in _PRESENT or (len(t) > 4 and t[-1] in "ه" and t[:-1] in _PRESENT) or \
                (len(t) > 5 and t.endswith("ها") and t[:-2] in _PRESENT):
            return "present"
        if t in _PAST:
            return "past"
    if _is_future_verb(tok):
        return "future"
    return None


def is_rite(cue: str) -> bool:
    """A verb of keeping a feast (احتفل، صام، سيحتفلون), clitic or future س or not."""
    for t in strip_clitic(cue):
        if t in _RITE or (len(t) > 4 and t[0] == "س" and t[1] in "يتن" and t[1:] in _RITE):
            return True
    return False


@lru_cache(maxsize=8192)
def _is_scheduling(tok: str) -> bool:
    """A noun of scheduling (إجراء، موعد ...), clitic or not: asked of every word before a date."""
    return any(t in _SCHEDULING for t in strip_clitic(tok))


def tense_around(norm: str, start: int, end: int) -> tuple[str, str]:
    """The tense the verbs nearest a date give it, and the cue word.

    Looks back up to 12 words and ahead up to 4 within the sentence; the
    nearest cue wins (backward on a tie, since Arabic puts the verb first).
    "اعتبارا من"/"ابتداء من" just before reads as present (from that day on).
    """
    back_text = norm[max(0, start - 160):start]
    fwd_text = norm[end:end + 80]
    back = TOKEN.findall(back_text)[::-1]
    fwd = TOKEN.findall(fwd_text)
    # "اعتبارا من الخميس": from that day on
    if back and back[0] in _FROM_ON:
        return "present", back[0]
    if back and (back[0] in _DEADLINE or back[0][1:] in _DEADLINE):
        return "future", back[0]  # حتى الخميس، لغاية الأحد: a deadline ahead
    if len(back) >= 2 and back[0] == "من" and back[1] in _FROM_ON:
        return "present", back[1]
    best: tuple[int, str, str] | None = None
    scheduled = False
    verb_seen = False
    for dist, tok in enumerate(back[:12]):
        if tok in SENT_END:
            break
        if tok in _THAT:
            # the verb of saying before أن/إن is not the tense of what is said; a plan is
            # (من المقرر أن، يتوقع أن، يعتزم أن: what follows lies ahead)
            for w in back[dist + 1:dist + 4]:   # the verb, its subject between (تتوقع الشركة أن)
                if w in SENT_END:
                    break
                if classify(w) == "future" or any(t in _PLAN for t in strip_clitic(w)):
                    best = (dist, "future", w)
                    break
            break
        if _is_scheduling(tok):
            scheduled = True  # أقر إجراء الانتخابات في 27 آذار: a past verb further back dates the decision
            continue
        if scheduled and any(t in _DECISION for t in strip_clitic(tok)):
            # قرر تعطيل الدوائر يوم الأربعاء: the decision is past, the closure it governs ahead
            best = (dist, "future", tok)
            break
        cls = classify(tok)
        if cls:
            verb_seen = True
            # سيتم عقد: the noun of action after a future auxiliary is no past verb
            if cls == "past" and dist + 1 < len(back) and back[dist + 1] in _FUTURE_AUX:
                cls, tok = "future", back[dist + 1]
            if not (scheduled and cls == "past"):  # شهد افتتاح المعرض يوم الأحد: no telling
                best = (dist, cls, tok)
            break
    if best is None and scheduled and not verb_seen:
        best = (12, "future", WEAK_FUTURE)  # اكتمال خطط الاحتفال يوم الجمعة: a plan, no verb
    holiday = _HOLIDAY_AFTER.match(fwd_text)
    if holiday:
        return "future", holiday.group().strip()  # الأحد عطلة رسمية
    for dist, tok in enumerate(fwd[:4]):
        if tok in SENT_END or tok in _THAT:
            break
        cls = classify(tok)
        if cls:
            if best is None or dist < best[0]:
                best = (dist, cls, tok)
            break
    if best is None:
        return "unknown", ""
    return best[1], best[2]


def _unsuffixed(t: str) -> str:
    """A verb without its object pronoun (تعانيه -> تعاني، يواجهها -> يواجه)."""
    for suf in ("هما", "ها", "هم", "ه"):
        if t.endswith(suf) and len(t) - len(suf) >= 3:
            return t[: -len(suf)]
    return t


def today_is_generic(norm: str, start: int, end: int) -> bool:
    """True when "اليوم" means "nowadays" rather than the anchor day.

    A present-tense stative predicate in the same clause, just before it (يمثلون
    اليوم، تعد اليوم، يدركون ذلك جيدا اليوم) or right after it (اليوم نعيش), or a
    generic noun before it (عالم اليوم), makes it generic. An event verb or
    noun leaves it deictic.
    """
    back = TOKEN.findall(norm[max(0, start - 60):start])[::-1]
    fwd = TOKEN.findall(norm[end:end + 40])
    for tok in back[:4]:
        if tok in SENT_END:
            break
        for t in strip_clitic(tok):
            if t in _STATIVE or t in _GENERIC_TODAY or _unsuffixed(t) in _STATIVE:
                return True
    for tok in fwd[:1]:
        for t in strip_clitic(tok):
            if t in _STATIVE:
                return True
    return False


@lru_cache(maxsize=8192)
def _tokens_before(norm: str, start: int, span: int) -> tuple[str, ...]:
    # many productions ask about the same place: the answer is kept (a text's hash is computed once)
    return tuple(TOKEN.findall(norm[max(0, start - span):start])[::-1])


def forget() -> None:
    """Drop what was kept about earlier texts (the tagger calls this for each new text)."""
    _tokens_before.cache_clear()


def words_before(norm: str, start: int, n: int = 1, span: int = 40) -> list[str]:
    """The ``n`` words just before ``start``, nearest first (clitics left on)."""
    return list(_tokens_before(norm, start, span)[:n])


def words_after(norm: str, end: int, n: int = 1, span: int = 40) -> list[str]:
    return TOKEN.findall(norm[end:end + span])[:n]
