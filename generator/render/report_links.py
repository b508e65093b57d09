"""Where readers report an error or appeal a verdict, and the links that take them there.

mkdocs.yml's `extra.corrections` names the channel: an `email` (a `mailto:` link), a
`url` (an http(s) page: a form, or an issue tracker), or both. Without it, readers are
sent to the issue tracker of the site's repository when `repo_url` is on GitHub, or else
to the publisher's website (`extra.publisher.url`): never to an address made up here.

The methodology page says what to send and where; each claim page links the channel,
pre-filled where it can be: a mail's subject names the claim's id and its body the
claim, its address and what to say; a GitHub issue (`<repository>/issues/new`) gets the
same as its title and body. Every part is percent-encoded before the link is
HTML-escaped (`markup.mailto_link`, `markup.external_link`), so no claim's text can end
the address, add a header to the mail or reach the page as markup. The words, the mail's
and the issue's included, are in the site's language (`generator.render.i18n`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from generator.render.i18n import gettext, gettext_markup
from generator.render.markup import SafeMarkdown, code, external_link, mailto_link

__all__ = [
    "EMAIL_ADDRESS",
    "ReportChannel",
    "claim_report_links",
    "contact_sentence",
    "default_channel",
    "github_issues",
    "report_body",
]

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_ADDRESS = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+")
"""A plausible address: the HTML standard's valid e-mail address (what `<input
type=email>` accepts), with a dot in the domain, as an address on the public internet has."""
_GITHUB_REPOSITORY = re.compile(
    r"https://github\.com/([A-Za-z0-9-]+/[A-Za-z0-9._-]+?)(?:\.git)?/?", re.IGNORECASE
)
_GITHUB_ISSUES = re.compile(
    r"https://github\.com/([A-Za-z0-9-]+/[A-Za-z0-9._-]+)/issues(?:/new)?/?", re.IGNORECASE
)


def report_subject(claim_id: str) -> str:
    """A report's mail subject and issue title, naming the claim by its id."""
    return gettext("Correction request: %(id)s", id=claim_id)


def _report_prompts() -> tuple[str, ...]:
    """What a pre-filled report asks the reader to write, in order."""
    return (
        gettext("What is wrong (the verdict, the summary, a quote, a missing source):"),
        gettext(
            "Your evidence (links to the articles or documents, with the exact passages that matter):"
        ),
    )


@dataclass(frozen=True)
class ReportChannel:
    """Where readers send a report: an address, a web page, or both (at least one)."""

    email: str = ""
    """An email address (`EMAIL_ADDRESS`), linked as `mailto:`; empty for none."""
    url: str = ""
    """An absolute http(s) page (a form, an issue tracker); empty for none."""

    @property
    def issue_tracker(self) -> str | None:
        """`https://github.com/<owner>/<repo>/issues` when `url` is a GitHub issue tracker."""
        match = _GITHUB_ISSUES.fullmatch(self.url)
        return f"https://github.com/{match[1]}/issues" if match else None


def github_issues(repo_url: str) -> str | None:
    """The issue tracker of a GitHub repository's address (`repo_url`), or None."""
    match = _GITHUB_REPOSITORY.fullmatch(repo_url.strip())
    return f"https://github.com/{match[1]}/issues" if match else None


def default_channel(repo_url: str, publisher_url: str) -> ReportChannel:
    """The channel when mkdocs.yml names none: the GitHub repository's issue tracker,
    else the publisher's website."""
    return ReportChannel(url=github_issues(repo_url) or publisher_url)


def report_body(question: str, page_url: str, line_break: str = "\n") -> str:
    """What a pre-filled report says: the claim and its address (none for a draft, which
    has none yet), then what to write."""
    lines = [
        gettext("Claim: %(question)s", question=" ".join(question.split())),
        *([page_url] if page_url else []),
    ]
    for prompt in _report_prompts():
        lines += ["", prompt, ""]
    return line_break.join(lines)


def contact_sentence(channel: ReportChannel) -> SafeMarkdown:
    """Where to send a report, as a sentence for the methodology page."""
    tracker, url = channel.issue_tracker, channel.url
    values: dict[str, object] = {}
    if channel.email:
        values["address"] = mailto_link(channel.email, channel.email)
    if tracker:
        values["tracker"] = external_link(tracker, gettext("our public issue tracker on GitHub"))
        if channel.email:
            return gettext_markup(
                "Email it to %(address)s, or open an issue in %(tracker)s (you need a GitHub "
                "account there; what you write is public).",
                **values,
            )
        return gettext_markup(
            "Open an issue in %(tracker)s (you need a GitHub account there; what you write is public).",
            **values,
        )
    if url:
        values["page"] = external_link(url, url)
        if channel.email:
            return gettext_markup(
                "Email it to %(address)s, or send it to us through %(page)s.", **values
            )
        return gettext_markup("Send it to us through %(page)s.", **values)
    return gettext_markup("Email it to %(address)s.", **values)


def claim_report_links(
    channel: ReportChannel, claim_id: str, question: str, page_url: str
) -> SafeMarkdown:
    """Where to report an error in one claim, pre-filled with its id, question and address
    where the channel allows; a phrase (`email …, or open an issue on GitHub`)."""
    subject = report_subject(claim_id)
    values: dict[str, object] = {"id": code(claim_id)}
    if channel.email:
        values["address"] = mailto_link(
            channel.email,
            channel.email,
            subject=subject,
            body=report_body(question, page_url, line_break="\r\n"),
        )
    tracker = channel.issue_tracker
    if tracker:
        query = f"title={quote(subject, safe='')}&body={quote(report_body(question, page_url), safe='')}"
        values["issue"] = external_link(
            f"{tracker}/new?{query}", gettext("open an issue on GitHub")
        )
        if channel.email:
            return gettext_markup(
                "email %(address)s, or %(issue)s, naming its id, %(id)s", **values
            )
        return gettext_markup("%(issue)s, naming its id, %(id)s", **values)
    if channel.url:
        values["page"] = external_link(channel.url, channel.url)
        if channel.email:
            return gettext_markup(
                "email %(address)s, or write to us through %(page)s, naming its id, %(id)s",
                **values,
            )
        return gettext_markup("write to us through %(page)s, naming its id, %(id)s", **values)
    return gettext_markup("email %(address)s, naming its id, %(id)s", **values)
