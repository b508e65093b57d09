"""The reported-figures chart of a claim page: inline SVG built at build time.

A claim's `reported` figures are drawn as horizontal bars, one per figure,
labelled with the source and the value. Figures are grouped by the unit they
can be compared in: a unit the claim gives a `conversions` entry for is
converted (following chains, e.g. fields -> hectares -> km²) and its bar drawn
on the target unit's axis, with the original figure kept in the label; units
with no conversion between them get separate charts, never a shared axis.

`claim_charts(view)` gives, per group of two or more, a caption and the SVG (a raw HTML block
with `role="img"`, `<title>`, `<desc>` and `aria-labelledby`). The claim page
prints it above its "Reported figures" table, which is the data table of the
same figures, and above the list of conversions with their cited sources.

No JavaScript, no external resources; colours come from Material's CSS custom
properties with `currentColor` as fallback, so the chart follows the light and
dark schemes. Every text is content and therefore untrusted: it goes through
`markup.escape_text`, whose character references are valid in HTML, in SVG
inside HTML, and in XML. Coordinates are rounded to two decimals and groups
and bars keep the order of the claim file, so the same claim gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.corpus.models import Claim, Conversion
from generator.render.labels import source_label
from generator.render.markup import SafeMarkdown, escape_text
from generator.render.views import ClaimView

__all__ = [
    "Bar",
    "ChartGroup",
    "chart_groups",
    "chart_svg",
    "charts_markdown",
    "claim_charts",
    "format_number",
    "format_value",
]

WIDTH = 640
"""Width of the SVG's coordinate system; the chart scales to its container."""
FONT_SIZE = 13
ROW_HEIGHT = 42
"""A label line above a bar."""
BAR_HEIGHT = 14
TOP = 4
AXIS_HEIGHT = 26
MARGIN = 2
MIN_BAR = 3.0
"""A non-zero figure is never drawn thinner than this, so a tiny bar still shows."""
SMALL_SHARE = 0.02
"""A bar shorter than this share of the longest says how long it is, in words, beside it."""
LABEL_LIMIT = 92
"""Characters of a bar label drawn in the SVG; the full text is in `<desc>` and the table."""
SIGNIFICANT = 3
"""Significant digits of a converted figure: a factor is rarely more precise than that."""
NATIVE_BAR = "fill:var(--md-accent-fg-color,currentColor)"
CONVERTED_BAR = (
    "fill:var(--md-accent-fg-color,currentColor);fill-opacity:.35;"
    "stroke:var(--md-accent-fg-color,currentColor);stroke-width:1.5;stroke-dasharray:4 2"
)


@dataclass(frozen=True)
class Bar:
    """One reported figure, placed on its group's axis."""

    label: str
    """Who reports it: outlet and date, or the article's short title."""
    value: float
    """The figure as reported."""
    unit: str
    """The unit as reported."""
    compared: float
    """The figure in the group's unit (equal to `value` when not converted)."""
    conversions: tuple[Conversion, ...]
    """The conversions applied, in order; empty when the figure is in the group's unit."""

    @property
    def converted(self) -> bool:
        return bool(self.conversions)

    def text(self) -> str:
        """`CaliToday, 14 December 2025: 80 American football fields ≈ 42.8 hectares`."""
        reported = f"{format_value(self.value)} {self.unit}"
        if self.converted:
            reported += f" ≈ {format_number(self.compared)} {self.conversions[-1].to}"
        return f"{self.label}: {reported}"


@dataclass(frozen=True)
class ChartGroup:
    """Figures that share one axis: all in (or converted to) `unit`."""

    unit: str
    bars: tuple[Bar, ...]


