"""geomap batch end to end: tables, determinism, resuming, failures, workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from builders import archive_records, assert_clean_error, table_bytes, write_archive

from geomap.batch.run import BatchSettings, dask_workers, local_workers, run_batch
from geomap.text.documents import DocumentStream


@pytest.fixture(autouse=True)
def _no_user_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOMAP_USER_PLACES", str(tmp_path / "none.csv"))


@pytest.fixture
def batch(real_gazetteer_path: Path):
    def run(path: Path, out: Path, *, jobs: int = 1, size: int = 4, key: str | None = None):
        settings = BatchSettings(out, real_gazetteer_path, (), size, key)
        with local_workers(jobs) as workers:
            return run_batch(DocumentStream([path]), settings, workers)

    return run


def test_the_tables_hold_mentions_claims_and_errors(tmp_path: Path, batch) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(6), bad_lines={3: "{oops"})
    summary = batch(path, tmp_path / "out", size=4)
    out = tmp_path / "out"
    assert (summary.articles, summary.partitions, summary.errors) == (6, 2, 1)
    mentions = gpd.read_parquet(out / "mentions")
    gaziantep = mentions[mentions["name"] == "Gaziantep"].iloc[0]
    assert gaziantep["doc_id"] == "wire-1"
    assert gaziantep["country_code"] == "TR"
    # GeoParquet points are (lon, lat)
    assert (gaziantep.geometry.x, gaziantep.geometry.y) == (gaziantep["lon"], gaziantep["lat"])
    assert mentions.crs.to_epsg() == 4326
    claims = gpd.read_parquet(out / "claims")
    wrong = claims[claims["status"] == "inconsistent"].iloc[0]
    assert (wrong["doc_id"], wrong["subject"], wrong["reference"]) == ("wire-4", "Grenoble", "Lyon")
    assert wrong["sentence"].startswith("Grenoble lies 300 km north of Lyon")
    assert wrong["measured_km"] == pytest.approx(93, abs=2)
    assert wrong.geometry.geom_type == "LineString"
    unplaced = claims[claims["doc_id"] == "wire-1"].iloc[0]  # "33 km west of Gaziantep": no subject
    assert unplaced["status"] == "unverifiable" and unplaced.geometry is None
    errors = pd.read_parquet(out / "errors")
    assert errors[["source", "line"]].values.tolist() == [[str(path), 3]]
    assert errors["doc_id"].isna().all()  # never read, so no id
    written = json.loads((out / "summary.json").read_text())
    assert written["articles"] == 6 and written["errors"] == 1
    assert written["claims_by_status"]["inconsistent"] == 1
    assert written["mentions_by_kind"]["city"] == int((mentions["kind"] == "city").sum())
    assert written["gazetteer"]["fingerprint"] and written["versions"]["geomap"]


def test_tables_are_byte_identical_whatever_the_jobs(tmp_path: Path, batch) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(150))  # several pieces each
    batch(path, tmp_path / "one", jobs=1, size=70)
    batch(path, tmp_path / "two", jobs=2, size=70)
    one = table_bytes(tmp_path / "one")
    assert len(one) == 3 * 4  # three partitions: three tables and a manifest each
    assert one == table_bytes(tmp_path / "two")


def test_a_rerun_redoes_only_the_partitions_whose_input_changed(tmp_path: Path, batch) -> None:
    records = archive_records(10)
    path = write_archive(tmp_path / "a.jsonl", records)
    out = tmp_path / "out"
    batch(path, out, size=4)
    first = table_bytes(out)
    again = batch(path, out, size=4)
    assert (again.reused, again.articles_checked) == (3, 0)
    assert table_bytes(out) == first
    records[5]["text"] = "Troops left Oran for Algiers at dawn."
    write_archive(path, records)
    changed = batch(path, out, size=4)
    assert (changed.reused, changed.articles_checked) == (2, 4)
    now = table_bytes(out)
    # the new text names other places and, like the old, makes no claim
    assert [name for name in first if first[name] != now[name]] == [
        "manifests/part-00001.json",
        "mentions/part-00001.parquet",
    ]


def test_a_damaged_table_file_is_written_again(tmp_path: Path, batch) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(8))
    out = tmp_path / "out"
    batch(path, out, size=4)
    first = table_bytes(out)
    (out / "claims" / "part-00000.parquet").write_bytes(b"half a file")
    assert batch(path, out, size=4).reused == 1
    assert table_bytes(out) == first


def test_a_rerun_removes_what_a_killed_run_was_writing(tmp_path: Path, batch) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(8))
    out = tmp_path / "out"
    batch(path, out, size=4)
    # as left by a run killed a moment ago while it wrote partition 1
    leftovers = [
        out / "mentions" / ".part-00001.parquet.k1ll3d0a.tmp.parquet",
        out / "manifests" / ".part-00001.json.k1ll3d0b.tmp",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"half a table")
    batch(path, out, size=4)
    assert not any(leftover.exists() for leftover in leftovers)
    assert not list(out.rglob(".*.lock"))


def test_a_shorter_archive_leaves_no_old_partition_behind(tmp_path: Path, batch) -> None:
    out = tmp_path / "out"
    batch(write_archive(tmp_path / "a.jsonl", archive_records(12)), out, size=4)
    batch(write_archive(tmp_path / "a.jsonl", archive_records(5)), out, size=4)
    assert sorted(p.name for p in (out / "mentions").iterdir()) == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    assert len(gpd.read_parquet(out / "mentions")["doc_id"].unique()) == 5


def test_an_incident_is_checked_as_one(tmp_path: Path, batch) -> None:
    # the second report says "the plant" only: read with the first, it is In Amenas's
    records = [
        {"id": "r1", "incident": "siege", "text": archive_records(1)[0]["text"]},
        {"id": "r2", "incident": "siege", "text": "The plant is 40 km from the Libyan border."},
    ]
    path = write_archive(tmp_path / "a.jsonl", records)
    batch(path, tmp_path / "alone", size=1)
    batch(path, tmp_path / "together", size=1, key="incident")
    together = gpd.read_parquet(tmp_path / "together" / "claims")
    assert set(together["incident"]) == {"siege"}
    assert len(list((tmp_path / "together" / "mentions").iterdir())) == 1  # one partition
    alone = gpd.read_parquet(tmp_path / "alone" / "claims")
    assert alone["incident"].isna().all()
    assert len(list((tmp_path / "alone" / "mentions").iterdir())) == 2


def test_an_article_that_breaks_the_pipeline_is_an_error_row(
    tmp_path: Path, batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geomap.pipeline

    real = geomap.pipeline.analyze

    def fragile(documents, gazetteer, **kwargs):
        if any(d.id == "wire-2" for d in documents):
            raise ZeroDivisionError("a rule divided by zero")
        return real(documents, gazetteer, **kwargs)

    monkeypatch.setattr(geomap.pipeline, "analyze", fragile)
    path = write_archive(tmp_path / "a.jsonl", archive_records(4))
    summary = batch(path, tmp_path / "out", size=10)
    assert (summary.articles, summary.errors) == (4, 1)
    errors = pd.read_parquet(tmp_path / "out" / "errors")
    assert errors[["line", "doc_id"]].values.tolist() == [[3, "wire-2"]]
    assert errors["reason"][0] == "internal error: ZeroDivisionError: a rule divided by zero"
    mentions = gpd.read_parquet(tmp_path / "out" / "mentions")
    assert set(mentions["doc_id"]) == {"wire-0", "wire-1", "wire-3"}


def test_cli_exits_2_with_the_count_of_failed_articles(tmp_path: Path, run) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(4), bad_lines={2: "[1, 2]"})
    result = run("batch", path, "-o", tmp_path / "out", "--partition-size", "2", "-j", "1")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    *progress, done, error = result.stderr.splitlines()
    assert error.startswith("geomap: error: 1 article(s) or input(s) could not be read")
    assert done.startswith("geomap: 4 articles in 2 partition(s) (0 already written)")
    # not a terminal: one plain line per partition
    assert [line.split(",")[0] for line in progress] == [
        "geomap: partition 0 written: 2 articles",
        "geomap: partition 1 written: 4 articles",
    ]
    clean = write_archive(tmp_path / "b.jsonl", archive_records(3))
    result = run("batch", clean, "-o", tmp_path / "out2", "-j", "1")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out2" / "summary.json").read_text())
    assert summary["command"][0] == "geomap"
    assert summary["partitions"] == 1


def test_cli_refuses_a_file_for_the_output_folder(tmp_path: Path, run) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(2))
    target = tmp_path / "taken.txt"
    target.write_text("mine", encoding="utf-8")
    result = run("batch", path, "-o", target, "-j", "1")
    assert_clean_error(result, contains=(str(target),))
    assert target.read_text(encoding="utf-8") == "mine"


def test_cli_without_dask_names_the_extra(tmp_path: Path, run, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # import fails
    path = write_archive(tmp_path / "a.jsonl", archive_records(2))
    result = run("batch", path, "-o", tmp_path / "out", "--scheduler", "local")
    assert_clean_error(result, contains=("geomap[scale]",))


def test_a_run_killed_mid_way_resumes_to_the_same_tables(
    tmp_path: Path, env: dict[str, str], real_gazetteer_path: Path
) -> None:
    path = write_archive(tmp_path / "a.jsonl", archive_records(60))
    command = [sys.executable, "-m", "geomap", "batch", str(path), "--db", str(real_gazetteer_path)]
    command += ["--partition-size", "6", "-j", "1"]
    environment = {**os.environ, **env}
    killed = tmp_path / "killed"
    process = subprocess.Popen(
        [*command, "-o", str(killed)], env=environment, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while len(list(killed.glob("manifests/part-*.json"))) < 2:
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (killed / "summary.json").exists()
    resumed = subprocess.run(
        [*command, "-o", str(killed)], env=environment, capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "already written" in resumed.stderr
    whole = tmp_path / "whole"
    subprocess.run([*command, "-o", str(whole)], env=environment, check=True, capture_output=True)
    assert table_bytes(killed) == table_bytes(whole)
    assert not list(killed.rglob(".part-*"))  # no temporary file left to be read as a table


def test_a_dask_local_cluster_writes_the_tables_of_local_processes(
    tmp_path: Path, real_gazetteer_path: Path
) -> None:
    pytest.importorskip("dask.distributed")
    path = write_archive(tmp_path / "a.jsonl", archive_records(90, incident_every=3))
    settings = BatchSettings(tmp_path / "dask", real_gazetteer_path, (), 40, "incident")
    with dask_workers("local", jobs=2) as workers:
        summary = run_batch(DocumentStream([path]), settings, workers)
    assert "LocalCluster" in workers.description
    assert summary.articles == 90
    local = BatchSettings(tmp_path / "local", real_gazetteer_path, (), 40, "incident")
    with local_workers(2) as processes:
        run_batch(DocumentStream([path]), local, processes)
    assert table_bytes(tmp_path / "dask") == table_bytes(tmp_path / "local")
