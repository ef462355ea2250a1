"""The ``geomap`` command line: parse, call the library once, write.

Exit codes: 0 success (and, for ``check``, no inconsistent claim); 1 ``check``
found an inconsistent claim or a contradiction; 2 bad usage or unreadable
input; 3 an internal error (run again with ``--debug`` for the traceback).

A bad input among good ones (a malformed JSON line, a binary or unreadable
file, a document over ``--max-chars``) is reported on stderr with its file and
line, the rest is processed and written, and the command then exits 2 (which
wins over check's 1); ``--strict`` stops at the first, exit 2, nothing written.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from geomap import __version__
from geomap.errors import GeomapError, InputError, OutputError
from geomap.files import check_outputs, replacing, write_text_atomically
from geomap.model import LatLon
from geomap.neutral import terminal_text
from geomap.text.documents import MAX_CHARS

if TYPE_CHECKING:
    from rich.console import Console

    from geomap.batch import PlaceRecordBatch
    from geomap.gazetteer import DatabaseHealth
    from geomap.gazetteer.curated import PlaceRecord
    from geomap.gazetteer.store import Gazetteer
    from geomap.model import Document, Report
    from geomap.text.documents import DocumentStream

T = TypeVar("T")


class _OneLineErrors(TyperGroup):
    """Usage errors (an unknown option, a bad --format value) as one line on
    stderr and exit code 2, like every other bad input; help stays help."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except Exception as error:
            format_message = getattr(error, "format_message", None)
            if not callable(format_message) or not hasattr(error, "exit_code"):
                raise
            if type(error).__name__ == "NoArgsIsHelpError":
                typer.echo(format_message(), err=True)
            else:
                typer.echo(f"geomap: error: {format_message()} (see --help)", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            typer.echo("geomap: error: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    name="geomap",
    help="Map an incident from the articles about it: places, distance claims, a Leaflet map.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_OneLineErrors,
)
gazetteer_app = typer.Typer(
    help="Build, inspect and extend the local gazetteer.", no_args_is_help=True
)
app.add_typer(gazetteer_app, name="gazetteer")


class _State:
    debug = False


class PlacesFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class LocateFormat(StrEnum):
    table = "table"
    json = "json"
    geojson = "geojson"


Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Article files or folders (.txt .md .html .jsonl), or - for stdin.", show_default=False
    ),
]
GazetteerFiles = Annotated[
    list[Path] | None,
    typer.Option(
        "--gazetteer",
        "-g",
        help="Extra place file (CSV: name, aliases, lat, lon, kind, country). Repeatable.",
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="Gazetteer database path (default: $GEOMAP_CACHE_DIR or the user cache dir)."
    ),
]
OutOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
]
OnlineOption = Annotated[
    bool,
    typer.Option(
        "--online",
        help="Ask a Nominatim server about names the gazetteer lacks (1 request/s); "
        "places found are added to your place file.",
    ),
]
GeocoderUrlOption = Annotated[
    str | None,
    typer.Option(
        "--geocoder-url",
        help="Nominatim-compatible server for --online (default: nominatim.openstreetmap.org).",
    ),
]
OnlineDeadlineOption = Annotated[
    float | None,
    typer.Option(
        "--online-deadline",
        min=0.1,
        help="Seconds all --online lookups of the run may take, retries included "
        "(default: 30). When it passes, the run goes on offline with a note.",
        show_default=False,
    ),
]
OnlineStrictOption = Annotated[
    bool,
    typer.Option(
        "--online-strict",
        help="With --online: a deadline that passes before every name is looked up "
        "is an error (exit 2) instead of a note.",
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Stop at the first bad input (exit 2, nothing written) instead of skipping it.",
    ),
]
MaxCharsOption = Annotated[
    int,
    typer.Option(
        "--max-chars",
        min=1,
        help="Longest document, in characters; a longer one is skipped.",
    ),
]
LocalityOption = Annotated[
    str | None,
    typer.Option(
        "--locality",
        help="The newsroom's own town or region ('Lexington, Kentucky'): a prior for "
        "ambiguous names. An article's JSONL 'locality' field wins over it.",
    ),
]
SiteOption = Annotated[
    str | None,
    typer.Option(
        "--site", help="The incident site 'the plant' refers to: a place name or LAT,LON."
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"geomap {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    _State.debug = debug


# --- commands -----------------------------------------------------------------------------


@app.command()
def places(
    inputs: Inputs,
    fmt: Annotated[
        PlacesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlacesFormat.table,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add reasons, alternatives and dropped spans.")
    ] = False,
    batch_context: Annotated[
        bool,
        typer.Option(
            "--incident", help="Treat the inputs as articles about one incident (shared context)."
        ),
    ] = False,
    gazetteer: GazetteerFiles = None,
    db: DbOption = None,
    output: OutOption = None,
    online: OnlineOption = False,
    geocoder_url: GeocoderUrlOption = None,
    online_deadline: OnlineDeadlineOption = None,
    online_strict: OnlineStrictOption = False,
    strict: StrictOption = False,
    max_chars: MaxCharsOption = MAX_CHARS,
    locality: LocalityOption = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Worker processes for large batches (0: one per CPU). Not with --incident.",
        ),
    ] = 1,
) -> None:
    """List the place mentions of the articles, resolved to gazetteer places."""
    from geomap.output import format_places
    from geomap.pipeline import find_places

    with _errors():
        _check_db(db)
        settings = _online_settings(online, geocoder_url, online_deadline, online_strict)
        _check_outputs([output], inputs, gazetteer, db)
        if not (batch_context or online or strict):
            batches = _place_batches(db, gazetteer, jobs, explain)
            _places_streamed(inputs, max_chars, batches, fmt, output, explain, locality)
            return
        documents, skipped = _read(inputs, strict, max_chars)
        documents = list(_localised(documents, locality))

        def work() -> str:
            gaz = _open(db, gazetteer, documents, settings)
            if jobs != 1 and not batch_context:
                from geomap.batch import cpu_count, place_records_in_parallel
                from geomap.gazetteer import default_path
                from geomap.output import format_place_records

                records = place_records_in_parallel(
                    documents,
                    db or default_path(),
                    overlays=gazetteer or (),
                    jobs=jobs or cpu_count(),
                    explain=explain,
                )
                return format_place_records(records, fmt.value, explain=explain)
            resolutions, dropped = find_places(documents, gaz, shared_context=batch_context)
            return format_places(resolutions, fmt.value, dropped=dropped, explain=explain)

        _write(output, _rebuilding_damaged(db, work))
        _fail_if_skipped(skipped)


