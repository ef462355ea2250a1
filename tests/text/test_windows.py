"""Long texts are read in windows that tile the text and never cut a word."""

from __future__ import annotations

import pytest

from geomap.model import Document
from geomap.text.windows import WINDOW_CHARS, windows


def _tiles(text: str, size: int) -> list[str]:
    parts = windows(Document("d", text, title="T"), size=size)
    assert "".join(w.document.text for w in parts) == text
    for window in parts:
        assert text[window.offset : window.offset + len(window.document.text)] == (
            window.document.text
        )
        assert len(window.document.text) <= size
        assert (window.document.id, window.document.title) == ("d", "T")
    return [w.document.text for w in parts]


def test_an_article_is_one_window_itself() -> None:
    article = Document("a", "Troops left Algiers for In Amenas.\n\nThey arrived." * 100)
    assert len(article.text) < WINDOW_CHARS
    (window,) = windows(article)
    assert window.document is article and window.offset == 0


@pytest.mark.parametrize(
    ("text", "size", "first_window_ends_with"),
    [
        # a blank line wins over a line end and a sentence end nearer the limit
        ("Para one is here and more.\n\nLine two.\nSentence. Three words", 40, "more.\n\n"),
        # no blank line: the last line end
        ("Line one is here.\nLine two. Sentence three here", 35, "here.\n"),
        # one line: the last sentence end, quotes and brackets kept with it
        ('He said "go home." Then they left the town', 30, 'home." '),
        # no sentence end: the last space
        ("words and more words and even more words", 20, "more "),
    ],
)
def test_windows_end_at_the_best_break(text: str, size: int, first_window_ends_with: str) -> None:
    assert _tiles(text, size)[0].endswith(first_window_ends_with)


def test_a_text_without_breaks_is_cut_at_the_size() -> None:
    assert [len(part) for part in _tiles("x" * 25, 10)] == [10, 10, 5]


def test_a_break_early_in_the_window_is_not_taken() -> None:
    # the only blank line is in the first half: a later space is better than
    # a window a few characters long
    text = "Hi.\n\n" + "word " * 20
    first = _tiles(text, 40)[0]
    assert len(first) >= 20 and first.endswith(" ")


def test_long_texts_are_tiled_exactly() -> None:
    paragraph = "The convoy left Gao for Kidal at dawn, officials said. " * 7 + "\n\n"
    text = paragraph * 400
    parts = _tiles(text, 5_000)
    assert len(parts) > 30
    assert all(part.endswith("\n\n") for part in parts[:-1])
