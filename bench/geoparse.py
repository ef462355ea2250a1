"""Score `geomap places` against a gold geoparsing corpus (GeoWebNews JSONL form).

Usage:
    python bench/geoparse.py [GOLD.jsonl] [--limit N] [--docs even|odd|all]
                             [--predictions PRED.json] [--show-errors K]

The gold file has one article per line: ``doc_id``, ``text`` and ``toponyms``
(``start``, ``end``, ``name``, ``lat``, ``lon``). Predictions come from running
the same command a user types (``geomap places GOLD --format json``) unless a
saved JSON file is given. The scorer shares no code with geomap.

Printed: recognition precision / recall / F1 (a prediction matches a gold
toponym when their character spans overlap, one to one), A@161 (share of
matched toponyms resolved within 161 km of gold), median and mean error (km),
AUC of the log error curve (lower is better), and documents per second.

``--docs even`` (or ``odd``) scores only the articles on even (odd) line
indexes of the gold file (the file split by newline, counting from 0): tune
rules on one half and score the other, held out, only at the end.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geowebnews.jsonl"
EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = 20039.0  # half the equator: the worst possible error


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


DOC_HALVES = ("all", "even", "odd")


def load_gold(path: Path, limit: int | None, half: str = "all") -> list[dict]:
    """The gold articles of ``path``; ``half`` keeps those on even or odd line indexes."""
    docs = []
    for index, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
        if half != "all" and index % 2 != (0 if half == "even" else 1):
            continue
        if line.strip():
            docs.append(json.loads(line))
        if limit and len(docs) >= limit:
            break
    return docs


def predict(
    docs: list[dict], repeat: int = 1, jobs: int = 1, explain: bool = False
) -> tuple[list[dict], float]:
    """Run `geomap places` on the documents; return predictions and seconds taken.

    With ``repeat`` > 1 the corpus is fed that many times (ids suffixed) so
    start-up weighs less in the speed figure; only the first copy is scored.
    With ``explain`` the records carry reasons and alternatives, and the
    dropped spans come too (role "dropped"): see :func:`scored_records`.
    """
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for copy in range(repeat):
                for doc in docs:
                    doc_id = doc["doc_id"] if copy == 0 else f"{doc['doc_id']}~{copy}"
                    out.write(json.dumps({"id": doc_id, "text": doc["text"]}) + "\n")
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "geomap.cli",
                "places",
                str(corpus),
                "--format",
                "json",
                "--jobs",
                str(jobs),
                *(["--explain"] if explain else []),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"geomap places failed ({result.returncode}): {result.stderr.strip()}")
    return json.loads(result.stdout), seconds


def scored_records(predictions: list[dict]) -> list[dict]:
    """The predicted mentions, without the dropped spans `--explain` adds."""
    return [p for p in predictions if p.get("role") != "dropped"]


def match_spans(gold: list[dict], predicted: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of overlapping spans, greedily by largest overlap."""
    pairs = []
    for g in gold:
        for p in predicted:
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > 0:
                pairs.append((overlap, id(g), id(p), g, p))
    pairs.sort(key=lambda item: -item[0])
    used_gold, used_pred, matched = set(), set(), []
    for _, gid, pid, g, p in pairs:
        if gid in used_gold or pid in used_pred:
            continue
        used_gold.add(gid)
        used_pred.add(pid)
        matched.append((g, p))
    return matched


def score(docs: list[dict], predictions: list[dict]) -> dict:
    by_doc: dict[str, list[dict]] = {}
    for p in scored_records(predictions):
        by_doc.setdefault(str(p["doc_id"]), []).append(p)
    n_gold = n_pred = 0
    errors: list[float] = []
    misses: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    far: list[tuple[float, str, str, str]] = []
    for doc in docs:
        gold = doc["toponyms"]
        predicted = by_doc.get(str(doc["doc_id"]), [])
        n_gold += len(gold)
        n_pred += len(predicted)
        matched = match_spans(gold, predicted)
        hit_gold = {id(g) for g, _ in matched}
        hit_pred = {id(p) for _, p in matched}
        misses.update(g["name"] for g in gold if id(g) not in hit_gold)
        false_alarms.update(p["text"] for p in predicted if id(p) not in hit_pred)
        for g, p in matched:
            if p.get("lat") is None:
                error = MAX_ERROR_KM
            else:
                error = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
            errors.append(error)
            if error > 161:
                far.append((error, g["name"], str(p.get("name")), str(p.get("country_code"))))
    tp = len(errors)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    a161 = sum(e <= 161 for e in errors) / tp if tp else 0.0
    auc = sum(math.log(1 + e) for e in errors) / (tp * math.log(1 + MAX_ERROR_KM)) if tp else 0.0
    return {
        "documents": len(docs),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "a161": a161,
        "median_km": statistics.median(errors) if errors else 0.0,
        "mean_km": statistics.fmean(errors) if errors else 0.0,
        "auc": auc,
        "misses": misses,
        "false_alarms": false_alarms,
        "far": far,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--limit", type=int, default=None, help="score the first N documents only")
    parser.add_argument(
        "--predictions", type=Path, help="saved `geomap places --format json` output"
    )
    parser.add_argument(
        "--docs", choices=DOC_HALVES, default="all", help="score the even or odd lines only"
    )
    parser.add_argument("--show-errors", type=int, default=0, help="print the K most common errors")
    parser.add_argument(
        "--repeat", type=int, default=1, help="feed the corpus N times for a steadier speed figure"
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for geomap places")
    args = parser.parse_args()
    if not args.gold.exists():
        sys.exit(f"gold corpus not found: {args.gold}")
    docs = load_gold(args.gold, args.limit, args.docs)
    if args.predictions:
        predictions, seconds = json.loads(args.predictions.read_text()), float("nan")
    else:
        predict(docs[:1])  # warm the gazetteer (a first run builds it)
        predictions, seconds = predict(docs, args.repeat, args.jobs)
    result = score(docs, predictions)
    print(
        f"corpus            {args.gold.name} {args.docs} ({result['documents']} documents, {result['gold']} gold toponyms)"
    )
    print(
        f"recognition       P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}"
    )
    print(
        f"resolution        A@161 {result['a161']:.3f}  median {result['median_km']:.1f} km  "
        f"mean {result['mean_km']:.0f} km  AUC {result['auc']:.3f}"
    )
    if not math.isnan(seconds):
        print(
            f"speed             {result['documents'] * args.repeat / seconds:.0f} documents/s "
            f"({result['documents'] * args.repeat} documents in {seconds:.2f} s wall, including start-up)"
        )
    if args.show_errors:
        k = args.show_errors
        print(
            "\nmost missed:       "
            + ", ".join(f"{n} ({c})" for n, c in result["misses"].most_common(k))
        )
        print(
            "most false alarms: "
            + ", ".join(f"{n} ({c})" for n, c in result["false_alarms"].most_common(k))
        )
        far = Counter((g, p, cc) for _, g, p, cc in result["far"])
        print(
            "most far off:      "
            + ", ".join(f"{g}->{p} {cc} ({c})" for (g, p, cc), c in far.most_common(k))
        )


if __name__ == "__main__":
    main()
