"""A synthetic content folder of any size, for benchmarks: deterministic for a seed.

    generate(root, claims=N, seed=0) -> Synthetic

writes `root/claims/*.yaml` and `root/sources/*.md`, with the desk's `root/people/*.yaml`,
`root/claimants/*.yaml` and `root/about.yaml` (a content folder):

* N claims and max(1, N // 10) sources (ids `claim-00001`, `source-0001`);
* every claim has 3 citations, each quoting a passage of 6-16 words copied verbatim
  (a real substring) from a paragraph of its source, so every quote anchors; claim `i`
  cites sources `3i`, `3i+1`, `3i+2` (mod the number of sources), so each source is
  quoted about 30 times by 30 different claims;
* sources are ~5 KB articles of 12 paragraphs with some typography the normaliser
  handles (curly quotes, dashes, an ellipsis, non-ASCII letters);
* claims cycle through every status and stance, carry 1-2 of 20 tags, an analysis of
  three Markdown paragraphs with an http(s) link, and dates in 2026;
* each claim is checked by one of `PEOPLE` people and edited by the next, is made by one
  of `CLAIMANTS` claimants (each with a file), and every tenth names the claim before it
  as related.

The same `(N, seed)` always gives the same bytes.

    python -m benchmarks.corpus N DIR [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

STATUSES = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven")
STANCES = ("supports", "refutes", "context")
TAGS = tuple(f"topic-{i:02d}" for i in range(20))
PARAGRAPHS = 12
WORDS_PER_PARAGRAPH = (45, 75)
CITATIONS = 3
PEOPLE = 12
CLAIMANTS = 53
_SYLLABLES = (
    "ka",
    "ro",
    "mi",
    "te",
    "sun",
    "dar",
    "vel",
    "os",
    "ni",
    "pa",
    "lu",
    "gre",
    "tor",
    "an",
    "be",
    "shi",
    "mo",
    "ral",
    "qui",
    "den",
    "fa",
    "zo",
    "ir",
    "cal",
    "em",
    "hu",
    "pol",
    "yan",
    "sé",
    "ñu",
)


@dataclass(frozen=True)
class Synthetic:
    """What `generate` wrote."""

    root: Path
    """The content folder (holds claims/ and sources/)."""
    claims: int
    sources: int
    citations: int
    source_bytes: int
    """Total size of the source files."""


def claim_id(index: int) -> str:
    return f"claim-{index:05d}"


def source_id(index: int) -> str:
    return f"source-{index:04d}"


def person_id(index: int) -> str:
    return f"person-{index:02d}"


def claimant_id(index: int) -> str:
    return f"claimant-{index:02d}"


def source_count(claims: int) -> int:
    return max(1, claims // 10)


def _vocabulary(rng: random.Random, size: int = 900) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def _paragraph(rng: random.Random, vocabulary: list[str]) -> list[str]:
    """One paragraph as a list of words (punctuation attached), some typography included."""
    words = [rng.choice(vocabulary) for _ in range(rng.randint(*WORDS_PER_PARAGRAPH))]
    words[0] = words[0].capitalize()
    for at in range(8, len(words) - 1, rng.randint(9, 14)):
        words[at] += "."
        words[at + 1] = words[at + 1].capitalize()
    kind = rng.randrange(5)
    middle = len(words) // 2
    if kind == 0:
        words[middle] = f"“{words[middle]}"
        words[middle + 2] = f"{words[middle + 2]}”"
    elif kind == 1:
        words[middle] += " —"
    elif kind == 2:
        words[middle] += f" {rng.randint(2, 99_999):,}"
    elif kind == 3:
        words[middle] += "…"
    words[-1] += "."
    return words


def _source_text(index: int, paragraphs: list[list[str]]) -> str:
    published = dt.date(2025, 1, 1) + dt.timedelta(days=index % 365)
    url = f"https://example.org/articles/{index}"
    front = {
        "title": f"Synthetic article number {index}",
        "outlet": f"Outlet {index % 37}",
        "published": published.isoformat(),
        "url": url,
        "retrieved": "unknown",
        "language": "en",
    }
    # Each article has one (synthetic) capture, as `factcheck archive` gives it the day it
    # is added: a source with a url and no archived copy would be a warning.
    capture = f"https://web.archive.org/web/{published:%Y%m%d}120000/{url}"
    lines = [
        "---",
        *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()),
        f"archived:\n  - url: {json.dumps(capture)}\n    date: {published.isoformat()}",
        "---",
        "",
    ]
    return "\n".join(lines) + "\n\n".join(" ".join(words) for words in paragraphs) + "\n"


def _quote(rng: random.Random, paragraphs: list[list[str]]) -> str:
    words = rng.choice(paragraphs)
    length = rng.randint(6, 16)
    start = rng.randrange(0, len(words) - length)
    return " ".join(words[start : start + length]).strip(".,")


def _claim_text(index: int, rng: random.Random, quotes: list[tuple[str, str]]) -> str:
    status = STATUSES[index % len(STATUSES)]
    tags = sorted({TAGS[index % len(TAGS)], TAGS[(index * 7 + 3) % len(TAGS)]})[: 1 + index % 2]
    published = dt.date(2026, 1, 1) + dt.timedelta(days=index % 300)
    updated = published + dt.timedelta(days=index % 5)
    q = json.dumps
    lines = [
        "# yaml-language-server: $schema=../../schemas/claim.schema.json",
        f"question: {q(f'Is synthetic claim number {index} accurate?')}",
        f"claim: {q(f'Synthetic claim {index} states a figure of {index * 13 % 997}.')}",
        f"claimant: {claimant_id(index % CLAIMANTS)}",
        f"appears_in: [{quotes[0][0]}]",
        f"status: {status}",
        f"summary: {q(f'Summary of claim {index}: the sources were read side by side.')}",
        "citations:",
    ]
    for number, (source, quote) in enumerate(quotes):
        lines += [
            f"  - source: {source}",
            f"    quote: {q(quote, ensure_ascii=False)}",
            f"    stance: {STANCES[(index + number) % len(STANCES)]}",
        ]
        if number == 0 and index % 4 == 0:
            lines.append(f"    note: {q('A note on how this passage was read.')}")
    lines += [
        "analysis: |",
        f"  The first paragraph of the analysis of claim {index} weighs the sources,",
        "  quotes them and explains the verdict in a few plain sentences.",
        "",
        "  A second paragraph gives context from an [outside reference](https://example.org/ref)",
        f"  and notes that figure {rng.randint(1, 10_000):,} is not confirmed elsewhere.",
        "",
        "  - a list item",
        "  - another list item",
        f"tags: [{', '.join(tags)}]",
        f"published: {published.isoformat()}",
        f"updated: {updated.isoformat()}",
        f"authors: [{person_id(index % PEOPLE)}]",
        f"editor: {person_id((index + 1) % PEOPLE)}",
    ]
    if index % 10 == 9:
        lines.append(f"related: [{claim_id(index - 1)}]")
    if index % 5 == 0:
        lines += [
            "corrections:",
            f"  - date: {updated.isoformat()}",
            f"    note: {q('Reworded the summary.')}",
        ]
    return "\n".join(lines) + "\n"


def generate(root: Path, claims: int, seed: int = 0) -> Synthetic:
    """Write a content folder of `claims` claims into `root` (created; must not hold content)."""
    if claims < 1:
        raise ValueError("at least one claim")
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    (root / "claims").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    n_sources = source_count(claims)
    texts: list[list[list[str]]] = []
    source_bytes = 0
    for index in range(n_sources):
        paragraphs = [_paragraph(rng, vocabulary) for _ in range(PARAGRAPHS)]
        texts.append(paragraphs)
        data = _source_text(index, paragraphs).encode("utf-8")
        source_bytes += len(data)
        (root / "sources" / f"{source_id(index)}.md").write_bytes(data)
    _newsroom(root)
    for index in range(claims):
        cited = [(index * CITATIONS + k) % n_sources for k in range(CITATIONS)]
        quotes = [(source_id(s), _quote(rng, texts[s])) for s in cited]
        text = _claim_text(index, rng, quotes)
        (root / "claims" / f"{claim_id(index)}.yaml").write_text(text, encoding="utf-8")
    return Synthetic(root, claims, n_sources, claims * CITATIONS, source_bytes)


def _newsroom(root: Path) -> None:
    """The desk: `PEOPLE` people, `CLAIMANTS` claimants and a complete about.yaml."""
    q = json.dumps
    for folder in ("people", "claimants"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for index in range(PEOPLE):
        (root / "people" / f"{person_id(index)}.yaml").write_text(
            f"name: {q(f'Synthetic Person {index}')}\nrole: Fact-checker\n"
            f"bio: {q(f'Synthetic person number {index} of the benchmark desk.')}\n",
            encoding="utf-8",
        )
    for index in range(CLAIMANTS):
        kind = "person" if index % 2 else "organization"
        (root / "claimants" / f"{claimant_id(index)}.yaml").write_text(
            f"name: {q(f'Synthetic Claimant {index}')}\ntype: {kind}\n"
            f"description: {q(f'Synthetic claimant number {index}.')}\n",
            encoding="utf-8",
        )
    (root / "about.yaml").write_text(ABOUT, encoding="utf-8")


ABOUT = """\
who_we_are: A synthetic desk, for benchmarks.
legal_form: Synthetic.
owners:
  - name: Synthetic Owners
