"""Reading articles: files, folders, standard input, JSON Lines, HTML.

Every input becomes a :class:`~geomap.model.Document` with an id unique within
the run. Supported: ``.txt``, ``.md``, ``.html``/``.htm`` (the article text of
a saved page), ``.jsonl`` (one article per line with a ``text`` field and
optional ``id``, ``title``, ``url``, ``date``), ``.jsonl.gz`` (the same,
gzip-compressed, decompressed as it is read) and ``-`` for standard input.

Files and standard input are decoded the same way: UTF-8 with or without a
byte-order mark, UTF-16 (LE or BE) with a byte-order mark, and otherwise
Windows-1252 (Latin-1 for its five undefined bytes), which is said in a
:class:`Note`. Binary data is refused. Input is read in bounded chunks: a
document longer than ``max_chars`` characters is skipped, not loaded.

:class:`DocumentStream` yields the documents one at a time and keeps what it
skipped (:class:`Skipped`, with file and line) and noted as data; the caller
reports them. :meth:`DocumentStream.keyed` also gives each document the value
of a chosen JSON Lines field (an incident id). :func:`read_documents` is the strict, all-at-once form.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import logging
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from geomap.errors import InputError
from geomap.model import Document

__all__ = [
    "MAX_CHARS",
    "SUFFIXES",
    "DocumentStream",
    "HtmlArticle",
    "KeyedDocument",
    "Note",
    "Skipped",
    "html_to_text",
    "read_documents",
    "read_html",
]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")

#: Compressed JSON Lines, read through gzip as a stream.
GZIP_JSONL = ".jsonl.gz"

#: Default longest document, in characters of text (10 million: a book, not an article).
MAX_CHARS = 10_000_000

# Bytes read at once, and the head read to tell the kind and encoding of an input.
_CHUNK = 1 << 20
_HEAD = 1 << 16

# Bytes one character may take in the encodings read (UTF-8: up to 4).
_BYTES_PER_CHAR = 4

# Share of control characters above which decoded text is taken for binary data.
_BINARY_CONTROLS = 0.05


class Kind(StrEnum):
    """What an input holds."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input, or one line of a JSON Lines input, left out, and why.

    >>> str(Skipped("data.jsonl", 17, "not JSON (Expecting ',' delimiter)"))
    "skipped data.jsonl line 17: not JSON (Expecting ',' delimiter)"
    """

    source: str
    line: int | None
    reason: str

    @property
    def where(self) -> str:
        """The input, and the line when there is one: ``data.jsonl line 17``."""
        return self.source if self.line is None else f"{self.source} line {self.line}"

    def __str__(self) -> str:
        return f"skipped {self.where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Note:
    """Something worth telling about an input that was read (a guessed encoding).

    >>> str(Note("a.txt", "not UTF-8; read as Windows-1252"))
    'a.txt: not UTF-8; read as Windows-1252'
    """

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True, slots=True)
class KeyedDocument:
    """A document and the value of the JSON Lines field a caller asked for
    (None when the field is absent or empty, and for files other than JSON Lines)."""

    document: Document
    key: str | None


class _Refused(Exception):
    """An input (or line) that cannot be read: becomes a :class:`Skipped`."""


class DocumentStream:
    """The documents of ``sources`` (files, folders, ``-``), one at a time, in order.

    Bad inputs are skipped and kept in :attr:`skipped` (with ``strict``, the
    first raises :class:`~geomap.errors.InputError` instead); guessed
    encodings are kept in :attr:`notes`. Both fill up as the stream is read.
    A missing file or folder named on the command line is never skipped: it
    raises before anything is read.

    >>> stream = DocumentStream(["-"], stdin=io.StringIO('{"text": "Gao"}\\n{bad\\n'))
    >>> [d.text for d in stream], [str(s) for s in stream.skipped]
    (['Gao'], ['skipped <stdin> line 2: not JSON (Expecting property name enclosed in double quotes)'])
    """

    def __init__(
        self,
        sources: Iterable[str | Path],
        *,
        stdin: TextIO | BinaryIO | None = None,
        strict: bool = False,
        max_chars: int = MAX_CHARS,
    ) -> None:
        if max_chars < 1:
            raise InputError(f"the longest document must be at least 1 character, not {max_chars}")
        self.sources = [str(source) for source in sources]
        self.stdin = stdin
        self.strict = strict
        self.max_chars = max_chars
        self.skipped: list[Skipped] = []
        self.notes: list[Note] = []
        for source in self.sources:
            if source != "-" and not Path(source).exists():
                raise InputError(f"{source}: no such file or folder")

    def __iter__(self) -> Iterator[Document]:
        for keyed in self.keyed(None):
            yield keyed.document

    def keyed(self, field: str | None) -> Iterator[KeyedDocument]:
        """The documents, each with the text value of its JSON Lines record's
        ``field`` (a number is written as text; other values count as absent)."""
        seen_ids: set[str] = set()
        for source in self.sources:
            for document, record in self._read_source(source):
                yield KeyedDocument(_unique(document, seen_ids), _field_text(record, field))

    def _skip(self, source: str, line: int | None, reason: str) -> None:
        skipped = Skipped(source, line, reason)
        if self.strict:
            where = source if line is None else f"{source}, line {line}"
            raise InputError(f"{where}: {reason}")
        self.skipped.append(skipped)

    def _read_source(self, source: str) -> Iterator[_Read]:
        if source == "-":
            yield from self._read_stream(_binary_stdin(self.stdin), "stdin", "<stdin>", None)
            return
        path = Path(source)
        if path.is_dir():
            yield from self._read_folder(path)
        else:
            yield from self._read_file(path, path.name)

    def _read_folder(self, folder: Path) -> Iterator[_Read]:
        files: list[Path] = []
        for file in _walk(folder, self._skip):
            if file.suffix.lower() in SUFFIXES or _is_gzip_jsonl(file):
                files.append(file)
        if not files and not self.skipped:
            raise InputError(f"{folder}: folder holds no {', '.join(SUFFIXES)} files")
        for file in sorted(files):
            yield from self._read_file(file, file.relative_to(folder).as_posix())

    def _read_file(self, path: Path, doc_id: str) -> Iterator[_Read]:
        suffix = path.suffix.lower()
        kind = {".jsonl": Kind.JSONL, ".html": Kind.HTML, ".htm": Kind.HTML}.get(suffix)
        if suffix in SUFFIXES and kind is None:
            kind = Kind.TEXT
        if _is_gzip_jsonl(path):
            kind = Kind.JSONL
        try:
            stream = _open_binary(path)
        except OSError as error:
            self._skip(str(path), None, f"cannot read ({error.strerror})")
            return
        with stream:
            yield from self._read_stream(stream, doc_id, str(path), kind)

    def _read_stream(
        self, stream: BinaryIO, doc_id: str, source: str, kind: Kind | None
    ) -> Iterator[_Read]:
        try:
            head = _read_bounded(stream, _HEAD)
            encoding = _encoding_of(head)
            if kind is None:
                kind = _sniff_kind(_decode_head(head, encoding))
            whole = _Prefixed(head, stream)
            if kind is Kind.JSONL:
                yield from self._read_jsonl(whole, encoding, doc_id, source)
                return
            document = self._read_whole(whole, encoding, doc_id, source, kind)
        except _Refused as refusal:
            self._skip(source, None, str(refusal))
            return
        except (OSError, EOFError, zlib.error) as error:  # the last two: a damaged .gz
            self._skip(source, None, f"cannot read ({_error_text(error)})")
            return
        yield document, None

    def _read_whole(
        self, stream: _Prefixed, encoding: str, doc_id: str, source: str, kind: Kind
    ) -> Document:
        limit = self.max_chars * _BYTES_PER_CHAR
        raw = stream.read_at_most(limit)
        if stream.read_at_most(1):
            raise _Refused(self._too_long)
        text, note = _decode(raw, encoding)
        if note:
            self.notes.append(Note(source, note))
        if kind is Kind.HTML:
            page = read_html(text)
            body = page.text
            document = Document(
                doc_id, body, title=page.title, url=page.url, source=source, date=page.date
            )
        else:
            body = unwrap_lines(text.replace("\r\n", "\n"))
            document = Document(doc_id, body, title=_first_line(text), source=source)
        if len(body) > self.max_chars:
            raise _Refused(self._too_long)
        return document

    def _read_jsonl(
        self, stream: _Prefixed, encoding: str, stem: str, source: str
    ) -> Iterator[_Read]:
        limit = self.max_chars * _BYTES_PER_CHAR + 1024  # the text, escaped, and the other fields
        noted = False
        for number, line in _lines(stream, encoding, limit):
            if line is None:
                self._skip(source, number, self._too_long)
                continue
            text, guessed = line
            if guessed and not noted:
                self.notes.append(Note(source, f"line {number} (and maybe others) {_GUESSED}"))
                noted = True
            if not text.strip():
                continue
            try:
                yield _jsonl_document(text, stem, source, number, self.max_chars)
            except _Refused as refusal:
                self._skip(source, number, str(refusal))

    @property
    def _too_long(self) -> str:
        return f"longer than the limit of {self.max_chars:,} characters (see --max-chars)"


# A document read, and its JSON Lines record (None for other inputs).
_Read = tuple[Document, dict[str, Any] | None]


def _open_binary(path: Path) -> BinaryIO:
    """The bytes of a file; of a ``.jsonl.gz``, its decompressed bytes."""
    if _is_gzip_jsonl(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]  # the caller closes it
    return path.open("rb")


def _is_gzip_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(GZIP_JSONL)


def _error_text(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


def _field_text(record: dict[str, Any] | None, field: str | None) -> str | None:
    """A record's ``field`` as text: strings and numbers; otherwise None.

    >>> _field_text({"incident": 7}, "incident"), _field_text({"incident": ""}, "incident")
    ('7', None)
    """
    if record is None or field is None:
        return None
    value = record.get(field)
    if isinstance(value, bool) or not isinstance(value, str | int | float) or value == "":
        return None
    return str(value)


def read_documents(
    sources: Iterable[str | Path],
    *,
    stdin: TextIO | BinaryIO | None = None,
    max_chars: int = MAX_CHARS,
) -> list[Document]:
    """Read every source (file, folder, or ``-``) into Documents, in order.

    Folders are walked recursively for the supported suffixes, in name order.
    Raises InputError naming the file (and line, for JSONL) on the first bad
    input; :class:`DocumentStream` skips them instead.
    """
    return list(DocumentStream(sources, stdin=stdin, strict=True, max_chars=max_chars))


def _unique(document: Document, seen: set[str]) -> Document:
    """Keep ids unique: a second ``a.txt`` from another folder becomes ``a.txt#2``."""
    doc_id, n = document.id, 1
    while doc_id in seen:
        n += 1
        doc_id = f"{document.id}#{n}"
    seen.add(doc_id)
    if doc_id == document.id:
        return document
    return replace(document, id=doc_id)


