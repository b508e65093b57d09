"""Our stylesheet names no physical side: a page in a language written right to left
(Material's `dir="rtl"`, for `theme.language: ar`) is laid out mirrored."""

from __future__ import annotations

import re

import pytest

from generator.render.docs import ASSETS_DIR, STYLESHEET, asset_files

PHYSICAL = re.compile(
    r"(?P<property>\b(?:margin|padding|border|inset|scroll-margin|scroll-padding)-(?:left|right)\b"
    r"|(?<![\w-])(?:left|right)\s*:"
    r"|\b(?:text-align|float|clear)\s*:\s*(?:left|right)\b)"
)
"""A declaration that names a side of the screen instead of a side of the text."""


def physical_sides(css: str) -> list[str]:
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [match["property"] for match in PHYSICAL.finditer(without_comments)]


def test_the_published_stylesheet_uses_logical_sides_only() -> None:
    published = asset_files(ASSETS_DIR)[f"assets/{STYLESHEET}"].decode("utf-8")
    assert "border-inline-start" in published  # the matrix's tints, appended to it
    assert physical_sides(published) == []


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1em; }",
        ".a { border-right: 1px solid; }",
        ".a { text-align: right; }",
        ".a { left: 0; }",
        ".a { float: left; }",
    ],
)
def test_the_check_sees_a_physical_side(css: str) -> None:
    assert physical_sides(css) != []


def test_a_gradient_towards_a_side_is_no_declaration_of_one() -> None:
    """The scroll shadows are the same on both sides (backgrounds have no logical sides)."""
    css = ".a { background: linear-gradient(to right, red, blue) left / 1em 100%; }"
    assert physical_sides(css) == []
