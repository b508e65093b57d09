"""The source x claim matrix (`matrix.md`): who supports, refutes, gives context, or is silent.

Rows are the published claims (by id), columns the published sources (by id).
A cell lists every passage of that source the claim cites, as one link per
passage to the highlighted quote on the source page, labelled with a symbol
and a word and its place (`✓ Supports ¶4`, `✓ Supports 1:15` in a recording,
`✓ Supports p. 3` in a document) and tinted by stance: colour is never the only
signal. A source with no cited passage is "silent" on the claim, which only
means that none of its passages is cited. Drafts appear only in a preview
(`include_drafts`), with the word "Draft" beside them.

A grid has claims x sources cells, which does not scale to a large site. Beyond
`MAX_COLUMNS` sources the page lists, for each claim, only the sources that
speak to it and counts the silent ones, so its size follows the citations.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from generator.corpus.models import Anchor, ClaimDoc, Corpus, SourceDoc
from generator.corpus.scale import Stance, verdict
from generator.render.i18n import (
    active_language,
    gettext,
    gettext_markup,
    ngettext,
    ngettext_markup,
)
from generator.render.kinds import short_place
from generator.render.labels import (
    draft_mark,
    shorten,
    source_label,
    stance_label,
    verdict_label,
)
from generator.render.markup import SafeMarkdown, escape_text, in_language
from generator.render.paths import claim_page, relative_link, source_page

__all__ = [
    "MATRIX_PAGE",
    "Cell",
    "CellQuote",
    "Matrix",
    "Row",
    "build_matrix",
    "forget_order",
    "legend",
    "matrix_order",
    "matrix_stylesheet",
    "matrix_table",
]

MATRIX_PAGE = "matrix.md"

STANCE_ORDER = (Stance.SUPPORTS, Stance.REFUTES, Stance.CONTEXT)
SYMBOLS: dict[Stance, str] = {Stance.SUPPORTS: "✓", Stance.REFUTES: "✗", Stance.CONTEXT: "○"}
SILENT_SYMBOL = "—"
# Translucent tints over the page's own background, so the text keeps its own colour
# (and contrast) in both the light and the dark scheme; the border carries the hue.
TINTS: dict[Stance, tuple[str, str]] = {
    Stance.SUPPORTS: ("rgba(26,127,55,.16)", "#1a7f37"),
    Stance.REFUTES: ("rgba(180,35,24,.16)", "#b42318"),
    Stance.CONTEXT: ("rgba(138,90,0,.14)", "#8a5a00"),
}
TOOLTIP_LIMIT = 160
MAX_COLUMNS = 12
"""Most sources shown as a grid; with more, each claim lists only the sources that speak."""
COLUMN_TITLE = 32
"""Characters of a headline kept in a column header (sources of unknown outlet)."""


@dataclass(frozen=True)
class CellQuote:
    """One cited passage of the column's source."""

    stance: Stance
    anchor: Anchor
    quote: str
    """The passage, verbatim from the source body."""
    note: str | None


@dataclass(frozen=True)
class Cell:
    """What one source says about one claim."""

    source: SourceDoc
    quotes: tuple[CellQuote, ...]
    """Supports, then refutes, then context; within a stance in the order of the text."""
    claim_made_here: bool
    """The claim lists this source in `appears_in`."""

    @property
    def silent(self) -> bool:
        return not self.quotes

    @property
    def stances(self) -> tuple[Stance, ...]:
        return tuple(s for s in STANCE_ORDER if any(q.stance == s for q in self.quotes))


@dataclass(frozen=True)
class Row:
    doc: ClaimDoc
    cells: tuple[Cell, ...]
    """One per column, in the order of `Matrix.sources` (a grid); else only the sources that speak."""


@dataclass(frozen=True)
class Matrix:
    sources: tuple[SourceDoc, ...]
    rows: tuple[Row, ...]
    grid: bool = True
    """Every row has a cell for every source; False: only for the sources that speak."""


