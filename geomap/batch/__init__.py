"""Batch runs: archives on several processes or a Dask cluster.

In: an archive (a stream of documents), the path of a built gazetteer.
Out: records of the places of many articles (``places --jobs``, here), or a
folder of GeoParquet tables (``geomap batch``: :mod:`geomap.batch.run`, which
cuts the archive into partitions in :mod:`~geomap.batch.partitions`, checks
them in :mod:`~geomap.batch.work` and writes them in :mod:`~geomap.batch.tables`).

Recognition and resolution are independent per article (unless the articles
share context as one incident), so an archive splits into chunks that worker
processes handle, each with its own read-only gazetteer connection. Workers
send back output records (plain dicts: thirty times cheaper to pass between
processes than the resolution objects), in input order::

    from geomap.batch import place_records_in_parallel

    records = place_records_in_parallel(documents, db_path, jobs=2)
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geomap.gazetteer.store import Gazetteer
from geomap.model import Document
from geomap.text.windows import Window, windows

__all__ = [
    "PlaceRecordBatch",
    "cpu_count",
    "place_record_batches",
    "place_record_batches_in_parallel",
    "place_records_in_parallel",
]

# Articles (or windows of a long one) per task: large enough that sending
# them costs little, small enough that both workers stay busy to the end and
# that one task's places are few enough to hold at once.
_CHUNK = 64
_CHUNK_CHARS = 1_000_000

# Mention records made at once when an article's are written as they come.
_RECORDS = 2_000

_WORKER_GAZETTEER: Gazetteer | None = None


@dataclass(frozen=True, slots=True)
class PlaceRecordBatch:
    """The output records of a batch of articles: their mentions, the spans
    recognition dropped and the names no place fits (the last two only with
    ``explain``)."""

    mentions: list[dict[str, Any]]
    dropped: list[dict[str, Any]]
    unsupported: list[dict[str, Any]]


def cpu_count() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def place_records_in_parallel(
    documents: Iterable[Document],
    db_path: Path,
    *,
    overlays: Sequence[Path] = (),
    jobs: int = 2,
    explain: bool = False,
) -> list[dict[str, Any]]:
    """The output records of :func:`geomap.output.place_records` for every
    article (each on its own), computed on ``jobs`` processes that each open
    the gazetteer at ``db_path`` with ``overlays``."""
    if jobs <= 1:
        _open_worker_gazetteer(db_path, tuple(overlays))
        batches = [_place_records(chunk, explain) for chunk in _chunks(documents)]
    else:
        batches = list(
            place_record_batches_in_parallel(
                documents, db_path, overlays=overlays, jobs=jobs, explain=explain
            )
        )
    # As in one process: every mention in input order, then the dropped spans.
    return [r for b in batches for r in b.mentions] + [
        r for b in batches for r in b.dropped + b.unsupported
    ]


def place_record_batches_in_parallel(
    documents: Iterable[Document],
    db_path: Path,
    *,
    overlays: Sequence[Path] = (),
    jobs: int = 2,
    explain: bool = False,
) -> Iterator[PlaceRecordBatch]:
    """:func:`place_record_batches` on ``jobs`` processes that each open the
    gazetteer at ``db_path`` with ``overlays``, in input order. At most two
    tasks a process are read ahead, so an archive is never held whole. A
    single task is done in this process (starting others would cost more)."""
    chunks = _chunks(documents)
    first = list(itertools.islice(chunks, 2))
    if len(first) < 2:
        _open_worker_gazetteer(db_path, tuple(overlays))
        yield from (_place_records(chunk, explain) for chunk in first)
        return
    with ProcessPoolExecutor(
        max_workers=jobs,
        initializer=_open_worker_gazetteer,
        initargs=(db_path, tuple(overlays)),
    ) as pool:
        pending: deque[Future[PlaceRecordBatch]] = deque()
        for chunk in itertools.chain(first, chunks):
            pending.append(pool.submit(_place_records, chunk, explain))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def place_record_batches(
    documents: Iterable[Document], gazetteer: Gazetteer, *, explain: bool = False
) -> Iterator[PlaceRecordBatch]:
    """The output records of the articles (each on its own), a batch of
    articles at a time. Articles are read from ``documents`` only as needed,
    so an archive is never held whole."""
    from geomap.output import place_records
    from geomap.pipeline import find_places_in_parts

    for chunk in _chunks(documents):
        kept, spotted, unsupported = find_places_in_parts(chunk, gazetteer)
        # a long article has many mentions: their records are made a slice
        # at a time, so that only one slice of them is held
        for start in range(0, len(kept), _RECORDS):
            found = place_records(kept[start : start + _RECORDS], explain=explain)
            yield PlaceRecordBatch(found, [], [])
        if explain:
            lost = place_records((), dropped=spotted + unsupported, explain=True)
            yield PlaceRecordBatch([], lost[: len(spotted)], lost[len(spotted) :])


def _chunks(documents: Iterable[Document]) -> Iterator[list[Window]]:
    """The articles in tasks of at most ``_CHUNK`` windows and (but for one
    window alone) ``_CHUNK_CHARS`` characters: a long article comes in
    windows, so that only some of it is held at once."""
    chunk: list[Window] = []
    size = 0
    for window in (w for document in documents for w in windows(document)):
        length = len(window.document.text)
        if chunk and (len(chunk) == _CHUNK or size + length > _CHUNK_CHARS):
            yield chunk
            chunk, size = [], 0
        chunk.append(window)
        size += length
    if chunk:
        yield chunk


def _open_worker_gazetteer(db_path: Path, overlays: tuple[Path, ...]) -> None:
    global _WORKER_GAZETTEER
    from geomap.gazetteer import open_gazetteer

    _WORKER_GAZETTEER = open_gazetteer(db_path, overlays=overlays, build_if_needed=False)


def _place_records(parts: Sequence[Window], explain: bool) -> PlaceRecordBatch:
    """The records of one chunk: its mentions, and (with ``explain``) its dropped spans."""
    from geomap.output import place_records
    from geomap.pipeline import find_places_in_parts

    assert _WORKER_GAZETTEER is not None, "worker started without its gazetteer"
    resolutions, spotted, unsupported = find_places_in_parts(parts, _WORKER_GAZETTEER)
    records = place_records(resolutions, dropped=spotted + unsupported, explain=explain)
    found, lost = records[: len(resolutions)], records[len(resolutions) :]
    return PlaceRecordBatch(found, lost[: len(spotted)], lost[len(spotted) :])
