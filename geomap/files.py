"""Writing files safely: the one output writer every command uses.

Everything geomap writes (maps, tables, pictures, the gazetteer database, the
user's place file) goes through :func:`replacing`, which

- refuses a target that exists and is not a regular file (a device such as
  ``/dev/null``, a folder, a FIFO, a socket) and a read-only one, with an
  :class:`~geomap.errors.OutputError` naming the path;
- writes a temporary file beside the target and moves it over the target in
  one step, so a crash, a full disk or Ctrl-C leaves the old file or the new
  one, never a mix, and never the temporary file;
- gives the new file the old file's permissions (or, for a new file, what the
  umask allows), and writes through a symbolic link to the file it names;
- removes temporary files of its own naming that an earlier, killed run left
  beside the target (older than :data:`STALE_SECONDS`).

:func:`check_outputs` refuses, before any work, an output that is one of the
run's inputs or another of its outputs; :func:`locked` serialises the
read-modify-write of a file that several processes extend (the place file).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from geomap.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: place-file appends run unlocked
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "STALE_SECONDS",
    "check_output",
    "check_outputs",
    "locked",
    "remove_stale_temporaries",
    "replacing",
    "write_text_atomically",
]

#: Age after which a temporary file of ours beside a target is an orphan.
STALE_SECONDS = 3600
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
)


def check_output(path: Path) -> None:
    """Raise OutputError unless ``path`` is a new path or a regular file we may replace.

    Read-only means no write permission for us, or no write bit at all (root
    may write anything, but a file made read-only was meant to stay).
    """
    try:
        info = os.stat(path)
    except OSError:  # a new path (or an unreachable one: the write will say why)
        return
    for is_kind, kind in _KINDS:
        if is_kind(info.st_mode):
            raise OutputError(f"{path}: is {kind}, not a file; give a file path to write")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise OutputError(f"{path}: the file is read-only; geomap does not overwrite it")


def check_outputs(outputs: Sequence[Path | None], *, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work, outputs that :func:`check_output` refuses, that
    are one of ``inputs`` (the files the run reads) or that repeat another output."""
    given = [path for path in outputs if path is not None]
    sources = list(inputs)
    for index, path in enumerate(given):
        check_output(path)
        for source in sources:
            if _same_file(path, source):
                raise OutputError(f"{path}: is also an input of this run; write elsewhere")
        for other in given[:index]:
            if _same_file(path, other):
                raise OutputError(f"{path}: given for two outputs of this run; give each its own")


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file (same resolved path or same inode)."""
    if Path(a).resolve() == Path(b).resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def replacing(path: Path, *, keep_suffix: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it when the block ends.

    Raises OutputError before the block if ``path`` may not be replaced (see
    :func:`check_output`). On any exception, KeyboardInterrupt included, the
    temporary file is removed and ``path`` is untouched. With ``keep_suffix``
    the temporary name ends in ``path``'s suffix too (``.tmp.png``), for a
    program that picks its format from the name.

    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> with replacing(target) as tmp:
    ...     _ = tmp.write_text("new")
    >>> target.read_text()
    'new'
    """
    check_output(Path(path))
    target = Path(os.path.realpath(path))  # through a link, to the file it names
    mode, owner = _keep(target)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    tmp: Path | None = None
    try:
        suffix = ".tmp" + (target.suffix if keep_suffix else "")
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=suffix)
        tmp = Path(name)
        os.close(handle)
        yield tmp
        os.chmod(tmp, mode)
        if owner is not None:
            _chown(tmp, owner)
        os.replace(tmp, target)
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


def _keep(target: Path) -> tuple[int, tuple[int, int] | None]:
    """The mode (and owner) the new file takes: the old file's, or the umask's."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return 0o666 & ~_umask(), None
    return stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _chown(path: Path, owner: tuple[int, int]) -> None:
    """Give ``path`` the replaced file's owner where we may (as root); else keep ours."""
    if owner == (os.geteuid(), os.getegid()):
        return
    with suppress(PermissionError):
        os.chown(path, *owner)


def _temporary_name(target_name: str) -> re.Pattern[str]:
    # tempfile.mkstemp's names: the prefix, 8 of [a-z0-9_], the suffix
    return re.compile(rf"\.{re.escape(target_name)}\.[a-z0-9_]{{8}}\.tmp(?:\.\w+)?")


def remove_stale_temporaries(target: Path, *, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporary files :func:`replacing` left beside ``target`` in a
    run that was killed (older than ``older_than`` seconds); returns them."""
    pattern = _temporary_name(target.name)
    cutoff = time.time() - older_than
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` in one step (see :func:`replacing`)."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``path`` while the block runs.

    The lock is ``fcntl.flock`` on ``.<name>.lock`` beside ``path``, removed
    when the block ends; other processes wait their turn. Where ``fcntl`` is
    missing (Windows) the block runs unlocked.
    """
    if fcntl is None:  # pragma: no cover - not POSIX
        yield
        return
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = path.parent / f".{path.name}.lock"
    handle = _acquire(lock)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)  # still holding it: a waiter retries on a new file
        os.close(handle)


def _acquire(lock: Path) -> int:
    """Open and flock ``lock``; retry if its holder removed it meanwhile (then
    the file we waited on is no longer the lock)."""
    while True:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            if os.stat(lock).st_ino == os.fstat(handle).st_ino:
                return handle
        except FileNotFoundError:
            pass
        except BaseException:
            os.close(handle)
            raise
        os.close(handle)
