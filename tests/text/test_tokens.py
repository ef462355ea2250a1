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
