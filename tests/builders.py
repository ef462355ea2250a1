"""Shared builders for test values: one Algiers, one In Amenas, one plant.

Coordinates are GeoNames' (Algiers 2507480) or the curated rows' (In Amenas,
the Tigantourine gas facility), so every test measures the same geography.
Also the one check of a clean command-line error (:func:`assert_clean_error`).
Import with ``from builders import ...`` (``tests/`` is on pytest's path).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from geomap.model import LatLon, Place


def place(
    pid: str,
    name: str,
    kind: str,
    country: str,
    lat: float,
    lon: float,
    pop: int = 0,
    admin1: str = "",
    source: str = "geonames",
) -> Place:
    """A place from its fields in the order a gazetteer row gives them."""
    return Place(
        pid, name, kind, country, LatLon(lat, lon), admin1=admin1, population=pop, source=source
    )


ALGIERS = place("geonames:2507480", "Algiers", "city", "DZ", 36.7323, 3.0875, 2_364_230, "Algiers")
IN_AMENAS = place(
    "curated:in-amenas", "In Amenas", "city", "DZ", 28.033, 9.567, admin1="Illizi", source="curated"
)
TIGANTOURINE = place(
    "curated:tigantourine",
    "Tigantourine gas facility",
    "facility",
    "DZ",
    27.897,
    9.127,
    admin1="Illizi",
    source="curated",
)
LIBYA = place("country:LY", "Libya", "country", "LY", 25.0, 17.0, source="countries")
ALGERIA = place("country:DZ", "Algeria", "country", "DZ", 28.0, 3.0, source="countries")

#: ``run(*args, db=False, input=None)``: the ``run`` fixture's type (tests/conftest.py).
Run = Callable[..., Result]


def assert_clean_error(
    result: Result, code: int = 2, *, contains: tuple[str, ...] = (), quiet_stdout: bool = True
) -> str:
    """A one-line 'geomap: error: ...' on stderr, no traceback, and (unless
    ``quiet_stdout`` is False) nothing on stdout; returns the line."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("geomap: error: ")
    if quiet_stdout:
        assert result.stdout == ""
    for word in contains:
        assert word in lines[0], lines[0]
    return lines[0]


# --- the online fallback, tried from the command line --------------------------------

#: A village the gazetteer lacks, for the online fallback to find.
VILLAGE = "Tin Fouye Tabankort"


def village_article(folder: Path) -> Path:
    """An article naming :data:`VILLAGE`, written into ``folder``."""
    path = folder / "article.txt"
    path.write_text(
        f"Gunmen attacked a camp in {VILLAGE}, about 200 km west of In Amenas, on Monday.\n",
        encoding="utf-8",
    )
    return path


def online_cli(user_places: Path, db: Path) -> Callable[..., Result]:
    """Invoke the app with ``--db db`` appended and the user's place file at
    ``user_places`` (where online additions go)."""
    from typer.testing import CliRunner

    from geomap.cli import app

    runner = CliRunner()
    env = {"GEOMAP_USER_PLACES": str(user_places), "COLUMNS": "200"}

    def invoke(*args: str | Path) -> Result:
        argv = [str(a) for a in args] + ["--db", str(db)]
        return runner.invoke(app, argv, env=env)

    return invoke


# --- archives for geomap batch ---------------------------------------------------------------

#: Short wire reports in our own words, each naming places and most making a
#: distance claim (one of them wrong), for archives of any length.
WIRE_REPORTS = (
    "Gunmen seized the gas plant near In Amenas, about 40 km from the Libyan border.",
    "The earthquake struck 33 km west of Gaziantep, officials in Ankara said.",
    "Algiers is about 300 km from Oran, the minister told reporters in Algiers.",
    "Flooding closed the road between Lyon and Grenoble, some 100 km to the south-east.",
    "Grenoble lies 300 km north of Lyon, the bulletin said.",
    "Residents of Denver and Boulder were told to stay indoors as the fire spread.",
)


def archive_records(count: int, *, incident_every: int = 0, start: int = 0) -> list[dict[str, str]]:
    """``count`` JSON Lines records cycling through :data:`WIRE_REPORTS`, ids
    ``wire-<n>``; with ``incident_every``, consecutive runs of that many share
    an ``incident`` field."""
    records = []
    for n in range(start, start + count):
        record = {"id": f"wire-{n}", "text": WIRE_REPORTS[n % len(WIRE_REPORTS)]}
        if incident_every:
            record["incident"] = f"inc-{n // incident_every}"
        records.append(record)
    return records


def write_archive(
    path: Path, records: list[dict[str, str]], *, bad_lines: dict[int, str] | None = None
) -> Path:
    """Write ``records`` as JSON Lines, with ``bad_lines`` (1-based line -> raw
    text) put in at their lines."""
    import json

    lines = [json.dumps(record) for record in records]
    for number, raw in sorted((bad_lines or {}).items()):
        lines.insert(number - 1, raw)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def table_bytes(folder: Path) -> dict[str, bytes]:
    """Every table file and manifest under a batch output folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("part-*"))
        if p.is_file()
    }


def write_batch_output(
    folder: Path,
    mentions: list[dict[str, object]],
    claims: list[dict[str, object]] | None = None,
    *,
    articles: int = 1,
    index: int = 0,
) -> Path:
    """One partition of batch tables written straight from rows (the columns
    of :mod:`geomap.batch.tables`), through the batch's own writer, with a
    manifest saying it holds ``articles`` articles: tables of any size
    without running the pipeline."""
    from geomap.batch.partitions import Incident, Partition
    from geomap.batch.tables import write_partition
    from geomap.batch.work import Checked
    from geomap.model import Document

    documents = tuple(Document(f"doc-{n}", "") for n in range(articles))
    partition = Partition(index, (Incident(None, documents),), (), f"synthetic-{index}", "", "")
    write_partition(folder, partition, Checked(list(mentions), list(claims or [])), {})
    return folder


def spread_mentions(places: int, *, seed: int = 7) -> list[dict[str, object]]:
    """Mention rows naming ``places`` places scattered over the inhabited
    latitudes, the first named most (place ``n`` about ``places / (n + 1)``
    times, at least once), each in its own article."""
    import random

    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for n in range(places):
        lat, lon = rng.uniform(-45, 65), rng.uniform(-125, 150)
        for repeat in range(max(1, places // (50 * (n + 1)))):
            rows.append(
                {
                    "doc_id": f"doc-{n}-{repeat}",
                    "start": 0,
                    "end": 5,
                    "text": f"Town {n}",
                    "name": f"Town {n}",
                    "place_id": f"synthetic:{n}",
                    "kind": "town",
                    "country_code": "US",
                    "admin1": "",
                    "lat": lat,
                    "lon": lon,
                    "score": 0.9,
                }
            )
    return rows
