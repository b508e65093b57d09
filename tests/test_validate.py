"""Every check of the validator, through its library API."""

from pathlib import Path

import pytest
from contentkit import CLAIM, SOURCE, claim_with, source_with, write_content

from generator.corpus.pipeline import check, validate_content
from generator.corpus.slugs import slugify
from generator.errors import ContentError


def problems_of(tmp_path: Path, claims=None, sources=None) -> list[str]:
    """`line:col: severity: message` for every problem, file names dropped."""
    report = validate_content(write_content(tmp_path, claims, sources))
    return [f"{p.path.name}:{p.line}:{p.col}: {p.severity}: {p.message}" for p in report.problems]


def test_valid_content_gives_a_corpus_with_anchors(tmp_path):
    corpus = check(write_content(tmp_path))
    (claim,) = corpus.claims
    (anchor,) = claim.citation_anchors
    source = corpus.source("article")
    assert source.body[anchor.start : anchor.end] == "returned in December after 120 days"
    assert anchor.paragraph == 1
    assert [p.number for p in source.paragraphs] == [1, 2, 3]
    assert source.paragraphs[1].line == 10


def test_check_raises_content_error_with_every_problem(tmp_path):
    content = write_content(
        tmp_path,
        claims={
            "a.yaml": claim_with(status="status: maybe"),
            "b.yaml": claim_with(tags="tags: [X]"),
        },
    )
    with pytest.raises(ContentError) as caught:
        check(content)
    assert [p.path.name for p in caught.value.problems] == ["a.yaml", "b.yaml"]


def test_typo_in_a_key_gets_a_did_you_mean(tmp_path):
    """The misspelt key is the one problem, at its own line: the key it stands for is not
    reported missing as well (at the mapping's first line) as it once was."""
    text = CLAIM.replace("status: mostly-true", "stauts: mostly-true")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:5:1: error: unknown key 'stauts'; did you mean 'status'? (and 'status' is missing)",
    ]


def test_tag_for_tags_is_one_problem_at_the_line_of_tag(tmp_path):
    text = CLAIM.replace("tags: [deployment]", "tag: [deployment]")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:13:1: error: unknown key 'tag'; did you mean 'tags'? (and 'tags' is missing)",
    ]


def test_a_misspelt_key_inside_a_citation_is_paired_with_the_one_missing_there(tmp_path):
    text = CLAIM.replace("    stance: supports", "    stanse: supports")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:10:5: error: unknown key 'stanse'; did you mean 'stance'? (and 'stance' is missing)",
    ]


def test_an_unknown_key_unlike_the_missing_one_leaves_both_problems(tmp_path):
    text = CLAIM.replace("status: mostly-true", "grade: mostly-true")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:2:1: error: missing required key 'status' (The verdict: one of the status scale's keys)",
        "c.yaml:5:1: error: unknown key 'grade'; allowed keys: analysis, appears_in, authors, "
        "citations, claim, claimant, claimant_type, conversions, corrections, draft, editor, id, "
        "language, published, question, references, related, reported, status, summary, tags, "
        "timeline, translations, updated",
    ]


def test_another_desks_name_for_a_key_is_answered_by_meaning(tmp_path):
    """`verdict` is nearer in letters to `editor`; it means `status`."""
    text = CLAIM.replace("status: mostly-true", "verdict: mostly-true")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:5:1: error: unknown key 'verdict'; did you mean 'status'? (and 'status' is missing)",
    ]


def test_a_misspelt_key_beside_the_present_one_is_only_unknown(tmp_path):
    text = CLAIM.replace("tags: [deployment]", "tags: [deployment]\ntag: [other]")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:14:1: error: unknown key 'tag'; did you mean 'tags'?",
    ]


def test_unknown_claimant_type(tmp_path):
    text = CLAIM.replace("status: mostly-true", "status: mostly-true\nclaimant_type: organisation")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:6:16: error: unknown claimant_type 'organisation'; did you mean 'organization'? (use one of: person, organization)",
    ]


def test_unknown_status_and_stance(tmp_path):
    text = CLAIM.replace("status: mostly-true", "status: mostly-truth").replace(
        "stance: supports", "stance: support"
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:5:9: error: unknown status 'mostly-truth'; did you mean 'mostly-true'? (use one of: true, mostly-true, mixed, mostly-false, false, misleading, unproven)",
        "c.yaml:10:13: error: unknown stance 'support'; did you mean 'supports'? (use one of: supports, refutes, context)",
    ]


