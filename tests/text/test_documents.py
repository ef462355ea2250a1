"""Tests for geomap.text.documents: files, folders, stdin, JSON Lines, HTML, encodings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from geomap.errors import GeomapError, InputError
from geomap.model import Document
from geomap.text.documents import html_to_text, read_documents


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- plain text and markdown ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content", "title", "text"),
    [
        ("a.txt", "Gunmen seize plant\n\nIn Amenas, Algeria.\n", "Gunmen seize plant", None),
        ("b.txt", "\n\n   First real line  \nmore\n", "First real line", None),
        ("c.md", "# Army ends the standoff\n\nBody.\n", "Army ends the standoff", None),
        ("d.md", "## Sub heading\ntext", "Sub heading", None),
        ("e.txt", "line one\r\nline two\r\n", "line one", "line one\nline two\n"),
        ("f.txt", "", "", ""),
        ("g.TXT", "Upper-case suffix", "Upper-case suffix", None),
    ],
)
def test_text_and_markdown(
    tmp_path: Path, filename: str, content: str, title: str, text: str | None
) -> None:
    path = write(tmp_path / filename, content)
    [document] = read_documents([path])
    assert document.id == filename
    assert document.title == title
    assert document.text == (content if text is None else text)
    assert document.source == str(path)
    assert document.url == ""


def test_long_first_line_title_is_clipped(tmp_path: Path) -> None:
    path = write(tmp_path / "long.txt", "x" * 500 + "\nbody")
    [document] = read_documents([path])
    assert document.title == "x" * 120


def test_accepts_str_and_path(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Gao")
    assert read_documents([str(path)]) == read_documents([path])


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<title>Why In Amenas &amp; Illizi matter</title>
<style>p { color: red; } .secret-style {}</style>
<script>var tracking = "not part of the article";</script>
</head>
<body>
<noscript>Enable JavaScript</noscript>
<h1>Why In Amenas was hard to protect</h1>
<p>The plant is near the Libyan&nbsp;border &ndash; about 50&#160;km &#x2014; away.</p>
<p>Caf&eacute; owners in Djanet &lt;disagree&gt;.</p>
<script type="text/javascript">document.write("hidden")</script>
<svg><text>svg label</text></svg>
<ul><li>Algiers</li><li>Tunis</li></ul>
</body>
</html>
"""


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_html_file(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"page{suffix}", PAGE)
    [document] = read_documents([path])
    assert document.title == "Why In Amenas & Illizi matter"
    lines = document.text.splitlines()
    assert lines[0] == "Why In Amenas was hard to protect"
    assert "The plant is near the Libyan border – about 50 km — away." in lines
    assert "Café owners in Djanet <disagree>." in lines
    assert "Algiers" in lines
    assert "Tunis" in lines
    for hidden in ("tracking", "color: red", "secret-style", "hidden", "svg label", "JavaScript"):
        assert hidden not in document.text


@pytest.mark.parametrize(
    ("markup", "title", "text"),
    [
        ("<html><title>T</title><p>In <b>Gao</b>, Mali.</p></html>", "T", "In Gao, Mali."),
        ("<p>One</p><p>Two</p>", "", "One\nTwo"),
        ("<p>x<script>a<b</script>y</p>", "", "xy"),
        ("<div>a   \t b</div><br><div>c</div>", "", "a b\nc"),
        ("<p>&lt;script&gt; is text</p>", "", "<script> is text"),
        ("<template><p>not shown</p></template><p>shown</p>", "", "shown"),
    ],
)
def test_html_to_text(markup: str, title: str, text: str) -> None:
    assert html_to_text(markup) == (title, text)


def test_html_title_entities_decoded_once() -> None:
    title, _ = html_to_text("<title>Escaping: write &amp;amp; for &amp;</title><p>x</p>")
    assert title == "Escaping: write &amp; for &"


def test_html_without_closing_head_keeps_body() -> None:
    markup = "<!DOCTYPE html><html><head><meta charset=utf-8><title>T</title><body><p>In Gao.</p>"
    assert html_to_text(markup) == ("T", "In Gao.")


def test_html_sniffed_for_unknown_suffix(tmp_path: Path) -> None:
    """A file given by name with an unknown suffix is read by its content."""
    path = write(tmp_path / "saved_page", PAGE)
    [document] = read_documents([path])
    assert document.title == "Why In Amenas & Illizi matter"
    assert "tracking" not in document.text