def _place_batches(
    db: Path | None,
    overlays: list[Path] | None,
    jobs: int,
    explain: bool,
) -> Callable[[Iterable[Document]], Iterator[PlaceRecordBatch]]:
    """How ``places`` turns articles into output records: on this process, or
    on ``jobs`` processes (0: one per CPU) that open the same gazetteer."""

    def batches(documents: Iterable[Document]) -> Iterator[PlaceRecordBatch]:
        from geomap.batch import cpu_count, place_record_batches, place_record_batches_in_parallel
        from geomap.gazetteer import default_path

        gaz = _open(db, overlays)
        if jobs == 1:
            return place_record_batches(documents, gaz, explain=explain)
        return place_record_batches_in_parallel(
            documents,
            db or default_path(),
            overlays=overlays or (),
            jobs=jobs or cpu_count(),
            explain=explain,
        )

    return batches


def _places_streamed(
    inputs: list[str],
    max_chars: int,
    record_batches: Callable[[Iterable[Document]], Iterator[PlaceRecordBatch]],
    fmt: PlacesFormat,
    output: Path | None,
    explain: bool,
    locality: str | None = None,
) -> None:
    """``places`` a batch of articles at a time, from reading to writing (on
    this process or several): the memory used does not grow with the archive."""
    from geomap.output import stream_place_records
    from geomap.text.documents import DocumentStream

    stream = DocumentStream(inputs, max_chars=max_chars)
    documents = _localised(_at_least_one(stream), locality)
    batches = record_batches(documents)  # the gazetteer opened once there is an article
    _write_pieces(output, stream_place_records(batches, fmt.value, explain=explain))
    _report_reading(stream)
    _fail_if_skipped(len(stream.skipped))


@app.command()
def check(
    inputs: Inputs,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.table,
    site: SiteOption = None,
    gazetteer: GazetteerFiles = None,
    db: DbOption = None,
    output: OutOption = None,
    online: OnlineOption = False,
    geocoder_url: GeocoderUrlOption = None,
    online_deadline: OnlineDeadlineOption = None,
    online_strict: OnlineStrictOption = False,
    each: Annotated[
        bool,
        typer.Option(
            "--each",
            help="Check every article on its own (its own site and context): for archives "
            "of unrelated articles. By default the inputs are one incident.",
        ),
    ] = False,
    strict: StrictOption = False,
    max_chars: MaxCharsOption = MAX_CHARS,
    locality: LocalityOption = None,
) -> None:
    """Check every distance and direction claim against the map.

    Exits 1 when a claim is inconsistent or two claims contradict each other.
    """
    from geomap.output import format_check
    from geomap.pipeline import analyze, analyze_each

    with _errors():
        _check_db(db)
        settings = _online_settings(online, geocoder_url, online_deadline, online_strict)
        _check_outputs([output], inputs, gazetteer, db)
        if each and not (online or strict):
            inconsistent = _check_streamed(
                inputs,
                max_chars,
                lambda: _open(db, gazetteer, None, settings),
                fmt,
                output,
                site,
                locality,
            )
            if inconsistent:
                raise typer.Exit(1)
            return
        documents, skipped = _read(inputs, strict, max_chars)
        documents = list(_localised(documents, locality))
        _hint_each(len(documents), each)
        run = analyze_each if each else analyze

        def work() -> Report:
            gaz = _open(db, gazetteer, documents, settings)
            return run(documents, gaz, site=_site(site))

        report = _rebuilding_damaged(db, work)
        _write(output, format_check(report, fmt.value))
        _fail_if_skipped(skipped)
    if report.has_inconsistency:
        raise typer.Exit(1)


