"""Where readers report an error or appeal a verdict (generator/render/report_links.py): the links, their
escaping, the methodology section and each claim page's line, per configuration, and in a
real build of the shipped content (public site and offline bundle)."""

from __future__ import annotations

import dataclasses
import html
import html.parser
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from contentkit import TEST_SETTINGS, build_with_bundle
from test_render import basic_corpus, render

from generator.corpus.pipeline import check
from generator.render.markup import UnsafeUrlError, mailto_link
from generator.render.report_links import (
    ReportChannel,
    claim_report_links,
    contact_sentence,
    default_channel,
    github_issues,
)
from generator.render.settings import SiteSettings, load_settings

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = 'Did "Kim" say <b>100</b> & more?\nSubject: x #1 %41 &cc=evil@pwn.example ](javascript:x)'
PAGE = "https://checks.example.org/claims/one/"
SECTION = "report-an-error-or-appeal-a-verdict"


class _Anchors(html.parser.HTMLParser):
    """Each `<a>`: its attributes and its text, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[dict[str, str], str]] = []
        self.ids: set[str] = set()
        self._open: list[tuple[dict[str, str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a":
            self._open.append((a, []))

    def handle_data(self, data: str) -> None:
        for _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            attrs, text = self._open.pop()
            self.anchors.append((attrs, "".join(text)))


def anchors(markup: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(markup)
    parser.close()
    return parser


def fields(href: str) -> dict[str, str]:
    """The decoded query of a link (a mail's subject and body, an issue's title and body)."""
    return dict(parse_qsl(urlsplit(href).query, keep_blank_values=True))


# --- the links ------------------------------------------------------------------------------


def test_a_mail_link_is_pre_filled_and_every_part_is_encoded() -> None:
    link = mailto_link(
        "desk@checks.example.org", "desk@checks.example.org", subject="A & B?", body="1\r\n2 #3"
    )
    assert link == (
        '<a href="mailto:desk@checks.example.org?subject=A%20%26%20B%3F&amp;body=1%0D%0A2%20%233">'
        "desk&#64;checks&#46;example&#46;org</a>"
    )
    ((attrs, text),) = anchors(link).anchors
    assert text == "desk@checks.example.org"
    assert fields(attrs["href"]) == {"subject": "A & B?", "body": "1\r\n2 #3"}


def test_an_address_keeps_only_what_a_mailto_uri_may_hold_as_it_is() -> None:
    link = mailto_link("o'brien+x%y#z?@checks.example.org", "write")
    assert 'href="mailto:o&#x27;brien+x%25y%23z%3F@checks.example.org"' in link


@pytest.mark.parametrize(
    "address",
    [
        "Desk <desk@checks.example.org>",
        "mailto:desk@checks.example.org",
        "desk@checks.example.org?cc=evil@pwn.example",
        "desk@checks.example.org\nBcc: evil@pwn.example",
        "desk@localhost",
        "a@b.example, c@d.example",
        'x"onmouseover="alert(1)"@checks.example.org',
    ],
)
def test_a_mail_link_refuses_anything_but_one_plain_address(address: str) -> None:
    with pytest.raises(UnsafeUrlError):
        mailto_link(address, "write")


@pytest.mark.parametrize(
    ("repo_url", "issues"),
    [
        ("https://github.com/desk/checks", "https://github.com/desk/checks/issues"),
        ("https://github.com/desk/checks/", "https://github.com/desk/checks/issues"),
        ("https://github.com/desk/checks.git", "https://github.com/desk/checks/issues"),
        ("https://github.com/desk", None),
        ("https://gitlab.com/desk/checks", None),
        ("http://github.com.pwn.example/desk/checks", None),
        ("", None),
    ],
)
def test_the_issue_tracker_of_a_github_repository(repo_url: str, issues: str | None) -> None:
    assert github_issues(repo_url) == issues


@pytest.mark.parametrize(
    ("url", "tracker"),
    [
        ("https://github.com/desk/checks/issues", "https://github.com/desk/checks/issues"),
        ("https://github.com/desk/checks/issues/new", "https://github.com/desk/checks/issues"),
        ("https://github.com/desk/checks", None),
        ("https://desk.example.org/corrections", None),
    ],
)
def test_a_corrections_url_is_a_tracker_only_when_it_is_one(url: str, tracker: str | None) -> None:
    assert ReportChannel(url=url).issue_tracker == tracker


def test_the_default_channel_never_makes_up_an_address() -> None:
    assert default_channel("https://github.com/d/c", "https://desk.example.org/") == ReportChannel(
        url="https://github.com/d/c/issues"
    )
    assert default_channel("", "https://desk.example.org/") == ReportChannel(
        url="https://desk.example.org/"
    )


def expected_body(question: str, page: str, line_break: str) -> str:
    lines = [f"Claim: {' '.join(question.split())}", *([page] if page else [])]
    lines += [
        "",
        "What is wrong (the verdict, the summary, a quote, a missing source):",
        "",
        "",
        "Your evidence (links to the articles or documents, with the exact passages that matter):",
        "",
    ]
    return line_break.join(lines)


@pytest.mark.parametrize("page", [PAGE, ""], ids=["published", "draft"])
def test_a_claims_mail_names_its_id_and_carries_its_question_as_written(page: str) -> None:
    links = claim_report_links(ReportChannel(email="desk@checks.example.org"), "one", HOSTILE, page)
    ((attrs, text),) = anchors(links).anchors
    assert set(attrs) == {"href"} and text == "desk@checks.example.org"
    href = attrs["href"]
    assert href.startswith("mailto:desk@checks.example.org?subject=")
    assert not set(href) & set("\"'<> \n\r")
    assert fields(href) == {
        "subject": "Correction request: one",
        "body": expected_body(HOSTILE, page, "\r\n"),
    }
    assert links.endswith(", naming its id, <code>one</code>")


def test_a_claims_github_issue_is_pre_filled_with_its_id_and_question() -> None:
    channel = ReportChannel(url="https://github.com/desk/checks/issues")
    links = claim_report_links(channel, "one", HOSTILE, PAGE)
    ((attrs, text),) = anchors(links).anchors
    assert text == "open an issue on GitHub"
    assert attrs["class"] == "fc-external" and attrs["rel"] == "nofollow noopener"
    href = attrs["href"]
    assert href.startswith(
        "https://github.com/desk/checks/issues/new?title=Correction%20request%3A%20one&body=Claim%3A%20Did%20%22Kim%22"
    )
    assert not set(href) & set("\"'<> \n\r")
    assert fields(href) == {
        "title": "Correction request: one",
        "body": expected_body(HOSTILE, PAGE, "\n"),
    }


def test_another_page_is_linked_as_it_is_and_both_channels_are_offered() -> None:
    web = claim_report_links(
        ReportChannel(url="https://desk.example.org/fix"), "one", HOSTILE, PAGE
    )
    ((attrs, text),) = anchors(web).anchors
    assert (attrs["href"], text) == ("https://desk.example.org/fix", "https://desk.example.org/fix")
    assert web.startswith("write to us through <a ")
    both = ReportChannel(email="desk@checks.example.org", url="https://github.com/d/c/issues")
    links = claim_report_links(both, "one", HOSTILE, PAGE)
    assert [text for _, text in anchors(links).anchors] == [
        "desk@checks.example.org",
        "open an issue on GitHub",
    ]
    assert links.startswith('email <a href="mailto:') and ", or <a class=" in links


@pytest.mark.parametrize(
    ("channel", "sentence"),
    [
        (
            ReportChannel(email="desk@checks.example.org"),
            'Email it to <a href="mailto:desk@checks.example.org">desk&#64;checks&#46;example&#46;org</a>.',
        ),
        (
            ReportChannel(url="https://github.com/d/c/issues"),
            'Open an issue in <a class="fc-external" href="https://github.com/d/c/issues" '
            'rel="nofollow noopener">our public issue tracker on GitHub</a> (you need a GitHub '
            "account there; what you write is public).",
        ),
        (
            ReportChannel(url="https://desk.example.org/fix"),
            'Send it to us through <a class="fc-external" href="https://desk.example.org/fix" '
            'rel="nofollow noopener">https&#58;&#47;&#47;desk&#46;example&#46;org&#47;fix</a>.',
        ),
        (
            ReportChannel(email="desk@checks.example.org", url="https://desk.example.org/fix"),
            'Email it to <a href="mailto:desk@checks.example.org">desk&#64;checks&#46;example&#46;org</a>, '
            'or send it to us through <a class="fc-external" href="https://desk.example.org/fix" '
            'rel="nofollow noopener">https&#58;&#47;&#47;desk&#46;example&#46;org&#47;fix</a>.',
        ),
    ],
    ids=["email", "github", "web", "both"],
)
def test_the_methodology_page_says_where_to_write(channel: ReportChannel, sentence: str) -> None:
    # As read: our words' punctuation is written as character references, like content's.
    assert html.unescape(contact_sentence(channel)) == html.unescape(sentence)


# --- the pages, per configuration ---------------------------------------------------------


CONFIGURATIONS = {
    "email": (
        {"corrections": ReportChannel(email="desk@checks.example.org")},
        "mailto:desk@checks.example.org",
        "mailto:desk@checks.example.org?subject=Correction%20request%3A%20one&",
    ),
    "tracker": (
        {"corrections": ReportChannel(url="https://github.com/d/c/issues/")},
        "https://github.com/d/c/issues",
        "https://github.com/d/c/issues/new?title=Correction%20request%3A%20one&",
    ),
    "repo-url": (
        {"repo_url": "https://github.com/d/c"},
        "https://github.com/d/c/issues",
        "https://github.com/d/c/issues/new?title=Correction%20request%3A%20one&",
    ),
    "publisher": ({}, "https://desk.example.org/", "https://desk.example.org/"),
}


@pytest.mark.parametrize(
    ("settings", "contact", "claim_link"), CONFIGURATIONS.values(), ids=CONFIGURATIONS.keys()
)
def test_methodology_and_claim_pages_link_the_channel_configured(
    settings: dict[str, object], contact: str, claim_link: str
) -> None:
    pages = render(basic_corpus(question=HOSTILE), dataclasses.replace(TEST_SETTINGS, **settings))
    methodology = pages["methodology.md"]
    section = methodology.split("## Report an error or appeal a verdict\n")[1].split("\n## ")[0]
    assert [a["href"] for a, _ in anchors(section).anchors] == [contact]
    assert "[corrections policy](#corrections-policy)" in section
    for asked in ("**which claim**", "**what is wrong**", "**your evidence**"):
        assert asked in section
    assert "log the change, dated and explained, in its corrections" in section
    claim = pages["claims/one.md"]
    (line,) = [
        html.unescape(x) for x in claim.splitlines() if x.startswith("See the [corrections policy]")
    ]
    assert line.startswith(
        "See the [corrections policy](../methodology.md#corrections-policy). To report an error"
        " in this fact-check or appeal its verdict, "
    )
    assert line.endswith(
        f", naming its id, <code>one</code> ([what to send](../methodology.md#{SECTION}))."
    )
    ((attrs, _),) = anchors(line).anchors
    assert attrs["href"].startswith(claim_link)
    assert not set(attrs["href"]) & set("\"'<> ")


def test_a_drafts_report_names_no_public_address() -> None:
    settings = dataclasses.replace(
        TEST_SETTINGS,
        include_drafts=True,
        corrections=ReportChannel(email="desk@checks.example.org"),
    )
    page = render(basic_corpus(draft=True), settings)["claims/one.md"]
    ((attrs, _),) = [a for a in anchors(page).anchors if a[0].get("href", "").startswith("mailto:")]
    body = fields(attrs["href"])["body"]
    assert body.startswith("Claim: Is one true?\r\n\r\nWhat is wrong")
    assert "checks.example.org/claims" not in body


# --- a real build -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, shim: Path) -> tuple[Path, Path]:
    """The public site and the unzipped offline bundle of the shipped content."""
    return build_with_bundle(ROOT / "content", tmp_path_factory.mktemp("reporting"))


@pytest.mark.slow
@pytest.mark.parametrize("offline", [False, True], ids=["site", "offline"])
def test_the_built_pages_tell_readers_where_to_report_an_error(
    published: tuple[Path, Path], offline: bool
) -> None:
    root = published[offline]
    settings: SiteSettings = load_settings(ROOT / "mkdocs.yml")
    address = settings.report_channel.email
    assert address == "corrections@factcheck.example.org"

    def page(path: str) -> Path:
        return root / (f"{path}.html" if offline else f"{path}/index.html")

    methodology = anchors(page("methodology").read_text(encoding="utf-8"))
    assert SECTION in methodology.ids
    assert (({"href": f"mailto:{address}"}, address)) in methodology.anchors

    for doc in check(ROOT / "content").published_claims:
        claim_page = page(f"claims/{doc.id}")
        parsed = anchors(claim_page.read_text(encoding="utf-8"))
        (mail,) = [a for a, _ in parsed.anchors if a.get("href", "").startswith("mailto:")]
        assert urlsplit(mail["href"]).path == address
        assert fields(mail["href"]) == {
            "subject": f"Correction request: {doc.id}",
            "body": expected_body(
                doc.claim.question, settings.page_url(f"claims/{doc.id}.md"), "\r\n"
            ),
        }
        (what_to_send,) = [a["href"] for a, text in parsed.anchors if text == "what to send"]
        target, _, fragment = what_to_send.partition("#")
        assert fragment == SECTION
        assert (claim_page.parent / unquote(target)).resolve() in {
            page("methodology").resolve(),
            page("methodology").parent.resolve(),
        }
