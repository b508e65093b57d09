"""Site-wide settings the renderer needs, read from mkdocs.yml.

mkdocs.yml is the one place the site's name, address and publisher are written;
the renderer reads them from there so the pages, the ClaimReview JSON-LD and the
data export can never disagree with what MkDocs publishes. The file is read with
`yaml.safe_load`: it must not use Python tags (`!!python/...`) or MkDocs' `!ENV`.
A setting that is missing or wrong is reported as `mkdocs.yml:line:col: error: ...`,
at the value (or, for a missing one, at the key that should hold it): a `theme.language`
without a catalog too, naming the languages there are (`generator.render.i18n`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click
import yaml
from yaml.constructor import ConstructorError

from generator.corpus.models import LANGUAGE_PATTERN
from generator.errors import PublishError, display_path
from generator.render.i18n import LOCALES_DIR, catalog_languages, catalog_name
from generator.render.report_links import EMAIL_ADDRESS, ReportChannel, default_channel

__all__ = [
    "Edition",
    "PlacedSettingsError",
    "SettingsError",
    "SiteSettings",
    "load_settings",
    "settings_from_mapping",
]

_HTTP_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(/\S*)?$")
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_CORRECTIONS_KEYS = ("email", "url")
_EDITION_KEYS = ("name", "link", "lang", "content")
_EDITION_LINK = re.compile(r"^(?:https?://[^\s/?#]+\.[^\s/?#]+(/\S*)?|/\S*)$")
"""Where an edition is: an absolute http(s) address, or a path from this server's root."""
PERSON_AUTHOR = "person"
ORGANIZATION_AUTHOR = "organization"
CLAIMREVIEW_AUTHORS = (PERSON_AUTHOR, ORGANIZATION_AUTHOR)
"""What ClaimReview's `author` may be (`extra.claimreview_author`)."""

KeyPath = tuple[str, ...]
Place = tuple[str | int, ...]
"""A setting, or an item of a list setting (its index)."""

MOVED_EXTENSIONS = {
    "generator.table_headers": "generator.publish.extensions.table_headers",
    "generator.heading_toc": "generator.publish.extensions.heading_toc",
}
"""Our Markdown extensions that mkdocs.yml names by module path, from their old path to
the new one (they moved into the publish stage)."""


class SettingsError(PublishError, ValueError):
    """mkdocs.yml lacks a setting the renderer needs, or has one of the wrong shape.

    A build that meets one publishes nothing (a `PublishError`). `load_settings` gives
    the message its place, `path:line:col: error: ...`, shown as it is (no "Error: ").
    """

    def __init__(self, message: str, at: Place = (), *, key: bool = False) -> None:
        super().__init__(message)
        self.at = at
        """The setting at fault, e.g. ("extra", "corrections", "url"); () for the whole file."""
        self.key = key
        """Point at the setting's key (a missing or unknown setting), not at its value."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), file=file, err=file is None)


class PlacedSettingsError(SettingsError):
    """A `SettingsError` that `load_settings` placed in its file."""

    def __init__(
        self, path: Path, line: int, col: int, problem: str, error: SettingsError | None = None
    ) -> None:
        super().__init__(
            f"{display_path(path)}:{line}:{col}: error: {problem}",
            error.at if error is not None else (),
            key=error.key if error is not None else False,
        )
        self.path = path
        self.line = line
        self.col = col
        self.problem = problem
        """The message alone, without its place."""


@dataclass(frozen=True)
class Edition:
    """Another language edition of the site (mkdocs.yml's `extra.alternate`, Material's
    language selector), or this one."""

    language: str
    """`lang`: its language tag, e.g. `es`."""
    name: str
    """`name`: what the language selector calls it, e.g. `Español`."""
    link: str
    """`link`: its home page, an absolute http(s) address or a path from the server's root,
    ending in `/`."""
    content: Path | None = None
    """`content`: its content folder (relative to mkdocs.yml), when this checkout has it:
    claims' `translations` into this edition are checked against it."""

    def page_url(self, page_path: str) -> str:
        """The address of a page of this edition, by its path from the site's root."""
        return self.link + page_path


