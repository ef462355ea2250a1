"""Cutting an archive into partitions: sizes, whole incidents, failures, digests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from builders import archive_records, write_archive

from geomap.batch.partitions import estimate_articles, partitions, split_source
from geomap.text.documents import DocumentStream


def _cut(path: Path, size: int, key: str | None = None) -> list:
    return list(partitions(DocumentStream([path]), size=size, incident_key=key))


@pytest.mark.parametrize(
    ("articles", "size", "expected"),
    [
        (12, 5, [5, 5, 2]),
        (10, 5, [5, 5]),
        (3, 10, [3]),
        (4, 1, [1, 1, 1, 1]),
    ],
)
def test_partitions_hold_size_articles_in_input_order(
    tmp_path: Path, articles: int, size: int, expected: list[int]
) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(articles))
    cut = _cut(path, size)
    assert [p.articles for p in cut] == expected
    assert [p.index for p in cut] == list(range(len(expected)))
    ids = [d.id for p in cut for i in p.incidents for d in i.documents]
    assert ids == [f"wire-{n}" for n in range(articles)]
    assert cut[0].first == f"{path}:1"
    assert cut[-1].last == f"{path}:{articles}"


def test_an_incident_is_never_split_between_partitions(tmp_path: Path) -> None:
    # runs of 3 articles per incident; partitions of 2 must stretch to hold them
    path = write_archive(tmp_path / "a.jsonl", archive_records(9, incident_every=3))
    cut = _cut(path, 2, key="incident")
    assert [[i.key for i in p.incidents] for p in cut] == [["inc-0"], ["inc-1"], ["inc-2"]]
    assert all(len(i.documents) == 3 for p in cut for i in p.incidents)
    assert not any(p.failures for p in cut)


def test_without_the_key_field_every_article_is_its_own_incident(tmp_path: Path) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(4))
    (partition,) = _cut(path, 10, key="incident")
    assert [(i.key, len(i.documents)) for i in partition.incidents] == [(None, 1)] * 4


def test_an_incident_that_comes_back_is_checked_alone_and_reported(tmp_path: Path) -> None:
    records = archive_records(4, incident_every=2)  # inc-0, inc-0, inc-1, inc-1
    records.append({"id": "late", "text": "A late report from Algiers.", "incident": "inc-0"})
    path = write_archive(tmp_path / "a.jsonl", records)
    (partition,) = _cut(path, 100, key="incident")
    assert [(i.key, len(i.documents)) for i in partition.incidents] == [
        ("inc-0", 2),
        ("inc-1", 2),
        ("inc-0", 1),
    ]
    (failure,) = partition.failures
    assert (failure.source, failure.line, failure.doc_id) == (str(path), 5, "late")
    assert "sort the input by 'incident'" in failure.reason


def test_unreadable_lines_are_failures_of_the_partition_read_with_them(tmp_path: Path) -> None:
    path = write_archive(
        tmp_path / "a.jsonl",
        archive_records(6),
        bad_lines={2: "{not json", 6: '{"id": "x"}'},
    )
    cut = _cut(path, 3)
    assert [p.articles for p in cut] == [3, 3]
    first, second = (p.failures for p in cut)
    assert [(f.line, f.doc_id) for f in first] == [(2, None)]
    assert first[0].reason.startswith("not JSON")
    assert [(f.line, f.reason) for f in second] == [(6, "field 'text' is missing or not a string")]


def test_only_failures_still_make_a_partition(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("{broken\n", encoding="utf-8")
    (partition,) = _cut(path, 5)
    assert partition.articles == 0
    assert partition.failures[0].line == 1


def test_the_digest_follows_the_content(tmp_path: Path) -> None:
    records = archive_records(6)
    before = [p.digest for p in _cut(write_archive(tmp_path / "a.jsonl", records), 3)]
    again = [p.digest for p in _cut(write_archive(tmp_path / "b.jsonl", records), 3)]
    records[4]["text"] += " Officials later corrected it."
    after = [p.digest for p in _cut(write_archive(tmp_path / "c.jsonl", records), 3)]
    # the digest covers the source name too: a.jsonl and b.jsonl differ
    assert before != again
    assert after[0] == _cut(write_archive(tmp_path / "c.jsonl", archive_records(6)), 3)[0].digest
    assert after[1] != _cut(write_archive(tmp_path / "d.jsonl", archive_records(6)), 3)[1].digest


def test_compressed_archives_read_as_the_plain_ones(tmp_path: Path) -> None:
    plain = write_archive(tmp_path / "a.jsonl", archive_records(7))
    packed = tmp_path / "a.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    read = [(d.id, d.text) for d in DocumentStream([packed])]
    assert read == [(r["id"], r["text"]) for r in archive_records(7)]
    assert estimate_articles([str(packed)]) == 7


def test_a_damaged_compressed_archive_is_skipped_not_fatal(tmp_path: Path) -> None:
    packed = tmp_path / "a.jsonl.gz"
    whole = gzip.compress(json.dumps({"text": "Gunmen near Algiers."}).encode() * 2000)
    packed.write_bytes(whole[: len(whole) // 2])  # cut short, as by a full disk
    stream = DocumentStream([packed])
    list(stream)
    assert [s.source for s in stream.skipped] == [str(packed)]
    assert stream.skipped[0].reason.startswith("cannot read")


def test_estimate_counts_lines_and_files(tmp_path: Path) -> None:
    write_archive(tmp_path / "a.jsonl", archive_records(5))
    (tmp_path / "b.txt").write_text("Troops left Algiers.", encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG")
    assert estimate_articles([str(tmp_path)]) == 6
    assert estimate_articles(["-"]) is None


@pytest.mark.parametrize(
    ("where", "expected"),
    [("a.jsonl:17", ("a.jsonl", 17)), ("b.txt", ("b.txt", None)), ("c:d.md", ("c:d.md", None))],
)
def test_split_source(where: str, expected: tuple[str, int | None]) -> None:
    assert split_source(where) == expected
