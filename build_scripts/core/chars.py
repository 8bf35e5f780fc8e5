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
# The unified ideographs of the Basic Multilingual Plane (extension A and the main block): the
# characters jieba's dictionary and the frequency lists are made of (suggest.py proposes words of
# these only).
HAN_BASIC = "\u3400-\u4dbf\u4e00-\u9fff"
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
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
# Every combining mark (Unicode categories Mn, Mc and Me, in Unicode 14.0, this Python's): a mark
# drawn on a character changes how it reads (明\u0489显), so it is wording. Generated from
# unicodedata; tests/pipeline/test_input.py checks that it is every mark this Python knows.
MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0610-\u061a"
    "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0711\u0730-\u074a"
    "\u07a6-\u07b0\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d\u0859-\u085b"
    "\u0898-\u089f\u08ca-\u08e1\u08e3-\u0903\u093a-\u093c\u093e-\u094f\u0951-\u0957\u0962-\u0963"
    "\u0981-\u0983\u09bc\u09be-\u09c4\u09c7-\u09c8\u09cb-\u09cd\u09d7\u09e2-\u09e3\u09fe\u0a01-\u0a03"
    "\u0a3c\u0a3e-\u0a42\u0a47-\u0a48\u0a4b-\u0a4d\u0a51\u0a70-\u0a71\u0a75\u0a81-\u0a83\u0abc"
    "\u0abe-\u0ac5\u0ac7-\u0ac9\u0acb-\u0acd\u0ae2-\u0ae3\u0afa-\u0aff\u0b01-\u0b03\u0b3c\u0b3e-\u0b44"
    "\u0b47-\u0b48\u0b4b-\u0b4d\u0b55-\u0b57\u0b62-\u0b63\u0b82\u0bbe-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcd"
    "\u0bd7\u0c00-\u0c04\u0c3c\u0c3e-\u0c44\u0c46-\u0c48\u0c4a-\u0c4d\u0c55-\u0c56\u0c62-\u0c63"
    "\u0c81-\u0c83\u0cbc\u0cbe-\u0cc4\u0cc6-\u0cc8\u0cca-\u0ccd\u0cd5-\u0cd6\u0ce2-\u0ce3\u0d00-\u0d03"
    "\u0d3b-\u0d3c\u0d3e-\u0d44\u0d46-\u0d48\u0d4a-\u0d4d\u0d57\u0d62-\u0d63\u0d81-\u0d83\u0dca"
    "\u0dcf-\u0dd4\u0dd6\u0dd8-\u0ddf\u0df2-\u0df3\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc"
    "\u0ec8-\u0ecd\u0f18-\u0f19\u0f35\u0f37\u0f39\u0f3e-\u0f3f\u0f71-\u0f84\u0f86-\u0f87\u0f8d-\u0f97"
    "\u0f99-\u0fbc\u0fc6\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074"
    "\u1082-\u108d\u108f\u109a-\u109d\u135d-\u135f\u1712-\u1715\u1732-\u1734\u1752-\u1753\u1772-\u1773"
    "\u17b4-\u17d3\u17dd\u180b-\u180d\u180f\u1885-\u1886\u18a9\u1920-\u192b\u1930-\u193b\u1a17-\u1a1b"
    "\u1a55-\u1a5e\u1a60-\u1a7c\u1a7f\u1ab0-\u1ace\u1b00-\u1b04\u1b34-\u1b44\u1b6b-\u1b73\u1b80-\u1b82"
    "\u1ba1-\u1bad\u1be6-\u1bf3\u1c24-\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce8\u1ced\u1cf4\u1cf7-\u1cf9"
    "\u1dc0-\u1dff\u20d0-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u302a-\u302f\u3099-\u309a\ua66f-\ua672"
    "\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1\ua802\ua806\ua80b\ua823-\ua827\ua82c\ua880-\ua881"
    "\ua8b4-\ua8c5\ua8e0-\ua8f1\ua8ff\ua926-\ua92d\ua947-\ua953\ua980-\ua983\ua9b3-\ua9c0\ua9e5"
    "\uaa29-\uaa36\uaa43\uaa4c-\uaa4d\uaa7b-\uaa7d\uaab0\uaab2-\uaab4\uaab7-\uaab8\uaabe-\uaabf\uaac1"
    "\uaaeb-\uaaef\uaaf5-\uaaf6\uabe3-\uabea\uabec-\uabed\ufb1e\ufe00-\ufe0f\ufe20-\ufe2f\U000101fd"
    "\U000102e0\U00010376-\U0001037a\U00010a01-\U00010a03\U00010a05-\U00010a06\U00010a0c-\U00010a0f"
    "\U00010a38-\U00010a3a\U00010a3f\U00010ae5-\U00010ae6\U00010d24-\U00010d27\U00010eab-\U00010eac"
    "\U00010f46-\U00010f50\U00010f82-\U00010f85\U00011000-\U00011002\U00011038-\U00011046\U00011070"
    "\U00011073-\U00011074\U0001107f-\U00011082\U000110b0-\U000110ba\U000110c2\U00011100-\U00011102"
    "\U00011127-\U00011134\U00011145-\U00011146\U00011173\U00011180-\U00011182\U000111b3-\U000111c0"
    "\U000111c9-\U000111cc\U000111ce-\U000111cf\U0001122c-\U00011237\U0001123e\U000112df-\U000112ea"
    "\U00011300-\U00011303\U0001133b-\U0001133c\U0001133e-\U00011344\U00011347-\U00011348"
    "\U0001134b-\U0001134d\U00011357\U00011362-\U00011363\U00011366-\U0001136c\U00011370-\U00011374"
    "\U00011435-\U00011446\U0001145e\U000114b0-\U000114c3\U000115af-\U000115b5\U000115b8-\U000115c0"
    "\U000115dc-\U000115dd\U00011630-\U00011640\U000116ab-\U000116b7\U0001171d-\U0001172b"
    "\U0001182c-\U0001183a\U00011930-\U00011935\U00011937-\U00011938\U0001193b-\U0001193e\U00011940"
    "\U00011942-\U00011943\U000119d1-\U000119d7\U000119da-\U000119e0\U000119e4\U00011a01-\U00011a0a"
    "\U00011a33-\U00011a39\U00011a3b-\U00011a3e\U00011a47\U00011a51-\U00011a5b\U00011a8a-\U00011a99"
    "\U00011c2f-\U00011c36\U00011c38-\U00011c3f\U00011c92-\U00011ca7\U00011ca9-\U00011cb6"
    "\U00011d31-\U00011d36\U00011d3a\U00011d3c-\U00011d3d\U00011d3f-\U00011d45\U00011d47"
    "\U00011d8a-\U00011d8e\U00011d90-\U00011d91\U00011d93-\U00011d97\U00011ef3-\U00011ef6"
    "\U00016af0-\U00016af4\U00016b30-\U00016b36\U00016f4f\U00016f51-\U00016f87\U00016f8f-\U00016f92"
    "\U00016fe4\U00016ff0-\U00016ff1\U0001bc9d-\U0001bc9e\U0001cf00-\U0001cf2d\U0001cf30-\U0001cf46"
    "\U0001d165-\U0001d169\U0001d16d-\U0001d172\U0001d17b-\U0001d182\U0001d185-\U0001d18b"
    "\U0001d1aa-\U0001d1ad\U0001d242-\U0001d244\U0001da00-\U0001da36\U0001da3b-\U0001da6c\U0001da75"
    "\U0001da84\U0001da9b-\U0001da9f\U0001daa1-\U0001daaf\U0001e000-\U0001e006\U0001e008-\U0001e018"
    "\U0001e01b-\U0001e021\U0001e023-\U0001e024\U0001e026-\U0001e02a\U0001e130-\U0001e136\U0001e2ae"
    "\U0001e2ec-\U0001e2ef\U0001e8d0-\U0001e8d6\U0001e944-\U0001e94a\U000e0100-\U000e01ef"
)
# Signs that change the number they stand beside (−2, 2＋, 1﹣3): edition.NUMBER_RE.
SIGNS = "+-±−∓×÷=<>~≈≠≤≥＋－＝＜＞～﹢﹣﹤﹥﹦"
# Beyond letters and digits (Python's \w, of any script: ０ U+FF10 is a digit), what counts as
# wording: percent signs, combining marks, radicals and strokes, enclosed and squared letters and
# ideographs (① ㈠ ㎏), letter-like symbols (℃ №), the Han blocks whole (a code point this Python
# does not know yet may be a character to a newer font), and private-use characters, whose look
# depends on a font.
WORDING_EXTRA = (
    HAN + "%\uff05\ufe6a" + MARKS + RADICALS + "\u2100-\u218f\u2460-\u24ff\u3200-\u33ff\U0001f100-\U0001f2ff"
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


@lru_cache(maxsize=65536)
def strip_tones(text: str) -> str:
    """`text` without its combining marks (pinyin's tone marks): Píng'ān → Ping'an."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


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
