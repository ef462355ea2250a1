"""A batch run: an archive in, a folder of tables and ``summary.json`` out.

The parent reads the archive a partition at a time, cuts each partition into
pieces of a few dozen articles and hands them to workers (this process,
local processes, or a Dask cluster: all behind :class:`Workers`); it writes a
partition's tables when all its pieces are back, in order, while the workers
go on with the next partition's. So at most two partitions are in memory,
and the tables do not depend on which worker did what, or how many there were.

A partition whose manifest matches (see :mod:`geomap.batch.tables`) is not
done again: a run stopped at any point, even by SIGKILL, resumed gives the
tables of a run never stopped.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from geomap.batch.partitions import Incident, Partition, partitions
from geomap.batch.tables import (
    read_manifest,
    remove_leftover_temporaries,
    remove_partitions_after,
    write_partition,
)
from geomap.batch.work import Checked, check_incidents_at, failure_rows
from geomap.errors import InputError, MissingDependency, OutputError
from geomap.files import check_output, locked, write_text_atomically
from geomap.text.documents import DocumentStream

__all__ = [
    "PARTITION_SIZE",
    "BatchProgress",
    "BatchSettings",
    "BatchSummary",
    "Workers",
    "dask_workers",
    "local_workers",
    "run_batch",
]

#: Articles per partition (per table file) by default.
PARTITION_SIZE = 10_000

# Articles per piece of work: large enough that handing it over costs little,
# small enough that every worker stays busy to the end of a partition.
_PIECE = 64


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """What a batch run reads with and writes where."""

    out_dir: Path
    db_path: Path
    overlays: tuple[Path, ...] = ()
    partition_size: int = PARTITION_SIZE
    incident_key: str | None = None


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """How far a run is: articles done (written or found already written),
    failures, partitions finished, and the partition just finished (or None
    while one is under way)."""

    articles: int
    errors: int
    partitions: int
    seconds: float
    finished: int | None = None
    reused: bool = False


@dataclass(slots=True)
class BatchSummary:
    """The counts of a whole run (reused partitions included)."""

    articles: int = 0
    incidents: int = 0
    errors: int = 0
    partitions: int = 0
    reused: int = 0
    articles_checked: int = 0
    seconds: float = 0.0
    statuses: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    claims: int = 0

    @property
    def articles_per_second(self) -> float:
        """Articles checked (not reused) per second of the run."""
        return self.articles_checked / self.seconds if self.seconds > 0 else 0.0

    def add(self, manifest: dict[str, Any], *, reused: bool) -> None:
        """Count a partition from its manifest."""
        counts, tables = manifest["counts"], manifest["tables"]
        self.partitions += 1
        self.reused += reused
        self.articles += manifest["input"]["articles"]
        self.incidents += manifest["input"]["incidents"]
        if not reused:
            self.articles_checked += manifest["input"]["articles"]
        self.errors += counts["errors"]
        self.statuses.update(counts["claims_by_status"])
        self.kinds.update(counts["mentions_by_kind"])
        self.mentions += tables["mentions"]["rows"]
        self.claims += tables["claims"]["rows"]


class _Result(Protocol):
    def result(self) -> Checked: ...


class Workers(Protocol):
    """Where pieces of work run: :func:`local_workers` or :func:`dask_workers`."""

    description: str

    def submit(
        self, pieces: Sequence[Incident], db_path: str, overlays: tuple[str, ...]
    ) -> _Result: ...


class _InProcess:
    """Work done here, at once (one job)."""

    description = "1 process"

    def submit(
        self, pieces: Sequence[Incident], db_path: str, overlays: tuple[str, ...]
    ) -> _Result:
        future: Future[Checked] = Future()
        future.set_result(check_incidents_at(pieces, db_path, overlays))
        return future


class _Processes:
    def __init__(self, pool: ProcessPoolExecutor, jobs: int) -> None:
        self._pool = pool
        self.description = f"{jobs} local processes"

    def submit(
        self, pieces: Sequence[Incident], db_path: str, overlays: tuple[str, ...]
    ) -> _Result:
        return self._pool.submit(check_incidents_at, pieces, db_path, overlays)


@contextmanager
def local_workers(jobs: int) -> Iterator[Workers]:
    """``jobs`` local worker processes (one job: this process)."""
    if jobs <= 1:
        yield _InProcess()
        return
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        yield _Processes(pool, jobs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Dask:
    def __init__(self, client: Any, description: str) -> None:
        self._client = client
        self.description = description

    def submit(
        self, pieces: Sequence[Incident], db_path: str, overlays: tuple[str, ...]
    ) -> _Result:
        # pure=False: dask would otherwise hash every piece's text to name the task
        future: _Result = self._client.submit(
            check_incidents_at, pieces, db_path, overlays, pure=False
        )
        return future


@contextmanager
def dask_workers(address: str, *, jobs: int = 2) -> Iterator[Workers]:
    """The workers of the Dask scheduler at ``address``; ``local`` starts a
    LocalCluster of ``jobs`` single-threaded worker processes for the run."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise MissingDependency(
            "--scheduler needs dask.distributed; install it with: pip install 'geomap[scale]'"
        ) from None
    if address == "local":
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
        )
        with cluster, Client(cluster) as client:
            yield _Dask(client, f"a LocalCluster of {jobs} workers")
        return
    try:
        client = Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(f"--scheduler {address}: cannot reach it ({error})") from None
    with client:
        workers = len(client.scheduler_info().get("workers", {}))
        yield _Dask(client, f"the Dask cluster at {address} ({workers} workers)")


