"""Long texts read in windows, so that the work stays linear in their length.

An article is a few thousand characters; a book, a transcript or a dump
pasted as one file can be fifty million. Recognition and resolution compare
the places a text names with each other, which grows faster than the text,
and their tokens would all exist at once. A text longer than a window is
therefore read in windows cut at paragraph ends (or, failing those, at
sentence ends or spaces) so that no name is cut in two; each window keeps its
document's id and title, and its offset says where it starts, so that what
is found in it maps back onto the whole text.

>>> from geomap.model import Document
>>> text = "First paragraph here.\\n\\nSecond one, a little longer.\\n\\nThird."
>>> [(w.offset, w.document.text) for w in windows(Document("d", text), size=40)]
[(0, 'First paragraph here.\\n\\n'), (23, 'Second one, a little longer.\\n\\nThird.')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from geomap.model import Document

__all__ = ["WINDOW_CHARS", "Window", "windows"]

#: The longest text read in one piece: far above any news article (so that
#: articles are read whole), small enough that the comparisons among one
#: window's places stay cheap.
WINDOW_CHARS = 100_000


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch of a document: its text as a document of the same id and
    title, and the offset of that text in the whole document."""

    document: Document
    offset: int


def windows(document: Document, size: int = WINDOW_CHARS) -> tuple[Window, ...]:
    """``document`` in windows of at most ``size`` characters (one window,
    the document itself, when it is not longer)."""
    text = document.text
    if len(text) <= size:
        return (Window(document, 0),)
    cuts = _cuts(text, size)
    return tuple(
        Window(replace(document, text=text[start:end]), start) for start, end in pairwise(cuts)
    )


# Where a window may end, best first: a blank line, a line end, a sentence
# end, a space. A window ends no earlier than half its size, so that a text
# without any of them still advances by half a window at least.
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?][\"'”’)]*\s"),
    re.compile(r"\s"),
)


def _cuts(text: str, size: int) -> list[int]:
    """The offsets where the windows start, and the text's end."""
    cuts = [0]
    while len(text) - cuts[-1] > size:
        cuts.append(_window_end(text, cuts[-1], size))
    cuts.append(len(text))
    return cuts


def _window_end(text: str, start: int, size: int) -> int:
    """The end of the window starting at ``start``: after the last break of
    the best kind in its second half, or at its full size."""
    low, high = start + size // 2, start + size
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(text, low, high)]
        if ends:
            return ends[-1]
    return high
