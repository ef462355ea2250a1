"""Estimating a place from claims: error, calibration and the claim left out.

Usage:  python bench/locate.py [--cases N] [--seed S]

Synthetic incidents, as issue 10 describes them: a point H near a random town
of the gazetteer (5 to 60 km from it, any bearing), and claims about H
written the way reports write them, from the two to four towns of 20,000 or
more nearest to it (within 250 km): the distance rounded (to 1 km below 20
km, to 5 km below 100, to 10 km above; "about"), with an 8- or 16-point
compass word half of the time. In a third of the cases with three or more
claims one claim is made wrong (its figure times four, as in the claims gold
set, or its compass point turned round). Printed, by number of claims and with or without a direction:
the median error (km, and as a share of the mean stated distance), how often
H lies inside the reported region (calibration), the median region area, and
how often the wrong claim is the one left out.

The claims are built as geomap builds them from text (same tolerance model,
same regions); the text step itself is measured by bench/claims.py.
"""

from __future__ import annotations

import argparse
import math
import random
import sqlite3
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from pyproj import Geod
from shapely.geometry import Point, Polygon

from geomap.claims.quantities import COMPASS_DEGREES
from geomap.gazetteer import open_gazetteer
from geomap.locate import locate_claims
from geomap.model import Claim, LatLon, Place, Quantity, Reference

GEOD = Geod(ellps="WGS84")
EIGHT = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]
SIXTEEN = list(COMPASS_DEGREES)


def towns(path: Path) -> list[Place]:
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT id, name, country, lat, lon, population FROM places "
        "WHERE kind = 'city' AND population >= 20000"
    ).fetchall()
    return [Place(i, n, "city", c, LatLon(la, lo), population=p) for i, n, c, la, lo, p in rows]


def rounded(km: float) -> float:
    if km < 20:
        return float(round(km))
    if km < 100:
        return float(5 * round(km / 5))
    return float(10 * round(km / 10))