def run_batch(
    stream: DocumentStream,
    settings: BatchSettings,
    workers: Workers,
    *,
    command: Sequence[str] = (),
    on_progress: Callable[[BatchProgress], None] | None = None,
) -> BatchSummary:
    """Check every article of ``stream`` and write the tables under
    ``settings.out_dir``, then ``summary.json`` (with ``command``, the command
    line); returns the counts. ``on_progress`` hears of every piece of work
    done and every partition finished.

    The gazetteer's fingerprint and geomap's version go into every manifest,
    so a partition made with another gazetteer or geomap is done again.
    """
    _check_folder(settings.out_dir)
    # one run at a time writes a folder: then what a killed run left is ours to remove
    with locked(settings.out_dir / "summary.json"):
        remove_leftover_temporaries(settings.out_dir)
        return _run(stream, settings, workers, command=command, on_progress=on_progress)


def _run(
    stream: DocumentStream,
    settings: BatchSettings,
    workers: Workers,
    *,
    command: Sequence[str],
    on_progress: Callable[[BatchProgress], None] | None,
) -> BatchSummary:
    """:func:`run_batch` in a folder this run has to itself."""
    gazetteer_meta, versions = _identity(settings.db_path)
    fingerprint = _settings(settings, gazetteer_meta, versions)
    started = time.monotonic()
    summary = BatchSummary()
    report = on_progress or (lambda progress: None)
    pending: tuple[Partition, list[_Result]] | None = None
    last = -1
    db, overlays = str(settings.db_path), tuple(str(p) for p in settings.overlays)

    def finish(partition: Partition, results: list[_Result]) -> None:
        checked = Checked()
        for result in results:
            checked.extend(result.result())
            report(_progress(summary, checked, started))
        checked.errors = failure_rows(partition.failures) + checked.errors
        manifest = write_partition(settings.out_dir, partition, checked, fingerprint)
        summary.add(manifest, reused=False)
        report(_progress(summary, None, started, finished=partition.index))

    chunks = partitions(stream, size=settings.partition_size, incident_key=settings.incident_key)
    for partition in chunks:
        last = partition.index
        manifest = read_manifest(settings.out_dir, partition, fingerprint)
        if manifest is not None:
            summary.add(manifest, reused=True)
            report(_progress(summary, None, started, finished=partition.index, reused=True))
            continue
        results = [workers.submit(piece, db, overlays) for piece in _pieces(partition)]
        if pending is not None:
            finish(*pending)
        pending = (partition, results)
    if pending is not None:
        finish(*pending)
    if last < 0:
        raise InputError("no articles in the given inputs")
    remove_partitions_after(settings.out_dir, last)
    summary.seconds = time.monotonic() - started
    write_summary(settings, summary, gazetteer_meta, versions, command, workers.description)
    return summary