def test_status_false_written_as_a_yaml_boolean_is_accepted(tmp_path):
    corpus = check(write_content(tmp_path, {"c.yaml": claim_with(status="status: false")}))
    assert corpus.claims[0].claim.status == "false"


def test_wrong_types_and_blank_text(tmp_path):
    text = claim_with(claim="claim: 42", summary="summary: '  '", citations="citations: {}")
    text = text.replace(
        "  - source: article\n    quote: returned in December after 120 days\n    stance: supports\n",
        "",
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:3:8: error: claim must be text, not the number 42; put it in quotes",
        "c.yaml:6:10: error: summary must not be blank",
        "c.yaml:7:12: error: citations must be a list (lines starting with `- `), not a mapping",
    ]


def test_ids_must_be_slugs_and_match_file_names(tmp_path):
    assert problems_of(tmp_path, {"Bad Name.yaml": CLAIM, "ok.yaml": "id: other\n" + CLAIM}) == [
        "Bad Name.yaml:1:1: error: file name 'Bad Name.yaml' is not a valid id (lowercase letters, digits and hyphens); rename it to bad-name.yaml",
        "ok.yaml:1:5: error: id 'other' differs from the file name 'ok.yaml'; they must match (or leave out id)",
    ]


@pytest.mark.parametrize("name", ["a..b.yaml", "-x.yaml", "Ünï.yaml", "a_b.yaml", "a.b.yaml"])
def test_file_names_that_are_not_slugs_are_refused(tmp_path, name):
    (problem,) = problems_of(tmp_path, {name: CLAIM})
    assert "is not a valid id" in problem


def test_duplicate_ids_across_extensions(tmp_path):
    assert problems_of(tmp_path, {"same.yaml": CLAIM, "same.yml": CLAIM}) == [
        "same.yml:1:1: error: duplicate claim id 'same': same.yaml has it too; keep one file",
    ]


def test_dates_are_checked(tmp_path):
    text = claim_with(published="published: 2026-11-21", updated="updated: 2026-11-20")
    text += "corrections:\n  - date: 2026-11-22\n    note: Fixed a quote.\n"
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:15:10: error: updated (2026-11-20) is before published (2026-11-21)",
        "c.yaml:15:10: error: updated (2026-11-20) is older than the newest correction (2026-11-22); set updated: 2026-11-22",
    ]


def test_impossible_date(tmp_path):
    assert problems_of(tmp_path, {"c.yaml": claim_with(published="published: 2026-02-30")}) == [
        "c.yaml:14:12: error: published 2026-02-30 is not a day of the calendar; check the month and the day",
    ]


def test_url_schemes_must_be_http(tmp_path):
    source = SOURCE.replace("language: en", "language: en\nurl: javascript:alert(1)")
    assert problems_of(tmp_path, sources={"article.md": source}) == [
        "article.md:7:6: error: 'javascript:alert(1)' is not a web address; links must start with http:// or https://",
    ]


def test_unknown_publication_date_is_allowed_but_a_guessed_format_is_not(tmp_path):
    source = SOURCE.replace("published: 2025-12-12", "published: Dec 2025")
    assert problems_of(tmp_path, sources={"article.md": source}) == [
        "article.md:4:12: error: published must be a date written YYYY-MM-DD, or `unknown`, not 'Dec 2025'",
    ]
    check(
        write_content(
            tmp_path / "ok", sources={"article.md": SOURCE.replace("2025-12-12", "unknown")}
        )
    )


def test_citation_to_a_missing_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = CLAIM.replace("source: article", "source: articel")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:8:13: error: no source with id 'articel' in content/sources/; did you mean 'article'?",
    ]


def test_citation_to_a_draft_source(tmp_path):
    source = SOURCE.replace("language: en", "language: en\ndraft: true")
    assert problems_of(tmp_path, sources={"article.md": source}) == [
        "served-120-days.yaml:8:13: error: source 'article' is a draft; publish the source (remove `draft: true`) or mark this claim `draft: true`",
    ]
    check(
        write_content(tmp_path / "ok", {"c.yaml": CLAIM + "draft: true\n"}, {"article.md": source})
    )


