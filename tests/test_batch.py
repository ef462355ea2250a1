"""Batch runs on several processes give exactly what one process gives."""

from __future__ import annotations

from geomap.batch import _CHUNK, cpu_count, place_records_in_parallel
from geomap.gazetteer import open_gazetteer
from geomap.model import Document
from geomap.output import place_records
from geomap.pipeline import find_places
from geomap.text.documents import read_documents


def test_parallel_records_equal_sequential(real_gazetteer_path, examples_dir) -> None:
    base = read_documents([examples_dir])
    # enough articles for several chunks, each with its own id
    documents = [
        Document(f"{d.id}#{n}", d.text, d.title)
        for n in range(_CHUNK // len(base) + 2)
        for d in base
    ]
    assert len(documents) > _CHUNK
    resolutions, dropped = find_places(
        documents, open_gazetteer(real_gazetteer_path, build_if_needed=False)
    )
    expected = place_records(resolutions, dropped=dropped, explain=True)
    got = place_records_in_parallel(documents, real_gazetteer_path, jobs=2, explain=True)
    assert got == expected
    assert [r["doc_id"] for r in got][:3] == [r["doc_id"] for r in expected][:3]


def test_one_job_runs_in_process(real_gazetteer_path, examples_dir) -> None:
    documents = read_documents([examples_dir])
    records = place_records_in_parallel(documents, real_gazetteer_path, jobs=1)
    assert {r["name"] for r in records} >= {"Algiers", "In Amenas", "Tigantourine gas facility"}


def test_cpu_count() -> None:
    assert cpu_count() >= 1


def test_a_long_article_comes_in_windows_with_the_same_records(
    real_gazetteer_path, examples_dir
) -> None:
    from geomap.batch import place_record_batches
    from geomap.text.windows import WINDOW_CHARS

    article = max(read_documents([examples_dir]), key=lambda d: len(d.text))
    copies = 3 * WINDOW_CHARS // len(article.text)
    long = Document("long", "\n\n".join([article.text] * copies))
    gazetteer = open_gazetteer(real_gazetteer_path, build_if_needed=False)
    resolutions, _ = find_places([long], gazetteer)
    streamed = [r for batch in place_record_batches([long], gazetteer) for r in batch.mentions]
    assert streamed == place_records(resolutions)
    assert max(r["start"] for r in streamed) > 2 * WINDOW_CHARS


def test_parallel_batches_read_the_archive_as_they_go(real_gazetteer_path, examples_dir) -> None:
    from geomap.batch import place_record_batches, place_record_batches_in_parallel

    base = read_documents([examples_dir])
    read = 0

    def archive(copies: int):
        nonlocal read
        for n in range(copies):
            for d in base:
                read += 1
                yield Document(f"{d.id}#{n}", d.text, d.title)

    copies = 12 * _CHUNK // len(base)
    batches = place_record_batches_in_parallel(archive(copies), real_gazetteer_path, jobs=2)
    first = next(batches)
    # four tasks in flight and the next being gathered: not the whole archive
    assert read <= 6 * _CHUNK < copies * len(base)
    got = [first, *batches]
    gazetteer = open_gazetteer(real_gazetteer_path, build_if_needed=False)
    expected = list(place_record_batches(archive(copies), gazetteer))
    assert [r for b in got for r in b.mentions] == [r for b in expected for r in b.mentions]
