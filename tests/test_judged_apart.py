"""`factcheck validate` judges the claims in forked processes (`corpus.judged_apart`), and
reports exactly what one plain validation (`pipeline.validate_content`) reports: every
problem at its line, the counts, for any number of processes. What compares claims with
each other (related claims, claimants written out, lone tags, translations, the closest
passage of a quote not found with its one budget) is judged after the processes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from contentkit import CLAIM, claim_with, write_content

from generator.cli import cli
from generator.corpus import anchor, forking, judged_apart, validate
from generator.corpus.judged_apart import validate_apart
from generator.corpus.pipeline import validate_content
from generator.corpus.read import EditionClaims, list_content
from generator.corpus.validate import Editions, Report

CASES = Path(__file__).resolve().parent / "hostile" / "cases"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # messages name folders relative to here: content/...


def shares_of_one(paths: tuple[Path, ...], jobs: int) -> list[list[Path]]:
    """A share for each file (the real shares are larger)."""
    return [[path] for path in paths]


def outcome(report: Report) -> tuple[object, ...]:
    return report.problems, report.claims, report.sources, report.citations


def reports_alike(
    content: Path, monkeypatch: pytest.MonkeyPatch, editions: Editions | None = None
) -> Report:
    """`validate_apart` in this process, and in two forked ones (forking for a few claims
    too), gives `validate_content`'s problems and counts; returns the plain report."""
    whole = validate_content(content, editions=editions)
    alone = validate_apart(content, editions=editions, jobs=1)
    assert outcome(alone) == outcome(whole)
    forks: list[int] = []
    real_forked_map = forking.forked_map

    def counting_forked_map(function: Any, batches: Any, jobs: int) -> Any:
        forks.append(len(batches))
        return real_forked_map(function, batches, jobs)

    with monkeypatch.context() as patched:
        patched.setattr(judged_apart, "CLAIMS_APART", 1)
        patched.setattr(judged_apart, "_shares", shares_of_one)
        patched.setattr(judged_apart, "forked_map", counting_forked_map)
        apart = validate_apart(content, editions=editions, jobs=2)
    assert outcome(apart) == outcome(whole)
    assert apart.corpus is None
    listed = [path for kind, path in list_content(content).paths if kind == "claim"]
    one_id_twice = len({path.stem for path in listed}) < len(listed)
    assert forks == ([len(listed)] if listed and not one_id_twice else [])
    return whole


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_each_hostile_case_gets_the_same_report_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CASES / case, content, symlinks=True)
    reports_alike(content, monkeypatch)


def test_the_shipped_content_gets_the_same_report_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    report = reports_alike(content, monkeypatch)
    assert report.claims >= 18 and report.errors == ()


def related(ids: str) -> str:
    return CLAIM + f"related: {ids}\n"


def named(claimant: str) -> str:
    return CLAIM.replace("claimant: test-outlet", f"claimant: {claimant}")


NEWSROOM_MISTAKES = {
    "a.yaml": related("[a, b, nope, d, d]"),
    "b.yaml": CLAIM,
    "d.yaml": CLAIM + "draft: true\n",
    "e.yaml": named("Some  Outlet"),
    "f.yaml": named("some outlet"),
    "g.yaml": named("test OUTLET"),
    "h.yaml": named("../claimants/test-outlet"),
    "i.yaml": CLAIM + "authors: [test-author, test-author]\neditor: test-author\n",
    "j.yaml": CLAIM + "authors: [test-autor]\n",
    "k.yaml": claim_with(tags="tags: [deploymnt]"),
    "m.yaml": related("[b]").replace("mostly-true", "maybe"),
    "n.yaml": CLAIM + "translations: {fr: servi, es: sirvio-120-dia, en: x}\n",
    "twice.yaml": CLAIM,
    "twice.yml": CLAIM,
    "Bad_Name.yaml": CLAIM,
    "index.yaml": CLAIM,
    "broken.yaml": "question: [unclosed\n",
}
"""A claim of each mistake that only the other claims, or the newsroom's files, show."""


def test_what_compares_claims_is_judged_over_them_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_content(tmp_path, NEWSROOM_MISTAKES)
    spanish = tmp_path / "es" / "claims"
    spanish.mkdir(parents=True)
    (spanish / "sirvio-120-dias.yaml").write_text("question: x\n", encoding="utf-8")
    editions = Editions(
        "en",
        {
            "es": EditionClaims(spanish, frozenset({"sirvio-120-dias"})),
            "de": EditionClaims(Path("de"), None),
        },
    )
    report = reports_alike(content, monkeypatch, editions)
    messages = "\n".join(p.format() for p in report.problems)
    for expected in (
        "a.yaml:16:11: error: a claim is not related to itself",
        "a.yaml:16:17: error: no claim with id 'nope'",
        "related claim 'd' is a draft",
        "e.yaml:4:11: warning: this claimant is written out in 2 claims (also f.yaml)",
        "g.yaml:4:11: warning: this is the name of the claimant in test-outlet.yaml",
        "h.yaml:4:11: error: claimant '../claimants/test-outlet' looks like a path",
        "'test-author' is listed twice in authors",
        "the editor 'test-author' is also one of the authors",
        "no person with id 'test-autor'",
        "tag 'deploymnt' is used by no other claim; did you mean 'deployment'?",
        "m.yaml:5:9: error:",
        "no edition in mkdocs.yml's `extra.alternate` has `lang: fr`",
        "did you mean 'sirvio-120-dias'?",
        "'en' is this site's own language",
        "duplicate claim id 'twice'",
        "'Bad_Name.yaml' is not a valid id",
        "the id 'index' is taken by the site's own page",
        "broken.yaml:",
    ):
        assert expected in messages