def _walk(folder: Path, skip: Callable[[str, int | None, str], None]) -> Iterator[Path]:
    """The regular files under ``folder``, in name order; an unreadable
    sub-folder is passed to ``skip``."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        skip(str(folder), None, f"cannot read folder ({error.strerror})")
        return
    for entry in entries:
        if entry.is_dir():
            if not entry.is_symlink():  # as Path.rglob: no loops through links
                yield from _walk(entry, skip)
        elif entry.is_file():
            yield entry


# --- bytes and encodings ---------------------------------------------------------------------

_GUESSED = "not UTF-8; read as Windows-1252"


class _Prefixed:
    """A binary stream whose first bytes were already read: gives them again first."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def read_at_most(self, size: int) -> bytes:
        """Up to ``size`` bytes (fewer only at the end), read in bounded chunks."""
        parts: list[bytes] = []
        wanted = size
        if self._head:
            parts.append(self._head[:wanted])
            self._head = self._head[wanted:]
            wanted -= len(parts[0])
        while wanted > 0:
            chunk = self._rest.read(min(wanted, _CHUNK))
            if not chunk:
                break
            parts.append(chunk)
            wanted -= len(chunk)
        return b"".join(parts)

    def chunks(self) -> Iterator[bytes]:
        """The rest of the stream, a bounded chunk at a time."""
        if self._head:
            yield self._head
            self._head = b""
        while chunk := self._rest.read(_CHUNK):
            yield chunk


