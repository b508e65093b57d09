"""Site-wide settings the renderer needs, read from mkdocs.yml.

mkdocs.yml is the one place the site's name, address and publisher are written;
the renderer reads them from there so the pages, the ClaimReview JSON-LD and the
data export can never disagree with what MkDocs publishes. The file is read with
`yaml.safe_load`: it must not use Python tags (`!!python/...`) or MkDocs' `!ENV`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import FactcheckError
from .models import LANGUAGE_PATTERN

__all__ = ["SettingsError", "SiteSettings", "load_settings", "settings_from_mapping"]

_HTTP_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(/\S*)?$")
_LANGUAGE = re.compile(LANGUAGE_PATTERN)


class SettingsError(FactcheckError, ValueError):
    """mkdocs.yml lacks a setting the renderer needs, or has one of the wrong shape."""


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
    include_drafts: bool = False
    """Render draft claims and sources too, each marked as a draft: `factcheck serve`'s
    preview only. Never read from mkdocs.yml, so `factcheck build` cannot publish a draft;
    the exports (feed, api/) leave drafts out whatever this says."""

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
    try:
        raw = yaml.safe_load(Path(mkdocs_yml).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SettingsError(
            f"{mkdocs_yml}: not plain YAML (no Python or !ENV tags): {error}"
        ) from error
    if not isinstance(raw, Mapping):
        raise SettingsError(f"{mkdocs_yml}: expected a mapping at the top level")
    try:
        return settings_from_mapping(raw)
    except SettingsError as error:
        raise SettingsError(f"{mkdocs_yml}: {error}") from error


def settings_from_mapping(raw: Mapping[str, object]) -> SiteSettings:
    """`SiteSettings` from an already parsed mkdocs.yml."""
    publisher = _mapping(_mapping(raw, "extra"), "publisher")
    return SiteSettings(
        site_name=_text(raw, "site_name"),
        site_url=_with_trailing_slash(_url(raw, "site_url")),
        description=_text(raw, "site_description", required=False),
        publisher_name=_text(publisher, "name", key_path="extra.publisher.name"),
        publisher_url=_url(publisher, "url", key_path="extra.publisher.url"),
        use_directory_urls=_flag(raw, "use_directory_urls", default=True),
        language=_language(raw.get("theme")),
        copyright=_text(raw, "copyright", required=False),
    )


def _language(theme: object) -> str:
    """`theme.language`; `theme: material` (a name alone) keeps Material's default, `en`."""
    value = theme.get("language", "en") if isinstance(theme, Mapping) else "en"
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value):
        raise SettingsError(
            f"`theme.language` must be a language tag like 'en' or 'pt-BR', not {value!r}"
        )
    return value


def _mapping(raw: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = raw.get(key, {})
    if not isinstance(value, Mapping):
        raise SettingsError(f"`{key}` must be a mapping")
    return value


def _text(
    raw: Mapping[str, object], key: str, *, required: bool = True, key_path: str | None = None
) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"`{key_path or key}` must be non-empty text")
    return value.strip()


def _url(raw: Mapping[str, object], key: str, *, key_path: str | None = None) -> str:
    value = _text(raw, key, key_path=key_path)
    if not _HTTP_URL.match(value):
        raise SettingsError(f"`{key_path or key}` must be an absolute http(s) URL, not {value!r}")
    return value


def _flag(raw: Mapping[str, object], key: str, *, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise SettingsError(f"`{key}` must be true or false")
    return value


def _with_trailing_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"
