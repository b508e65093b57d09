"""A site in another language than its content, and a site in several language editions:
the site's language in mkdocs.yml, a claim's own `language`, its `translations` into the
other editions (checked against their content), and what the pages make of them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from contentkit import CLAIM, TEST_SETTINGS, claim_with, write_content
from test_render import basic_corpus, front_matter, render

from generator.cli import cli
from generator.commands.validate import editions_of, validate
from generator.render.settings import (
    Edition,
    PlacedSettingsError,
    SettingsError,
    load_settings,
)

MKDOCS_YML = """\
site_name: Test Checks
site_url: https://checks.example.org/
theme:
  name: material
  language: en
extra:
  publisher:
    name: Test Desk
    url: https://desk.example.org/
"""

EDITIONS = """\
  alternate:
    - name: English
      link: https://checks.example.org/
      lang: en
    - name: Español
      link: https://es.checks.example.org/
      lang: es
      content: ../es/content
"""


def config(tmp_path: Path, text: str = MKDOCS_YML, editions: str = EDITIONS) -> Path:
    path = tmp_path / "site" / "mkdocs.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + editions, encoding="utf-8")
    return path


# --- the site's language ----------------------------------------------------------------------


def test_a_language_without_a_catalog_is_an_error_at_its_line_naming_those_there_are(
    tmp_path: Path,
) -> None:
    path = config(tmp_path, MKDOCS_YML.replace("language: en", "language: fr"), "")
    with pytest.raises(PlacedSettingsError) as raised:
        load_settings(path)
    assert (raised.value.line, raised.value.col) == (5, 13)
    assert "`theme.language` is 'fr', which has no catalog" in raised.value.problem
    assert "languages available: ar, en, es, ko, ru" in raised.value.problem
    assert "factcheck catalog new fr" in raised.value.problem


def test_validate_reports_the_language_with_the_contents_problems(tmp_path: Path) -> None:
    content = write_content(tmp_path, claims={"bad.yaml": claim_with(status="status: maybe")})
    path = config(tmp_path, MKDOCS_YML.replace("language: en", "language: fr"), "")
    result = CliRunner().invoke(cli, ["validate", "--content", str(content), "--config", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        re.fullmatch(r".*mkdocs\.yml:5:13: error: `theme\.language` is 'fr'.*", x) for x in lines
    )
    assert any("bad.yaml" in line and "status" in line for line in lines)
    assert "2 errors" in lines[-1]


def test_validate_reads_the_working_folders_mkdocs_yml_when_there_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["validate"]).exit_code == 0  # no mkdocs.yml: content only
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML.replace("language: en", "language: xx"))
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1 and "mkdocs.yml:5:13: error:" in result.output


# --- editions in mkdocs.yml -------------------------------------------------------------------


def test_the_editions_come_from_extra_alternate(tmp_path: Path) -> None:
    settings = load_settings(config(tmp_path))
    assert settings.editions == (
        Edition("en", "English", "https://checks.example.org/"),
        Edition("es", "Español", "https://es.checks.example.org/", tmp_path / "es/content"),
    )
    assert [e.language for e in settings.other_editions()] == ["es"]


@pytest.mark.parametrize(
    ("editions", "line", "message"),
    [
        ("  alternate: es\n", 10, "`extra.alternate` must be a list of editions"),
        ("  alternate:\n    - es\n", 11, "`extra.alternate.0` must be a mapping"),
        (
            "  alternate:\n    - {name: Español, link: es.example.org, lang: es}\n",
            11,
            "`extra.alternate.0.link` must be an absolute http(s) URL or a path",
        ),
        (
            "  alternate:\n    - {name: Español, link: /es/, lang: Spanish}\n",
            11,
            "`extra.alternate.0.lang` must be a language tag",
        ),
        (
            "  alternate:\n    - {name: Español, link: /es/, lang: es, folder: x}\n",
            11,
            "unknown setting `extra.alternate.0.folder`",
        ),
    ],
    ids=["not-a-list", "not-a-mapping", "link", "lang", "unknown-key"],
)
def test_a_wrong_edition_is_an_error_at_its_line(
    tmp_path: Path, editions: str, line: int, message: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(config(tmp_path, editions=editions))
    assert isinstance(raised.value, PlacedSettingsError)
    assert raised.value.line == line and message in raised.value.problem


# --- translations, validated ----------------------------------------------------------------


def spanish_edition(tmp_path: Path, ids: tuple[str, ...] = ("sirvio-120-dias",)) -> Path:
    """The Spanish edition's content folder, beside the site's folder, with these claims."""
    claims = tmp_path / "es" / "content" / "claims"
    claims.mkdir(parents=True)
    for claim_id in ids:
        (claims / f"{claim_id}.yaml").write_text("question: x\n", encoding="utf-8")
    return claims.parent


def validated(tmp_path: Path, translations: str, mkdocs: Path | None = None) -> list[str]:
    content = write_content(
        tmp_path / "site", claims={"served-120-days.yaml": CLAIM + translations}
    )
    report = validate(content, mkdocs if mkdocs is not None else config(tmp_path))
    return [p.format() for p in report.problems]


def test_a_translation_into_an_edition_whose_claim_is_there_passes(tmp_path: Path) -> None:
    spanish_edition(tmp_path)
    assert validated(tmp_path, "translations: {es: sirvio-120-dias}\n") == []


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        (
            "translations: {es: sirvio-120-dia}\n",
            "es/content/claims/; did you mean 'sirvio-120-dias'?",
        ),
        (
            "translations: {fr: servi-120-jours}\n",
            "no edition in mkdocs.yml's `extra.alternate` has `lang: fr` (editions in other languages: es)",
        ),
        ("translations: {en: served-120-days}\n", "'en' is this site's own language"),
        ("translations: {es: Sirvió}\n", "'Sirvió' is not a valid id"),
        ("translations: {Spanish: sirvio}\n", "'Spanish' is not a language tag"),
    ],
    ids=["unknown-id", "unknown-edition", "own-language", "not-an-id", "not-a-language"],
)
def test_a_wrong_translation_is_an_error_at_its_line(
    tmp_path: Path, translations: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spanish_edition(tmp_path)
    (tmp_path / "site").mkdir()
    monkeypatch.chdir(tmp_path / "site")
    (problem,) = validated(tmp_path, translations)
    line = CLAIM.count("\n") + 1
    assert problem.startswith(f"content/claims/served-120-days.yaml:{line}:")
    assert message in problem


def test_an_edition_whose_content_is_not_here_is_not_checked(tmp_path: Path) -> None:
    assert validated(tmp_path, "translations: {es: anything}\n") == []  # no ../es/content


def test_the_editions_validation_reads_are_its_claims_file_names(tmp_path: Path) -> None:
    spanish_edition(tmp_path, ("uno", "dos"))
    editions = editions_of(load_settings(config(tmp_path)))
    assert editions.language == "en"
    assert editions.others["es"].claims == frozenset({"uno", "dos"})


# --- the pages --------------------------------------------------------------------------------


def test_a_claims_translations_and_the_home_page_name_their_addresses_in_the_editions() -> None:
    settings = TEST_SETTINGS.__class__(
        **{
            **TEST_SETTINGS.__dict__,
            "editions": (
                Edition("en", "English", "https://checks.example.org/"),
                Edition("es", "Español", "https://es.checks.example.org/"),
                Edition("ar", "العربية", "/ar/"),
            ),
        }
    )
    pages = render(basic_corpus(translations={"es": "uno"}), settings)
    assert front_matter(pages["claims/one.md"])["translations"] == {
        "es": "https://es.checks.example.org/claims/uno/"
    }
    assert front_matter(pages["index.md"])["translations"] == {
        "es": "https://es.checks.example.org/",
        "ar": "/ar/",
    }
    assert "translations" not in front_matter(pages["methodology.md"])
    assert "translations" not in render(basic_corpus())["claims/one.md"]  # a site of one language


def test_a_claim_in_another_language_marks_its_own_text_with_it() -> None:
    pages = render(basic_corpus(language="ru", question="Правда ли?"))
    page = pages["claims/one.md"]
    assert '<h1 id="question" lang="ru">' in page
    assert '<p class="fc-summary" lang="ru">' in page
    assert '<div class="fc-analysis" lang="ru">' in page
    assert '- **Claim&#58;** <span lang="ru">' in page
    review = json.loads(front_matter(page)["claimreview"])
    assert review["inLanguage"] == "ru"
    item = next(x for x in pages["claims/index.md"].splitlines() if "(one.md)" in x)
    assert '[<span lang="ru">' in item


def test_a_claim_in_the_sites_language_says_nothing_more() -> None:
    page = render(basic_corpus())["claims/one.md"]
    assert " lang=" not in page.split("## What the sources say")[0]
    assert "inLanguage" not in front_matter(page)["claimreview"]


def test_text_written_the_other_way_is_marked_with_its_direction() -> None:
    from generator.render.markup import lang_attribute

    assert lang_attribute("en", "ar") == ' lang="en" dir="ltr"'
    assert lang_attribute("ar", "en") == ' lang="ar" dir="rtl"'
    assert lang_attribute("ru", "en") == ' lang="ru"'
    assert lang_attribute(None, "ar") == ""


def test_mkdocs_yml_lists_its_pages_without_titles_for_the_catalogs_to_give(
    repo_root: Path,
) -> None:
    raw = yaml.safe_load((repo_root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert all(isinstance(entry, str) for entry in raw["nav"])
    assert all("name" not in scheme["toggle"] for scheme in raw["theme"]["palette"])
    assert raw["plugins"] == ["search"]  # its languages follow theme.language


# --- a site of two editions, built ------------------------------------------------------------

SHIPPED_EDITIONS = """\
  alternate:
    - name: English
      link: https://factcheck.example.org/
      lang: en
    - name: Español
      link: https://es.factcheck.example.org/
      lang: es
