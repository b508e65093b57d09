"""The catalogs every word of the interface comes from, and the rules `factcheck catalog
check` keeps: complete, not fuzzy, placeholders as the English's, and every string of the
code and the templates in them (the extraction runs each time: checked, not trusted)."""

from __future__ import annotations

import ast
import datetime as dt
import io
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from click.testing import CliRunner

from generator.cli import cli
from generator.commands.catalog import (
    KEYWORDS,
    check_catalogs,
    extract,
    new_catalog,
    update_catalogs,
)
from generator.render.i18n import (
    SOURCE_LANGUAGE,
    catalog_languages,
    format_date,
    format_number,
    format_partial_date,
    gettext,
    gettext_markup,
    ngettext,
    site_language,
    speaking,
)
from generator.render.markup import SafeMarkdown

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("ar", "en", "es", "ko", "ru")


def test_the_shipped_catalogs_are_complete_and_match_the_code_and_templates() -> None:
    assert catalog_languages() == SHIPPED
    problems = check_catalogs()
    assert problems == [], "\n".join(p.format() for p in problems)


def test_the_check_command_says_so() -> None:
    result = CliRunner().invoke(cli, ["catalog", "check"])
    assert result.exit_code == 0, result.output
    assert "the catalogs are complete" in result.output


# --- the rules, on a project of two strings -------------------------------------------------

CODE = """\
from generator.render.i18n import gettext, ngettext

def words(count: int) -> str:
    heading = gettext("Claims")
    # Translators: a count of claims.
    return heading + ngettext("%(count)s claim", "%(count)s claims", count, count=count)
"""
TEMPLATE = (
    '{{ _("Our verdict: %(verdict)s", verdict=v) }}\n{% trans %}Every quote\nlinks.{% endtrans %}\n'
)


def project(root: Path) -> Path:
    """A tree with code and a template to extract from; its locales folder."""
    (root / "generator").mkdir(parents=True)
    (root / "generator" / "words.py").write_text(CODE, encoding="utf-8")
    (root / "site_templates" / "markdown").mkdir(parents=True)
    (root / "site_templates" / "markdown" / "page.md.j2").write_text(TEMPLATE, encoding="utf-8")
    return root / "site_templates" / "locales"


def write_catalog(locales: Path, language: str, entries: list[dict[str, object]]) -> Path:
    catalog = Catalog(locale=language, fuzzy=False)
    for entry in entries:
        catalog.add(**entry)  # type: ignore[arg-type]
    path = locales / language / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())
    return path


GOOD_ES = [
    {"id": "Claims", "string": "Afirmaciones"},
    {
        "id": ("%(count)s claim", "%(count)s claims"),
        "string": ("una afirmación", "%(count)s afirmaciones"),
    },
    {"id": "Our verdict: %(verdict)s", "string": "Nuestro veredicto: %(verdict)s"},
    {"id": "Every quote links.", "string": "Cada cita enlaza."},
]


def messages(problems: list[object]) -> str:
    return "\n".join(str(getattr(p, "message", p)) for p in problems)


def test_extraction_finds_code_and_templates_with_translators_comments(tmp_path: Path) -> None:
    project(tmp_path)
    found = {m.id: m for m in extract(tmp_path) if m.id}
    assert set(found) == {
        "Claims",
        ("%(count)s claim", "%(count)s claims"),
        "Our verdict: %(verdict)s",
        "Every quote links.",  # {% trans %}, its whitespace trimmed as the pages have it
    }
    assert found["Claims"].auto_comments == []
    assert found[("%(count)s claim", "%(count)s claims")].auto_comments == ["a count of claims."]


