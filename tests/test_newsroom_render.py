"""What the site shows of the newsroom: bylines, people's and claimants' pages, related claims,
the About page, and what ClaimReview and api/claims.json say of them (generated Markdown and
data, without MkDocs; tests/test_newsroom_site.py parses the built HTML)."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from contentkit import ABOUT, AUTHOR, CLAIM, EDITOR, PEOPLE, TEST_SETTINGS, write_content

from generator.corpus.pipeline import check
from generator.render.about_page import organization_jsonld
from generator.render.docs import generate_files
from generator.render.settings import SettingsError, SiteSettings, settings_from_mapping

SVG = "{http://www.w3.org/2000/svg}"


# Our words' punctuation is written as character references (`Claimant&#58;`), as content's
# always was: the same text once the page is parsed.


def pages(content: Path, settings: SiteSettings = TEST_SETTINGS) -> dict[str, str]:
    return {
        path: data.decode("utf-8")
        for path, data in generate_files(check(content), settings).items()
        if path.endswith((".md", ".json"))
    }


def front_matter(page: str) -> dict[str, str]:
    return yaml.safe_load(page.split("---\n")[1])


def claimreview(page: str) -> dict[str, object]:
    return json.loads(front_matter(page)["claimreview"])


def claim_text(**keys: str) -> str:
    """The kit's claim with extra keys at its end (its credits are added by write_content)."""
    return CLAIM + "".join(f"{key}: {value}\n" for key, value in keys.items())


# -- claim pages ---------------------------------------------------------------------------


def test_the_claim_page_carries_the_byline_linking_each_person(tmp_path):
    page = html.unescape(pages(write_content(tmp_path))["claims/served-120-days.md"])
    assert (
        "Checked by [Test Author](../people/test-author.md), edited by "
        "[Test Editor](../people/test-editor.md)." in page
    )
    assert page.index("Checked by") < page.index("**Claim:**")  # right under the verdict


def test_several_authors_are_named_in_words(tmp_path):
    people = {**PEOPLE, "third.yaml": AUTHOR.replace("Test Author", "Third Person")}
    claims = {
        "served-120-days.yaml": claim_text(authors="[test-author, third]", editor="test-editor")
    }
    page = html.unescape(
        pages(write_content(tmp_path, claims, people=people))["claims/served-120-days.md"]
    )  # our words' punctuation is written as character references
    assert (
        "Checked by [Test Author](../people/test-author.md) and [Third Person](../people/third.md), "
        "edited by [Test Editor](../people/test-editor.md)." in page
    )


def test_a_drafts_byline_says_what_is_missing(tmp_path):
    claims = {"served-120-days.yaml": claim_text(authors="[test-author]", draft="true")}
    settings = dataclasses.replace(TEST_SETTINGS, include_drafts=True)
    page = html.unescape(
        pages(write_content(tmp_path, claims), settings)["claims/served-120-days.md"]
    )
    assert "Checked by [Test Author](../people/test-author.md); no editor yet." in page


def test_a_name_is_text_on_every_page(tmp_path):
    people = {
        **PEOPLE,
        "test-author.yaml": AUTHOR.replace("Test Author", "'Ann [x](javascript:y) *B*'"),
    }
    rendered = pages(write_content(tmp_path, people=people))
    for path in ("claims/served-120-days.md", "people/test-author.md", "about.md"):
        body = rendered[path].split("---\n", 2)[2]  # the front matter's JSON-LD is data
        assert "[x](javascript" not in body and "*B*" not in body, path
        assert "Ann &#91;x&#93;&#40;javascript&#58;y&#41; &#42;B&#42;" in body, path


def test_the_claimant_with_a_file_is_linked_and_one_written_out_is_not(tmp_path):
    claims = {
        "served-120-days.yaml": CLAIM,
        "other.yaml": CLAIM.replace("claimant: test-outlet", "claimant: Someone Else"),
    }
    rendered = pages(write_content(tmp_path, claims))
    assert (
        "- **Claimant&#58;** [Test Outlet](../claimants/test-outlet.md)\n"
        in rendered["claims/served-120-days.md"]
    )
    assert "- **Claimant&#58;** Someone Else\n" in rendered["claims/other.md"]


