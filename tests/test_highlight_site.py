"""Built source pages: every quote's fragment lights up exactly the quote's words.

The pages are real MkDocs builds (the public site and the offline bundle), parsed
as HTML. What lights up for `#q-S-E` is read from the page's own `<style>` rules
(`body:has(#q-S-E:target) .CLASS`): the text of the elements with CLASS, paragraph by
paragraph, must be the source's body[S:E] as rendered (character references decoded,
runs of whitespace shown as one space), clipped to each paragraph it spans; the
element with the id must be an empty anchor just before the quote's first word.
tests/browser/test_highlight.py checks the same in a browser, by computed style.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from contentkit import OfflineBundle, write_content
from publishkit import ROOT, make_project

from generator.corpus.models import Corpus, SourceDoc
from generator.corpus.pipeline import check
from generator.publish.site import build_site
from generator.render.docs import render_docs
from generator.render.settings import load_settings

_RULE = r"body:has\(#(q-\d+-\d+):target\) \.(fc-in-q-\d+-\d+)"
_STYLE = re.compile(
    rf"{_RULE}(?:,{_RULE})*"
    r"\{background-color:var\(--fc-landed-background\);box-shadow:var\(--fc-landed-edge\)\}"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """Text as a browser shows it: each run of HTML whitespace as one space."""
    return re.sub(r"[ \t\n\r\f]+", " ", text)


class SourcePage(HTMLParser):
    """What a built source page holds: its landing rules, anchors and lit-up text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.style = ""
        self.ids: list[str] = []
        self.anchors: dict[str, tuple[int | None, int]] = {}
        """Anchor id -> (paragraph number, offset in that paragraph's text)."""
        self.anchor_contents: dict[str, str] = {}
        self.text_by_class: dict[tuple[str, int | None], str] = defaultdict(str)
        """(class, paragraph number) -> the text of the elements with that class there."""
        self.paragraph_text: dict[int, str] = defaultdict(str)
        self._paragraph: int | None = None
        self._stack: list[tuple[str, list[str], str | None]] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        element_id = attributes.get("id")
        if element_id:
            self.ids.append(element_id)
        if tag == "p":
            self._paragraph = None
        if tag == "a" and "fc-pnum" in classes and element_id:
            self._paragraph = int(element_id[1:])
        if "fc-anchor" in classes and element_id:
            at = len(self.paragraph_text[self._paragraph]) if self._paragraph is not None else 0
            self.anchors[element_id] = (self._paragraph, at)
            self.anchor_contents[element_id] = ""
        self._in_style = tag == "style"
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self._stack.append((tag, classes, element_id if "fc-anchor" in classes else None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break
        if tag == "p":
            self._paragraph = None
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
            return
        if self._paragraph is not None:
            self.paragraph_text[self._paragraph] += data
        classes = {c for _, element_classes, _ in self._stack for c in element_classes}
        for name in classes:
            if name.startswith("fc-in-"):
                self.text_by_class[(name, self._paragraph)] += data
        for _, _, anchor in self._stack:
            if anchor:
                self.anchor_contents[anchor] += data

    def landing_rules(self) -> dict[str, str]:
        """Fragment -> the class its `:target` rule lights up; the style must be only such rules."""
        assert _STYLE.fullmatch(self.style), f"unexpected landing style: {self.style!r}"
        pairs = re.findall(_RULE, self.style)
        assert len({fragment for fragment, _ in pairs}) == len(pairs), "a fragment with two rules"
        return dict(pairs)


def problems_on(page: SourcePage, source: SourceDoc, passages: set[tuple[int, int]]) -> list[str]:
    """How the page's highlights differ from the quoted passages of `source` (none: [])."""
    found = []
    rules = page.landing_rules()
    fragments = {f"q-{start}-{end}" for start, end in passages}
    if set(rules) != fragments or set(page.anchors) != fragments:
        found.append(
            f"rules {sorted(rules)} / anchors {sorted(page.anchors)} / quotes {sorted(fragments)}"
        )
    if len(page.ids) != len(set(page.ids)):
        found.append("an id is used twice")
    lit_classes = {name for name, _ in page.text_by_class}
    for start, end in sorted(passages):
        fragment = f"q-{start}-{end}"
        lit = rules.get(fragment, "")
        spanned = [p for p in source.paragraphs if p.start < end and p.end > start]
        wanted = {
            p.number: shown(source.body[max(start, p.start) : min(end, p.end)]) for p in spanned
        }
        got = {
            number: shown(text)
            for (name, number), text in page.text_by_class.items()
            if name == lit
        }
        if got != wanted:
            found.append(f"#{fragment} lights up {got!r}, not {wanted!r}")
        if page.anchor_contents.get(fragment):
            found.append(f"#{fragment}'s anchor holds text: {page.anchor_contents[fragment]!r}")
        number, at = page.anchors.get(fragment, (None, 0))
        if not spanned or number != spanned[0].number:
            found.append(
                f"#{fragment}'s anchor is in paragraph {number}, not where the quote starts"
            )
        elif not shown(page.paragraph_text[number][at:]).startswith(wanted[number]):
            found.append(f"#{fragment}'s anchor is not just before the quote's first word")
        lit_classes.discard(lit)
    if lit_classes:
        found.append(f"segments no rule lights up: {sorted(lit_classes)}")
    return found


def quoted_passages(corpus: Corpus) -> dict[str, set[tuple[int, int]]]:
    """Source id -> (start, end) of every passage a published claim quotes there."""
    passages: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for doc in corpus.published_claims:
        claim = doc.claim
        for entries, anchors in (
            (claim.citations, doc.citation_anchors),
            (claim.reported, doc.reported_anchors),
            (claim.timeline, doc.timeline_anchors),
        ):
            for entry, anchor in zip(entries, anchors, strict=True):
                passages[entry.source].add((anchor.start, anchor.end))
    return passages


def crossing(passages: set[tuple[int, int]]) -> bool:
    return any(a[0] < b[0] < a[1] < b[1] for a in passages for b in passages)


# --------------------------------------------------------------------- the shipped content


@pytest.fixture(scope="module")
def real_build(shipped_site: Path, shipped_bundle: OfflineBundle) -> tuple[Path, Path]:
    return shipped_site, shipped_bundle.zip


def test_every_quote_on_every_real_source_page_lights_up_exactly_its_words(
    real_build: tuple[Path, Path],
) -> None:
    site, bundle = real_build
    corpus = check(ROOT / "content")
    passages = quoted_passages(corpus)
    assert any(crossing(p) for p in passages.values()), "the shipped content has crossing quotes"
    with zipfile.ZipFile(bundle) as archive:
        offline = {Path(name).stem: name for name in archive.namelist() if "/sources/" in name}
        problems = []
        for source in corpus.sources:
            if source.id not in passages:
                continue
            assert not _CONTROL.search(source.body)  # else "as rendered" would differ from the body
            for where, html in (
                ("site", (site / "sources" / source.id / "index.html").read_text(encoding="utf-8")),
                ("offline", archive.read(offline[source.id]).decode("utf-8")),
            ):
                problems += [
                    f"{where} {source.id}: {p}"
                    for p in problems_on(SourcePage(html), source, passages[source.id])
                ]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------- a synthetic case

_BODY = """\
Alpha beta gamma delta epsilon zeta eta theta, and <iota> & "kappa" lambda.

Mu nu xi omicron,
pi rho sigma.

Tau upsilon phi."""

_QUOTES = {
    "crossing-a": "beta gamma delta",
    "crossing-b": "delta epsilon zeta",
    "nested": "epsilon",
    "same-start": "beta gamma",
    "same-again": "beta gamma",
    "escaped": 'theta, and <iota> & "kappa"',
    "escaped-end": '& "kappa" lambda.',
    "line-break": "omicron,\npi rho",
}


def _claim(quote: str) -> str:
    quoted = quote.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f"""\
question: What does the article say?
claim: It says something.
claimant: Test Outlet
status: mixed
summary: It says it.
citations:
  - source: article
    quote: "{quoted}"
    stance: supports
analysis: It says it.
tags: [t]
published: 2026-01-01
updated: 2026-01-01
authors: [test-author]
editor: test-editor
"""


def test_crossing_nested_same_start_and_paragraph_spanning_quotes_light_up_exactly(
    tmp_path: Path,
) -> None:
    source_file = (
        "---\ntitle: An article\noutlet: Test Outlet\npublished: unknown\nretrieved: unknown\nlanguage: en\n---\n"
        + _BODY
    )
    content = write_content(
        tmp_path,
        claims={f"{name}.yaml": _claim(quote) for name, quote in _QUOTES.items()},
        sources={"article.md": source_file},
    )
    corpus = check(content)
    (source,) = corpus.sources
    # The validator keeps quotes within one paragraph; the renderer does not need to:
    # "lambda." of paragraph 1 to "Mu nu" of paragraph 2.
    spanning = next(doc for doc in corpus.claims if doc.id == "escaped-end")
    start = source.body.index("lambda.")
    anchor = dataclasses.replace(
        spanning.citation_anchors[0], start=start, end=source.body.index("Mu nu") + 5
    )
    corpus = dataclasses.replace(
        corpus,
        claims=tuple(
            dataclasses.replace(doc, citation_anchors=(anchor,)) if doc is spanning else doc
            for doc in corpus.claims
        ),
    )
    passages = quoted_passages(corpus)["article"]
    assert (
        crossing(passages) and len(passages) == len(_QUOTES) - 1
    )  # "beta gamma" twice: one passage
    config = make_project(tmp_path / "project")
    render_docs(corpus, tmp_path / "docs", load_settings(config))
    site = build_site(config, tmp_path / "docs", tmp_path / "site").path
    html = (site / "sources" / "article" / "index.html").read_text(encoding="utf-8")
    assert "<iota>" not in html  # escaped: the lit-up text is compared with its characters decoded
    assert problems_on(SourcePage(html), source, passages) == []
