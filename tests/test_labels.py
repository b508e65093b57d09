"""Shortened labels: cut after a whole word (inside one only when the first is longer than the
room), never leaving a bracket or quotation mark open; OpenGraph's locale of a language tag."""

from __future__ import annotations

import pytest

from generator.render.labels import SHORT_TITLE, opengraph_locale, shorten, source_label

FOX = "[Unattributed article citing Fox News: Kim Jong Un honours 100 soldiers killed fighting for Russia]"


@pytest.mark.parametrize(
    ("text", "limit", "label"),
    [
        # an editor's bracketed description is closed after the ellipsis
        (FOX, 32, "[Unattributed article citing…]"),
        (FOX, SHORT_TITLE, "[Unattributed article citing Fox News: Kim…]"),
        # a quoted headline keeps its closing quotation mark
        (
            "“Granting state honors to the nine members of the regiment who died”",
            32,
            "“Granting state honors to the…”",
        ),
        (
            'Kim says "we will never forget the heroes who cleared the mines" at ceremony',
            32,
            'Kim says "we will never forget…"',
        ),
        # an unfinished part after enough words is dropped
        (
            "Kim honours the nine sappers who died (report by Fox News, unverified, via social media)",
            48,
            "Kim honours the nine sappers who died…",
        ),
        ("Kim honours sappers (report by Fox News, unverified)", 32, "Kim honours sappers…"),
        # nested marks are closed innermost first
        (
            "Kim (and “all of you” [the sappers who endured every day])",
            40,
            "Kim (and “all of you” [the sappers…])",
        ),
        # a closing mark that closes nothing is an apostrophe or a list number, not an opener
        (
            "Kim’s men return 1) safely and 2) to a ceremony in Pyongyang today",
            32,
            "Kim’s men return 1) safely and…",
        ),
        # a word boundary at the very cut is used, not the one before it
        (
            "North Korea and Russia Complete Massive Demining",
            32,
            "North Korea and Russia Complete…",
        ),
        # a word is never cut inside when an earlier word ends before the room does, however long it is
        ("A Supercalifragilisticexpialidocious word", 20, "A…"),
        ("A bloodless mission", 8, "A…"),  # not "A blood…"
        ("Kim honours Pneumonoultramicroscopicsilicovolcanoconiosis victims", 32, "Kim honours…"),
        ("“A Supercalifragilisticexpialidocious headline”", 20, "“A…”"),
        # ... only a first word longer than the room: after a hyphen, dash or slash in it if it has one
        ("Soldiers-return-from-Kursk-mission-complete", 24, "Soldiers-return-from…"),
        ("example.org/reports/2025/kursk-demining-operations", 24, "example.org/reports…"),
        # ... else where the room ends, closing what it opened
        ("Supercalifragilisticexpialidocious word", 20, "Supercalifragilisti…"),
        ("[Supercalifragilisticexpialidocious]", 12, "[Supercali…]"),
        ("— Supercalifragilisticexpialidocious", 16, "— Supercalifrag…"),
        # ... never between a letter and its accent (decomposed é), nor inside a joined emoji
        ("e\u0301" * 20, 10, "e\u0301" * 4 + "…"),
        (
            "\U0001f468\u200d\U0001f469\u200d\U0001f467" * 3,
            6,
            "\U0001f468\u200d\U0001f469\u200d\U0001f467…",
        ),
        ("Short enough (as it is", 32, "Short enough (as it is"),
    ],
)
def test_cut_labels_end_at_a_word_and_leave_nothing_open(text: str, limit: int, label: str) -> None:
    assert shorten(text, limit) == label
    assert len(label) <= limit


def test_a_source_of_unknown_outlet_is_named_by_its_shortened_headline() -> None:
    assert source_label("unknown", None, FOX) == "[Unattributed article citing Fox News: Kim…]"


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        # a territory of its own is kept, case normalised
        ("pt-BR", "pt_BR"),
        ("en-GB", "en_GB"),
        ("EN-us", "en_US"),
        ("de-CH-1996", "de_CH"),  # a variant says nothing about the territory
        # a bare language gets CLDR's likely territory
        ("en", "en_US"),
        ("fr", "fr_FR"),
        ("pt", "pt_BR"),
        ("fil", "fil_PH"),
        ("en-x-internal", "en_US"),  # private use is no territory
        # a script narrows it (Traditional Chinese: Taiwan); an unknown pair falls back to the language
        ("zh-Hant", "zh_TW"),
        ("zh", "zh_CN"),
        ("sr-Latn", "sr_RS"),
        # a deprecated code's territory is its replacement's (Serbo-Croatian, `sr-Latn`)
        ("sh", "sh_RS"),
        # an extended language subtag is the language
        ("zh-yue-HK", "yue_HK"),
        # nothing valid to write: a region that is not a country, an unknown language, no language
        ("es-419", None),
        ("eo", None),  # CLDR: Esperanto, of the world (001)
        ("qaa", None),
        ("x-private", None),
        ("i-klingon", None),
        ("und", None),
    ],
)
def test_opengraph_locale_is_language_underscore_territory(tag: str, locale: str | None) -> None:
    assert opengraph_locale(tag) == locale
