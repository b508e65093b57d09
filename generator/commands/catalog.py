"""`factcheck catalog`: the gettext catalogs every word of the site's interface comes from.

    factcheck catalog new es      start a catalog for a language, from messages.pot
    factcheck catalog update      extract the strings again; add new ones to every catalog
    factcheck catalog check       refuse what would show English or break a page

The strings are extracted by Babel from the code (`generator/**.py`: `gettext`, `ngettext`,
`pgettext` and their `_markup` forms, and `N_` where a string is defined apart from where it
is printed) and from the templates (`site_templates/**`: `_()`, `{% trans %}`), into
`site_templates/locales/messages.pot`; each language's catalog is
`site_templates/locales/<language>/LC_MESSAGES/messages.po`. No `.mo` file is written: the
build compiles a catalog in memory (`generator.render.i18n`).

`check` reports, as `path:line: error: ...`: an entry without a translation, a fuzzy one, a
translation whose placeholders (`%(name)s`) differ from the English, a plural entry without
the language's number of forms, an entry the code and templates no longer use, and a string
of theirs that a catalog (or messages.pot) lacks. The extraction runs each time: it is
checked, not trusted.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterable, Iterator
from gettext import c2py
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po, write_po

from generator.errors import FactcheckError, Problem, display_path
from generator.render.i18n import (
    LOCALES_DIR,
    SOURCE_LANGUAGE,
    catalog_languages,
    catalog_name,
    catalog_path,
    placeholders,
)

__all__ = [
    "ROOT",
    "CatalogCommandError",
    "check_catalogs",
    "extract",
    "new_catalog",
    "update_catalogs",
]

ROOT = Path(__file__).resolve().parents[2]
"""The folder holding `generator/` and `site_templates/`."""
JINJA = "jinja2.ext:babel_extract"
EXTRACTED: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("generator", (("**.py", "python"),)),
    ("site_templates", (("markdown/**.j2", JINJA), ("overrides/**.html", JINJA))),
)
"""Where the strings are: a folder, and the methods for the files in it."""
JINJA_OPTIONS = {"trimmed": "true", "newstyle_gettext": "true", "silent": "false"}
"""As the templates are rendered (`markup.template_environment`), and a template that
does not parse stops the extraction instead of being skipped."""
KEYWORDS: dict[str, Any] = {
    **DEFAULT_KEYWORDS,
    "gettext_markup": None,
    "ngettext_markup": (1, 2),
    "pgettext_markup": ((1, "c"), 2),
}
COMMENT_TAGS = ("Translators:",)
"""A comment starting so, on the line before a string, goes into the catalogs for the
translators."""
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
"""The catalogs' header dates: the same every time, so `update` changes a file only when
its strings change (git keeps the history)."""
PROJECT = "factcheck"
WIDTH = 88


class CatalogCommandError(FactcheckError):
    """A catalog command cannot do what it was asked (an unknown language, a catalog that is
    already there or missing, one that does not parse)."""

    def __init__(self, message: str, line: int = 1, problem: str = "") -> None:
        super().__init__(message)
        self.line = line
        """Where in the catalog, for one that does not parse."""
        self.problem = problem or message
        """The message without its place."""


MessageKey = tuple[str | None, str]
"""(context, msgid) of an entry."""


def _key(message: Message) -> MessageKey:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context, str(msgid))


# --- extraction ----------------------------------------------------------------------------


def extract(root: Path = ROOT) -> Catalog:
    """Every string of the interface, from the code and the templates under `root`."""
    catalog = _new_catalog(None)
    for folder, methods in EXTRACTED:
        found = extract_from_dir(
            root / folder,
            method_map=methods,
            options_map={pattern: JINJA_OPTIONS for pattern, method in methods if method == JINJA},
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        )
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message,
                None,
                [(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def _new_catalog(locale: Locale | None) -> Catalog:
    return Catalog(
        locale=locale,
        domain="messages",
        project=PROJECT,
        version=None,
        copyright_holder=None,
        msgid_bugs_address=None,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
        header_comment="# The words of the factcheck site's interface (factcheck catalog).",
    )


def _write(catalog: Catalog, path: Path) -> bool:
    """Write `catalog` to `path` as a .po (or .pot) file; whether the file changed."""
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        sort_output=True,
        include_lineno=False,
        omit_header=False,
    )
    data = buffer.getvalue()
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _read(path: Path, locale: str | None = None) -> Catalog:
    try:
        with path.open("rb") as po:
            return read_po(po, locale=locale, abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", 0) or 1
        problem = f"the catalog does not parse: {error}"
        raise CatalogCommandError(
            f"{display_path(path)}:{line}: error: {problem}", line, problem
        ) from error


# --- new and update -------------------------------------------------------------------------


def cldr_locale(language: str) -> Locale:
    """The CLDR locale of a language tag, or a clear error."""
    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError):
        raise CatalogCommandError(
            f"{language!r} is not a language CLDR knows; give a tag like 'es', 'pt-BR' or 'zh-Hant' "
            "(the one mkdocs.yml's theme.language will name)"
        ) from None


def new_catalog(language: str, root: Path = ROOT, locales: Path = LOCALES_DIR) -> Path:
    """Start the catalog of `language` from messages.pot (extracted again first); every
    entry untranslated (but English's, which are their own translation)."""
    locale = cldr_locale(language)
    path = catalog_path(catalog_name(language), locales)
    if path.exists():
        raise CatalogCommandError(
            f"{display_path(path)} is already there; `factcheck catalog update` brings it up "
            "to date"
        )
    template = _updated_template(root, locales)
    catalog = _new_catalog(locale)
    catalog.update(template, no_fuzzy_matching=True)
    if locale.language == SOURCE_LANGUAGE:
        _fill_with_source(catalog)
    _write(catalog, path)
    return path


def update_catalogs(root: Path = ROOT, locales: Path = LOCALES_DIR) -> list[Path]:
    """Extract the strings into messages.pot and bring every catalog up to date with it:
    new strings added untranslated, changed ones marked fuzzy (Babel's guess, for a
    translator to check), unused ones dropped. The files that changed."""
    changed: list[Path] = []
    template = _updated_template(root, locales, changed)
    for name in catalog_languages(locales):
        path = catalog_path(name, locales)
        catalog = _read(path, name)
        # Babel's update adds a new message as the template's own object: each catalog
        # gets a copy, or English's filling-in would translate the others too.
        catalog.update(copy.deepcopy(template))
        catalog.obsolete.clear()
        if catalog.locale is not None and catalog.locale.language == SOURCE_LANGUAGE:
            _fill_with_source(catalog)
        if _write(catalog, path):
            changed.append(path)
    return changed


def _updated_template(root: Path, locales: Path, changed: list[Path] | None = None) -> Catalog:
    template = extract(root)
    path = locales / "messages.pot"
    if _write(template, path) and changed is not None:
        changed.append(path)
    return template


def _fill_with_source(catalog: Catalog) -> None:
    """English is the source language: an entry it has not reworded is its own translation."""
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy or not _translated(message):
            message.string = tuple(message.id) if message.pluralizable else message.id
            message.flags.discard("fuzzy")


# --- check -----------------------------------------------------------------------------------


def check_catalogs(
    languages: Iterable[str] = (), root: Path = ROOT, locales: Path = LOCALES_DIR
) -> list[Problem]:
    """Every problem of the catalogs of `languages` (all of them when empty), and of
    messages.pot, against a fresh extraction from `root`."""
    extracted = {_key(message): message for message in extract(root) if message.id}
    problems = list(_template_problems(extracted, locales / "messages.pot"))
    names = [catalog_name(language) for language in languages] or list(catalog_languages(locales))
    for name in names:
        path = catalog_path(name, locales)
        if not path.is_file():
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"no catalog for {name!r}; start it with `factcheck catalog new {name}`",
                )
            )
            continue
        try:
            catalog = _read(path, name)
        except CatalogCommandError as error:
            problems.append(Problem(path, error.line, 1, error.problem))
            continue
        problems.extend(_catalog_problems(catalog, path, extracted))
    return problems


