"""Measure the peak memory of `places` and `check --each` on growing JSONL
archives, and the time and memory of `places` on one long text file.

Usage:  python bench/memory.py [--sizes 1000 10000 100000] [--big-mb 50]

Each run is a subprocess (``python -m geomap ...`` from the repository, JSON
output to /dev/null); its peak RSS is ``resource.getrusage(RUSAGE_CHILDREN)``
read after it alone has run (each measurement in a fresh child of this
script's own child, so earlier runs do not count). Articles are made from
sentences written for this script, with new ids and places in turn; the long
text is the same paragraphs repeated without a line break, read with
``--max-chars`` raised above its length (in windows: geomap.text.windows).
CPU seconds include worker processes and are steadier than wall-clock time
on a shared machine. This prints figures; it does not pass
or fail. Targets (issue 11): growth < 100 MB from 1k to 100k articles; the
50 MB file well under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

TOWNS = ("Algiers", "In Amenas", "Gao", "Kidal", "Paris", "Tripoli", "Niamey", "Illizi", "Tunis")
SENTENCES = (
    "Gunmen attacked a convoy near {a} on Tuesday, officials in {b} said.",
    "The site lies about {n} km south-east of {a}, close to the border.",
    "Residents of {b} said they heard explosions late into the night.",
    "Troops were sent from {a} to {b}, a journey of some {n} miles.",
    "The ministry said the situation was under control and talks would resume.",
    "Aid workers left {b} for {a} as the road reopened on Friday.",
)


def article(number: int) -> dict[str, str]:
    """A made-up news item: five sentences naming towns in turn."""
    a, b = TOWNS[number % len(TOWNS)], TOWNS[(number * 7 + 3) % len(TOWNS)]
    lines = [
        SENTENCES[(number + k) % len(SENTENCES)].format(a=a, b=b, n=20 + (number * 13 + k) % 400)
        for k in range(5)
    ]
    return {"id": f"bench-{number}", "title": f"Unrest near {a}", "text": " ".join(lines)}


def write_archive(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps(article(number)) + "\n")


def write_long_text(path: Path, megabytes: int) -> None:
    paragraph = " ".join(article(n)["text"] for n in range(200)) + " "
    repeats = megabytes * 1_000_000 // len(paragraph) + 1
    with path.open("w", encoding="utf-8") as out:
        for _ in range(repeats):
            out.write(paragraph)


_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
tail = done.stderr.decode()[-300:].replace(chr(10), " ")
print(done.returncode, seconds, cpu, usage.ru_maxrss, tail)
"""


@dataclass(frozen=True)
class Run:
    """One command's exit code, wall-clock and CPU seconds (its worker
    processes included: on a shared machine CPU time is the steadier figure),
    peak RSS of its largest process (MB) and the end of its stderr."""

    code: int
    seconds: float
    cpu: float
    peak_mb: float
    tail: str

    def row(self, label: str, articles: int | str) -> str:
        return (
            f"{label:<40} {articles:>9} {self.seconds:>8.1f} {self.cpu:>7.1f}"
            f" {self.peak_mb:>12.0f}  {self.code} {self.tail[:50]}"
        )


def measure(args: list[str]) -> Run:
    """How ``python -m geomap *args`` ran."""
    command = [sys.executable, "-m", "geomap", *args]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split(" ", 4)
    return Run(int(out[0]), float(out[1]), float(out[2]), int(out[3]) / 1024, out[4].strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--big-mb", type=int, default=50, help="0: skip the long text")
    parser.add_argument("--db", help="gazetteer database (default: geomap's)")
    options = parser.parse_args()
    db = ["--db", options.db] if options.db else []
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as folder:
        print(f"{'run':<40} {'articles':>9} {'seconds':>8} {'cpu s':>7} {'peak RSS MB':>12}  exit")
        for count in options.sizes:
            archive = Path(folder) / f"archive-{count}.jsonl"
            write_archive(archive, count)
            for name, args in (
                ("places --format json", ["places", "--format", "json"]),
                ("check --each --format json", ["check", "--each", "--format", "json"]),
            ):
                print(measure([*args, *db, str(archive)]).row(name, f"{count:,}"))
            archive.unlink()
        if options.big_mb:
            measure_long_text(Path(folder) / "long.txt", options.big_mb, db)


def measure_long_text(text: Path, megabytes: int, db: list[str]) -> None:
    """One long line read with the limit raised (``places`` on one and two
    processes, ``check``), and skipped at the default limit."""
    write_long_text(text, megabytes)
    size = text.stat().st_size
    raised = ["--max-chars", str(size + 1), *db, str(text)]
    for label, args in (
        (f"places, one {size / 1e6:.0f} MB line", ["places", "--format", "json"]),
        ("  the same, --jobs 2", ["places", "--format", "json", "--jobs", "2"]),
        ("  check --each", ["check", "--each", "--format", "json"]),
    ):
        print(measure([*args, *raised]).row(label, 1))
    skipped = measure(["places", "--format", "json", *db, str(text)])
    print(skipped.row("  the same, default --max-chars", 1))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s in all)")
