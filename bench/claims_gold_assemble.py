"""Assemble bench/claims_gold.jsonl from the labelled chunks (run once; kept for the record).

Usage:  python bench/claims_gold_assemble.py LABELS_DIR

Reads ``gold_1.jsonl``... (one labelled claim a line, see bench/claims.py for
the fields), gives each claim an id and a split, and adds synthetic false
claims: a true claim whose figure is multiplied by four, or whose compass
point is turned round, stored as an edit of the sentence (the sentences
themselves stay in ../shared/eval and are never copied here).

The split is by sentence (every claim of a sentence on the same side), from a
hash of its index: a third is held out and scored only at the end. Labels in
``gold_4.jsonl`` and later are a second held-out split (``heldout2``) of new
sentences, labelled after the first held-out split had been scored; labels in
``gold_6.jsonl`` to ``gold_9.jsonl`` a third (``heldout3``), labelled once the
second had been read while tuning, and scored blind once; ``gold_10.jsonl`` to
``gold_13.jsonl`` a fourth (``heldout4``), the same way after the third.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

from claims import OPPOSITE, SENTENCES, compass_words, read_sentences

GOLD = Path(__file__).with_name("claims_gold.jsonl")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
CONVERSION = re.compile(r"\s*\((\d+(?:[.,]\d+)?)\s*(?:km|kilometres|kilometers|mi|miles)\)")


def split_of(sentence_index: int) -> str:
    digest = hashlib.sha1(f"claims-gold:{sentence_index}".encode()).digest()
    return "heldout" if digest[0] % 3 == 0 else "tune"


def figure_edit(claim: dict, sentence: str) -> dict | None:
    """Four times the figure: "7 mi" -> "28 mi", when the figure is written in digits."""
    number = NUMBER.search(claim["quantity"])
    if number is None or claim["quantity"] not in sentence:
        return None
    value = float(number.group().replace(",", ""))
    if value <= 0 or "-" in claim["quantity"] or " to " in claim["quantity"]:
        return None
    old = claim["quantity"]
    new = old.replace(number.group(), _times_four(value), 1)
    # "23 miles (37 km)": the conversion is scaled too, as a writer's error would be
    conversion = CONVERSION.match(sentence, sentence.find(old) + len(old))
    if conversion is not None:
        inner = conversion.group(1).replace(",", "")
        old += conversion.group()
        new += conversion.group().replace(conversion.group(1), _times_four(float(inner)), 1)
    return {"replace": old, "with": new, "what": "figure x4"}


def _times_four(value: float) -> str:
    bigger = value * 4
    return f"{bigger:g}" if bigger != int(bigger) else str(int(bigger))


def direction_edit(claim: dict, sentence: str) -> dict | None:
    """The compass point turned round: "7 mi NE of" -> "7 mi SW of"."""
    start = sentence.find(claim["quantity"])
    if start < 0 or not claim.get("direction"):
        return None
    window = sentence[start : start + len(claim["quantity"]) + 40]
    found = [
        (match.start(), -len(word), match, word)
        for word in compass_words()
        if OPPOSITE.get(word)
        for match in [re.search(rf"\b{re.escape(word)}\b", window)]
        if match
    ]
    if not found:
        return None
    # the compass point nearest the figure, not the longest word in the window
    # ("20.5 miles west of Ulysses, and 26 miles south of ...": west)
    _, _, match, word = min(found, key=lambda f: (f[0], f[1]))
    old = window[: match.end()]
    new = window[: match.start()] + OPPOSITE[word]
    return {"replace": old, "with": new, "what": "direction reversed"}


def _figure_only(edit: dict) -> str:
    return CONVERSION.sub("", edit["with"])


def synthetic_false(claim: dict, sentence: str, rng: random.Random) -> dict | None:
    fits = (
        claim["truth"] == "true"
        and claim.get("in_gazetteer")
        and claim["reference"].get("geometry") == "point"
        and claim.get("true_km")
        and claim.get("stated_km")
        and abs(claim["true_km"] - claim["stated_km"]) <= 0.3 * claim["stated_km"]
    )
    if not fits:
        return None
    edits = [direction_edit(claim, sentence), figure_edit(claim, sentence)]
    edits = [e for e in edits if e is not None and sentence.count(e["replace"]) == 1]
    if not edits:
        return None
    edit = rng.choice(edits)
    return {
        **claim,
        "truth": "false",
        "synthetic": edit,
        "quantity": _figure_only(edit) if edit["what"] == "figure x4" else claim["quantity"],
        "stated_km": claim["stated_km"] * (4 if edit["what"] == "figure x4" else 1),
        "note": f"synthetic false claim ({edit['what']}) made from a true one",
    }


def read_labels(paths: list[Path], sentences: list[str]) -> list[dict]:
    labelled = [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    labelled.sort(
        key=lambda c: (c["sentence_index"], sentences[c["sentence_index"]].find(c["quantity"]))
    )
    return labelled


def with_false_claims(
    claims: list[dict], sentences: list[str], quota: dict[str, int], prefix: str, seed: int
) -> list[dict]:
    """Synthetic false claims made from true ones, ``quota`` per split."""
    rng = random.Random(seed)
    candidates = [c for c in claims if synthetic_false(c, sentences[c["sentence_index"]], rng)]
    rng.shuffle(candidates)
    chosen = [
        c for split, n in quota.items() for c in [c for c in candidates if c["split"] == split][:n]
    ]
    made = []
    for number, claim in enumerate(sorted(chosen, key=lambda c: c["id"])):
        false = synthetic_false(claim, sentences[claim["sentence_index"]], random.Random(number))
        assert false is not None
        made.append({**false, "id": f"{prefix}{number:04d}"})
    return made


def main() -> None:
    folder = Path(sys.argv[1])
    sentences = [s["sentence"] for s in read_sentences(SENTENCES)]
    # The first labelling: tuning and held-out splits by sentence hash.
    first = read_labels([folder / f"gold_{k}.jsonl" for k in (1, 2, 3)], sentences)
    out = []
    for number, claim in enumerate(first):
        claim = {"id": f"g{number:04d}", "split": split_of(claim["sentence_index"]), **claim}
        claim.pop("chunk", None)
        out.append(claim)
    # enough false claims on each side to measure recall there too
    out += with_false_claims(out, sentences, {"tune": 45, "heldout": 30}, "f", 2026)
    # A second held-out split, labelled after the first was scored: new sentences.
    second = read_labels([folder / f"gold_{k}.jsonl" for k in (4, 5)], sentences)
    fresh = [
        {"id": f"h{number:04d}", "split": "heldout2", **claim}
        for number, claim in enumerate(second)
    ]
    out += fresh + with_false_claims(fresh, sentences, {"heldout2": 30}, "k", 2027)
    # A third, labelled when the second had been read while tuning: new sentences again.
    third = read_labels([folder / f"gold_{k}.jsonl" for k in (6, 7, 8, 9)], sentences)
    newest = [
        {"id": f"m{number:04d}", "split": "heldout3", **claim} for number, claim in enumerate(third)
    ]
    for claim in newest:
        claim.pop("chunk", None)
    out += newest + with_false_claims(newest, sentences, {"heldout3": 40}, "n", 2028)
    # A fourth, labelled when the third had been read while tuning, scored blind once.
    fourth = read_labels([folder / f"gold_{k}.jsonl" for k in (10, 11, 12, 13)], sentences)
    latest = [
        {"id": f"p{number:04d}", "split": "heldout4", **claim}
        for number, claim in enumerate(fourth)
    ]
    for claim in latest:
        claim.pop("chunk", None)
    out += latest + with_false_claims(latest, sentences, {"heldout4": 40}, "q", 2029)
    with GOLD.open("w", encoding="utf-8") as handle:
        for claim in out:
            handle.write(json.dumps(claim, ensure_ascii=False) + "\n")
    synthetic = sum(1 for c in out if c.get("synthetic"))
    print(f"{len(out)} claims ({synthetic} synthetic false) -> {GOLD}")


if __name__ == "__main__":
    main()