def test_related_claims_are_shown_on_both_pages(tmp_path):
    claims = {"a.yaml": claim_text(related="[b]"), "b.yaml": CLAIM, "c.yaml": CLAIM}
    rendered = pages(write_content(tmp_path, claims))
    assert "## Related fact&#45;checks\n\n- " in rendered["claims/a.md"]
    assert "](b.md)" in rendered["claims/a.md"].split("## Related fact&#45;checks")[1]
    assert "](a.md)" in rendered["claims/b.md"].split("## Related fact&#45;checks")[1]
    assert "## Related fact&#45;checks" not in rendered["claims/c.md"]


def test_a_draft_naming_a_published_claim_is_not_shown_on_the_published_site(tmp_path):
    claims = {"a.yaml": claim_text(related="[b]", draft="true"), "b.yaml": CLAIM}
    published = pages(write_content(tmp_path / "site", claims))
    assert "## Related fact&#45;checks" not in published["claims/b.md"]
    assert json.loads(published["api/claims.json"])[0]["related"] == []
    preview = pages(
        write_content(tmp_path / "preview", claims),
        dataclasses.replace(TEST_SETTINGS, include_drafts=True),
    )
    related = preview["claims/b.md"].split("## Related fact&#45;checks")[1]
    assert "](a.md)" in related and "Draft" in related


# -- people's and claimants' pages -----------------------------------------------------------


def test_a_persons_page_lists_what_they_checked_and_edited(tmp_path):
    people = {
        **PEOPLE,
        "test-editor.yaml": EDITOR
        + "links:\n  - title: Profile\n    url: https://example.org/ed\n",
    }
    claims = {
        "old.yaml": claim_text().replace("2026-11-23", "2026-01-02"),
        "new.yaml": claim_text(),
        "edited.yaml": claim_text(authors="[test-editor]", editor="test-author"),
    }
    rendered = pages(write_content(tmp_path, claims, people=people))
    author = rendered["people/test-author.md"]
    checked, edited = author.split("## Fact&#45;checks they checked")[1].split(
        "## Fact&#45;checks they edited"
    )
    assert re.findall(r"\]\(\.\./claims/([\w-]+)\.md\)", checked) == ["new", "old"]  # newest first
    assert re.findall(r"\]\(\.\./claims/([\w-]+)\.md\)", edited) == ["edited"]
    editor = rendered["people/test-editor.md"]
    assert (
        '<a class="fc-external" href="https://example.org/ed" rel="nofollow noopener">Profile</a>'
        in editor
    )
    assert 'href="https://github.com/test-editor"' in editor
    assert front_matter(editor)["title"] == "Test Editor"


def test_a_placeholder_says_so_first(tmp_path):
    people = {**PEOPLE, "test-author.yaml": AUTHOR + "placeholder: true\n"}
    page = pages(write_content(tmp_path, people=people))["people/test-author.md"]
    assert (
        page.split("---\n", 2)[2]
        .lstrip()
        .startswith(
            '<div class="admonition warning fc-placeholder-notice" role="note">'
            '<p class="admonition-title">Placeholder</p><p>This is a placeholder, not a person'
        )
    )


def test_a_claimants_page_counts_their_claims_per_verdict_in_a_table_and_a_chart(tmp_path):
    claims = {
        "a.yaml": CLAIM,
        "b.yaml": CLAIM.replace("mostly-true", "false"),
        "c.yaml": CLAIM.replace("mostly-true", "false"),
        "d.yaml": CLAIM.replace("claimant: test-outlet", "claimant: Someone Else"),
    }
    claimants = {
        "test-outlet.yaml": "name: Test Outlet\ntype: organization\ndescription: An outlet.\nurl: https://outlet.example.org/\nsame_as: [https://www.wikidata.org/wiki/Q1]\n"
    }
    page = pages(write_content(tmp_path, claims, claimants=claimants))["claimants/test-outlet.md"]
    rows = dict(
        re.findall(
            r'^\| <span class="fc-badge fc-badge--([\w-]+)">[^<]+</span> \| (\d+) \|$', page, re.M
        )
    )
    assert rows == {
        "true": "0",
        "mostly-true": "1",
        "mixed": "0",
        "mostly-false": "0",
        "false": "2",
        "misleading": "0",
        "unproven": "0",
    }
    svg = ElementTree.fromstring(re.search(r"<svg.*?</svg>", page, re.S).group(0))  # type: ignore[union-attr]
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text == "Verdicts on the claims of Test Outlet"
    assert (
        desc is not None
        and "False: 2" in (desc.text or "")
        and "Mostly true: 1" in (desc.text or "")
    )
    widths = {
        g.get("class", "").split("--")[1]: float(g.find(f"{SVG}rect").get("width"))  # type: ignore[union-attr]
        for g in svg.iter(f"{SVG}g")
        if g.find(f"{SVG}rect") is not None
    }
    assert set(widths) == {"mostly-true", "false"} and widths["false"] == 2 * widths["mostly-true"]
    listed = page.split("## Fact&#45;checks of their claims")[1]
    assert sorted(re.findall(r"\]\(\.\./claims/([\w-]+)\.md\)", listed)) == ["a", "b", "c"]
    assert "- **Kind&#58;** an organisation" in page
    assert (
        'href="https://outlet.example.org/"' in page
        and 'href="https://www.wikidata.org/wiki/Q1"' in page
    )