@dataclass(frozen=True)
class SiteSettings:
    """What the renderer needs to know about the site."""

    site_name: str
    """`site_name`: the site's title."""
    site_url: str
    """`site_url`: absolute http(s) address of the public site, always ending in `/`."""
    description: str
    """`site_description`, or an empty string."""
    publisher_name: str
    """`extra.publisher.name`: the organisation that publishes the fact-checks."""
    publisher_url: str
    """`extra.publisher.url`: its web address."""
    use_directory_urls: bool = True
    """`use_directory_urls`: whether `claims/x.md` is served as `claims/x/`."""
    language: str = "en"
    """`theme.language`: the language of the pages (Material's `<html lang>`); text in
    another language is marked with its own `lang`."""
    copyright: str = ""
    """`copyright`: the rights statement in the footer, or an empty string; the data page repeats it."""
    corrections: ReportChannel | None = None
    """`extra.corrections`: where readers report an error or appeal a verdict; None when
    it is not set (`report_channel` then picks the default)."""
    repo_url: str = ""
    """`repo_url`: the site's source repository, or an empty string."""
    editions: tuple[Edition, ...] = ()
    """`extra.alternate`: the site's language editions, this one among them as a rule; empty
    for a site in one language."""
    claimreview_author: str = PERSON_AUTHOR
    """`extra.claimreview_author`: who ClaimReview names as the author of a fact-check:
    `person` (the default: the claim's authors, each a Person who works for the
    publisher) or `organization` (the publisher)."""
    include_drafts: bool = False
    """Render draft claims and sources too, each marked as a draft: `factcheck serve`'s
    preview only. Never read from mkdocs.yml, so `factcheck build` cannot publish a draft;
    the exports (feed, api/) leave drafts out whatever this says."""

    def other_editions(self) -> tuple[Edition, ...]:
        """The editions in another language than this site's."""
        return tuple(e for e in self.editions if e.language != self.language)

    @property
    def report_channel(self) -> ReportChannel:
        """`corrections`, or by default the issue tracker of a GitHub `repo_url`, or else
        the publisher's website: a reader always has somewhere to write, and no address
        is ever made up."""
        if self.corrections is not None:
            return self.corrections
        return default_channel(self.repo_url, self.publisher_url)

    def page_url(self, markdown_path: str) -> str:
        """Absolute public URL of the page rendered from `markdown_path` (e.g. `claims/x.md`)."""
        return self.site_url + self.page_path(markdown_path)

    def page_path(self, markdown_path: str) -> str:
        """The page's path relative to the site root, as MkDocs will publish it."""
        stem = markdown_path.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/" if self.use_directory_urls else f"{stem}.html"


def load_settings(mkdocs_yml: Path) -> SiteSettings:
    """Read `SiteSettings` from an mkdocs.yml file."""
    text = Path(mkdocs_yml).read_text(encoding="utf-8")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        line, col, problem = _yaml_problem(error)
        raise PlacedSettingsError(Path(mkdocs_yml), line, col, problem) from error
    if not isinstance(raw, Mapping):
        raise PlacedSettingsError(
            Path(mkdocs_yml),
            1,
            1,
            "expected a mapping of settings (`site_name: ...`) at the top level",
        )
    try:
        return settings_from_mapping(raw, Path(mkdocs_yml).parent)
    except SettingsError as error:
        line, col = _position(yaml.compose(text, Loader=yaml.SafeLoader), error.at, error.key)
        raise PlacedSettingsError(Path(mkdocs_yml), line, col, error.message, error) from error


def settings_from_mapping(raw: Mapping[str, object], base: Path = Path()) -> SiteSettings:
    """`SiteSettings` from an already parsed mkdocs.yml (in the folder `base`, which the
    editions' `content` folders are relative to)."""
    _refuse_moved_extensions(raw.get("markdown_extensions"))
    extra = _mapping(raw, ("extra",))
    publisher = _mapping(extra, ("extra", "publisher"))
    return SiteSettings(
        site_name=_text(raw, ("site_name",)),
        site_url=_with_trailing_slash(_url(raw, ("site_url",))),
        description=_text(raw, ("site_description",), required=False),
        publisher_name=_text(publisher, ("extra", "publisher", "name")),
        publisher_url=_url(publisher, ("extra", "publisher", "url")),
        use_directory_urls=_flag(raw, ("use_directory_urls",), default=True),
        language=_language(raw.get("theme")),
        copyright=_text(raw, ("copyright",), required=False),
        corrections=_corrections(extra),
        repo_url=_text(raw, ("repo_url",), required=False),
        editions=_editions(extra, base),
        claimreview_author=_choice(
            extra, ("extra", "claimreview_author"), CLAIMREVIEW_AUTHORS, PERSON_AUTHOR
        ),
    )


