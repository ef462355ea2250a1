"""How many candidate distance phrases the claims stage extracts correctly.

Usage:
    python bench/claim_coverage.py [SENTENCES.jsonl] [--examples K] [--top N]

The input (``../shared/eval/distance_sentences.jsonl`` by default) has one
sentence per line with ``matches``: distance phrases found by a regular
expression, each with ``quantity`` (the words), ``value``, ``unit`` and
``direction``. They are candidates, not gold: some are no place-to-place
distance ("350 km above the Earth"), and the candidate value is sometimes
mangled ("seventy-five" as [5, 70]). Scoring therefore:

- a candidate with a single value must be extracted with that value;
- a candidate range ("10 to 15") must be extracted as that range; a value
  split by the candidate regex ("seventy-five" -> [5, 70], "two and a half"
  -> [0.5, 2]) is accepted as the sum or as either part (counted as lenient);
- a candidate without a value (vague words: "a few", "several") needs only
  the unit;
- units must agree (miles/mile/mi -> mi, kilometres/km/kms -> km, ...);
- a compass direction given by the candidate must agree (at claim level).

Two levels are reported: *quantity* (``geomap.claims.quantities.find_quantities``
found it) and *claim* (``geomap.claims.extract.extract_claims``, with no resolved
places and no site, built a claim from it). Misses are grouped by cause.
Evaluation only: the sentences are printed in short excerpts, never stored.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from geomap.claims.extract import extract_claims
from geomap.claims.quantities import QuantityMatch, find_quantities
from geomap.model import Claim, Document, Quantity

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "eval" / "distance_sentences.jsonl"

# Candidate unit spellings -> canonical unit; written here so that scoring
# does not rely on the parser being scored.
CANDIDATE_UNITS = {
    "km": "km",
    "kms": "km",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "mile": "mi",
    "miles": "mi",
    "mi": "mi",
    "nautical mile": "nmi",
    "nautical miles": "nmi",
    "m": "m",
    "metre": "m",
    "metres": "m",
    "meter": "m",
    "meters": "m",
}
COMPASS = set(
    [
        "N",
        "NNE",
        "NE",
        "ENE",
        "E",
        "ESE",
        "SE",
        "SSE",
        "S",
        "SSW",
        "SW",
        "WSW",
        "W",
        "WNW",
        "NW",
        "NNW",
    ]
)


@dataclass
class Candidate:
    sentence_index: int
    start: int
    end: int
    quantity_text: str
    value: float | list[float] | None
    unit: str
    direction: str | None  # compass abbreviation, or None
    raw_direction: str | None
    kind: str


def candidate_direction(raw: str | None) -> str | None:
    """Compass abbreviation of a candidate direction ("south-east" -> "SE"), or None."""
    if not raw:
        return None
    words = raw.lower().replace("due ", "")
    if re.fullmatch(r"[nsew]{1,3}", words):
        letters = words.upper()
    else:
        parts = re.findall(r"north|south|east|west", words)
        if not parts or re.sub(r"north|south|east|west|[\s-]", "", words):
            return None
        letters = "".join(p[0].upper() for p in parts)
    return letters if letters in COMPASS else None


def locate(sentence: str, quantity: str, unit: str, occurrence: int) -> tuple[int, int] | None:
    """Span of the ``occurrence``-th place where ``quantity`` is followed by ``unit``."""
    pattern = re.compile(re.escape(quantity) + r"[\s\-]*(?:\([^)]*\)\s*)?" + re.escape(unit), re.I)
    spans = [(m.start(), m.start() + len(quantity)) for m in pattern.finditer(sentence)]
    if not spans:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(quantity), sentence)]
    return spans[min(occurrence, len(spans) - 1)] if spans else None


def load(path: Path) -> tuple[list[str], list[Candidate], int]:
    sentences: list[str] = []
    candidates: list[Candidate] = []
    unlocated = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            index = len(sentences)
            sentences.append(row["sentence"])
            seen: Counter[tuple[str, str]] = Counter()
            for match in row["matches"]:
                key = (match["quantity"], match["unit"])
                span = locate(row["sentence"], match["quantity"], match["unit"], seen[key])
                seen[key] += 1
                if span is None:
                    unlocated += 1
                    continue
                candidates.append(
                    Candidate(
                        sentence_index=index,
                        start=span[0],
                        end=span[1],
                        quantity_text=match["quantity"],
                        value=match["value"],
                        unit=CANDIDATE_UNITS.get(match["unit"].lower(), match["unit"]),
                        direction=candidate_direction(match["direction"]),
                        raw_direction=match["direction"],
                        kind=match["kind"],
                    )
                )
    return sentences, candidates, unlocated


def value_verdict(candidate: Candidate, quantity: Quantity) -> str:
    """'ok', 'lenient' (accepted despite a mangled candidate value) or 'value'."""
    value = candidate.value
    if value is None:
        return "ok"
    if isinstance(value, list):
        low, high = min(value), max(value)
        stated_range = re.search(
            r"\d\s*(?:-|–|to)\s*\d|\bto\b|\bor\b|between", candidate.quantity_text
        )
        if stated_range:
            return "ok" if (quantity.low, quantity.high) == (low, high) else "value"
        if quantity.low == quantity.high and quantity.low in (low, high, low + high):
            return "lenient"
        return "value"
    return (
        "ok" if abs(quantity.low - value) < 1e-6 and abs(quantity.high - value) < 1e-6 else "value"
    )


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def judge_quantity(
    candidate: Candidate, matches: list[QuantityMatch]
) -> tuple[str, QuantityMatch | None]:
    near = [m for m in matches if overlaps(m.start, m.end, candidate.start, candidate.end)]
    if not near:
        return "no quantity", None
    for match in near:
        # The candidate may be the conversion of a stated quantity:
        # "70 mi or 110 km west", "68 miles (109 km)".
        for quantity in (match.quantity, match.conversion):
            if quantity is None or quantity.unit != candidate.unit:
                continue
            if value_verdict(candidate, quantity) != "value":
                return value_verdict(candidate, quantity), match
    match = near[0]
    return ("unit" if match.quantity.unit != candidate.unit else "value"), match


def judge_claim(
    candidate: Candidate, claims: tuple[Claim, ...], quantity_match: QuantityMatch | None
) -> tuple[str, Claim | None]:
    near = [
        c
        for c in claims
        if c.quantity is not None and overlaps(c.start, c.end, candidate.start, candidate.end)
    ]
    for claim in near:
        assert claim.quantity is not None
        verdict = value_verdict(candidate, claim.quantity)
        if claim.quantity.unit != candidate.unit or verdict == "value":
            # Accept a claim stated in the other unit of a conversion.
            if quantity_match is None or quantity_match.start != claim.start:
                continue
            verdict = "ok"
        if candidate.direction and claim.direction != candidate.direction:
            return "direction", claim
        return verdict, claim
    return "no claim", None


def shape(text: str) -> str:
    """A coarse shape of a few words, to group misses: digits -> 9, names -> Xx."""
    words = []
    for word in text.split()[:3]:
        if word[:1].isdigit():
            words.append("9")
        elif word[:1].isupper():
            words.append("Xx")
        else:
            words.append(word.lower())
    return " ".join(words) or "(end)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--examples", type=int, default=2, help="examples shown per miss group")
    parser.add_argument("--top", type=int, default=15, help="miss groups shown")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"skipped: {args.path} not found (it lives in ../shared/eval next to the repo)")
        return 0

    sentences, candidates, unlocated = load(args.path)
    started = time.perf_counter()
    quantities = [find_quantities(s) for s in sentences]
    claims = [extract_claims(Document(f"s{i}", s), ()) for i, s in enumerate(sentences)]
    seconds = time.perf_counter() - started

    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    for candidate in candidates:
        sentence = sentences[candidate.sentence_index]
        q_verdict, q_match = judge_quantity(candidate, quantities[candidate.sentence_index])
        c_verdict, c_match = judge_claim(
            candidate, claims[candidate.sentence_index], q_match if q_verdict != "value" else None
        )
        q_ok = q_verdict in ("ok", "lenient")
        c_ok = c_verdict in ("ok", "lenient")
        totals.update(
            {"all": 1, "quantity": q_ok, "claim": c_ok, "lenient": c_verdict == "lenient"}
        )
        by_kind[candidate.kind].update({"all": 1, "quantity": q_ok, "claim": c_ok})
        if c_ok:
            continue
        if not q_ok:
            found = q_match.quantity.text if q_match else "-"
            group = f"quantity: {q_verdict} ({shape(candidate.quantity_text)} -> {shape(found)})"
        elif c_verdict == "direction":
            assert c_match is not None
            group = f"claim: direction {candidate.raw_direction!r} read as {c_match.direction!r}"
        else:
            assert q_match is not None
            after = sentence[q_match.end : q_match.end + 40]
            group = f"claim: none [{candidate.kind}] after quantity: '{shape(after)}'"
        excerpt = sentence[max(0, candidate.start - 50) : candidate.end + 60].replace("\n", " ")
        misses[group].append(excerpt)

    def share(part: int, whole: int) -> str:
        return f"{part / whole:6.1%}" if whole else "   n/a"

    n = totals["all"]
    print(f"{args.path.name}: {len(sentences)} sentences, {n} candidate phrases", end="")
    print(f" ({unlocated} not located in their sentence, left out)")
    rate = len(sentences) / seconds
    print(f"time: {seconds * 1000:.0f} ms for quantities and claims ({rate:.0f} sentences/s)")
    print()
    for label, key in (
        ("quantity level (value and unit):              ", "quantity"),
        ("claim level (value, unit, direction if given): ", "claim"),
    ):
        print(f"{label}{share(totals[key], n)}  ({totals[key]}/{n})")
    print(f"  of which accepted leniently (mangled candidate value): {totals['lenient']}")
    print()
    print(f"{'kind':<10} {'n':>5} {'quantity':>9} {'claim':>7}")
    for kind, counts in sorted(by_kind.items(), key=lambda item: -item[1]["all"]):
        print(
            f"{kind:<10} {counts['all']:>5} {share(counts['quantity'], counts['all']):>9}"
            f" {share(counts['claim'], counts['all']):>7}"
        )
    print()
    print(f"most common misses (claim level), top {args.top}:")
    for group, excerpts in sorted(misses.items(), key=lambda item: -len(item[1]))[: args.top]:
        print(f"{len(excerpts):5}  {group}")
        for excerpt in excerpts[: args.examples]:
            print(f"         … {excerpt} …")
    return 0


if __name__ == "__main__":
    sys.exit(main())