def test_the_claimants_index_lists_each_file(tmp_path):
    page = pages(write_content(tmp_path))["claimants/index.md"]
    assert "| [Test Outlet](test-outlet.md) | 1 |" in page


# -- the About page and the Organization -----------------------------------------------------


def test_the_about_page_gives_every_ifcn_item_under_its_heading(tmp_path):
    page = pages(write_content(tmp_path))["about.md"]
    headings = re.findall(r"^(#+) (.+)$", page, re.M)
    assert headings == [
        ("#", "About us"),
        ("##", "Who we are"),
        ("##", "Ownership and funding"),
        ("###", "Legal form"),
        ("###", "Owners"),
        ("###", "Funding"),
        ("####", "2026"),
        ("##", "Team"),
        ("##", "Nonpartisanship"),
        ("##", "How we choose claims"),
        ("##", "Suggest a claim"),
        ("##", "Methodology and corrections"),
    ]
    assert "| Invented Test Fund | EUR 1,000 | 100&#37; |  |" in page
    assert "- [Test Author](people/test-author.md), Fact&#45;checker" in page
    assert "[our methodology](methodology.md)" in page
    assert "[our corrections policy](methodology.md#corrections-policy)" in page
    assert "Placeholders" not in page


def test_placeholders_and_missing_items_say_so(tmp_path):
    about = (
        "who_we_are: We.\nplaceholders:\n  funding: Not stated yet, to replace before publishing.\n"
    )
    people = {**PEOPLE, "test-editor.yaml": EDITOR + "placeholder: true\n"}
    page = pages(write_content(tmp_path, about=about, people=people))["about.md"]
    notice = re.search(r'<div class="admonition warning fc-placeholders".*?</div>', page).group(0)  # type: ignore[union-attr]
    assert "Funding; Test Editor." in notice
    funding = page.split("### Funding")[1].split("## Team")[0]
    assert (
        "<strong>Placeholder&#58;</strong> Not stated yet, to replace before publishing&#46;"
        in funding
    )
    assert page.split("## Nonpartisanship")[1].split("##")[0].strip() == "Not stated yet&#46;"


def test_without_about_yaml_the_page_is_still_there(tmp_path):
    page = pages(write_content(tmp_path, about=None))["about.md"]
    assert page.count("Not stated yet&#46;") == 7  # every item but the team


def test_the_organization_json_ld_points_each_policy_to_its_page(tmp_path):
    page = pages(write_content(tmp_path))["about.md"]
    organization = json.loads(front_matter(page)["organization"])
    assert organization == organization_jsonld(TEST_SETTINGS)
    assert organization["@type"] == "NewsMediaOrganization"
    assert (organization["name"], organization["url"]) == ("Test Desk", "https://desk.example.org/")
    site = TEST_SETTINGS.site_url
    assert {
        key: value
        for key, value in organization.items()
        if key.endswith(("Policy", "Info", "Principles"))
    } == {
        "publishingPrinciples": f"{site}methodology/",
        "verificationFactCheckingPolicy": f"{site}methodology/#how-a-fact-check-is-made",
        "correctionsPolicy": f"{site}methodology/#corrections-policy",
        "actionableFeedbackPolicy": f"{site}methodology/#report-an-error-or-appeal-a-verdict",
        "ownershipFundingInfo": f"{site}about/#ownership-and-funding",
        "ethicsPolicy": f"{site}about/#nonpartisanship",
        "missionCoveragePrioritiesPolicy": f"{site}about/#how-we-choose-claims",
    }


def test_the_organization_json_ld_cannot_end_its_script(tmp_path):
    settings = dataclasses.replace(
        TEST_SETTINGS, publisher_name="</script><script>alert(1)</script>"
    )
    page = pages(write_content(tmp_path), settings)["about.md"]
    assert "</script>" not in front_matter(page)["organization"]


