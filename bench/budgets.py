"""Measure the gazetteer and CLI budgets and print the figures.

Usage:  python bench/budgets.py [--skip-build]

Budgets (from the foundation issue):
  first build < 60 s; opening the built gazetteer < 150 ms; a name lookup < 1 ms;
  RSS of `geomap check` on the examples < 400 MB; `geomap check` well under 1 s.
This prints figures; it does not pass or fail.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAMES = [
    "algiers",
    "gao",
    "in amenas",
    "libya",
    "paris",
    "springfield",
    "new york",
    "london",
    "washington",
    "tigantourine",
    "illizi province",
    "sahara",
    "mali",
    "kandahar",
    "zzzz nowhere",
]


_PEAK_RSS_MB: list[float] = []


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, exit code and stdout of a command; records its peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    stdout = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    _PEAK_RSS_MB.append(usage.ru_maxrss / 1024)
    return time.perf_counter() - started, process.returncode, stdout


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--skip-build", action="store_true", help="reuse $GEOMAP_CACHE_DIR instead of a fresh build"
    )
    args = parser.parse_args()

    from geomap.gazetteer import default_path
    from geomap.gazetteer.store import SqliteGazetteer

    with tempfile.TemporaryDirectory() as tmp:
        if args.skip_build:
            path = default_path()
            print(f"gazetteer          reusing {path}")
        else:
            path = Path(tmp) / "gazetteer.sqlite"
            # built in a child process: the build's memory must not count in
            # the peak RSS of the `geomap check` children forked after it
            build = subprocess.run(
                [sys.executable, "-m", "geomap", "gazetteer", "build", "--db", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"first build        {build.stdout.strip()} (budget 60 s)")
        print(f"database size      {path.stat().st_size / 1e6:.0f} MB")

        opens = []
        for _ in range(5):
            started = time.perf_counter()
            gazetteer = SqliteGazetteer(path)
            gazetteer.countries()
            opens.append(time.perf_counter() - started)
            gazetteer.close()
        print(
            f"open               {statistics.median(opens) * 1000:.1f} ms median of 5 (budget 150 ms)"
        )

        gazetteer = SqliteGazetteer(path)
        timings = []
        for name in NAMES:
            gazetteer._cache.clear()  # measure the database, not the cache
            started = time.perf_counter()
            gazetteer.lookup([name])
            timings.append(time.perf_counter() - started)
        print(
            f"name lookup        {statistics.median(timings) * 1000:.3f} ms median, "
            f"{max(timings) * 1000:.3f} ms max over {len(NAMES)} names (budget 1 ms)"
        )

        env = dict(
            os.environ,
            GEOMAP_CACHE_DIR=str(path.parent),
            GEOMAP_USER_PLACES=str(Path(tmp) / "none.csv"),
        )
        cli = [sys.executable, "-m", "geomap.cli"]
        examples = str(REPO / "examples" / "in_amenas")
        run([*cli, "check", examples], env)  # warm the OS file cache
        walls = []
        for _ in range(5):
            wall, code, _ = run([*cli, "check", examples], env)
            walls.append(wall)
        print(
            f"geomap check       {statistics.median(walls) * 1000:.0f} ms median wall of 5 on examples/ "
            f"(exit {code}; includes Python start-up)"
        )
        print(f"RSS of check       {max(_PEAK_RSS_MB):.0f} MB peak (budget 400 MB)")
        with tempfile.TemporaryDirectory() as out:
            wall, code, _ = run([*cli, "map", examples, "-o", str(Path(out) / "map.html")], env)
            size = (Path(out) / "map.html").stat().st_size / 1024 if code == 0 else float("nan")
        print(f"geomap map         {wall * 1000:.0f} ms wall, {size:.0f} KB HTML")
        imports = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import geomap.cli"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stderr
        heavy = [
            m
            for m in ("folium", "geopandas", "pyogrio")
            if f" {m}\n" in imports or f"| {m}" in imports
        ]
        print(
            f"heavy imports      {'none' if not heavy else ', '.join(heavy)} at `import geomap.cli`"
        )


if __name__ == "__main__":
    main()
