"""What the site shows of its newsroom: bylines, people's and claimants' pages, related claims.

    newsroom_view(corpus, site) -> NewsroomView
    newsroom_producers(render, newsroom) -> {path: make_page}

A claim page prints its byline ("Checked by …, edited by …", each name linking to the
person's page), links its claimant's page when the claimant has a file, and lists its
related claims: those it names in `related` and those that name it, so both pages show
the link. A person's page lists the fact-checks they checked and edited; a claimant's, the
fact-checks of their claims with a count per verdict, as a table and an inline SVG chart
(`generator.render.scorecard`); `claimants/index.md` lists every claimant with a file. The
About page is `generator.render.about_page`'s.

A preview's drafts are listed (marked) as everywhere; nothing here lists a draft on the
published site. Every text is content, printed through the templates' escaping.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.lists import format_list

from generator.corpus.models import (
    Claimant,
    ClaimantDoc,
    ClaimantType,
    Corpus,
    Person,
    PersonDoc,
)
from generator.corpus.newsroom import is_claimant_id
from generator.corpus.scale import SCALE, Verdict
from generator.render.descriptions import DESCRIPTION_LIMIT
from generator.render.i18n import N_, active_language, gettext, gettext_markup
from generator.render.labels import shorten
from generator.render.markup import SafeMarkdown, escape_text
from generator.render.paths import (
    CLAIMANTS_INDEX,
    claimant_page,
    person_page,
)
from generator.render.scorecard import verdict_chart
from generator.render.views import ClaimSummary, SiteView

__all__ = [
    "ClaimantRef",
    "ClaimantView",
    "Credits",
    "NewsroomView",
    "PersonRef",
    "PersonView",
    "byline",
    "forget_newsroom",
    "names_in_words",
    "newsroom_producers",
    "newsroom_view",
    "placeholder_person_notice",
]


@dataclass(frozen=True)
class PersonRef:
    """How pages refer to a person of the desk."""

    id: str
    name: str
    role: str
    page: str
    """Their page, relative to docs_dir."""
    placeholder: bool
    """A stand-in, not a real person."""
    same_as: tuple[str, ...] = ()
    """Their pages elsewhere (the person's `links`)."""


@dataclass(frozen=True)
class PersonView:
    """Everything a person's page shows."""

    ref: PersonRef
    person: Person
    authored: tuple[ClaimSummary, ...]
    """The fact-checks they checked, newest first."""
    edited: tuple[ClaimSummary, ...]
    """The fact-checks they edited, newest first."""


@dataclass(frozen=True)
class ClaimantRef:
    """Who made a claim: a claimant with a file (and a page), or a name written out."""

    name: str
    id: str | None = None
    """The claimant file's id; None for a claimant written out in the claim."""
    page: str | None = None
    """Their page, relative to docs_dir; None without a file."""
    type: ClaimantType | None = None
    """Person, organisation, or neither (not said)."""
    url: str | None = None
    """Their own website (a file's `url`)."""
    same_as: tuple[str, ...] = ()
    """Pages that identify them elsewhere (a file's `same_as`)."""


@dataclass(frozen=True)
class ClaimantView:
    """Everything a claimant's page shows."""

    ref: ClaimantRef
    claimant: Claimant
    claims: tuple[ClaimSummary, ...]
    """The fact-checks of their claims, newest first."""

    def counts(self) -> tuple[tuple[Verdict, int], ...]:
        """Every verdict of the scale, in scale order, with how many of their claims have it."""
        counts = {status: 0 for status in SCALE}
        for claim in self.claims:
            counts[claim.verdict.status] += 1
        return tuple((SCALE[status], count) for status, count in counts.items())

    def chart(self) -> SafeMarkdown:
        """The counts as an inline SVG bar chart."""
        return verdict_chart(self.counts(), f"verdicts-{self.ref.id}", self.ref.name)


@dataclass(frozen=True)
class Credits:
    """Who checked a claim, and who edited it."""

    authors: tuple[PersonRef, ...]
    editor: PersonRef | None


@dataclass(frozen=True)
class NewsroomView:
    """The newsroom as the pages show it: people, claimants, and what each claim says of them."""

    people: tuple[PersonView, ...]
    """Every person, by id."""
    claimants: tuple[ClaimantView, ...]
    """Every claimant with a file, by id."""
    credits: Mapping[str, Credits] = field(default_factory=dict)
    """Each shown claim's credits, by claim id."""
    claimants_of: Mapping[str, ClaimantRef] = field(default_factory=dict)
    """Each shown claim's claimant, by claim id."""
    related: Mapping[str, tuple[ClaimSummary, ...]] = field(default_factory=dict)
    """Each shown claim's related claims (named by it, or naming it), by claim id."""
    corpus: Corpus | None = field(default=None, repr=False, compare=False)
    """What the view was made from (the About page reads its `about`)."""

    def credits_of(self, claim_id: str) -> Credits:
        return self.credits.get(claim_id, Credits((), None))

    def claimant_of(self, claim_id: str) -> ClaimantRef:
        return self.claimants_of[claim_id]

    def related_to(self, claim_id: str) -> tuple[ClaimSummary, ...]:
        return self.related.get(claim_id, ())

    @property
    def placeholder_people(self) -> tuple[PersonRef, ...]:
        """The people who are placeholders, by id."""
        return tuple(p.ref for p in self.people if p.ref.placeholder)


def newsroom_view(corpus: Corpus, site: SiteView) -> NewsroomView:
    """The newsroom of `corpus` as `site` (its published part, or a preview's) shows it;
    the last one made is kept and given again for the same site view."""
    global _last
    if _last is not None and _last[0] is site and _last[1] is corpus:
        return _last[2]
    view = _newsroom_view(corpus, site)
    _last = (site, corpus, view)
    return view


_last: tuple[SiteView, Corpus, NewsroomView] | None = None


def forget_newsroom() -> None:
    global _last
    _last = None


def _newsroom_view(corpus: Corpus, site: SiteView) -> NewsroomView:
    people = {doc.id: _person_ref(doc) for doc in corpus.people}
    claimants = {doc.id: _claimant_ref(doc) for doc in corpus.claimants}
    authored: dict[str, list[ClaimSummary]] = defaultdict(list)
    edited: dict[str, list[ClaimSummary]] = defaultdict(list)
    of_claimant: dict[str, list[ClaimSummary]] = defaultdict(list)
    credits: dict[str, Credits] = {}
    claimants_of: dict[str, ClaimantRef] = {}
    for view in site.claims:
        claim, summary = view.claim, view.summary
        for person in dict.fromkeys(claim.authors):
            authored[person].append(summary)
        if claim.editor is not None:
            edited[claim.editor].append(summary)
        credits[summary.id] = Credits(
            tuple(people[p] for p in dict.fromkeys(claim.authors) if p in people),
            people.get(claim.editor) if claim.editor is not None else None,
        )
        ref = claimants.get(claim.claimant) if is_claimant_id(claim.claimant) else None
        if ref is not None and ref.id is not None:
            of_claimant[ref.id].append(summary)
        claimants_of[summary.id] = ref or ClaimantRef(claim.claimant, type=claim.claimant_type)
    person_views = tuple(
        PersonView(people[doc.id], doc.person, _newest(authored[doc.id]), _newest(edited[doc.id]))
        for doc in corpus.people
    )
    claimant_views = tuple(
        ClaimantView(claimants[doc.id], doc.claimant, _newest(of_claimant[doc.id]))
        for doc in corpus.claimants
    )
    return NewsroomView(person_views, claimant_views, credits, claimants_of, _related(site), corpus)


def _person_ref(doc: PersonDoc) -> PersonRef:
    person = doc.person
    return PersonRef(
        doc.id,
        person.name,
        person.role,
        person_page(doc.id),
        person.placeholder,
        tuple(link.url for link in person.links),
    )


def _claimant_ref(doc: ClaimantDoc) -> ClaimantRef:
    claimant = doc.claimant
    return ClaimantRef(
        claimant.name,
        doc.id,
        claimant_page(doc.id),
        claimant.type,
        claimant.url,
        tuple(claimant.same_as),
    )


def _newest(claims: Iterable[ClaimSummary]) -> tuple[ClaimSummary, ...]:
    """Newest first, then by id (as the home page's latest fact-checks)."""
    return tuple(sorted(claims, key=lambda s: (-s.published.toordinal(), s.id)))


def _related(site: SiteView) -> dict[str, tuple[ClaimSummary, ...]]:
    """Each shown claim's related claims, both ways, by id; claims not shown (a draft, on
    the published site) left out."""
    summaries = {view.summary.id: view.summary for view in site.claims}
    related: dict[str, set[str]] = defaultdict(set)
    for view in site.claims:
        for other in view.claim.related:
            if other in summaries and other != view.summary.id:
                related[view.summary.id].add(other)
                related[other].add(view.summary.id)
    return {
        claim_id: tuple(summaries[other] for other in sorted(others))
        for claim_id, others in related.items()
    }


# -- printing ------------------------------------------------------------------------------


def names_in_words(names: Iterable[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    listed = list(names)
    if len(listed) <= 1:
        return "".join(listed)
    return format_list(listed, locale=active_language().locale)


def byline(credits: Credits, link: Callable[..., SafeMarkdown]) -> SafeMarkdown:
    """The byline of a claim page, each name linked to the person's page (`link` resolves
    from the page); empty for a draft that names nobody yet."""

    def named(person: PersonRef) -> str:
        return f"[{escape_text(person.name)}]({link(person.page)})"

    authors = names_in_words(named(person) for person in credits.authors)
    editor = named(credits.editor) if credits.editor is not None else ""
    names = {"authors": SafeMarkdown(authors), "editor": SafeMarkdown(editor)}
    if authors and editor:
        return gettext_markup("Checked by %(authors)s, edited by %(editor)s.", **names)
    if authors:  # a draft before it has an editor (only a preview shows drafts)
        return gettext_markup("Checked by %(authors)s; no editor yet.", authors=names["authors"])
    if editor:  # a draft before it names its authors
        return gettext_markup("Edited by %(editor)s.", editor=names["editor"])
    return SafeMarkdown("")


def person_description(view: PersonView) -> str:
    """`<name>, <role>: the fact-checks they checked and edited.`"""
    ref = view.ref
    return shorten(
        gettext(
            "%(name)s, %(role)s: the fact-checks they checked and edited on this site.",
            name=ref.name,
            role=ref.role,
        ),
        DESCRIPTION_LIMIT,
    )


def claimant_description(view: ClaimantView) -> str:
    """`The fact-checks of claims made by <name>, with a count per verdict.`"""
    return shorten(
        gettext(
            "The fact-checks of claims made by %(name)s, with a count per verdict.",
            name=view.ref.name,
        ),
        DESCRIPTION_LIMIT,
    )


CLAIMANTS_DESCRIPTION = N_(
    "Who made the claims checked on this site: each claimant's record, with a count per verdict."
)
"""The claimants index's description."""


def newsroom_producers(
    render: Callable[..., str], newsroom: NewsroomView
) -> dict[str, Callable[[], str]]:
    """Every person's and claimant's page and the claimants index, each as a function that
    renders it; `render(path, template, meta, **context)` renders a page."""
    partial = functools.partial
    pages: dict[str, Callable[[], str]] = {
        CLAIMANTS_INDEX: partial(
            render,
            CLAIMANTS_INDEX,
            "claimants_index.md.j2",
            {"title": gettext("Claimants"), "description": gettext(CLAIMANTS_DESCRIPTION)},
        )
    }
    for person in newsroom.people:
        meta = {"title": person.ref.name, "description": person_description(person)}
        pages[person.ref.page] = partial(
            render, person.ref.page, "person.md.j2", meta, person=person
        )
    for claimant in newsroom.claimants:
        assert claimant.ref.page is not None
        meta = {"title": claimant.ref.name, "description": claimant_description(claimant)}
        pages[claimant.ref.page] = partial(
            render, claimant.ref.page, "claimant.md.j2", meta, claimant=claimant
        )
    return pages


def placeholder_person_notice() -> SafeMarkdown:
    """The notice atop a placeholder person's page, styled as Material's warning admonition."""
    return SafeMarkdown(
        '<div class="admonition warning fc-placeholder-notice" role="note">'
        '<p class="admonition-title">'
        + gettext_markup("Placeholder")
        + "</p><p>"
        + gettext_markup(
            "This is a placeholder, not a person: the desk has not named the people who "
            "check and edit its claims yet, and replaces this entry with a real person's "
            "before publishing."
        )
        + "</p></div>"
    )


TEMPLATE_HELPERS: dict[str, Any] = {
    "byline": byline,
    "placeholder_person_notice": placeholder_person_notice,
}
"""What the page templates call from here."""
