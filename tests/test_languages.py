"""Text in another language than the site's is marked with its own `lang` (WCAG 3.1.2).

A source's `language` reaches its title and text on the source page and its quotes
wherever they are shown; a reference's `language` reaches its link. The validator
warns where a text's script says the language is missing or wrong. Checked on the
Markdown, then in the HTML of a real MkDocs build.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from contentkit import CLAIM, SOURCE, claim_with, write_content

from generator.commands.build import build
from generator.corpus.languages import same_language
from generator.corpus.pipeline import check, validate_content
from generator.render.docs import generate_files
from generator.render.markup import external_link, in_language, lang_attribute
from generator.render.matrix_timeline_pages import extra_pages
from generator.render.settings import SettingsError, SiteSettings, settings_from_mapping
from generator.render.timeline import TIMELINE_PAGE

ROOT = Path(__file__).resolve().parent.parent

RUSSIAN_SOURCE = """\
---
title: Сапёры вернулись домой
outlet: Курские новости
published: 2025-12-13
retrieved: unknown
language: ru
---
Полк вернулся в декабре после 120 дней.

Губернатор поблагодарил сапёров.
"""

RUSSIAN_CLAIM = CLAIM.replace(
    "source: article\n    quote: returned in December after 120 days",
    "source: vesti\n    quote: вернулся в декабре после 120 дней",
).replace(
    "tags: [deployment]",
    "tags: [deployment]\nappears_in: [vesti]\ntimeline:\n  - date: 2025-12\n    event: The regiment returns\n    source: vesti\n    quote: вернулся в декабре",
)

SETTINGS = SiteSettings("Site", "https://example.org/", "", "Desk", "https://example.org/")


def russian_content(root: Path) -> Path:
    return write_content(
        root, claims={"served-120-days.yaml": RUSSIAN_CLAIM}, sources={"vesti.md": RUSSIAN_SOURCE}
    )


# --- helpers -----------------------------------------------------------------------


def test_same_language_compares_the_primary_subtag() -> None:
    assert same_language("en-GB", "en") and same_language("PT-br", "pt")
    assert not same_language("ru", "en")


def test_in_language_marks_only_text_in_another_language() -> None:
    assert in_language("a *b*", "en-US", "en") == "a &#42;b&#42;"
    assert in_language("a *b*", "ru", "en") == '<span lang="ru">a &#42;b&#42;</span>'
    assert lang_attribute("ko", "en") == ' lang="ko"' and lang_attribute("en", "en") == ""


def test_a_tag_that_is_not_one_never_reaches_an_attribute() -> None:
    with pytest.raises(ValueError, match="not a language tag"):
        lang_attribute('ru" onmouseover="x', "en")
    with pytest.raises(ValueError, match="not a language tag"):
        external_link("https://example.org/", "t", 'ru"><script>')


def test_external_link_says_the_language_of_its_text_and_of_its_target() -> None:
    assert external_link("https://example.org/", "Заголовок", "ru") == (
        '<a class="fc-external" href="https://example.org/" rel="nofollow noopener" lang="ru" hreflang="ru">Заголовок</a>'
    )
    assert "lang" not in external_link("https://example.org/", "Title")


def test_the_site_language_is_themes_language() -> None:
    base = {
        "site_name": "S",
        "site_url": "https://example.org/",
        "extra": {"publisher": {"name": "D", "url": "https://example.org/"}},
    }
    assert settings_from_mapping(base).language == "en"
    assert settings_from_mapping(base | {"theme": "material"}).language == "en"
    assert (
        settings_from_mapping(base | {"theme": {"name": "material", "language": "es-MX"}}).language
        == "es-MX"  # a region of a language with a catalog reads that catalog
    )
    with pytest.raises(SettingsError, match=r"theme\.language"):
        settings_from_mapping(base | {"theme": {"name": "material", "language": "English"}})


# --- pages (Markdown) ---------------------------------------------------------------


def test_a_russian_source_is_marked_wherever_its_words_are_shown(tmp_path: Path) -> None:
    corpus = check(russian_content(tmp_path))
    pages = {
        path: data.decode("utf-8")
        for path, data in generate_files(corpus, SETTINGS).items()
        if path.endswith(".md")
    }
    source = pages["sources/vesti.md"]
    assert '<h1 id="source-title" lang="ru">Сапёры вернулись домой</h1>' in source
    paragraphs = re.findall(r'^<a class="fc-pnum".*$', source, flags=re.M)
    assert len(paragraphs) == 2
    assert all('</a> <span lang="ru">' in p and p.endswith("</span>") for p in paragraphs), (
        paragraphs
    )
    # the numbered links to the claims are in the page's language, inside the Russian text
    assert '<sup class="fc-cited-by" lang="en">' in paragraphs[0]
    claim = pages["claims/served-120-days.md"]
    assert '> <span lang="ru">вернулся в декабре после 120 дней</span>' in claim
    assert '*<span lang="ru">Сапёры вернулись домой</span>*' in claim
    assert (
        '[<span lang="ru">Сапёры вернулись домой</span>](../sources/vesti.md)' in claim
    )  # "Made in"
    assert '[<span lang="ru">вернулся в декабре</span>]' in claim  # the claim's timeline
    assert '[<span lang="ru">Сапёры вернулись домой</span>](vesti.md)' in pages["sources/index.md"]
    assert '[“<span lang="ru">вернулся в декабре</span>”]' in extra_pages(corpus)[TIMELINE_PAGE]


def test_a_source_in_the_sites_language_is_not_marked(tmp_path: Path) -> None:
    corpus = check(write_content(tmp_path))
    pages = generate_files(corpus, SETTINGS)
    assert (
        b"lang=" not in pages["sources/article.md"]
        and b"lang=" not in pages["claims/served-120-days.md"]
    )


def test_on_a_russian_site_the_english_source_is_the_one_marked(tmp_path: Path) -> None:
    corpus = check(write_content(tmp_path))
    russian_site = SiteSettings(
        "Site", "https://example.org/", "", "Desk", "https://example.org/", language="ru"
    )
    source = generate_files(corpus, russian_site)["sources/article.md"].decode("utf-8")
    assert '<span lang="en">The regiment <mark' in source
    assert '<sup class="fc-cited-by" lang="ru">' in source


# --- validation ---------------------------------------------------------------------

REFERENCE = """\
references:
  - title: "Хинштейн: сапёры КНДР разминировали более 42 тысяч гектаров"
    url: https://kursk-news.ru/other/2025/12/13/730016.html
