"""The timeline: events grouped across sources, honest precision, placement and links."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import markdown
import pytest
from contentkit import TEST_SETTINGS, source_with, write_content

from generator.corpus.pipeline import check
from generator.render.docs import generate_files
from generator.render.labels import format_partial_date
from generator.render.matrix_timeline_pages import extra_pages
from generator.render.timeline import TIMELINE_PAGE, build_timeline, compatible, timeline_markdown

CLAIM = """\
question: {question}
claim: The operation began in autumn 2023.
claimant: Test
status: "false"
summary: It began in August.
citations:
  - source: old
    quote: began in autumn 2023
    stance: supports
timeline:
{timeline}
analysis: Text.
tags: [x]
published: 2026-11-23
updated: 2026-11-23
authors: [test-author]
editor: test-editor
draft: {draft}
"""

EVENTS = """\
  - event: Deployment began
    date: "2023"
    source: old
    quote: began in autumn 2023
    note: Autumn is not a month.
  - event: Deployment   began
    date: "2025-08"
    source: new
    quote: began in August
  - event: deployment began
    date: "2025-08"
    source: third
    quote: began in early August
  - event: Regiment returned
    date: "2025-12-12"
    source: new
    quote: returned on 12 December
"""
AGAIN = """\
  - event: Deployment began
    date: "2025-08"
    source: new
    quote: began in August
