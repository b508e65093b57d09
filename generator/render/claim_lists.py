"""Where the site lists its claims by verdict and by tag: on the claims index, or, on a
large site, on pages of their own.

A site whose claims index would list at most `paging.MOST_LISTED` claims (counting a
claim once under its verdict and once under each tag) has the one page it always had,
`claims/index.md`, a heading per verdict (`#status-false`) and per tag (`#tag-x`).
A larger site's index is an overview instead: how many claims each verdict and each
tag has, each count linking to that group's own list (`claims/verdict/false.md`,
`claims/tag/x.md`), split into numbered pages (`claims/tag/x/2.md`) with a pager when
it is still too long. The overview keeps the ids `status-*` and `tag-*` on its rows, so
an old link to `claims/#tag-x` lands on the row that leads on; the site's own links
(the home page's counts, a claim's tags) go to the group's list itself.

Only published claims count towards the limit, in a preview too: its drafts are listed
on the release's pages (`paging.split`), so that they never change where the release
lists a claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.corpus.scale import Status
from generator.render import paging
from generator.render.paths import CLAIMS_INDEX, checked_id, tag_page, verdict_page
from generator.render.views import ClaimSummary, Group, SiteView

__all__ = ["ClaimLists", "ListPage", "claim_lists", "list_pages"]


@dataclass(frozen=True)
class ClaimLists:
    """Where a verdict's or a tag's claims are listed; each method gives a link's
    (page, fragment) for the templates' `link(*...)`."""

    split: bool
    """The claims index is an overview; each group has pages of its own."""

    def verdict(self, status: Status) -> tuple[str, str | None]:
        if self.split:
            return verdict_page(status.value), None
        return CLAIMS_INDEX, checked_id(f"status-{status.value}")

    def tag(self, tag: str) -> tuple[str, str | None]:
        if self.split:
            return tag_page(tag), None
        return CLAIMS_INDEX, checked_id(f"tag-{tag}")


@dataclass(frozen=True)
class ListPage:
    """One page of a verdict's or a tag's own list of claims."""

    group: Group
    number: int
    """From 1."""
    paths: tuple[str, ...]
    """Every page of the group's list, first to last."""
    claims: tuple[ClaimSummary, ...]
    """The claims on this page, in the group's order (by id)."""
    first: int
    """Where its first claim is in the group's list, from 1."""

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def last(self) -> int:
        """Where its last claim is in the group's list, from 1."""
        return self.first + len(self.claims) - 1


def claim_lists(site: SiteView) -> ClaimLists:
    """Whether `site`'s claims index is too long for one page (in the release: a
    preview's drafts do not count)."""
    listed = sum(1 + len(set(view.claim.tags)) for view in site.published_claims)
    return ClaimLists(split=listed > paging.MOST_LISTED)


def list_pages(group: Group) -> tuple[ListPage, ...]:
    """The pages of `group`'s own list, at most `MOST_LISTED` published claims each
    (a preview's drafts go on the page of the published claim before them)."""
    return tuple(
        ListPage(group, page.number, page.paths, page.items, page.first)
        for page in paging.paginate(group.claims, group.page, paging.MOST_LISTED, _published)
    )


def _published(claim: ClaimSummary) -> bool:
    return not claim.draft
