"""Classes of characters in Chinese text (Han, look-alikes, invisible) → regex classes, and a name for a character."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Unified ideographs, the extensions (A–I), and the compatibility ideographs (F900–FAFF, 2F800–2FA1F),
# which NFKC maps onto unified ones: written as a regex character class's ranges.
HAN = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U0002ebf0-\U0002ee5f"
    "\U0002f800-\U0002fa1f\U00030000-\U000323af"
)
COMPAT_IDEOGRAPHS = "\uf900-\ufaff\U0002f800-\U0002fa1f"
# Kangxi radicals and the radicals supplement (⽆ U+2F46 looks like 无), ideographic description
# characters and CJK strokes: symbols, not ideographs, yet drawn like parts of Han characters.
RADICALS = "\u2e80-\u2eff\u2f00-\u2fdf\u2ff0-\u2fff\u31c0-\u31ef"
# Characters that show nothing, or change how the text around them is shown, and that nobody types
# on purpose in an article or a glossary: C0 and C1 controls except tab and newline, zero-width
# characters, the word joiner, bidirectional controls, variation selectors, the byte order mark
# inside text, Hangul fillers (drawn as blanks), interlinear annotation and tag characters.
INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
# Beyond letters and digits (Python's \w, of any script: ０ U+FF10 is a digit), what counts as
# wording: percent signs, combining marks, radicals and strokes, enclosed and squared letters and
# ideographs (① ㈠ ㎏), letter-like symbols (℃ №), the Han blocks whole (a code point this Python
# does not know yet may be a character to a newer font), and private-use characters, whose look
# depends on a font.
WORDING_EXTRA = (
    HAN + "%\uff05\ufe6a"
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u302a-\u302f\u3099\u309a"
    + RADICALS
    + "\u2100-\u218f\u2460-\u24ff\u3200-\u33ff\U0001f100-\U0001f2ff"
    "\ue000-\uf8ff\U000f0000-\U0010ffff"
)
HAN_RE = re.compile(f"[{HAN}]")
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Controls have no Unicode name; these are their aliases.
_C0_NAMES = (
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "FILE SEPARATOR",
    "GROUP SEPARATOR",
    "RECORD SEPARATOR",
    "UNIT SEPARATOR",
)


def describe(ch: str) -> str:
    """`U+200B ZERO WIDTH SPACE`: the code point and its Unicode name (controls have none: their alias)."""
    cp = ord(ch)
    if cp < 0x20:
        name = _C0_NAMES[cp]
    elif cp == 0x7F:
        name = "DELETE"
    elif 0x80 <= cp <= 0x9F:
        name = "C1 CONTROL"
    else:
        name = unicodedata.name(ch, "") or _unnamed(cp)
    return f"U+{cp:04X} {name}"


def _unnamed(cp: int) -> str:
    if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:
        return "PRIVATE USE"
    return "UNASSIGNED" if unicodedata.category(chr(cp)) == "Cn" else "UNNAMED"


def is_han(ch: str) -> bool:
    return HAN_RE.match(ch) is not None


def lookalike(ch: str) -> str | None:
    """What `ch` is drawn like, if it is a look-alike of a more usual character (full-width letters and
    digits, compatibility ideographs, radicals with a decomposition): its NFKC form; else None."""
    folded = _nfkc(ch)
    return folded if folded != ch else None


@lru_cache(maxsize=4096)
def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def fold(text: str) -> str:
    """`text` as a reader sees it: invisible characters removed, compatibility forms (full-width,
    radicals, compatibility ideographs) replaced by what they look like. Two forms that fold alike
    cannot be told apart on the page."""
    return unicodedata.normalize("NFKC", INVISIBLE_RE.sub("", text))


def invisible(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of every invisible character in `text`, 1-based; a byte order mark
    opening the text is not one (textio removes it when it reads a file)."""
    found = []
    if not INVISIBLE_RE.search(text):
        return []
    for lineno, line in enumerate(text.split("\n"), 1):
        for m in INVISIBLE_RE.finditer(line):
            found.append((lineno, m.start() + 1, m.group(0)))
    return found