"""


def corpus(tmp_path: Path):
    content = write_content(
        tmp_path,
        claims={
            "began-2023.yaml": CLAIM.format(
                question="Did it begin in 2023?", timeline=EVENTS, draft="false"
            ),
            "began-again.yaml": CLAIM.format(
                question="Did it begin again?", timeline=AGAIN, draft="false"
            ),
            "hidden.yaml": CLAIM.format(
                question="A draft?",
                timeline='  - event: Draft-only event\n    date: "2020"\n    source: old\n    quote: began in autumn 2023\n',
                draft="true",
            ),
        },
        sources={
            "old.md": source_with(
                title="Old", outlet="unknown", body="The operation began in autumn 2023."
            ),
            "new.md": source_with(
                title="New",
                outlet="CaliToday",
                body="The deployment began in August.\n\nThe regiment returned on 12 December.",
            ),
            "third.md": source_with(
                title="Third", outlet="Other", body="It began in early August."
            ),
        },
    )
    return check(content)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2023", "2023"),
        ("2025-08", "August 2025"),
        ("2025-08-06", "6 August 2025"),
        ("2025-12-12", "12 December 2025"),
    ],
)
def test_dates_are_shown_no_more_precisely_than_given(value: str, words: str) -> None:
    assert format_partial_date(value) == words


def test_compatible_dates() -> None:
    assert compatible(["2025", "2025-08", "2025-08-06"])
    assert not compatible(["2025-08", "2025-09"])
    assert not compatible(["2023", "2025-08"])


def test_events_group_across_sources_and_claims(tmp_path: Path) -> None:
    events = build_timeline(corpus(tmp_path))
    assert [e.event for e in events] == ["Deployment began", "Regiment returned"]
    began, returned = events
    # placed at the date two sources give, not at the outlier
    assert began.placed == "2025-08" and began.earliest == "2023" and not began.agree
    assert [(d.date, d.source.id) for d in began.datings] == [
        ("2023", "old"),
        ("2025-08", "new"),
        ("2025-08", "third"),
    ]
    # the same passage dating the same event for two claims is listed once, with both claims
    by_source = {d.source.id: d for d in began.datings}
    assert [c.id for c in by_source["new"].claims] == ["began-2023", "began-again"]
    assert [c.id for c in by_source["old"].claims] == ["began-2023"]
    assert by_source["old"].note == "Autumn is not a month."
    assert by_source["new"].quote == "began in August"
    assert [d.date for d in returned.datings] == ["2025-12-12"] and returned.agree


def test_dates_that_agree_place_the_event_at_the_most_precise(tmp_path: Path) -> None:
    content = write_content(
        tmp_path,
        claims={
            "c.yaml": CLAIM.format(
                question="Q?",
                draft="false",
                timeline=(
                    '  - event: Incursion\n    date: "2024"\n    source: old\n    quote: began in autumn 2023\n'
                    '  - event: Incursion\n    date: "2024-08"\n    source: new\n    quote: began in August\n'
                    '  - event: Troops sent\n    date: "2024-03"\n    source: third\n    quote: began in early August\n'
                ),
            )
        },
        sources={
            "old.md": source_with(
                title="Old", outlet="unknown", body="The operation began in autumn 2023."
            ),
            "new.md": source_with(title="New", outlet="X", body="The deployment began in August."),
            "third.md": source_with(title="Third", outlet="Y", body="It began in early August."),
        },
    )
    (troops, incursion) = build_timeline(check(content))
    assert incursion.agree and incursion.placed == "2024-08" and incursion.earliest == "2024"
    assert troops.placed == "2024-03"


def test_the_page_links_each_dating_to_its_quote_and_claims(tmp_path: Path) -> None:
    data = corpus(tmp_path)
    text = timeline_markdown(build_timeline(data), TIMELINE_PAGE)
    html = unescape(markdown.markdown(text, extensions=["tables"]))
    assert "<h2>August 2025: Deployment began</h2>" in html
    assert "<h2>12 December 2025: Regiment returned</h2>" in html
    assert html.index("Deployment began") < html.index("Regiment returned")
    assert "The sources disagree" in html
    for doc in data.published_claims:
        for entry, anchor in zip(doc.claim.timeline, doc.timeline_anchors, strict=True):
            assert f'href="sources/{entry.source}.md#{anchor.fragment}"' in html
        assert f'href="claims/{doc.id}.md"' in html
    for words in (
        "<strong>2023</strong>",
        "<strong>August 2025</strong>",
        "<strong>12 December 2025</strong>",
    ):
        assert words in html


def test_a_claim_page_dates_its_events_in_words_as_the_timeline_page_does(
    tmp_path: Path,
) -> None:
    """The claim's own timeline table and the site's timeline give the same date alike:
    "12 December 2025" (no more precise than its source), not the ISO form."""
    data = corpus(tmp_path)
    page = generate_files(data, TEST_SETTINGS)["claims/began-2023.md"].decode("utf-8")
    table = page.split("## Timeline")[1].split("##")[0]
    dates = re.findall(r'^\| <time datetime="([^"]+)">([^<]+)</time> \|', table, re.M)
    assert [(unescape(iso), words) for iso, words in dates] == [
        ("2023", "2023"),
        ("2025-08", "August 2025"),
        ("2025-08", "August 2025"),
        ("2025-12-12", "12 December 2025"),
    ]
    timeline = extra_pages(data)[TIMELINE_PAGE]
    assert "## 12 December 2025: Regiment returned" in unescape(timeline)


def test_drafts_never_appear(tmp_path: Path) -> None:
    page = extra_pages(corpus(tmp_path))[TIMELINE_PAGE]
    assert "Draft-only" not in page and "hidden" not in page


def test_every_shipped_timeline_entry_is_on_the_page(repo_root: Path) -> None:
    data = check(repo_root / "content")
    events = build_timeline(data)
    shown = {
        (d.source.id, d.anchor.fragment, d.date, claim.id)
        for event in events
        for d in event.datings
        for claim in d.claims
    }
    expected = {
        (entry.source, anchor.fragment, entry.date, doc.id)
        for doc in data.published_claims
        for entry, anchor in zip(doc.claim.timeline, doc.timeline_anchors, strict=True)
    }
    assert expected, "the shipped content dates events"
    assert shown == expected
    assert any(len({d.source.id for d in e.datings}) > 1 for e in events), "sources side by side"
    keys = [(e.placed, e.earliest) for e in events]
    assert keys == sorted(keys)


def _agreement_lines(tmp_path: Path, sources: dict[str, str], timeline: str) -> list[str]:
    """The sentence under each event's heading, as a reader sees it (from the parsed HTML)."""
    content = write_content(
        tmp_path,
        claims={"c.yaml": CLAIM.format(question="Q?", draft="false", timeline=timeline)},
        sources=sources,
    )
    html = markdown.markdown(
        timeline_markdown(build_timeline(check(content))), extensions=["tables"]
    )
    return [
        unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"</h2>\s*<p>(.*?)</p>", html, re.S)
    ]


