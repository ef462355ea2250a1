"""Fixtures for the reliability battery (issue 11): a CLI runner that never
touches the user's place file or cache, articles to run on, and special files.

- ``run(*args, input=None)``: the app through typer's CliRunner, with
  ``GEOMAP_USER_PLACES`` under tmp_path and ``GEOMAP_CACHE_DIR`` at the
  session's gazetteer; ``--db`` is appended for the commands that take it.
- ``article``: a one-claim article whose claim is consistent (exit 0).
- ``clean_error``: the check that a result is one error line and exit 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from geomap.cli import app

CONSISTENT = "Tigantourine lies about 1,130 km south-east of Algiers.\n"

#: ``run(*args, input=None)``: the ``run`` fixture's type.
Run = Callable[..., Result]
_TAKE_DB = {"places", "check", "locate", "map"}


@pytest.fixture
def env(tmp_path: Path, real_gazetteer_path: Path) -> dict[str, str]:
    return {
        "GEOMAP_USER_PLACES": str(tmp_path / "user-places.csv"),
        "GEOMAP_CACHE_DIR": str(real_gazetteer_path.parent),
        "COLUMNS": "200",
    }


@pytest.fixture
def run(env: dict[str, str], real_gazetteer_path: Path) -> Run:
    runner = CliRunner()

    def invoke(*args: str | Path, input: str | None = None) -> Result:
        argv = [str(a) for a in args]
        if argv and argv[0] in _TAKE_DB:
            argv += ["--db", str(real_gazetteer_path)]
        return runner.invoke(app, argv, input=input, env=env)

    return invoke


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(CONSISTENT, encoding="utf-8")
    return path


def _clean_error(result: Result, *, contains: tuple[str, ...] = ()) -> str:
    """Exit 2 with one 'geomap: error: ...' line on stderr and no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("geomap: error: ")
    for word in contains:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def clean_error() -> Callable[..., str]:
    """``clean_error(result, contains=(...))``: see :func:`_clean_error`."""
    return _clean_error
