"""The offline bundle's checker on hand-made trees, without MkDocs or a browser.

A mutation spot-check (issue 18) made the checker stop looking at `<script src>` and
only the browser tests noticed. Here the checker (`_check_offline_output`) reads
small built trees: each kind of tag that loads something, written each way HTML
allows, must be refused with the file and the tag named; links a reader follows and
metadata links must pass. The helpers that prepare the pages (dropping feed links and
server-only files, refusing configurations that go online) are checked the same way.
Every expected value is written out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import PublishError
from generator.publish.offline import (
    _check_offline_output,
    _check_offline_safe,
    _drop_feed_links,
    _drop_server_only_files,
    _with_offline_plugin,
)

HEADLINE = "the offline bundle would load remote resources; the previous output is kept:"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="stylesheet" href="../assets/stylesheets/main.css">
<script src="../assets/javascripts/bundle.js"></script>
{head}
</head>
<body>
<p>See https://example.org/ and //example.org (text, not a tag).</p>
{body}
</body>
</html>
"""


def site_with(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A built tree: each page is PAGE with `{body}` filled in (and `{head}` empty)."""
    site = tmp_path / "site"
    for name, markup in pages.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(head="", body=markup), encoding="utf-8")
    (site / "assets" / "javascripts").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "javascripts" / "bundle.js").write_text(
        'var u = "<script src=\\"https://cdn.example/x.js\\">";', encoding="utf-8"
    )  # scripts are not pages: what they hold as text is not read as markup
    return site


def refusal(site: Path) -> str:
    with pytest.raises(PublishError) as caught:
        _check_offline_output(site)
    return caught.value.message


# Each tag that loads what it points to, written with a remote address.
REMOTE = [
    '<script src="https://cdn.example/x.js"></script>',
    '<script src="http://cdn.example/x.js"></script>',
    '<script src="//cdn.example/x.js"></script>',
    "<script src='https://cdn.example/x.js'></script>",
    "<script src=https://cdn.example/x.js></script>",
    '<SCRIPT SRC="HTTPS://cdn.example/x.js"></SCRIPT>',
    '<script defer type="module" src = "https://cdn.example/x.js"></script>',
    '<script\n  src="https://cdn.example/x.js"></script>',
    '<link rel="stylesheet" href="https://cdn.example/x.css">',
    '<link href="https://cdn.example/x.css" rel="stylesheet">',
    '<link rel="preload" as="font" href="https://fonts.example/f.woff2">',
    '<link rel="icon" href="https://cdn.example/favicon.png">',
    '<link rel="alternate stylesheet" href="https://cdn.example/x.css">',
    '<link rel="alternate icon" href="https://cdn.example/favicon.png">',
    "<link rel=preconnect href=https://fonts.example>",
    '<img src="https://example.org/pixel.png" alt="">',
    '<img alt="" src="//example.org/pixel.png">',
    '<iframe src="http://example.org/embed"></iframe>',
    '<source src="https://example.org/v.mp4" type="video/mp4">',
    '<audio src="https://example.org/a.mp3" controls></audio>',
    '<video src="https://example.org/v.webm"></video>',
    '<video src="v.webm" poster="https://example.org/poster.jpg"></video>',
    '<track kind="captions" src="https://example.org/t.vtt">',
    '<embed src="https://example.org/x.pdf">',
    '<object data="https://example.org/x.pdf"></object>',
    '<input type="image" alt="Go" src="https://example.org/go.png">',
    '<img srcset="https://example.org/p.png 2x" alt="">',
    '<img src="p.png" srcset="p.png 1x, https://example.org/p2.png 2x" alt="">',
    "<img src=p.png srcset=//example.org/p2.png alt=''>",
    '<source type="image/webp" srcset="p.webp 480w,\n  //example.org/p.webp 960w">',
]


@pytest.mark.parametrize("markup", REMOTE)
def test_each_tag_that_loads_from_outside_is_refused_with_its_file_and_tag(
    tmp_path: Path, markup: str
) -> None:
    site = site_with(tmp_path, {"index.html": "<p>Home</p>", "claims/one.html": markup})
    tag = markup[: markup.index(">") + 1]
    assert refusal(site) == f"{HEADLINE}\n  claims/one.html: {tag}"


def test_every_page_is_read_and_each_offender_listed_once_in_path_order(tmp_path: Path) -> None:
    script = '<script src="https://cdn.example/x.js"></script>'
    image = '<img src="https://example.org/p.png">'
    site = site_with(
        tmp_path,
        {
            "index.html": "<p>Home</p>",
            "sources/z.html": image,
            "claims/one.html": script + script,
            "a/b/c/deep.html": image,
        },
    )
    assert refusal(site) == "\n".join(
        [
            HEADLINE,
            '  a/b/c/deep.html: <img src="https://example.org/p.png">',
            '  claims/one.html: <script src="https://cdn.example/x.js">',
            '  sources/z.html: <img src="https://example.org/p.png">',
        ]
    )


def test_a_metadata_link_does_not_end_the_reading_of_its_page(tmp_path: Path) -> None:
    markup = (
        '<link rel="canonical" href="https://factcheck.example.org/">\n'
        '<script src="https://cdn.example/x.js"></script>'
    )
    site = site_with(tmp_path, {"index.html": markup})
    assert refusal(site) == f'{HEADLINE}\n  index.html: <script src="https://cdn.example/x.js">'


def test_a_tag_that_is_not_utf_8_is_still_named(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"index.html": "<p>Home</p>"})
    page = site / "index.html"
    page.write_bytes(page.read_bytes() + b'<img alt="\xff" src="https://example.org/p.png">')
    assert refusal(site) == (
        f'{HEADLINE}\n  index.html: <img alt="\ufffd" src="https://example.org/p.png">'
    )


@pytest.mark.parametrize(
    "markup",
    [
        '<link href="https://cdn.example/x.css">',  # no rel at all
        '<link rel="" href="https://cdn.example/x.css">',
        '<link rel="canonical stylesheet" href="https://cdn.example/x.css">',
    ],
)
def test_a_link_is_metadata_only_by_its_rel(tmp_path: Path, markup: str) -> None:
    site = site_with(tmp_path, {"index.html": markup})
    assert refusal(site) == f"{HEADLINE}\n  index.html: {markup}"


def test_at_most_twenty_offenders_are_listed(tmp_path: Path) -> None:
    site = site_with(
        tmp_path,
        {f"p{n:02}.html": f'<img src="https://example.org/{n}.png">' for n in range(25)},
    )
    lines = refusal(site).splitlines()
    assert lines[0] == HEADLINE
    assert lines[1:] == [
        f'  p{n:02}.html: <img src="https://example.org/{n}.png">' for n in range(20)
    ]


def test_a_long_tag_is_cut_at_200_characters(tmp_path: Path) -> None:
    markup = '<img src="https://example.org/p.png" alt="' + "x" * 300 + '">'
    site = site_with(tmp_path, {"index.html": markup})
    assert refusal(site) == f"{HEADLINE}\n  index.html: {markup[:200]}"


ALLOWED = [
    '<a href="https://example.org/article">the original</a>',
    '<a href="//example.org/article">the original</a>',
    '<a href="mailto:corrections@example.org?subject=x">write to us</a>',
    '<link rel="canonical" href="https://factcheck.example.org/claims/one/">',
    '<link rel="alternate" href="https://factcheck.example.org/ru/" hreflang="ru">',
    "<link rel='alternate' href='https://factcheck.example.org/ru/' hreflang='ru'>",
    "<link rel=canonical href=https://factcheck.example.org/>",
    '<link rel="canonical alternate" href="https://factcheck.example.org/">',
    '<link href="https://factcheck.example.org/claims/one/" rel="canonical">',
    '<link rel="ALTERNATE" type="application/atom+xml" href="https://example.org/feed.xml">',
    '<link rel="alternate " type="application/atom+xml" href="https://example.org/feed.xml">',
    '<script src="../assets/javascripts/vendor/iframe-worker-shim.js"></script>',
    '<img src="../assets/images/logo.png" alt="">',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<iframe src="../embed.html"></iframe>',
    '<img src="https.png" alt="">',
    '<p data-src="https://example.org/x.png">a data attribute loads nothing</p>',
    '<img src="p.png" srcset="p.png 1x, p2.png 2x, ../images/p3.png 3x" alt="">',
    '<video src="v.webm" poster="../assets/poster.jpg"></video>',
    '<object data="../files/x.pdf"></object>',
    '<p style="background: url(../assets/bg.png)">a local background</p>',
    "<style>body { background: url('data:image/png;base64,iVBORw0KGgo=') }</style>",
    "<p>Write url(https://example.org/x) in text: text loads nothing.</p>",
]


@pytest.mark.parametrize("markup", ALLOWED)
def test_links_a_reader_follows_local_files_and_metadata_links_pass(
    tmp_path: Path, markup: str
) -> None:
    site = site_with(tmp_path, {"index.html": markup, "claims/one.html": markup})
    _check_offline_output(site)


@pytest.mark.parametrize(
    ("markup", "named"),
    [
        (
            '<style>body { background: url("https://example.org/bg.png") }</style>',
            'url("https://example.org/bg.png',
        ),
        (
            "<p style=\"background: url('//example.org/bg.png')\">x</p>",
            "url('//example.org/bg.png",
        ),
        (
            '<style>@import "https://fonts.example/f.css";</style>',
            '@import "https://fonts.example/f.css',
        ),
    ],
)
def test_a_remote_address_in_a_pages_styles_is_refused(
    tmp_path: Path, markup: str, named: str
) -> None:
    site = site_with(tmp_path, {"index.html": markup})
    assert refusal(site) == f"{HEADLINE}\n  index.html: {named}"


def test_a_remote_address_in_a_stylesheet_is_refused_and_a_local_one_passes(
    tmp_path: Path,
) -> None:
    site = site_with(tmp_path, {"index.html": "<p>Home</p>"})
    sheet = site / "assets" / "stylesheets" / "extra.css"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(
        '@font-face { src: url("../fonts/f.woff2") format("woff2"); }\n'
        ".a { background: url(data:image/svg+xml;charset=utf-8,%3Csvg%3E) }\n",
        encoding="utf-8",
    )
    _check_offline_output(site)
    sheet.write_text(
        sheet.read_text(encoding="utf-8")
        + "@import url(https://fonts.example/css?family=X);\n"
        + ".b { background-image: url( 'http://example.org/b.png' ) }\n",
        encoding="utf-8",
    )
    assert refusal(site) == "\n".join(
        [
            HEADLINE,
            "  assets/stylesheets/extra.css: url(https://fonts.example/css?family=X",
            "  assets/stylesheets/extra.css: url( 'http://example.org/b.png",
        ]
    )


def test_a_file_that_is_not_a_page_is_not_read(tmp_path: Path) -> None:
    site = site_with(tmp_path, {"index.html": "<p>Home</p>"})
    (site / "feed.xml").write_text('<link href="https://example.org/"/>', encoding="utf-8")
    _check_offline_output(site)


# -- preparing the pages --------------------------------------------------------------------


def test_feed_links_are_dropped_and_nothing_else(tmp_path: Path) -> None:
    head = (
        '  <link rel="alternate " type="application/atom+xml" title="Checks" href="feed.xml">\n'
        '  <link rel="alternate" type="application/rss+xml" href="rss.xml">\n'
        "  <link rel='feed alternate' type='application/atom+xml' href='feed.xml'>\n"
        '  <link rel="alternate" hreflang="ru" href="ru/">\n'
        '  <link rel="stylesheet" type="text/css" href="x.css">\n'
        '  <link rel="alternatestyle" type="application/atom+xml" href="a.xml">\n'
    )
    page = tmp_path / "claims" / "one.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE.format(head=head, body=""), encoding="utf-8")
    untouched = tmp_path / "other.html"
    untouched.write_text("<p>no feed link</p>", encoding="utf-8")
    before = untouched.stat().st_mtime_ns
    _drop_feed_links(tmp_path)
    assert page.read_text(encoding="utf-8") == PAGE.format(
        head=(
            '  <link rel="alternate" hreflang="ru" href="ru/">\n'
            '  <link rel="stylesheet" type="text/css" href="x.css">\n'
            '  <link rel="alternatestyle" type="application/atom+xml" href="a.xml">\n'
        ),
        body="",
    )
    assert untouched.stat().st_mtime_ns == before  # not rewritten


def built_tree(tmp_path: Path, langs: list[str] | None) -> Path:
    site = tmp_path / "site"
    files = [
        "index.html",
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        "search/search_index.json",
        "search/search_index.js",
        "assets/javascripts/bundle.js",
        "assets/javascripts/bundle.js.map",
        "assets/stylesheets/main.css.map",
        "assets/javascripts/lunr/min/lunr.ru.min.js",
        "assets/javascripts/lunr/tinyseg.js",
        "claims/one.html",
        "claims/map.html",
    ]
    for name in files:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x", encoding="utf-8")
    index = {"config": {"lang": langs}, "docs": []} if langs is not None else {"docs": []}
    (site / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    return site


def files_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


KEPT = [
    "assets/javascripts/bundle.js",
    "claims/map.html",
    "claims/one.html",
    "index.html",
    "search/search_index.js",
]
LUNR = ["assets/javascripts/lunr/min/lunr.ru.min.js", "assets/javascripts/lunr/tinyseg.js"]


@pytest.mark.parametrize(
    ("langs", "kept"),
    [
        (["en"], KEPT),  # English alone: lunr's language files are not needed
        (["en", "ru"], sorted(KEPT + LUNR)),
        (["ru"], sorted(KEPT + LUNR)),
        (None, sorted(KEPT + LUNR)),
    ],
)
def test_server_only_files_source_maps_and_unneeded_lunr_files_are_dropped(
    tmp_path: Path, langs: list[str] | None, kept: list[str]
) -> None:
    site = built_tree(tmp_path, langs)
    _drop_server_only_files(site)
    assert files_of(site) == kept


def test_dropping_server_only_files_that_are_not_there_is_no_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "claims").mkdir(parents=True)
    (site / "claims" / "one.html").write_text("x", encoding="utf-8")
    _drop_server_only_files(site)
    assert files_of(site) == ["claims/one.html"]
    # an English-only search index, and no lunr folder to remove
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(
        json.dumps({"config": {"lang": ["en"]}, "docs": []}), encoding="utf-8"
    )
    _drop_server_only_files(site)
    assert files_of(site) == ["claims/one.html"]


CONFIG = Path("mkdocs.yml")
FONT_OFF = {"theme": {"name": "material", "font": False}}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({**FONT_OFF, "plugins": ["search", "privacy"]}, "privacy"),
        ({**FONT_OFF, "plugins": ["material/privacy"]}, "privacy"),
        ({**FONT_OFF, "plugins": [{"social": {"cards": True}}]}, "privacy"),
        ({**FONT_OFF, "plugins": {"material/social": {}, "search": {}}}, "privacy"),
        ({"theme": {"name": "material"}}, "font"),
        ({"theme": {"name": "material", "font": {"text": "Roboto"}}}, "font"),
        ({"theme": {"name": "material", "font": None}}, "font"),
    ],
)
def test_configurations_that_would_go_online_are_refused(raw: dict, message: str) -> None:
    expected = {
        "privacy": "mkdocs.yml: the `privacy` and `social` plugins download at build time; remove them",
        "font": "mkdocs.yml: set `theme.font: false` (web fonts would be requested)",
    }[message]
    with pytest.raises(PublishError) as caught:
        _check_offline_safe(raw, CONFIG)
    assert str(caught.value) == expected


@pytest.mark.parametrize(
    "raw",
    [
        FONT_OFF,
        {**FONT_OFF, "plugins": ["search", "offline", {"tags": {}}]},
        {**FONT_OFF, "plugins": {"search": {}, "privacy-policy": {}}},
        {**FONT_OFF, "plugins": None},
        {"theme": "material"},  # a theme by name only: Material's own default is not read here
    ],
)
def test_configurations_that_stay_offline_pass(raw: dict) -> None:
    _check_offline_safe(raw, CONFIG)


@pytest.mark.parametrize(
    ("plugins", "expected"),
    [
        (None, ["search", "offline"]),
        ([], ["offline"]),
        (["search"], ["search", "offline"]),
        (["search", "offline"], ["search", "offline"]),
        (["material/offline", "search"], ["material/offline", "search"]),
        ([{"offline": {"enabled": True}}], [{"offline": {"enabled": True}}]),
        ({"search": {"lang": "en"}, "tags": None}, [{"search": {"lang": "en"}}, "tags", "offline"]),
        ({"offline": {}}, ["offline"]),
        ([{"search": {}, "tags": {}}], [{"search": {}, "tags": {}}, "offline"]),
        # an entry of two keys names no plugin, not even its first key
        ([{"offline": {}, "tags": {}}], [{"offline": {}, "tags": {}}, "offline"]),
    ],
)
def test_the_offline_plugin_is_added_once(plugins: object, expected: list[object]) -> None:
    assert _with_offline_plugin(plugins) == expected


def test_a_plugins_setting_that_is_not_a_list_or_mapping_is_refused() -> None:
    with pytest.raises(PublishError) as caught:
        _with_offline_plugin("search")
    assert str(caught.value) == "mkdocs.yml: `plugins` must be a list or a mapping, not 'search'"