def test_a_disagreement_names_which_source_gives_which_date(tmp_path: Path) -> None:
    html = markdown.markdown(
        timeline_markdown(build_timeline(corpus(tmp_path))), extensions=["tables"]
    )
    sentences = [unescape(m) for m in re.findall(r"</h2>\s*<p>(.*?)</p>", html, re.S)]
    assert sentences == [
        "The sources disagree. Dated 2023 by Old. Dated August 2025 by CaliToday and Other.",
        "Dated 12 December 2025 by CaliToday.",
    ]


def test_labels_with_commas_are_kept_apart_and_each_source_is_named_once(tmp_path: Path) -> None:
    dated = "---\ntitle: {t}\noutlet: {o}\npublished: {p}\nretrieved: unknown\nlanguage: en\n---\nIt began in August 2024, in 2024.\n"
    sources = {
        "a.md": dated.format(t="A", o="Zeta", p="2025-01-02"),
        "b.md": dated.format(t="B", o="Alpha", p="2025-03-04"),
        "c.md": dated.format(t="C", o="Mid", p="2025-05-06"),
        "old.md": source_with(
            title="Old", outlet="unknown", body="The operation began in autumn 2023."
        ),
    }
    entry = '  - event: Incursion\n    date: "{d}"\n    source: {s}\n    quote: {q}\n'
    timeline = "".join(
        entry.format(d=d, s=s, q=q)
        for d, s, q in [
            ("2024-08", "c", "began in August 2024"),
            ("2024-08", "a", "began in August 2024"),
            ("2024-08", "a", "It began in August"),  # a second passage of the same source
            ("2024", "b", "in 2024"),
            ("2024-08", "b", "August 2024"),
        ]
    )
    assert _agreement_lines(tmp_path, sources, timeline) == [
        "The sources agree, some less precisely. Dated 2024 by Alpha, 4 March 2025. "
        "Dated August 2024 by Zeta, 2 January 2025; Alpha, 4 March 2025; and Mid, 6 May 2025."
    ]


def test_a_long_bracketed_headline_labels_its_source_without_an_open_bracket(
    tmp_path: Path,
) -> None:
    title = "[Unattributed article citing Fox News: Kim Jong Un honours 100 soldiers killed fighting for Russia]"
    sources = {
        "old.md": source_with(
            title=f"'{title}'", outlet="unknown", body="The operation began in autumn 2023."
        )
    }
    timeline = '  - event: Deployment began\n    date: "2023"\n    source: old\n    quote: began in autumn 2023\n'
    assert _agreement_lines(tmp_path, sources, timeline) == [
        "Dated 2023 by [Unattributed article citing Fox News: Kim…]."
    ]


def test_sources_with_the_same_label_are_named_once_with_their_count(tmp_path: Path) -> None:
    dated = "---\ntitle: {t}\noutlet: CaliToday\npublished: unknown\nretrieved: unknown\nlanguage: en\n---\nIt began in August 2024.\n"
    sources = {
        "a.md": dated.format(t="A"),
        "b.md": dated.format(t="B"),
        "old.md": source_with(
            title="Old", outlet="unknown", body="The operation began in autumn 2023."
        ),
    }
    entry = '  - event: Incursion\n    date: "2024-08"\n    source: {s}\n    quote: began in August 2024\n'
    timeline = entry.format(s="a") + entry.format(s="b")
    assert _agreement_lines(tmp_path, sources, timeline) == [
        "Dated August 2024 by CaliToday (2 articles)."
    ]


def test_a_label_cut_with_an_ellipsis_ends_the_sentence_without_another_full_stop(
    tmp_path: Path,
) -> None:
    title = "Kim Jong Un honours the sappers of the regiment who came back from the Kursk region this week"
    sources = {
        "old.md": source_with(
            title=title, outlet="unknown", body="The operation began in autumn 2023."
        )
    }
    timeline = '  - event: Deployment began\n    date: "2023"\n    source: old\n    quote: began in autumn 2023\n'
    (line,) = _agreement_lines(tmp_path, sources, timeline)
    assert line.startswith("Dated 2023 by Kim Jong Un honours") and line.endswith("…"), line
