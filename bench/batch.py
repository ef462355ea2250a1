"""Measure `geomap batch`: articles per second with 1 and 2 local processes
and through a Dask LocalCluster, and the peak memory of the parent and of
each worker, on archives of growing size.

Usage:  python bench/batch.py [--sizes 10000 100000] [--workdir /tmp/geomap-bench-batch]
                              [--runs jobs1 jobs2 dask2]

The archive is generated (into ``--workdir``, never the repository) from the
evaluation texts in ../shared/eval (GeoWebNews and LGL articles, the
distance-claim sentences), taken in turn and given new ids (``bench-<n>``):
about 500 characters an article on average. Each run is a fresh subprocess
``python -m geomap batch ARCHIVE -o FRESH_DIR ...`` from this repository.
Speed is summary.json's (articles checked over the run, after start-up) and
the wall time; peak RSS is each process's ``VmHWM`` in /proc, read every
0.2 s over the run's process tree: the parent (the geomap process) and the
largest of the others (local worker processes, or Dask's nannies and
workers). This prints figures; it does not pass or fail. Targets (issue 14):
2 processes >= 1.8x one on 2 free cores, the LocalCluster within 20 % of
``--jobs 2``, a worker < 500 MB, the parent flat from 10k to 100k articles.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
RUNS = {
    "jobs1": ["--jobs", "1"],
    "jobs2": ["--jobs", "2"],
    "dask2": ["--jobs", "2", "--scheduler", "local"],
}


def eval_texts() -> list[dict[str, str]]:
    """The evaluation texts, each as an article (title kept where there is one)."""
    texts = []
    for name, field in (
        ("geowebnews.jsonl", "text"),
        ("lgl_dev.jsonl", "text"),
        ("distance_sentences.jsonl", "sentence"),
    ):
        with (EVAL / name).open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                texts.append({"title": record.get("title") or "", "text": record[field]})
    return texts


def write_archive(path: Path, count: int, texts: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number, text in zip(range(count), itertools.cycle(texts), strict=False):
            out.write(json.dumps({"id": f"bench-{number}", **text}) + "\n")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, stack = [], [pid]
    while stack:
        current = stack.pop()
        pids.append(current)
        stack += _children(current)
    return pids


def _peak_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(archive: Path, out: Path, options: list[str]) -> dict[str, float]:
    """One run: wall seconds, articles/s (summary.json), peak MB of the
    parent and of the largest other process of its tree."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "geomap", "batch", str(archive), "-o", str(out), *options]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    parent_kb, worker_kb = 0, 0
    while process.poll() is None:
        for pid in _tree(process.pid):
            peak = _peak_kb(pid)
            if pid == process.pid:
                parent_kb = max(parent_kb, peak)
            else:
                worker_kb = max(worker_kb, peak)
        time.sleep(0.2)
    wall = time.monotonic() - started
    stderr = process.stderr.read() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {
        "wall_s": wall,
        "articles_per_s": summary["articles_per_second"],
        "parent_mb": parent_kb / 1024,
        "worker_mb": worker_kb / 1024,
        "claims": summary["claims"],
        "mentions": summary["mentions"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/geomap-bench-batch"))
    parser.add_argument("--runs", nargs="+", choices=list(RUNS), default=list(RUNS))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    texts = eval_texts()
    print(f"cpus available: {len(os.sched_getaffinity(0))}; load average: {os.getloadavg()}")
    print(
        f"{'articles':>9} {'run':<6} {'wall s':>8} {'art/s':>8} {'parent MB':>10} {'worker MB':>10}"
    )
    results: dict[tuple[int, str], dict[str, float]] = {}
    for size in args.sizes:
        archive = args.workdir / f"archive-{size}.jsonl"
        if not archive.exists():
            write_archive(archive, size, texts)
        for run in args.runs:
            figures = measure(archive, args.workdir / f"out-{size}-{run}", RUNS[run])
            results[size, run] = figures
            print(
                f"{size:>9,} {run:<6} {figures['wall_s']:>8.1f} {figures['articles_per_s']:>8.1f} "
                f"{figures['parent_mb']:>10.0f} {figures['worker_mb']:>10.0f}",
                flush=True,
            )
        one, two, dask = (results.get((size, run)) for run in ("jobs1", "jobs2", "dask2"))
        if one and two:
            print(
                f"  {size:,}: 2 processes / 1 = {two['articles_per_s'] / one['articles_per_s']:.2f}x"
            )
        if two and dask:
            overhead = two["articles_per_s"] / dask["articles_per_s"] - 1
            print(f"  {size:,}: LocalCluster overhead against --jobs 2: {overhead:+.0%}")
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
