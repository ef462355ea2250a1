"""Issue 11, "Destroys data": the one safe output writer (geomap.files) and
every command that writes through it.

Device files are made with ``mknod`` in tmp_path (with the numbers of
/dev/null) and skipped with the reason where that is not permitted. The
read-only cases check the mode bits, so they hold when the tests run as root.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from geomap.errors import OutputError, RenderError
from geomap.files import (
    STALE_SECONDS,
    check_outputs,
    remove_stale_temporaries,
    replacing,
    write_text_atomically,
)
from geomap.gazetteer.curated import read_place_file
from geomap.render.png import render_png

REPO = Path(__file__).resolve().parents[2]
GEOMAP = (sys.executable, "-m", "geomap")

# --- special files ------------------------------------------------------------------------


def make_device(path: Path) -> Path:
    """A character device 1,3 (what /dev/null is) at ``path``, or skip."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError as error:
        pytest.skip(f"mknod of a device is not permitted here ({error.strerror})")
    return path


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_socket(path: Path) -> Path:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))
    return path


def make_folder(path: Path) -> Path:
    path.mkdir()
    return path


#: name -> (maker, the stat test that the file is still what it was)
SPECIAL: dict[str, tuple[Callable[[Path], Path], Callable[[int], bool]]] = {
    "device": (make_device, stat.S_ISCHR),
    "folder": (make_folder, stat.S_ISDIR),
    "fifo": (make_fifo, stat.S_ISFIFO),
    "socket": (make_socket, stat.S_ISSOCK),
}