def test_a_complete_catalog_passes(tmp_path: Path) -> None:
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)  # writes messages.pot
    write_catalog(locales, "es", GOOD_ES)
    assert check_catalogs(["es"], tmp_path, locales) == []


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"id": "Claims", "string": ""}, "'Claims' has no translation"),
        ({"id": "Claims", "string": "Afirmaciones", "flags": ["fuzzy"]}, "is marked fuzzy"),
        (
            {"id": "Our verdict: %(verdict)s", "string": "Nuestro veredicto: %(veredicto)s"},
            "the translation has the placeholders %(veredicto)s, the English %(verdict)s",
        ),
        (
            {"id": "Our verdict: %(verdict)s", "string": "Nuestro veredicto"},
            "the translation has the placeholders none, the English %(verdict)s",
        ),
        (
            {
                "id": ("%(count)s claim", "%(count)s claims"),
                "string": ("una afirmación", "afirmaciones"),
            },
            "msgstr[1] has the placeholders none, the English %(count)s",
        ),
    ],
    ids=[
        "untranslated",
        "fuzzy",
        "renamed-placeholder",
        "lost-placeholder",
        "plural-count",
    ],
)
def test_each_rule_is_checked(tmp_path: Path, change: dict[str, object], said: str) -> None:
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)
    entries = [e for e in GOOD_ES if e["id"] != change["id"]] + [change]
    write_catalog(locales, "es", entries)
    assert said in messages(check_catalogs(["es"], tmp_path, locales))


def test_a_form_for_one_number_alone_may_spell_it_out_but_not_another(tmp_path: Path) -> None:
    """Russian's first form is for 1, 21, 31...: it must say which number."""
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)
    ru = [e for e in GOOD_ES if e["id"] != ("%(count)s claim", "%(count)s claims")]
    ru.append(
        {
            "id": ("%(count)s claim", "%(count)s claims"),
            "string": ("одно утверждение", "%(count)s утверждения", "%(count)s утверждений"),
        }
    )
    write_catalog(locales, "ru", ru)
    assert "msgstr[0] has the placeholders none" in messages(
        check_catalogs(["ru"], tmp_path, locales)
    )


def test_a_catalog_whose_plural_rule_is_not_its_languages_is_refused(tmp_path: Path) -> None:
    """A Russian catalog with English's two plural forms: CLDR says Russian has three."""
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)
    spanish = write_catalog(locales, "es", GOOD_ES)
    russian = locales / "ru" / "LC_MESSAGES" / "messages.po"
    russian.parent.mkdir(parents=True)
    russian.write_text(
        spanish.read_text(encoding="utf-8").replace("Language: es", "Language: ru"),
        encoding="utf-8",
    )
    assert "the header's Plural-Forms has nplurals=2, but ru has 3 plural forms" in messages(
        check_catalogs(["ru"], tmp_path, locales)
    )


def test_a_catalog_that_does_not_parse_is_a_problem_at_its_line(tmp_path: Path) -> None:
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)
    path = write_catalog(locales, "es", GOOD_ES)
    path.write_text(
        path.read_text(encoding="utf-8") + 'msgid "x"\nmsgstr[7] "y"\n', encoding="utf-8"
    )
    (problem,) = [p for p in check_catalogs(["es"], tmp_path, locales) if p.path == path]
    assert problem.line > 1 and "error" in problem.format()


def test_a_string_added_to_a_template_is_missing_until_the_catalogs_have_it(
    tmp_path: Path,
) -> None:
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)
    write_catalog(locales, "es", GOOD_ES)
    page = tmp_path / "site_templates" / "markdown" / "page.md.j2"
    page.write_text(TEMPLATE + '{{ _("Sources") }}\n', encoding="utf-8")
    said = messages(check_catalogs(["es"], tmp_path, locales))
    assert "'Sources' is not in messages.pot; run `factcheck catalog update`" in said
    assert "'Sources' is missing; run `factcheck catalog update`, then translate it" in said
    update_catalogs(tmp_path, locales)
    assert messages(check_catalogs(["es"], tmp_path, locales)) == "'Sources' has no translation"


def test_a_string_the_code_no_longer_uses_is_reported(tmp_path: Path) -> None:
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)
    write_catalog(locales, "es", [*GOOD_ES, {"id": "Gone", "string": "Ido"}])
    assert "'Gone' is no longer used" in messages(check_catalogs(["es"], tmp_path, locales))


