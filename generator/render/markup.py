"""Turning untrusted content into Markdown that can only ever display as text.

Claims and sources arrive in strangers' pull requests, so every value the
templates print is hostile until proven otherwise. This module is the single
place that decides what may reach a page as markup:

* `escape_text` makes a plain-text value safe for Markdown *and* HTML.
* `http_url` / `external_link` let through http(s) URLs only; `mailto_link` writes a
  mail link to a checked address (mkdocs.yml's, never content's).
  Every link to another site that reaches a page is marked `fc-external` (by
  `external_link`, and on each link of an analysis, which can only link outside):
  the stylesheet marks it ↗ on screen and prints its address on paper.
* `sanitise_analysis` turns the one Markdown field (`analysis`), as validation
  converted it (`corpus.analysis`), into sanitised HTML.
* `template_environment` wires `finalize` into Jinja2 so that escaping is the
  default for every `{{ ... }}` in the `.md` templates.

Why numeric character references rather than backslashes
--------------------------------------------------------
`escape_text` HTML-escapes ``& < > " '`` and writes every other ASCII
punctuation character except ``,`` and ``;`` as a numeric character reference
(``&#46;`` for ``.``), not as a Markdown backslash escape, because:

1. Python-Markdown can backslash-escape only 16 characters, but extensions give
   meaning to others: ``?`` (details), ``=`` (tabbed, mark), ``|`` (tables),
   ``:`` (emoji, definition lists), ``~``, ``^``, ``$``, ``/`` (blocks), ``@``
   (magiclink). A backslash before those would be printed literally.
2. A backslash does not break character sequences for tools that read the raw
   Markdown before Python-Markdown does: ``\\{%`` still contains ``{%`` for a
   Jinja-in-Markdown plugin; ``&#123;&#37;`` does not.
3. A backslash is literal inside raw HTML (an attribute, a ``<mark>``); a
   character reference means the same character in Markdown text, in HTML text
   and in attribute values, so one escaped value is safe in all three.

Python-Markdown passes character references through untouched (it stashes them
like raw HTML), so no extension ever sees the character, and browsers, MkDocs'
search indexer and screen readers all decode them to the original text.

Why a `finalize` hook rather than a filter
------------------------------------------
Jinja2's autoescape can only HTML-escape, which is not enough for Markdown, so
it stays off. Instead the environment's `finalize` hook runs on the value of
*every* ``{{ ... }}`` expression: anything that is not a `SafeMarkdown` is
escaped, so a template author cannot forget the filter, and must go through
Python code (which builds `SafeMarkdown` on purpose, e.g. a checked URL) to
print markup. Concatenating a `SafeMarkdown` with a `str` gives a plain `str`,
which is escaped again: mistakes show up as visible entities, never as markup.
Jinja2's `|safe` produces `markupsafe.Markup`, which is *not* trusted here.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
import string
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import jinja2
import nh3
from babel import Locale, UnknownLocaleError

from generator.corpus.analysis import convert_analysis
from generator.corpus.control_characters import replace_control_characters
from generator.corpus.languages import same_language
from generator.corpus.models import LANGUAGE_PATTERN

__all__ = [
    "SafeMarkdown",
    "UnsafeUrlError",
    "cached_template_environment",
    "code",
    "direction",
    "escape_html_text",
    "escape_text",
    "external_link",
    "finalize",
    "http_url",
    "in_language",
    "lang_attribute",
    "mailto_link",
    "markdown_link",
    "render_analysis",
    "sanitise_analysis",
    "strong",
    "template_environment",
]


class SafeMarkdown(str):
    """A fragment of Markdown/HTML that generator code built on purpose and vouches for.

    Only Python code creates these (never content, never a template), from
    escaped text, checked URLs, ids that match the slug pattern, or sanitised HTML.
    """

    __slots__ = ()


class UnsafeUrlError(ValueError):
    """A URL that is not an absolute http(s) URL reached the renderer."""


# --- plain text ------------------------------------------------------------------

_LITERAL_PUNCTUATION = ",;"
_NAMED_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_LINE_BREAKS = "\t\n\r\f\v\x85\u2028\u2029"
_WHITESPACE_RUN = re.compile(r" {2,}")


def _reference(char: str) -> str:
    return _NAMED_REFERENCES.get(char, f"&#{ord(char)};")


def _text_table() -> dict[int, str]:
    table = {ord(c): _reference(c) for c in string.punctuation if c not in _LITERAL_PUNCTUATION}
    table.update({ord(c): " " for c in _LINE_BREAKS})
    return table


class _Replacer:
    """`str.translate` with a table, done by one regex: `translate` looks every
    character up, while this only visits the few that change."""

    def __init__(self, table: dict[int, str]) -> None:
        by_character = {chr(code): replacement for code, replacement in table.items()}
        self._pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(by_character)) + "]")
        lookup = by_character.__getitem__
        self._replace = lambda match: lookup(match.group())

    def __call__(self, text: str) -> str:
        return self._pattern.sub(self._replace, text)


_TEXT_TABLE = _text_table()
_replace_for_text = _Replacer(_TEXT_TABLE)


def escape_text(value: str, *, strip: bool = True) -> SafeMarkdown:
    """`value` as literal text for Markdown, HTML text and HTML attribute values.

    Line breaks and runs of spaces collapse to one space (so the value cannot
    start a new Markdown block); `strip=False` keeps a single leading/trailing
    space, for pieces of a longer text.
    """
    text = _replace_for_text(replace_control_characters(value))
    text = _WHITESPACE_RUN.sub(" ", text)
    return SafeMarkdown(text.strip() if strip else text)


def escape_html_text(value: str) -> SafeMarkdown:
    """`value` for an HTML-only context that Markdown never reads (YAML front matter
    printed by the theme: `<title>`, `<meta content>`). Whitespace collapses."""
    collapsed = " ".join(replace_control_characters(value).split())
    return SafeMarkdown(html.escape(collapsed, quote=True))


# --- URLs --------------------------------------------------------------------------

_HTTP_URL = re.compile(r"^https?://[^\s/?#]+", re.IGNORECASE | re.ASCII)
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Characters kept as they are: no Markdown inline syntax ([ ] ( ) ! ` \ < >), no
# quotes, no braces. Everything else is percent-encoded, which keeps the URL's meaning.
_URL_SAFE_CHARACTERS = "-._~:/?#@$&+,;=%*"


def http_url(url: str) -> SafeMarkdown:
    """An absolute http(s) URL, percent-encoded and HTML-escaped for an `href` attribute.

    Raises `UnsafeUrlError` for anything else (`javascript:`, relative, ...).
    """
    if not _HTTP_URL.match(url):
        raise UnsafeUrlError(f"not an http(s) URL: {url!r}")
    encoded = quote(_STRAY_PERCENT.sub("%25", url), safe=_URL_SAFE_CHARACTERS)
    return SafeMarkdown(html.escape(encoded, quote=True))


def external_link(url: str, text: str, language: str | None = None) -> SafeMarkdown:
    """An inline HTML link to an outside page: http(s) only, `rel="nofollow noopener"`.
    `language`: the language of `text` and of the page it links to (`lang`, `hreflang`)."""
    languages = f' lang="{_checked_language(language)}" hreflang="{language}"' if language else ""
    return SafeMarkdown(
        f'<a class="{EXTERNAL_CLASS}" href="{http_url(url)}" rel="nofollow noopener"{languages}>'
        f"{escape_text(text)}</a>"
    )


_MAIL_ADDRESS = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.ASCII
)
_MAILTO_ADDRESS_SAFE = "!$'*+@"
"""What RFC 6068 lets an address keep as it is in a `mailto:` URI besides letters, digits
and `-._~`; anything else (`%`, `?`, `#`, `&`, `/`, `=`, ...) would end or change it and is
percent-encoded."""


def mailto_link(
    address: str, text: str, *, subject: str | None = None, body: str | None = None
) -> SafeMarkdown:
    """An inline HTML `mailto:` link to `address`, with a pre-filled subject and body.

    Every part is percent-encoded (RFC 6068; a line break in `body` should be CRLF), so
    neither can add a header or end the URI, then HTML-escaped for the attribute.
    Raises `UnsafeUrlError` for anything that is not a plain address (a name, a list, a
    `mailto:` of its own).
    """
    if not _MAIL_ADDRESS.fullmatch(address):
        raise UnsafeUrlError(f"not an email address: {address!r}")
    fields = [
        f"{name}={quote(value, safe='')}"
        for name, value in (("subject", subject), ("body", body))
        if value is not None
    ]
    uri = f"mailto:{quote(address, safe=_MAILTO_ADDRESS_SAFE)}" + (
        "?" + "&".join(fields) if fields else ""
    )
    return SafeMarkdown(f'<a href="{html.escape(uri, quote=True)}">{escape_text(text)}</a>')


# --- languages (WCAG 3.1.2: text in another language than the page is marked) ---------

_LANGUAGE_TAG = re.compile(LANGUAGE_PATTERN)


def _checked_language(tag: str) -> str:
    """A validated tag (models.LANGUAGE_PATTERN) is safe in an attribute; anything else is a bug."""
    if not _LANGUAGE_TAG.fullmatch(tag):
        raise ValueError(f"not a language tag: {tag!r}")
    return tag


def lang_attribute(language: str | None, page_language: str) -> SafeMarkdown:
    """` lang="…"` for an element whose text is in `language`, or nothing if that is the
    page's (or None: content that does not say is in the page's language); with `dir` too
    when the two are written in opposite directions (English quoted on an Arabic page), so
    that its punctuation stays where its words put it."""
    if language is None or same_language(language, page_language):
        return SafeMarkdown("")
    written = direction(language)
    turned = f' dir="{written}"' if written != direction(page_language) else ""
    return SafeMarkdown(f' lang="{_checked_language(language)}"{turned}')


@functools.cache
def direction(language: str) -> str:
    """`rtl` for a language written right to left (CLDR's character order), else `ltr`,
    also for a tag CLDR does not know."""
    try:
        order = Locale.parse(language, sep="-").character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def in_language(text: str, language: str | None, page_language: str) -> SafeMarkdown:
    """`text` escaped, inside `<span lang="…">` when it is not in the page's language."""
    attribute = lang_attribute(language, page_language) if text else ""
    return (
        SafeMarkdown(f"<span{attribute}>{escape_text(text)}</span>")
        if attribute
        else escape_text(text)
    )


# --- small pieces of markup for the templates ---------------------------------------------


def markdown_link(text: str, destination: SafeMarkdown) -> SafeMarkdown:
    """A Markdown link: `text` escaped, to a destination Python code made (`relative_link`,
    `fragment_link`); never to a string a template put together."""
    if not isinstance(destination, SafeMarkdown):
        raise TypeError(f"a link's destination must be made by the generator: {destination!r}")
    return SafeMarkdown(f"[{_escaped(text)}]({destination})")


def code(text: str) -> SafeMarkdown:
    """`text` as inline code (a command, a file name, a field of the data)."""
    return SafeMarkdown(f"<code>{escape_text(text)}</code>")


def fingerprint(sha256: str) -> SafeMarkdown:
    """A SHA-256 fingerprint (hex), as the code it is."""
    return SafeMarkdown(f'<code class="fc-fingerprint">{escape_text(sha256)}</code>')


def strong(text: str) -> SafeMarkdown:
    """`text` in bold."""
    return SafeMarkdown(f"**{_escaped(text)}**")


def _escaped(text: str) -> SafeMarkdown:
    return text if isinstance(text, SafeMarkdown) else escape_text(text)


# --- the analysis field --------------------------------------------------------------

_ANALYSIS_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_ANALYSIS_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_LINK_REL = "noopener nofollow"
EXTERNAL_CLASS = "fc-external"
_ANALYSIS_CLEANER = nh3.Cleaner(
    tags=set(_ANALYSIS_TAGS),
    attributes={"*": set()} | {tag: set(names) for tag, names in _ANALYSIS_ATTRIBUTES.items()},
    url_schemes={"http", "https"},
    url_relative="deny",
    link_rel=_LINK_REL,
    set_tag_attribute_values={"a": {"class": EXTERNAL_CLASS}},
    strip_comments=True,
)
_SET_BY_SANITISER = {"a": {"rel": _LINK_REL, "class": EXTERNAL_CLASS}}
"""Attributes the sanitiser writes itself, each with its only possible value. Relative links
are denied, so every link an analysis keeps leads to another site, and is marked so."""


def sanitise_analysis(converted: str) -> SafeMarkdown:
    """An analysis as one raw-HTML block, safe to embed in a Markdown page, from the
    HTML validation converted it to (`ClaimDoc.analysis_html`).

    `nh3` keeps only simple tags and http(s) links (with `rel="noopener nofollow"`,
    marked `fc-external` as every outside link is); the result is re-serialised with
    every text character that Markdown or a Markdown preprocessor could react to
    written as a character reference, on a single line, so the page's own Markdown
    pass treats the block as opaque HTML.
    """
    sanitised = _ANALYSIS_CLEANER.clean(converted)
    return SafeMarkdown(f'<div class="fc-analysis">\n{_OpaqueHtml.serialise(sanitised)}\n</div>')


def render_analysis(text: str) -> SafeMarkdown:
    """The `analysis` Markdown as a sanitised raw-HTML block: converted as validation
    converts it (`corpus.analysis`), then `sanitise_analysis`."""
    return sanitise_analysis(convert_analysis(text).html)


class _OpaqueHtml(HTMLParser):
    """Re-serialises sanitised HTML with all text and attribute values fully escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    @classmethod
    def serialise(cls, sanitised: str) -> str:
        parser = cls()
        parser.feed(sanitised)
        parser.close()
        return "".join(parser.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check_tag(tag)
        rendered = "".join(self._attribute(tag, name, value) for name, value in attrs)
        self.parts.append(f"<{tag}{rendered}>")

    def handle_endtag(self, tag: str) -> None:
        self._check_tag(tag)
        self.parts.append(f"</{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(_escape_opaque(data))

    def handle_comment(self, data: str) -> None:
        raise ValueError("a comment passed the sanitiser")

    def handle_decl(self, decl: str) -> None:
        raise ValueError("a declaration passed the sanitiser")

    def handle_pi(self, data: str) -> None:
        raise ValueError("a processing instruction passed the sanitiser")

    def unknown_decl(self, data: str) -> None:
        raise ValueError("a declaration passed the sanitiser")

    @staticmethod
    def _check_tag(tag: str) -> None:
        if tag not in _ANALYSIS_TAGS:
            raise ValueError(f"tag <{tag}> passed the sanitiser")

    @staticmethod
    def _attribute(tag: str, name: str, value: str | None) -> str:
        fixed = _SET_BY_SANITISER.get(tag, {})
        if name in fixed and value != fixed[name]:
            raise ValueError(f"attribute {name!r} on <{tag}> is not the sanitiser's own")
        if name not in _ANALYSIS_ATTRIBUTES.get(tag, set()) and name not in fixed:
            raise ValueError(f"attribute {name!r} on <{tag}> passed the sanitiser")
        return f' {name}="{_escape_opaque(value or "")}"'


def _escape_opaque(text: str) -> str:
    """Like `escape_text`, but keeps every whitespace character (as a reference)."""
    return _replace_for_opaque(replace_control_characters(text))


def _opaque_table() -> dict[int, str]:
    table = {ord(c): _reference(c) for c in string.punctuation if c not in _LITERAL_PUNCTUATION}
    table.update({ord(c): f"&#{ord(c)};" for c in _LINE_BREAKS})
    return table


_OPAQUE_TABLE = _opaque_table()
_replace_for_opaque = _Replacer(_OPAQUE_TABLE)


# --- templates ---------------------------------------------------------------------


def finalize(value: object) -> str:
    """Jinja2 `finalize` hook: escape every printed value unless it is `SafeMarkdown`.

    Only text-like values may be printed; printing None, a list or a model is a
    template bug and raises, rather than putting a Python repr on a page.
    """
    if isinstance(value, SafeMarkdown):
        return value
    if isinstance(value, jinja2.Undefined):
        return escape_text(str(value))  # StrictUndefined raises UndefinedError here
    if isinstance(value, bool) or value is None:
        raise TypeError(f"template printed {value!r}; use an explicit word")
    if isinstance(value, str | int | dt.date):
        return escape_text(value.isoformat() if isinstance(value, dt.date) else str(value))
    raise TypeError(f"template printed a {type(value).__name__}; pass text or SafeMarkdown")


def template_environment(
    directory: Path, finalize: Callable[[object], str] = finalize
) -> jinja2.Environment:
    """Jinja2 for the `.md` templates: autoescape off, `finalize` escapes instead.

    With Jinja2's i18n extension (`{% trans %}`, whitespace trimmed), whose gettext
    functions `generator.render.i18n` installs: they escape what they return, as
    `finalize` escapes everything else."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=False,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.policies["ext.i18n.trimmed"] = True
    return environment


def cached_template_environment(
    directory: Path, finalize: Callable[[object], str] = finalize
) -> jinja2.Environment:
    """`template_environment(directory, finalize)`, built once while no template there changes.

    Jinja2's own reload check stats a template's file on every `get_template` and
    `{% include %}` (every page, and a few includes each); this checks the folder once per
    call instead, and a changed template (`factcheck serve`) gives a new environment.
    """
    return _environment_for(directory, _templates_stamp(directory), finalize)


def _templates_stamp(directory: Path) -> tuple[tuple[str, int, int], ...]:
    stamps = []
    for path in sorted(directory.rglob("*")):
        stat = path.stat()
        stamps.append((path.relative_to(directory).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


@functools.lru_cache(maxsize=4)
def _environment_for(
    directory: Path, stamp: tuple[tuple[str, int, int], ...], finalize: Callable[[object], str]
) -> jinja2.Environment:
    environment = template_environment(directory, finalize)
    environment.auto_reload = False
    return environment
