"""Short, honest labels for sources, verdicts, stances, languages and dates, shared by
the pages, charts, matrix and timeline, in the site's language (`generator.render.i18n`).

Everything here returns plain `str` (but `draft_mark`); callers escape it for the context
they print it in.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale

from generator.corpus.models import UNKNOWN, SourceMeta
from generator.corpus.scale import STANCE_LABELS, Stance, Verdict
from generator.render.i18n import (
    active_language,
    format_date,
    format_partial_date,
    gettext,
)
from generator.render.markup import SafeMarkdown, escape_text

__all__ = [
    "draft_mark",
    "format_date",
    "format_partial_date",
    "language_name",
    "meta_label",
    "opengraph_locale",
    "outlet_label",
    "partial_date_precision",
    "shorten",
    "source_label",
    "stance_label",
    "unknown_date",
    "verdict_description",
    "verdict_label",
]


def unknown_date() -> str:
    """What every page says where an article's date is not known: in the sources list, on
    its page and beside each quote from it (it reads alone in a column and after an
    outlet's name, `Unknown outlet, date unknown`, as a bare `unknown` would not)."""
    return gettext("date unknown")


def outlet_label(outlet: str) -> str:
    """The outlet for lists and attributions; `unknown` written out as such."""
    return gettext("Unknown outlet") if outlet == UNKNOWN else outlet


def verdict_label(verdict: Verdict) -> str:
    """The verdict in words (`False`), in the site's language."""
    return gettext(verdict.label)


def verdict_description(verdict: Verdict) -> str:
    """What the verdict means, in a sentence, in the site's language."""
    return gettext(verdict.description)


def stance_label(stance: Stance) -> str:
    """A citation's stance in words (`Supports`), in the site's language."""
    return gettext(STANCE_LABELS[stance])


def draft_mark() -> SafeMarkdown:
    """How a preview marks a draft claim or source wherever it lists one: in a word,
    outlined by the stylesheet (colour never says it alone)."""
    word = escape_text(gettext("Draft"))
    return SafeMarkdown(f'<span class="fc-draft">{word}</span>')


SHORT_TITLE = 48
"""Characters of a title kept when a source without a named outlet is labelled by its title."""


_PAIRS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u201c": "\u201d",
    "\u2018": "\u2019",
    "\u00ab": "\u00bb",
    '"': '"',
}
"""Brackets and quotation marks a shortened label must not leave open. A straight `'` and a
lone right single quotation mark (U+2019) are apostrophes as often as quotes, so they open
nothing."""
_CLOSERS = frozenset(_PAIRS.values())
_TRAILING = " ,;:.-\u2013\u2014"
"""What a cut label does not end in before its ellipsis."""


def shorten(text: str, limit: int) -> str:
    """`text` with whitespace collapsed, cut at a word boundary to at most `limit` characters.

    The cut is after the last whole word that fits, however short the label gets: a word cut
    inside can read as another word, even its opposite (`A bloodless mission` as `A blood…`),
    which a fact-check's label must not risk. Only a first word longer than the room is cut
    inside it: at a hyphen, dash or slash in it when there is one (`Soldiers-return-from…`),
    else where the room ends, never between a letter and its accent. A cut never leaves a
    bracket or quotation mark open: an unfinished bracketed or quoted part is dropped when the
    words before it fill half of `limit` (`Kim honours the nine sappers who died…`), and
    otherwise closed after the ellipsis (`[Unattributed article citing…]`).
    """
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    head = _cut_at_word(collapsed, limit - 1)
    while True:
        unclosed = _unclosed(head)
        if not unclosed:
            return head + "…"
        before = head[: unclosed[0][0]].rstrip(_TRAILING)
        if len(before) >= limit // 2:
            return before + "…"
        closing = "".join(_PAIRS[opener] for _, opener in reversed(unclosed))
        if len(head) + 1 + len(closing) <= limit:
            return head + "…" + closing
        head = _cut_at_word(head, len(head) - 1)


_BREAKS_IN_A_WORD = "-\u2010\u2013\u2014/"
"""Where a word too long for the whole room is cut, when it has one: before a hyphen, a dash
or a slash, which end a part of it (`Soldiers-return-from…`, `example.org/reports…`)."""
_ZERO_WIDTH_JOINER = "\u200d"


def _cut_at_word(text: str, room: int) -> str:
    """At most `room` characters of `text`, without trailing punctuation, ending at the end of
    its last word that fits; only a first word longer than `room` is cut inside."""
    cut = text[:room]
    if room < len(text) and text[room] != " ":
        cut = cut[
            : _last_break(cut, " ")
            or _last_break(cut, _BREAKS_IN_A_WORD)
            or _whole_characters(text, room)
        ]
    return cut.rstrip(_TRAILING)


def _last_break(cut: str, marks: str) -> int | None:
    """The offset of the last of `marks` in `cut` with a letter or digit before it, if any
    (a break after nothing but punctuation would leave a label of no word)."""
    first_word = next((offset for offset, char in enumerate(cut) if char.isalnum()), len(cut))
    last = max(cut.rfind(mark) for mark in marks)
    return last if last > first_word else None


