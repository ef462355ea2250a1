"""Fixtures for the reliability battery (issue 11): a CLI runner that never
touches the user's place file or cache, articles to run on, and special files.

- ``run(*args, input=None)``: the shared ``run`` of tests/conftest.py, with
  ``--db`` appended for the commands that take it.
- ``article``: a one-claim article whose claim is consistent (exit 0).
- ``clean_error``: the check that a result is one error line and exit 2.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from builders import Run, assert_clean_error
from typer.testing import Result

CONSISTENT = "Tigantourine lies about 1,130 km south-east of Algiers.\n"

_TAKE_DB = {"places", "check", "locate", "map"}


@pytest.fixture
def run(run: Run) -> Run:
    """The shared ``run``, with ``--db`` appended for the commands that take it."""

    def invoke(*args: str | Path, input: str | None = None) -> Result:
        return run(*args, db=bool(args) and str(args[0]) in _TAKE_DB, input=input)

    return invoke


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(CONSISTENT, encoding="utf-8")
    return path


@pytest.fixture
def clean_error() -> Callable[..., str]:
    """``clean_error(result, contains=(...))``: exit 2 with one 'geomap: error:
    ...' line on stderr and no traceback (stdout not checked)."""
    return partial(assert_clean_error, quiet_stdout=False)
