"""The shipped content, built in each language of the catalogs, shows no English interface
text on any page (issue 20's "done when").

Each page's visible text (its text nodes, its title and description, and the `title`,
`aria-label` and `alt` a reader meets) is searched, in the public site and the offline
bundle, for every piece of English of the English catalog: each message's text between its
placeholders. The content is English (the five articles and the 25 fact-checks are English
reporting), so it is taken out first: a text that is a piece of the content, each string of
the content inside a text, and the start of a content string a label cut (`…`). Code (file
names, data fields: `<code>`) is not language. What stays English in a translation on
purpose is allowed by name, below.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from contentkit import REPO_ROOT, ShippedBuild

from generator.corpus.pipeline import check
from generator.render.i18n import SOURCE_LANGUAGE, TEMPLATE_FILE, catalog_languages

pytestmark = pytest.mark.slow

TRANSLATED = tuple(language for language in catalog_languages() if language != SOURCE_LANGUAGE)
"""Every language with a catalog but the templates' own."""

SAME_IN_EVERY_LANGUAGE = frozenset({"JSON Lines", "SHA-256", "PDF"})
"""English words every catalog keeps: the names of two file formats and of a hash."""
FILE_NAME = re.compile(r"[\w./-]+\.(?:json|jsonl|jsonld|txt|xml)")
"""A link named by the file it leads to (`api/sources.json`): a name, not language."""
SAME_IN = {"es": frozenset({"Original"})}
"""English words that are also the language's own word for the same thing."""
SHORTEST_CONTENT = 4
"""Shorter strings of the content (language tags, ids) are not taken out of a text."""
WHOLE_WORDS_BELOW = 12
"""A content string shorter than this is taken out only as whole words (a longer one
wherever it is: Korean and Arabic attach particles to the word before them)."""
READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


def english_pieces() -> frozenset[str]:
    """Every piece of English of the catalogs: each message's text between placeholders,
    trimmed of spaces and punctuation, when it has a word in it."""
    with TEMPLATE_FILE.open("rb") as pot:
        template = read_po(pot)
    pieces = set()
    for message in template:
        if not message.id:
            continue
        texts = message.id if isinstance(message.id, tuple | list) else (message.id,)
        for text in texts:
            for piece in re.split(r"%\(\w+\)s", str(text).replace("%%", "%")):
                trimmed = piece.strip(" .,;:()“”")
                if re.search(r"[A-Za-z]{2}", trimmed):
                    pieces.add(trimmed)
    return frozenset(pieces)


def content_strings() -> tuple[str, ...]:
    """Every text of the shipped content (claims, sources, people, claimants, the About
    page's) and of mkdocs.yml's own (the site's name, its
    description, rights and publisher), whitespace collapsed, longest first."""
    corpus = check(REPO_ROOT / "content")
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for claim in corpus.claims:
        walk(claim.claim.model_dump())
    for source in corpus.sources:
        walk(source.meta.model_dump())
        found += [source.paragraph_text(paragraph) for paragraph in source.paragraphs]
    for person in corpus.people:
        walk(person.person.model_dump())
    for claimant in corpus.claimants:
        walk(claimant.claimant.model_dump())
    if corpus.about is not None:
        walk(corpus.about.about.model_dump())
        for _key, markup in corpus.about.texts_html:  # its Markdown, as the page shows it
            found += [html.unescape(re.sub(r"<[^>]+>", "", part)) for part in markup.split("</p>")]
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    found += [config["site_name"], config["site_description"], config["copyright"]]
    found.append(config["extra"]["publisher"]["name"])
    collapsed = {" ".join(text.split()) for text in found}
    return tuple(
        sorted((t for t in collapsed if len(t) >= SHORTEST_CONTENT), key=len, reverse=True)
    )