def test_new_starts_a_catalog_to_translate_and_english_translates_itself(tmp_path: Path) -> None:
    locales = project(tmp_path)
    new_catalog("ru", tmp_path, locales)
    said = messages(check_catalogs(["ru"], tmp_path, locales))
    assert said.count("has no translation") == 4
    assert "Plural-Forms" not in said  # CLDR's three forms, written by `new`
    new_catalog(SOURCE_LANGUAGE, tmp_path, locales)
    assert check_catalogs([SOURCE_LANGUAGE], tmp_path, locales) == []


def test_new_refuses_a_language_cldr_does_not_know_and_a_catalog_there_already(
    tmp_path: Path,
) -> None:
    from generator.commands.catalog import CatalogCommandError

    locales = project(tmp_path)
    with pytest.raises(CatalogCommandError, match="not a language CLDR knows"):
        new_catalog("klingon", tmp_path, locales)
    new_catalog("es", tmp_path, locales)
    with pytest.raises(CatalogCommandError, match="already there"):
        new_catalog("es", tmp_path, locales)


def test_update_adds_a_new_string_untranslated_but_in_english(tmp_path: Path) -> None:
    """English translates itself; Spanish, updated after it, must not get its English."""
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)
    write_catalog(locales, SOURCE_LANGUAGE, [{**entry, "string": entry["id"]} for entry in GOOD_ES])
    write_catalog(locales, "es", GOOD_ES)
    page = tmp_path / "site_templates" / "markdown" / "page.md.j2"
    page.write_text(TEMPLATE + '{{ _("A new string") }}\n', encoding="utf-8")
    update_catalogs(tmp_path, locales)
    assert check_catalogs([SOURCE_LANGUAGE], tmp_path, locales) == []
    said = messages(check_catalogs(["es"], tmp_path, locales))
    assert "'A new string' has no translation" in said


def test_update_marks_a_changed_string_fuzzy_for_the_translator(tmp_path: Path) -> None:
    locales = project(tmp_path)
    update_catalogs(tmp_path, locales)
    write_catalog(locales, "es", GOOD_ES)
    page = tmp_path / "site_templates" / "markdown" / "page.md.j2"
    page.write_text(TEMPLATE.replace("Every quote", "Each quote"), encoding="utf-8")
    update_catalogs(tmp_path, locales)
    said = messages(check_catalogs(["es"], tmp_path, locales))
    assert "'Each quote links.' is marked fuzzy" in said
    assert "'Every quote links.'" not in said  # dropped, not kept obsolete


# --- what extraction can see ----------------------------------------------------------------

TRANSLATED_WHERE_PRINTED = {
    ("generator/render/labels.py", "verdict_label"),
    ("generator/render/labels.py", "verdict_description"),
    ("generator/render/labels.py", "stance_label"),
    ("generator/render/about_page.py", "anchor"),
    ("generator/render/about_page.py", "placeholders"),
    ("generator/render/about_page.py", "not_stated"),
    ("generator/render/about_page.py", "about_producers"),
    ("generator/render/about_page.py", "_at"),
    ("generator/render/newsroom.py", "newsroom_producers"),
    ("generator/render/views.py", "original_label"),
    ("generator/render/descriptions.py", "source_description"),
}
"""The calls that translate a string marked `N_` where it is defined (corpus/scale.py,
render/about_page.py, render/newsroom.py), or one a template has (`_at`: the methodology's
headings)."""


def _is_a_catalogs_own(function: ast.expr) -> bool:
    """`<...>.translations.gettext`: a compiled catalog's own method, which our gettext
    functions call with the message they were given."""
    return (
        isinstance(function, ast.Attribute)
        and isinstance(function.value, ast.Attribute)
        and function.value.attr == "translations"
    )