def missing_quote(number: int) -> str:
    return claim_with(
        citations=(
            "citations:\n  - source: article\n"
            f"    quote: returned in Decenber after {number} dayz\n    stance: supports"
        )
    )


def test_closest_passages_are_sought_in_file_order_with_one_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a budget for only some of the searches, the same quotes get a closest passage
    whatever process judged them: the first ones, in the files' order. A claim that fails
    the schema has its quotes looked for too."""
    claims = {f"claim-{i:02d}.yaml": missing_quote(i) for i in range(12)}
    claims["claim-05.yaml"] = claims["claim-05.yaml"].replace("mostly-true", "maybe")
    content = write_content(tmp_path, claims)
    full = [p for p in validate_content(content).problems if "quote not found" in p.message]
    assert len(full) == 12 and all("closest passage" in p.message for p in full)
    pairs = 5 * 8_000  # each search compares the short source with the quote: about 8,000 pairs
    monkeypatch.setattr(validate, "ComparisonBudget", lambda: anchor.ComparisonBudget(pairs))
    limited = [p for p in validate_content(content).problems if "quote not found" in p.message]
    hinted = ["closest passage" in p.message for p in limited]
    assert 0 < hinted.count(True) < len(hinted) and hinted == sorted(hinted, reverse=True)
    reports_alike(content, monkeypatch)


def test_shares_are_runs_of_files_in_their_order() -> None:
    paths = tuple(Path(f"claims/c{i:02d}.yaml") for i in range(40))
    shares = judged_apart._shares(paths, jobs=2)
    assert [len(share) for share in shares] == [2] * 20
    assert [path for share in shares for path in share] == list(paths)


def test_two_files_of_one_id_apart_in_the_listing_are_judged_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a.yaml.yml` sorts between `a.yaml` and `a.yml`, which one process must judge: the
    first that could be read keeps the id."""
    claims = {"a.yaml": CLAIM, "a.yaml.yml": CLAIM, "a.yml": CLAIM, "b.yaml": CLAIM}
    problems = reports_alike(write_content(tmp_path, claims), monkeypatch).problems
    assert [p.path.name for p in problems if "duplicate claim id 'a'" in p.message] == ["a.yml"]


def test_few_claims_are_judged_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork(*args: object) -> None:
        raise AssertionError("forked for a few claims")

    monkeypatch.setattr(judged_apart, "forked_map", no_fork)
    content = write_content(tmp_path)
    assert validate_apart(content, jobs=2).problems == ()


PARENT = os.getpid()


def judge_elsewhere(paths: list[Path]) -> Any:
    """`_judge_share`, refusing to run in the process the tests run in (module-level, so
    that the pool can name it to its processes)."""
    assert os.getpid() != PARENT, "judged in the parent process"
    return JUDGE_SHARE(paths)


JUDGE_SHARE = judged_apart._judge_share


def test_the_claims_are_judged_in_other_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(judged_apart, "CLAIMS_APART", 1)
    monkeypatch.setattr(judged_apart, "_judge_share", judge_elsewhere)
    content = write_content(tmp_path, {f"c{i}.yaml": CLAIM for i in range(4)})
    assert validate_apart(content, jobs=2).claims == 4
    with pytest.raises(AssertionError, match="judged in the parent"):
        validate_apart(content, jobs=1)


def test_the_command_reports_the_same_for_any_number_of_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_content(tmp_path, NEWSROOM_MISTAKES)
    monkeypatch.setattr(judged_apart, "CLAIMS_APART", 1)
    runs = [
        CliRunner().invoke(cli, ["validate", "--content", str(content), "--jobs", jobs])
        for jobs in ("1", "2", "3")
    ]
    assert [run.exit_code for run in runs] == [1, 1, 1]
    assert runs[0].output == runs[1].output == runs[2].output
    assert "17 claims, 1 source" in runs[0].output
    refused = CliRunner().invoke(cli, ["validate", "--content", str(content), "--jobs", "0"])
    assert refused.exit_code == 2 and "0 is not in the range x>=1" in refused.output