"""


class Links(HTMLParser):
    """The language selector's links and the head's alternates of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.selector: dict[str, str] = {}
        self.alternates: dict[str, str] = {}
        self.material_alternates: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "md-select__link" in values.get("class", ""):
            self.selector[values["hreflang"]] = values["href"]
        if tag == "link" and values.get("rel") == "alternate " and "hreflang" in values:
            self.alternates[values["hreflang"]] = values["href"]
        if tag == "link" and values.get("rel") == "alternate" and "hreflang" in values:
            self.material_alternates.append(values["href"])


def links_of(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


@pytest.mark.slow
def test_the_language_selector_goes_to_the_same_claim_in_the_other_edition(
    tmp_path: Path,
) -> None:
    from contentkit import REPO_ROOT, build_folder
    from publishkit import make_project

    text = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  generator: false\n" in text
    config = make_project(
        tmp_path / "project",
        text.replace("\n  generator: false\n", "\n  generator: false\n" + SHIPPED_EDITIONS),
    )
    content = write_content(
        tmp_path,
        claims={
            "served-120-days.yaml": CLAIM + "translations: {es: sirvio-120-dias}\n",
            "untranslated.yaml": CLAIM,
        },
    )
    built = build_folder(content, tmp_path / "out", offline=False, config=config)
    translated = links_of(built.site / "claims" / "served-120-days" / "index.html")
    assert translated.selector == {
        "en": "./",
        "es": "https://es.factcheck.example.org/claims/sirvio-120-dias/",
    }
    assert translated.alternates == {
        "en": "https://factcheck.example.org/claims/served-120-days/",
        "es": "https://es.factcheck.example.org/claims/sirvio-120-dias/",
    }
    alone = links_of(built.site / "claims" / "untranslated" / "index.html")
    assert alone.selector["es"] == "https://es.factcheck.example.org/"  # the edition's home
    assert alone.alternates == {}
    home = links_of(built.site / "index.html")
    assert home.alternates == {
        "en": "https://factcheck.example.org/",
        "es": "https://es.factcheck.example.org/",
    }
    for page in built.site.rglob("*.html"):  # Material's own: every page to every home
        assert links_of(page).material_alternates == [], page
