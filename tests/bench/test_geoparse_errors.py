"""bench/geoparse_errors.py: the cause each error of a gold comparison is put under."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from builders import place

from geomap.gazetteer.store import MemoryGazetteer

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def errors() -> ModuleType:
    """The script as a module (it imports bench/geoparse.py beside it)."""
    spec = importlib.util.spec_from_file_location("geoparse_errors", BENCH / "geoparse_errors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("geoparse_errors", module)
    spec.loader.exec_module(module)
    return module


def record(text: str, name: str, **fields: object) -> dict:
    """A predicted span of ``name`` (its last occurrence) as `geomap places` writes it."""
    start = text.rindex(name)
    return {"text": name, "start": start, "end": start + len(name), **fields}


@pytest.mark.parametrize(
    ("text", "name", "cause"),
    [
        ("The fire was at 6016 Dublin Road on Tuesday.", "Dublin", "street"),
        (
            "Police Chief Ann Walker arrived. The road is open, Walker added.",
            "Walker",
            "person name",
        ),
        ("Sheriff Holt said the road was open.", "Holt", "person name"),
        ("He works for the Atlanta Journal-Constitution now.", "Atlanta", "organisation/brand"),
        ("Brush and leaves go out Monday. Put brush by the curb.", "Brush", "common word/title"),
        ("Fighting went on around Tskhinvali overnight.", "Tskhinvali", "other"),
    ],
)
def test_an_extra_span_gets_the_cause_its_context_shows(
    errors: ModuleType, text: str, name: str, cause: str
) -> None:
    assert errors.classify_extra(text, record(text, name)) == cause


MILLBROOK = place("t:mb", "Millbrook", "city", "US", 41.78, -73.69, 1_400, "New York")
EDGAR = place("t:ec", "Edgar County", "admin2", "US", 39.68, -87.75, 17_000, "Illinois")


@pytest.mark.parametrize(
    ("text", "name", "dropped_reason", "fcode", "cause"),
    [
        (
            "It spread to Millbrook.",
            "Millbrook",
            "dropped: nothing else backs it",
            "PPL",
            "unsupported",
        ),
        ("Officer Millbrook said so.", "Millbrook", "a person's name.", "PPL", "person rule"),
        ("Many Palestinians crossed.", "Palestinians", "", "", "demonym"),
        ("The S.C. Highway Patrol came.", "S.C.", "", "ADM1", "AP abbreviation"),
        ("The Millbrook Police came.", "Millbrook", "", "PPL", "organisation start"),
        ("Farms in Edgar were flooded.", "Edgar", "", "ADM2", "bare county"),
        ("A storm hit Zzyzxville.", "Zzyzxville", "", "PPL", "not in gazetteer"),
        ("Roads around Millbrook closed.", "Millbrook", "", "PPL", "other"),
    ],
)
def test_a_missed_toponym_gets_the_cause_its_context_shows(
    errors: ModuleType, text: str, name: str, dropped_reason: str, fcode: str, cause: str
) -> None:
    gold = {**record(text, name), "name": name, "fcode": fcode}
    dropped = [record(text, name, reasons=[dropped_reason])] if dropped_reason else []
    gazetteer = MemoryGazetteer([MILLBROOK, EDGAR])
    assert errors.classify_miss(text, gold, dropped, gazetteer) == cause


@pytest.mark.parametrize(
    ("fcode", "kind", "gold_name", "cause"),
    [
        ("ADM2", "city", "Edgar County", "county as town"),
        ("PPL", "country", "Millbrook", "town as region"),
        ("PPL", "city", "Millbrook", "namesake"),  # the right Millbrook is in the gazetteer
        ("PPL", "city", "Zzyzxville", "not in gazetteer"),
    ],
)
def test_a_far_resolution_gets_its_cause(
    errors: ModuleType, fcode: str, kind: str, gold_name: str, cause: str
) -> None:
    gold = {"name": gold_name, "fcode": fcode, "lat": 41.78, "lon": -73.69}
    chosen = {"text": gold_name, "kind": kind}
    assert errors.classify_far(gold, chosen, MemoryGazetteer([MILLBROOK, EDGAR])) == cause


def test_a_capitalised_word_opening_a_sentence_is_no_given_name(errors: ModuleType) -> None:
    text = "Yesterday Walker left; his son, Matthew Walker, came back."
    lowered = errors.lower_words(text)
    assert errors.name_word_before(text, text.index("Walker"), lowered) == ""
    assert errors.name_word_before(text, text.rindex("Walker"), lowered) == "Matthew"
