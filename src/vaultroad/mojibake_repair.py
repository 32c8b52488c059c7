"""Mojibake: UTF-8 text that was decoded with a legacy code page and saved again.

Two families are recognised:

- the Western code pages (cp1252, latin-1): `café` became `cafÃ©`, `’`
  became `â€™`. Each garbled run re-encodes with the code page to bytes that
  are valid UTF-8;
- the Korean code pages (Johab, cp949/EUC-KR): `qué` became `qu칠`. Every
  two bytes of the UTF-8 became one Hangul syllable or Hanja, and a byte
  pair the code page could not map was dropped. Some damage is therefore
  beyond repair: a lead byte that was dropped before a surviving
  continuation byte (`¿` = C2 BF lost its C2 and BF swallowed the next
  ASCII letter: `¿Por` → `쯇or`), or an emoji whose last bytes were lost.

A run is only called mojibake when its bytes decode as UTF-8 to what such
text plausibly held (Latin letters with accents, punctuation, symbols,
emoji), and for the Korean pages only in text that is mostly Latin, where
the run touches a Latin word or decodes to a symbol: genuine Korean, with
its syllables between spaces, is never touched. A lead byte is restored
only where one reading is overwhelmingly likely (`¿`, `¡`); every run that
cannot be decoded is reported with its line and column and left as it is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from typing import NamedTuple

from .lazy_re import lazy_compile

__all__ = ["Garble", "Repair", "find_mojibake", "repair_mojibake"]


# NamedTuples, not dataclasses: cheaper to define, which a one-file hook run
# notices (see rules.Problem).
class Garble(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based, in characters
    text: str  # the garbled run as it stands
    codec: str  # the code page that produced it
    repaired: str | None  # what it repairs to; None when it cannot be recovered


class Repair(NamedTuple):
    text: str
    codec: str | None
    repaired: int
    unrecovered: tuple[Garble, ...]


# cp1252 characters that stand for the bytes 0x80-0x9F, and the latin-1 range
# 0xA0-0xBF: what a UTF-8 continuation byte turns into.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONTINUATION = "\u0080-\u00bf" + re.escape(_CP1252_HIGH)
_WESTERN = rf"[\u00c2-\u00f4][{_CONTINUATION}]{{1,3}}"
# Hangul syllables, Hanja and the Johab/cp949 symbol rows a UTF-8 pair can become.
_KOREAN = r"[\uac00-\ud7a3\u4e00-\u9fff\uf900-\ufaff\u3130-\u318f]+"
# Two searches, not one alternation: a leading character class lets the
# regex engine skip ahead fast, an alternation does not.
_SUSPECT_WESTERN = lazy_compile(rf"[\u00c2-\u00f4][{_CONTINUATION}]")
# Its first character alone, looked for first: a text beyond ASCII without one
# (English with emoji and dashes) never compiles `_SUSPECT_WESTERN`, whose set of
# Latin-1 and cp1252 characters sre builds as a 64K-entry table.
_WESTERN_LEAD = lazy_compile(r"[\u00c2-\u00f4]")
# Characters beyond latin-1, a class that compiles in microseconds: a class of
# the Hangul and CJK blocks themselves costs ~3 ms to compile (the regex
# compiler fills a 64K bitmap), which a one-file pre-commit run would notice.
_BEYOND_LATIN1 = lazy_compile(r"[^\x00-\xff]+")

# Johab's reading of F0 9F, the lead bytes of most emoji.
_EMOJI_HALF = "\u6e38"  # 游: b"\xf0\x9f".decode("johab"), spelled out to spare the codec import

# A lost lead byte is restored only for these continuation bytes: in running
# text, C2 BF and C2 A1 (`¿`, `¡`) are far likelier than C3 BF, C3 A1 (`ÿ`, `á`
# at a word start after a dropped byte).
_LOST_LEAD = {0xBF: 0xC2, 0xA1: 0xC2, 0xAB: 0xC2, 0xBB: 0xC2}


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compiled on first need: most files never get past the suspect searches."""
    return re.compile(pattern)


def _plausible(text: str) -> bool:
    """What UTF-8 text garbled by a code page plausibly held."""
    for char in text:
        if char.isascii():
            if not (char.isprintable() or char in "\t"):
                return False
            continue
        category = unicodedata.category(char)
        if category[0] == "L":
            # Latin letters only: decoding Korean bytes to CJK or Hangul is no repair.
            if "LATIN" not in unicodedata.name(char, ""):
                return False
        elif category[0] not in "PSZN" and char not in "\u200d\ufe0f":
            return False
    return True


def _cp1252_bytes(run: str) -> bytes | None:
    """The bytes a cp1252 decoder turned into `run` (its five holes read as latin-1)."""
    out = bytearray()
    for char in run:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) >= 0x100:
                return None
            out.append(ord(char))
    return bytes(out)


