"""generator.settings: what the renderer reads from mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.settings import SettingsError, SiteSettings, load_settings

MKDOCS_YML = """\
site_name: Test Checks
site_url: https://checks.example.org/sub
site_description: Claims, checked.
extra:
  publisher:
    name: Test Desk
    url: https://desk.example.org/
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_come_from_mkdocs_yml(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, MKDOCS_YML)) == SiteSettings(
        site_name="Test Checks",
        site_url="https://checks.example.org/sub/",
        description="Claims, checked.",
        publisher_name="Test Desk",
        publisher_url="https://desk.example.org/",
        use_directory_urls=True,
    )


def test_the_repository_mkdocs_yml_is_plain_yaml_with_everything_needed(repo_root: Path) -> None:
    raw = yaml.safe_load((repo_root / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = load_settings(repo_root / "mkdocs.yml")
    assert settings.site_name == raw["site_name"]
    assert settings.site_url.rstrip("/") == raw["site_url"].rstrip("/")
    assert settings.publisher_name == raw["extra"]["publisher"]["name"]


def test_description_is_optional(tmp_path: Path) -> None:
    text = MKDOCS_YML.replace("site_description: Claims, checked.\n", "")
    assert load_settings(write(tmp_path, text)).description == ""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("site_url: https://checks.example.org/sub", "", "`site_url`"),
        ("site_url: https://checks.example.org/sub", "site_url: javascript:alert(1)", "`site_url`"),
        ("    name: Test Desk", "", "`extra.publisher.name`"),
        ("    url: https://desk.example.org/", "    url: desk", "`extra.publisher.url`"),
        ("site_name: Test Checks", "site_name: ''", "`site_name`"),
        (
            "site_name: Test Checks",
            "site_name: Test\nuse_directory_urls: maybe",
            "`use_directory_urls`",
        ),
    ],
)
def test_missing_or_malformed_settings_are_refused(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in MKDOCS_YML
    with pytest.raises(SettingsError, match=message):
        load_settings(write(tmp_path, MKDOCS_YML.replace(old, new)))


def test_python_tags_are_refused(tmp_path: Path) -> None:
    text = MKDOCS_YML + "markdown_extensions:\n  - x: !!python/name:os.system\n"
    with pytest.raises(SettingsError, match="not plain YAML"):
        load_settings(write(tmp_path, text))


@pytest.mark.parametrize(
    ("directory_urls", "page", "url"),
    [
        (True, "claims/a-b.md", "https://s.example/claims/a-b/"),
        (False, "claims/a-b.md", "https://s.example/claims/a-b.html"),
        (True, "index.md", "https://s.example/"),
        (False, "claims/index.md", "https://s.example/claims/"),
    ],
)
def test_page_url_follows_use_directory_urls(directory_urls: bool, page: str, url: str) -> None:
    settings = SiteSettings(
        "S", "https://s.example/", "", "P", "https://p.example/", directory_urls
    )
    assert settings.page_url(page) == url