def test_a_changed_word_is_not_found_and_the_closest_passage_is_shown(tmp_path):
    text = CLAIM.replace(
        "returned in December after 120 days", "returned in November after 120 days"
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        'c.yaml:9:12: error: quote not found in source \'article\'; closest passage (paragraph 1): "returned in December after 120 days"; the source has "December" where the quote has "November"',
    ]


@pytest.mark.parametrize(
    ("quote", "hint"),
    [
        # the full stop after "days" is outside the quote, not a difference
        (
            "returned in December after 1200 days",
            '"returned in December after 120 days"; the source has "120" where the quote has "1200"',
        ),
        # a shorter word does not leave the last word outside the passage
        (
            "returned in Dec after 120 days",
            '"returned in December after 120 days"; the source has "December" where the quote has "Dec"',
        ),
        # an opening quotation mark before the first word is outside the quote too
        (
            "all of you” endured — almost every single day",
            '"all of you” endured — almost every day"; the quote adds "single"',
        ),
        # punctuation the quote has at its edge is compared
        (
            "returned in December after 120 days!",
            '"returned in December after 120 days."; the source has "days." where the quote has "days!"',
        ),
    ],
)
def test_the_closest_passage_is_whole_words_and_its_edges_are_no_difference(tmp_path, quote, hint):
    text = CLAIM.replace("quote: returned in December after 120 days", f"quote: '{quote}'")
    paragraph = 2 if "endured" in quote else 1
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        f"c.yaml:9:12: error: quote not found in source 'article'; closest passage (paragraph {paragraph}): {hint}",
    ]


def test_typography_does_not_matter_but_words_do(tmp_path):
    text = CLAIM.replace(
        "returned in December after 120 days",
        "'\"all of you\" endured - almost every day - unimaginable stress...'",
    )
    corpus = check(write_content(tmp_path, {"c.yaml": text}))
    anchor = corpus.claims[0].citation_anchors[0]
    assert (
        corpus.sources[0].body[anchor.start : anchor.end]
        == "“all of you” endured — almost every day — unimaginable stress…"
    )
    assert anchor.paragraph == 2


def test_a_quote_found_twice_is_anchored_to_the_first_with_a_warning(tmp_path):
    text = CLAIM.replace(
        "returned in December after 120 days", "Officials said nine soldiers died."
    )
    report = validate_content(write_content(tmp_path, {"c.yaml": text}))
    assert report.corpus is not None
    assert [p.message for p in report.warnings] == [
        "quote occurs more than once in 'article'; anchored to the first (paragraph 3); quote more words to make it unique"
    ]
    anchor = report.corpus.claims[0].citation_anchors[0]
    assert anchor.start == report.corpus.sources[0].body.index("Officials")


def test_a_quote_may_not_span_paragraphs(tmp_path):
    text = CLAIM.replace("returned in December after 120 days", "after 120 days. Kim said")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:9:12: error: quote spans paragraphs 1 to 2 of 'article'; cite each paragraph's part separately",
    ]


def test_whitespace_only_quote(tmp_path):
    text = CLAIM.replace("quote: returned in December after 120 days", "quote: '   '")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:9:12: error: quote must not be blank"
    ]


def test_long_claim_is_a_warning(tmp_path):
    report = validate_content(
        write_content(tmp_path, {"c.yaml": claim_with(claim="claim: " + "x" * 80)})
    )
    assert report.corpus is not None
    assert report.warnings[0].message.startswith(
        "claim is 80 characters; ClaimReview asks for under 75"
    )


def test_unsafe_analysis_markup_is_refused_with_line_numbers(tmp_path):
    analysis = (
        "analysis: |\n"
        "  Fine [link](https://example.org).\n"
        "  Bad <script>alert(1)</script> and [x](javascript:alert(1)).\n"
        "  ![pic](https://example.org/p.png) and `<code>` is fine.\n"
        "\n"
        "  [ref]: data:text/html,hi\n"
    )
    assert problems_of(
        tmp_path,
        {
            "c.yaml": claim_with(analysis=analysis).replace(
                "  The article says the regiment returned after [120 days](https://example.org/a).\n",
                "",
            )
        },
    ) == [
        "c.yaml:13:7: error: raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
        "c.yaml:13:23: error: raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
        "c.yaml:13:41: error: link 'javascript:alert(1)' is not allowed; links must start with http:// or https://",
        "c.yaml:14:3: error: images are not allowed in analysis (they would load from outside the site)",
        "c.yaml:16:10: error: link 'data:text/html,hi' is not allowed; links must start with http:// or https://",
    ]


