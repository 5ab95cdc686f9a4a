"""Bytes of unknown encoding to text, without storing garbage.

The order of the guesses matters more than any one of them:

1. a byte order mark says what the bytes are (UTF-8, UTF-16);
2. UTF-16 without a mark (NUL bytes in every other place, or text that reads
   as control characters in UTF-8) is detected by charset-normalizer;
3. valid UTF-8 is UTF-8;
4. UTF-8 with a few bad bytes (a stray byte, a file cut in the middle of a
   character) is still UTF-8: the bad bytes become U+FFFD and a warning names
   their offsets. Read as Windows-1256 instead, every Arabic letter would turn
   into two wrong ones;
5. only then the legacy Arabic encodings (Windows-1256, ISO-8859-6), as
   charset-normalizer judges them, and only when the result reads like text.

Whatever the encoding, text that is mostly not letters of any script (random
bytes, a binary file) is refused rather than stored.
"""
from __future__ import annotations

import codecs
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass

from charset_normalizer import from_bytes

# Tried in this order, only after UTF-8 and UTF-16 have failed.
ARABIC_LEGACY_ENCODINGS = ("cp1256", "iso8859_6")
UTF16_WITHOUT_BOM = ("utf_16_le", "utf_16_be")
# UTF-8 with at most one bad sequence per this many good multi-byte characters is still UTF-8
# (text in a legacy Arabic encoding has next to no valid multi-byte UTF-8 sequences at all).
UTF8_GOOD_PER_BAD = 4
# A text mostly of ASCII with a stray byte or two: at most this many bad bytes, and one per 1000 bytes.
UTF8_STRAY_BYTES = 3
# Share of letters, marks and digits among the characters that are not spaces, below which it is not text.
MIN_LETTER_SHARE = 0.5
MAX_CONTROL_SHARE = 0.05
# A legacy-encoded guess must also have spaces between its words.
MIN_SPACE_SHARE = 0.03
OFFSETS_SHOWN = 5
# Judging a long text by three slices of it is as good as by all of it, and much cheaper.
SAMPLE_CHARS = 60_000