funding:
  - year: 2026
    funders:
      - name: Synthetic Fund
        share: 100
nonpartisanship: The synthetic desk takes no side.
how_we_choose: Every claim the benchmark needs.
how_to_suggest: Run the benchmark.
"""


def edit_claim(root: Path, index: int, marker: str) -> Path:
    """Change one claim's summary to mention `marker` (a visible, valid edit); return its path."""
    path = root / "claims" / f"{claim_id(index)}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [
        f"summary: {json.dumps(f'Edited: {marker}.')}" if line.startswith("summary:") else line
        for line in lines
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


SHIPPED = Path(__file__).resolve().parent.parent / "content"
"""The shipped content: five real articles and the claims checked against them."""


def copy_shipped(root: Path, claims: int) -> int:
    """Write `claims` claims into `root`: the shipped claims copied in turn, each copy with
    a new id (`<id>-<n>`, its file name) and all its citations, over the shipped sources,
    people, claimants and about.yaml. Real text for validation to read, as a desk's would
    be, and valid: each copy's related claims name copies. Returns the citations written."""
    (root / "claims").mkdir(parents=True, exist_ok=True)
    for folder in ("sources", "people", "claimants"):
        shutil.copytree(SHIPPED / folder, root / folder, dirs_exist_ok=True)
    shutil.copyfile(SHIPPED / "about.yaml", root / "about.yaml")
    originals = sorted((SHIPPED / "claims").glob("*.yaml"))
    loaded = {path: yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) for path in originals}
    position = {path.stem: index for index, path in enumerate(originals)}
    citations = 0
    for index in range(claims):
        original = originals[index % len(originals)]
        data = loaded[original]
        citations += len(data.get("citations") or [])
        text = original.read_text(encoding="utf-8")
        if data.get("related"):
            first_of_round = index - index % len(originals)
            copies = [
                _copy_id(other, first_of_round + position[other], len(originals), claims)
                for other in data["related"]
            ]
            text = _related_written(text, copies)
        (root / "claims" / f"{original.stem}-{index:05d}.yaml").write_text(text, "utf-8")
    return citations