def test_every_problem_in_every_file_at_once(tmp_path):
    broken = CLAIM.replace("status: mostly-true", "status: nope").replace(
        "returned in December", "returned in May"
    )
    found = problems_of(tmp_path, {"a.yaml": broken, "b.yaml": "a: [\n", "c.yaml": ""})
    assert [f.split(":")[0] for f in found] == ["a.yaml", "a.yaml", "b.yaml", "c.yaml"]


def test_source_layout_errors(tmp_path):
    found = problems_of(
        tmp_path,
        claims={},
        sources={
            "no-front.md": "Just text\n",
            "open.md": "---\ntitle: x\n",
            "empty-body.md": SOURCE.split("---\n")[0]
            + "---\n"
            + SOURCE.split("---\n")[1]
            + "---\n\n",
        },
    )
    assert found == [
        "empty-body.md:7:1: error: source has no text; paste the article below the front matter",
        "no-front.md:1:1: error: a source must start with YAML front matter: a line '---', the fields, then '---'",
        "open.md:1:1: error: front matter opened on line 1 is never closed; add a line '---' after the fields",
    ]


def test_encoding_problems(tmp_path):
    content = write_content(tmp_path, claims={})
    (content / "claims" / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + CLAIM.encode())
    (content / "claims" / "latin.yaml").write_bytes(b"question: caf\xe9\n")
    report = validate_content(content)
    assert [p.format().split("/")[-1] for p in report.problems] == [
        "bom.yaml:1:1: error: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
        "latin.yaml:1:14: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8",
    ]


def test_stray_files_and_folders(tmp_path):
    content = write_content(tmp_path)
    (content / "claims" / "notes.txt").write_text("x")
    (content / "claims" / "sub").mkdir()
    (content / "claims" / ".gitkeep").write_text("")
    (content / "claims" / ".#served-120-days.yaml").symlink_to("user@host.1234")  # an editor's lock
    (content / "sources" / ".DS_Store").write_bytes(b"\0")
    (content / "sources" / ".draft-article.md").write_text("---\ntitle: x\n---\n\nText.\n")
    messages = [f"{p.path.name}: {p.message}" for p in validate_content(content).problems]
    assert messages == [
        "notes.txt: unexpected file; claims/ holds only .yaml or .yml files",
        "sub: sub-folders are not read; move its files into claims/",
        ".draft-article.md: hidden file (its name starts with '.'), so it is never published; rename it to draft-article.md",
    ]


def test_symlinks_cannot_escape_the_content_folder(tmp_path):
    content = write_content(tmp_path)
    (content / "sources" / "passwd.md").symlink_to("/etc/passwd")
    messages = [p.message for p in validate_content(content).problems]
    assert messages == ["symbolic links are not allowed in content; copy the file in"]


def test_missing_content_folder(tmp_path):
    report = validate_content(tmp_path / "nope")
    assert [p.message for p in report.problems] == ["content folder not found; pass --content DIR"]


def test_slugify():
    assert slugify("Ünïcode Name_2") == "unicode-name-2"
    assert slugify("../etc") == "etc"


# -- every problem in one run, and numbers and dates taken strictly --------------------


def test_a_duplicate_key_does_not_hide_the_other_problems_of_its_file(tmp_path):
    text = claim_with(
        status="status: mostly-true\nstatus: false\nstaus: true", updated="updated: 2026-01-01"
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:6:1: error: duplicate key 'status' (first given on line 5); keep one",
        "c.yaml:7:1: error: unknown key 'staus'; did you mean 'status'?",
        "c.yaml:17:10: error: updated (2026-01-01) is before published (2026-11-23)",
    ]


def test_a_refused_value_is_reported_once(tmp_path):
    text = claim_with(summary="summary: !!python/object:os.system x")
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:6:10: error: the tag !!python/object:os.system is not allowed in content",
    ]