def _check_streamed(
    inputs: list[str],
    max_chars: int,
    open_gazetteer: Callable[[], Gazetteer],
    fmt: CheckFormat,
    output: Path | None,
    site: str | None,
    locality: str | None = None,
) -> bool:
    """``check --each`` an article at a time, from reading to writing; True
    when a claim was inconsistent (skipped inputs exit 2 before that counts)."""
    from geomap.output import stream_check
    from geomap.pipeline import analyze_one_by_one
    from geomap.text.documents import DocumentStream

    stream = DocumentStream(inputs, max_chars=max_chars)
    documents = _localised(_at_least_one(stream), locality)
    gaz = open_gazetteer()
    inconsistent = False

    def watched(reports: Iterable[Report]) -> Iterator[Report]:
        nonlocal inconsistent
        for report in reports:
            inconsistent = inconsistent or report.has_inconsistency
            yield report

    reports = analyze_one_by_one(documents, gaz, site=_site(site))
    _write_pieces(output, stream_check(watched(reports), fmt.value))
    _report_reading(stream)
    _fail_if_skipped(len(stream.skipped))
    return inconsistent


@app.command()
def locate(
    inputs: Inputs,
    fmt: Annotated[
        LocateFormat, typer.Option("--format", "-f", help="Output format.")
    ] = LocateFormat.table,
    gazetteer: GazetteerFiles = None,
    db: DbOption = None,
    output: OutOption = None,
    each: Annotated[
        bool,
        typer.Option("--each", help="Estimate for every article on its own."),
    ] = False,
    strict: StrictOption = False,
    max_chars: MaxCharsOption = MAX_CHARS,
    locality: LocalityOption = None,
) -> None:
    """Estimate where the claims put what no gazetteer holds (the incident site,
    an unknown village): a point, the region where the claims hold and its
    radius, and the claims left out because they disagree."""
    from geomap.output import format_estimates
    from geomap.pipeline import locate as locate_places

    with _errors():
        _check_db(db)
        _check_outputs([output], inputs, gazetteer, db)
        documents, skipped = _read(inputs, strict, max_chars)
        documents = list(_localised(documents, locality))
        _hint_each(len(documents), each)

        def work() -> str:
            gaz = _open(db, gazetteer, documents)
            return format_estimates(locate_places(documents, gaz, each=each), fmt.value)

        _write(output, _rebuilding_damaged(db, work))
        _fail_if_skipped(skipped)


@app.command()
def batch(
    inputs: Inputs,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Folder for the tables and summary.json."),
    ],
    partition_size: Annotated[
        int, typer.Option("--partition-size", min=1, help="Articles per table file.")
    ] = 10_000,
    incident_key: Annotated[
        str | None,
        typer.Option(
            "--incident-key",
            help="JSONL field naming the incident: articles sharing it are checked together "
            "(they must be next to each other in the input). By default each article alone.",
        ),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Local worker processes (0: one per CPU).")
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on a Dask cluster: its scheduler's address, or 'local' for a "
            "LocalCluster of --jobs workers (needs the 'scale' extra of geomap).",
        ),
    ] = None,
    gazetteer: GazetteerFiles = None,
    db: DbOption = None,
    max_chars: MaxCharsOption = MAX_CHARS,
) -> None:
    """Check an archive article by article into GeoParquet tables (mentions,
    claims, errors) under a folder; a rerun resumes where a run stopped.

    Exits 2 when an article could not be read or checked (see the errors table).
    """
    from geomap.batch.run import BatchSettings, dask_workers, local_workers, run_batch
    from geomap.gazetteer import default_path
    from geomap.text.documents import DocumentStream

    with _errors():
        _check_db(db)
        _check_outputs([output / "summary.json"], inputs, gazetteer, db)
        stream = DocumentStream(inputs, max_chars=max_chars)
        path = db or default_path()
        _build_if_needed(path, given=db is not None)
        settings = BatchSettings(output, path, tuple(gazetteer or ()), partition_size, incident_key)
        from geomap.batch import cpu_count

        workers = jobs or cpu_count()
        pool = (
            local_workers(workers) if scheduler is None else dask_workers(scheduler, jobs=workers)
        )
        with _batch_progress(inputs) as progress, pool as running:
            summary = run_batch(
                stream, settings, running, command=["geomap", *sys.argv[1:]], on_progress=progress
            )
        for note in stream.notes:
            _note(str(note))
        typer.echo(
            f"geomap: {summary.articles:,} articles in {summary.partitions} partition(s) "
            f"({summary.reused} already written) -> {terminal_text(str(output))}; "
            f"{summary.articles_per_second:,.0f} articles/s",
            err=True,
        )
        if summary.errors:
            raise InputError(
                f"{summary.errors:,} article(s) or input(s) could not be read or checked: "
                f"see {terminal_text(str(output / 'errors'))}"
            )