def chart_groups(claim: Claim, labels: Sequence[str]) -> tuple[ChartGroup, ...]:
    """The claim's reported figures grouped by comparable unit, groups in order of first figure.

    `labels` names the source of each entry of `claim.reported`, in the same order.
    """
    by_unit: dict[str, Conversion] = {}
    for conversion in claim.conversions:
        by_unit.setdefault(conversion.unit, conversion)  # the first entry for a unit wins
    groups: dict[str, list[Bar]] = {}
    for figure, label in zip(claim.reported, labels, strict=True):
        unit, factor, chain = _resolve(figure.unit, by_unit)
        bar = Bar(label, figure.value, figure.unit, figure.value * factor, chain)
        groups.setdefault(unit, []).append(bar)
    return tuple(ChartGroup(unit, tuple(bars)) for unit, bars in groups.items())


def _resolve(
    unit: str, by_unit: Mapping[str, Conversion]
) -> tuple[str, float, tuple[Conversion, ...]]:
    """Follow conversions from `unit` to a unit that has none (a cycle stops where it closes)."""
    factor = 1.0
    chain: list[Conversion] = []
    seen = {unit}
    while unit in by_unit and by_unit[unit].to not in seen:
        conversion = by_unit[unit]
        chain.append(conversion)
        factor *= conversion.factor
        unit = conversion.to
        seen.add(unit)
    return unit, factor, tuple(chain)


# --- numbers -------------------------------------------------------------------------


def format_value(value: float) -> str:
    """A figure as reported: `100`, `42,400`, `1,500,000`, `2.5`."""
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,}"