def test_dates_and_the_id_are_checked_even_when_the_schema_fails(tmp_path):
    text = claim_with(
        question="id: other\nquestion: Did it?", claimant="", updated="updated: 2026-01-01"
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:2:1: error: missing required key 'claimant' (Who made the claim)",
        "c.yaml:2:5: error: id 'other' differs from the file name 'c.yaml'; they must match (or leave out id)",
        "c.yaml:15:10: error: updated (2026-01-01) is before published (2026-11-23)",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("published: 86400", "published must be a date written YYYY-MM-DD, not the number 86400"),
        (
            "published: 2026-11-23 10:00:00",
            "published must be a date written YYYY-MM-DD, not a date and time (2026-11-23 10:00:00); keep only YYYY-MM-DD",
        ),
        (
            "published: '2026-02-30'",
            "published 2026-02-30 is not a day of the calendar; check the month and the day",
        ),
    ],
)
def test_dates_are_dates(tmp_path, line, message):
    problems = problems_of(tmp_path, {"c.yaml": claim_with(published=line)})
    assert problems[0].split(": error: ")[1] == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("true", "value must be a number, not the boolean true"),
        ("'100'", "value must be a number, not '100'; write it without quotes"),
    ],
)
def test_reported_values_are_numbers(tmp_path, value, message):
    text = (
        CLAIM
        + f"reported:\n  - source: article\n    value: {value}\n    unit: days\n    quote: returned in December after 120 days\n"
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [f"c.yaml:18:12: error: {message}"]


def test_future_dates_and_corrections_out_of_order(tmp_path):
    text = claim_with(updated="updated: 2999-01-01")
    text += "corrections:\n  - date: 2026-11-23\n    note: First.\n  - date: 2999-01-01\n    note: Later.\n  - date: 2026-11-23\n    note: Out of order.\n"
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:15:10: error: updated date 2999-01-01 is in the future; use the date it happened",
        "c.yaml:19:11: error: correction date 2999-01-01 is in the future; use the date it happened",
        "c.yaml:21:11: error: correction dated 2026-11-23 comes after one dated 2999-01-01; list corrections oldest first",
    ]


def test_source_dates_are_not_in_the_future_and_retrieved_follows_published(tmp_path):
    future = SOURCE.replace("published: 2025-12-12", "published: 2999-12-15")
    backwards = SOURCE.replace("retrieved: unknown", "retrieved: 2025-12-01")
    assert problems_of(tmp_path / "a", sources={"article.md": future}) == [
        "article.md:4:12: error: published date 2999-12-15 is in the future; use the date it happened, or `unknown`"
    ]
    assert problems_of(tmp_path / "b", sources={"article.md": backwards}) == [
        "article.md:5:12: error: retrieved (2025-12-01) is before published (2025-12-12); a copy cannot be taken before the article appeared"
    ]


def test_tags_and_sources_listed_twice(tmp_path):
    text = claim_with(tags="tags: [deployment, deployment]") + "appears_in: [article, article]\n"
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:13:20: error: 'deployment' is listed twice in tags (also item 1); remove one",
        "c.yaml:16:23: error: 'article' is listed twice in appears_in (also item 1); remove one",
    ]


def test_a_timeline_date_names_the_forms_it_may_take(tmp_path):
    text = (
        CLAIM
        + "timeline:\n  - event: Returned\n    date: '2023-13'\n    source: article\n    quote: returned in December after 120 days\n"
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:18:11: error: date '2023-13' must be a year, a month or a day: YYYY, YYYY-MM or YYYY-MM-DD (months 01-12)",
    ]


def test_unsafe_html_in_folded_analysis_is_found_on_its_line(tmp_path):
    text = claim_with(
        analysis="analysis: >\n  First line of the analysis\n  and a second one with <script>x"
    )
    text = text.replace(
        "  The article says the regiment returned after [120 days](https://example.org/a).\n", ""
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:13:25: error: raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
    ]


def test_the_closest_passage_stays_in_the_paragraph_of_the_best_match(tmp_path):
    text = CLAIM.replace(
        "quote: returned in December after 120 days",
        "quote: Reportedly, Kim said “all of you” endured",
    )
    (problem,) = problems_of(tmp_path, {"c.yaml": text})
    assert 'closest passage (paragraph 2): "Kim said “all of you” endured' in problem
    assert "120 days" not in problem.split("closest passage")[1].split(";")[0]