def _binary_stdin(stdin: TextIO | BinaryIO | None) -> BinaryIO:
    """Standard input as bytes: its buffer, or the text of a text-only stream."""
    stream = stdin if stdin is not None else sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    if isinstance(stream, io.TextIOBase):
        return io.BytesIO(stream.read().encode("utf-8"))
    return stream  # type: ignore[return-value]


def _read_bounded(stream: BinaryIO, size: int) -> bytes:
    """At most ``size`` bytes, fewer only at the end of the stream."""
    parts: list[bytes] = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            break
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _encoding_of(head: bytes) -> str:
    """The encoding of an input from its first bytes (UTF-8 may still turn
    out to be Windows-1252 further on).

    >>> _encoding_of(b"\\xff\\xfeG\\x00a\\x00o\\x00")
    'utf-16'
    >>> _encoding_of("Gao".encode("cp1252"))
    'utf-8'
    >>> _encoding_of("Béjaïa".encode("cp1252"))
    'cp1252'
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head:
        raise _Refused("binary data, not text (NUL bytes)")
    if _is_utf8(head):  # a character cut at the end of the head is still UTF-8
        return "utf-8"
    return "cp1252"


def _is_utf8(data: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _decode(raw: bytes, encoding: str) -> tuple[str, str]:
    """Text from bytes, and a note when they were not the UTF-8 they began as."""
    if encoding == "cp1252":
        text, note = _decode_cp1252(raw), _GUESSED
    else:
        try:
            text, note = raw.decode(encoding), ""
        except UnicodeDecodeError:
            if encoding == "utf-16":
                raise _Refused("not valid UTF-16 text") from None
            text, note = _decode_cp1252(raw), _GUESSED
    _refuse_binary(text)
    return text, note


def _decode_head(head: bytes, encoding: str) -> str:
    if encoding == "cp1252":
        return _decode_cp1252(head)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def _decode_cp1252(raw: bytes) -> str:
    """Windows-1252, with Latin-1 for the five bytes it leaves undefined.

    >>> _decode_cp1252(b"B\\xe9ja\\xefa \\x93quoted\\x94 \\x81")
    'Béjaïa “quoted” \\x81'
    """
    return raw.decode("cp1252", errors="geomap-latin1")


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("geomap-latin1", _latin1_fallback)

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _refuse_binary(text: str) -> None:
    """Binary data that decoded anyway (a picture read as Windows-1252) is refused."""
    sample = text[:_HEAD]
    if "\x00" in sample or len(_CONTROLS.findall(sample)) > _BINARY_CONTROLS * len(sample):
        raise _Refused("binary data, not text")


def _lines(
    stream: _Prefixed, encoding: str, limit: int
) -> Iterator[tuple[int, tuple[str, bool] | None]]:
    """The numbered lines of a JSON Lines stream, split at "\\n" only
    (str.splitlines would also split inside a string at U+2028 and the other
    separators JSON allows raw): each as (text, read as Windows-1252), or None
    for a line longer than ``limit`` bytes, which is never held whole."""
    pieces: Iterator[bytes] = stream.chunks()
    if encoding == "utf-16":
        decoder = codecs.getincrementaldecoder("utf-16")()
        pieces = (decoder.decode(chunk).encode("utf-8") for chunk in pieces)
    number = 0
    pending = bytearray()
    too_long = False
    for chunk in pieces:
        start = 0
        while (end := chunk.find(b"\n", start)) >= 0:
            number += 1
            if too_long or len(pending) + end - start > limit:
                yield number, None
            else:
                pending += chunk[start:end]
                yield number, _decode_line(bytes(pending), number)
            pending.clear()
            too_long = False
            start = end + 1
        if not too_long:
            pending += chunk[start:]
            if len(pending) > limit:
                too_long = True
                pending.clear()
    if pending or too_long:
        number += 1
        yield number, None if too_long else _decode_line(bytes(pending), number)


def _decode_line(raw: bytes, number: int) -> tuple[str, bool]:
    if number == 1:
        raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return _decode_cp1252(raw), True


def _sniff_kind(text: str) -> Kind:
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if head.startswith("{"):
        return Kind.JSONL
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return Kind.HTML
    return Kind.TEXT


def _jsonl_document(line: str, stem: str, source: str, number: int, max_chars: int) -> _Read:
    """The document of one JSON Lines record, and the record; raises _Refused
    with the reason."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise _Refused(f"not JSON ({error.msg})") from None
    except RecursionError:
        raise _Refused("not JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise _Refused("expected a JSON object")
    body = record.get("text")
    if not isinstance(body, str):
        raise _Refused("field 'text' is missing or not a string")
    if len(body) > max_chars:
        raise _Refused(f"longer than the limit of {max_chars:,} characters (see --max-chars)")
    doc_id = record.get("id", record.get("doc_id"))
    document = Document(
        id=str(doc_id) if doc_id not in (None, "") else f"{stem}:{number}",
        text=body,
        title=str(record.get("title") or ""),
        url=str(record.get("url") or ""),
        source=f"{source}:{number}",
        date=str(record.get("date") or ""),
        locality=_text_field(record, "locality"),
    )
    return document, record


def _text_field(record: dict[str, Any], field: str) -> str:
    """A record's optional text field, stripped; refused when not text."""
    value = record.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Refused(f"field {field!r} is not a string")
    return value.strip()


# --- text and HTML -----------------------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What a saved page says: its article text, title, date and address."""

    text: str
    title: str = ""
    date: str = ""
    url: str = ""


def read_html(markup: str) -> HtmlArticle:
    """The article of a saved news page: its text without menus, cookie
    banners and related-story links (by trafilatura), with the page's title,
    publication date and address. Falls back to all the visible text
    (:func:`html_to_text`) when the extractor finds no article, only its
    rough fallback reading, or is not installed.

    >>> read_html("<title>T</title><p>In <b>Gao</b>, Mali.</p>")
    HtmlArticle(text='In Gao, Mali.', title='T', date='', url='')
    """
    title, visible = html_to_text(markup)
    extracted = _extract_article(markup)
    if extracted is None or not extracted.text:
        return HtmlArticle(visible, title)
    return HtmlArticle(extracted.text, title or extracted.title, extracted.date, extracted.url)


def _extract_article(markup: str) -> HtmlArticle | None:
    """trafilatura's reading of a page, or None (no article, or no trafilatura)."""
    try:
        import trafilatura
        from lxml import etree
        from trafilatura.settings import Document as TrafilaturaDocument
    except ImportError:
        return None
    _quiet_extractor_logs()
    try:
        tree = trafilatura.load_html(markup)
        if tree is None:
            return None
        # what a browser with scripts shows no reader ("Enable JavaScript")
        etree.strip_elements(tree, "noscript", with_tail=False)
        found = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
        )
    except Exception:  # a page it cannot parse: the plain reading stands
        return None
    if not isinstance(found, TrafilaturaDocument):
        return None
    text = _body_text(found.body) if found.body is not None else None
    if text is None:
        return None
    return HtmlArticle(
        _join_lines(text),
        " ".join((found.title or "").split()),
        found.date or "",
        found.url or "",
    )


def _quiet_extractor_logs() -> None:
    """The library never prints: the extractor's log records (which Python
    writes to stderr when no handler is set) go nowhere unless the caller
    configures logging."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


# The blocks of trafilatura's article tree, one line each.
_TREE_BLOCKS = frozenset({"head", "p", "item", "row", "quote", "code", "cell"})


def _body_text(body: Any) -> str | None:
    """The text of trafilatura's article tree, a line per block; None when
    the tree comes from its rough fallback, which keeps a page's raw line
    breaks and breaks lines around inline tags ("In\\nGao\\n, Mali")."""
    if any("\n" in text for text in body.itertext()):
        return None
    for line_break in body.iter("lb"):
        line_break.tail = "\n" + (line_break.tail or "")
    lines = []
    for element in body.iter(*_TREE_BLOCKS):
        if element.tag == "cell" or any(True for _ in element.iterdescendants(*_TREE_BLOCKS)):
            if element.tag != "row":
                continue
            lines.append(" ".join("".join(cell.itertext()) for cell in element.iter("cell")))
        else:
            lines.append("".join(element.itertext()))
    return "\n".join(lines)


def _join_lines(text: str) -> str:
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
