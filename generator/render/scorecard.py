"""A claimant's scorecard chart: how many of their claims got each verdict, as inline SVG.

One horizontal bar per verdict of the scale, in scale order, each in the verdict's badge
colour and labelled in words with its count (colour never says it alone); a verdict no
claim has keeps its row, with no bar. The claimant's page prints it beside a table of
the same counts, which is the chart's data for screen readers and on paper.

No JavaScript and no external resources; the text follows the page's colour scheme
(`currentColor`). The claimant's name is content: it goes through `markup.escape_text`.
The same counts give the same bytes. In a language written right to left the chart is
mirrored, as the figures chart is: labels on the right, bars growing leftwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.corpus.scale import Verdict
from generator.render.i18n import active_language, gettext
from generator.render.labels import verdict_label
from generator.render.markup import SafeMarkdown, escape_text

__all__ = ["verdict_chart"]

WIDTH = 480
"""Width of the SVG's coordinate system; the chart scales to its container."""
LABEL_WIDTH = 150
"""Room for the verdicts' labels, left of the bars."""
ROW_HEIGHT = 26
BAR_HEIGHT = 16
FONT_SIZE = 13
COUNT_ROOM = 40
"""Room right of the longest bar for its count."""


def verdict_chart(counts: Sequence[tuple[Verdict, int]], chart_id: str, name: str) -> SafeMarkdown:
    """The chart of `counts` (every verdict, in scale order) as one `<svg>` in a
    `<div class="fc-chart">` that the keyboard can focus; empty when no claim is counted. `chart_id` (a slug, unique
    on the page) prefixes the ids of its `<title>` and `<desc>`."""
    most = max((count for _, count in counts), default=0)
    if most == 0:
        return SafeMarkdown("")
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    height = ROW_HEIGHT * len(counts) + 4
    room = WIDTH - LABEL_WIDTH - COUNT_ROOM
    described = "; ".join(_count(verdict, count) for verdict, count in counts)
    rtl = active_language().direction == "rtl"

    def placed(offset: float) -> str:
        """A coordinate from the start side (the right, right to left)."""
        return _coordinate(WIDTH - offset if rtl else offset)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fc-chart-svg fc-scorecard" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" '
        f'style="max-width:100%;height:auto;color:var(--md-default-fg-color,currentColor)" '
        f'font-size="{FONT_SIZE}" font-family="inherit"' + (' direction="rtl">' if rtl else ">"),
        f'<title id="{title_id}">'
        + escape_text(gettext("Verdicts on the claims of %(name)s", name=name))
        + "</title>",
        f'<desc id="{desc_id}">'
        + escape_text(
            gettext(
                "Bar chart of the number of fact-checked claims with each verdict: %(counts)s.",
                counts=described,
            )
        )
        + "</desc>",
    ]
    for row, (verdict, count) in enumerate(counts):
        top = 2 + ROW_HEIGHT * row
        text_y = top + BAR_HEIGHT - 3
        width = room * count / most
        bar = (
            f'<rect x="{placed(LABEL_WIDTH + width if rtl else LABEL_WIDTH)}" y="{top}" '
            f'width="{_coordinate(width)}" '
            f'height="{BAR_HEIGHT}" fill="{verdict.colour}"/>'
            if count
            else ""
        )
        parts.append(
            f'<g class="fc-scorecard-row fc-scorecard--{verdict.status.value}">'
            f"<title>{escape_text(_count(verdict, count))}</title>"
            f'<text x="{placed(LABEL_WIDTH - 8)}" y="{text_y}" text-anchor="end" '
            f'fill="currentColor">'
            f"{escape_text(verdict_label(verdict))}</text>{bar}"
            f'<text x="{placed(LABEL_WIDTH + width + 6)}" y="{text_y}" fill="currentColor">'
            f"{count}</text></g>"
        )
    parts.append("</svg>")
    # The box scrolls sideways on a phone: the keyboard must reach it (axe's
    # scrollable-region-focusable), and it is named by the chart's title.
    box = f'<div class="fc-chart" tabindex="0" role="group" aria-labelledby="{title_id}">'
    return SafeMarkdown(box + "\n" + "\n".join(parts) + "\n</div>")


def _coordinate(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _count(verdict: Verdict, count: int) -> str:
    """One verdict's count, in the description and as the bar's tooltip."""
    return gettext("%(verdict)s: %(count)s", verdict=verdict_label(verdict), count=count)