def gettext_calls_extraction_cannot_see() -> list[str]:
    """Calls of a gettext function whose message is not a literal (a variable, a string
    built at run time), or that sit in an f-string, where Babel's extractor cannot see."""
    names = set(KEYWORDS)
    hidden = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = path.relative_to(ROOT).as_posix()
        in_fstrings = {
            id(call)
            for joined in ast.walk(tree)
            if isinstance(joined, ast.JoinedStr)
            for call in ast.walk(joined)
            if isinstance(call, ast.Call)
        }
        for function in [*ast.walk(tree)]:
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in ast.walk(function):
                if not isinstance(call, ast.Call):
                    continue
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                if name not in names or _is_a_catalogs_own(call.func):
                    continue
                literal = [
                    a
                    for a in call.args[:3]
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                allowed = (relative, function.name) in TRANSLATED_WHERE_PRINTED
                if id(call) in in_fstrings or (not literal and not allowed):
                    hidden.append(f"{relative}:{call.lineno}: {ast.unparse(call)[:60]}")
    return hidden


def test_every_gettext_call_gives_extraction_its_message() -> None:
    assert gettext_calls_extraction_cannot_see() == []


# --- the words, the formats -------------------------------------------------------------------


def test_russian_dates_numbers_and_its_three_plural_forms() -> None:
    with speaking("ru"):
        assert format_date(dt.date(2026, 11, 23)) == "23 ноября 2026\u202fг."
        assert format_number(1234) == "1\xa0234"
        assert format_number(2.5) == "2,5"
        assert format_partial_date("2025-08") == "август 2025\u202fг."
        assert format_partial_date("2025") == "2025"
        forms = [
            ngettext("%(count)s draft claim", "%(count)s draft claims", n, count=n)
            for n in (1, 3, 5, 21)
        ]
    assert forms == [
        "1 черновик утверждения",
        "3 черновика утверждений",
        "5 черновиков утверждений",
        "21 черновик утверждения",
    ]


def test_english_dates_are_day_month_year_and_partial_dates_no_more_precise() -> None:
    assert format_date(dt.date(2026, 11, 23)) == "23 November 2026"
    assert [format_partial_date(d) for d in ("2025", "2025-08", "2025-08-06")] == [
        "2025",
        "August 2025",
        "6 August 2025",
    ]
    assert format_number(1234567.5) == "1,234,567.5" and format_number(42400.0) == "42,400"


def test_each_shipped_language_and_its_direction() -> None:
    assert {language: site_language(language).direction for language in SHIPPED} == {
        "ar": "rtl",
        "en": "ltr",
        "es": "ltr",
        "ko": "ltr",
        "ru": "ltr",
    }
    with speaking("ko"):
        assert format_date(dt.date(2026, 11, 23)) == "2026년 11월 23일"
    with speaking("ar"):
        assert format_number(1234) == "1,234"  # Western digits, as Arabic news sites write them


def test_a_translation_is_text_and_cannot_add_markup(tmp_path: Path) -> None:
    """What a hostile translation would make of a page: its markup printed as text."""
    import generator.render.i18n as i18n

    po = tmp_path / "xx.po"
    catalog = Catalog(locale="es", fuzzy=False)
    catalog.add(
        "Our verdict: %(verdict)s",
        "<script>alert(1)</script> *x* [a](javascript:y) %(verdict)s",
    )
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    po.write_bytes(buffer.getvalue())
    language = i18n.SiteLanguage("es", "es", i18n.compiled_catalog(po), site_language("es").locale)
    badge = SafeMarkdown('<span class="fc-badge">False</span>')
    with speaking(language):
        said = gettext_markup("Our verdict: %(verdict)s", verdict=badge)
        plain = gettext("Our verdict: %(verdict)s", verdict="<b>")
    assert "<script>" not in said and "*x*" not in said and "](javascript" not in said
    assert said.endswith('<span class="fc-badge">False</span>')  # only the generator's markup
    assert (
        plain == "<script>alert(1)</script> *x* [a](javascript:y) <b>"
    )  # text, escaped when printed


def test_a_placeholder_without_its_value_is_a_bug_not_a_page() -> None:
    with pytest.raises(ValueError, match=r"no value for the placeholder %\(verdict\)s"):
        gettext("Our verdict: %(verdict)s")


def test_english_reads_as_the_templates_write_it() -> None:
    template = textwrap.dedent("%(count)s%% of %(what)s")
    assert gettext(template, count=5, what="it") == "5% of it"
