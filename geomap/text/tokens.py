"""Tokens and their orthography: words, numbers and punctuation with offsets,
and what the way they are written says (capitals, sentence starts, headlines,
"Town, ST").

>>> [t.text for t in tokenize("Mali's U.S. border, 1,200 km")]
['Mali', "'s", 'U.S', '.', 'border', ',', '1,200', 'km']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

from geomap.text.sentences import stop_ends_sentence
from geomap.text.wordlists import FUNCTION_WORDS, TITLE_ABBREVIATIONS

__all__ = [
    "Token",
    "follows_place_comma",
    "is_sentence_start",
    "is_short_abbreviation",
    "joins",
    "lower_case_words",
    "next_is_capitalised_word",
    "next_word",
    "previous_word",
    "run_start",
    "title_case_tokens",
    "tokenize",
    "touches_ampersand",
]


class Token:
    """A word, number or punctuation character with its offsets; the tests
    the recogniser asks of it are computed once."""

    __slots__ = ("end", "index", "is_capitalised", "is_word", "start", "text")

    def __init__(self, start: int, end: int, text: str, index: int) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.index = index
        self.is_word = text[0].isalpha()
        self.is_capitalised = text[0].isupper()

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r}, {self.index})"

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_all_caps(self) -> bool:
        # str.isupper ignores periods and apostrophes: "U.S" and "NATO" are capitals
        return self.is_capitalised and len(self.text) > 1 and self.text.isupper()


# Words (with internal periods or apostrophes: U.S, W.Va, M'Sila, d'Ivoire,
# and the ʿayn of transliterated Arabic and Uzbek: Qo‘qon, Qal‘at), numbers,
# and single punctuation characters. Letters may carry combining marks (H̱olon).
# Possessive quantifiers (never needed back: nothing follows in their
# alternative) and letter runs matched whole make the scan a third faster.
_LETTERS = r"[^\W\d_]++(?:[\u0300-\u036f]++[^\W\d_]*+)*+"
_TOKEN = re.compile(rf"{_LETTERS}(?:[.'’‘ʻʼ]{_LETTERS})*+|\d++(?:[.,]\d++)*+|\S")
# Every character the token pattern does not take is white space, so
# splitting on it gives the text as gap, token, gap, ..., token, gap.
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_SENTENCE_END = frozenset(".!?\n")
_NEWLINE = re.compile("\n")
_PERIOD = re.compile(r"\.")
_POSSESSIVE_END = re.compile("['’]s")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; a possessive "'s" is a token of its own so
    that "Mali's" still holds the name "Mali"."""
    # The words and their offsets come from C loops (split, accumulate, map);
    # the rare tokens the pattern reads otherwise are then mended in place.
    pieces = _TOKEN_SPLIT.split(text)
    offsets = list(accumulate(map(len, pieces)))
    words, starts, ends = pieces[1::2], offsets[:-1:2], offsets[1::2]
    for index in _mended_from_the_last(text, words, starts, ends):
        if words[index] == ".":  # "Mr." "Sen.": the title takes its period
            words[index - 1] += "."
            ends[index - 1] = ends[index]
            del words[index], starts[index], ends[index]
        else:  # possessive 's
            word, end = words[index], ends[index]
            words[index : index + 1] = [word[:-2], word[-2:]]
            starts[index : index + 1] = [starts[index], end - 2]
            ends[index : index + 1] = [end - 2, end]
    return list(map(Token, starts, ends, words, range(len(words))))


def _mended_from_the_last(
    text: str, words: list[str], starts: list[int], ends: list[int]
) -> list[int]:
    """Indexes of the periods that end a title abbreviation ("Mr.") and of the
    words that end in a possessive "'s", last first (so that mending one
    leaves the indexes before it)."""
    # Found where the text has a period or an "'s" (a few per article), each
    # placed among the tokens by bisection, rather than by asking every word.
    periods = []
    for match in _PERIOD.finditer(text):
        at = match.start()
        i = bisect_left(starts, at)
        if (
            0 < i < len(words)
            and starts[i] == at
            and words[i] == "."
            and ends[i - 1] == at
            and words[i - 1].lower() in TITLE_ABBREVIATIONS
        ):
            periods.append(i)
    possessives = []
    for match in _POSSESSIVE_END.finditer(text):
        i = bisect_left(ends, match.end())
        if i < len(ends) and ends[i] == match.end() and len(words[i]) > 2:
            possessives.append(i)
    return sorted(periods + possessives, reverse=True)


