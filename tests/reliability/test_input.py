"""Issue 11, items 2, 4 and 5: every input decoded the same way from files and
stdin, a bad document skipped (and said) while the rest is processed, limits
that turn a runaway input into a skip or a fast refusal, saved news pages read
as their article."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from builders import Run
from typer.testing import Result

from geomap.text.documents import DocumentStream, Skipped, read_documents

ARTICLE = "Gunmen held the plant near In Amenas, far from Algiers."

ENCODINGS = {
    "utf-8": ARTICLE.encode("utf-8"),
    "utf-8 BOM": codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    "utf-16 LE BOM": codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    "utf-16 BE BOM": codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
}


def places_of(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [record["name"] for record in json.loads(result.stdout)]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("how", ["file", "stdin"])
def test_encodings_read_alike_from_files_and_stdin(
    run: Run, tmp_path: Path, encoding: str, how: str
) -> None:
    raw = ENCODINGS[encoding]
    if how == "file":
        path = tmp_path / "article.txt"
        path.write_bytes(raw)
        result = run("places", "--format", "json", path)
    else:
        result = run("places", "--format", "json", "-", input=raw)  # type: ignore[arg-type]
    assert places_of(result) == ["In Amenas", "Algiers"]
    assert "note" not in result.stderr


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_latin1_falls_back_with_a_note(run: Run, tmp_path: Path, how: str) -> None:
    raw = "Troops left Béjaïa for Algiers.".encode("cp1252")
    if how == "file":
        path = tmp_path / "old.txt"
        path.write_bytes(raw)
        result = run("places", "--format", "json", path)
    else:
        result = run("places", "--format", "json", "-", input=raw)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout_bytes.decode("utf-8"))[0]["text"] == "Béjaïa"
    assert "not UTF-8; read as Windows-1252" in result.stderr


@pytest.mark.parametrize(
    "raw",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4, b"\x7fELF\x02\x01\x01" * 50],
    ids=["png", "all bytes", "elf"],
)
@pytest.mark.parametrize("how", ["file", "stdin"])
def test_binary_refused(
    run: Run, tmp_path: Path, raw: bytes, how: str, clean_error: Callable[..., str]
) -> None:
    if how == "file":
        path = tmp_path / "scan.txt"
        path.write_bytes(raw)
        result = run("places", "--strict", path)
    else:
        result = run("places", "--strict", "-", input=raw)  # type: ignore[arg-type]
    clean_error(result, contains=("binary",))


def test_malformed_jsonl_line_skipped_rest_written(run: Run, tmp_path: Path) -> None:
    batch = tmp_path / "data.jsonl"
    lines = [json.dumps({"id": f"d{n}", "text": "Troops left Algiers."}) for n in range(20)]
    lines[16] = '{"id": "bad", "text": oops}'
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("places", "--format", "json", batch)
    assert result.exit_code == 2
    docs = {record["doc_id"] for record in json.loads(result.stdout)}
    assert docs == {f"d{n}" for n in range(20) if n != 16}
    stderr = result.stderr.splitlines()
    assert f"skipped {batch} line 17: not JSON (Expecting value)" in stderr[0]
    assert stderr[-1] == "geomap: error: 1 input skipped"


@pytest.mark.parametrize("command", ["places", "check", "locate"])
def test_strict_stops_at_the_first_and_writes_nothing(
    run: Run, tmp_path: Path, command: str, clean_error: Callable[..., str]
) -> None:
    batch = tmp_path / "data.jsonl"
    batch.write_text('{"text": "Algiers."}\n[1]\n{"text": "Gao."}\n', encoding="utf-8")
    out = tmp_path / "out.json"
    result = run(command, "--strict", "--format", "json", "-o", out, batch)
    clean_error(result, contains=(str(batch), "line 2", "JSON object"))
    assert not out.exists()


def test_skipped_inputs_exit_2_over_checks_1(run: Run, tmp_path: Path, examples_dir: Path) -> None:
    for article in examples_dir.iterdir():
        (tmp_path / article.name).write_bytes(article.read_bytes())
    assert run("check", tmp_path).exit_code == 1  # an inconsistent claim alone: 1
    (tmp_path / "scan.txt").write_bytes(b"\x00\x01\x02")
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert "INCONSISTENT" in result.stdout
    assert result.stderr.splitlines()[-1] == "geomap: error: 1 input skipped"


def test_unreadable_file_in_folder_skipped(run: Run, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        with locked.open("rb"):  # running as root: permissions do not bind
            pytest.skip("permissions do not bind for this user")
    except PermissionError:
        pass
    result = run("places", tmp_path)
    locked.chmod(0o644)
    assert result.exit_code == 2
    assert f"skipped {locked}: cannot read" in result.stderr


@pytest.mark.parametrize(
    ("content", "limit", "skipped"),
    [
        ("a" * 101, 100, True),
        ("a" * 100, 100, False),
        ("é" * 101, 100, True),
    ],
)
def test_oversized_text_document_skipped(
    tmp_path: Path, content: str, limit: int, skipped: bool
) -> None:
    path = tmp_path / "long.txt"
    path.write_text(content, encoding="utf-8")
    stream = DocumentStream([path], max_chars=limit)
    documents = list(stream)
    assert (len(documents) == 0) == skipped
    if skipped:
        [skip] = stream.skipped
        assert skip.source == str(path) and "limit of 100 characters" in skip.reason


def test_oversized_jsonl_record_skipped_others_kept(run: Run, tmp_path: Path) -> None:
    batch = tmp_path / "data.jsonl"
    records = [{"id": "a", "text": "Algiers."}, {"id": "big", "text": "x" * 5000}]
    records.append({"id": "c", "text": "Troops left Algiers."})
    batch.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = run("places", "--max-chars", "1000", "--format", "json", batch)
    assert result.exit_code == 2
    assert {r["doc_id"] for r in json.loads(result.stdout)} == {"a", "c"}
    assert f"skipped {batch} line 2: longer than the limit of 1,000" in result.stderr


def test_line_longer_than_any_document_never_held(tmp_path: Path) -> None:
    batch = tmp_path / "data.jsonl"
    with batch.open("w", encoding="utf-8") as out:
        out.write('{"text": "' + "x" * 3_000_000 + '"}\n{"text": "Gao"}\n')
    stream = DocumentStream([batch], max_chars=1000)
    assert [d.text for d in stream] == ["Gao"]
    assert stream.skipped == [Skipped(str(batch), 1, stream.skipped[0].reason)]


@pytest.mark.parametrize("how", ["path", "stdin"])
def test_dev_zero_fails_fast(how: str, real_gazetteer_path: Path) -> None:
    command = [sys.executable, "-m", "geomap", "places", "--db", str(real_gazetteer_path)]
    if how == "path":
        done = subprocess.run(
            [*command, "/dev/zero"], capture_output=True, timeout=30, cwd=Path(__file__).parents[2]
        )
    else:
        with open("/dev/zero", "rb") as zero:
            done = subprocess.run(
                [*command, "-"],
                stdin=zero,
                capture_output=True,
                timeout=30,
                cwd=Path(__file__).parents[2],
            )
    assert done.returncode == 2
    assert b"binary data" in done.stderr
    assert b"Traceback" not in done.stderr


NEWS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Siege ends at Algerian gas plant | Daily Courier</title>
<meta property="og:url" content="https://courier.example/world/siege-ends">
<meta property="article:published_time" content="2013-01-19T10:00:00Z">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/paris">Paris</a></li><li><a href="/tokyo">Tokyo</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent">We use cookies. Our offices in Berlin and
Madrid process your data. <button>Accept</button></div>
<main><article>
<h1>Siege ends at Algerian gas plant</h1>
<p class="byline">By A. Reporter</p>
<p>Algerian special forces ended the siege of the Tigantourine gas facility near In Amenas on
Saturday, officials in Algiers said. The plant lies deep in the Sahara, about 1,300 km from the
capital, and close to the border with Libya.
<p>Hostages from several countries were held for four days. The army said the attackers had come
from northern Mali and crossed into Algeria through Libya.</p>
<p>Workers flown out of the site were taken to Hassi Messaoud before going home.</p>
</article></main>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/a">Floods hit Jakarta again</a></li>
<li><a href="/b">Protests in Caracas turn violent</a></li>
<li><a href="/c">Elections in Nairobi delayed</a></li></ul></aside>
<footer><p>© Daily Courier, London. <a href="/privacy">Privacy</a></p></footer>
</body></html>
"""

