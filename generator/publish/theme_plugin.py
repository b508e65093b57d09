"""What our builds change in Material's output, as a plugin that every build of ours adds.

`generator.publish.publisher` adds `ThemeAdjustments` to each loaded MkDocs
config (`add_theme_adjustments`); mkdocs.yml does not list it, because it is part of the
generator, not a setting. It acts on the build as a whole (its configuration, its files,
its navigation, the templates' environment), never on single pages, so the pages are still
built in parallel (`generator.publish.parallel_pages`).

It speaks the site's language, mkdocs.yml's `theme.language`, from our catalogs
(`generator.render.i18n`) wherever mkdocs.yml leaves the words to it:

* the theme override's words (`_()` in `site_templates/overrides/`: the 404 page), escaped
  as HTML, values too, so that no translation can add markup;
* the nav's entries that mkdocs.yml lists without a title (`- index.md`): the home page's is
  "Home", the others' are their pages' own titles;
* the light and dark toggles that mkdocs.yml gives no `name`;
* search's languages when mkdocs.yml sets none: the site's, and English beside it (the
  articles a desk checks, and the names in them, are often in English), as far as
  Material's search has them;
* headings' ids: Python-Markdown's Unicode slugs, so that a heading in Russian or Korean has
  an id of its words, the one `generator.render.paths.heading_id` links to.
"""

from __future__ import annotations

import os
import re
from typing import Any

from jinja2 import Environment
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup, escape
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.publish.config import slug_of
from generator.publish.mkdocs_internals import search_plugins, searched_languages
from generator.render.docs import page_titles
from generator.render.i18n import (
    SOURCE_LANGUAGE,
    SiteLanguage,
    gettext,
    site_language,
    speaking,
)
from generator.render.labels import opengraph_locale

__all__ = [
    "MATERIAL_FAVICON",
    "PLUGIN_NAME",
    "ThemeAdjustments",
    "add_theme_adjustments",
    "html_gettext",
    "search_languages",
    "without_edition_links",
]

PLUGIN_NAME = "factcheck/theme-adjustments"
MATERIAL_FAVICON = "assets/images/favicon.png"
"""Material's own favicon: the default of `theme.favicon`, copied with the theme's assets."""


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    """The plugin has no settings."""