"""


def test_a_reference_title_in_another_script_without_a_language_is_a_warning(
    tmp_path: Path,
) -> None:
    content = write_content(tmp_path, claims={"served-120-days.yaml": CLAIM + REFERENCE})
    report = validate_content(content)
    assert [p.format() for p in report.warnings] == [
        f"{content}/claims/served-120-days.yaml:17:12: warning: this title is in Cyrillic script: add `language:` with "
        "its language tag (e.g. 'ru') so that it is marked for screen readers, unless the site is in that language"
    ]


def test_a_reference_with_its_language_passes_and_a_bad_tag_is_an_error(tmp_path: Path) -> None:
    good = write_content(
        tmp_path / "good", claims={"served-120-days.yaml": CLAIM + REFERENCE + "    language: ru\n"}
    )
    assert not validate_content(good).problems
    bad = write_content(
        tmp_path / "bad",
        claims={"served-120-days.yaml": CLAIM + REFERENCE + "    language: Russian\n"},
    )
    assert [p.format() for p in validate_content(bad).errors] == [
        f"{bad}/claims/served-120-days.yaml:19:15: error: 'Russian' is not a language tag like 'en' or 'pt-BR'; did you mean 'ru'?"
    ]


def test_a_reference_marked_english_whose_title_is_not_is_a_warning(tmp_path: Path) -> None:
    content = write_content(
        tmp_path, claims={"served-120-days.yaml": CLAIM + REFERENCE + "    language: en\n"}
    )
    assert [p.format() for p in validate_content(content).warnings] == [
        f"{content}/claims/served-120-days.yaml:19:15: warning: language is 'en' but the title is in Cyrillic script; give the title's language (e.g. 'ru')"
    ]


@pytest.mark.parametrize(
    ("written", "suggested"),
    [("RU", "ru"), ("Russian", "ru"), ("PT-BR", "pt-BR"), ("klingon", None)],
)
def test_a_language_written_another_way_gets_its_tag_suggested(
    tmp_path: Path, written: str, suggested: str | None
) -> None:
    content = write_content(
        tmp_path, sources={"article.md": SOURCE.replace("language: en", f"language: {written}")}
    )
    (error,) = validate_content(content).errors
    hint = f"; did you mean {suggested!r}?" if suggested else ""
    assert error.message == f"{written!r} is not a language tag like 'en' or 'pt-BR'{hint}"


def test_a_source_marked_english_whose_text_is_not_is_a_warning(tmp_path: Path) -> None:
    mislabelled = RUSSIAN_SOURCE.replace("language: ru", "language: en")
    content = write_content(
        tmp_path, claims={"served-120-days.yaml": RUSSIAN_CLAIM}, sources={"vesti.md": mislabelled}
    )
    assert [p.format() for p in validate_content(content).warnings] == [
        f"{content}/sources/vesti.md:6:11: warning: language is 'en' but most of the text is in Cyrillic script; "
        "give the text's language (e.g. 'ru', 'ko')"
    ]
    assert not validate_content(russian_content(tmp_path / "ok")).problems


def test_a_few_foreign_words_in_an_english_text_are_no_warning(tmp_path: Path) -> None:
    claim = (
        claim_with()
        + "references:\n  - title: The Kursk governor (Хинштейн) on the sappers\n    url: https://example.org/a\n"
    )
    content = write_content(tmp_path, claims={"served-120-days.yaml": claim})
    assert not validate_content(content).problems


# --- the built site (HTML) ----------------------------------------------------------


class _Lang(HTMLParser):
    """The text under each element that has a `lang` attribute, by that language."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in (
            "br",
            "img",
            "meta",
            "link",
            "input",
            "hr",
            "source",
            "wbr",
            "area",
            "base",
            "col",
            "embed",
            "param",
            "track",
        ):
            self.stack.append(dict(attrs).get("lang"))

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in ("br", "img", "meta", "link", "input", "hr"):
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        language = next((lang for lang in reversed(self.stack) if lang), None)
        if language and data.strip():
            self.texts.setdefault(language, []).append(data.strip())


