"""mkdocs.yml as the publisher reads it, and the paths it decides."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

from generator.errors import PublishError

__all__ = ["check_inputs", "docs_dir_of", "offline_zip_path", "read_config", "site_slug"]


def read_config(config: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (with `INHERIT` and `!ENV`), before validation."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config, "rb") as fd:
            raw = yaml_load(fd)
    except OSError as e:
        raise PublishError(f"{config}: cannot read the MkDocs configuration: {e.strerror}") from e
    except ConfigurationError as e:
        raise PublishError(f"{config}: {e}") from e
    if not isinstance(raw, dict):
        raise PublishError(f"{config}: the MkDocs configuration must be a mapping")
    return raw


def docs_dir_of(config: Path) -> Path:
    """mkdocs.yml's `docs_dir`, resolved against the file's folder as MkDocs does."""
    value = read_config(config).get("docs_dir", "docs")
    if not isinstance(value, str) or not value:
        raise PublishError(f"{config}: `docs_dir` must be a path")
    return Path(os.path.abspath(Path(config).parent / value))


def site_slug(config: Path) -> str:
    """The config's `site_name` as a file-name slug, e.g. `kursk-claims-fact-check`."""
    return slug_of(str(read_config(config).get("site_name") or "site"))


def slug_of(site_name: str) -> str:
    """A site's name as a file-name slug, e.g. `kursk-claims-fact-check`."""
    ascii_name = unicodedata.normalize("NFKD", site_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "site"


def offline_zip_path(config: Path, dist_dir: Path) -> Path:
    """`dist/<site-name-slug>-offline.zip`."""
    return dist_dir / f"{site_slug(config)}-offline.zip"


def check_inputs(config: Path, docs_dir: Path) -> None:
    """Both exist: mkdocs.yml, and the Markdown the renderer wrote."""
    if not config.is_file():
        raise PublishError(f"{config}: MkDocs configuration not found")
    if not docs_dir.is_dir():
        raise PublishError(f"{docs_dir}: rendered docs folder not found (render first)")