@contextmanager
def _batch_progress(inputs: list[str]) -> Iterator[Callable[[Any], None]]:
    """A progress bar (articles, articles/s, time left) on a terminal; else a
    line per partition on stderr."""
    if not sys.stderr.isatty():

        def line(progress: Any) -> None:
            if progress.finished is None:
                return
            done = "already written" if progress.reused else "written"
            speed = progress.articles / progress.seconds if progress.seconds else 0.0
            typer.echo(
                f"geomap: partition {progress.finished} {done}: {progress.articles:,} articles, "
                f"{speed:,.0f}/s, {progress.errors:,} error(s)",
                err=True,
            )

        yield line
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from geomap.batch.partitions import estimate_articles

    with Progress(
        TextColumn("articles"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[speed]:,.0f}/s  {task.fields[errors]:,} errors"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=_stderr_console(),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=estimate_articles(inputs), speed=0.0, errors=0)

        def update(progress: Any) -> None:
            speed = progress.articles / progress.seconds if progress.seconds else 0.0
            bar.update(task, completed=progress.articles, speed=speed, errors=progress.errors)

        yield update


# The options of `geomap map` that only it has.
MapOutputOption = Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")]
TitleOption = Annotated[
    str | None, typer.Option("--title", help="Map title (default: the first article's).")
]
PngOption = Annotated[
    Path | None, typer.Option("--png", help="Also save a PNG screenshot (needs Chromium).")
]
EmbedOption = Annotated[
    Path | None, typer.Option("--embed", help="Also write an <iframe> snippet for articles.")
]
SizeOption = Annotated[
    str,
    typer.Option(
        "--size",
        help="PNG size in CSS pixels: WIDTHxHEIGHT, or social (1200x675), square "
        "(1080x1080), print (2000x1125).",
    ),
]
ScaleOption = Annotated[
    int, typer.Option("--scale", help="PNG device pixels per CSS pixel (1-4; 2 for print).")
]
AltTextOption = Annotated[
    bool,
    typer.Option("--alt-text", help="Print the map's alt text (one paragraph) on standard output."),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help="For a folder 'geomap batch' wrote: draw only the claims of these statuses "
        "(repeatable, or a comma list: inconsistent,ambiguous).",
    ),
]


@app.command("map")
def map_command(
    inputs: Inputs,
    output: MapOutputOption = Path("outputs/map.html"),
    title: TitleOption = None,
    site: SiteOption = None,
    png: PngOption = None,
    embed: EmbedOption = None,
    size: SizeOption = "1200x800",
    scale: ScaleOption = 1,
    print_alt_text: AltTextOption = False,
    gazetteer: GazetteerFiles = None,
    db: DbOption = None,
    online: OnlineOption = False,
    geocoder_url: GeocoderUrlOption = None,
    online_deadline: OnlineDeadlineOption = None,
    online_strict: OnlineStrictOption = False,
    strict: StrictOption = False,
    max_chars: MaxCharsOption = MAX_CHARS,
    locality: LocalityOption = None,
    status: StatusOption = None,
) -> None:
    """Draw the places and the checked claims on a self-contained Leaflet map.

    Given the folder 'geomap batch' wrote, draws its tables instead: every
    place (clustered, sized by mentions) and the claims of --status.
    """
    from geomap.pipeline import analyze
    from geomap.render import alt_text, render_map
    from geomap.render.png import parse_size

    if len(inputs) == 1 and _is_batch_output(inputs[0]):
        article_options = {
            "--png": png,
            "--embed": embed,
            "--alt-text": print_alt_text,
            "--site": site,
            "--online": online,
            "--locality": locality,
        }
        with _errors():
            _refuse_given(article_options, "for articles, not for a folder 'geomap batch' wrote")
        _batch_map(Path(inputs[0]), output, title, status or [], gazetteer, db)
        return
    with _errors():
        if status:
            raise InputError("--status: only for a folder that 'geomap batch' wrote")
        _check_html_output(output)
        _check_db(db)
        settings = _online_settings(online, geocoder_url, online_deadline, online_strict)
        width, height = parse_size(size)
        _check_outputs([output, png, embed], inputs, gazetteer, db)
        documents, skipped = _read(inputs, strict, max_chars)
        documents = list(_localised(documents, locality))

        def work() -> tuple[Report, str, str]:
            gaz = _open(db, gazetteer, documents, settings)
            report = analyze(documents, gaz, site=_site(site))
            names = {code: c.name for code, c in gaz.countries().items()}
            return report, render_map(report, title=title, gazetteer=gaz), alt_text(report, names)

        report, html, alt = _rebuilding_damaged(db, work)
        _write(output, html)
        _write_map_companions(output, alt, title, png, (width, height, scale), embed)
        if print_alt_text:
            typer.echo(terminal_text(alt))
    typer.echo(
        f"Wrote {output} ({len(html) // 1024} KB): {len(report.resolutions)} mention(s), "
        f"{len(report.verdicts)} claim(s).",
        err=True,
    )
    with _errors():
        _fail_if_skipped(skipped)


