"""The reported-figures chart: grouping by comparable unit, conversions, SVG, escaping."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from contentkit import write_content

from generator.corpus.models import Claim
from generator.corpus.pipeline import check
from generator.render import charts
from generator.render.charts import (
    chart_groups,
    chart_svg,
    charts_markdown,
    claim_charts,
    format_number,
)
from generator.render.views import site_view

SVG = "{http://www.w3.org/2000/svg}"

SOURCE = """\
---
title: {title}
outlet: {outlet}
published: 2025-12-14
retrieved: unknown
language: en
---
The unit cleared 80 American football fields, officials said.

Another report gives approximately 42,400 hectares of land.

At least 9 soldiers died, and 0 were reported missing.
"""

CLAIM = """\
question: How large was the area?
claim: The unit cleared 80 football fields.
claimant: Test
status: "false"
summary: The figures differ.
citations:
  - source: a
    quote: 80 American football fields
    stance: supports
reported:
  - source: a
    value: 80
    unit: American football fields
    quote: 80 American football fields
  - source: b
    value: 9
    unit: deaths
    quote: 9 soldiers died
  - source: b
    value: 42400
    unit: hectares
    quote: approximately 42,400 hectares
{conversions}
analysis: Text.
tags: [area]
published: 2026-11-23
updated: 2026-11-23
authors: [test-author]
editor: test-editor
"""

FIELDS_TO_HECTARES = """\
conversions:
  - unit: American football fields
    to: hectares
    factor: 0.535
    title: American football field
    url: https://en.wikipedia.org/wiki/American_football_field