class ReadText(HTMLParser):
    """A page's texts as a reader meets them: (where, text) for each text node outside
    scripts and styles, each attribute read aloud or shown, and the description."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.texts.append((f"{tag}@{name}", values[name] or ""))
        if tag == "meta" and values.get("name") == "description":
            self.texts.append(("meta description", values.get("content") or ""))
        if tag not in ("meta", "link", "input", "br", "img", "hr", "source", "wbr"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if data.strip() and not {"script", "style"} & set(self.open):
            self.texts.append((self.open[-1] if self.open else "", data))


class Content:
    """The content's strings, and all of them joined, to find a text among them at once."""

    def __init__(self, strings: tuple[str, ...]) -> None:
        self.strings = strings
        self.joined = "\x01".join(strings)


class English:
    """The pieces of English searched for, as one pattern."""

    def __init__(self, pieces: Iterable[str]) -> None:
        ordered = sorted(pieces, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(piece) for piece in ordered) + r")(?!\w)"
        )

    def found(self, text: str) -> list[str]:
        return sorted(set(self.pattern.findall(text)))


def english_left(text: str, content: Content, english: English) -> list[str]:
    """The pieces of English in `text` once the content is taken out of it."""
    said = " ".join(text.split())
    if said in content.joined:
        return []  # all of it is content
    said = re.sub(r"https?://\S+", "\0", said)
    said = _without_cut_content(said, content.strings)
    for string in content.strings:
        if string in said:
            said = (
                said.replace(string, "\0")
                if len(string) >= WHOLE_WORDS_BELOW
                else re.sub(rf"(?<!\w){re.escape(string)}(?!\w)", "\0", said)
            )
    return english.found(said)


def _without_cut_content(text: str, content: tuple[str, ...]) -> str:
    """`text` without the start of a content string that a label cut at an ellipsis."""
    parts = text.split("…")
    for index, part in enumerate(parts[:-1]):
        for start in re.finditer(r"(?:(?<=\W)|^)[\w\[“\"(]", part):
            cut = part[start.start() :]
            if len(cut) >= 3 and any(string.startswith(cut) for string in content):
                parts[index] = part[: start.start()] + "\0"
                break
    return "…".join(parts)


def english_on_pages(folder: Path, content: Content, english: English) -> Iterator[str]:
    """`page: piece (in where: text)` for each piece of English on each page of `folder`."""
    for page in sorted(folder.rglob("*.html")):
        reader = ReadText()
        reader.feed(page.read_text(encoding="utf-8"))
        reader.close()
        for where, text in reader.texts:
            if where == "code" or where.startswith("code@") or FILE_NAME.fullmatch(text.strip()):
                continue  # file names and fields of the data are not language
            for piece in english_left(text, content, english):
                yield f"{page.relative_to(folder)}: {piece!r} (in {where}: {text.strip()[:80]!r})"


@pytest.fixture(scope="module")
def content() -> Content:
    return Content(content_strings())


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_page_shows_english_words_of_ours(
    language: str, shipped_in: Callable[[str], ShippedBuild], content: Content
) -> None:
    built = shipped_in(language)
    english = English(
        english_pieces() - SAME_IN_EVERY_LANGUAGE - SAME_IN.get(language, frozenset())
    )
    folders = [built.site] + ([built.bundle.unzipped] if built.bundle is not None else [])
    found = [line for folder in folders for line in english_on_pages(folder, content, english)]
    assert found == [], f"{len(found)} English words of ours in {language}:\n" + "\n".join(
        found[:40]
    )


def test_the_search_sees_english_words_on_the_english_site(
    shipped_site: Path, content: Content
) -> None:
    """The search itself can fail: on the English site it finds our words everywhere."""
    found = list(english_on_pages(shipped_site, content, English(english_pieces())))
    pages = {line.split(":")[0] for line in found}
    assert {"index.html", "methodology/index.html", "data/index.html", "404.html"} <= pages
    assert any("'Our verdict'" in line for line in found)
    assert not any("North Korea" in line.split("(in")[0] for line in found)  # content is out