ARTICLE_PLACES = {"Algeria", "In Amenas", "Algiers", "Libya", "Mali", "Hassi Messaoud"}
NOT_ARTICLE = {"Paris", "Tokyo", "Berlin", "Madrid", "Jakarta", "Caracas", "Nairobi", "London"}


def test_saved_news_page_gives_the_articles_places_only(run: Run, tmp_path: Path) -> None:
    page = tmp_path / "siege.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    names = set(places_of(run("places", "--format", "json", page)))
    assert names & NOT_ARTICLE == set()
    assert ARTICLE_PLACES - {"Algeria"} <= names
    [document] = read_documents([page])
    assert document.title == "Siege ends at Algerian gas plant | Daily Courier"
    assert document.url == "https://courier.example/world/siege-ends"
    assert document.date == "2013-01-19"
    assert "cookies" not in document.text


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><p>Troops left Algiers<p>for In Amenas",
        "<div><p>Troops left <b>Algiers</p> for <i>In Amenas</div>",
        "<p>Troops left Algiers</span></div></body> for In Amenas</html></html>",
        "<html><body><table><tr><td>Troops left Algiers<td>for In Amenas",
        "<p>Troops left Algiers <!-- unclosed comment for In Amenas",
    ],
)
def test_unclosed_tags_read_leniently(markup: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(markup, encoding="utf-8")
    [document] = read_documents([page])
    assert "Algiers" in document.text


SENTENCES = (
    "Troops left Algiers for In Amenas on Monday.",
    "The convoy reached Gao, Mali, after two days.",
    "Officials in Paris said the plant lies far from Libya.",
    "Nothing here names a place at all.",
)


@pytest.mark.parametrize("fmt", ["json", "csv", "table", "geojson"])
@pytest.mark.parametrize("explain", [False, True])
def test_streamed_places_equal_places_at_once(
    run: Run, tmp_path: Path, real_gazetteer: object, fmt: str, explain: bool
) -> None:
    from geomap.output import format_places
    from geomap.pipeline import find_places

    batch = tmp_path / "archive.jsonl"
    records = [{"id": f"a{n}", "text": SENTENCES[n % 4] * (1 + n % 3)} for n in range(150)]
    batch.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    resolutions, dropped = find_places(read_documents([batch]), real_gazetteer)  # type: ignore[arg-type]
    expected = format_places(resolutions, fmt, dropped=dropped, explain=explain)
    result = run("places", "--format", fmt, *(["--explain"] if explain else []), batch)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_streamed_check_each_equals_check_at_once(
    run: Run, tmp_path: Path, real_gazetteer: object, examples_dir: Path, fmt: str
) -> None:
    from geomap.output import format_check
    from geomap.pipeline import analyze_each

    lines = [
        json.dumps({"id": f"{path.stem}-{n}", "text": path.read_text(encoding="utf-8")})
        for n in range(3)
        for path in sorted(examples_dir.glob("*.txt"))
    ]
    lines.append(json.dumps({"id": "none", "text": "No claim here."}))
    batch = tmp_path / "archive.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = analyze_each(read_documents([batch]), real_gazetteer)  # type: ignore[arg-type]
    result = run("check", "--each", "--format", fmt, batch)
    assert result.exit_code == (1 if report.has_inconsistency else 0), result.output
    assert result.stdout == format_check(report, fmt)
    assert json.loads(result.stdout) if fmt == "json" else True


def test_map_strict_writes_no_map_and_lenient_writes_it(
    run: Run, tmp_path: Path, article: Path, clean_error: Callable[..., str]
) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{oops\n", encoding="utf-8")
    out = tmp_path / "map.html"
    clean_error(run("map", "--strict", "-o", out, article, broken), contains=("line 1",))
    assert not out.exists()
    result = run("map", "-o", out, article, broken)
    assert result.exit_code == 2
    assert out.exists()
    assert result.stderr.splitlines()[-1] == "geomap: error: 1 input skipped"


def test_folder_with_a_link_loop_is_read_once(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    assert [d.id for d in read_documents([folder])] == ["sub/a.txt"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16", "utf-16 BE", "cp1252"],
)
def test_jsonl_in_every_encoding(tmp_path: Path, encode: Callable[[str], bytes]) -> None:
    lines = [{"id": "a", "text": "Béjaïa"}, {"id": "b", "text": "Algiers"}]
    path = tmp_path / "data.jsonl"
    path.write_bytes(encode("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n"))
    stream = DocumentStream([path])
    assert [(d.id, d.text) for d in stream] == [("a", "Béjaïa"), ("b", "Algiers")]
    assert stream.skipped == []