def compass(bearing: float, points: list[str]) -> str:
    step = 360 / len(points)
    return points[int(((bearing % 360) + step / 2) // step) % len(points)]


def claim_about(h: LatLon, town: Place, with_direction: bool, rng: random.Random) -> Claim:
    azimuth, _, metres = GEOD.inv(town.point.lon, town.point.lat, h.lon, h.lat)
    figure = rounded(metres / 1000)
    direction = compass(azimuth, rng.choice([EIGHT, SIXTEEN])) if with_direction else None
    quantity = Quantity(f"about {figure:g} km", figure, figure, "km", "about")
    text = f"about {figure:g} km {direction or 'from'} {town.name}"
    reference = Reference(town.name, 0, 0, "point", town)
    return Claim("synthetic", 0, 0, text, text, reference, quantity, direction)


def wrong(claim: Claim, rng: random.Random) -> Claim:
    assert claim.quantity is not None
    if claim.direction and rng.random() < 0.5:
        turned = (COMPASS_DEGREES[claim.direction] + 180) % 360
        return Claim(
            claim.doc_id,
            0,
            0,
            claim.text + " (turned)",
            claim.sentence,
            claim.reference,
            claim.quantity,
            compass(turned, SIXTEEN),
        )
    figure = claim.quantity.low * 4
    quantity = Quantity(f"about {figure:g} km", figure, figure, "km", "about")
    return Claim(
        claim.doc_id,
        0,
        0,
        claim.text + " (x4)",
        claim.sentence,
        claim.reference,
        quantity,
        claim.direction,
    )


def inside(h: LatLon, rings: tuple[tuple[LatLon, ...], ...]) -> bool:
    point = Point(h.lon, h.lat)
    # the region is simplified to 0.002 degrees: allow that much
    return any(Polygon([(p.lon, p.lat) for p in r]).buffer(0.003).contains(point) for r in rings)


def area_km2(rings: tuple[tuple[LatLon, ...], ...]) -> float:
    return sum(
        abs(GEOD.polygon_area_perimeter([p.lon for p in r], [p.lat for p in r])[0]) / 1e6
        for r in rings
    )


def _measured_from(claim: Claim, place: Place) -> bool:
    """ "Holbrook ... some sixty miles east of Holbrook": the sentence is about
    something else (the article's place is the reference)."""
    from geomap.gazetteer.normalize import name_key

    reference = claim.reference.place
    return reference is not None and (
        reference.id == place.id or name_key(reference.name) == name_key(place.name)
    )


def _could_be_about(truth: LatLon, claims: list[Claim]) -> bool:
    """Whether the gold point lies within five times the figure (and 50 km)
    of some point reference: WikToR's point is sometimes of a namesake of the
    place the sentence describes (a Riverside 10,000 km from the Chicago it
    is measured from)."""
    for claim in claims:
        reference = claim.reference.place
        if claim.quantity is None or reference is None or claim.reference.geometry != "point":
            return True  # a border or an area: not judged
        _, _, metres = GEOD.inv(truth.lon, truth.lat, reference.point.lon, reference.point.lat)
        if metres / 1000 <= 5 * claim.quantity.high_km + 50:
            return True
    return False


SENTENCES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "distance_sentences.jsonl"


def leave_one_out(gazetteer: object, show: int = 0) -> None:
    """Real sentences: the article's own place (WikToR), hidden and estimated
    from the claims the sentence makes about it, against the corpus's gold point."""
    import json

    from geomap.model import Document
    from geomap.pipeline import analyze

    if not SENTENCES.exists():
        print("leave-one-out: ../shared/eval/distance_sentences.jsonl not found")
        return
    rows: dict[tuple[str, bool], list[tuple[float, float, bool]]] = defaultdict(list)
    unrelated = unrelated_inside = 0
    with SENTENCES.open(encoding="utf-8") as handle:
        sentences = [json.loads(line) for line in handle]
    for number, sentence in enumerate(sentences):
        article = sentence.get("article") or {}
        if not article.get("title") or article.get("lat") is None:
            continue
        document = Document(str(number), sentence["sentence"], title=article["title"])
        report = analyze([document], gazetteer)  # type: ignore[arg-type]
        place = report.site
        if place is None or report.site not in {
            v.claim.subjects[0] for v in report.verdicts if len(v.claim.subjects) == 1
        }:
            continue
        # every claim about the place, false ones too: leaving them out is
        # the estimator's job, and filtering by the check would use the
        # hidden point itself
        claims = [
            v.claim
            for v in report.verdicts
            if v.claim.subjects == (place,) and not _measured_from(v.claim, place)
        ]
        truth = LatLon(article["lat"], article["lon"])
        estimate = locate_claims(claims, gazetteer)  # type: ignore[arg-type]
        if estimate is None:
            continue
        if not _could_be_about(truth, claims):
            unrelated += 1
            unrelated_inside += inside(truth, estimate.region)
            continue
        # the truth is the corpus's gold point for the article, not the
        # gazetteer's (the title may have resolved to a namesake)
        _, _, metres = GEOD.inv(truth.lon, truth.lat, estimate.point.lon, estimate.point.lat)
        stated = statistics.mean(c.quantity.low_km for c in estimate.used if c.quantity)
        count = len(estimate.used)
        label = "3+" if count >= 3 else str(count)
        directed = any(c.direction for c in estimate.used)
        rows[(label, directed)].append(
            (metres / 1000, metres / 1000 / max(stated, 1), inside(truth, estimate.region))
        )
        if show and not rows[(label, directed)][-1][2]:
            show -= 1
            print(
                f"  outside: {place.name} ({metres / 1000:.0f} km off): "
                + "; ".join(
                    f"{c.text} [{c.reference.place.name if c.reference.place else '?'}]"
                    for c in estimate.used
                )
                + (
                    " | left out: " + "; ".join(c.text for c in estimate.left_out)
                    if estimate.left_out
                    else ""
                )
            )
    print("\nleave-one-out on WikToR sentences (the article's place hidden, estimated from")
    print("every claim the sentence makes about it, except from a place of its own name;")
    print(f"{unrelated} sentences left out whose gold point lies far beyond every figure")
    print("from every reference: the corpus's point is of a namesake of the article):")
    print(
        f"{'claims':7} {'direction':9} {'cases':>5} {'median error':>13} {'of stated':>9} {'truth inside':>12}"
    )
    kept = [f[2] for found in rows.values() for f in found]
    print(
        f"truth inside: {sum(kept) / len(kept):.1%} of {len(kept)}; with the namesake points "
        f"too, {(sum(kept) + unrelated_inside) / (len(kept) + unrelated):.1%} of "
        f"{len(kept) + unrelated}"
    )
    for label in ("1", "2", "3+"):
        for directed in (False, True):
            found = rows.get((label, directed), [])
            if found:
                print(
                    f"{label:7} {'yes' if directed else 'no':9} {len(found):>5} "
                    f"{statistics.median(f[0] for f in found):>10.1f} km "
                    f"{statistics.median(f[1] for f in found):>9.0%} "
                    f"{sum(f[2] for f in found) / len(found):>12.0%}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--show-misses", type=int, default=0, help="list N real places outside their region"
    )
    parser.add_argument("--real-only", action="store_true", help="only the real sentences")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    gazetteer = open_gazetteer()
    everything = towns(Path(gazetteer.path))  # type: ignore[attr-defined]
    by_cell: dict[tuple[int, int], list[Place]] = defaultdict(list)
    for town in everything:
        by_cell[(math.floor(town.point.lat / 2), math.floor(town.point.lon / 2))].append(town)
    results: dict[tuple[str, bool], list[dict]] = defaultdict(list)
    wrong_found: list[bool] = []
    outcomes: dict[str, int] = defaultdict(int)
    wrong_by: dict[tuple[int, bool], list[bool]] = defaultdict(list)
    started = time.perf_counter()
    done = 0
    if args.real_only:
        leave_one_out(gazetteer, args.show_misses)
        return
    while done < args.cases:
        anchor = rng.choice(everything)
        lon, lat, _ = GEOD.fwd(
            anchor.point.lon, anchor.point.lat, rng.uniform(0, 360), rng.uniform(5, 60) * 1000
        )
        h = LatLon(lat, lon)
        cell = (math.floor(lat / 2), math.floor(lon / 2))
        near = [
            t
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            for t in by_cell.get((cell[0] + dy, cell[1] + dx), [])
        ]
        near.sort(key=lambda t: GEOD.inv(t.point.lon, t.point.lat, lon, lat)[2])
        count = rng.choice([1, 2, 3, 4])
        chosen = [t for t in near if GEOD.inv(t.point.lon, t.point.lat, lon, lat)[2] < 250e3]
        chosen = chosen[: count + 2]
        rng.shuffle(chosen)
        chosen = chosen[:count]
        if len(chosen) < count:
            continue
        with_direction = rng.random() < 0.5
        claims = [claim_about(h, t, with_direction, rng) for t in chosen]
        bad = None
        if count >= 3 and rng.random() < 1 / 3:
            index = rng.randrange(count)
            claims[index] = bad = wrong(claims[index], rng)
        estimate = locate_claims(claims)
        done += 1
        if estimate is None:
            continue
        stated = statistics.mean(c.quantity.low for c in claims if c.quantity)  # type: ignore[union-attr]
        _, _, metres = GEOD.inv(h.lon, h.lat, estimate.point.lon, estimate.point.lat)
        label = "3+" if count >= 3 else str(count)
        if bad is None:
            results[(label, with_direction)].append(
                {
                    "error": metres / 1000,
                    "share": metres / 1000 / stated,
                    "inside": inside(h, estimate.region),
                    "area": area_km2(estimate.region),
                }
            )
        else:
            wrong_found.append([c.text for c in estimate.left_out] == [bad.text])
            wrong_by[(count, with_direction)].append(wrong_found[-1])
            outcomes[
                ("none" if not estimate.left_out else "right" if wrong_found[-1] else "other")
                + (" turned" if "turned" in bad.text else " x4")
            ] += 1
    seconds = time.perf_counter() - started
    print(f"synthetic incidents: {done} in {seconds:.1f} s ({1000 * seconds / done:.0f} ms each)")
    print(
        f"{'claims':7} {'direction':9} {'cases':>5} {'median error':>13} {'of stated':>9} "
        f"{'truth inside':>12} {'median area km2':>15}"
    )
    calibrated = []
    for label in ("1", "2", "3+"):
        for with_direction in (False, True):
            rows = results.get((label, with_direction), [])
            if not rows:
                continue
            calibrated += [r["inside"] for r in rows]
            print(
                f"{label:7} {'yes' if with_direction else 'no':9} {len(rows):>5} "
                f"{statistics.median(r['error'] for r in rows):>10.1f} km "
                f"{statistics.median(r['share'] for r in rows):>9.0%} "
                f"{sum(r['inside'] for r in rows) / len(rows):>12.0%} "
                f"{statistics.median(r['area'] for r in rows):>15.0f}"
            )
    print(f"truth inside the region, all cases: {sum(calibrated) / len(calibrated):.1%}")
    if wrong_found:
        print(
            f"deliberately wrong claim left out (alone): {sum(wrong_found)}/{len(wrong_found)}"
            f" = {sum(wrong_found) / len(wrong_found):.0%}; {dict(sorted(outcomes.items()))}"
        )
        for (count, with_direction), found in sorted(wrong_by.items()):
            print(
                f"  {count} claims, {'with' if with_direction else 'no'} direction: "
                f"{sum(found)}/{len(found)} = {sum(found) / len(found):.0%}"
            )
    leave_one_out(gazetteer, args.show_misses)


if __name__ == "__main__":
    sys.exit(main())
