"""The media benchmark (`python -m benchmarks.media`) runs, small, and says what it measured."""

from __future__ import annotations

import pytest

from benchmarks.media import CASES, run, table

pytestmark = pytest.mark.slow


def test_the_media_benchmark_runs_every_case_in_a_process_of_its_own():
    rows = run(hours=0.05, megapixels=0.5)
    assert len(rows) == len(CASES)
    outcomes = [row["outcome"] for row in rows]
    assert outcomes[:4] == ["done", "done", "valid", "accepted"]
    assert outcomes[4].startswith("refused: file.png: the image would unpack")
    assert outcomes[5] == "accepted"
    assert all(row["rss_mb"] >= row["before_mb"] > 0 for row in rows)
    assert table(rows).startswith("| case | time | max RSS (before the call) | outcome |")