@pytest.mark.parametrize(("value", "warned"), [("120", False), ("1200", True), ("12", True)])
def test_a_figure_its_quote_does_not_give_is_warned_about(tmp_path, value, warned):
    text = (
        CLAIM
        + f"reported:\n  - source: article\n    value: {value}\n    unit: days\n    quote: returned in December after 120 days\n"
    )
    expected = [
        f"c.yaml:18:12: warning: the quote of this figure does not give {value} (in digits or words); check the value, or quote the passage that gives it"
    ]
    assert problems_of(tmp_path, {"c.yaml": text}) == (expected if warned else [])


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        ("approximately 42,400 hectares", 42_400),
        ("a 120-day deployment", 120),
        ("in just three months", 3),
        ("over 1.5 million explosive devices", 1_500_000),
        ("twenty-five soldiers", 25),
        ("three hundred men", 300),
    ],
)
def test_figures_are_read_in_digits_and_words(quote, value):
    from generator.corpus.numbers import says_number

    assert says_number(quote, value)
    assert not says_number(quote, value * 10 + 1)


# -- limits against crafted content ---------------------------------------------------


def test_reserved_ids_are_refused(tmp_path):
    assert problems_of(tmp_path, {"index.yaml": CLAIM}, {"article.md": SOURCE, "index.md": SOURCE})[
        :2
    ] == [
        "index.yaml:1:1: error: 'index.yaml': the id 'index' is taken by the site's own page (claims/index.md); rename the file",
        "index.md:1:1: error: 'index.md': the id 'index' is taken by the site's own page (sources/index.md); rename the file",
    ]


def test_an_id_with_a_line_break_is_not_a_slug(tmp_path):
    (problem,) = problems_of(tmp_path, {"ok\n.yaml": CLAIM})
    assert problem.startswith("ok\n.yaml:1:1: error: file name 'ok\\n.yaml' is not a valid id")


def test_a_very_long_source_paragraph_is_refused(tmp_path):
    source = SOURCE + "\n" + "." * 20_001 + "\n"
    assert problems_of(tmp_path, sources={"article.md": source}) == [
        "article.md:14:1: error: paragraph 4 is 20,001 characters long; the limit is 20,000: put a blank line where the article starts a new paragraph",
    ]


def test_control_characters_written_as_escapes_are_refused(tmp_path):
    text = claim_with(claimant='claimant: "Test\\x01 Outlet"')
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:4:11: error: control character U+0001 in this text; remove it",
    ]


def test_a_conversion_that_overflows_is_refused(tmp_path):
    text = CLAIM + (
        "reported:\n  - source: article\n    value: 1.0e+300\n    unit: days\n    quote: returned in December after 120 days\n"
        "conversions:\n  - unit: days\n    to: hours\n    factor: 1.0e+300\n    title: Hours in a day\n    url: https://example.org/\n"
    )
    problems = problems_of(tmp_path, {"c.yaml": text})
    assert (
        "c.yaml:24:13: error: this factor makes a converted figure too large to print; check the factor and the values"
        in problems
    )


def test_a_timeline_day_must_exist(tmp_path):
    text = (
        CLAIM
        + "timeline:\n  - event: Returned\n    date: '2023-02-31'\n    source: article\n    quote: returned in December after 120 days\n"
    )
    assert problems_of(tmp_path, {"c.yaml": text}) == [
        "c.yaml:18:11: error: date 2023-02-31 is not a day of the calendar; check the month and the day",
    ]


def test_a_quote_joined_with_an_ellipsis_says_to_cite_each_part(tmp_path):
    text = CLAIM.replace(
        "quote: returned in December after 120 days",
        "quote: returned in December … unimaginable stress",
    )
    (problem,) = problems_of(tmp_path, {"c.yaml": text})
    assert problem.endswith(
        "; if the ellipsis (…) stands for words left out, cite each part as a citation of its own"
    )