def _whole_characters(text: str, room: int) -> int:
    """The last offset at most `room` that cuts no accent (a combining mark, a variation
    selector) off its letter and no joined emoji apart."""
    end = room
    while end > 0 and (
        unicodedata.category(text[end]).startswith("M")
        or _ZERO_WIDTH_JOINER in text[end - 1 : end + 1]
    ):
        end -= 1
    return end


def _unclosed(text: str) -> list[tuple[int, str]]:
    """(offset, mark) of each bracket or quotation mark `text` opens and does not close,
    outermost first. A closing mark that closes nothing (`1)`, an apostrophe) is left alone."""
    stack: list[tuple[int, str]] = []
    for offset, char in enumerate(text):
        if stack and char == _PAIRS[stack[-1][1]]:
            stack.pop()
        elif char in _PAIRS and (char not in _CLOSERS or char == '"'):
            stack.append((offset, char))
    return stack


def source_label(outlet: str, published: dt.date | str | None, title: str) -> str:
    """The outlet and date when known (`CaliToday, 12 December 2025`), else a shortened title.

    Two articles from one outlet are told apart by their dates; an article of
    unknown outlet is named by its headline (or the editor's bracketed description).
    """
    if outlet != UNKNOWN:
        if isinstance(published, dt.date):
            # Translators: a source named by its outlet and the article's date.
            return gettext("%(outlet)s, %(date)s", outlet=outlet, date=format_date(published))
        return outlet
    return shorten(title, SHORT_TITLE)


def meta_label(meta: SourceMeta) -> str:
    """`source_label` of a source's front matter."""
    return source_label(meta.outlet, meta.published, meta.title)


def partial_date_precision(value: str) -> str:
    """`year`, `month` or `day`: how much a partial ISO date (`2025`, `2025-08`, `2025-08-06`) says."""
    return ("year", "month", "day")[value.count("-")]


def language_name(tag: str) -> str:
    """`ru` as `Russian (ru)` (`ruso (ru)` on a Spanish site), by CLDR's names (Babel,
    which Material also uses); a tag CLDR does not know stays as it is."""
    name = _cldr_name(tag, active_language().locale)
    return gettext("%(language)s (%(tag)s)", language=name, tag=tag) if name else tag


@functools.cache
def _cldr_name(tag: str, locale: Locale) -> str | None:
    """CLDR's name of the language `tag` in `locale`'s language, or None."""
    try:
        return Locale.parse(tag, sep="-").get_display_name(locale)
    except (UnknownLocaleError, ValueError):
        return None


_LANGUAGE = re.compile(r"[a-z]{2,3}")
_EXTLANG = re.compile(r"[a-z]{3}")
_SCRIPT = re.compile(r"[a-z]{4}")
_COUNTRY = re.compile(r"[a-z]{2}")
_REGION = re.compile(r"[a-z]{2}|[0-9]{3}")


@functools.cache
def opengraph_locale(tag: str) -> str | None:
    """OpenGraph's `language_TERRITORY` for a BCP 47 language tag, or None when it has none.

    `pt-BR` is `pt_BR`; a language without a territory gets the one CLDR's likely
    subtags give it (Babel's data): `en` is `en_US`, `fr` is `fr_FR`, `zh-Hant` is
    `zh_TW`. A region that is not a country (`es-419`, Latin America; CLDR's `eo`,
    Esperanto, is of the world, `001`) or a language CLDR does not know has no territory
    to write.
    """
    language, *rest = tag.lower().split("-")
    if not _LANGUAGE.fullmatch(language) or language == "und":
        return None  # private use (`x-…`), a grandfathered tag (`i-klingon`), undetermined
    if rest and _EXTLANG.fullmatch(rest[0]):
        language = rest.pop(0)  # `zh-yue` is Cantonese, `yue`
    script = rest.pop(0).title() if rest and _SCRIPT.fullmatch(rest[0]) else None
    if rest and _REGION.fullmatch(rest[0]):
        return f"{language}_{rest[0].upper()}" if _COUNTRY.fullmatch(rest[0]) else None
    likely = get_global("likely_subtags")
    for key in _likely_subtags_keys(language, script):
        if key in likely:
            territory = parse_locale(likely[key])[1]
            return (
                f"{language}_{territory}"
                if territory and _COUNTRY.fullmatch(territory.lower())
                else None
            )
    return None


def _likely_subtags_keys(language: str, script: str | None) -> list[str]:
    """Where CLDR's likely subtags may know the language from, most specific first; a
    deprecated code (`sh`, Serbo-Croatian) is also looked up as its replacement (`sr_Latn`)."""
    keys = [f"{language}_{script}", language] if script else [language]
    replacement = get_global("language_aliases").get(language)
    if replacement:
        keys += [replacement, replacement.split("_")[0]]
    return keys