@pytest.fixture(params=sorted(SPECIAL))
def special(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A special file of each kind (named like an output) and its kind."""
    maker, _ = SPECIAL[request.param]
    # a short folder: a socket path must fit in 108 bytes
    path = maker(tmp_path / "out.html")
    yield path, request.param


def still_special(path: Path, kind: str) -> bool:
    return SPECIAL[kind][1](os.lstat(path).st_mode)


# --- the writer -----------------------------------------------------------------------------


def test_writer_refuses_a_special_file(special: tuple[Path, str]) -> None:
    path, kind = special
    with pytest.raises(OutputError, match="not a file") as caught:
        write_text_atomically(path, "x")
    assert str(path) in str(caught.value)
    assert still_special(path, kind)
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_writer_refuses_a_read_only_file_even_as_root(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "out.txt"
    path.write_text("keep", encoding="utf-8")
    path.chmod(mode)
    with pytest.raises(OutputError, match="read-only"):
        write_text_atomically(path, "new")
    assert path.read_text(encoding="utf-8") == "keep"
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_writer_keeps_the_old_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    path.chmod(mode)
    write_text_atomically(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_a_new_file_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        write_text_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == mode


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError, RuntimeError])
def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, interruption: type[BaseException]
) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(interruption), replacing(path) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise interruption()
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_write_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_text_atomically(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize(
    ("name", "age", "removed"),
    [
        (".out.txt.abcd_123.tmp", STALE_SECONDS + 60, True),  # ours, orphaned
        (".out.txt.abcd_123.tmp.png", STALE_SECONDS + 60, True),  # ours, with a suffix
        (".out.txt.abcd_123.tmp", 60, False),  # ours, maybe still being written
        (".out.txt.notours.tmp", STALE_SECONDS + 60, False),  # not our naming
        (".other.txt.abcd_123.tmp", STALE_SECONDS + 60, False),  # another target's
        ("out.txt.bak", STALE_SECONDS + 60, False),
    ],
)
def test_stale_temporaries_are_removed(tmp_path: Path, name: str, age: int, removed: bool) -> None:
    leftover = tmp_path / name
    leftover.write_bytes(b"x" * 1000)
    then = time.time() - age
    os.utime(leftover, (then, then))
    write_text_atomically(tmp_path / "out.txt", "new")
    assert leftover.exists() is not removed


def test_remove_stale_temporaries_reports_what_it_removed(tmp_path: Path) -> None:
    leftover = tmp_path / ".gazetteer.sqlite.k2j4h5g6.tmp"
    leftover.write_bytes(b"")
    os.utime(leftover, (0, 0))
    assert remove_stale_temporaries(tmp_path / "gazetteer.sqlite") == [leftover]


def test_check_outputs_refuses_an_input(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("x", encoding="utf-8")
    linked = tmp_path / "hard.txt"
    os.link(article, linked)
    for spelling in (article, tmp_path / "." / "a.txt", linked):
        with pytest.raises(OutputError, match="also an input"):
            check_outputs([spelling], inputs=[article])


def test_check_outputs_refuses_one_path_for_two_outputs(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="two outputs"):
        check_outputs([tmp_path / "m.html", None, tmp_path / "sub" / ".." / "m.html"])
    check_outputs([tmp_path / "m.html", tmp_path / "m.png", None])  # distinct: fine


# --- --png ----------------------------------------------------------------------------------


def test_png_keeps_an_existing_file_when_it_makes_no_picture(tmp_path: Path) -> None:
    page = tmp_path / "map.html"
    page.write_text("<html></html>", encoding="utf-8")
    picture = tmp_path / "map.png"
    picture.write_bytes(b"an older picture")
    with pytest.raises(RenderError):
        render_png(page, picture, chromium="/bin/false")
    assert picture.read_bytes() == b"an older picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "map.png"]


def test_png_never_replaces_its_own_page(tmp_path: Path) -> None:
    page = tmp_path / "map.html"
    page.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(OutputError, match="map page itself"):
        render_png(page, page, chromium="/bin/false")
    assert page.read_text(encoding="utf-8") == "<html></html>"


# --- every command ----------------------------------------------------------------------------

#: (command line before the output path, after it): every way geomap writes a file.
WRITERS = {
    "check -o": (["check", "{article}", "-o"], []),
    "places -o": (["places", "{article}", "-o"], []),
    "locate -o": (["locate", "{article}", "-o"], []),
    "map -o": (["map", "{article}", "-o"], []),
    "map --embed": (["map", "{article}", "-o", "{tmp}/m.html", "--embed"], []),
    "map --png": (["map", "{article}", "-o", "{tmp}/m.html", "--png"], []),
    "gazetteer add": (["gazetteer", "add", "Camp", "--lat", "1", "--lon", "2", "--file"], []),
}


def command(name: str, target: Path, article: Path) -> list[str]:
    before, after = WRITERS[name]
    fill = {"article": str(article), "tmp": str(article.parent)}
    return [part.format(**fill) for part in before] + [str(target)] + after


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_no_command_replaces_a_special_file(
    run: Callable[..., object],
    clean_error: Callable[..., str],
    special: tuple[Path, str],
    article: Path,
    writer: str,
) -> None:
    path, kind = special
    line = clean_error(run(*command(writer, path, article)), contains=(str(path), "not a file"))
    assert kind in line.lower()
    assert still_special(path, kind)
    assert not (article.parent / "m.html").exists()  # nothing written before the refusal


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_no_command_overwrites_a_read_only_file(
    run: Callable[..., object],
    clean_error: Callable[..., str],
    tmp_path: Path,
    article: Path,
    writer: str,
) -> None:
    target = tmp_path / "out.html"
    target.write_text("name,lat,lon\n", encoding="utf-8")
    target.chmod(0o444)
    clean_error(run(*command(writer, target, article)), contains=(str(target), "read-only"))
    assert target.read_text(encoding="utf-8") == "name,lat,lon\n"


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (["check", "{article}", "-o", "{article}"], "also an input"),
        (["places", "{article}", "-o", "{article}"], "also an input"),
        (["locate", "{article}", "-o", "{article}"], "also an input"),
        (["map", "{page}", "-o", "{page}"], "also an input"),
        (["check", "{tmp}", "-o", "{article}"], "also an input"),  # read from the folder
        (["check", "{article}", "-g", "{places}", "-o", "{places}"], "also an input"),
        (["map", "{article}", "-o", "{tmp}/m.html", "--embed", "{tmp}/m.html"], "two outputs"),
        (["map", "{article}", "-o", "{tmp}/m.html", "--png", "{tmp}/m.html"], "two outputs"),
    ],
    ids=["check", "places", "locate", "map", "folder", "overlay", "embed=map", "png=map"],
)
def test_an_output_is_never_an_input_or_another_output(
    run: Callable[..., object],
    clean_error: Callable[..., str],
    tmp_path: Path,
    article: Path,
    argv: list[str],
    why: str,
) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><p>{article.read_text()}</p></body></html>", encoding="utf-8")
    places = tmp_path / "places.csv"
    places.write_text("name,lat,lon\nCamp,1,2\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (article, page, places)}
    fill = {"article": article, "page": page, "places": places, "tmp": tmp_path}
    clean_error(run(*[a.format(**fill) for a in argv]), contains=(why,))
    assert {p: p.read_bytes() for p in before} == before
    assert not (tmp_path / "m.html").exists()


def test_outputs_keep_their_mode(run: Callable[..., object], tmp_path: Path, article: Path) -> None:
    table = tmp_path / "claims.txt"
    table.write_text("old", encoding="utf-8")
    table.chmod(0o600)
    result = run("check", article, "-o", table)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "CONSISTENT" in table.read_text(encoding="utf-8")
    assert stat.S_IMODE(table.stat().st_mode) == 0o600


# --- the place file -------------------------------------------------------------------------


def test_twenty_parallel_adds_keep_twenty_rows(tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    environment = {**os.environ, "PYTHONPATH": str(REPO), "GEOMAP_USER_PLACES": str(places)}
    processes = [
        subprocess.Popen(
            [
                *GEOMAP,
                "gazetteer",
                "add",
                f"Camp {n}",
                "--lat",
                f"{n / 10}",
                "--lon",
                "2",
                "--file",
                str(places),
            ],
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(20)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 20, outputs
    names = sorted(record.name for record in read_place_file(places))
    assert names == sorted(f"Camp {n}" for n in range(20))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.csv"]  # no lock, no temporary
