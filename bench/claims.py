"""Verdicts against a labelled gold set: false alarms, precision and recall of "inconsistent".

Usage:  python bench/claims.py [--split tune|heldout|heldout2|heldout3|all] [--show N] [--gold FILE]

The gold set (``bench/claims_gold.jsonl``) holds claims from the real
sentences of ``../shared/eval/distance_sentences.jsonl``, each labelled by
reading the sentence and locating both ends (gazetteer id or a cited source):
``subject``/``reference`` with coordinates, ``true_km`` (geodesic),
``true_bearing``, and ``truth`` (true / loose / false / unknown) as a careful
reader judges it. Claims with ``synthetic`` are true claims made false by an
edit (figure times four, compass point reversed); the edit is applied to the
sentence here, the sentences themselves are never stored in the repository.

Each sentence is checked on its own with ``geomap check --each`` (as a user
would on an archive), with the Wikipedia article's title as the document
title. A gold claim is *found* when geomap reports a claim whose text
overlaps the gold quantity. Figures, per split:

- found: gold claims found / all gold claims;
- measured: found claims with a measured distance (not unverifiable);
- measured right: measured distance within max(3 km, 10 %) of ``true_km``;
- verdict agreement: true -> consistent, road-distance-plausible or
  ambiguous; false -> inconsistent; loose -> any measured verdict;
- measured right is over measured claims whose true distance is known;
- false alarms: true claims (measured) called inconsistent;
- precision of "inconsistent": share of the claims called inconsistent
  that are false;
- recall: false claims called inconsistent / all false claims;
- coverage: gold claims whose two ends are named places the gazetteer holds
  that get a measured verdict.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
GOLD = BENCH / "claims_gold.jsonl"
SENTENCES = BENCH.parents[1] / "shared" / "eval" / "distance_sentences.jsonl"

_POINTS = ("north", "east", "south", "west")
OPPOSITE: dict[str, str] = {}
for _a, _b in (("north", "south"), ("east", "west"), ("south", "north"), ("west", "east")):
    OPPOSITE[_a] = _b
    OPPOSITE[_a.capitalize()] = _b.capitalize()
    OPPOSITE[_a[0].upper()] = _b[0].upper()
for _ns in ("north", "south"):
    for _ew in ("east", "west"):
        _rns, _rew = OPPOSITE[_ns], OPPOSITE[_ew]
        for _sep in ("", "-", " "):
            OPPOSITE[f"{_ns}{_sep}{_ew}"] = f"{_rns}{_sep}{_rew}"
            OPPOSITE[f"{_ns.capitalize()}{_sep}{_ew}"] = f"{_rns.capitalize()}{_sep}{_rew}"
        OPPOSITE[f"{_ns[0]}{_ew[0]}".upper()] = f"{_rns[0]}{_rew[0]}".upper()
# the sixteen-point names: "north-northeast" <-> "south-southwest", "ENE" <-> "WSW"
for _ns in ("north", "south"):
    for _ew in ("east", "west"):
        _rns, _rew = OPPOSITE[_ns], OPPOSITE[_ew]
        for _sep in ("", "-"):
            for _first, _rfirst in ((_ns, _rns), (_ew, _rew)):
                for _form in (str, str.capitalize):
                    OPPOSITE[_form(f"{_first}-{_ns}{_sep}{_ew}")] = _form(
                        f"{_rfirst}-{_rns}{_sep}{_rew}"
                    )
        OPPOSITE[f"{_ns[0]}{_ns[0]}{_ew[0]}".upper()] = f"{_rns[0]}{_rns[0]}{_rew[0]}".upper()
        OPPOSITE[f"{_ew[0]}{_ns[0]}{_ew[0]}".upper()] = f"{_rew[0]}{_rns[0]}{_rew[0]}".upper()
OK_FOR_TRUE = {"consistent", "road-distance-plausible", "ambiguous"}


def compass_words() -> list[str]:
    """Compass words, longest first, so that "north-east" wins over "north"."""
    return sorted(OPPOSITE, key=len, reverse=True)


def read_sentences(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass
class Outcome:
    gold: dict
    found: bool = False
    status: str = "missed"
    distance_km: float | None = None

    @property
    def measured(self) -> bool:
        return self.found and self.status != "unverifiable" and self.distance_km is not None


def document_for(claim: dict, sentences: list[dict]) -> tuple[str, dict]:
    source = sentences[claim["sentence_index"]]
    text = source["sentence"]
    doc_id = f"s{claim['sentence_index']}"
    if claim.get("synthetic"):
        edit = claim["synthetic"]
        text = text.replace(edit["replace"], edit["with"], 1)
        doc_id = claim["id"]
    title = (source.get("article") or {}).get("title", "")
    return doc_id, {"id": doc_id, "title": title, "text": text}


def run_geomap(
    documents: dict[str, dict], geomap: list[str]
) -> tuple[dict[str, list[dict]], float]:
    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "gold.jsonl"
        with articles.open("w", encoding="utf-8") as out:
            for document in documents.values():
                out.write(json.dumps(document) + "\n")
        started = time.perf_counter()
        command = [*geomap, "check", "--each", "--format", "json"]
        result = subprocess.run([*command, str(articles)], capture_output=True, text=True)
        elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"geomap check failed: {result.stderr.strip()}")
    by_doc: dict[str, list[dict]] = {}
    for claim in json.loads(result.stdout)["claims"]:
        by_doc.setdefault(claim["doc_id"], []).append(claim)
    return by_doc, elapsed


def match(
    claim: dict, text: str, found: list[dict], used: set[int], occurrence: int = 0
) -> Outcome:
    """geomap's claim at the gold claim's figure: its ``occurrence``-th in the
    text when the same figure is written twice ("19 miles south of Seattle and
    19 miles north-east of Tacoma"), else the last; one claim of geomap per
    gold claim while there are others at that figure."""
    outcome = Outcome(claim)
    starts = [m.start() for m in re.finditer(re.escape(claim["quantity"]), text)]
    if not starts:
        return outcome
    size = len(claim["quantity"])
    expected = starts[min(occurrence, len(starts) - 1)]
    overlapping = [
        (not _names_reference(c, claim), abs(start - expected), index, c)
        for start in starts
        for index, c in enumerate(found)
        if c["end"] > start and c["start"] < start + size
    ]
    ranked = [c for *_, c in sorted(overlapping, key=lambda row: row[:3])]
    fresh = [c for c in ranked if id(c) not in used]
    for candidate in fresh or ranked[:1]:
        used.add(id(candidate))
        outcome.found = True
        outcome.status = candidate["status"]
        distances = [r["distance_km"] for r in candidate["readings"] if r.get("distance_km")]
        if distances and claim.get("true_km") is not None:
            outcome.distance_km = min(distances, key=lambda d: abs(d - claim["true_km"]))
        elif distances:
            outcome.distance_km = distances[0]
        break
    return outcome


def _names_reference(found: dict, claim: dict) -> bool:
    """Whether geomap's reference shares a word with the gold reference's name."""
    reference = found.get("reference") or {}
    text = " ".join([reference.get("text") or "", (reference.get("place") or {}).get("name", "")])
    gold = set(re.findall(r"\w{3,}", claim["reference"]["name"].lower()))
    return bool(gold & set(re.findall(r"\w{3,}", text.lower())))


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.1%}" if whole else f"{part}/0"


def measured_right(outcome: Outcome) -> bool:
    true_km = outcome.gold.get("true_km")
    if true_km is None or outcome.distance_km is None:
        return False
    return abs(outcome.distance_km - true_km) <= max(3.0, 0.1 * true_km)


def both_ends_known(claim: dict) -> bool:
    return bool(claim.get("in_gazetteer")) and claim["reference"].get("geometry") == "point"


def report(name: str, outcomes: list[Outcome]) -> None:
    known = [o for o in outcomes if o.gold["truth"] != "unknown"]
    found = [o for o in outcomes if o.found]
    measured = [o for o in found if o.measured]
    with_truth = [o for o in measured if o.gold["truth"] != "unknown"]
    true_measured = [o for o in with_truth if o.gold["truth"] == "true"]
    flagged = [o for o in with_truth if o.status == "inconsistent"]
    false_all = [o for o in known if o.gold["truth"] == "false"]
    agree = [
        o
        for o in with_truth
        if (o.gold["truth"] == "true" and o.status in OK_FOR_TRUE)
        or (o.gold["truth"] == "false" and o.status == "inconsistent")
        or o.gold["truth"] == "loose"
    ]
    placed = [o for o in measured if o.gold.get("true_km") is not None]
    coverable = [o for o in outcomes if both_ends_known(o.gold)]
    truths = Counter(o.gold["truth"] for o in outcomes)
    unverifiable = sum(o.status == "unverifiable" for o in found)
    rows = [
        ("found", share(len(found), len(outcomes))),
        ("measured (not unverifiable)", share(len(measured), len(found)) + " of found"),
        ("unverifiable", share(unverifiable, len(found)) + " of found"),
        ("measured right", share(sum(map(measured_right, placed)), len(placed))),
        ("verdict agreement", share(len(agree), len(with_truth)) + " of measured"),
        ("false alarms", share(count(true_measured, "inconsistent"), len(true_measured))),
        (
            "precision of inconsistent",
            share(sum(o.gold["truth"] == "false" for o in flagged), len(flagged)),
        ),
        ("recall", share(count(false_all, "inconsistent"), len(false_all)) + " of false claims"),
        ("coverage", share(sum(o.measured for o in coverable), len(coverable))),
    ]
    print(f"\n== {name}: {len(outcomes)} gold claims ({dict(sorted(truths.items()))})")
    for label, value in rows:
        print(f"{label:28} {value}")
    print(f"{'statuses':28} {dict(Counter(o.status for o in outcomes).most_common())}")


def count(outcomes: list[Outcome], status: str) -> int:
    return sum(o.status == status for o in outcomes)


def show_errors(outcomes: list[Outcome], limit: int) -> None:
    wrong = [
        o
        for o in outcomes
        if (o.gold["truth"] == "true" and o.status == "inconsistent")
        or (o.gold["truth"] == "false" and o.status != "inconsistent")
        or (o.measured and o.gold.get("true_km") is not None and not measured_right(o))
    ]
    print(f"\n-- {len(wrong)} to read (first {limit})")
    for o in wrong[:limit]:
        g = o.gold
        km = f"{o.distance_km:.0f}" if o.distance_km is not None else "-"
        print(
            f"{g['id']} s{g['sentence_index']} {g['truth']:6} {o.status:24} measured {km:>5} km,"
            f" true {g.get('true_km')} km: {g['quantity']!r} {g['subject']['name']} <- {g['reference']['name']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        choices=["tune", "heldout", "heldout2", "heldout3", "heldout4", "all"],
        default="tune",
    )
    parser.add_argument("--show", type=int, default=0, help="list N claims to read")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument(
        "--geomap",
        default=f"{sys.executable} -m geomap",
        help="the command to run (another install, to compare versions)",
    )
    args = parser.parse_args()
    if not SENTENCES.exists():
        sys.exit(f"sentences not found: {SENTENCES}")
    sentences = read_sentences(SENTENCES)
    gold = read_gold(args.gold)
    splits = (
        ["tune", "heldout", "heldout2", "heldout3", "heldout4"]
        if args.split == "all"
        else [args.split]
    )
    gold = [c for c in gold if c["split"] in splits]
    documents: dict[str, dict] = {}
    for claim in gold:
        doc_id, document = document_for(claim, sentences)
        documents[doc_id] = document
    by_doc, elapsed = run_geomap(documents, args.geomap.split())
    used: set[int] = set()
    outcomes = []
    seen: Counter[tuple[str, str]] = Counter()
    for claim in gold:
        doc_id, document = document_for(claim, sentences)
        occurrence = seen[(doc_id, claim["quantity"])]
        seen[(doc_id, claim["quantity"])] += 1
        found = by_doc.get(doc_id, [])
        outcomes.append(match(claim, document["text"], found, used, occurrence))
    print(f"geomap check --each over {len(documents)} sentences: {elapsed:.1f} s")
    for split in splits:
        report(split, [o for o in outcomes if o.gold["split"] == split])
    if args.show:
        show_errors(outcomes, args.show)


if __name__ == "__main__":
    main()
