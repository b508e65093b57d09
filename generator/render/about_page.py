"""The About page (`about.md`), and the Organization JSON-LD that points to it.

    about_producers(render, corpus_about, newsroom, settings) -> {"about.md": make_page}
    organization_jsonld(settings) -> dict

The page gives what the IFCN Code of Principles asks a desk to publish, from
`content/about.yaml` and the people files: who we are; the legal form and the owners;
the funding per year, with amounts or shares; the team; the nonpartisanship statement;
how claims are chosen and how to suggest one (with where to write, mkdocs.yml's
`extra.corrections`); and links to the methodology and the corrections policy. Every
section is always there, under a fixed heading, so the JSON-LD's links always land:
an item the file does not give shows its placeholder's note, or says it is not stated
yet (validation warns about it). A notice at the top lists the placeholders left, and
the placeholder people.

The Markdown texts were converted by validation (`AboutDoc.texts_html`) and are
sanitised here as an analysis is (`markup.sanitise_analysis`); everything else is
plain text, escaped by the templates.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.corpus.models import AboutDoc, FundingYear, Owner
from generator.corpus.newsroom import IFCN_ITEMS
from generator.render.i18n import N_, gettext
from generator.render.markup import SafeMarkdown, sanitise_analysis
from generator.render.newsroom import NewsroomView, PersonRef
from generator.render.paths import ABOUT_PAGE, METHODOLOGY, heading_id
from generator.render.report_links import contact_sentence
from generator.render.settings import SiteSettings
from generator.render.structured_data import script_safe_json
from generator.render.views import format_figure

__all__ = ["ABOUT_DESCRIPTION", "AboutView", "about_producers", "organization_jsonld"]

ABOUT_DESCRIPTION = N_(
    "Who we are, who owns and funds us, our team, our nonpartisanship, and how we choose the"
    " claims we check."
)
ITEM_TITLES: dict[str, str] = {
    "who_we_are": N_("Who we are"),
    "legal_form": N_("Legal form"),
    "owners": N_("Owners"),
    "funding": N_("Funding"),
    "team": N_("Team"),
    "nonpartisanship": N_("Nonpartisanship"),
    "how_we_choose": N_("How we choose claims"),
    "how_to_suggest": N_("Suggest a claim"),
}
"""How the page names each item of the IFCN list (`corpus.newsroom.IFCN_ITEMS`), in English:
`gettext` gives them in the site's language."""
NOT_STATED = N_("Not stated yet.")
"""What a section says when about.yaml gives neither the item nor a placeholder for it."""
ANCHORS = {
    "ownership": N_("Ownership and funding"),
    "team": N_("Team"),
    "nonpartisanship": N_("Nonpartisanship"),
    "choosing": N_("How we choose claims"),
}
"""The headings the Organization JSON-LD points to; their ids are their slugs in the
site's language (`anchor`)."""


def anchor(key: str) -> str:
    """The id of the About page's heading `key` of ANCHORS, in the site's language."""
    return str(heading_id(gettext(ANCHORS[key])))


"""The ids of the page's headings that the Organization JSON-LD links to."""
ORGANIZATION = "organization"
"""The front-matter key of the About page's Organization JSON-LD (printed by main.html)."""


@dataclass(frozen=True)
class FunderLine:
    """One funder of a year, as the funding table prints it."""

    name: str
    amount: str
    """`EUR 120,000`, or "" when only a share is given."""
    share: str
    """`40%`, or "" when only an amount is given."""
    url: str | None
    note: str | None


