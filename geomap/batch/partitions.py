"""An archive cut into partitions: runs of whole incidents, about N articles each.

The archive is read as a stream (:class:`~geomap.text.documents.DocumentStream`)
and never held whole: a partition is made, handed on, and the next one read.
Where a partition ends depends only on the input, the partition size and the
incident key, so a rerun cuts the archive at the same places and can tell,
from a partition's digest, whether it was already written.

With an incident key, the articles of one incident must come together in the
input (an archive exported ``ORDER BY incident``, or a feed that writes an
incident's reports as they come). Partitions never split an incident, so the
results do not depend on the partition size. An article whose incident's run
already ended is checked as an incident of its own and reported as a failure
("sort the input by the key"): grouping across the whole archive would need it
held whole, and grouping within a partition would give answers that change
with the partition size, silently.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geomap.model import Document
from geomap.text.documents import GZIP_JSONL, SUFFIXES, DocumentStream, Skipped

__all__ = ["Failure", "Incident", "Partition", "estimate_articles", "partitions", "split_source"]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input or article left out or flagged: where it is and why.

    ``line`` is the JSON Lines line (None for a whole file); ``doc_id`` is
    None when the article could not be read at all."""

    source: str
    line: int | None
    doc_id: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Incident:
    """Articles checked together: one article, or those sharing an incident key."""

    key: str | None
    documents: tuple[Document, ...]


@dataclass(frozen=True, slots=True)
class Partition:
    """A stretch of the input: its incidents and the failures met reading it.

    ``digest`` fingerprints everything read (text, ids, metadata, keys,
    failures); ``first`` and ``last`` say where its articles came from
    (``archive.jsonl:1``)."""

    index: int
    incidents: tuple[Incident, ...]
    failures: tuple[Failure, ...]
    digest: str
    first: str
    last: str

    @property
    def articles(self) -> int:
        """How many articles it holds."""
        return sum(len(incident.documents) for incident in self.incidents)


def partitions(
    stream: DocumentStream, *, size: int, incident_key: str | None = None
) -> Iterator[Partition]:
    """The partitions of ``stream``: at least ``size`` articles each (the last
    may hold fewer; one holds more when an incident does not fit), in input
    order. Unreadable inputs become failures of the partition being read."""
    if size < 1:
        raise ValueError(f"a partition holds at least one article, not {size}")
    incidents: list[Incident] = []
    failures: list[Failure] = []
    count = 0
    index = 0
    for item in _incidents_and_failures(stream, incident_key):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        if count >= size:
            yield _partition(index, incidents, failures)
            index += 1
            incidents, failures, count = [], [], 0
        incidents.append(item)
        count += len(item.documents)
    if incidents or failures:
        yield _partition(index, incidents, failures)


def _incidents_and_failures(
    stream: DocumentStream, incident_key: str | None
) -> Iterator[Incident | Failure]:
    """The input as incidents (runs of articles sharing a key; an article
    without one alone) and failures, in input order."""
    ended: set[bytes] = set()  # digests of keys whose run of articles ended
    key: str | None = None
    documents: list[Document] = []
    seen_skipped = 0
    for keyed in stream.keyed(incident_key):
        if documents and (keyed.key is None or keyed.key != key):
            yield Incident(key, tuple(documents))
            if key is not None:
                ended.add(_key_digest(key))
            documents = []
        # inputs skipped while reading up to this article come before it
        for skipped in stream.skipped[seen_skipped:]:
            yield _unreadable(skipped)
        seen_skipped = len(stream.skipped)
        if not documents and keyed.key is not None and _key_digest(keyed.key) in ended:
            yield _out_of_order(keyed.document, keyed.key, incident_key)
        key = keyed.key
        documents.append(keyed.document)
    if documents:
        yield Incident(key, tuple(documents))
    for skipped in stream.skipped[seen_skipped:]:
        yield _unreadable(skipped)


def _key_digest(key: str) -> bytes:
    """A short fixed-size stand-in for a key: the set of ended incidents of a
    large archive stays small."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).digest()


def _unreadable(skipped: Skipped) -> Failure:
    return Failure(skipped.source, skipped.line, None, skipped.reason)


def _out_of_order(document: Document, key: str, field: str | None) -> Failure:
    """An article of an incident whose articles already ended: checked alone."""
    source, line = split_source(document.source)
    return Failure(
        source,
        line,
        document.id,
        f"incident {key!r} came earlier in the input and ended; this article was "
        f"checked on its own (keep each incident's articles together: sort the input by {field!r})",
    )


_LINE = re.compile(r"(?P<source>.+):(?P<line>\d+)")


def split_source(where: str) -> tuple[str, int | None]:
    """A document's source as file and line (``a.jsonl:17`` is line 17 of ``a.jsonl``).

    >>> split_source("a.jsonl:17"), split_source("notes/b.txt")
    (('a.jsonl', 17), ('notes/b.txt', None))
    """
    match = _LINE.fullmatch(where)
    if match is None:
        return where, None
    return match["source"], int(match["line"])


def _partition(index: int, incidents: list[Incident], failures: list[Failure]) -> Partition:
    documents = [document for incident in incidents for document in incident.documents]
    return Partition(
        index,
        tuple(incidents),
        tuple(failures),
        _digest(incidents, failures),
        documents[0].source if documents else "",
        documents[-1].source if documents else "",
    )


def _digest(incidents: list[Incident], failures: list[Failure]) -> str:
    """A fingerprint of everything a partition's tables are made from."""
    digest = hashlib.sha256()
    fields: list[object]
    for incident in incidents:
        for d in incident.documents:
            fields = [incident.key, d.id, d.source, d.title, d.url, d.date, d.text]
            digest.update(json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n")
    for f in failures:
        fields = [f.source, f.line, f.doc_id, f.reason]
        digest.update(json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def estimate_articles(sources: Iterable[str]) -> int | None:
    """About how many articles ``sources`` hold, for a progress bar: the lines
    of JSON Lines files (compressed ones too), one per other file; None for
    standard input. Counting runs at disk speed, far ahead of checking."""
    total = 0
    for source in sources:
        if source == "-":
            return None
        path = Path(source)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        total += sum(_articles_in(file) for file in files)
    return total


def _articles_in(path: Path) -> int:
    name = path.name.lower()
    try:
        if name.endswith(GZIP_JSONL):
            with gzip.open(path, "rb") as handle:
                return _count_lines(handle)
        if name.endswith(".jsonl"):
            with path.open("rb") as handle:
                return _count_lines(handle)
    except (OSError, EOFError):
        return 0
    return 1 if path.suffix.lower() in SUFFIXES else 0


def _count_lines(handle: Any) -> int:
    lines = 0
    last = b"\n"
    while chunk := handle.read(1 << 20):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    return lines + (last != b"\n")