# --- JSON Lines ------------------------------------------------------------------------------


def test_jsonl_fields(tmp_path: Path) -> None:
    lines = [
        {"id": "wire-1", "title": "Siege", "url": "https://example.org/1", "text": "In Amenas."},
        {"doc_id": "wire-2", "text": "Algiers."},
        {"id": 7, "text": "Numeric id."},
        {"text": "No id at all."},
        {"id": "", "text": "Empty id."},
        {"id": None, "title": None, "url": None, "text": "Nulls."},
    ]
    content = "\n".join(json.dumps(line) for line in lines[:2]) + "\n\n   \n"
    content += "\n".join(json.dumps(line) for line in lines[2:]) + "\n"
    path = write(tmp_path / "batch.jsonl", content)
    documents = read_documents([path])
    assert [d.id for d in documents] == [
        "wire-1",
        "wire-2",
        "7",
        "batch.jsonl:6",
        "batch.jsonl:7",
        "batch.jsonl:8",
    ]
    assert documents[0] == Document(
        "wire-1", "In Amenas.", title="Siege", url="https://example.org/1", source=f"{path}:1"
    )
    assert documents[1].title == ""
    assert documents[1].url == ""
    assert documents[1].source == f"{path}:2"
    assert documents[5].title == ""
    assert documents[5].url == ""
    assert [d.text for d in documents][2:] == [
        "Numeric id.",
        "No id at all.",
        "Empty id.",
        "Nulls.",
    ]


@pytest.mark.parametrize(
    ("lines", "line_number", "words"),
    [
        (['{"id": "a", "text": "ok"}', '{"id": "b", "title": "no text"}'], 2, ["text"]),
        (['{"id": "a", "text": 42}'], 1, ["text"]),
        (['{"id": "a", "text": null}'], 1, ["text"]),
        (['{"id": "a", "text": "ok"}', "", '{"id": "b", "text": "unterminated'], 3, ["JSON"]),
        (["{not json}"], 1, ["JSON"]),
        (['{"id": "a", "text": "ok"}', '["a", "list"]'], 2, ["object"]),
        (['{"id": "a", "text": "ok", "locality": ["Ohio"]}'], 1, ["locality"]),
    ],
)
def test_jsonl_errors_name_file_and_line(
    tmp_path: Path, lines: list[str], line_number: int, words: list[str]
) -> None:
    path = write(tmp_path / "bad.jsonl", "\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        read_documents([path])
    message = str(caught.value)
    assert str(path) in message
    assert f"line {line_number}" in message
    for word in words:
        assert word in message
    assert "\n" not in message


def test_jsonl_locality_field(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "Crews fought a fire.", "locality": "  Lexington, Kentucky "},
        {"id": "b", "text": "No locality."},
        {"id": "c", "text": "A null one.", "locality": None},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    assert [d.locality for d in read_documents([path])] == ["Lexington, Kentucky", "", ""]


def test_jsonl_sniffed_for_unknown_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "export.ndjson", '{"id": "x", "text": "Gao"}\n')
    [document] = read_documents([path])
    assert (document.id, document.text) == ("x", "Gao")


# --- standard input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "Gunmen seize plant\nIn Amenas.\n",
            [("stdin", "Gunmen seize plant", "Gunmen seize plant\nIn Amenas.\n")],
        ),
        ("<html><title>T</title><body><p>Gao</p></body></html>", [("stdin", "T", "Gao")]),
        (
            '{"id": "a", "text": "Gao"}\n{"text": "Kidal"}\n',
            [("a", "", "Gao"), ("stdin:2", "", "Kidal")],
        ),
    ],
)
def test_stdin(content: str, expected: list[tuple[str, str, str]]) -> None:
    documents = read_documents(["-"], stdin=io.StringIO(content))
    assert [(d.id, d.title, d.text) for d in documents] == expected


def test_stdin_jsonl_error_names_stdin() -> None:
    with pytest.raises(InputError, match=r"<stdin>, line 2"):
        read_documents(["-"], stdin=io.StringIO('{"text": "a"}\n{"title": "b"}\n'))


# --- folders ---------------------------------------------------------------------------------