"""


def corpus_with(
    tmp_path: Path,
    conversions: str = FIELDS_TO_HECTARES,
    outlet: str = "CaliToday",
    title: str = "A report",
):
    content = write_content(
        tmp_path,
        claims={"area.yaml": CLAIM.format(conversions=conversions)},
        sources={
            "a.md": SOURCE.format(title=title, outlet=outlet),
            "b.md": SOURCE.format(title="Another report", outlet="unknown"),
        },
    )
    return check(content)


def bars_of(svg: str) -> list[tuple[str, float]]:
    """(label text, bar width) of each bar, parsed as XML."""
    root = ET.fromstring(svg)
    result = []
    for group in root.iter(f"{SVG}g"):
        if "fc-chart-bar" in group.get("class", ""):
            text = group.find(f"{SVG}text")
            rect = group.find(f"{SVG}rect")
            assert text is not None and rect is not None
            result.append((text.text or "", float(rect.get("width", "nan"))))
    return result


def test_a_conversion_puts_figures_in_two_units_on_one_axis(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path)
    (doc,) = corpus.claims
    groups = chart_groups(doc.claim, ["A", "B", "B"])
    assert [g.unit for g in groups] == ["hectares", "deaths"]
    hectares, deaths = groups
    assert [(b.label, b.value, b.unit) for b in hectares.bars] == [
        ("A", 80, "American football fields"),
        ("B", 42400, "hectares"),
    ]
    assert hectares.bars[0].compared == pytest.approx(42.8)
    assert hectares.bars[0].converted and not hectares.bars[1].converted
    assert hectares.bars[0].text() == "A: 80 American football fields ≈ 42.8 hectares"
    assert [b.value for b in deaths.bars] == [9]


def test_without_a_conversion_incomparable_units_get_separate_groups(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path, conversions="")
    (doc,) = corpus.claims
    groups = chart_groups(doc.claim, ["A", "B", "B"])
    assert [g.unit for g in groups] == ["American football fields", "deaths", "hectares"]
    # one figure per unit: nothing to set side by side, so no chart (the table has them)
    assert charts_markdown(doc.claim, ["A", "B", "B"], "chart-x") == ""


def test_each_group_of_comparable_figures_gets_its_own_chart() -> None:
    claim = claim_reporting(
        [(100, "deaths"), (9, "deaths"), (12000, "troops"), (15000, "troops"), (3, "months")]
    )
    markdown = charts_markdown(claim, ["A", "B", "A", "B", "C"], "chart-x")
    svgs = re.findall(r"<svg.*?</svg>", markdown, re.S)
    assert [ET.fromstring(svg).findtext(f"{SVG}title") for svg in svgs] == [
        "Figures reported, in deaths",
        "Figures reported, in troops",
    ]
    assert "separate charts, each on its own scale" in markdown
    assert "no other figure is in the same unit&#58; C&#58; 3 months&#46;" in markdown
    ids = re.findall(r' id="([^"]+)"', markdown)
    assert len(ids) == len(set(ids)) == 6  # per chart: its caption, its title, its description


def claim_reporting(
    figures: list[tuple[float, str]], conversions: list[dict[str, object]] | None = None
) -> Claim:
    return Claim.model_validate(
        {
            "question": "Q?",
            "claim": "C.",
            "claimant": "X",
            "status": "false",
            "summary": "S.",
            "citations": [{"source": "a", "quote": "q", "stance": "supports"}],
            "analysis": "A.",
            "tags": [],
            "published": "2026-01-01",
            "updated": "2026-01-01",
            "reported": [{"source": "a", "value": v, "unit": u, "quote": "q"} for v, u in figures],
            "conversions": conversions or [],
        }
    )


def test_conversions_chain_and_a_cycle_stops() -> None:
    ref = {"title": "T", "url": "https://example.org/"}
    chained = claim_reporting(
        [(2, "fields"), (3, "km2")],
        [
            {"unit": "fields", "to": "hectares", "factor": 0.5} | ref,
            {"unit": "hectares", "to": "km2", "factor": 0.01} | ref,
        ],
    )
    (group,) = chart_groups(chained, ["A", "B"])
    assert group.unit == "km2"
    assert group.bars[0].compared == pytest.approx(0.01)
    assert [c.to for c in group.bars[0].conversions] == ["hectares", "km2"]
    cyclic = claim_reporting(
        [(2, "fields"), (3, "km2")],
        [
            {"unit": "fields", "to": "km2", "factor": 2} | ref,
            {"unit": "km2", "to": "fields", "factor": 0.5} | ref,
        ],
    )
    groups = chart_groups(cyclic, ["A", "B"])  # must terminate
    assert sum(len(g.bars) for g in groups) == 2


def test_bars_are_proportional_from_zero_and_tiny_ones_stay_visible(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path)
    (doc,) = corpus.claims
    hectares = chart_groups(doc.claim, ["A", "B", "B"])[0]
    svg = chart_svg(hectares, "chart-t")
    (small_label, small), (big_label, big) = bars_of(svg)
    plot = charts.WIDTH - 2 * charts.MARGIN
    assert big == pytest.approx(plot, abs=0.01)
    assert small == charts.MIN_BAR  # 42.8 / 42,400 of the plot is under a pixel
    assert "≈ 42.8 hectares" in small_label and "42,400 hectares" in big_label
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "(0.1% of the longest bar)" in texts


def test_the_svg_is_accessible_and_follows_the_colour_scheme(tmp_path: Path) -> None:
    corpus = corpus_with(tmp_path)
    (doc,) = corpus.claims
    for number, group in enumerate(chart_groups(doc.claim, ["A", "B", "B"])):
        svg = chart_svg(group, f"chart-t-{number}")
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        ids = root.get("aria-labelledby", "").split()
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and desc is not None
        assert ids == [title.get("id"), desc.get("id")]
        for bar in group.bars:
            assert bar.text() in (desc.text or "")
        assert not re.search(r"#000\b|#fff\b|black|white", svg, re.I)
        for text in root.iter(f"{SVG}text"):
            assert text.get("fill") == "currentColor" or text.get("stroke") == "none"
        assert "var(--md-" in svg
        assert "<script" not in svg and "href" not in svg


def test_every_text_in_the_svg_is_escaped(tmp_path: Path) -> None:
    hostile_outlet = '"><script>alert(1)</script> & {% raw %} | `x` [y](javascript:z)'
    corpus = corpus_with(tmp_path, outlet=hostile_outlet.replace('"', '\\"').join('""'))
    view = site_view(corpus).claims[0]
    markdown = claim_charts(view)
    assert "<script" not in markdown and "{%" not in markdown and "](" not in markdown
    svgs = re.findall(r"<svg.*?</svg>", markdown, re.S)
    assert svgs
    labels = [label for svg in svgs for label, _ in bars_of(svg)]
    assert any(hostile_outlet in label for label in labels), labels  # decodes back to the text


def test_output_is_deterministic(tmp_path: Path) -> None:
    one = claim_charts(site_view(corpus_with(tmp_path / "1")).claims[0])
    two = claim_charts(site_view(corpus_with(tmp_path / "2")).claims[0])
    assert one == two
    assert one.count("<svg") == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (42.800000000000004, "42.8"),
        (79252.3, "79,300"),
        (0.5351, "0.535"),
        (0.0, "0"),
        (1500000.0, "1,500,000"),
    ],
)
def test_format_number(value: float, expected: str) -> None:
    assert format_number(value) == expected


def test_every_shipped_figure_is_charted_or_named(repo_root: Path) -> None:
    corpus = check(repo_root / "content")
    views = [v for v in site_view(corpus).claims if v.figures]
    assert views, "the shipped content has reported figures"
    assert any(v.claim.conversions for v in views), "and at least one conversion"
    charted = 0
    for view in views:
        markdown = claim_charts(view)
        svgs = re.findall(r"<svg.*?</svg>", markdown, re.S)
        bars = [label for svg in svgs for label, _ in bars_of(svg)]
        charted += len(bars)
        units = {c.unit for c in view.claim.conversions}
        sentence = html.unescape(markdown.split("</svg>")[-1])
        for figure in view.claim.reported:
            shown = f"{charts.format_value(figure.value)} {figure.unit}"
            on_bar = any(shown in label for label in bars)
            assert on_bar or (shown in sentence and "Not charted" in sentence) or not svgs, (
                view.summary.id,
                shown,
            )
            if figure.unit in units:
                assert any(shown in label and "≈" in label for label in bars)
    assert charted >= 2


def test_a_chart_right_to_left_is_drawn_mirrored() -> None:
    """In Arabic the bars grow from the right edge and the labels start there (their
    `text-anchor` follows the text's direction): each x of the left-to-right chart, taken
    from the width."""
    from generator.render.i18n import speaking

    claim = claim_reporting([(100, "deaths"), (9, "deaths")])
    group = charts.chart_groups(claim, ["A", "B"])[0]
    ltr = ET.fromstring(chart_svg(group, "c"))
    with speaking("ar"):
        rtl = ET.fromstring(chart_svg(group, "c"))
    assert rtl.get("direction") == "rtl" and ltr.get("direction") is None
    width = float(ltr.get("width") or 0)
    for left, right in zip(ltr.iter(f"{SVG}rect"), rtl.iter(f"{SVG}rect"), strict=True):
        assert float(right.get("x") or 0) == pytest.approx(
            width - float(left.get("x") or 0) - float(left.get("width") or 0), abs=0.01
        )
        assert right.get("width") == left.get("width")
    for left, right in zip(ltr.iter(f"{SVG}text"), rtl.iter(f"{SVG}text"), strict=True):
        assert float(right.get("x") or 0) == pytest.approx(width - float(left.get("x") or 0))
        assert right.get("text-anchor") == left.get("text-anchor")


def test_a_charts_box_takes_the_keyboards_focus_named_by_its_caption() -> None:
    """The box scrolls sideways on a phone: a reader without a mouse must reach it (axe's
    scrollable-region-focusable)."""
    claim = claim_reporting([(100, "deaths"), (9, "deaths")])
    markdown = charts_markdown(claim, ["A", "B"], "chart-x")
    box = re.search(r'<div class="fc-chart"([^>]*)>', markdown)
    assert box is not None
    assert 'tabindex="0"' in box[1] and 'aria-labelledby="chart-x-1-caption"' in box[1]
    assert '<p class="fc-chart-caption" id="chart-x-1-caption">' in markdown


def test_a_claimants_verdict_chart_takes_the_keyboards_focus_named_by_its_title() -> None:
    """The claimant page's chart scrolls sideways on a phone too (axe's
    scrollable-region-focusable)."""
    from generator.corpus.scale import SCALE
    from generator.render.scorecard import verdict_chart

    chart = verdict_chart([(v, 1) for v in SCALE.values()], "scorecard", "An Invented Outlet")
    box = re.search(r'<div class="fc-chart"([^>]*)>', chart)
    assert box is not None
    assert 'tabindex="0"' in box[1] and 'aria-labelledby="scorecard-title"' in box[1]
    assert '<title id="scorecard-title">' in chart


def test_a_claimants_verdict_chart_right_to_left_is_drawn_mirrored() -> None:
    """In Arabic the verdicts' labels stand on the right and the bars grow leftwards from
    them: each x of the left-to-right chart, taken from the width."""
    from generator.corpus.scale import SCALE
    from generator.render.i18n import speaking
    from generator.render.scorecard import verdict_chart

    counts = [(v, n) for n, v in enumerate(SCALE.values())]

    def svg() -> ET.Element:
        chart = str(verdict_chart(counts, "scorecard", "An Invented Outlet"))
        return ET.fromstring(chart[chart.index("<svg") : chart.index("</svg>") + 6])

    ltr = svg()
    with speaking("ar"):
        rtl = svg()
    assert rtl.get("direction") == "rtl" and ltr.get("direction") is None
    width = float(ltr.get("width") or 0)
    rects = list(zip(ltr.iter(f"{SVG}rect"), rtl.iter(f"{SVG}rect"), strict=True))
    assert rects
    for left, right in rects:
        assert float(right.get("x") or 0) == pytest.approx(
            width - float(left.get("x") or 0) - float(left.get("width") or 0), abs=0.01
        )
    for left, right in zip(ltr.iter(f"{SVG}text"), rtl.iter(f"{SVG}text"), strict=True):
        assert float(right.get("x") or 0) == pytest.approx(width - float(left.get("x") or 0))