def _template_problems(extracted: dict[MessageKey, Message], path: Path) -> Iterator[Problem]:
    if not path.is_file():
        yield Problem(path, 1, 1, "messages.pot is missing; run `factcheck catalog update`")
        return
    template = _read(path)
    listed = {_key(message) for message in template if message.id}
    for key in sorted(set(extracted) - listed, key=_sort_key):
        yield Problem(
            path, 1, 1, f"{_describe(key)} is not in messages.pot; run `factcheck catalog update`"
        )
    for message in template:
        if message.id and _key(message) not in extracted:
            yield Problem(
                path,
                message.lineno or 1,
                1,
                f"{_describe(_key(message))} is no longer used; run `factcheck catalog update`",
            )


def _catalog_problems(
    catalog: Catalog, path: Path, extracted: dict[MessageKey, Message]
) -> Iterator[Problem]:
    yield from _plural_problems(catalog, path)
    single = _single_number_forms(catalog)
    present = set()
    for message in catalog:
        if not message.id:
            continue
        key = _key(message)
        present.add(key)
        line = message.lineno or 1
        if key not in extracted:
            yield Problem(
                path,
                line,
                1,
                f"{_describe(key)} is no longer used; `factcheck catalog update` drops it",
            )
            continue
        if message.fuzzy:
            yield Problem(
                path,
                line,
                1,
                f"{_describe(key)} is marked fuzzy: check the translation, then remove the "
                "`#, fuzzy` line",
            )
        if not _translated(message):
            yield Problem(path, line, 1, f"{_describe(key)} has no translation")
            continue
        yield from _placeholder_problems(message, path, line, single)
    for key in sorted(set(extracted) - present, key=_sort_key):
        yield Problem(
            path,
            1,
            1,
            f"{_describe(key)} is missing; run `factcheck catalog update`, then translate it",
        )