def _pieces(partition: Partition) -> Iterator[tuple[Incident, ...]]:
    """The partition's incidents in runs of about :data:`_PIECE` articles."""
    piece: list[Incident] = []
    size = 0
    for incident in partition.incidents:
        piece.append(incident)
        size += len(incident.documents)
        if size >= _PIECE:
            yield tuple(piece)
            piece, size = [], 0
    if piece:
        yield tuple(piece)


def _progress(
    summary: BatchSummary,
    under_way: Checked | None,
    started: float,
    *,
    finished: int | None = None,
    reused: bool = False,
) -> BatchProgress:
    extra = under_way.articles if under_way is not None else 0
    return BatchProgress(
        summary.articles + extra,
        summary.errors,
        summary.partitions,
        time.monotonic() - started,
        finished,
        reused,
    )


def _identity(db_path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The built gazetteer's fingerprint, sizes and sources, and the versions
    of geomap and of the sources' packages."""
    from importlib import metadata

    from geomap.gazetteer.sources import SOURCES
    from geomap.gazetteer.store import SqliteGazetteer

    meta: dict[str, Any] = dict(SqliteGazetteer(db_path).meta)
    # the table writers' versions too: another pyarrow may write other bytes
    versions = {
        package: metadata.version(package)
        for package in ("geomap", "pandas", "pyarrow", "geopandas", "shapely")
    }
    sources = []
    for source in SOURCES:
        try:
            version = metadata.version(source.package)
        except metadata.PackageNotFoundError:
            version = "missing"
        versions[source.package] = version
        sources.append({"package": source.package, "version": version, "licence": source.licence})
    meta["sources"] = sources
    return meta, versions


def _check_folder(out_dir: Path) -> None:
    """Refuse, before any work, an output that is not a folder we may fill."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is not a folder; give a folder for the tables")
    check_output(out_dir / "summary.json")


def _settings(
    settings: BatchSettings, gazetteer_meta: dict[str, Any], versions: dict[str, str]
) -> dict[str, Any]:
    """What, besides the input, decides a partition's tables."""
    from geomap.batch.tables import FORMAT

    return {
        "format": FORMAT,
        "versions": dict(sorted(versions.items())),
        "gazetteer": {k: gazetteer_meta.get(k) for k in ("fingerprint", "schema", "built_at")},
        "overlays": [_overlay_digest(path) for path in settings.overlays],
        "partition_size": settings.partition_size,
        "incident_key": settings.incident_key,
    }


def _overlay_digest(path: Path) -> str:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def write_summary(
    settings: BatchSettings,
    summary: BatchSummary,
    gazetteer_meta: dict[str, Any],
    versions: dict[str, str],
    command: Sequence[str],
    workers: str,
) -> None:
    """``summary.json``: the run's counts, speed, gazetteer and versions."""
    text = {
        "command": list(command),
        "versions": versions,
        "gazetteer": {"path": str(settings.db_path), **gazetteer_meta},
        "workers": workers,
        "partition_size": settings.partition_size,
        "incident_key": settings.incident_key,
        "articles": summary.articles,
        "incidents": summary.incidents,
        "errors": summary.errors,
        "partitions": summary.partitions,
        "partitions_reused": summary.reused,
        "mentions": summary.mentions,
        "mentions_by_kind": dict(sorted(summary.kinds.items())),
        "claims": sum(summary.statuses.values()),
        "claim_rows": summary.claims,
        "claims_by_status": dict(sorted(summary.statuses.items())),
        "seconds": round(summary.seconds, 3),
        "articles_checked": summary.articles_checked,
        "articles_per_second": round(summary.articles_per_second, 2),
    }
    write_text_atomically(
        settings.out_dir / "summary.json",
        json.dumps(text, ensure_ascii=False, indent=2) + "\n",
    )