# -- ClaimReview and api/claims.json ---------------------------------------------------------


def test_claimreview_names_the_authors_as_people_working_for_the_publisher(tmp_path):
    review = claimreview(pages(write_content(tmp_path))["claims/served-120-days.md"])
    publisher = {"@type": "Organization", "name": "Test Desk", "url": "https://desk.example.org/"}
    assert review["author"] == {
        "@type": "Person",
        "name": "Test Author",
        "url": "https://checks.example.org/people/test-author/",
        "worksFor": publisher,
    }
    assert review["editor"] == {
        "@type": "Person",
        "name": "Test Editor",
        "url": "https://checks.example.org/people/test-editor/",
        "worksFor": publisher,
    }
    assert list(review)[:8] == [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "editor",
        "reviewRating",
    ]


def test_a_desk_may_name_the_organization_instead(tmp_path):
    settings = dataclasses.replace(TEST_SETTINGS, claimreview_author="organization")
    review = claimreview(pages(write_content(tmp_path), settings)["claims/served-120-days.md"])
    assert review["author"] == {
        "@type": "Organization",
        "name": "Test Desk",
        "url": "https://desk.example.org/",
    }
    assert "editor" not in review


def test_placeholders_are_never_people_in_claimreview(tmp_path):
    people = {
        "test-author.yaml": AUTHOR + "placeholder: true\n",
        "test-editor.yaml": EDITOR + "placeholder: true\n",
    }
    review = claimreview(pages(write_content(tmp_path, people=people))["claims/served-120-days.md"])
    assert review["author"]["@type"] == "Organization" and "editor" not in review  # type: ignore[index]


def test_several_authors_are_a_list(tmp_path):
    people = {**PEOPLE, "third.yaml": AUTHOR.replace("Test Author", "Third Person")}
    claims = {
        "served-120-days.yaml": claim_text(authors="[test-author, third]", editor="test-editor")
    }
    review = claimreview(
        pages(write_content(tmp_path, claims, people=people))["claims/served-120-days.md"]
    )
    assert [a["name"] for a in review["author"]] == ["Test Author", "Third Person"]  # type: ignore[union-attr, index]


def test_item_reviewed_author_takes_url_and_same_as_from_the_claimant_file(tmp_path):
    claimants = {
        "test-outlet.yaml": "name: Test Outlet\ntype: person\ndescription: A person.\nurl: https://person.example.org/\nsame_as: [https://www.wikidata.org/wiki/Q1, https://example.org/p]\n"
    }
    review = claimreview(
        pages(write_content(tmp_path, claimants=claimants))["claims/served-120-days.md"]
    )
    assert review["itemReviewed"]["author"] == {  # type: ignore[index]
        "@type": "Person",
        "name": "Test Outlet",
        "url": "https://person.example.org/",
        "sameAs": ["https://www.wikidata.org/wiki/Q1", "https://example.org/p"],
    }


def test_claims_json_carries_the_credits_the_claimant_id_and_related_claims(tmp_path):
    claims = {
        "a.yaml": claim_text(related="[b]"),
        "b.yaml": CLAIM.replace("claimant: test-outlet", "claimant: Someone"),
    }
    records = json.loads(pages(write_content(tmp_path, claims))["api/claims.json"])
    a, b = records
    assert (a["claimant"], a["claimant_id"], b["claimant"], b["claimant_id"]) == (
        "Test Outlet",
        "test-outlet",
        "Someone",
        None,
    )
    assert a["authors"] == [
        {
            "id": "test-author",
            "name": "Test Author",
            "url": "https://checks.example.org/people/test-author/",
            "placeholder": False,
        }
    ]
    assert a["editor"]["id"] == "test-editor"
    assert (a["related"], b["related"]) == (["b"], ["a"])


# -- the setting ---------------------------------------------------------------------------


def _settings(**extra: object) -> SiteSettings:
    return settings_from_mapping(
        {
            "site_name": "S",
            "site_url": "https://s.example.org/",
            "extra": {"publisher": {"name": "P", "url": "https://p.example.org/"}, **extra},
        }
    )


def test_claimreview_author_is_person_by_default_or_organization():
    assert _settings().claimreview_author == "person"
    assert _settings(claimreview_author="organization").claimreview_author == "organization"
    with pytest.raises(SettingsError, match="must be one of person, organization, not 'team'"):
        _settings(claimreview_author="team")


def test_the_kits_about_is_complete():
    assert yaml.safe_load(ABOUT)["funding"][0]["funders"][0]["share"] == 100
