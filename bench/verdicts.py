"""Verdicts on real sentences: how often does geomap call a true statement false?

Usage:  python bench/verdicts.py [distance_sentences.jsonl] [--geomap CMD]

Runs `geomap check --each` (every sentence on its own, as a user would on an
archive) over the 2,195 real sentences with distance phrases in
../shared/eval/distance_sentences.jsonl (Wikipedia, Civil War dispatches, web
pages). Those sentences are mostly true, so the share of measured claims that
come out "inconsistent" is an upper bound on the false-alarm rate; it prints
the verdict counts and a sample of the inconsistent ones to read, and how
much geometry the gazetteer gives the claims: the share whose subject and
reference both resolve, and the share of measured claims measured to a
polygon, a line or a coast rather than a point. ``--geomap`` runs another
install (to compare versions).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "distance_sentences.jsonl"


_SHAPED = {"water", "desert", "region", "feature"}


def measured_to_a_shape(claim: dict) -> bool:
    reference = claim.get("reference") or {}
    place = reference.get("place") or {}
    return reference.get("geometry") in {"border", "coast", "area"} or place.get("kind") in _SHAPED


def both_ends_resolved(claim: dict) -> bool:
    reference = claim.get("reference") or {}
    return bool(claim.get("subjects")) and reference.get("place") is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--geomap", default=f"{sys.executable} -m geomap.cli")
    args = parser.parse_args()
    path = args.sentences
    if not path.exists():
        sys.exit(f"sentences not found: {path}")
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "sentences.jsonl"
        with path.open(encoding="utf-8") as source, articles.open("w", encoding="utf-8") as out:
            for number, line in enumerate(source):
                sentence = json.loads(line)["sentence"]
                out.write(json.dumps({"id": str(number), "text": sentence}) + "\n")
        started = time.perf_counter()
        result = subprocess.run(
            [
                *args.geomap.split(),
                "check",
                str(articles),
                "--each",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"geomap check failed ({result.returncode}): {result.stderr.strip()}")
    claims = json.loads(result.stdout)["claims"]
    statuses = Counter(claim["status"] for claim in claims)
    measured = sum(n for status, n in statuses.items() if status != "unverifiable")
    print(f"sentences         {path.name}: {len(claims)} claims in {seconds:.1f} s")
    for status in (
        "consistent",
        "road-distance-plausible",
        "ambiguous",
        "inconsistent",
        "unverifiable",
    ):
        share = (
            f"{statuses[status] / measured:.0%} of measured"
            if status != "unverifiable" and measured
            else ""
        )
        print(f"  {status:<24} {statuses[status]:>5}  {share}")
    resolved = sum(map(both_ends_resolved, claims))
    measured_claims = [c for c in claims if c["status"] != "unverifiable"]
    shaped = sum(map(measured_to_a_shape, measured_claims))
    print(
        f"  both ends resolved       {resolved:>5}  {resolved / max(1, len(claims)):.0%} of claims"
    )
    print(
        f"  measured to a shape      {shaped:>5}  "
        f"{shaped / max(1, len(measured_claims)):.0%} of measured (polygon, line or coast)"
    )
    inconsistent = [claim for claim in claims if claim["status"] == "inconsistent"]
    random.seed(0)
    print("\nsample of 'inconsistent' (read them: wrong place, loose figure, or a real error?)")
    for claim in random.sample(inconsistent, min(8, len(inconsistent))):
        print(f"- {claim['sentence'][:140]!r}")
        print(f"    {claim['explanation'][:200]}")


if __name__ == "__main__":
    main()
