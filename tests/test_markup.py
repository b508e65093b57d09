"""generator.render.markup: untrusted text can only ever come out as text.

Escaped values are pushed through Python-Markdown configured like mkdocs.yml
*plus* every common pymdownx extension (a maintainer may add them later), and
the resulting HTML is parsed: it must hold exactly the text that went in, in
the element the context gives it, and nothing else.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import markupsafe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.corpus.control_characters import replace_control_characters
from generator.render import markup
from generator.render.markup import (
    SafeMarkdown,
    UnsafeUrlError,
    escape_html_text,
    escape_text,
    external_link,
    finalize,
    http_url,
    render_analysis,
    template_environment,
)

DANGEROUS = {
    "admonition": '!!! note "Injected"',
    "details": '??? warning "Injected"',
    "attr_list": 'text {: onclick="alert(1)" }',
    "attr_list_id": "text { #main .x onclick=alert(1) }",
    "javascript_link": "[click me](javascript:alert(1))",
    "javascript_autolink": "<javascript:alert(1)>",
    "http_autolink": "<https://evil.example/>",
    "image": "![x](https://evil.example/track.png)",
    "reference_link": "[x][1]\n\n[1]: javascript:alert(1)",
    "snippet_inline": '--8<-- "/etc/passwd"',
    "snippet_block": "--8<--\n/etc/passwd\n--8<--",
    "jinja_expression": "{{ config.extra }}",
    "jinja_statement": "{% include 'x' %}",
    "jinja_comment": "{# hidden #}",
    "script": "<script>alert(1)</script>",
    "img_onerror": "<img src=x onerror=alert(1)>",
    "closing_title": "</title><script>alert(1)</script>",
    "html_comment": "<!-- hidden -->",
    "md_in_html": '<div markdown="1">**x**</div>',
    "entity": "&lt;script&gt; &amp; &#60;",
    "heading": "# Heading",
    "setext": "Title\n=====",
    "list": "1. one\n2. two",
    "bullet": "- item\n* item\n+ item",
    "blockquote": "> quoted",
    "code_span": "`code`",
    "fence": "```\ncode\n```",
    "indented_code": "    code",
    "table": "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "emphasis": "*a* **b** _c_ __d__",
    "mark_tilde_caret": "==mark== ~~del~~ ^^ins^^ H~2~O",
    "emoji": ":smile: :warning:",
    "keys": "++ctrl+alt+del++",
    "critic": "{++ added ++} {-- removed --}",
    "math": "$x^2$ and $$y$$",
    "footnote": "text[^1]\n\n[^1]: note",
    "abbreviation": "*[HTML]: Hyper Text",
    "definition": "term\n: definition",
    "tabbed": '=== "Tab"\n    content',
    "magiclink_email": "write to someone@example.org or @user",
    "backslashes": "\\*not emphasis\\* \\\\ \\",
    "placeholder_forgery": "\x02wzxhzdk:0\x03 and \x02klzzwxh:0\x03",
    "smart": "\"quotes\" and 'apostrophes' -- (c) (tm) ... 1/2 +/-",
    "hard_break": "line  \nbreak",
    "hr": "***",
    "task": "- [x] done",
}

CONTEXTS = {
    "paragraph": ("{}", "p"),
    "heading": ("# {}", "h1"),
    "list_item": ("- {}", "li"),
    "blockquote": ("> {}", "p"),
    "table_cell": ("| head |\n| --- |\n| {} |", "td"),
    "link_text": ("[{}](page.md)", "a"),
    "emphasis": ("*{}*", "em"),
    "inline_html": ('<mark id="q-1-2">{}</mark>', "mark"),
}


def site_markdown(tmp_path: Path) -> markdown.Markdown:
    """Python-Markdown as mkdocs.yml configures it, plus the usual pymdownx extensions."""
    return markdown.Markdown(
        extensions=[
            "toc",
            "tables",
            "fenced_code",
            "attr_list",
            "md_in_html",
            "admonition",
            "def_list",
            "footnotes",
            "abbr",
            "pymdownx.details",
            "pymdownx.superfences",
            "pymdownx.tabbed",
            "pymdownx.magiclink",
            "pymdownx.emoji",
            "pymdownx.mark",
            "pymdownx.tilde",
            "pymdownx.caret",
            "pymdownx.keys",
            "pymdownx.smartsymbols",
            "pymdownx.critic",
            "pymdownx.arithmatex",
            "pymdownx.snippets",
            "pymdownx.tasklist",
            "pymdownx.betterem",
            "pymdownx.inlinehilite",
        ],
        extension_configs={
            "toc": {"permalink": False},
            "pymdownx.snippets": {"base_path": [str(tmp_path)], "check_paths": True},
            "pymdownx.magiclink": {"repo_url_shorthand": True, "social_url_shorthand": True},
        },
    )


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def tag_names(self) -> list[str]:
        return [tag for tag, _ in self.tags]

    @property
    def joined_text(self) -> str:
        return "".join(self.text)


def collapsed(text: str) -> str:
    """What escape_text promises to keep: the text with its whitespace runs collapsed."""
    text = "".join("\ufffd" if _is_control(c) else c for c in text)
    return re.sub(r"[ \t\n\r\f\v\x85\u2028\u2029]+", " ", text).strip()


def _is_control(char: str) -> bool:
    return (ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0) and char not in "\t\n\r\f\v\x85"


def wrapper_tags(template: str, tmp_path: Path) -> list[str]:
    """The tags a context produces around harmless text."""
    return Elements(site_markdown(tmp_path).convert(template.format("plain"))).tag_names


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@pytest.mark.parametrize("name", sorted(DANGEROUS))
def test_escaped_text_is_only_text_in_every_context(
    name: str, context: str, tmp_path: Path
) -> None:
    value = DANGEROUS[name]
    template, element = CONTEXTS[context]
    rendered = site_markdown(tmp_path).convert(template.format(escape_text(value)))
    parsed = Elements(rendered)
    assert parsed.tag_names == wrapper_tags(template, tmp_path), rendered
    assert element in parsed.tag_names
    assert collapsed(value) in parsed.joined_text, rendered


@pytest.mark.parametrize("name", sorted(DANGEROUS))
def test_escaped_text_holds_no_syntax_for_raw_text_preprocessors(name: str) -> None:
    escaped = escape_text(DANGEROUS[name])
    for sequence in (
        "{{",
        "{%",
        "{#",
        "--8<--",
        "<",
        ">",
        "\x02",
        "\x03",
        "`",
        "[",
        "]",
        "!!!",
        "???",
    ):
        assert sequence not in escaped
    assert jinja2.Environment().from_string(escaped).render() == escaped


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_survives_escaping_verbatim(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    md = site_markdown(tmp_path_factory.getbasetemp())
    parsed = Elements(md.convert(escape_text(text)))
    expected = collapsed(text).strip()
    if expected:
        assert parsed.tag_names == ["p"]
    assert parsed.joined_text.strip() == expected


def test_escape_text_collapses_line_breaks_so_no_block_can_start() -> None:
    assert escape_text("one\n\n    two\r\n# three") == "one two &#35; three"


def test_escape_text_keeps_edge_spaces_when_asked() -> None:
    assert escape_text("  a  b  ", strip=False) == " a b "


def test_escape_text_replaces_control_characters() -> None:
    assert escape_text("a\x00b\x02c\x03d\x1b") == "a\ufffdb\ufffdc\ufffdd\ufffd"


def test_control_characters_are_exactly_unicode_category_cc_minus_line_breaks() -> None:
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    expected = "".join(
        "\ufffd" if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v\x85" else c
        for c in everything
    )
    assert replace_control_characters(everything) == expected


def test_escape_html_text_is_plain_html_escaping() -> None:
    assert escape_html_text("</title><script>\"x\" & 'y'") == (
        "&lt;/title&gt;&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;"
    )


# --- URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "//evil.example/",
        "/relative",
        "page.md",
        "mailto:a@example.org",
        "ftp://example.org/",
        " https://x.org/",
        "vbscript:x",
        "https:/x",
        "",
    ],
)
def test_http_url_refuses_everything_but_absolute_http(url: str) -> None:
    with pytest.raises(UnsafeUrlError):
        http_url(url)


def test_http_url_encodes_markdown_and_html_syntax() -> None:
    url = http_url("https://x.org/a b[c](d)<e>\"f'`g\\h{i}%zz%20é?a=1&b=2")
    assert url == (
        "https://x.org/a%20b%5Bc%5D%28d%29%3Ce%3E%22f%27%60g%5Ch%7Bi%7D%25zz%20%C3%A9?a=1&amp;b=2"
    )


def test_external_link_is_nofollow_and_escapes_its_text(tmp_path: Path) -> None:
    link = external_link("https://x.org/[a](javascript:alert(1))", "[x](javascript:alert(1))")
    parsed = Elements(site_markdown(tmp_path).convert(link))
    assert parsed.tags == [
        ("p", {}),
        (
            "a",
            {
                "class": "fc-external",
                "href": "https://x.org/%5Ba%5D%28javascript:alert%281%29%29",
                "rel": "nofollow noopener",
            },
        ),
    ]
    assert parsed.joined_text == "[x](javascript:alert(1))"


# --- the analysis field ---------------------------------------------------------------

HOSTILE_ANALYSIS = """\
# Heading

