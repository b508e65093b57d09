"""The libraries' floor: the least any generator built on PyYAML, Python-Markdown and
Jinja2 spends to turn a content folder into one Markdown page per claim.

    floor(content, scratch) -> {"yaml_s": ..., "markdown_s": ..., "jinja_s": ..., "write_s": ...}

It does only what such a generator cannot skip, with none of our checks:

* `yaml_s`: read every claim file and build its values with PyYAML's C loader
  (`yaml.CSafeLoader`, no line numbers, no checks), and read every source's text;
* `markdown_s`: convert every claim's analysis with one reused `markdown.Markdown`
  (no extensions, no sanitizing);
* `jinja_s`: render a six-line page per claim (its claim, status, summary, quotes with a
  link each, and the analysis's HTML) from one compiled template;
* `write_s`: write those pages, one file each, into an empty folder.

No quote is looked for in its source, and no list, source, matrix or export page is
made. The benchmark runs it in the same process and run as our stages, so the two are
compared on the same machine at the same moment (`benchmarks.run`'s targets table).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import jinja2
import markdown
import yaml

PAGE = jinja2.Environment(autoescape=True).from_string(
    "# {{ claim.claim }}\n\n"
    "**{{ claim.status }}**: {{ claim.summary }}\n\n"
    "{% for citation in claim.citations %}> {{ citation.quote }}\n\n"
    "[{{ citation.source }}](../sources/{{ citation.source }}.md)\n\n{% endfor %}"
    "{{ analysis | safe }}\n"
)


def floor(content: Path, scratch: Path) -> dict[str, float]:
    """Seconds spent by each step of the floor on `content` (see the module's docstring)."""
    spent: dict[str, float] = {}
    t = time.perf_counter()
    claims: list[dict[str, Any]] = [
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for path in sorted((content / "claims").glob("*.yaml"))
    ]
    for path in sorted((content / "sources").glob("*.md")):
        path.read_text(encoding="utf-8")
    spent["yaml_s"] = time.perf_counter() - t

    t = time.perf_counter()
    converter = markdown.Markdown()
    analyses = [converter.reset().convert(claim.get("analysis") or "") for claim in claims]
    spent["markdown_s"] = time.perf_counter() - t

    t = time.perf_counter()
    pages = [
        PAGE.render(claim=claim, analysis=analysis)
        for claim, analysis in zip(claims, analyses, strict=True)
    ]
    spent["jinja_s"] = time.perf_counter() - t

    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    t = time.perf_counter()
    for number, page in enumerate(pages):
        (scratch / f"claim-{number:05d}.md").write_text(page, encoding="utf-8")
    spent["write_s"] = time.perf_counter() - t
    spent["total_s"] = sum(spent.values())
    return spent
