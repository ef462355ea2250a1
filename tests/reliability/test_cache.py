"""Issue 11, item 7: the gazetteer cache and ``--db`` files.

Every test works on a copy of the session's gazetteer in tmp_path (never the
user's cache); a rebuild is replaced by copying that good database (a real
build takes about 40 s), through ``geomap.gazetteer.build_gazetteer``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import Run, assert_clean_error
from typer.testing import CliRunner, Result

import geomap.gazetteer as gazetteer_module
from geomap.cli import app
from geomap.errors import GazetteerDamaged
from geomap.gazetteer import DatabaseState, check_database, ensure_built, open_gazetteer
from geomap.gazetteer.store import SqliteGazetteer, read_only_uri

PAGE = 4096
NAMES_ROOT_PAGE = 6  # the names table's root page (see build._SCHEMA: meta, places, names...)


def _copy(good: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "gazetteer.sqlite"
    shutil.copyfile(good, target)
    return target


def _damage_page(path: Path, page: int) -> None:
    """Overwrite one 4 KB page (1-based) with random bytes."""
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * PAGE)
        handle.write(os.urandom(PAGE))


def _names_root_page(path: Path) -> int:
    with sqlite3.connect(read_only_uri(path), uri=True) as db:
        (page,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'names'").fetchone()
    return int(page)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch, real_gazetteer_path: Path) -> list[Path]:
    """Rebuilds made during the test (each one a copy of the good database)."""
    made: list[Path] = []

    def fake_build(path: Path, **_: object) -> None:
        made.append(Path(path))
        time.sleep(0.2)  # long enough for a concurrent run to wait on the lock
        tmp = Path(path).with_name(".fake-build.tmp")
        shutil.copyfile(real_gazetteer_path, tmp)
        os.replace(tmp, path)

    monkeypatch.setattr(gazetteer_module, "build_gazetteer", fake_build)
    return made


@pytest.fixture
def cache_run(tmp_path: Path) -> Callable[..., Result]:
    """Run the CLI with ``GEOMAP_CACHE_DIR`` at ``folder`` (no ``--db``)."""
    runner = CliRunner()

    def invoke(folder: Path, *args: str | Path) -> Result:
        env = {
            "GEOMAP_USER_PLACES": str(tmp_path / "none.csv"),
            "GEOMAP_CACHE_DIR": str(folder),
            "COLUMNS": "200",
        }
        return runner.invoke(app, [str(a) for a in args], env=env)

    return invoke


# --- (a) special characters in the cache path ------------------------------------------------


@pytest.mark.parametrize("name", ["a #1", "why?", "100% sure", "café é"])
def test_cache_folder_with_special_characters_is_used_as_it_is(
    name: str,
    tmp_path: Path,
    real_gazetteer_path: Path,
    cache_run: Callable[..., Result],
    article: Path,
    builds: list[Path],
) -> None:
    db = _copy(real_gazetteer_path, tmp_path / name)
    before = os.stat(db)
    result = cache_run(db.parent, "check", article)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "1 consistent" in result.stdout
    assert builds == []
    assert os.stat(db).st_mtime_ns == before.st_mtime_ns
    assert check_database(db).state is DatabaseState.CURRENT


# --- (b) damage ------------------------------------------------------------------------------


def test_damage_inside_is_found_by_the_query_that_meets_it(
    tmp_path: Path, real_gazetteer_path: Path
) -> None:
    db = _copy(real_gazetteer_path, tmp_path / "cache")
    _damage_page(db, _names_root_page(db))
    assert check_database(db).state is DatabaseState.CURRENT  # the quick open does not read it
    thorough = check_database(db, thorough=True)
    assert thorough.state is DatabaseState.DAMAGED
    assert thorough.detail.startswith("quick_check: ")
    gaz = SqliteGazetteer(db)
    with pytest.raises(GazetteerDamaged, match="quick_check") as caught:
        gaz.lookup(["algiers"])
    assert caught.value.path == str(db)
    assert isinstance(caught.value, RuntimeError)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("spoil", "detail"),
    [
        (lambda p: os.truncate(p, p.stat().st_size // 2), "truncated"),
        (lambda p: p.write_bytes(b"Tigantourine lies 1,130 km from Algiers.\n"), "not an SQLite"),
        (lambda p: _damage_page(p, 1), "not an SQLite"),
    ],
    ids=["truncated", "text", "header"],
)
def test_damage_seen_on_opening(
    spoil: Callable[[Path], object], detail: str, tmp_path: Path, real_gazetteer_path: Path
) -> None:
    db = _copy(real_gazetteer_path, tmp_path / "cache")
    spoil(db)
    health = check_database(db)
    assert health.state is DatabaseState.DAMAGED
    assert detail in health.detail


def test_damaged_cache_is_rebuilt_with_a_note(
    tmp_path: Path,
    real_gazetteer_path: Path,
    cache_run: Callable[..., Result],
    article: Path,
    builds: list[Path],
) -> None:
    db = _copy(real_gazetteer_path, tmp_path / "cache")
    _damage_page(db, _names_root_page(db))
    result = cache_run(db.parent, "check", article)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "1 consistent" in result.stdout
    assert builds == [db]
    (note,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert note.startswith(f"geomap: note: the gazetteer cache {db} is damaged (quick_check:")
    assert note.endswith("rebuilding it")
    assert check_database(db, thorough=True).state is DatabaseState.CURRENT


def test_truncated_cache_is_rebuilt_before_the_run(
    tmp_path: Path,
    real_gazetteer_path: Path,
    cache_run: Callable[..., Result],
    article: Path,
    builds: list[Path],
) -> None:
    db = _copy(real_gazetteer_path, tmp_path / "cache")
    os.truncate(db, db.stat().st_size - PAGE)
    result = cache_run(db.parent, "places", article)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert builds == [db]
    assert "truncated" in result.stderr


@pytest.mark.parametrize("command", ["check", "places", "locate"])
def test_damaged_db_given_is_an_error_naming_it_and_left_alone(
    command: str, tmp_path: Path, real_gazetteer_path: Path, article: Path, builds: list[Path]
) -> None:
    db = _copy(real_gazetteer_path, tmp_path / "mine")
    _damage_page(db, _names_root_page(db))
    digest = _digest(db)
    result = CliRunner().invoke(
        app,
        [command, str(article), "--db", str(db)],
        env={"GEOMAP_USER_PLACES": str(tmp_path / "none.csv")},
    )
    assert_clean_error(result, contains=(str(db), "damaged", "quick_check"), quiet_stdout=True)
    assert builds == []
    assert _digest(db) == digest


def test_an_article_given_as_db_is_never_overwritten(
    run: Run, article: Path, tmp_path: Path, builds: list[Path]
) -> None:
    text = article.read_bytes()
    result = CliRunner().invoke(
        app,
        ["check", str(article), "--db", str(article)],
        env={"GEOMAP_USER_PLACES": str(tmp_path / "none.csv")},
    )
    assert_clean_error(result, contains=(str(article), "not an SQLite database"))
    assert article.read_bytes() == text
    assert builds == []


def test_info_tells_the_truth_about_damage(
    tmp_path: Path, real_gazetteer_path: Path, cache_run: Callable[..., Result]
) -> None:
    db = _copy(real_gazetteer_path, tmp_path / "cache")
    good = cache_run(db.parent, "gazetteer", "info")
    assert "up to date: yes (quick_check: ok)" in good.stdout
    _damage_page(db, _names_root_page(db))
    result = cache_run(db.parent, "gazetteer", "info")
    assert result.exit_code == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "up to date" in x)
    assert line.startswith("  up to date: no, the database is damaged (quick_check: ")
    assert line.endswith("rebuilt on next use")
    given = CliRunner().invoke(app, ["gazetteer", "info", "--db", str(db)])
    assert f"rebuild it with 'geomap gazetteer build --db {db}'" in given.stdout


def test_stale_and_missing_states(tmp_path: Path, real_gazetteer_path: Path) -> None:
    db = _copy(real_gazetteer_path, tmp_path / "cache")
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE meta SET value = 'other' WHERE key = 'fingerprint'")
    connection.close()
    assert check_database(db).state is DatabaseState.STALE
    assert check_database(tmp_path / "nothing.sqlite").state is DatabaseState.MISSING
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert check_database(empty).state is DatabaseState.MISSING


def test_library_rebuilds_only_its_own_cache(
    tmp_path: Path,
    real_gazetteer_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    builds: list[Path],
) -> None:
    db = _copy(real_gazetteer_path, tmp_path / "cache")
    os.truncate(db, PAGE * 3)
    with pytest.raises(GazetteerDamaged, match="truncated"):
        open_gazetteer(db)
    assert builds == []
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(db.parent))
    monkeypatch.setenv("GEOMAP_USER_PLACES", str(tmp_path / "none.csv"))
    assert open_gazetteer().lookup(["algiers"])
    assert builds == [db]


def test_concurrent_runs_build_once(tmp_path: Path, builds: list[Path]) -> None:
    db = tmp_path / "cache" / "gazetteer.sqlite"
    db.parent.mkdir()
    errors: list[BaseException] = []

    def build() -> None:
        try:
            ensure_built(db)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert builds == [db]
    assert check_database(db).state is DatabaseState.CURRENT


# --- (c) --db paths that cannot be a gazetteer -----------------------------------------------


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda t: t, ("is a folder",)),
        (lambda t: t / "missing" / "g.sqlite", ("does not exist",)),
        (lambda t: (t / "file.txt").parent / "file.txt" / "g.sqlite", ("is not a folder",)),
    ],
    ids=["folder", "missing-parent", "parent-is-a-file"],
)
@pytest.mark.parametrize("command", ["check", "gazetteer info", "gazetteer build"])
def test_db_that_cannot_be_a_gazetteer_file(
    make: Callable[[Path], Path],
    words: tuple[str, ...],
    command: str,
    tmp_path: Path,
    article: Path,
    builds: list[Path],
) -> None:
    (tmp_path / "file.txt").write_text("x\n", encoding="utf-8")
    db = make(tmp_path)
    args = [*command.split(), *([str(article)] if command == "check" else []), "--db", str(db)]
    result = CliRunner().invoke(app, args, env={"GEOMAP_USER_PLACES": str(tmp_path / "n.csv")})
    assert_clean_error(result, contains=("--db", str(db), *words), quiet_stdout=False)
    assert builds == []


def test_db_in_an_unwritable_place_is_one_clean_line(article: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["check", str(article), "--db", "/proc/geomap-gazetteer.sqlite"],
        env={"GEOMAP_USER_PLACES": str(tmp_path / "n.csv")},
    )
    assert_clean_error(result, contains=("/proc",), quiet_stdout=False)


def test_a_fifo_is_never_opened(tmp_path: Path, article: Path) -> None:
    fifo = tmp_path / "gazetteer.sqlite"
    os.mkfifo(fifo)
    assert check_database(fifo).detail == "not a regular file"  # returns: nothing blocks
    result = CliRunner().invoke(
        app,
        ["check", str(article), "--db", str(fifo)],
        env={"GEOMAP_USER_PLACES": str(tmp_path / "n.csv")},
    )
    assert_clean_error(result, contains=("--db", "not a regular file"))
