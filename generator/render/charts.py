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
from generator.render.i18n import active_language, gettext, ngettext
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
        reported = _quantity(format_value(self.value), self.unit)
        if self.converted:
            converted = _quantity(format_number(self.compared), self.conversions[-1].to)
            reported = gettext(
                "%(reported)s ≈ %(converted)s", reported=reported, converted=converted
            )
        # Translators: a bar of a chart: who reports a figure, then the figure.
        return gettext("%(source)s: %(figure)s", source=self.label, figure=reported)


def _quantity(number: str, unit: str) -> str:
    """A number and what it counts (`80 American football fields`)."""
    return gettext("%(number)s %(unit)s", number=number, unit=unit)


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
    """A figure as reported, in the site's language: `100`, `42,400`, `1,500,000`, `2.5`."""
    return active_language().number(value)


def format_number(value: float, significant: int = SIGNIFICANT) -> str:
    """A computed figure to `significant` digits, in the site's language: `42.8`, `79,300`."""
    if value == 0 or not math.isfinite(value):
        return active_language().number(0) if value == 0 else str(value)
    digits = significant - 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, digits)
    if digits <= 0:
        return active_language().number(int(rounded))
    return active_language().number(float(f"{rounded:.{digits}f}"))


def _coordinate(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# --- SVG -------------------------------------------------------------------------------


def chart_svg(group: ChartGroup, chart_id: str) -> SafeMarkdown:
    """The group as one `<svg>` element (no blank lines, so Markdown keeps it as one HTML block).

    `chart_id` must be unique on the page and a slug; it prefixes the ids of `<title>` and `<desc>`.
    In a language written right to left the chart is mirrored: bars grow from the right,
    labels start there (`text-anchor` follows the text's direction, so only x moves).
    """
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    values = [bar.compared for bar in group.bars]
    low, high = min(0.0, *values), max(0.0, *values)
    if high == low:
        high = low + 1.0
    left, right = float(MARGIN), float(WIDTH - MARGIN)
    rtl = active_language().direction == "rtl"

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    def placed(offset: float) -> str:
        """A coordinate along the axis, from the start side (the right, right to left)."""
        return _coordinate(WIDTH - offset if rtl else offset)

    rows_bottom = TOP + ROW_HEIGHT * len(group.bars)
    height = rows_bottom + AXIS_HEIGHT
    zero = x(0.0)
    direction = ' direction="rtl"' if rtl else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fc-chart-svg" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" '
        f'style="max-width:100%;height:auto;color:var(--md-default-fg-color,currentColor)" '
        f'font-size="{FONT_SIZE}" font-family="inherit"{direction}>',
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
            said = gettext(
                "(%(share)s%% of the longest bar)",
                share=format_number(share, 1 if share < 1 else 2),
            )
            hint = (
                f'<text x="{placed(end + 6)}" y="{_coordinate(top + 20 + BAR_HEIGHT - 3)}" '
                f'fill="currentColor" font-size="{FONT_SIZE - 2}">'
                f"{escape_text(said)}</text>"
            )
        parts.append(
            f'<g class="fc-chart-bar fc-chart-{kind}">'
            f"<title>{escape_text(bar.text())}</title>"
            f'<text x="{placed(left)}" y="{_coordinate(top + 14)}" fill="currentColor">'
            f"{escape_text(_clip(bar.text()))}</text>"
            f'<rect x="{placed(end if rtl else start)}" y="{_coordinate(top + 20)}" '
            f'width="{_coordinate(end - start)}" height="{BAR_HEIGHT}" style="{style}"/>'
            f"{hint}</g>"
        )
    axis_y = rows_bottom + 2
    parts.append(
        f'<g class="fc-chart-axis" fill="currentColor" stroke="currentColor">'
        f'<line x1="{placed(zero)}" y1="{TOP}" x2="{placed(zero)}" y2="{_coordinate(axis_y)}" '
        f'stroke-opacity=".6"/>'
        f'<line x1="{placed(left)}" y1="{_coordinate(axis_y)}" x2="{placed(right)}" '
        f'y2="{_coordinate(axis_y)}" stroke-opacity=".6"/>'
        f'<text x="{placed(left)}" y="{_coordinate(axis_y + 17)}" stroke="none">'
        f"{escape_text(format_number(low))}</text>"
        f'<text x="{placed(right)}" y="{_coordinate(axis_y + 17)}" text-anchor="end" '
        f'stroke="none">{escape_text(_quantity(format_number(high), group.unit))}</text>'
        "</g>"
    )
    parts.append("</svg>")
    return SafeMarkdown("\n".join(parts))


def _clip(text: str) -> str:
    collapsed = " ".join(text.split())
    return collapsed if len(collapsed) <= LABEL_LIMIT else collapsed[: LABEL_LIMIT - 1] + "…"


def _title(group: ChartGroup) -> str:
    return gettext("Figures reported, in %(unit)s", unit=group.unit)


def _description(group: ChartGroup) -> str:
    count = len(group.bars)
    head = ngettext(
        "Bar chart of %(count)s figure on one linear scale from zero, in %(unit)s.",
        "Bar chart of %(count)s figures on one linear scale from zero, in %(unit)s.",
        count,
        count=count,
        unit=group.unit,
    )
    if any(bar.converted for bar in group.bars):
        head += " " + gettext("Dashed, paler bars are converted from another unit.")
    return " ".join([head, *(_sentence(bar.text()) for bar in group.bars)])


def _sentence(text: str) -> str:
    # Translators: a full stop after the text of a bar, in the chart's description.
    return gettext("%(sentence)s.", sentence=text)


# --- the Markdown block -----------------------------------------------------------------


def charts_markdown(claim: Claim, labels: Sequence[str], chart_id: str) -> SafeMarkdown:
    """A caption and an SVG per group of two or more comparable figures.

    A figure alone in its unit has nothing to stand beside, and a one-bar chart
    would only show a full-length bar: such figures are named in a sentence
    instead (the page's table has them all). Empty when no two figures compare.
    `chart_id` (a slug) prefixes the SVG ids, which must be unique on the page.
    Each chart's box scrolls sideways on a narrow screen, so it can take the keyboard's
    focus (`tabindex`), named by its caption.
    """
    groups = chart_groups(claim, labels)
    charted = [group for group in groups if len(group.bars) > 1]
    alone = [group.bars[0] for group in groups if len(group.bars) == 1]
    if not charted:
        return SafeMarkdown("")
    blocks: list[str] = []
    if len(charted) > 1:
        blocks.append(
            escape_text(
                gettext(
                    "Figures in units that cannot be converted into one another are drawn in "
                    "separate charts, each on its own scale from zero."
                )
            )
        )
    for number, group in enumerate(charted, start=1):
        caption = f"<strong>{escape_text(_title(group))}</strong>"
        if any(bar.converted for bar in group.bars):
            caption += escape_text(
                " " + gettext("(dashed bars: converted from the unit reported)"), strip=False
            )
        caption_id = f"{chart_id}-{number}-caption"
        blocks.append(f'<p class="fc-chart-caption" id="{caption_id}">{caption}</p>')
        svg = chart_svg(group, f"{chart_id}-{number}")
        blocks.append(
            f'<div class="fc-chart" tabindex="0" role="group" aria-labelledby="{caption_id}">'
            f"\n{svg}\n</div>"
        )
    if alone:
        # Translators: joins the figures named in a sentence, each with its source.
        listed = gettext("; ").join(bar.text() for bar in alone)
        blocks.append(
            escape_text(
                gettext(
                    "Not charted, as no other figure is in the same unit: %(figures)s.",
                    figures=listed,
                )
            )
        )
    return SafeMarkdown("\n\n".join(blocks))


def claim_charts(view: ClaimView) -> SafeMarkdown:
    """`charts_markdown` for a claim page, sources labelled by outlet and date (or short title)."""
    labels = [
        source_label(ref.outlet, ref.published, ref.title)
        for ref in (figure.quote.source for figure in view.figures)
    ]
    return charts_markdown(view.claim, labels, f"chart-{view.summary.id}")