def _check_html_output(output: Path) -> None:
    if output.suffix.lower() not in {".html", ".htm"}:
        raise InputError(f"{output}: the map is HTML; give a path ending in .html")


def _write_map_companions(
    output: Path,
    alt: str,
    title: str | None,
    png: Path | None,
    png_size: tuple[int, int, int],
    embed: Path | None,
) -> None:
    """What ``map`` writes beside the page: its screenshot (``png_size``: width,
    height, scale) and an ``<iframe>`` snippet for an article."""
    from geomap.render import embed_snippet, render_png

    if png is not None:
        width, height, scale = png_size
        render_png(output, png, width=width, height=height, scale=scale)
    if embed is not None:
        snippet = embed_snippet(output.name, title=title or "geomap incident map", description=alt)
        _write(embed, snippet)


def _refuse_given(options: Mapping[str, object], why: str) -> None:
    """An error naming the options given that do not apply here."""
    given = [name for name, value in options.items() if value]
    if given:
        raise InputError(f"{', '.join(given)}: {why}")


def _is_batch_output(source: str) -> bool:
    from geomap.batch.overview import is_batch_output

    return source != "-" and is_batch_output(Path(source))


def _batch_map(
    folder: Path,
    output: Path,
    title: str | None,
    statuses: list[str],
    overlays: list[Path] | None,
    db: Path | None,
) -> None:
    """``geomap map DIR`` on a batch output folder: its places and claims."""
    from geomap.batch.overview import batch_map, parse_statuses

    with _errors():
        _check_html_output(output)
        chosen = parse_statuses(statuses)
        _check_db(db)
        _check_outputs([output], [str(folder)], overlays, db)
        overview, html = _rebuilding_damaged(
            db,
            lambda: batch_map(folder, statuses=chosen, title=title, gazetteer=_open(db, overlays)),
        )
        _write(output, html)
    typer.echo(
        f"Wrote {output} ({len(html) // 1024:,} KB): {len(overview.places):,} place(s) from "
        f"{overview.articles:,} article(s), {overview.claims_shown:,} of "
        f"{overview.claims:,} claim(s) shown.",
        err=True,
    )


# --- gazetteer commands ------------------------------------------------------------------------


