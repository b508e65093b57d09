"""A status is one of the scale's keys exactly as written: no case folding, no trimming.

A mutation spot-check (issue 18) lower-cased the status before checking it, so
`status: "Mostly False"` and `status: "FALSE"` were accepted, and no test noticed.
The keys and the messages below are written out by hand (not read from the scale).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from contentkit import claim_with, write_content

from generator.cli import cli
from generator.corpus.pipeline import validate_content

KEYS = "use one of: true, mostly-true, mixed, mostly-false, false, misleading, unproven"

# The status line as written in the claim file -> the one error validation gives.
REFUSED = [
    ('status: "Mostly False"', "unknown status 'Mostly False'; did you mean 'mostly-false'?"),
    ('status: "FALSE"', "unknown status 'FALSE'; did you mean 'false'?"),
    ('status: "False"', "unknown status 'False'; did you mean 'false'?"),
    ("status: 'TRUE'", "unknown status 'TRUE'; did you mean 'true'?"),
    ('status: "True"', "unknown status 'True'; did you mean 'true'?"),
    ("status: Mostly-True", "unknown status 'Mostly-True'; did you mean 'mostly-true'?"),
    ("status: MOSTLY-FALSE", "unknown status 'MOSTLY-FALSE'; did you mean 'mostly-false'?"),
    ("status: mostly-False", "unknown status 'mostly-False'; did you mean 'mostly-false'?"),
    ("status: Mixed", "unknown status 'Mixed'; did you mean 'mixed'?"),
    ("status: MIXED", "unknown status 'MIXED'; did you mean 'mixed'?"),
    ("status: Misleading", "unknown status 'Misleading'; did you mean 'misleading'?"),
    ("status: UNPROVEN", "unknown status 'UNPROVEN'; did you mean 'unproven'?"),
    ("status: mostly false", "unknown status 'mostly false'; did you mean 'mostly-false'?"),
    ('status: " false"', "unknown status ' false'; did you mean 'false'?"),
    ('status: "false "', "unknown status 'false '; did you mean 'false'?"),
]

ACCEPTED = [
    ("status: true", "true"),
    ("status: mostly-true", "mostly-true"),
    ("status: mixed", "mixed"),
    ("status: mostly-false", "mostly-false"),
    ("status: 'false'", "false"),
    ("status: false", "false"),  # YAML's boolean false: what the writer meant
    ("status: misleading", "misleading"),
    ("status: unproven", "unproven"),
]


@pytest.mark.parametrize(("line", "error"), REFUSED)
def test_a_status_in_another_case_or_spelling_is_refused(
    tmp_path: Path, line: str, error: str
) -> None:
    report = validate_content(write_content(tmp_path, {"c.yaml": claim_with(status=line)}))
    assert report.corpus is None
    assert [p.format().split("c.yaml:", 1)[1] for p in report.problems] == [
        f"5:9: error: {error} ({KEYS})"
    ]


@pytest.mark.parametrize(("line", "status"), ACCEPTED)
def test_each_key_of_the_scale_is_accepted_as_written(
    tmp_path: Path, line: str, status: str
) -> None:
    report = validate_content(write_content(tmp_path, {"c.yaml": claim_with(status=line)}))
    assert report.problems == ()
    assert report.corpus is not None
    assert report.corpus.claims[0].claim.status.value == status


def test_the_command_line_refuses_mostly_false_and_false_in_capitals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_content(
        tmp_path,
        {
            "a.yaml": claim_with(status='status: "Mostly False"'),
            "b.yaml": claim_with(status="status: 'FALSE'"),
        },
    )
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.output == (
        "content/claims/a.yaml:5:9: error: unknown status 'Mostly False'; did you mean "
        f"'mostly-false'? ({KEYS})\n"
        f"content/claims/b.yaml:5:9: error: unknown status 'FALSE'; did you mean 'false'? ({KEYS})\n"
        "2 claims, 1 source, 2 citations: 2 errors, 0 warnings\n"
    )