class ThemeAdjustments(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]  # as above
    """Material's default favicon left out when the pages link another; the site's language
    where mkdocs.yml leaves words to us; `og_locale`, `offline_bundle` and `search_worker`
    for the templates."""

    language: SiteLanguage | None = None

    def __init__(self, search_worker: str | None = None) -> None:
        super().__init__()
        self.search_worker = search_worker
        """Where the search box's worker is, from the site's root, when it is ours."""

    @event_priority(100)  # before Material's search plugin reads its languages
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.language = site_language(str(config.theme["language"]))
        _name_palette_toggles(config.theme.get("palette"), self.language)
        _default_search_languages(config, self.language.tag)
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("slugify", slugify_unicode)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Pages link `theme.favicon` only: the theme's default one would be published unlinked."""
        if config.theme["favicon"] != MATERIAL_FAVICON:
            favicon = files.get_file_from_path(MATERIAL_FAVICON)
            if favicon is not None and _from_theme(favicon.src_dir, config):
                files.remove(favicon)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The home page's nav entry, listed without a title, is "Home" in the site's
        language (the page itself is titled by the site's name)."""
        home = nav.homepage
        if home is not None and self.language is not None and _untitled(home):
            with speaking(self.language):
                titles = page_titles()
            home.title = titles.get(home.file.src_uri, home.title)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """`og_locale`: OpenGraph's `language_TERRITORY` for `theme.language`, or None;
        `_`: our words in the site's language, as HTML; `fc_link`, a link made of an
        address and words; `fc_code`, words set as code; `fc_without_edition_links`, the
        site's head without Material's links to the other editions' home pages (main.html
        prints each page's own);
        `offline_bundle`: where `make site` writes the offline bundle of this site;
        `search_worker`: our search worker's address from the site's root, or None
        (site_templates/overrides/main.html points Material's search box at it)."""
        env.globals["og_locale"] = opengraph_locale(str(config.theme["language"]))
        language = self.language or site_language(str(config.theme["language"]))
        env.globals["_"] = html_gettext(language)
        env.globals["fc_link"] = html_link
        env.globals["fc_code"] = html_code
        env.filters["fc_without_edition_links"] = without_edition_links
        env.globals["offline_bundle"] = f"dist/{slug_of(str(config.site_name))}-offline.zip"
        env.globals["search_worker"] = self.search_worker
        return env


def _untitled(page: Page) -> bool:
    """A page mkdocs.yml's nav lists without a title (MkDocs has not read it yet)."""
    return page.markdown is None and page.title is None


def html_gettext(language: SiteLanguage) -> Any:
    """`_(message, **values)` for the theme's templates: the translation of `message` in
    `language`, HTML-escaped, with its `%(name)s` placeholders filled (values escaped unless
    they are Markup, numbers in the language's digits)."""

    def gettext(message: str, /, **values: object) -> Markup:
        text = str(language.translations.gettext(message))
        filled = {
            name: language.number(value)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else value
            for name, value in values.items()
        }
        return Markup(escape(text)) % filled

    return gettext


def html_code(text: str) -> Markup:
    """`text` (a command, a file name) as code, escaped: a placeholder's value in a sentence."""
    return Markup("<code>{}</code>").format(text)


def html_link(href: str, text: str) -> Markup:
    """A link: `href` (already a URL the theme made) and `text`, both escaped."""
    return Markup('<a href="{}">{}</a>').format(href, text)


_EDITION_LINK = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">[ \t]*\n?')
"""A line of Material's `site_meta` that links another edition's home page."""


def without_edition_links(head: str) -> Markup:
    """Material's `site_meta` without its links to each edition's home page: they would
    say every page has its translation there, and Material's script fetches each edition's
    sitemap on every page load (main.html links each page's own translations instead)."""
    return Markup(_EDITION_LINK.sub("", str(head)))


def _name_palette_toggles(palette: Any, language: SiteLanguage) -> None:
    """A colour scheme's toggle that mkdocs.yml gives no `name` is named in the site's
    language, by what it switches to (Material prints it as the button's label)."""
    schemes = palette if isinstance(palette, list) else [palette] if palette else []
    for scheme in schemes:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if isinstance(toggle, dict) and not toggle.get("name"):
            with speaking(language):
                toggle["name"] = (
                    gettext("Switch to light mode")
                    if scheme.get("scheme") == "slate"
                    else gettext("Switch to dark mode")
                )


def search_languages(language: str) -> list[str]:
    """The languages search stems and segments words in, for a site in `language`: its own
    when Material's search has it (lunr's), with English beside it; English alone else."""
    code = language.split("-")[0]
    if code == SOURCE_LANGUAGE or code not in searched_languages():
        return [SOURCE_LANGUAGE]
    return [code, SOURCE_LANGUAGE]


def _default_search_languages(config: MkDocsConfig, language: str) -> None:
    """Search's `lang`, when mkdocs.yml sets none: `search_languages`."""
    for plugin in search_plugins(config):
        if not plugin.config.lang:
            plugin.config.lang = search_languages(language)


def _from_theme(src_dir: str | None, config: MkDocsConfig) -> bool:
    """Whether a file comes from the theme (Material or our overrides), not from docs_dir."""
    return src_dir is not None and os.path.normpath(src_dir) in {
        os.path.normpath(d) for d in config.theme.dirs
    }


def add_theme_adjustments(cfg: MkDocsConfig, *, search_worker: str | None = None) -> None:
    """Add `ThemeAdjustments` to a loaded config's plugins (before its build starts)."""
    cfg.plugins[PLUGIN_NAME] = ThemeAdjustments(search_worker)