def _choice(raw: Mapping[str, object], at: KeyPath, choices: tuple[str, ...], default: str) -> str:
    """One of `choices`, or `default` when the setting is absent."""
    value = raw.get(at[-1], default)
    if value not in choices:
        raise SettingsError(
            f"`{_dotted(at)}` must be one of {', '.join(choices)}, not {value!r}", at
        )
    return str(value)


def _refuse_moved_extensions(extensions: object) -> None:
    """An mkdocs.yml written before the extensions moved names their new paths."""
    if not isinstance(extensions, list):
        return
    for index, entry in enumerate(extensions):
        name = next(iter(entry), None) if isinstance(entry, Mapping) else entry
        if isinstance(name, str) and name in MOVED_EXTENSIONS:
            raise SettingsError(
                f"the Markdown extension `{name}` is now `{MOVED_EXTENSIONS[name]}`; "
                "write that name in `markdown_extensions`",
                ("markdown_extensions", index),
            )


def _corrections(extra: Mapping[str, object]) -> ReportChannel | None:
    """`extra.corrections`: `email`, `url` or both; None when the key is absent."""
    at = ("extra", "corrections")
    if "corrections" not in extra:
        return None
    value = extra["corrections"]
    example = "e.g. `corrections: {email: corrections@example.org}`"
    if not isinstance(value, Mapping):
        raise SettingsError(
            f"`extra.corrections` must be a mapping with an `email`, a `url` or both, {example}"
            " (or leave it out for the default: see docs/manual/configuration.md)",
            at,
        )
    for key in value:
        if key not in _CORRECTIONS_KEYS:
            raise SettingsError(
                f"unknown setting `extra.corrections.{key}`; use `email` (an address for mail) "
                "or `url` (an http(s) page, such as an issue tracker or a form)",
                (*at, str(key)),
                key=True,
            )
    if not value:
        raise SettingsError(
            f"`extra.corrections` names no channel: give an `email`, a `url` or both, {example}"
            " (or leave it out for the default: see docs/manual/configuration.md)",
            at,
        )
    email = _email(value, (*at, "email")) if "email" in value else ""
    url = _url(value, (*at, "url")) if "url" in value else ""
    return ReportChannel(email=email, url=url)


def _email(raw: Mapping[str, object], at: KeyPath) -> str:
    value = _text(raw, at)
    if not EMAIL_ADDRESS.fullmatch(value):
        raise SettingsError(
            f"`{_dotted(at)}` must be an email address like corrections@example.org "
            f"(no name, no `mailto:`), not {value!r}",
            at,
        )
    return value


def _language(theme: object) -> str:
    """`theme.language`; `theme: material` (a name alone) keeps Material's default, `en`.
    It must have a catalog (`site_templates/locales/`): every word of ours is in it."""
    value = theme.get("language", "en") if isinstance(theme, Mapping) else "en"
    at = ("theme", "language")
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value):
        raise SettingsError(
            f"`theme.language` must be a language tag like 'en' or 'pt-BR', not {value!r}", at
        )
    available = catalog_languages(LOCALES_DIR)
    if catalog_name(value) not in available and value.split("-")[0] not in available:
        raise SettingsError(
            f"`theme.language` is {value!r}, which has no catalog in "
            f"{display_path(LOCALES_DIR)}/; languages available: {', '.join(available)} "
            f"(start one with `factcheck catalog new {value}`: see docs/manual/languages.md)",
            at,
        )
    return value


def _editions(extra: Mapping[str, object], base: Path) -> tuple[Edition, ...]:
    """`extra.alternate`: each edition's `name`, `link` and `lang`, and our `content`."""
    at: KeyPath = ("extra", "alternate")
    value = extra.get("alternate")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise SettingsError(
            "`extra.alternate` must be a list of editions, each with a `name`, a `link` and "
            "a `lang` (see docs/manual/languages.md)",
            at,
        )
    return tuple(_edition(entry, (*at, index), base) for index, entry in enumerate(value))