def build_matrix(
    corpus: Corpus, *, include_drafts: bool = False, rows: slice | None = None
) -> Matrix:
    """The matrix of the published claims against the published sources (drafts too, if
    asked); `rows`: only these of its rows (claims by id), for one page of a matrix split
    over several (the columns stay every source's)."""
    sources, claims = matrix_order(corpus, include_drafts)
    by_id = {s.id: s for s in sources}
    grid = len(sources) <= MAX_COLUMNS
    built = []
    for doc in claims[rows] if rows is not None else claims:
        quotes: dict[str, list[CellQuote]] = {s.id: [] for s in sources} if grid else {}
        for citation, anchor in zip(doc.claim.citations, doc.citation_anchors, strict=True):
            body = by_id[citation.source].body
            quotes.setdefault(citation.source, []).append(
                CellQuote(citation.stance, anchor, body[anchor.start : anchor.end], citation.note)
            )
        if grid:
            columns = sources
        else:
            speaking = set(quotes) | (set(doc.claim.appears_in) & by_id.keys())
            columns = tuple(by_id[i] for i in sorted(speaking))
        cells = tuple(
            Cell(
                source=source,
                quotes=tuple(sorted(quotes.get(source.id, ()), key=_quote_order)),
                claim_made_here=source.id in doc.claim.appears_in,
            )
            for source in columns
        )
        built.append(Row(doc, cells))
    return Matrix(sources, tuple(built), grid)


def matrix_order(
    corpus: Corpus, include_drafts: bool = False
) -> tuple[tuple[SourceDoc, ...], tuple[ClaimDoc, ...]]:
    """The matrix's columns (sources) and rows (claims), by id.

    Sorted once for the last corpus asked for (a corpus is immutable): every page of a
    matrix split over a hundred needs them, and the forked workers that render the pages
    inherit them when `generator.render.matrix_timeline_pages` has asked first.
    """
    last = _last_order.get(include_drafts)
    if last is not None and last[0]() is corpus:
        return last[1]
    order = (
        tuple(sorted(corpus.shown_sources(include_drafts), key=lambda s: s.id)),
        tuple(sorted(corpus.shown_claims(include_drafts), key=lambda d: d.id)),
    )
    _last_order[include_drafts] = (weakref.ref(corpus), order)
    return order


_last_order: dict[
    bool, tuple[weakref.ref[Corpus], tuple[tuple[SourceDoc, ...], tuple[ClaimDoc, ...]]]
] = {}
"""`matrix_order`'s last answer, with drafts (True) and without (False)."""


def forget_order() -> None:
    """Let `matrix_order`'s last answer go (`render.forget_remembered`)."""
    _last_order.clear()


def _quote_order(quote: CellQuote) -> tuple[int, int, int]:
    return (STANCE_ORDER.index(quote.stance), quote.anchor.start, quote.anchor.end)


# --- Markdown ----------------------------------------------------------------------------


def legend() -> SafeMarkdown:
    """The key to the cells, in words."""
    items = [
        gettext_markup(
            "%(stance)s: a passage of the source supports the claim.",
            stance=_badge(Stance.SUPPORTS),
        ),
        gettext_markup("%(stance)s: a passage contradicts it.", stance=_badge(Stance.REFUTES)),
        gettext_markup(
            "%(stance)s: a passage bears on it without settling it.", stance=_badge(Stance.CONTEXT)
        ),
        gettext_markup(
            "%(silent)s: no passage of the source is cited for the claim.", silent=_silent()
        ),
        gettext_markup(
            "%(made_here)s: the source is one in which the claim appears.",
            made_here=_claim_made_here(),
        ),
    ]
    return SafeMarkdown("\n".join(f"- {item}" for item in items))


def _badge(stance: Stance) -> SafeMarkdown:
    return SafeMarkdown(f"{_badge_open(stance)}{escape_text(stance_label(stance))}</span>")


def _silent() -> SafeMarkdown:
    """`— Silent`: a source with no passage cited for the claim."""
    silent = gettext("Silent")
    return escape_text(f"{SILENT_SYMBOL} {silent}")


def _claim_made_here() -> SafeMarkdown:
    made_here = escape_text(gettext("Claim made here"))
    return SafeMarkdown(f"*{made_here}*")


def _badge_open(stance: Stance) -> str:
    """A tinted `<span>` opened with the stance's symbol; the caller adds the words and closes it.
    The tint is a class (`matrix_stylesheet`), not a `style=` on each of thousands of cells."""
    return f'<span class="fc-matrix-cell fc-matrix-cell--{stance.value}">{escape_text(SYMBOLS[stance])} '