@gazetteer_app.command("build")
def gazetteer_build(
    geonames: Annotated[
        list[Path] | None,
        typer.Option(
            "--geonames",
            help="Also import a GeoNames dump (allCountries.txt, DZ.zip...). Repeatable.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Build (or rebuild) the gazetteer database from the bundled open data."""
    from geomap.gazetteer import build_gazetteer, default_path

    with _errors():
        _check_db(db)
        path = db or default_path()
        for dump in geonames or ():
            if not dump.exists():
                raise InputError(f"{dump}: GeoNames file not found")
        with _progress() as progress:
            stats = build_gazetteer(path, geonames_dumps=geonames or (), progress=progress)
    typer.echo(
        f"Built {stats.path}: {stats.places:,} places, {stats.names:,} names, "
        f"{stats.countries} countries in {stats.seconds:.1f} s."
    )


@gazetteer_app.command("info")
def gazetteer_info(db: DbOption = None) -> None:
    """Show where the gazetteer is, what it holds and where its data comes from."""
    from geomap.gazetteer import DatabaseState, check_database, default_path, user_places_path
    from geomap.gazetteer.sources import LAYERS, SOURCES

    with _errors():
        _check_db(db)
        path = db or default_path()
        typer.echo(f"database: {path}")
        health = check_database(path, thorough=True)
        if health.state is DatabaseState.MISSING:
            typer.echo("  not built yet (built automatically on first use)")
        else:
            _echo_contents(path)
            typer.echo(f"  up to date: {_freshness_line(health, given=db is not None)}")
        typer.echo(f"user places: {user_places_path()}")
        typer.echo("sources:")
        for source in SOURCES:
            typer.echo(f"  {source.package} ({source.licence}): {source.provides}")
        typer.echo("shipped layers (gazetteer/ in the repository):")
        for layer in LAYERS:
            typer.echo(f"  {layer.file} ({layer.licence}): {layer.provides}")


def _echo_contents(path: Path) -> None:
    """The size, build time and counts of the gazetteer at ``path``, as far as
    its meta table can be read."""
    from geomap.errors import GazetteerError
    from geomap.gazetteer.store import SqliteGazetteer

    try:
        gaz = SqliteGazetteer(path)
    except GazetteerError:
        typer.echo(f"  {path.stat().st_size / 1e6:.0f} MB, contents unreadable")
        return
    meta = gaz.meta
    gaz.close()
    typer.echo(f"  built {meta.get('built_at')}, {path.stat().st_size / 1e6:.0f} MB")
    typer.echo(
        f"  {int(meta.get('count_places', 0)):,} places, {int(meta.get('count_names', 0)):,} names, "
        f"{meta.get('count_countries')} countries"
    )


def _freshness_line(health: DatabaseHealth, *, given: bool) -> str:
    """The 'up to date' answer of ``gazetteer info``, with what happens next."""
    from geomap.gazetteer import DatabaseState

    if health.state is DatabaseState.CURRENT:
        return "yes (quick_check: ok)"
    if health.state is DatabaseState.STALE:
        return f"no, {health.detail}: rebuilt on next use"
    then = (
        f"rebuild it with 'geomap gazetteer build --db {health.path}'"
        if given
        else "rebuilt on next use"
    )
    return f"no, the database is damaged ({health.detail}): {then}"


@gazetteer_app.command("search")
def gazetteer_search(
    name: Annotated[str, typer.Argument(help="A place name, any spelling.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Most candidates to show.")] = 10,
    fuzzy: Annotated[bool, typer.Option("--fuzzy", help="Also show close spellings.")] = False,
    gazetteer: GazetteerFiles = None,
    db: DbOption = None,
) -> None:
    """Show the candidates for a name: country, admin1, kind, population, coordinates."""
    from geomap.gazetteer import search

    with _errors():
        _check_db(db)
        matches = _rebuilding_damaged(db, lambda: search(_open(db, gazetteer), name, fuzzy=fuzzy))
        if not matches:
            typer.echo(terminal_text(f"No place matches {name!r}."), err=True)
            raise typer.Exit(1)
        for m in matches[:limit]:
            p = m.place
            typer.echo(
                terminal_text(
                    f"{p.name:<28} {p.country_code or '--':<3} {(p.admin1 or '-')[:22]:<22} {p.kind:<9} "
                    f"{p.population:>10,}  {p.point.lat:9.4f} {p.point.lon:9.4f}  {p.id}"
                    + (f"  ({m.name_type} '{m.name}')" if m.name_type != "name" else "")
                )
            )


@gazetteer_app.command("add")
def gazetteer_add(
    name: Annotated[str, typer.Argument(help="The place's name.")],
    lat: Annotated[float, typer.Option("--lat", help="Latitude, decimal degrees.")],
    lon: Annotated[float, typer.Option("--lon", help="Longitude, decimal degrees.")],
    kind: Annotated[
        str, typer.Option("--kind", help="city, facility, region, feature, water, ...")
    ] = "city",
    country: Annotated[str, typer.Option("--country", help="ISO 3166-1 alpha-2 code.")] = "",
    aliases: Annotated[
        list[str] | None, typer.Option("--alias", help="Another name. Repeatable.")
    ] = None,
    source: Annotated[str, typer.Option("--source", help="Where the coordinates come from.")] = "",
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Place file to append to (default: your user file)."),
    ] = None,
) -> None:
    """Add a place to your own place file, used by every later run."""
    from geomap.gazetteer import append_place, user_places_path
    from geomap.gazetteer.curated import new_place_record

    with _errors():
        record = new_place_record(
            name, lat, lon, kind=kind, country=country, aliases=tuple(aliases or ()), source=source
        )
        target = file or user_places_path()
        append_place(target, record)
    typer.echo(terminal_text(f"Added {name} ({lat:g}, {lon:g}) to {target}."))


# --- plumbing --------------------------------------------------------------------------------


def _read(
    inputs: list[str], strict: bool = False, max_chars: int = MAX_CHARS
) -> tuple[list[Document], int]:
    """The documents of the inputs, and how many inputs were skipped; notes
    and skipped inputs are said on stderr, one line each."""
    from geomap.text.documents import DocumentStream

    stream = DocumentStream(inputs, strict=strict, max_chars=max_chars)
    documents = list(stream)
    _report_reading(stream)
    if not documents:
        raise InputError("no articles in the given inputs" + _skipped_count(len(stream.skipped)))
    return documents, len(stream.skipped)


def _at_least_one(stream: DocumentStream) -> Iterator[Document]:
    """The stream's documents, once it has yielded one: an input with no
    article is an error before the gazetteer is opened or anything written."""
    documents = iter(stream)
    first = next(documents, None)
    if first is None:
        _report_reading(stream)
        raise InputError("no articles in the given inputs" + _skipped_count(len(stream.skipped)))
    return itertools.chain([first], documents)


def _report_reading(stream: DocumentStream) -> None:
    """The notes and skipped inputs of a reading, on stderr, one line each."""
    for note in stream.notes:
        typer.echo(terminal_text(f"geomap: note: {note}"), err=True)
    for skipped in stream.skipped:
        typer.echo(terminal_text(f"geomap: warning: {skipped}"), err=True)


def _skipped_count(count: int) -> str:
    return f" ({count} input{'s' if count != 1 else ''} skipped)" if count else ""


def _fail_if_skipped(count: int) -> None:
    """Exit 2 after the outputs are written when inputs were skipped."""
    if count:
        raise InputError(f"{count} input{'s' if count != 1 else ''} skipped")


def _open(
    db: Path | None,
    overlays: list[Path] | None,
    documents: list[Document] | None = None,
    online: OnlineSettings | None = None,
) -> Gazetteer:
    """Open the gazetteer; with ``online``, first add the documents' unknown
    place names that the geocoder finds to the user's place file."""
    from geomap.gazetteer import default_path, open_gazetteer

    path = db or default_path()
    _build_if_needed(path, given=db is not None)
    gaz = open_gazetteer(path, overlays=overlays or (), build_if_needed=False)
    if online is not None and documents and _add_online_places(documents, gaz, online):
        gaz = open_gazetteer(path, overlays=overlays or (), build_if_needed=False)
    return gaz


def _localised(documents: Iterable[Document], locality: str | None) -> Iterator[Document]:
    """The documents with ``--locality`` as the locality of those that give none."""
    from dataclasses import replace

    for document in documents:
        yield replace(document, locality=document.locality or locality) if locality else document


def _build_if_needed(path: Path, *, given: bool, force: bool = False) -> None:
    """Build the gazetteer at ``path`` when missing, stale or (for the cache
    geomap owns, not a file the user ``given``) damaged, with a progress bar
    and, for a damaged cache, a note on stderr."""
    from geomap.gazetteer import DatabaseState, check_database, ensure_built

    health = check_database(path)
    if health.usable and not force:
        return
    if health.state is DatabaseState.DAMAGED and not given:
        _note(f"the gazetteer cache {path} is damaged ({health.detail}); rebuilding it")
    with _progress() as progress:
        ensure_built(path, rebuild_damaged=not given, force=force, progress=progress)


def _rebuilding_damaged(db: Path | None, work: Callable[[], T]) -> T:
    """``work()``; when it meets damage inside the gazetteer cache (a query
    fails: the quick checks of opening did not see it), rebuild the cache
    with a note on stderr and do the work once more. Damage inside a file the
    user gave with ``--db`` stays an error naming the file."""
    from geomap.errors import GazetteerDamaged

    try:
        return work()
    except GazetteerDamaged as error:
        if db is not None:
            raise
        _note(f"the gazetteer cache {error.path} is damaged ({error.detail}); rebuilding it")
        with _progress() as progress:
            from geomap.gazetteer import ensure_built

            ensure_built(Path(error.path), force=True, progress=progress)
    return work()


def _check_db(db: Path | None) -> None:
    """Refuse, before any work, a ``--db`` that cannot be a gazetteer file: a
    folder, a special file, or a path whose folder does not exist."""
    if db is None:
        return
    if db.is_dir():
        raise InputError(f"--db {db}: is a folder; give the path of the gazetteer file")
    if db.exists() and not db.is_file():
        raise InputError(f"--db {db}: is not a regular file; give the path of the gazetteer file")
    parent = db.absolute().parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise InputError(f"--db {db}: the folder {parent} {what}")
    if db.exists() and not os.access(db, os.R_OK):
        raise InputError(f"--db {db}: cannot read it (permission denied)")


def _note(message: str) -> None:
    """A notice on stderr: something geomap did that the user should know."""
    typer.echo(terminal_text(f"geomap: note: {message}"), err=True)


@dataclass(frozen=True, slots=True)
class OnlineSettings:
    """How a run asks the online geocoder (``--online`` and its options)."""

    url: str | None
    deadline: float
    strict: bool


def _online_settings(
    online: bool, url: str | None, deadline: float | None, strict: bool
) -> OnlineSettings | None:
    """The online settings of a run, or None without ``--online``; refuses,
    before any work, an option that needs ``--online`` and a malformed URL."""
    given = {"--geocoder-url": url is not None, "--online-deadline": deadline is not None}
    given["--online-strict"] = strict
    if not online:
        for option, present in given.items():
            if present:
                raise InputError(f"{option} needs --online")
        return None
    from geomap.geoparse.online import DEFAULT_DEADLINE, parse_server_url

    if url is not None:
        parse_server_url(url, what="--geocoder-url")
    return OnlineSettings(url, DEFAULT_DEADLINE if deadline is None else deadline, strict)


def _add_online_places(documents: list[Document], gaz: Gazetteer, online: OnlineSettings) -> int:
    """Look the documents' unknown names up online and add what is found to
    the user's place file; when the deadline passes, a note (or, strict, the
    error) says how many names were not looked up."""
    from geomap.errors import OnlineDeadline
    from geomap.gazetteer import user_places_path
    from geomap.geoparse.online import OnlineGeocoder, fill_from_online, find_unknown_names

    names = find_unknown_names(documents, gaz)
    if not names:
        return 0
    added: list[PlaceRecord] = []
    with OnlineGeocoder(online.url, deadline=online.deadline) as geocoder:

        def report(record: PlaceRecord) -> None:
            added.append(record)
            typer.echo(
                terminal_text(
                    f"added {record.name} ({record.lat:.5f}, {record.lon:.5f}) "
                    f"from {geocoder.server}"
                ),
                err=True,
            )

        try:
            fill_from_online(names, geocoder, user_places_path(), on_added=report)
        except OnlineDeadline as error:
            if online.strict:
                raise
            _note(
                f"--online stopped at its {online.deadline:g} s deadline (--online-deadline): "
                f"{len(error.pending)} name(s) not looked up; going on offline"
            )
    return len(added)


def _site(value: str | None) -> LatLon | str | None:
    if value is None:
        return None
    parts = value.split(",")
    if len(parts) == 2:
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            return value
        return LatLon(lat, lon)
    return value


def _write(path: Path | None, text: str) -> None:
    """Write ``text`` to stdout, or to ``path`` through the safe writer (never
    half a file, never a device, a folder or a read-only file)."""
    if path is None:
        sys.stdout.write(text)
        return
    try:
        write_text_atomically(path, text)
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror})") from None


