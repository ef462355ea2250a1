"""Tokens and what their orthography says."""

from __future__ import annotations

import pytest

from geomap.text.tokens import (
    follows_place_comma,
    is_sentence_start,
    joins,
    lower_case_words,
    run_start,
    title_case_tokens,
    tokenize,
)


def index_of(tokens, text: str) -> int:
    return next(t.index for t in tokens if t.text == text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mali's border", ["Mali", "'s", "border"]),
        ("the U.S. embassy", ["the", "U.S", ".", "embassy"]),
        ("M'Sila and Côte d'Ivoire", ["M'Sila", "and", "Côte", "d'Ivoire"]),
        ("1,300 km, or 808 mi", ["1,300", "km", ",", "or", "808", "mi"]),
        ("Bordj Bou-Arréridj", ["Bordj", "Bou", "-", "Arréridj"]),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    tokens = tokenize(text)
    assert [t.text for t in tokens] == expected
    assert all(text[t.start : t.end] == t.text for t in tokens)


# The cases tokenize mends after splitting: a title takes its period, a
# possessive ending (straight or curly) is cut off the word, and neither
# happens inside a word the pattern reads whole.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gen. Haftar met Sen. Reed",
            [("Gen.", 0), ("Haftar", 5), ("met", 12), ("Sen.", 16), ("Reed", 21)],
        ),
        ("Mr Smith’s farm", [("Mr", 0), ("Smith", 3), ("’s", 8), ("farm", 11)]),
        (
            "Dr. Ali walked 1.5 km. Mrs.",
            [
                ("Dr.", 0),
                ("Ali", 4),
                ("walked", 8),
                ("1.5", 15),
                ("km", 19),
                (".", 21),
                ("Mrs.", 23),
            ],
        ),
        ("Mr.Smith's car", [("Mr.Smith", 0), ("'s", 8), ("car", 11)]),
        (
            "O'Neil's Qo‘qon’s H̱olon's",
            [("O'Neil", 0), ("'s", 6), ("Qo‘qon", 9), ("’s", 15), ("H̱olon", 18), ("'s", 24)],
        ),
        ("it's d's end.", [("it", 0), ("'s", 2), ("d", 5), ("'s", 6), ("end", 9), (".", 12)]),
        ("’s-Hertogenbosch", [("’", 0), ("s", 1), ("-", 2), ("Hertogenbosch", 3)]),
        ("", []),
    ],
)
def test_titles_and_possessives_are_mended_with_their_offsets(
    text: str, expected: list[tuple[str, int]]
) -> None:
    tokens = tokenize(text)
    assert [(t.text, t.start) for t in tokens] == expected
    assert [t.index for t in tokens] == list(range(len(tokens)))
    assert all(text[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    ("text", "word", "opens"),
    [
        ("Gao is far.", "Gao", True),
        ("He left. Gao is far.", "Gao", True),
        ('He said: "Gao is far."', "Gao", True),
        ("They reached Gao at noon.", "Gao", False),
        ("Title line\nGao fell", "Gao", True),
    ],
)
def test_sentence_start(text: str, word: str, opens: bool) -> None:
    tokens = tokenize(text)
    assert is_sentence_start(tokens, index_of(tokens, word), text) is opens


def test_runs_and_joins() -> None:
    text = "Analyst Stephen Kelly, of Springfield, IL"
    tokens = tokenize(text)
    kelly = index_of(tokens, "Kelly")
    assert run_start(tokens, kelly, text) == index_of(tokens, "Analyst")
    assert joins(text, tokens[kelly - 1], tokens[kelly])
    assert not joins(text, tokens[kelly], tokens[kelly + 1]) or tokens[kelly + 1].text == ","
    assert follows_place_comma(tokens, index_of(tokens, "IL"), text)
    assert not follows_place_comma(tokens, index_of(tokens, "Springfield"), text)


def test_lower_case_words_and_headlines() -> None:
    text = "Hostages Freed In Algeria Raid\nThe police said reading was hard."
    tokens = tokenize(text)
    assert {"police", "reading"} <= lower_case_words(tokens)
    headline = title_case_tokens(text, tokens)
    assert index_of(tokens, "Algeria") in headline
    assert index_of(tokens, "police") not in headline


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("Mr. Paris told reporters on Monday.", "Mr."),
        ("Sen. Warren said the bill would pass.", "Sen."),
        ("Gov. Jordan visited the plant on Tuesday.", "Gov."),
    ],
)
def test_a_title_keeps_its_period_and_does_not_end_a_sentence(sentence: str, title: str) -> None:
    tokens = tokenize(sentence)
    assert tokens[0].text == title
    assert not is_sentence_start(tokens, 1, sentence)


def test_a_real_full_stop_still_ends_the_sentence() -> None:
    text = "Troops left Paris. Warren said so."
    tokens = tokenize(text)
    warren = next(t.index for t in tokens if t.text == "Warren")
    assert is_sentence_start(tokens, warren, text)
