"""Whether a quote gives a figure: in digits (42,400; 1.5 million) or in English words.

Validation warns when the quote of a reported figure does not give its value.
"""

from __future__ import annotations

import math
import re

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS: dict[str, float] = {word: float(n) for n, word in enumerate(_UNITS)}
_NUMBER_WORDS |= {word: float(20 + 10 * n) for n, word in enumerate(_TENS)}
_NUMBER_WORDS |= {"a": 1, "an": 1, "dozen": 12, "half": 0.5}
_SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_FIGURE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|\b("
    + "|".join(sorted(_NUMBER_WORDS | _SCALE_WORDS, key=len, reverse=True))
    + r")(?:-("
    + "|".join(_UNITS[1:10])
    + r"))?\b",
    re.IGNORECASE,
)


def says_number(quote: str, value: float) -> bool:
    """Whether `quote` gives `value`: in digits (42,400; 1.5 million; 120-day) or in
    words (nine; twenty-five; three hundred)."""
    return any(math.isclose(abs(value), number, rel_tol=1e-9) for number in _numbers_in(quote))


def _numbers_in(quote: str) -> list[float]:
    """Every number `quote` writes, and each one times the scale word right after it
    (`1.5 million` gives 1.5 and 1,500,000)."""
    found: list[float] = []
    tokens = list(_FIGURE.finditer(quote))
    for index, token in enumerate(tokens):
        number = _value_of(token)
        found.append(number)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if (
            following is not None
            and following.group(2)
            and following.group(2).lower() in _SCALE_WORDS
            and not quote[token.end() : following.start()].strip()
        ):
            found.append(number * _SCALE_WORDS[following.group(2).lower()])
    return found


def _value_of(token: re.Match[str]) -> float:
    """The number one match of `_FIGURE` writes (`42,400`, `twenty-five`, `hundred`)."""
    digits, word, unit = token.groups()
    if digits is not None:
        return float(re.sub(r"[,\u00a0\u202f ]", "", digits))
    number = _SCALE_WORDS.get(word.lower()) or _NUMBER_WORDS[word.lower()]
    return number + (_UNITS.index(unit.lower()) if unit else 0)