def _write_pieces(path: Path | None, pieces: Iterable[str]) -> None:
    """Write text as it is made, to stdout or (whole or not at all) to ``path``."""
    if path is None:
        for piece in pieces:
            sys.stdout.write(piece)
        return
    try:
        with replacing(path) as tmp, tmp.open("w", encoding="utf-8") as out:
            for piece in pieces:
                out.write(piece)
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror})") from None


def _check_outputs(
    outputs: list[Path | None],
    inputs: list[str],
    overlays: list[Path] | None = None,
    db: Path | None = None,
) -> None:
    """Refuse, before any work, an output that may not be written or that is
    one of the files this run reads (an article, a place file, the database)
    or another of its outputs."""
    from geomap.gazetteer import user_places_path
    from geomap.text.documents import SUFFIXES

    given = [path for path in outputs if path is not None]
    read: list[Path] = [*(overlays or ()), *([db] if db else []), user_places_path()]
    for source in inputs:
        path = Path(source)
        if source == "-":
            continue
        if path.is_dir():  # an existing article-like output inside it would be read
            folder = path.resolve()
            read += [
                out
                for out in given
                if out.suffix.lower() in SUFFIXES
                and out.is_file()
                and out.resolve().is_relative_to(folder)
            ]
        else:
            read.append(path)
    check_outputs(outputs, inputs=read)