@pytest.mark.slow
def test_the_built_pages_mark_the_russian_words_and_nothing_else(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", tmp_path / "site_templates")
    content = russian_content(tmp_path)
    build(
        content,
        tmp_path / "site",
        offline=False,
        dist_dir=tmp_path / "dist",
        config=tmp_path / "mkdocs.yml",
    )
    source = _Lang()
    source.feed(
        (tmp_path / "site" / "sources" / "vesti" / "index.html").read_text(encoding="utf-8")
    )
    russian = " ".join(source.texts["ru"])
    assert (
        "Сапёры вернулись домой" in russian
        and "Полк" in russian
        and "Губернатор поблагодарил сапёров." in russian
    )
    assert not re.search(r"[A-Za-z]{3,}", russian), (
        russian
    )  # no English (the "cited by" numbers are `en`)
    assert (
        "1" in source.texts["en"]
    )  # the whole page is `en`; the marker says so again inside the Russian
    claim = _Lang()
    claim.feed(
        (tmp_path / "site" / "claims" / "served-120-days" / "index.html").read_text(
            encoding="utf-8"
        )
    )
    assert "вернулся в декабре после 120 дней" in claim.texts["ru"]
    assert not re.search(r"[A-Za-z]{3,}", " ".join(claim.texts["ru"]))


def test_source_pages_name_the_language_in_words() -> None:
    from generator.render.labels import language_name

    assert [language_name(t) for t in ("en", "ru", "pt-BR", "xx")] == [
        "English (en)",
        "Russian (ru)",
        "Portuguese (Brazil) (pt-BR)",
        "xx",
    ]
