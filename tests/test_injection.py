"""Injection: markup, links, template and MkDocs syntax in every text field stay text.

One real build (`generator.commands.build.build`: validate -> render -> MkDocs) of a site
whose every claim and source field, and every source body, carries a hostile
payload. The built HTML is then parsed with the standard library's HTMLParser:

* no script element runs anything from the content (JSON-LD is data: it must
  parse as JSON and contain no `</`);
* no `on*` attribute anywhere;
* every href/src/action/... is http(s), relative or a fragment (no
  `javascript:`, `data:`, `vbscript:`), and none points at the payloads' host;
* no element came from a payload (every HTML payload carries `data-pwn`, and
  MkDocs/Markdown constructs leave tell-tale classes);
* and the text still reads exactly as the author wrote it.

The search index and the Atom feed, which other programs turn back into HTML,
get the same checks. `analysis`, the one Markdown field, refuses raw HTML and
non-http(s) links at validation time; that is tested first.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.corpus.pipeline import validate_content
from generator.publish.search import INDEX_FOLDER

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

# Each payload goes into every text field of one claim and one source, and is a
# paragraph of that source's body. Line-start constructs have their own lines.
PAYLOADS = [
    '<script>alert("xss-1")</script>',
    "<img data-pwn src=x onerror=alert(2)> <svg data-pwn onload=alert(3)>",
    "[click](javascript:alert(4)) [d](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==) <javascript:alert(6)>",
    '<div data-pwn onclick="alert(7)">raw HTML block</div>',
    "[ref] and [x][ref]\n\n[ref]: javascript:alert(8)",
    "[site][r]\n\n[r]: https://ref.pwn.example/",
    "{{ 7*7 }} {% raw %}x{% endraw %} {# hidden #} {%- if true %}y{% endif %}",
    '!!! note "Admonition"\n    body of the note',
    '--8<-- "/etc/passwd"',
    '--8<-- "mkdocs.yml"',
    'para{: onclick="alert(9)" .pwn-class #pwn-id }',
    "[TOC]",
    "&lt;b&gt; &amp; &#60;script&#62; &#x3C;",
    "![img](https://img.pwn.example/x.png) <iframe data-pwn src=//pwn.example></iframe>",
    '<a data-pwn href="javascript:alert(10)">a link</a> <form data-pwn action="javascript:alert(11)"><button data-pwn>go</button></form>',
    "</textarea></title></style><style data-pwn>*{display:none}</style><base data-pwn href=//pwn.example/>",
    '<meta data-pwn http-equiv="refresh" content="0;url=https://pwn.example/"> <!-- comment --> <![CDATA[x]]> <?php echo 1; ?>',
    "**bold** _em_ `code` # not a heading | not | a table |",
    "<details data-pwn open><summary data-pwn>s</summary>d</details> <xss-probe data-pwn>custom</xss-probe>",
    "javascript:alert(12) data:text/html,hi https://pwn.example/bare",
]

# URLs the validator accepts (http(s), no spaces) that still carry markup characters.
URLS = [
    'https://example.org/"><script>alert(13)</script>',
    "https://example.org/'onmouseover='alert(14)'",
    'https://example.org/#"onfocus="alert(15)"autofocus="',
    "https://example.org/x)](javascript:alert(16))",
    "https://example.org/{{7*7}}/{%raw%}",
]

ANALYSIS = """\
{{ 7*7 }} and {% raw %}x{% endraw %}.

!!! note "Admonition"
    body of the note

--8<-- "/etc/passwd"

para{: onclick="alert(9)" .pwn-class }

[TOC]

