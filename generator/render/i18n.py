"""The site's language: every word of the interface from gettext catalogs, and CLDR's
formats for dates and numbers (Babel).

The catalogs are `site_templates/locales/<catalog>/LC_MESSAGES/messages.po`, one per
language, made from `messages.pot` beside them (`factcheck catalog`). A catalog is read and
compiled in memory the first time a page in its language is rendered (no `.mo` file, no
network); an untranslated or fuzzy entry shows its English text, and `factcheck catalog
check` refuses both.

The language is mkdocs.yml's `theme.language` (`SiteSettings.language`). Rendering makes it
the active language (`speaking`), and everything that writes words reads it from there:
`gettext` and friends (whose names Babel's extraction knows), `format_date`,
`format_partial_date` and `format_number`. Text comes back as plain `str`, which the page
escapes as it escapes content; `gettext_markup` escapes the translation itself and lets only
values that are `SafeMarkdown` through, so a translation can never add markup.

Placeholders are named, `%(count)s`, in the English text and in every translation (`%%` is a
percent sign); a number given for one is written in the language's digits and separators.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations

from generator.errors import PublishError, display_path
from generator.render import markup
from generator.render.markup import SafeMarkdown, escape_text

__all__ = [
    "CATALOG_FILE",
    "DOMAIN",
    "LOCALES_DIR",
    "N_",
    "SOURCE_LANGUAGE",
    "TEMPLATE_FILE",
    "CatalogError",
    "SiteLanguage",
    "UnknownLanguage",
    "active_language",
    "catalog_languages",
    "catalog_name",
    "catalog_path",
    "format_date",
    "format_number",
    "format_partial_date",
    "gettext",
    "gettext_markup",
    "ngettext",
    "ngettext_markup",
    "pgettext",
    "site_language",
    "speaking",
    "template_environment",
]

LOCALES_DIR = Path(__file__).resolve().parents[2] / "site_templates" / "locales"
"""Where the catalogs are: `<catalog>/LC_MESSAGES/messages.po`, and `messages.pot`."""
DOMAIN = "messages"
TEMPLATE_FILE = LOCALES_DIR / f"{DOMAIN}.pot"
"""Every string of the interface, as extraction finds it (`factcheck catalog update`)."""
CATALOG_FILE = Path("LC_MESSAGES") / f"{DOMAIN}.po"
SOURCE_LANGUAGE = "en"
"""The language the templates and the code are written in."""
FORMAT_LOCALES = {"en": "en-001"}
"""The CLDR locale of a language's dates and numbers where it is not the language itself:
English as written worldwide (CLDR's `en_001`: `23 November 2026`), not in the United
States' order."""


class CatalogError(PublishError):
    """A catalog cannot be read: `path:line: error: ...`."""


class UnknownLanguage(ValueError):
    """A language without a catalog, or one CLDR does not know."""


def catalog_name(tag: str) -> str:
    """The catalog folder for a BCP 47 tag as Material spells it: `pt-BR` is `pt_BR`."""
    return tag.replace("-", "_")


def catalog_path(catalog: str, locales: Path = LOCALES_DIR) -> Path:
    """The `.po` file of a catalog."""
    return locales / catalog / CATALOG_FILE


def catalog_languages(locales: Path = LOCALES_DIR) -> tuple[str, ...]:
    """The catalogs there are, by folder name, sorted."""
    if not locales.is_dir():
        return ()
    return tuple(sorted(path.name for path in locales.iterdir() if (path / CATALOG_FILE).is_file()))


def _catalog_for(tag: str, locales: Path) -> str | None:
    """The catalog a tag uses: its own (`pt_BR`), else its language's (`pt`)."""
    available = catalog_languages(locales)
    for name in (catalog_name(tag), tag.split("-")[0]):
        if name in available:
            return name
    return None


@dataclass(frozen=True)
class SiteLanguage:
    """One language of the interface: its translations and its CLDR locale."""

    tag: str
    """`theme.language`, e.g. `ru` or `pt-BR`."""
    catalog: str
    """The catalog it reads, e.g. `ru`."""
    translations: Translations
    """The catalog, compiled (fuzzy entries left out)."""
    locale: Locale
    """CLDR's data for dates, numbers, plural rules and the writing direction."""

    @property
    def direction(self) -> str:
        """`rtl` for a language written right to left (Arabic, Hebrew), else `ltr`."""
        return markup.direction(self.tag)

    def date(self, value: dt.date) -> str:
        """A day in CLDR's long form: `23 November 2026`, `23 de noviembre de 2026`."""
        return babel_format_date(value, "long", locale=self.locale)

    def partial_date(self, value: str) -> str:
        """A partial ISO date (`2025`, `2025-08`, `2025-08-06`) in words, no more
        precise than it is: `2025`, `August 2025`, `6 August 2025`."""
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 3:
            return self.date(dt.date(*parts))
        first_day = dt.date(parts[0], parts[1] if len(parts) == 2 else 1, 1)
        return format_skeleton("yMMMM" if len(parts) == 2 else "y", first_day, locale=self.locale)

    def number(self, value: float) -> str:
        """A number with the language's separators, every digit it has kept: `42,400`,
        `42 400`, `2,5`."""
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            value = int(value)
        return format_decimal(value, locale=self.locale, decimal_quantization=False)


def site_language(tag: str, locales: Path = LOCALES_DIR) -> SiteLanguage:
    """The language `tag` with its catalog; raises `UnknownLanguage` when there is no
    catalog for it, `CatalogError` when its catalog cannot be read."""
    catalog = _catalog_for(tag, locales)
    if catalog is None:
        raise UnknownLanguage(
            f"no catalog for {tag!r} in {display_path(locales)}; "
            f"languages available: {', '.join(catalog_languages(locales)) or 'none'}"
        )
    path = catalog_path(catalog, locales)
    stat = path.stat()
    return _loaded(tag, catalog, path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _loaded(tag: str, catalog: str, path: Path, mtime: int, size: int) -> SiteLanguage:
    """`site_language`, read once while the file does not change."""
    try:
        locale = Locale.parse(FORMAT_LOCALES.get(tag, tag), sep="-")
    except (UnknownLocaleError, ValueError) as error:
        raise UnknownLanguage(f"CLDR does not know the language {tag!r}") from error
    return SiteLanguage(tag, catalog, compiled_catalog(path), locale)


def compiled_catalog(path: Path) -> Translations:
    """A `.po` file compiled in memory, fuzzy entries left out."""
    try:
        with path.open("rb") as po:
            catalog = read_po(po, abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", 0) or 1
        raise CatalogError(f"{display_path(path)}:{line}: error: {error}") from error
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


# --- the active language ----------------------------------------------------------------

_ACTIVE: contextvars.ContextVar[SiteLanguage | None] = contextvars.ContextVar(
    "site_language", default=None
)


def active_language() -> SiteLanguage:
    """The language being rendered (`speaking`); English when none is."""
    return _ACTIVE.get() or site_language(SOURCE_LANGUAGE)


@contextlib.contextmanager
def speaking(language: str | SiteLanguage) -> Iterator[SiteLanguage]:
    """Make `language` (a tag, or one already loaded) the active one while the block runs."""
    loaded = site_language(language) if isinstance(language, str) else language
    token = _ACTIVE.set(loaded)
    try:
        yield loaded
    finally:
        _ACTIVE.reset(token)


# --- words ---------------------------------------------------------------------------------


def N_(message: str) -> str:
    """Marks `message` for the catalogs where it is defined (`scale.py`'s labels are); it
    is translated where it is printed."""
    return message


def gettext(message: str, /, **values: object) -> str:
    """`message` in the active language, its placeholders filled with `values`."""
    return _filled(active_language().translations.gettext(message), values, markup=False)


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The form of `singular`/`plural` the active language uses for `count`, filled."""
    text = active_language().translations.ngettext(singular, plural, count)
    return _filled(text, values, markup=False)


def pgettext(context: str, message: str, /, **values: object) -> str:
    """`gettext` of a `message` that means one thing in `context` (a word that a
    file name stands for, say)."""
    text = str(active_language().translations.pgettext(context, message))
    return _filled(text, values, markup=False)


def gettext_markup(message: str, /, **values: object) -> SafeMarkdown:
    """`gettext`, as Markdown: the translation escaped, values escaped unless SafeMarkdown."""
    return SafeMarkdown(
        _filled(active_language().translations.gettext(message), values, markup=True)
    )


def ngettext_markup(singular: str, plural: str, count: int, /, **values: object) -> SafeMarkdown:
    """`ngettext`, as Markdown (see `gettext_markup`)."""
    text = active_language().translations.ngettext(singular, plural, count)
    return SafeMarkdown(_filled(text, values, markup=True))


def pgettext_markup(context: str, message: str, /, **values: object) -> SafeMarkdown:
    """`pgettext`, as Markdown (see `gettext_markup`)."""
    text = str(active_language().translations.pgettext(context, message))
    return SafeMarkdown(_filled(text, values, markup=True))


_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
"""A named placeholder, or `%%` for a percent sign."""


def placeholders(text: str) -> frozenset[str]:
    """The names of the placeholders in a message."""
    return frozenset(match[1] for match in _PLACEHOLDER.finditer(text) if match[1])


def _filled(text: str, values: Mapping[str, object], *, markup: bool) -> str:
    """`text` with each `%(name)s` replaced by its value and `%%` by `%`; with `markup`,
    the text escaped and each value escaped unless it is `SafeMarkdown`."""
    parts: list[str] = []
    end = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.append(_literal(text[end : match.start()], markup))
        if match[1] is None:
            parts.append(_literal("%", markup))
        else:
            parts.append(_value(match[1], values, markup))
        end = match.end()
    parts.append(_literal(text[end:], markup))
    return "".join(parts)


def _literal(text: str, markup: bool) -> str:
    return escape_text(text, strip=False) if markup else text


def _value(name: str, values: Mapping[str, object], markup: bool) -> str:
    if name not in values:
        raise ValueError(f"no value for the placeholder %({name})s")
    value = values[name]
    if isinstance(value, bool) or value is None:
        raise TypeError(f"placeholder %({name})s given {value!r}; give text or a number")
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, SafeMarkdown):
        return value
    if not isinstance(value, str):
        raise TypeError(f"placeholder %({name})s given a {type(value).__name__}")
    return escape_text(value, strip=False) if markup else value


# --- formats -------------------------------------------------------------------------------


def format_date(value: dt.date) -> str:
    """A day in the active language's long form (`23 November 2026`)."""
    return active_language().date(value)


def format_partial_date(value: str) -> str:
    """A partial ISO date in the active language, no more precise than it is."""
    return active_language().partial_date(value)


def format_number(value: float) -> str:
    """A number in the active language's digits and separators, every digit kept."""
    return active_language().number(value)


# --- templates -----------------------------------------------------------------------------


def finalize(value: object) -> str:
    """`markup.finalize`, numbers written in the active language (`1,234`, `1 234`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return escape_text(format_number(value))
    return markup.finalize(value)


TEMPLATE_GETTEXT = {
    "_": gettext_markup,
    "gettext": gettext_markup,
    "ngettext": ngettext_markup,
    "pgettext": pgettext_markup,
}
"""What `_()`, `{% trans %}` and `{% pluralize %}` call in a template: translations as
Markdown, escaped (`gettext_markup`)."""


def template_environment(directory: Path) -> jinja2.Environment:
    """`markup.cached_template_environment` of `directory`, speaking the active language:
    its gettext functions are ours (named placeholders, escaped results: Jinja2's
    "newstyle" calls), and numbers print in the language's digits and separators."""
    environment = markup.cached_template_environment(directory, finalize)
    environment.globals.update(TEMPLATE_GETTEXT)
    environment.newstyle_gettext = True  # type: ignore[attr-defined]  # set by jinja2.ext.i18n
    return environment