Text with [a link](https://example.org/a_b?x=1&y=2), [js](javascript:alert(1)),
[data](data:text/html;base64,PHNjcmlwdD4=), [relative](../claims/x.md), [mail](mailto:a@b.org),
<https://example.org/auto> and <a@b.org>.

<script>alert("raw")</script>
<img src=x onerror="alert(1)">
<div markdown="1">**md in html**</div>

!!! note "admonition"
    body

{: onclick="alert(1)" }

![image](https://tracker.example/p.png)

    --8<-- "/etc/passwd"
    {{ config }} {% raw %}

```
fenced <b>code</b>
```

| a | b |
|---|---|
| 1 | 2 |

- one
- two

> quote

---
"""


def analysis_elements(tmp_path: Path) -> tuple[str, Elements]:
    page = f"# Page\n\n{render_analysis(HOSTILE_ANALYSIS)}\n\nAfter.\n"
    rendered = site_markdown(tmp_path).convert(page)
    return rendered, Elements(rendered)


def test_analysis_keeps_simple_markup_and_http_links(tmp_path: Path) -> None:
    _, parsed = analysis_elements(tmp_path)
    links = [attrs for tag, attrs in parsed.tags if tag == "a"]
    hrefs = [attrs.get("href") for attrs in links]
    assert "https://example.org/a_b?x=1&y=2" in hrefs
    assert "https://example.org/auto" in hrefs
    assert all(attrs["rel"] == "noopener nofollow" for attrs in links)
    assert all(attrs["class"] == "fc-external" for attrs in links)  # marked as leaving the site
    for tag in ("h3", "table", "ul", "blockquote", "pre", "code", "hr"):
        assert tag in parsed.tag_names


def test_analysis_drops_every_non_http_link_and_all_raw_html(tmp_path: Path) -> None:
    rendered, parsed = analysis_elements(tmp_path)
    hrefs = [attrs.get("href") for tag, attrs in parsed.tags if tag == "a"]
    assert all(href is None or href.startswith("https://") for href in hrefs)
    forbidden = {"script", "img", "h1", "h2", "iframe", "style"}
    assert forbidden.isdisjoint(parsed.tag_names[1:]), rendered  # [0] is the page's own h1
    for tag, attrs in parsed.tags:
        assert attrs.get("class") in (("fc-external",) if tag == "a" else (None, "fc-analysis"))
        assert not any(name.startswith("on") for name in attrs)
        assert set(attrs) <= {"href", "rel", "class", "id", "start"}


def test_analysis_shows_raw_html_and_template_syntax_as_text(tmp_path: Path) -> None:
    _, parsed = analysis_elements(tmp_path)
    text = parsed.joined_text
    assert '<script>alert("raw")</script>' in text
    assert '--8<-- "/etc/passwd"' in text
    assert "{{ config }} {% raw %}" in text
    assert "fenced <b>code</b>" in text
    assert "After." in text


def test_analysis_block_is_one_opaque_html_line() -> None:
    block = render_analysis(HOSTILE_ANALYSIS)
    opening, body, closing = block.split("\n")
    assert (opening, closing) == ('<div class="fc-analysis">', "</div>")
    for sequence in ("{{", "{%", "--8<--", "`", "[", "!!!", "\x02"):
        assert sequence not in body


def test_analysis_headings_sit_below_the_page_headings() -> None:
    block = render_analysis("# One\n\n## Two\n\n##### Five\n")
    assert re.findall(r"<(h\d)>", block) == ["h3", "h4", "h6"]


def test_analysis_text_round_trips_through_html() -> None:
    block = render_analysis('Ratio 3 < 4 & "quoted" {x} 100% ~ok~')
    assert html.unescape(re.sub(r"<[^>]+>", "", block)).strip() == (
        'Ratio 3 < 4 & "quoted" {x} 100% ~ok~'
    )


# --- templates -------------------------------------------------------------------------


def test_finalize_escapes_all_but_safe_markdown() -> None:
    assert finalize("*x*") == "&#42;x&#42;"
    assert finalize(SafeMarkdown("*x*")) == "*x*"
    assert finalize(markupsafe.Markup("<b>x</b>")) == "&lt;b&gt;x&lt;&#47;b&gt;"
    assert finalize(-1) == "&#45;1"


@pytest.mark.parametrize("value", [None, True, ["a"], {"a": 1}, 1.5])
def test_finalize_refuses_values_that_are_not_text(value: object) -> None:
    with pytest.raises(TypeError):
        finalize(value)


def test_template_environment_escapes_every_expression(tmp_path: Path) -> None:
    (tmp_path / "t.md.j2").write_text(
        "{{ v }}|{{ v | safe }}|{{ v ~ '' }}|{{ s }}|{{ s ~ v }}|{{ v | upper }}", encoding="utf-8"
    )
    env = template_environment(tmp_path)
    out = env.get_template("t.md.j2").render(v="<b>", s=SafeMarkdown("<i>"))
    assert out == "&lt;b&gt;|&lt;b&gt;|&lt;b&gt;|<i>|&lt;i&gt;&lt;b&gt;|&lt;B&gt;"


def test_template_environment_fails_on_undefined_names(tmp_path: Path) -> None:
    (tmp_path / "t.md.j2").write_text("{{ missing }}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        template_environment(tmp_path).get_template("t.md.j2").render()


def test_one_analysis_cannot_define_a_link_for_the_next() -> None:
    """The converter is reused between analyses; reference definitions must not carry over."""
    first = render_analysis("See [the report][r].\n\n[r]: https://example.org/a")
    second = render_analysis("See [the report][r].")
    assert 'href="https&#58;&#47;&#47;example&#46;org&#47;a"' in first
    assert "href" not in second


@pytest.mark.parametrize(
    "sanitised", ['<a class="x" href="https://a.org/">', '<a rel="me" href="https://a.org/">']
)
def test_only_the_sanitisers_own_class_and_rel_pass_the_second_check(sanitised: str) -> None:
    """The attributes nh3 writes itself have one value each: anything else is a bug upstream."""
    with pytest.raises(ValueError, match="not the sanitiser's own"):
        markup._OpaqueHtml.serialise(sanitised)


@given(st.text())
def test_the_regex_replacers_do_what_the_translation_tables_say(text: str) -> None:
    assert markup._replace_for_text(text) == text.translate(markup._TEXT_TABLE)
    assert markup._replace_for_opaque(text) == text.translate(markup._OPAQUE_TABLE)