A [reference link][r], an [inline link](https://example.org/i) and `<script>alert(1)</script>` in code.

[r]: https://example.org/r
"""
ANALYSIS_TEXT = [
    "{{ 7*7 }} and {% raw %}x{% endraw %}.",
    '!!! note "Admonition" body of the note',
    '--8<-- "/etc/passwd"',
    'para{: onclick="alert(9)" .pwn-class }',
    "[TOC]",
    "A reference link, an inline link and <script>alert(1)</script> in code.",
]

# A body paragraph that forges Python-Markdown's placeholder (STX/ETX) and other controls.
CONTROL_PARAGRAPH = "Forged \x02wzxhzdk:0\x03 placeholder and \x0b\x0c controls."

SOURCE_FIELDS = ("title", "outlet", "author", "note")
PLAIN_PAYLOADS = [p for p in PAYLOADS if not re.search(r"<[A-Za-z/!?]", p)]
"""The payloads a person's or a claimant's plain text may carry: validation refuses HTML
there (tests/test_newsroom.py), so these are the ones that reach their pages."""
PERSON_FIELDS = ("name", "role", "bio")
CLAIMANT_FIELDS = ("name", "description")
ARCHIVE_PREFIX = "https://web.archive.org/web/20251212093000/"
"""Each source lists a Wayback capture of its (hostile) url, and corrects its text once."""


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def claim_fields(i: int, payload: str) -> dict[str, str]:
    """Field -> the text it carries, for claim `i`."""
    texts = {
        name: f"F-{name} {payload}"
        for name in (
            "question",
            "claim",
            "claimant",
            "summary",
            "citation-note",
            "reported-note",
            "conversion-title",
            "conversion-note",
            "event",
            "event-note",
            "reference-title",
            "reference-publisher",
            "reference-note",
            "correction-note",
        )
    }
    texts["unit"] = f"u{i} {payload[:50]}"  # units are limited to 60 characters
    texts["to"] = f"to {payload[:50]}"
    return texts


def write_claim(claims: Path, i: int, payload: str) -> None:
    t = claim_fields(i, payload)
    first_line = payload.split("\n")[0]
    url = URLS[i % len(URLS)]
    (claims / f"claim-{i}.yaml").write_text(
        f"""\
question: {q(t["question"])}
claim: {q(t["claim"])}
claimant: {q(t["claimant"])}
status: false
summary: {q(t["summary"])}
appears_in: [src-{i}]
citations:
  - source: src-{i}
    quote: {q(first_line)}
    stance: refutes
    note: {q(t["citation-note"])}
reported:
  - source: src-{i}
    value: 100
    unit: {q(t["unit"])}
    quote: {q(f"Plain sentence number {i}")}
    note: {q(t["reported-note"])}
conversions:
  - unit: {q(t["unit"])}
    to: {q(t["to"])}
    factor: 2
    title: {q(t["conversion-title"])}
    url: {q(url)}
    note: {q(t["conversion-note"])}
timeline:
  - event: {q(t["event"])}
    date: 2025-01
    source: src-{i}
    quote: {q(first_line)}
    note: {q(t["event-note"])}
references:
  - title: {q(t["reference-title"])}
    url: {q(url)}
    publisher: {q(t["reference-publisher"])}
    note: {q(t["reference-note"])}
analysis: {q(ANALYSIS)}
tags: [t{i}]
published: 2026-01-01
updated: 2026-01-02
authors: [person-{i % len(PLAIN_PAYLOADS)}]
editor: person-{(i + 1) % len(PLAIN_PAYLOADS)}
corrections:
  - date: 2026-01-02
    note: {q(t["correction-note"])}
""",
        encoding="utf-8",
    )


def write_source(sources: Path, i: int, payload: str) -> None:
    front = "\n".join(f"{name}: {q(f'F-{name} {payload}')}" for name in SOURCE_FIELDS)
    body = f"Plain sentence number {i}.\n\n{payload}\n\n{CONTROL_PARAGRAPH}\n"
    url = URLS[i % len(URLS)]
    copies = (
        f"archived:\n  - url: {q(ARCHIVE_PREFIX + url)}\n    date: 2025-12-12\n"
        f"corrections:\n  - date: 2026-01-02\n    note: {q(f'F-source-correction {payload}')}\n"
    )
    (sources / f"src-{i}.md").write_text(
        f"---\n{front}\npublished: unknown\nretrieved: unknown\nlanguage: en\nurl: {q(url)}\n{copies}---\n{body}",
        encoding="utf-8",
    )


def write_hostile_content(root: Path) -> Path:
    content = root / "content"
    (content / "claims").mkdir(parents=True)
    (content / "sources").mkdir(parents=True)
    for i, payload in enumerate(PAYLOADS):
        write_claim(content / "claims", i, payload)
        write_source(content / "sources", i, payload)
    write_newsroom(content)
    return content


def write_newsroom(content: Path) -> None:
    """A person and a claimant per plain payload, and an about.yaml whose every text and
    name carries payloads (its plain texts all of them, its Markdown the analysis's)."""
    for folder in ("people", "claimants"):
        (content / folder).mkdir()
    for i, payload in enumerate(PLAIN_PAYLOADS):
        person = "\n".join(f"{name}: {q(f'P-{name} {payload}')}" for name in PERSON_FIELDS)
        link = f"links:\n  - title: {q(f'P-link {payload}')}\n    url: {q(URLS[i % len(URLS)])}"
        (content / "people" / f"person-{i}.yaml").write_text(
            f"{person}\n{link}\n", encoding="utf-8"
        )
        claimant = "\n".join(f"{name}: {q(f'C-{name} {payload}')}" for name in CLAIMANT_FIELDS)
        same = f"url: {q(URLS[i % len(URLS)])}\nsame_as: [{q(URLS[(i + 1) % len(URLS)])}]"
        (content / "claimants" / f"claimant-{i}.yaml").write_text(
            f"{claimant}\ntype: person\n{same}\n", encoding="utf-8"
        )
    owners = "".join(
        f"  - name: {q(f'O-owner {payload}')}\n    url: {q(URLS[i % len(URLS)])}\n"
        for i, payload in enumerate(PAYLOADS)
    )
    funders = "".join(
        f"      - name: {q(f'O-funder {payload}')}\n        amount: {i}\n        currency: EUR\n"
        f"        note: {q(f'O-note {payload}')}\n"
        for i, payload in enumerate(PAYLOADS)
    )
    texts = "".join(
        f"{key}: {q(ANALYSIS)}\n"
        for key in ("who_we_are", "nonpartisanship", "how_we_choose", "how_to_suggest")
    )
    (content / "about.yaml").write_text(
        f"legal_form: {q(f'O-legal {PAYLOADS[0]}')}\nowners:\n{owners}"
        f"funding:\n  - year: 2026\n    funders:\n{funders}{texts}",
        encoding="utf-8",
    )


# -- parsing the output ------------------------------------------------------------

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "xlink:href",
    "background",
    "cite",
    "ping",
    "manifest",
    "icon",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
}
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


@dataclass
class Page:
    """What one HTML document contains."""

    elements: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    @property
    def visible_text(self) -> str:
        return " ".join("".join(self.text).split())


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._raw: tuple[str, dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append((tag, attrs))
        if tag in ("script", "style"):
            self._raw = (tag, dict(attrs), [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and tag == self._raw[0]:
            if tag == "script":
                self.page.scripts.append((self._raw[1], "".join(self._raw[2])))
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw[2].append(data)
        else:
            self.page.text.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


REPORT_EMAIL = "corrections@factcheck.example.org"
REPORT_TRACKER = "https://github.com/factcheck-example/kursk-claims/issues"
"""Where the hostile site's readers report errors (mkdocs.yml's extra.corrections, with a
GitHub tracker added): every claim page links both, pre-filled with its question."""
REPORT_LINKS = {
    f"mailto:{REPORT_EMAIL}": ("subject", "body"),
    f"{REPORT_TRACKER}/new": ("title", "body"),
}
"""A report link's address and the fields its query may have (all or none, as on the
methodology page): a claim's question goes into the body (so the payloads' host is named there, as text), and nothing else may arrive."""


def url_problems(value: str) -> list[str]:
    base, _, query = value.partition("?")
    if base in REPORT_LINKS:
        fields = tuple(name for name, _ in parse_qsl(query, keep_blank_values=True))
        return [] if fields in (REPORT_LINKS[base], ()) else [f"report link with fields {fields}"]
    cleaned = "".join(c for c in value if c > " " and c != "\x7f").lower()
    problems = []
    match = SCHEME.match(cleaned)
    if match and match.group(1) not in ("http", "https"):
        problems.append(f"{match.group(1)}: URL")
    if "pwn.example" in cleaned and not cleaned.startswith("#"):
        problems.append("link to the payloads' host")
    return problems


def audit(page: Page, where: str) -> list[str]:
    """Every way `page` shows that content became markup or code."""
    found: list[str] = []
    for tag, attrs in page.elements:
        if tag.startswith("xss-") or any(name == "data-pwn" for name, _ in attrs):
            found.append(f"{where}: element <{tag}> made from a payload")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{where}: <{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value:
                found += [f"{where}: <{tag} {name}={value!r}>: {p}" for p in url_problems(value)]
            if name in ("class", "id") and value and ({"pwn-class", "pwn-id"} & set(value.split())):
                found.append(f"{where}: <{tag} {name}={value!r}> from attr_list")
            if name == "class" and value and ({"admonition", "toc"} & set(value.split())):
                found.append(f"{where}: <{tag} class={value!r}> from a Markdown extension")
            if name == "http-equiv":
                found.append(f"{where}: <{tag} http-equiv>")
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/ld+json":
            try:
                json.loads(body)
            except ValueError:
                found.append(f"{where}: JSON-LD that is not JSON: {body[:80]!r}")
            if "</" in body or "<!--" in body:
                found.append(f"{where}: JSON-LD could close its script element")
        elif "alert" in body or "pwn" in body or "7*7" in body:
            found.append(f"{where}: script with content from a payload: {body[:80]!r}")
    if "root:x:0:0" in page.visible_text:
        found.append(f"{where}: /etc/passwd was included")
    return found


# -- the build ---------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    content: Path
    site: Path
    root: Path

    def page(self, relative: str) -> Page:
        return parse((self.site / relative).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from generator.commands.build import build

    root = tmp_path_factory.mktemp("hostile-site")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    channel = f"    email: {REPORT_EMAIL}\n"
    assert channel in config
    (root / "mkdocs.yml").write_text(
        config.replace(channel, f"{channel}    url: {REPORT_TRACKER}\n"), encoding="utf-8"
    )
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    content = write_hostile_content(root)
    build(
        content,
        root / "site",
        offline=False,
        dist_dir=root / "dist",
        config=root / "mkdocs.yml",
        docs_dir=root / "docs",
    )
    return Built(content, root / "site", root)


def test_the_hostile_content_is_valid(tmp_path: Path) -> None:
    report = validate_content(write_hostile_content(tmp_path))
    assert report.errors == ()
    assert report.corpus is not None
    assert len(report.corpus.claims) == len(PAYLOADS)


def test_quotes_of_hostile_text_still_anchor(tmp_path: Path) -> None:
    corpus = validate_content(write_hostile_content(tmp_path)).corpus
    assert corpus is not None
    for claim in corpus.claims:
        i = int(claim.id.removeprefix("claim-"))
        body = corpus.source(f"src-{i}").body
        (anchor,) = claim.citation_anchors
        assert body[anchor.start : anchor.end] == PAYLOADS[i].split("\n")[0]
        assert anchor.paragraph == 2


def test_every_page_is_inert(built: Built) -> None:
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 2 * len(PAYLOADS)
    problems = [
        p
        for path in pages
        for p in audit(parse(path.read_text(encoding="utf-8")), str(path.relative_to(built.site)))
    ]
    assert problems == []


def test_no_script_element_carries_a_payload(built: Built) -> None:
    page = built.page("claims/claim-0/index.html")
    ld = [body for attrs, body in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(ld) == 1
    review = json.loads(ld[0])
    assert (
        review["claimReviewed"] == 'F-claim <script>alert("xss-1")</script>'
    )  # data, shown as written
    assert "<script>" not in ld[0]


def test_text_reads_as_the_author_wrote_it(built: Built) -> None:
    def norm(text: str) -> str:
        return " ".join(text.split())

    missing = []
    for i, payload in enumerate(PAYLOADS):
        claim_text = built.page(f"claims/claim-{i}/index.html").visible_text
        source_text = built.page(f"sources/src-{i}/index.html").visible_text
        for name, text in claim_fields(i, payload).items():
            if norm(text) not in claim_text:
                missing.append(f"claim-{i} {name}: {text!r}")
        for name in (*SOURCE_FIELDS, "source-correction"):
            if norm(f"F-{name} {payload}") not in source_text:
                missing.append(f"src-{i} {name}")
        for paragraph in payload.split("\n\n"):
            if norm(paragraph) not in source_text:
                missing.append(f"src-{i} body: {paragraph!r}")
        if "wzxhzdk:0" not in source_text:
            missing.append(f"src-{i} body: the forged placeholder")
        for text in ANALYSIS_TEXT:
            if norm(text) not in claim_text:
                missing.append(f"claim-{i} analysis: {text!r}")
    missing += newsroom_text_missing(built, norm)
    assert missing == []
    home = built.page("claims/claim-6/index.html").visible_text
    assert "{{ 7*7 }}" in home and "49" not in home


def newsroom_text_missing(built: Built, norm: Callable[[str], str]) -> list[str]:
    """The texts of people, claimants and about.yaml that their pages do not show as written."""
    missing = []
    for i, payload in enumerate(PLAIN_PAYLOADS):
        person = built.page(f"people/person-{i}/index.html").visible_text
        claimant = built.page(f"claimants/claimant-{i}/index.html").visible_text
        for name in (*PERSON_FIELDS, "link"):
            if norm(f"P-{name} {payload}") not in person:
                missing.append(f"person-{i} {name}")
        for name in CLAIMANT_FIELDS:
            if norm(f"C-{name} {payload}") not in claimant:
                missing.append(f"claimant-{i} {name}")
    about = built.page("about/index.html").visible_text
    for i, payload in enumerate(PAYLOADS):
        for kind in ("owner", "funder", "note"):
            if norm(f"O-{kind} {payload}") not in about:
                missing.append(f"about {kind} {i}")
    if norm(f"O-legal {PAYLOADS[0]}") not in about:
        missing.append("about legal_form")
    missing += [f"about: {text!r}" for text in ANALYSIS_TEXT if norm(text) not in about]
    return missing


def test_report_links_carry_the_question_as_written(built: Built) -> None:
    """Each claim page's report links (a mail, a GitHub issue) are pre-filled with its id and
    its question, percent-encoded: decoded, they read exactly as written, and no payload
    adds a field (a `cc`, a `labels`) or ends the address."""
    for i, payload in enumerate(PAYLOADS):
        question = " ".join(claim_fields(i, payload)["question"].split())
        hrefs = [
            dict(attrs)["href"] or ""
            for tag, attrs in built.page(f"claims/claim-{i}/index.html").elements
            if tag == "a" and (dict(attrs).get("href") or "").split("?")[0] in REPORT_LINKS
        ]
        assert len(hrefs) == 2, i
        for href in hrefs:
            assert not set(href) & set("\"'<> \n"), href
            fields = dict(parse_qsl(href.split("?", 1)[1]))
            assert fields.get("subject", fields.get("title")) == f"Correction request: claim-{i}"
            assert fields["body"].splitlines()[:2] == [
                f"Claim: {question}",
                f"https://factcheck.example.org/claims/claim-{i}/",
            ]


def test_the_analysis_keeps_its_http_links(built: Built) -> None:
    page = built.page("claims/claim-0/index.html")
    links = [
        dict(attrs)
        for tag, attrs in page.elements
        if tag == "a" and dict(attrs).get("href", "").startswith("https://example.org/")
    ]
    assert {"https://example.org/r", "https://example.org/i"} <= {a["href"] for a in links}
    assert all("nofollow" in (a.get("rel") or "") for a in links)


def test_hostile_urls_stay_inside_their_attribute(built: Built) -> None:
    hrefs = []
    for i in range(len(PAYLOADS)):
        for tag, attrs in built.page(f"sources/src-{i}/index.html").elements:
            href = dict(attrs).get("href") or ""
            if tag == "a" and href.startswith(("https://example.org/", ARCHIVE_PREFIX)):
                hrefs.append(href)
    assert len([h for h in hrefs if h.startswith(ARCHIVE_PREFIX)]) == len(PAYLOADS)
    for href in hrefs:
        assert not set(href) & set("\"'<> "), href


def search_fragments(site: Path) -> list[dict[str, object]]:
    """Every page Pagefind's index holds (its fragments, gunzipped), as the worker reads them."""
    found = []
    for path in sorted((site / INDEX_FOLDER / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[len(b"pagefind_dcd") :]))
    return found


def test_search_index_is_inert(built: Built) -> None:
    """Material's own index, which its search would show as HTML, holds no page; Pagefind's
    holds the hostile text as the plain text it is, which the worker escapes whole before
    showing it (run in a browser by tests/browser/test_search_box.py)."""
    material = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))
    assert material["docs"] == []
    pages = search_fragments(built.site)
    texts = " ".join(str(page["content"]) for page in pages)
    titles = {str(page["meta"]["title"]) for page in pages}  # type: ignore[index]
    assert '<script>alert("xss-1")</script>' in texts  # searchable as the text it is
    assert any("<" in title for title in titles)  # hostile questions are indexed, not dropped


def test_feeds_are_inert(built: Built) -> None:
    feeds = sorted(built.site.rglob("*.xml"))
    feeds = [f for f in feeds if not f.name.startswith("sitemap")]
    problems = []
    for feed in feeds:
        tree = ET.parse(feed)
        for element in tree.iter():
            for name, value in element.attrib.items():
                if name in ("href", "src", "uri"):
                    problems += [f"{feed.name}: {p}" for p in url_problems(value)]
            if element.get("type") == "html" and element.text:
                problems += audit(parse(element.text), f"{feed.name} <{element.tag}>")
    assert problems == []


# -- the analysis field: what the validator refuses --------------------------------

REFUSED_ANALYSIS = {
    "<script>alert(1)</script>": [
        "1:1 raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
        "1:17 raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
    ],
    "<img src=x onerror=alert(1)>": [
        "1:1 raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
    ],
    '<div onclick="alert(1)">block</div>': [
        "1:1 raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
        "1:30 raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
    ],
    "<!-- hidden -->": [
        "1:1 raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)",
    ],
    "[x](javascript:alert(1))": [
        "1:5 link 'javascript:alert(1)' is not allowed; links must start with http:// or https://",
    ],
    "[x]( JavaScript:alert(1) )": [
        "1:6 link 'JavaScript:alert(1)' is not allowed; links must start with http:// or https://",
    ],
    "[x](data:text/html;base64,PHNjcmlwdD4=)": [
        "1:5 link 'data:text/html;base64,PHNjcmlwdD4=' is not allowed; links must start with http:// or https://",
    ],
    "[x](//evil.example/)": [
        "1:5 link '//evil.example/' is not allowed; links must start with http:// or https://",
    ],
    "- item [y][r]\n\n    [r]: javascript:alert(1)": [
        "3:10 link 'javascript:alert(1)' is not allowed; links must start with http:// or https://",
    ],
    "[the heading](#analysis)": [
        "1:15 link '#analysis' is not allowed; links must start with http:// or https://",
    ],
    "[x](../../etc/passwd)": [
        "1:5 link '../../etc/passwd' is not allowed; links must start with http:// or https://",
    ],
    "<javascript:alert(1)>": [
        "1:1 link 'javascript:alert(1)' is not allowed; links must start with http:// or https://",
    ],
    "[x][r]\n\n[r]: javascript:alert(1)": [
        "3:6 link 'javascript:alert(1)' is not allowed; links must start with http:// or https://",
    ],
    "[x][r]\n\n[r]: <data:text/html,hi>": [
        "3:6 link 'data:text/html,hi' is not allowed; links must start with http:// or https://",
    ],
    "![pic](https://example.org/p.png)": [
        "1:1 images are not allowed in analysis (they would load from outside the site)",
    ],
    "![pic][p]\n\n[p]: https://example.org/p.png": [
        "1:1 images are not allowed in analysis (they would load from outside the site)",
    ],
}


@pytest.mark.parametrize("analysis", list(REFUSED_ANALYSIS), ids=range(len(REFUSED_ANALYSIS)))
def test_the_validator_refuses_unsafe_analysis(
    analysis: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = write_hostile_content(tmp_path)
    for path in (content / "claims").iterdir():
        if path.name != "claim-0.yaml":
            path.unlink()
    claim = content / "claims" / "claim-0.yaml"
    text = claim.read_text(encoding="utf-8").replace(
        f"analysis: {q(ANALYSIS)}",
        "analysis: |\n" + "".join(f"  {line}\n" if line else "\n" for line in analysis.split("\n")),
    )
    claim.write_text(text, encoding="utf-8")
    line_of_analysis = text.split("\n").index("analysis: |") + 1
    result = CliRunner().invoke(cli, ["validate", "--content", "content"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    expected = []
    for entry in REFUSED_ANALYSIS[analysis]:
        where, message = entry.split(" ", 1)
        line, col = (int(n) for n in where.split(":"))
        expected.append(
            f"content/claims/claim-0.yaml:{line_of_analysis + line}:{col + 2}: error: {message}"
        )
    assert errors == expected


@pytest.mark.parametrize(
    "analysis",
    [
        "[x](<https://example.org/a>) and [y](https://example.org 'title')",
        "[x][r]\n\n[r]: <https://example.org/>",
        "[x][r]\n\n[r]:\n    https://example.org/next-line",
        "See [the report](https://example.org/#analysis) and `<b>` in code.",
        "```\n<script>alert(1)</script>\n```",
    ],
)
def test_the_validator_accepts_safe_analysis(analysis: str) -> None:
    from generator.corpus.analysis import convert_analysis

    assert convert_analysis(analysis).problems == ()


def test_the_audit_catches_what_it_looks_for() -> None:
    """The checks above would see each kind of injection if it happened."""
    samples = {
        "<script>alert(1)</script>": "script with content",
        "<img src=x onerror=alert(1)>": "onerror",
        '<a href=" JaVa\tScript:alert(1)">x</a>': "javascript: URL",
        "<iframe src='data:text/html,x'></iframe>": "data: URL",
        "<img src='https://img.pwn.example/x.png'>": "payloads' host",
        "<b data-pwn>x</b>": "made from a payload",
        "<xss-probe>x</xss-probe>": "made from a payload",
        '<p class="x pwn-class">x</p>': "from attr_list",
        '<div class="admonition note">x</div>': "Markdown extension",
        '<div class="toc"><ul></ul></div>': "Markdown extension",
        "<meta http-equiv=refresh content='0;url=x'>": "http-equiv",
        '<script type="application/ld+json">{"a": 1</script>': "not JSON",
        "<p>root:x:0:0:root:/root:/bin/bash</p>": "/etc/passwd",
    }
    for html, expected in samples.items():
        found = audit(parse(html), "sample")
        assert any(expected in problem for problem in found), (html, found)
    assert (
        audit(
            parse(
                '<a href="#f-pwn-class">x</a><script type="application/ld+json">{"a": "\\u003c"}</script>'
            ),
            "ok",
        )
        == []
    )


def test_the_offline_bundle_is_inert(built: Built) -> None:
    import zipfile

    from generator.publish.offline import build_offline_bundle, default_shim_path

    shim = default_shim_path(ROOT / "mkdocs.yml")
    if not shim.is_file():
        pytest.skip("run `make vendor` first (iframe-worker shim)")
    bundle = build_offline_bundle(
        built.root / "mkdocs.yml", built.root / "docs", built.root / "dist" / "x.zip", shim=shim
    )
    problems: list[str] = []
    with zipfile.ZipFile(bundle.path) as archive:
        names = archive.namelist()
        for name in names:
            if name.endswith(".html"):
                problems += audit(parse(archive.read(name).decode("utf-8")), name)
        (index_name,) = [n for n in names if n.endswith("search/search_index.js")]
        script = archive.read(index_name).decode("utf-8")
    prefix = "var __index = "
    assert script.startswith(prefix)
    index = json.loads(script[len(prefix) :].rstrip().rstrip(";"))  # data, not code
    for doc in index["docs"]:
        problems += audit(parse(doc.get("text") or ""), f"offline search {doc['location']}")
    assert problems == []
    assert len([n for n in names if n.endswith(".html")]) > 2 * len(PAYLOADS)