@dataclass(frozen=True)
class AboutView:
    """Everything the About page shows."""

    doc: AboutDoc | None
    """`about.yaml`, or None when there is none (every section then says so)."""
    team: tuple[PersonRef, ...]
    """Every person of the desk, by id."""
    placeholder_people: tuple[PersonRef, ...]
    """The people who are placeholders."""
    report_contact: SafeMarkdown
    """Where to write, as a sentence."""

    def text(self, key: str) -> SafeMarkdown | None:
        """The Markdown text `key`, sanitised, or None when the file does not give it."""
        html = self.doc.html(key) if self.doc is not None else None
        return sanitise_analysis(html) if html is not None else None

    def placeholder(self, key: str) -> str | None:
        """The placeholder's note standing for item `key`, or None."""
        return self.doc.about.placeholders.get(key) if self.doc is not None else None

    @property
    def legal_form(self) -> str | None:
        return self.doc.about.legal_form if self.doc is not None else None

    @property
    def owners(self) -> tuple[Owner, ...]:
        return tuple(self.doc.about.owners) if self.doc is not None else ()

    def owner_share(self, owner: Owner) -> str:
        return f"{format_figure(owner.share)}%" if owner.share is not None else ""

    @property
    def funding(self) -> tuple[tuple[int, tuple[FunderLine, ...]], ...]:
        """Each year, newest first, with its funders in the file's order."""
        years = sorted(self.doc.about.funding, key=lambda y: -y.year) if self.doc else []
        return tuple((year.year, _funder_lines(year)) for year in years)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The titles of the items still placeholders, in the page's order."""
        if self.doc is None:
            return ()
        return tuple(
            gettext(ITEM_TITLES[key]) for key in IFCN_ITEMS if key in self.doc.about.placeholders
        )

    @property
    def not_stated(self) -> str:
        return gettext(NOT_STATED)


def _funder_lines(year: FundingYear) -> tuple[FunderLine, ...]:
    return tuple(
        FunderLine(
            funder.name,
            f"{funder.currency} {format_figure(funder.amount)}"
            if funder.amount is not None and funder.currency
            else "",
            f"{format_figure(funder.share)}%" if funder.share is not None else "",
            funder.url,
            funder.note,
        )
        for funder in year.funders
    )


def about_producers(
    render: Callable[..., str],
    doc: AboutDoc | None,
    newsroom: NewsroomView,
    settings: SiteSettings,
) -> dict[str, Callable[[], str]]:
    """The About page, as a function that renders it with `render(path, template, meta,
    **context)`; its front matter carries the Organization JSON-LD."""
    view = AboutView(
        doc,
        tuple(person.ref for person in newsroom.people),
        newsroom.placeholder_people,
        contact_sentence(settings.report_channel),
    )
    meta = {
        "title": gettext("About us"),
        "description": gettext(ABOUT_DESCRIPTION),
        ORGANIZATION: script_safe_json(organization_jsonld(settings)),
    }
    return {
        ABOUT_PAGE: functools.partial(
            render, ABOUT_PAGE, "about.md.j2", meta, about=view, titles=ITEM_TITLES
        )
    }


def organization_jsonld(settings: SiteSettings) -> dict[str, Any]:
    """The publisher as a schema.org NewsMediaOrganization (an Organization), each of its
    policies pointing to the page, or the part of it, that states it."""
    about = settings.page_url(ABOUT_PAGE)
    methodology = settings.page_url(METHODOLOGY)
    return {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": settings.publisher_name,
        "url": settings.publisher_url,
        "publishingPrinciples": methodology,
        "verificationFactCheckingPolicy": _at(methodology, "How a fact-check is made"),
        "correctionsPolicy": _at(methodology, "Corrections policy"),
        "actionableFeedbackPolicy": _at(methodology, "Report an error or appeal a verdict"),
        "ownershipFundingInfo": f"{about}#{anchor('ownership')}",
        "ethicsPolicy": f"{about}#{anchor('nonpartisanship')}",
        "missionCoveragePrioritiesPolicy": f"{about}#{anchor('choosing')}",
        "masthead": f"{about}#{anchor('team')}",
    }


def _at(page: str, heading: str) -> str:
    """The address of the methodology's `heading` (English, as methodology.md.j2 writes it)
    on `page`, by its id in the site's language."""
    fragment = str(heading_id(gettext(heading)))
    return f"{page}#{fragment}"