def test_folder_walked_recursively_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    write(folder / "c.txt", "C")
    write(folder / "b.md", "B")
    write(folder / "a" / "z.html", "<p>Z</p>")
    write(folder / "a" / "deeper" / "y.txt", "Y")
    write(folder / "d.jsonl", '{"id": "d1", "text": "D1"}\n{"text": "D2"}\n')
    write(folder / "notes.docx", b"PK\x03\x04 ignored")
    write(folder / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    write(folder / "README", "no suffix: ignored")
    documents = read_documents([folder])
    assert [d.id for d in documents] == [
        "a/deeper/y.txt",
        "a/z.html",
        "b.md",
        "c.txt",
        "d1",
        "d.jsonl:2",
    ]
    assert [d.text for d in documents] == ["Y", "Z", "B", "C", "D1", "D2"]
    assert documents[0].source == str(folder / "a" / "deeper" / "y.txt")


def test_folder_without_articles(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "image.png", b"\x89PNG\x00")
    with pytest.raises(InputError, match="holds no"):
        read_documents([tmp_path / "empty"])


def test_sources_keep_their_order(tmp_path: Path) -> None:
    b = write(tmp_path / "b.txt", "B")
    a = write(tmp_path / "a.txt", "A")
    assert [d.text for d in read_documents([b, "-", a], stdin=io.StringIO("S"))] == ["B", "S", "A"]


# --- unique ids ------------------------------------------------------------------------------


def test_duplicate_ids_made_unique(tmp_path: Path) -> None:
    first = write(tmp_path / "one" / "a.txt", "first")
    second = write(tmp_path / "two" / "a.txt", "second")
    jsonl = write(
        tmp_path / "x.jsonl",
        '{"id": "a.txt", "text": "third"}\n{"id": "a.txt", "text": "fourth"}\n',
    )
    documents = read_documents([first, second, tmp_path / "one", jsonl])
    ids = [d.id for d in documents]
    assert ids == ["a.txt", "a.txt#2", "a.txt#3", "a.txt#4", "a.txt#5"]
    assert [d.text for d in documents] == ["first", "second", "first", "third", "fourth"]
    # everything else about a renamed document is kept
    assert documents[1].source == str(second)
    assert documents[1].title == "second"


def test_unique_id_skips_taken_suffixes(tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.jsonl",
        '{"id": "a#2", "text": "1"}\n{"id": "a", "text": "2"}\n{"id": "a", "text": "3"}\n',
    )
    assert [d.id for d in read_documents([path])] == ["a#2", "a", "a#3"]


# --- bad inputs and encodings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ],
)
def test_binary_file_rejected(tmp_path: Path, filename: str, content: bytes) -> None:
    path = write(tmp_path / filename, content)
    with pytest.raises(InputError) as caught:
        read_documents([path])
    assert str(path) in str(caught.value)
    assert "binary" in str(caught.value)


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "article.txt"
    with pytest.raises(InputError) as caught:
        read_documents([missing])
    assert str(missing) in str(caught.value)
    # InputError is also a ValueError and a GeomapError
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, GeomapError)


def test_cp1252_fallback(tmp_path: Path) -> None:
    raw = "Caf\u00e9 in A\u00efn Am\u00e9nas \u201cquoted\u201d \u2013 50\u00a0km".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    path = write(tmp_path / "old.txt", raw)
    [document] = read_documents([path])
    assert document.text == "Caf\u00e9 in A\u00efn Am\u00e9nas \u201cquoted\u201d \u2013 50\u00a0km"


def test_utf8_bom_dropped(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", "\ufeffAïn Aménas".encode())
    [document] = read_documents([path])
    assert document.text == "Aïn Aménas"
    assert document.title == "Aïn Aménas"


def test_neither_utf8_nor_cp1252_reads_as_latin1(tmp_path: Path) -> None:
    # 0x81 and 0x8D are undefined in Windows-1252 and invalid as UTF-8 here.
    path = write(tmp_path / "weird.txt", b"abc \x81\x8d def")
    [document] = read_documents([path])
    assert document.text == "abc \x81\x8d def"


def test_jsonl_keeps_line_separators_inside_strings(tmp_path) -> None:
    # U+2028 is legal unescaped inside a JSON string; it must not end the line
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"id": "x", "text": "Troops left Gao.\u2028They drove north."}\n', encoding="utf-8"
    )
    (document,) = read_documents([path])
    assert document.text == "Troops left Gao.\u2028They drove north."
