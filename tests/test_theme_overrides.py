"""The Material partials copied into site_templates/overrides/partials/ stay Material's.

Each copy is Material's installed partial with one documented change. When
Material is upgraded and its partial changes, these fail: copy it again and
make the change again (the copy's header says which).
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import material
import pytest

OVERRIDES = Path(__file__).resolve().parent.parent / "site_templates" / "overrides" / "partials"
MATERIAL = Path(material.__file__).resolve().parent / "templates" / "partials"
MATERIAL_HEADER = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
OUR_HEADER = re.compile(r"\{#-\n(?:.*\n)*?-#\}\n")

NAV_LOOP = """    {% for nav_item in nav.items %}
      {% set path = "__nav_" ~ loop.index %}
      {{ item.render(nav_item, path, 1) }}
    {% endfor %}
"""
ALTERNATE_LOOP = """        {% for alt in config.extra.alternate %}
          <li class="md-select__item">
            <a href="{{ alt.link | url }}" hreflang="{{ alt.lang }}" class="md-select__link">"""
CHANGES = {
    "alternate.html": (
        ALTERNATE_LOOP,
        """        {% for alt in config.extra.alternate %}
          {% set translations = page.meta.translations if page and page.meta and page.meta.translations is mapping else {} %}
          <li class="md-select__item">
            <a href="{% if page and alt.lang == config.theme.language %}{{ page.url | url }}{% elif alt.lang in translations %}{{ translations[alt.lang] }}{% else %}{{ alt.link | url }}{% endif %}" hreflang="{{ alt.lang }}" class="md-select__link">""",
    ),
    "copyright.html": (
        '<div class="md-copyright">\n',
        '<div class="md-copyright">\n  <a class="fc-about-link" href="{{ (\'about/\' if config.use_directory_urls else \'about.html\') | url }}">{{ _("About us") }}</a>\n',
    ),
    "search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ),
    "nav.html": (
        NAV_LOOP,
        NAV_LOOP
        + """    {% if page and page.toc and page not in nav.pages %}
      {% include "partials/fc-page-toc.html" %}
    {% endif %}
""",
    ),
}


def split_header(text: str) -> tuple[str, str]:
    match = OUR_HEADER.match(text)
    assert match, "the copy starts with a comment saying what it changes"
    return match.group(0), text[match.end() :]


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_the_copy_is_materials_partial_with_its_one_change(name: str) -> None:
    original = (MATERIAL / name).read_text(encoding="utf-8")
    assert original.startswith(MATERIAL_HEADER)
    before, after = CHANGES[name]
    assert original.count(before) == 1, (
        f"Material's {name} changed: copy it again and redo the change"
    )
    header, ours = split_header((OVERRIDES / name).read_text(encoding="utf-8"))
    assert ours == original.removeprefix(MATERIAL_HEADER).replace(before, after)
    assert (
        f"Material {importlib.metadata.version('mkdocs-material')}'s partials/{name}"
        in " ".join(header.split())
    )


def test_every_copied_partial_is_checked_here() -> None:
    copies = {p.name for p in OVERRIDES.glob("*.html") if (MATERIAL / p.name).exists()}
    assert copies == set(CHANGES)


def test_material_prints_the_canonical_link_that_main_html_takes_out_of_a_noindex_page() -> None:
    """main.html's `site_meta` removes this exact line from a draft's head (a page marked
    noindex claims no public address); if Material prints it otherwise, redo the removal."""
    base = (MATERIAL.parent / "base.html").read_text(encoding="utf-8")
    assert base.count('<link rel="canonical" href="{{ page.canonical_url }}">') == 1
    main = (OVERRIDES.parent / "main.html").read_text(encoding="utf-8")
    assert """'<link rel="canonical" href="' ~ page.canonical_url ~ '">'""" in main


def test_material_links_the_editions_home_pages_as_main_html_takes_them_out() -> None:
    """main.html takes Material's links to each edition's home page out of every head
    (`fc_without_edition_links`, in generator/publish/theme_plugin.py, matches this line);
    if Material prints them otherwise, redo the match."""
    from generator.publish.theme_plugin import without_edition_links

    base = (MATERIAL.parent / "base.html").read_text(encoding="utf-8")
    line = '<link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang | d(lang.t(\'language\')) }}">'
    assert base.count(line) == 1
    printed = '  <link rel="alternate" href="/es/" hreflang="es">\n'
    assert without_edition_links(f"<title>x</title>\n{printed}") == "<title>x</title>\n"