def lower_case_words(tokens: list[Token]) -> set[str]:
    """The words this text writes in lower case somewhere: a "reading" there
    makes a sentence-opening "Reading" a common word, not the town."""
    return {t.text for t in tokens if t.is_word and not t.is_capitalised and t.text.islower()}


def joins(text: str, left: Token, right: Token) -> bool:
    """True when two tokens are separated by a single space or nothing."""
    gap = text[left.end : right.start]
    return gap == "" or gap == " " or (left.text == "." and gap == " ")


def is_short_abbreviation(token: Token) -> bool:
    """True for "St", "Mt", "Ft": a short capitalised word, not an acronym."""
    return token.is_capitalised and len(token.text) <= 3 and not token.is_all_caps


def previous_word(tokens: list[Token], index: int) -> Token | None:
    """The word right before token ``index``, if the token there is a word."""
    if index > 0 and tokens[index - 1].is_word:
        return tokens[index - 1]
    return None


def next_word(tokens: list[Token], index: int) -> Token | None:
    """The word right after token ``index``, if the token there is a word."""
    if index + 1 < len(tokens) and tokens[index + 1].is_word:
        return tokens[index + 1]
    return None


def next_is_capitalised_word(tokens: list[Token], index: int, text: str) -> bool:
    """True when token ``index`` is followed, in the same run, by a capitalised
    word that is not a function word: the name goes on ("Washington Post")."""
    if index + 1 >= len(tokens):
        return False
    following = tokens[index + 1]
    return (
        following.is_word
        and following.is_capitalised
        and joins(text, tokens[index], following)
        and following.lower not in FUNCTION_WORDS
    )


def run_start(tokens: list[Token], index: int, text: str) -> int:
    """First token of the run of capitalised words (joined by single spaces)
    that ends just before ``index``; ``index`` itself when there is none."""
    start = index
    while start > 0:
        previous = tokens[start - 1]
        if not (
            previous.is_word and previous.is_capitalised and joins(text, previous, tokens[start])
        ):
            break
        if previous.lower in FUNCTION_WORDS:
            break
        start -= 1
    return start


def is_sentence_start(tokens: list[Token], index: int, text: str) -> bool:
    """True when the token opens a sentence, a line, a quotation or the text."""
    j = index - 1
    while j >= 0 and tokens[j].text in "\"'“‘(«[-—–":
        j -= 1
    if j < 0:
        return True
    previous = tokens[j]
    if previous.text in ".!?":
        # the one sentence rule: "Mr. Paris" and "W. T. Sherman" go on
        return stop_ends_sentence(text, previous.start, previous.end)
    if previous.text in _SENTENCE_END or previous.text in ":;":
        return True
    return "\n" in text[previous.end : tokens[index].start]


def follows_place_comma(tokens: list[Token], index: int, text: str) -> bool:
    """True for the 'IL' of 'Springfield, IL': a comma right after a capitalised word."""
    return (
        index >= 2
        and tokens[index - 1].text == ","
        and tokens[index - 2].is_word
        and tokens[index - 2].is_capitalised
    )


def touches_ampersand(tokens: list[Token], first: int, last: int) -> bool:
    """True when '&' stands right before or after the run: "Marks & Spencer"."""
    return (first > 0 and tokens[first - 1].text == "&") or (
        last + 1 < len(tokens) and tokens[last + 1].text == "&"
    )


def title_case_tokens(text: str, tokens: list[Token]) -> set[int]:
    """Indexes of tokens on title-case lines ("Hostages Freed In Algeria Raid"),
    where capitals say nothing about names."""
    indexes: set[int] = set()
    position = 0
    for line_end in [*_line_ends(text), len(text) + 1]:
        words = []
        while position < len(tokens) and tokens[position].start < line_end:
            if tokens[position].is_word:
                words.append(tokens[position])
            position += 1
        if len(words) < 4 or sum(t.is_capitalised for t in words) < 0.8 * len(words):
            continue
        # "Algiers Hostage Crisis" may be a name; "Hostages Freed In Algeria" is a headline.
        if any(t.lower in FUNCTION_WORDS for t in words[1:]):
            indexes.update(t.index for t in words)
    return indexes


def _line_ends(text: str) -> list[int]:
    return [match.start() for match in _NEWLINE.finditer(text)]