def _plural_problems(catalog: Catalog, path: Path) -> Iterator[Problem]:
    """The catalog's plural rule is CLDR's for its language (what `new` writes)."""
    if catalog.locale is None:
        yield Problem(path, 1, 1, "the header names no `Language`")
        return
    expected = get_plural(catalog.locale)
    if catalog.num_plurals != expected.num_plurals:
        yield Problem(
            path,
            1,
            1,
            f"the header's Plural-Forms has nplurals={catalog.num_plurals}, but "
            f"{catalog.locale} has {expected.num_plurals} plural forms: "
            f"`Plural-Forms: {expected.plural_forms}`",
        )


COUNT = "count"
"""The placeholder of the number a plural entry's form is chosen by (`ngettext(..., n,
count=n)`, `{% trans count=n %}`)."""


def _single_number_forms(catalog: Catalog) -> frozenset[int]:
    """The plural forms the language uses for one number alone (English's and Spanish's
    first, for 1; Arabic's first three, for 0, 1 and 2): such a form may write its number
    in words instead of `%(count)s` (`una afirmación`, `مصدران`)."""
    rule = c2py(catalog.plural_expr)
    used = Counter(rule(number) for number in range(1000))
    return frozenset(form for form, times in used.items() if times == 1)


def _translated(message: Message) -> bool:
    strings = _strings(message)
    return bool(strings) and all(text.strip() for text in strings)


def _strings(message: Message) -> tuple[str, ...]:
    """The translation, or each of its plural forms ("" for none)."""
    value = message.string
    if isinstance(value, tuple | list):
        return tuple(text or "" for text in value)
    return (value or "",)


def _placeholder_problems(
    message: Message, path: Path, line: int, single: frozenset[int]
) -> Iterator[Problem]:
    """Each translation (each plural form) has the English's placeholders; a form for one
    number alone may leave `%(count)s` out. (Babel reads as many forms as the header says,
    a missing one empty: it is then reported as untranslated.)"""
    english = message.id if isinstance(message.id, tuple | list) else (message.id,)
    wanted = frozenset().union(*(placeholders(str(text)) for text in english))
    for index, text in enumerate(_strings(message)):
        found = placeholders(text)
        spelled_out = message.pluralizable and index in single and found == wanted - {COUNT}
        if found != wanted and not spelled_out:
            where = f"msgstr[{index}]" if message.pluralizable else "the translation"
            yield Problem(
                path,
                line,
                1,
                f"{_describe(_key(message))}: {where} has the placeholders "
                f"{_names(found)}, the English {_names(wanted)}",
            )


def _names(names: frozenset[str]) -> str:
    return ", ".join(f"%({name})s" for name in sorted(names)) or "none"


def _describe(key: MessageKey) -> str:
    context, msgid = key
    shown = msgid if len(msgid) <= 60 else msgid[:57] + "..."
    return f"{shown!r}" + (f" (context {context!r})" if context else "")


def _sort_key(key: MessageKey) -> tuple[str, str]:
    return (key[0] or "", key[1])
