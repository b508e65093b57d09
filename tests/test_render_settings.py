"""generator.render.settings: what the renderer reads from mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.errors import display_path
from generator.render.report_links import ReportChannel
from generator.render.settings import SettingsError, SiteSettings, load_settings

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


# --- where readers report an error (extra.corrections) ---------------------------------------


def settings_with(tmp_path: Path, extra: str, top: str = "") -> SiteSettings:
    return load_settings(write(tmp_path, MKDOCS_YML + extra + top))


def test_corrections_take_an_email_a_url_or_both(tmp_path: Path) -> None:
    both = (
        "  corrections:\n    email: fixes@desk.example.org\n    url: https://desk.example.org/fix\n"
    )
    assert settings_with(tmp_path, both).report_channel == ReportChannel(
        email="fixes@desk.example.org", url="https://desk.example.org/fix"
    )
    email = "  corrections: {email: fixes@desk.example.org}\n"
    assert settings_with(tmp_path, email).report_channel == ReportChannel(
        email="fixes@desk.example.org"
    )


@pytest.mark.parametrize(
    ("top", "channel"),
    [
        ("", ReportChannel(url="https://desk.example.org/")),
        (
            "repo_url: https://github.com/desk/checks\n",
            ReportChannel(url="https://github.com/desk/checks/issues"),
        ),
        (
            "repo_url: https://github.com/desk/checks.git/\n",
            ReportChannel(url="https://github.com/desk/checks/issues"),
        ),
        (
            "repo_url: https://gitlab.com/desk/checks\n",
            ReportChannel(url="https://desk.example.org/"),
        ),
    ],
    ids=["publisher", "github", "github-git", "not-github"],
)
def test_without_corrections_readers_write_to_the_github_tracker_or_the_publisher(
    tmp_path: Path, top: str, channel: ReportChannel
) -> None:
    settings = settings_with(tmp_path, "", top)
    assert settings.corrections is None
    assert settings.report_channel == channel


def test_the_repository_mkdocs_yml_names_a_placeholder_address_on_the_sites_domain(
    repo_root: Path,
) -> None:
    """The first edition has no real address: its channel is on the placeholder domain of
    site_url and the publisher (example.org, reserved: no mail ever reaches anyone)."""
    settings = load_settings(repo_root / "mkdocs.yml")
    assert settings.corrections == ReportChannel(email="corrections@factcheck.example.org")
    assert settings.site_url == settings.publisher_url == "https://factcheck.example.org/"


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        (
            "  corrections:\n    url: mailto:fixes@desk.example.org\n",
            "9:10: error: `extra.corrections.url` must be an absolute http(s) URL, not "
            "'mailto:fixes@desk.example.org' (for an email address, use `extra.corrections.email`)",
        ),
        (
            "  corrections:\n    url: javascript:alert(1)\n",
            "9:10: error: `extra.corrections.url` must be an absolute http(s) URL, not "
            "'javascript:alert(1)'",
        ),
        (
            "  corrections:\n    email: Desk <fixes@desk.example.org>\n",
            "9:12: error: `extra.corrections.email` must be an email address like "
            "corrections@example.org (no name, no `mailto:`), not 'Desk <fixes@desk.example.org>'",
        ),
        (
            "  corrections:\n    email: fixes@localhost\n",
            "9:12: error: `extra.corrections.email` must be an email address like "
            "corrections@example.org (no name, no `mailto:`), not 'fixes@localhost'",
        ),
        (
            "  corrections:\n    email: mailto:fixes@desk.example.org\n",
            "9:12: error: `extra.corrections.email` must be an email address like "
            "corrections@example.org (no name, no `mailto:`), not 'mailto:fixes@desk.example.org'",
        ),
        (
            "  corrections:\n    email: ''\n",
            "9:12: error: `extra.corrections.email` must be non-empty text",
        ),
        (
            "  corrections:\n    e-mail: fixes@desk.example.org\n",
            "9:5: error: unknown setting `extra.corrections.e-mail`; use `email` (an address for "
            "mail) or `url` (an http(s) page, such as an issue tracker or a form)",
        ),
        (
            "  corrections: fixes@desk.example.org\n",
            "8:16: error: `extra.corrections` must be a mapping with an `email`, a `url` or both, "
            "e.g. `corrections: {email: corrections@example.org}` (or leave it out for the "
            "default: see docs/manual/configuration.md)",
        ),
        (
            "  corrections: {}\n",
            "8:16: error: `extra.corrections` names no channel: give an `email`, a `url` or both, "
            "e.g. `corrections: {email: corrections@example.org}` (or leave it out for the "
            "default: see docs/manual/configuration.md)",
        ),
    ],
    ids=[
        "mailto-url",
        "javascript-url",
        "named-email",
        "no-domain",
        "mailto-email",
        "empty-email",
        "unknown-key",
        "not-a-mapping",
        "empty",
    ],
)
def test_a_wrong_corrections_setting_is_an_error_at_its_place(
    tmp_path: Path, extra: str, error: str
) -> None:
    path = write(tmp_path, MKDOCS_YML + extra)
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    assert raised.value.message == f"{display_path(path)}:{error}"


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        (
            "    url: https://desk.example.org/",
            "    url: desk",
            "7:10: error: `extra.publisher.url` must be an absolute http(s) URL, not 'desk'",
        ),
        (
            "    name: Test Desk\n",
            "",
            "5:3: error: `extra.publisher.name` must be non-empty text",
        ),
        ("site_name: Test Checks\n", "", "1:1: error: `site_name` must be non-empty text"),
        (
            "site_name: Test Checks",
            "site_name: Test\nuse_directory_urls: maybe",
            "2:21: error: `use_directory_urls` must be true or false",
        ),
    ],
    ids=["bad-value", "missing-key", "missing-top-level", "bad-flag"],
)
def test_every_settings_error_names_its_line_and_column(
    tmp_path: Path, old: str, new: str, error: str
) -> None:
    """A value that is wrong is reported where it is; a missing one at the key that should
    hold it (the top of the file for a top-level setting)."""
    path = write(tmp_path, MKDOCS_YML.replace(old, new))
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    assert raised.value.message == f"{display_path(path)}:{error}"


def test_a_python_tag_is_reported_where_it_is(tmp_path: Path) -> None:
    path = write(tmp_path, MKDOCS_YML + "markdown_extensions:\n  - x: !!python/name:os.system\n")
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    assert raised.value.message.startswith(f"{display_path(path)}:9:8: error: not plain YAML (")
    assert raised.value.message.endswith("write the value itself")


def test_factcheck_build_prints_a_settings_error_as_validate_prints_problems(
    tmp_path: Path, repo_root: Path
) -> None:
    """`path:line:col: error: ...` on a line of its own, with no "Error: " before it, and
    exit 1; nothing is built."""
    from click.testing import CliRunner
    from contentkit import write_content

    from generator.cli import cli

    config = (repo_root / "mkdocs.yml").read_text(encoding="utf-8")
    good = "    email: corrections@factcheck.example.org\n"
    assert good in config
    mkdocs_yml = tmp_path / "mkdocs.yml"
    mkdocs_yml.write_text(config.replace(good, "    email: corrections\n"), encoding="utf-8")
    line = config[: config.index(good)].count("\n") + 1
    content = write_content(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--content",
            str(content),
            "--config",
            str(mkdocs_yml),
            "--site-dir",
            str(tmp_path / "site"),
        ],
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"{display_path(mkdocs_yml)}:{line}:12: error: `extra.corrections.email` must be an email "
        "address like corrections@example.org (no name, no `mailto:`), not 'corrections'"
    )
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("entry", "old", "new"),
    [
        ("  - generator.table_headers", "generator.table_headers", "table_headers"),
        ("  - generator.heading_toc:\n      level: 1", "generator.heading_toc", "heading_toc"),
    ],
)
def test_an_extension_named_by_its_old_path_gets_its_new_one_at_its_line(
    tmp_path: Path, entry: str, old: str, new: str
) -> None:
    path = write(tmp_path, MKDOCS_YML + "markdown_extensions:\n  - tables\n" + entry + "\n")
    line = len(MKDOCS_YML.splitlines()) + 3
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    assert raised.value.message == (
        f"{display_path(path)}:{line}:5: error: the Markdown extension `{old}` is now "
        f"`generator.publish.extensions.{new}`; write that name in `markdown_extensions`"
    )


def test_the_repository_mkdocs_yml_names_the_extensions_where_they_are(repo_root: Path) -> None:
    import importlib

    extensions = yaml.safe_load((repo_root / "mkdocs.yml").read_text())["markdown_extensions"]
    ours = [e for e in extensions if isinstance(e, str) and e.startswith("generator.")]
    assert ours == [
        "generator.publish.extensions.table_headers",
        "generator.publish.extensions.heading_toc",
    ]
    for name in ours:
        assert callable(importlib.import_module(name).makeExtension)
