"""Reading articles: files, folders, standard input, JSON Lines, HTML.

Every input becomes a :class:`~geomap.model.Document` with an id unique within
the run. Supported: ``.txt``, ``.md``, ``.html``/``.htm`` (visible text
extracted), ``.jsonl`` (one article per line with a ``text`` field and optional
``id``, ``title``, ``url``) and ``-`` for standard input.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TextIO

from geomap.errors import InputError
from geomap.model import Document

__all__ = ["SUFFIXES", "html_to_text", "read_documents"]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


def read_documents(sources: Iterable[str | Path], *, stdin: TextIO | None = None) -> list[Document]:
    """Read every source (file, folder, or ``-``) into Documents, in order.

    Folders are walked recursively for the supported suffixes, in name order.
    Raises InputError naming the file (and line, for JSONL) on bad input.
    """
    documents: list[Document] = []
    seen_ids: set[str] = set()
    for source in sources:
        for document in _read_source(str(source), stdin):
            documents.append(_unique(document, seen_ids))
    return documents


def _unique(document: Document, seen: set[str]) -> Document:
    """Keep ids unique: a second ``a.txt`` from another folder becomes ``a.txt#2``."""
    doc_id, n = document.id, 1
    while doc_id in seen:
        n += 1
        doc_id = f"{document.id}#{n}"
    seen.add(doc_id)
    if doc_id == document.id:
        return document
    return Document(doc_id, document.text, document.title, document.url, document.source)


def _read_source(source: str, stdin: TextIO | None) -> Iterator[Document]:
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin
        text = stream.read()
        yield from _documents_from_text(text, "stdin", "<stdin>", _sniff_kind(text))
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        if not files:
            raise InputError(f"{path}: folder holds no {', '.join(SUFFIXES)} files")
        for file in files:
            yield from _read_file(file, file.relative_to(path).as_posix())
    elif path.exists():
        yield from _read_file(path, path.name)
    else:
        raise InputError(f"{path}: no such file or folder")


def _read_file(path: Path, doc_id: str) -> Iterator[Document]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    text = _decode(raw, path)
    suffix = path.suffix.lower()
    kind = {".jsonl": "jsonl", ".html": "html", ".htm": "html"}.get(suffix, "text")
    if suffix not in SUFFIXES:
        kind = _sniff_kind(text)
    yield from _documents_from_text(text, doc_id, str(path), kind)


def _decode(raw: bytes, path: Path) -> str:
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: binary file, not an article")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: not UTF-8 or Windows-1252 text")


def _sniff_kind(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    return "text"


def _documents_from_text(text: str, doc_id: str, source: str, kind: str) -> Iterator[Document]:
    if kind == "jsonl":
        yield from _read_jsonl(text, doc_id, source)
    elif kind == "html":
        title, body = html_to_text(text)
        yield Document(doc_id, body, title=title, source=source)
    else:
        body = unwrap_lines(text.replace("\r\n", "\n"))
        yield Document(doc_id, body, title=_first_line(text), source=source)


# A line break inside a paragraph of hard-wrapped text: after a word (not after
# the end of a sentence), before more of the paragraph (not a blank line, a
# heading, a list item or a table row).
_WRAPPED_BREAK = re.compile(r"(?<=[\w,;’'\)”-])\n(?=[^\s#*>|•\-\d]|\d+(?![.)]\s))")


# A line this long that breaks mid-sentence was wrapped to a width; a shorter
# one is a headline or a line of its own ("Gunmen seize plant\nIn Amenas.").
_WRAPPED_WIDTH = 50


def unwrap_lines(text: str) -> str:
    r"""Hard-wrapped paragraphs read as running text: the line breaks inside a
    paragraph become spaces, so that "some\n37 km north-west of Gaziantep" is
    one sentence. The text keeps its length, so offsets are unchanged.

    >>> unwrap_lines("Officials said that the epicentre of the quake was some\n37 km away.")
    'Officials said that the epicentre of the quake was some 37 km away.'
    >>> unwrap_lines("Gunmen seize plant\nIn Amenas.")
    'Gunmen seize plant\nIn Amenas.'
    """

    def join(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        line = text[line_start : match.start()]
        wrapped = len(line) >= _WRAPPED_WIDTH and not line.lstrip().startswith(("#", "|", "-", "*"))
        return " " if wrapped else "\n"

    return _WRAPPED_BREAK.sub(join, text)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip().lstrip("# ")[:120]
    return ""


def _read_jsonl(text: str, stem: str, source: str) -> Iterator[Document]:
    # JSON Lines are split at "\n" only: str.splitlines would also split
    # inside a string at U+2028 and the other separators JSON allows raw.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{source}, line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{source}, line {number}: expected a JSON object")
        body = record.get("text")
        if not isinstance(body, str):
            raise InputError(f"{source}, line {number}: field 'text' is missing or not a string")
        doc_id = record.get("id", record.get("doc_id"))
        yield Document(
            id=str(doc_id) if doc_id not in (None, "") else f"{stem}:{number}",
            text=body,
            title=str(record.get("title") or ""),
            url=str(record.get("url") or ""),
            source=f"{source}:{number}",
        )


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page, one block per line."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag == "body":
            self._skip_depth = 0  # HTML5 lets a page omit </head>
        elif tag in self._SKIP:
            self._skip_depth += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """The title and visible text of an HTML page.

    >>> html_to_text("<html><title>T</title><p>In <b>Gao</b>, Mali.</p><script>x()</script></html>")
    ('T', 'In Gao, Mali.')
    """
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines())
    body = "\n".join(line for line in lines if line)
    return " ".join(parser.title.split()), body