def _copy_id(original: str, index: int, round_length: int, claims: int) -> str:
    """The id of the copy of `original` at `index`, or in the first round when `index` is
    past the last claim written."""
    return f"{original}-{index if index < claims else index % round_length:05d}"


def _related_written(text: str, ids: list[str]) -> str:
    """`text` with its one-line `related: [...]` naming `ids` instead."""
    written, count = re.subn(
        r"^related: \[[^\]\n]*\]$", f"related: [{', '.join(ids)}]", text, flags=re.MULTILINE
    )
    assert count == 1, "a shipped claim lists its related claims on one line: related: [a, b]"
    return written


def big_source(size: int = 1_000_000, quotes: int = 1_000, seed: int = 0) -> tuple[str, list[str]]:
    """A source body of about `size` characters and `quotes` verbatim passages of it."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    paragraphs: list[list[str]] = []
    length = 0
    while length < size:
        words = _paragraph(rng, vocabulary)
        paragraphs.append(words)
        length += sum(len(w) + 1 for w in words) + 1
    body = "\n\n".join(" ".join(words) for words in paragraphs)
    return body, [_quote(rng, paragraphs) for _ in range(quotes)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims", type=int)
    parser.add_argument("root", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    made = generate(args.root, args.claims, args.seed)
    print(
        f"{made.claims} claims, {made.sources} sources, {made.citations} citations in {made.root}"
    )


if __name__ == "__main__":
    main()