class NotText(ValueError):
    """The bytes are not text in any encoding we read; the message says why."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


# --- decoding that records where it had to replace bytes ------------------------

_recorded = threading.local()


def _record_bad_bytes(exc: UnicodeDecodeError):
    cut = exc.end == len(exc.object) and exc.reason == "unexpected end of data"
    _recorded.offsets.append(-1 - exc.start if cut else exc.start)
    return "\ufffd", exc.end


codecs.register_error("timeline.record", _record_bad_bytes)


def decode_recording(data: bytes, encoding: str) -> tuple[str, list[int]]:
    """Decode, replacing each bad sequence by U+FFFD; returns the text and the byte offsets replaced.

    A sequence cut off by the end of the data is recorded as offset ``-1 - start``
    (negative), so that the warning can say the input was cut.
    """
    _recorded.offsets = []
    try:
        text = data.decode(encoding, errors="timeline.record")
        return text, _recorded.offsets
    finally:
        _recorded.offsets = []


def describe_bad_bytes(offsets: list[int], size: int, encoding: str = "UTF-8") -> str:
    """A warning naming where the bytes that did not decode are (a negative offset: a
    character cut off by the end of the input, see decode_recording)."""
    if len(offsets) == 1 and offsets[0] < 0:
        return (f"the input ends in the middle of a character (byte offset {-1 - offsets[0]}); "
                "the incomplete character was replaced by U+FFFD")
    offsets = [o if o >= 0 else -1 - o for o in offsets]
    shown = ", ".join(str(o) for o in offsets[:OFFSETS_SHOWN])
    more = f" and {len(offsets) - OFFSETS_SHOWN} more" if len(offsets) > OFFSETS_SHOWN else ""
    plural = "s" if len(offsets) > 1 else ""
    return (f"not valid {encoding} at byte offset{plural} {shown}{more}; "
            f"{'each was' if plural else 'it was'} read as U+FFFD")


# --- what reads like text ---------------------------------------------------------

def not_text_reason(text: str, *, need_spaces: bool = False) -> str | None:
    """Why ``text`` is not text (mostly not letters of any script, control characters), or None."""
    if not text.strip():
        return "it is empty"
    if len(text) > 3 * SAMPLE_CHARS:
        middle = len(text) // 2
        text = text[:SAMPLE_CHARS] + text[middle:middle + SAMPLE_CHARS] + text[-SAMPLE_CHARS:]
    total = wordy = controls = spaces = 0
    # a text holds few distinct characters: classify each once, count them in C
    for ch, n in Counter(text).items():
        if ch == "\ufffd":
            continue  # bytes that did not decode are counted (and bounded) by the decoder
        total += n
        if ch.isspace():
            spaces += n
            continue
        cat = unicodedata.category(ch)
        if cat[0] in "LMN":
            wordy += n
        elif cat in ("Cc", "Cs", "Co", "Cn"):
            controls += n
    if not total:
        return "none of it decodes"
    visible = total - spaces
    if controls > MAX_CONTROL_SHARE * total:
        return f"{100 * controls // total}% of its characters are control or undefined characters"
    if visible and wordy < MIN_LETTER_SHARE * visible:
        return f"only {100 * wordy // visible}% of its characters are letters or digits of any script"
    if need_spaces and total > 80 and spaces < MIN_SPACE_SHARE * total:
        return "it has no spaces between words"
    return None


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


# --- the guesses, in order ---------------------------------------------------------

def _with_bom(data: bytes) -> Decoded | None:
    for bom, codec, name in ((codecs.BOM_UTF8, "utf-8", "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
                             (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16")):
        if data.startswith(bom):
            body = data[len(bom):]
            text, bad = decode_recording(body, codec)
            label = "UTF-8" if codec == "utf-8" else "UTF-16"
            shifted = [o + len(bom) if o >= 0 else o - len(bom) for o in bad]
            warnings = (describe_bad_bytes(shifted, len(data), label),) if bad else ()
            return Decoded(text, name, warnings)
    return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    body, cut = (data[:-1], True) if len(data) % 2 else (data, False)
    match = from_bytes(body, cp_isolation=list(UTF16_WITHOUT_BOM)).best()
    if match is None:
        return None
    text = str(match)
    if not_text_reason(text):
        return None
    warnings = (describe_bad_bytes([-len(data)], len(data), "UTF-16"),) if cut else ()
    return Decoded(text + ("\ufffd" if cut else ""), match.encoding.replace("_", "-"), warnings)


def mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8, or UTF-8 with a few bad sequences (each read as U+FFFD, with a warning); None when
    the bad ones are too many for the bytes to be UTF-8 at all."""
    text, bad = decode_recording(data, "utf-8")
    if not bad:
        return Decoded(text, "utf-8")
    good_multibyte = len(text) - len(text.encode("ascii", "ignore")) - len(bad)
    few = len(bad) * UTF8_GOOD_PER_BAD <= good_multibyte or (
        len(bad) <= UTF8_STRAY_BYTES and len(bad) * 1000 <= len(data))
    if not few:
        return None
    return Decoded(text, "utf-8", (describe_bad_bytes(bad, len(data)),))


def _legacy_arabic(data: bytes) -> Decoded | None:
    match = from_bytes(data, cp_isolation=list(ARABIC_LEGACY_ENCODINGS)).best()
    candidates = ([match.encoding] if match else []) + list(ARABIC_LEGACY_ENCODINGS)
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _arabic_share(text) >= 0.3 and not not_text_reason(text, need_spaces=True):
            return Decoded(text, encoding)
    return None


def decode_bytes(data: bytes) -> Decoded:
    """Decode bytes of unknown encoding; raise NotText when they are not text we can read."""
    if not data.strip():
        raise NotText("the file is empty")
    marked = _with_bom(data)
    if marked is not None:
        reason = not_text_reason(marked.text)
        if reason:
            raise NotText(f"does not read as text ({reason}); skipped")
        return marked
    has_nul = b"\x00" in data
    try:
        strict = data.decode("utf-8")
    except UnicodeDecodeError:
        strict = None
    strict_reason = not_text_reason(strict) if strict is not None else None
    if strict is not None and not has_nul and strict_reason is None:
        return Decoded(strict, "utf-8")  # the usual case, checked once
    if has_nul or strict_reason:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
    for guess in (mostly_utf8, _legacy_arabic):
        decoded = guess(data)
        if decoded is not None and not not_text_reason(decoded.text):
            return decoded
    if has_nul:
        raise NotText("looks like a binary file, not text; skipped")
    reason = not_text_reason(data.decode("utf-8", errors="replace"))
    detail = f" ({reason})" if reason else ""
    raise NotText(
        "could not tell the text encoding (tried UTF-8, UTF-16, Windows-1256, ISO-8859-6) or it is not "
        f"text{detail}; convert it to UTF-8 and try again")