@contextmanager
def _progress() -> Iterator[Callable[[str, float], None]]:
    """A progress bar on stderr for the gazetteer build."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("building gazetteer: {task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=_stderr_console(),
    ) as bar:
        task = bar.add_task("starting", total=1.0)
        yield lambda step, fraction: bar.update(task, description=step, completed=fraction)


# Above this many articles read as one incident, say what --each is for.
_ARCHIVE_HINT_ARTICLES = 200


def _hint_each(articles: int, each: bool) -> None:
    """One incident is a handful of reports; hundreds are usually an archive."""
    if not each and articles > _ARCHIVE_HINT_ARTICLES:
        _note(
            f"reading {articles:,} articles as one incident (their places help read "
            "each other's); for an archive of unrelated articles use --each"
        )


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def _errors() -> Iterator[None]:
    """The one place where errors become messages and exit codes."""
    try:
        yield
    except GeomapError as error:
        if _State.debug:
            raise
        _fail(str(error), 2)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        # the reader went away ("geomap places x | head"): stop quietly, as
        # a process killed by SIGPIPE would, and keep Python's exit-time
        # flush from writing to the closed pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(128 + 13) from None
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as error:
        if _State.debug:
            raise
        _fail(f"internal error: {type(error).__name__}: {error} (run with --debug for details)", 3)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"geomap: error: {message}", err=True)
    raise typer.Exit(code)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
