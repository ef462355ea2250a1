"""Count the errors of `geomap places` on a gold corpus by their likely cause.

Usage:
    python bench/geoparse_errors.py [GOLD.jsonl] [--docs even|odd|all] [--examples K]

Runs the same command as bench/geoparse.py (``geomap places --format json
--explain``), matches spans the same way (overlap, one to one) and sorts every
error into one cause. The causes are read off the text around the span, the
reasons geomap gives and the gazetteer; they are heuristics for reading
errors, not a second scorer. Each cause is decided as follows, the first that
applies winning:

Misses (gold toponyms nothing predicted overlaps; recall):
  unsupported         recognised, but left unresolved: a small place nothing
                      else in the text backs, or no candidate fits (the
                      dropped span's reasons say "dropped:" or "no candidate")
  person rule         a span geomap dropped overlaps it and a drop reason
                      names a person
  demonym             one capitalised word ending in -ans, -ians, -ese, -is,
                      -ish, -ers or -ch(es) with no gazetteer entry as
                      written ("Palestinians", "Sinhalese")
  AP abbreviation     written as AP state abbreviations are ("S.C.", "Mass.",
                      "W. Va.", "D.C."): capitalised parts each ending in a
                      period
  organisation start  the next word is capitalised ("Millbrook Police",
                      "Grant County Sheriff's Office"): it heads a longer name
  multiword cut       a dropped span covers only part of it ("Red" of "Red
                      River"), or it is several words and a dropped span
                      holds one of them
  bare county         the gold feature code is ADM2 and the name carries no
                      "County" or "Parish"
  not in gazetteer    the gazetteer has no entry under the gold name
  other               none of these
Extras (predicted spans overlapping no gold toponym; precision):
  street              the next word is a street word ("Baker Street", "Elm Ave.")
  person name         after a title or before/after a speech verb here, or
                      elsewhere in the text the last word of a longer capitalised
                      run ("Matthew D. Reyes ... Reyes") or after a title
  organisation/brand  heads or ends a longer capitalised name here (geomap's
                      role "embedded", or a capitalised word right after it)
  common word/title   the text also writes it in lower case, or it opens a
                      sentence and is one word
  other               none of these
Resolution errors (matched, more than 161 km off; A@161; a span left
unresolved is not in the output, so it counts as a miss, "unsupported"):
  county as town      gold feature code ADM2, chosen kind a city
  town as region      gold feature code a populated place (PPL*), chosen kind a
                      country, first- or second-level region or continent
  namesake            the gazetteer holds a place under the same name within
                      161 km of gold, but another won
  area point          no entry within 161 km of gold, and the choice is an
                      area (country, region, sea): its point and gold's differ
  not in gazetteer    no entry under that name within 161 km of gold
(GeoWebNews has no feature codes: its errors are never "county as town" or
"town as region".)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import geoparse as scorer  # bench/geoparse.py, beside this file

from geomap.gazetteer import open_gazetteer
from geomap.gazetteer.normalize import name_key

FAR_KM = 161
_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ians|ans|ese|is|ish|ers|ches)$")
_AP_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]*\.\s?)+$")


def words(text: str) -> set[str]:
    return set(text.split())


_TITLES = words(
    """mr mrs ms dr sen rep gov gen col capt lt sgt officer deputy sheriff coach
    judge mayor commissioner president chief detective trooper councilman
    councilwoman superintendent principal pastor rev director"""
)
_SPEECH = {"said", "says", "told", "asked", "added", "according", "stated", "explained"}
_NOT_GIVEN_NAMES = {"the", "north", "south", "east", "west", "new", "st", "saint", "fort", "mount"}
_STREET = words(
    """street st st. road rd rd. avenue ave ave. boulevard blvd blvd. drive dr dr.
    lane ln highway hwy parkway pkwy way court ct place circle pike trail route"""
)
_AREA_KINDS = {"country", "admin1", "admin2", "region", "continent", "water"}
_ORDER = {
    "misses": (
        "unsupported",
        "person rule",
        "demonym",
        "AP abbreviation",
        "organisation start",
        "multiword cut",
        "bare county",
        "not in gazetteer",
        "other",
    ),
    "extras": ("street", "person name", "organisation/brand", "common word/title", "other"),
    "far": (
        "county as town",
        "town as region",
        "namesake",
        "area point",
        "not in gazetteer",
    ),
}


@dataclass(frozen=True)
class Error:
    """One error: its group (misses, extras, far), cause and a line to show."""

    group: str
    cause: str
    example: str


def words_after(text: str, end: int, count: int = 1) -> list[str]:
    return _WORD.findall(text[end : end + 60])[:count]


def word_before(text: str, start: int) -> str:
    found = _WORD.findall(text[max(0, start - 40) : start])
    return found[-1] if found else ""


def context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - 40) : start].replace("\n", " ")
    right = text[end : end + 40].replace("\n", " ")
    return f"...{left}[{text[start:end]}]{right}..."


def lower_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text) if w.islower()}


def next_is_capitalised(text: str, end: int) -> bool:
    gap = text[end : end + 2]
    following = words_after(text, end)
    return bool(following) and gap[:1] in {" ", "’", "'"} and following[0][:1].isupper()


def classify_miss(text: str, gold: dict, dropped: list[dict], gazetteer) -> str:
    start, end, name = gold["start"], gold["end"], gold["name"]
    overlapping = [d for d in dropped if d["start"] < end and start < d["end"]]
    if any(re.search(r"\bdropped:|no candidate fits", " ".join(d["reasons"])) for d in overlapping):
        return "unsupported"
    if any("person" in " ".join(d["reasons"]) for d in overlapping):
        return "person rule"
    known = bool(gazetteer.lookup({name_key(name)}).get(name_key(name)))
    if _DEMONYM.match(name) and not known:
        return "demonym"
    if _AP_ABBREVIATION.match(name):
        return "AP abbreviation"
    if next_is_capitalised(text, end):
        return "organisation start"
    if any(d["end"] - d["start"] < end - start for d in overlapping):
        return "multiword cut"
    if gold.get("fcode") == "ADM2" and not re.search(r"County|Parish|Borough", name):
        return "bare county"
    if not known:
        return "not in gazetteer"
    return "other"


def name_word_before(text: str, start: int, lowered: set[str]) -> str:
    """The capitalised word right before ``start`` when it reads as part of a
    name: not opening a sentence, never written in lower case in the text
    ("Matthew Reyes", "Charles H. Wilson"); "" otherwise."""
    found = re.search(r"([A-Z][a-z]+)\.?\s+(?:[A-Z]\.\s+)?$", text[max(0, start - 40) : start])
    if not found:
        return ""
    word = found.group(1)
    opener = text[: start - len(found.group(0))].rstrip()[-1:] in {"", ".", "!", "?", '"', "\n"}
    if opener or word.lower() in lowered or word.lower() in _NOT_GIVEN_NAMES:
        return ""
    return word


def is_person(text: str, record: dict, lowered: set[str]) -> bool:
    surface, start, end = record["text"], record["start"], record["end"]
    before = word_before(text, start).lower().rstrip(".")
    after = words_after(text, end)
    if before in _TITLES or before in _SPEECH or (after and after[0].lower() in _SPEECH):
        return True
    for found in re.finditer(r"\b" + re.escape(surface) + r"\b", text):
        if found.start() == start:
            continue
        if word_before(text, found.start()).lower().rstrip(".") in _TITLES:
            return True
        if name_word_before(text, found.start(), lowered):
            return True
    return False


def classify_extra(text: str, record: dict) -> str:
    start, end, surface = record["start"], record["end"], record["text"]
    after = words_after(text, end)
    if after and after[0].lower() in _STREET:
        return "street"
    lowered = lower_words(text)
    if is_person(text, record, lowered):
        return "person name"
    if (
        record.get("role") == "embedded"
        or next_is_capitalised(text, end)
        or name_word_before(text, start, lowered)
    ):
        return "organisation/brand"
    opens = text[:start].rstrip()[-1:] in {"", ".", "!", "?", '"', "\n"}
    if surface.lower() in lowered or (opens and " " not in surface):
        return "common word/title"
    return "other"


def classify_far(gold: dict, record: dict, gazetteer) -> str:
    fcode = gold.get("fcode") or ""
    kind = record.get("kind") or ""
    if fcode == "ADM2" and kind == "city":
        return "county as town"
    if fcode.startswith("PPL") and kind in {"country", "admin1", "admin2", "region", "continent"}:
        return "town as region"
    keys = {name_key(gold["name"]), name_key(record["text"])}
    found = gazetteer.lookup(keys)
    near = [
        m
        for matches in found.values()
        for m in matches
        if scorer.haversine_km(gold["lat"], gold["lon"], m.place.point.lat, m.place.point.lon)
        <= FAR_KM
    ]
    if near:
        return "namesake"
    return "area point" if kind in _AREA_KINDS else "not in gazetteer"


def analyse(docs: list[dict], predictions: list[dict], gazetteer) -> list[Error]:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for p in predictions:
        by_doc[str(p["doc_id"])].append(p)
    errors = []
    for doc in docs:
        text, records = doc["text"], by_doc.get(str(doc["doc_id"]), [])
        dropped = [r for r in records if r.get("role") == "dropped"]
        predicted = scorer.scored_records(records)
        matched = scorer.match_spans(doc["toponyms"], predicted)
        hit_gold = {id(g) for g, _ in matched}
        hit_pred = {id(p) for _, p in matched}
        for g in doc["toponyms"]:
            if id(g) not in hit_gold:
                cause = classify_miss(text, g, dropped, gazetteer)
                errors.append(Error("misses", cause, context(text, g["start"], g["end"])))
        for p in predicted:
            if id(p) not in hit_pred:
                cause = classify_extra(text, p)
                errors.append(Error("extras", cause, context(text, p["start"], p["end"])))
        for g, p in matched:
            lat, lon = p.get("lat"), p.get("lon")
            if lat is not None and scorer.haversine_km(g["lat"], g["lon"], lat, lon) <= FAR_KM:
                continue
            cause = classify_far(g, p, gazetteer)
            shown = f"{context(text, g['start'], g['end'])} -> {p.get('name')} {p.get('country_code')} ({p.get('kind')})"
            errors.append(Error("far", cause, shown))
    return errors


def report(errors: list[Error], examples: int) -> None:
    titles = {
        "misses": "misses (recall)",
        "extras": "extras (precision)",
        "far": f"resolution errors > {FAR_KM} km",
    }
    for group, causes in _ORDER.items():
        counts = Counter(e.cause for e in errors if e.group == group)
        print(f"{titles[group]}: {sum(counts.values())}")
        for cause in causes:
            print(f"  {cause:<20} {counts[cause]:>5}")
            shown = [
                e.example for e in errors if e.group == group and e.cause == cause and e.example
            ]
            for line in shown[:examples]:
                print(f"      {line}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", nargs="?", type=Path, default=scorer.DEFAULT_GOLD)
    parser.add_argument("--docs", choices=scorer.DOC_HALVES, default="all")
    parser.add_argument("--examples", type=int, default=0, help="show K examples of each cause")
    parser.add_argument("--only", help="show examples of this cause only")
    args = parser.parse_args()
    if not args.gold.exists():
        sys.exit(f"gold corpus not found: {args.gold}")
    docs = scorer.load_gold(args.gold, None, args.docs)
    predictions, _ = scorer.predict(docs, explain=True)
    gazetteer = open_gazetteer(build_if_needed=False)
    errors = analyse(docs, predictions, gazetteer)
    if args.only:
        errors = [e for e in errors if e.cause == args.only] + [
            Error(e.group, e.cause, "") for e in errors if e.cause != args.only
        ]
    print(f"corpus {args.gold.name} {args.docs} ({len(docs)} documents)")
    report(errors, args.examples)


if __name__ == "__main__":
    main()