def matrix_stylesheet() -> str:
    """The cells' tints by stance and the claim column's width, for the site's stylesheet."""
    rules = [
        ".fc-matrix-cell { padding: 0 .3em; white-space: nowrap; }",
        *(
            f".fc-matrix-cell--{stance.value} {{ background: {background}; border-inline-start: 3px solid {border}; }}"
            for stance, (background, border) in TINTS.items()
        ),
        ".fc-matrix-claim { display: inline-block; min-width: 13em; }",
    ]
    return (
        "\n/* Matrix cells, generated from generator/render/matrix.py by generator/render/docs.py */\n"
        + "\n".join(rules)
        + "\n"
    )


def matrix_table(matrix: Matrix, page: str = MATRIX_PAGE) -> SafeMarkdown:
    """The matrix as a Markdown table whose cells link to the quoted passages."""
    if not matrix.grid:
        return _speaking_table(matrix, page)
    header = [
        escape_text(gettext("Claim")),
        *(_column_header(source, page) for source in matrix.sources),
    ]
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(["---"] * len(header)) + " |",
    ]
    for row in matrix.rows:
        cells = [_row_header(row.doc, page), *(_cell(cell, page) for cell in row.cells)]
        lines.append("| " + " | ".join(cells) + " |")
    return SafeMarkdown("\n".join(lines))


def _speaking_table(matrix: Matrix, page: str) -> SafeMarkdown:
    """One row per claim listing only the sources that speak to it, and how many are silent."""
    total = len(matrix.sources)
    claim_column = escape_text(gettext("Claim"))
    said_column = escape_text(gettext("What the sources say"))
    lines = [
        ngettext_markup(
            "With %(count)s source the grid would be too large to read: each claim lists the"
            " sources that speak to it; every other source is silent on it.",
            "With %(count)s sources the grid would be too large to read: each claim lists the"
            " sources that speak to it; every other source is silent on it.",
            total,
            count=total,
        ),
        "",
        f"| {claim_column} | {said_column} |",
        "| --- | --- |",
    ]
    for row in matrix.rows:
        said = [f"{_column_header(cell.source, page)}: {_cell(cell, page)}" for cell in row.cells]
        silent = total - sum(1 for cell in row.cells if not cell.silent)
        others = ngettext("%(count)s other source", "%(count)s other sources", silent, count=silent)
        said.append(f"{_silent()}{escape_text(': ' + others, strip=False)}")
        lines.append(f"| {_row_header(row.doc, page)} | {'<br>'.join(said)} |")
    return SafeMarkdown("\n".join(lines))


def _column_header(source: SourceDoc, page: str) -> str:
    """The outlet and date (or a shortened headline), the whole headline as the link's tooltip."""
    label = source_label(
        source.meta.outlet, source.meta.published, shorten(source.meta.title, COLUMN_TITLE)
    )
    headline = escape_text(shorten(source.meta.title, TOOLTIP_LIMIT))
    header = f'[{escape_text(label)}]({relative_link(page, source_page(source.id))} "{headline}")'
    return f"{header} {draft_mark()}" if source.meta.draft else header


def _row_header(doc: ClaimDoc, page: str) -> str:
    link = relative_link(page, claim_page(doc.id))
    question = in_language(doc.claim.question, doc.claim.language, active_language().tag)
    label = SafeMarkdown(f"**{escape_text(verdict_label(verdict(doc.claim.status)))}**")
    draft = f" {draft_mark()}" if doc.claim.draft else ""
    said = gettext_markup("Verdict: %(verdict)s", verdict=label)
    return f'<span class="fc-matrix-claim">[{question}]({link}){draft}<br>{said}</span>'


def _cell(cell: Cell, page: str) -> str:
    parts = []
    for quote in cell.quotes:
        link = relative_link(page, source_page(cell.source.id), quote.anchor.fragment)
        text = f"{stance_label(quote.stance)} {short_place(cell.source, quote.anchor)}"
        tooltip = shorten(
            f"“{quote.quote}”" + (f" ({quote.note})" if quote.note else ""), TOOLTIP_LIMIT
        )
        parts.append(
            f'{_badge_open(quote.stance)}[{escape_text(text)}]({link} "{escape_text(tooltip)}")</span>'
        )
    if not parts:
        parts.append(f'<span class="fc-matrix-cell fc-matrix-cell--silent">{_silent()}</span>')
    if cell.claim_made_here:
        parts.append(_claim_made_here())
    return "<br>".join(parts)
