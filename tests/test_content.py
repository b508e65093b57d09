"""The first edition's shipped content."""

import re
import shutil
from pathlib import Path

import pytest

from generator.corpus.pipeline import validate_content
from generator.corpus.scale import Stance
from generator.corpus.yamlload import load_yaml

ROOT = Path(__file__).parents[1]
CONTENT = ROOT / "content"
SEEDS = ROOT.parent / "shared" / "seeds"


def test_shipped_content_is_clean_without_warnings():
    report = validate_content(CONTENT)
    assert [p.format() for p in report.problems] == []
    assert report.corpus is not None
    assert len(report.corpus.claims) >= 12
    assert len(report.corpus.sources) == 5


def test_every_claim_has_a_refuting_or_supporting_source_and_an_analysis():
    corpus = validate_content(CONTENT).corpus
    assert corpus is not None
    for doc in corpus.claims:
        stances = {c.stance for c in doc.claim.citations}
        assert stances & {Stance.SUPPORTS, Stance.REFUTES}, doc.id
        assert len(doc.claim.analysis.split()) >= 40, f"{doc.id}: analysis too thin"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the checkout")
def test_source_bodies_keep_the_seed_words_verbatim():
    bodies = [
        p.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        for p in sorted((CONTENT / "sources").glob("*.md"))
    ]
    for seed in sorted(SEEDS.glob("*.txt")):
        words = seed.read_text(encoding="utf-8").split()
        assert any(body.split() == words for body in bodies), (
            f"{seed.name}: no source keeps its words verbatim"
        )


def _quote_lines(path: Path) -> list[tuple[int, str]]:
    """(line, quote) of every citation and reported quote in a claim file."""
    located, _ = load_yaml(path.read_text(encoding="utf-8"))
    found = []
    for field in ("citations", "reported"):
        for index, item in enumerate(located.data.get(field, [])):
            found.append((located.position((field, index, "quote")).line, item["quote"]))
    return found


def _change_one_word(text: str, line: int, quote: str) -> str:
    lines = text.split("\n")
    words = sorted(
        (w for w in re.findall(r"[A-Za-z]{4,}", quote) if w in lines[line - 1]),
        key=len,
        reverse=True,
    )
    assert words, f"no word of {quote!r} on line {line}"
    lines[line - 1] = lines[line - 1].replace(words[0], words[0][::-1] + "q", 1)
    return "\n".join(lines)


def test_changing_one_word_of_any_quote_fails_naming_file_and_line(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    checked = 0
    for path in sorted((copy / "claims").glob("*.yaml")):
        original = path.read_text(encoding="utf-8")
        for line, quote in _quote_lines(path):
            path.write_text(_change_one_word(original, line, quote), encoding="utf-8")
            errors = validate_content(copy).errors
            assert [(p.path.name, p.line) for p in errors] == [(path.name, line)], quote
            assert "quote not found" in errors[0].message
            checked += 1
        path.write_text(original, encoding="utf-8")
    assert checked >= 24
