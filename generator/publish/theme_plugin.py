"""What our builds change in Material's output, as a plugin that every build of ours adds.

`generator.publish.publisher` adds `ThemeAdjustments` to each loaded MkDocs
config (`add_theme_adjustments`); mkdocs.yml does not list it, because it is part of the
generator, not a setting. It acts on the build as a whole (its files, the templates'
environment), never on single pages, so the pages are still built in parallel
(`generator.publish.parallel_pages`).
"""

from __future__ import annotations

import os

from jinja2 import Environment
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from generator.publish.config import slug_of
from generator.render.labels import opengraph_locale

__all__ = ["MATERIAL_FAVICON", "PLUGIN_NAME", "ThemeAdjustments", "add_theme_adjustments"]

PLUGIN_NAME = "factcheck/theme-adjustments"
MATERIAL_FAVICON = "assets/images/favicon.png"
"""Material's own favicon: the default of `theme.favicon`, copied with the theme's assets."""


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    """The plugin has no settings."""


class ThemeAdjustments(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]  # as above
    """Material's default favicon left out when the pages link another; `og_locale` and
    `offline_bundle` and `search_worker` for the templates."""

    def __init__(self, search_worker: str | None = None) -> None:
        super().__init__()
        self.search_worker = search_worker
        """Where the search box's worker is, from the site's root, when it is ours."""

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Pages link `theme.favicon` only: the theme's default one would be published unlinked."""
        if config.theme["favicon"] != MATERIAL_FAVICON:
            favicon = files.get_file_from_path(MATERIAL_FAVICON)
            if favicon is not None and _from_theme(favicon.src_dir, config):
                files.remove(favicon)
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """`og_locale`: OpenGraph's `language_TERRITORY` for `theme.language`, or None;
        `offline_bundle`: where `make site` writes the offline bundle of this site;
        `search_worker`: our search worker's address from the site's root, or None
        (site_templates/overrides/main.html points Material's search box at it)."""
        env.globals["og_locale"] = opengraph_locale(str(config.theme["language"]))
        env.globals["offline_bundle"] = f"dist/{slug_of(str(config.site_name))}-offline.zip"
        env.globals["search_worker"] = self.search_worker
        return env


def _from_theme(src_dir: str | None, config: MkDocsConfig) -> bool:
    """Whether a file comes from the theme (Material or our overrides), not from docs_dir."""
    return src_dir is not None and os.path.normpath(src_dir) in {
        os.path.normpath(d) for d in config.theme.dirs
    }


def add_theme_adjustments(cfg: MkDocsConfig, *, search_worker: str | None = None) -> None:
    """Add `ThemeAdjustments` to a loaded config's plugins (before its build starts)."""
    cfg.plugins[PLUGIN_NAME] = ThemeAdjustments(search_worker)