def _western(text: str) -> list[tuple[int, int, str, str | None]]:
    found: list[tuple[int, int, str, str | None]] = []
    for match in _compiled(_WESTERN).finditer(text):
        run = match.group(0)
        data = _cp1252_bytes(run)
        if data is None:
            continue
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if decoded != run and _plausible(decoded):
            found.append((match.start(), match.end(), "cp1252", decoded))
    return found


def _mostly_latin(text: str) -> bool:
    latin = korean = 0
    for char in text:
        if char.isascii():
            latin += char.isalpha()
        elif "\uac00" <= char <= "\ud7a3" or "\u4e00" <= char <= "\u9fff":
            korean += 1
    return latin > 2 * korean


def _decode_damaged(data: bytes) -> str | None:
    """UTF-8 from `data`, restoring one lost lead byte where only one reading is likely."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lead = _LOST_LEAD.get(data[0]) if data else None
    if lead is None:
        return None
    try:
        return (bytes([lead]) + data).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _korean(text: str) -> list[tuple[int, int, str, str | None]]:
    if not _mostly_latin(text):
        return []
    found: list[tuple[int, int, str, str | None]] = []
    for match in _compiled(_KOREAN).finditer(text):
        start, end = match.span()
        run = match.group(0)
        before = text[start - 1 : start]
        after = text[end : end + 1]
        touches_latin = (before.isascii() and before.isalpha()) or (
            after.isascii() and after.isalpha()
        )
        data = b""
        codec = "johab"
        for candidate in ("johab", "cp949"):
            try:
                encoded = run.encode(candidate)
            except UnicodeEncodeError:
                continue
            decoded = _decode_damaged(encoded)
            if decoded is not None and _plausible(decoded):
                symbol = any(not c.isascii() and not c.isalpha() for c in decoded)
                if touches_latin or symbol:
                    found.append((start, end, candidate, decoded))
                break
            if not data:
                data, codec = encoded, candidate
        else:
            # Not decodable: mojibake that lost bytes, if it looks like the
            # rest (a UTF-8 lead byte whose continuation was dropped).
            if data and 0xC2 <= data[0] <= 0xF4 and (touches_latin or data[0] >= 0xF0):
                found.append((start, end, codec, None))
    # A run that cannot be decoded is only evidence when the text shows runs
    # that can (`XXX京` alone is Latin beside a Hanja, not damage), or when it
    # is one character standing for F0 9F alone: the first half of an emoji
    # whose second half was lost, which is what a repaired text keeps.
    if not any(repaired is not None for *_, repaired in found):
        return [run for run in found if text[run[0] : run[1]] == _EMOJI_HALF]
    return found


class _Locator:
    """1-based line and column of offsets in one text, breaks as markdown-it splits them.

    One table of line starts per text, then a binary search per run:
    counting from the start for every run was quadratic, and a file of
    garbled text would hang the hook.
    """

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _BREAK.finditer(text))]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


_BREAK = lazy_compile(r"\r\n|\r|\n")


def _suspect_western(text: str) -> bool:
    """Whether `_SUSPECT_WESTERN` finds a pair in `text`."""
    return _WESTERN_LEAD.search(text) is not None and _SUSPECT_WESTERN.search(text) is not None


def _has_korean(text: str) -> bool:
    """Whether `text` holds a Hangul syllable or a CJK ideograph."""
    for match in _BEYOND_LATIN1.finditer(text):
        for char in match.group():
            if "\uac00" <= char <= "\ud7a3" or "\u4e00" <= char <= "\u9fff":
                return True
    return False


def _runs(text: str) -> list[tuple[int, int, str, str | None]]:
    if text.isascii() or not (_suspect_western(text) or _has_korean(text)):
        return []  # the common case: ASCII, or two quick searches and done
    runs = _western(text) + _korean(text)
    runs.sort()
    return runs


def find_mojibake(text: str) -> list[Garble]:
    """Every garbled run in `text`, with what it repairs to (or None)."""
    runs = _runs(text)
    if not runs:
        return []  # no line table needed (nor its pattern compiled)
    garbles = []
    locate = _Locator(text)
    for start, end, codec, repaired in runs:
        line, column = locate(start)
        garbles.append(Garble(line, column, text[start:end], codec, repaired))
    return garbles


def repair_mojibake(text: str) -> Repair:
    """`text` with every recoverable run repaired; the rest reported, left as it is."""
    runs = _runs(text)
    if not runs:
        return Repair(text, None, 0, ())
    pieces: list[str] = []
    position = 0
    unrecovered: list[Garble] = []
    repaired = 0
    codecs: dict[str, int] = {}
    locate = _Locator(text)
    for start, end, codec, fixed in runs:
        codecs[codec] = codecs.get(codec, 0) + 1
        pieces.append(text[position:start])
        if fixed is None:
            line, column = locate(start)
            unrecovered.append(Garble(line, column, text[start:end], codec, None))
            pieces.append(text[start:end])
        else:
            pieces.append(fixed)
            repaired += 1
        position = end
    pieces.append(text[position:])
    dominant = max(codecs, key=lambda name: codecs[name])
    return Repair("".join(pieces), dominant, repaired, tuple(unrecovered))