def _edition(entry: object, at: Place, base: Path) -> Edition:
    if not isinstance(entry, Mapping):
        raise SettingsError(
            f"`{_dotted(at)}` must be a mapping: `name: Español`, `link: https://es.example.org/`, `lang: es`",
            at,
        )
    for key in entry:
        if key not in _EDITION_KEYS:
            raise SettingsError(
                f"unknown setting `{_dotted(at)}.{key}`; an edition has a `name`, a `link`, a "
                "`lang` and, optionally, its `content` folder",
                (*at, str(key)),
                key=True,
            )
    link = _text(entry, (*at, "link"))  # type: ignore[arg-type]  # an index in the path
    if not _EDITION_LINK.fullmatch(link):
        raise SettingsError(
            f"`{_dotted(at)}.link` must be an absolute http(s) URL or a path from the server's "
            f"root (`/es/`), not {link!r}",
            (*at, "link"),
        )
    language = _text(entry, (*at, "lang"))  # type: ignore[arg-type]
    if not _LANGUAGE.fullmatch(language):
        raise SettingsError(
            f"`{_dotted(at)}.lang` must be a language tag like 'es' or 'pt-BR', not {language!r}",
            (*at, "lang"),
        )
    content = _text(entry, (*at, "content"), required=False)  # type: ignore[arg-type]
    return Edition(
        language=language,
        name=_text(entry, (*at, "name")),  # type: ignore[arg-type]
        link=_with_trailing_slash(link),
        content=Path(os.path.normpath(base / content)) if content else None,
    )


def _mapping(raw: Mapping[str, object], at: KeyPath) -> Mapping[str, object]:
    value = raw.get(at[-1], {})
    if not isinstance(value, Mapping):
        raise SettingsError(f"`{_dotted(at)}` must be a mapping", at)
    return value


def _text(raw: Mapping[str, object], at: KeyPath, *, required: bool = True) -> str:
    value = raw.get(at[-1])
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"`{_dotted(at)}` must be non-empty text", at, key=at[-1] not in raw)
    return value.strip()


def _url(raw: Mapping[str, object], at: KeyPath) -> str:
    value = _text(raw, at)
    if not _HTTP_URL.match(value):
        hint = (
            " (for an email address, use `extra.corrections.email`)"
            if (value.lower().startswith("mailto:") and at[:2] == ("extra", "corrections"))
            else ""
        )
        raise SettingsError(
            f"`{_dotted(at)}` must be an absolute http(s) URL, not {value!r}{hint}", at
        )
    return value


def _flag(raw: Mapping[str, object], at: KeyPath, *, default: bool) -> bool:
    value = raw.get(at[-1], default)
    if not isinstance(value, bool):
        raise SettingsError(f"`{_dotted(at)}` must be true or false", at)
    return value


def _dotted(at: Place) -> str:
    return ".".join(str(part) for part in at)


def _with_trailing_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _yaml_problem(error: yaml.YAMLError) -> tuple[int, int, str]:
    """Line, column and message of a file `yaml.safe_load` cannot read."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if isinstance(error, ConstructorError):
        return (
            line,
            col,
            f"not plain YAML ({problem}); mkdocs.yml may use no Python or !ENV tags here: "
            "write the value itself",
        )
    return line, col, f"invalid YAML: {problem}"


def _position(node: yaml.Node | None, at: Place, key: bool) -> tuple[int, int]:
    """1-based line and column of the setting `at` in the composed file: its value, or
    with `key` (or when it is missing) its key; the nearest enclosing setting that is
    there when it is not."""
    line, col = 1, 1
    for depth, name in enumerate(at):
        target = depth == len(at) - 1
        if isinstance(name, int) and isinstance(node, yaml.SequenceNode):
            if name >= len(node.value):
                break
            node = node.value[name]
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            continue
        if not isinstance(node, yaml.MappingNode):
            break
        found = next((pair for pair in node.value if pair[0].value == name), None)
        if found is None:
            break
        key_node, node = found
        mark = node.start_mark if target and not key else key_node.start_mark
        line, col = mark.line + 1, mark.column + 1
    return line, col