def format_number(value: float, significant: int = SIGNIFICANT) -> str:
    """A computed figure to `significant` digits, with thousands separators: `42.8`, `79,300`."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    digits = significant - 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, digits)
    if digits <= 0:
        return f"{int(rounded):,}"
    text = f"{rounded:,.{digits}f}".rstrip("0").rstrip(".")
    return text


def _coordinate(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# --- SVG -------------------------------------------------------------------------------


def chart_svg(group: ChartGroup, chart_id: str) -> SafeMarkdown:
    """The group as one `<svg>` element (no blank lines, so Markdown keeps it as one HTML block).

    `chart_id` must be unique on the page and a slug; it prefixes the ids of `<title>` and `<desc>`.
    """
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    values = [bar.compared for bar in group.bars]
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1.0
    left, right = float(MARGIN), float(WIDTH - MARGIN)

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    rows_bottom = TOP + ROW_HEIGHT * len(group.bars)
    height = rows_bottom + AXIS_HEIGHT
    zero = x(0.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fc-chart-svg" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" '
        f'style="max-width:100%;height:auto;color:var(--md-default-fg-color,currentColor)" '
        f'font-size="{FONT_SIZE}" font-family="inherit">',
        f'<title id="{title_id}">{escape_text(_title(group))}</title>',
        f'<desc id="{desc_id}">{escape_text(_description(group))}</desc>',
    ]
    for row, bar in enumerate(group.bars):
        top = TOP + ROW_HEIGHT * row
        start, end = sorted((zero, x(bar.compared)))
        if bar.compared != 0 and end - start < MIN_BAR:
            end = start + MIN_BAR if bar.compared > 0 else end
            start = end - MIN_BAR
        style = CONVERTED_BAR if bar.converted else NATIVE_BAR
        kind = "converted" if bar.converted else "reported"
        hint = ""
        if bar.compared != 0 and abs(bar.compared) < SMALL_SHARE * max(abs(low), abs(high)):
            share = abs(bar.compared) / max(abs(low), abs(high)) * 100
            hint = (
                f'<text x="{_coordinate(end + 6)}" y="{_coordinate(top + 20 + BAR_HEIGHT - 3)}" '
                f'fill="currentColor" font-size="{FONT_SIZE - 2}">'
                f"{escape_text(f'({format_number(share, 1 if share < 1 else 2)}% of the longest bar)')}</text>"
            )
        parts.append(
            f'<g class="fc-chart-bar fc-chart-{kind}">'
            f"<title>{escape_text(bar.text())}</title>"
            f'<text x="{_coordinate(left)}" y="{_coordinate(top + 14)}" fill="currentColor">'
            f"{escape_text(_clip(bar.text()))}</text>"
            f'<rect x="{_coordinate(start)}" y="{_coordinate(top + 20)}" '
            f'width="{_coordinate(end - start)}" height="{BAR_HEIGHT}" style="{style}"/>'
            f"{hint}</g>"
        )
    axis_y = rows_bottom + 2
    parts.append(
        f'<g class="fc-chart-axis" fill="currentColor" stroke="currentColor">'
        f'<line x1="{_coordinate(zero)}" y1="{TOP}" x2="{_coordinate(zero)}" y2="{_coordinate(axis_y)}" '
        f'stroke-opacity=".6"/>'
        f'<line x1="{_coordinate(left)}" y1="{_coordinate(axis_y)}" x2="{_coordinate(right)}" '
        f'y2="{_coordinate(axis_y)}" stroke-opacity=".6"/>'
        f'<text x="{_coordinate(left)}" y="{_coordinate(axis_y + 17)}" stroke="none">'
        f"{escape_text(format_number(low) if low else '0')}</text>"
        f'<text x="{_coordinate(right)}" y="{_coordinate(axis_y + 17)}" text-anchor="end" '
        f'stroke="none">{escape_text(f"{format_number(high)} {group.unit}")}</text>'
        "</g>"
    )
    parts.append("</svg>")
    return SafeMarkdown("\n".join(parts))


def _clip(text: str) -> str:
    collapsed = " ".join(text.split())
    return collapsed if len(collapsed) <= LABEL_LIMIT else collapsed[: LABEL_LIMIT - 1] + "…"


def _title(group: ChartGroup) -> str:
    return f"Figures reported, in {group.unit}"


def _description(group: ChartGroup) -> str:
    count = len(group.bars)
    head = (
        f"Bar chart of {count} figure{'s' if count != 1 else ''} on one linear scale "
        f"from zero, in {group.unit}."
    )
    if any(bar.converted for bar in group.bars):
        head += " Dashed, paler bars are converted from another unit."
    return " ".join([head, *(f"{bar.text()}." for bar in group.bars)])


# --- the Markdown block -----------------------------------------------------------------


def charts_markdown(claim: Claim, labels: Sequence[str], chart_id: str) -> SafeMarkdown:
    """A caption and an SVG per group of two or more comparable figures.

    A figure alone in its unit has nothing to stand beside, and a one-bar chart
    would only show a full-length bar: such figures are named in a sentence
    instead (the page's table has them all). Empty when no two figures compare.
    `chart_id` (a slug) prefixes the SVG ids, which must be unique on the page.
    """
    groups = chart_groups(claim, labels)
    charted = [group for group in groups if len(group.bars) > 1]
    alone = [group.bars[0] for group in groups if len(group.bars) == 1]
    if not charted:
        return SafeMarkdown("")
    blocks: list[str] = []
    if len(charted) > 1:
        blocks.append(
            "Figures in units that cannot be converted into one another are drawn in separate "
            "charts, each on its own scale from zero."
        )
    for number, group in enumerate(charted, start=1):
        caption = f"<strong>{escape_text(_title(group))}</strong>"
        if any(bar.converted for bar in group.bars):
            caption += escape_text(" (dashed bars: converted from the unit reported)", strip=False)
        blocks.append(f'<p class="fc-chart-caption">{caption}</p>')
        svg = chart_svg(group, f"{chart_id}-{number}")
        blocks.append(f'<div class="fc-chart">\n{svg}\n</div>')
    if alone:
        listed = "; ".join(bar.text() for bar in alone)
        blocks.append(
            escape_text(f"Not charted, as no other figure is in the same unit: {listed}.")
        )
    return SafeMarkdown("\n\n".join(blocks))


def claim_charts(view: ClaimView) -> SafeMarkdown:
    """`charts_markdown` for a claim page, sources labelled by outlet and date (or short title)."""
    labels = [
        source_label(ref.outlet, ref.published, ref.title)
        for ref in (figure.quote.source for figure in view.figures)
    ]
    return charts_markdown(view.claim, labels, f"chart-{view.summary.id}")