def test_a_lone_tag_close_to_a_shared_one_is_warned_about(tmp_path):
    claims = {
        "a.yaml": claim_with(tags="tags: [casualties]"),
        "b.yaml": claim_with(tags="tags: [casualties]"),
        "c.yaml": claim_with(tags="tags: [casualty, deployment]"),
    }
    assert problems_of(tmp_path, claims) == [
        "c.yaml:13:8: warning: tag 'casualty' is used by no other claim; did you mean 'casualties'?",
    ]


# -- a source's problems, all in one run ---------------------------------------------------------

FAR_FUTURE = "2999-01-01"


def test_a_new_sources_problems_arrive_together(tmp_path):
    """A blank title, no text and a future date: once reported one run after another."""
    source = (
        '---\ntitle: ""\noutlet: unknown\npublished: 2999-01-01\nretrieved: unknown\n'
        "language: en\n---\n"
    )
    assert problems_of(tmp_path, claims={}, sources={"s.md": source}) == [
        "s.md:2:8: error: title must not be blank",
        "s.md:4:12: error: published date 2999-01-01 is in the future; use the date it happened, or `unknown`",
        "s.md:7:1: error: source has no text; paste the article below the front matter",
    ]


def test_a_source_with_good_front_matter_and_no_text_still_has_its_dates_checked(tmp_path):
    source = SOURCE.split("---\n", 2)
    front = source[1].replace("published: 2025-12-12", f"published: {FAR_FUTURE}")
    assert problems_of(tmp_path, claims={}, sources={"s.md": f"---\n{front}---\n"}) == [
        f"s.md:4:12: error: published date {FAR_FUTURE} is in the future; use the date it happened, or `unknown`",
        "s.md:7:1: error: source has no text; paste the article below the front matter",
    ]


def test_a_source_failing_its_schema_still_has_its_dates_compared(tmp_path):
    broken = SOURCE.replace("retrieved: unknown", "retrieved: 2025-12-01").replace(
        "language: en", "language: English"
    )
    assert problems_of(tmp_path, claims={}, sources={"s.md": broken}) == [
        "s.md:5:12: error: retrieved (2025-12-01) is before published (2025-12-12); a copy "
        "cannot be taken before the article appeared",
        "s.md:6:11: error: 'English' is not a language tag like 'en' or 'pt-BR'; did you mean 'en'?",
    ]


# -- an empty citation source names the sources there are -------------------------------------


def _other(title: str, body: str) -> str:
    return source_with(title, "Other Outlet", body)


def test_an_empty_citation_source_lists_the_ids_the_quote_is_found_in_first(tmp_path):
    claim = claim_with(citations="citations:").replace("  - source: article\n", '  - source: ""\n')
    sources = {
        "article.md": SOURCE,
        "aaa-first-by-name.md": _other("Another", "Nothing about it here."),
    }
    assert problems_of(tmp_path, {"c.yaml": claim}, sources) == [
        "c.yaml:8:13: error: source is empty; give the id of the source quoted: "
        "article (its text has this quote), aaa-first-by-name",
    ]


def test_an_empty_citation_source_puts_the_sources_the_claim_cites_before_the_others(tmp_path):
    claim = CLAIM.replace(
        "    stance: supports\n",
        '    stance: supports\n  - source: ""\n    quote: "something not in any source"\n'
        "    stance: context\n",
    )
    sources = {"article.md": SOURCE, "aaa.md": _other("Another", "Other words.")}
    assert problems_of(tmp_path, {"c.yaml": claim}, sources) == [
        "c.yaml:11:13: error: source is empty; give the id of the source quoted: article, aaa",
    ]


def test_an_empty_citation_source_lists_at_most_eight_ids(tmp_path):
    claim = CLAIM.replace("  - source: article\n", '  - source: ""\n')
    sources = {f"s{n:02}.md": _other(f"Source {n}", "Other words.") for n in range(10)}
    assert problems_of(tmp_path, {"c.yaml": claim}, sources) == [
        "c.yaml:8:13: error: source is empty; give the id of the source quoted: "
        "s00, s01, s02, s03, s04, s05, s06, s07, and 2 more",
    ]


def test_an_empty_citation_source_with_no_source_at_all_says_to_add_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    claim = CLAIM.replace("  - source: article\n", '  - source: ""\n')
    assert problems_of(tmp_path, {"c.yaml": claim}, {}) == [
        "c.yaml:8:13: error: source is empty, and content/sources/ has no source to cite yet: "
        "add the article first",
    ]
