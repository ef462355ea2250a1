"""Sentence boundaries: where the sentences of a text start and end.

Claims are read one sentence at a time; a sentence break must not fall inside
"the U.S. Embassy" or "Gen. Smith".
"""

from __future__ import annotations

import re

from geomap.text.claimwords import ABBREVIATIONS

__all__ = ["sentence_spans", "stop_ends_sentence"]

_LAST_TOKEN = re.compile(r"([\w.]+)$")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")
_NUMBER_BEFORE = re.compile(r"\d\s?$")  # "The elevation is 588 m. It is ..."
# What may open a sentence besides a capital letter.
_OPENERS = "0123456789\"“'‘("
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding whitespace.

    A line break always ends a sentence; a full stop does unless it closes an
    abbreviation or an initial ("U.S.", "Gen.", "W. T. Sherman", "p. m.") or
    the next word starts in lower case.

    >>> text = "Gen. Smith left the U.S. Embassy. He drove 60 km.\\nThen he stopped."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Gen. Smith left the U.S. Embassy.', 'He drove 60 km.', 'Then he stopped.']
    """
    spans = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if match.group() != "\n" and not _ends_sentence(text, match):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        chunk = text[begin:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            trimmed.append((begin + left, begin + right))
    return trimmed


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    return stop_ends_sentence(text, match.start(), match.end())


def stop_ends_sentence(text: str, start: int, end: int) -> bool:
    """True when the stop ``text[start:end]`` ("." "?!" '."') ends a sentence.

    The one sentence rule of geomap: recognition asks it whether a word opens
    a sentence, claims use it to cut sentences.

    >>> text = "Mr. Paris spoke. Sen. Warren left."
    >>> [stop_ends_sentence(text, i, i + 1) for i, c in enumerate(text) if c == "."]
    [False, True, False, True]
    """
    following = _NEXT_CHARACTER.match(text, end)
    if following is None:
        return True
    if not (following.group(1).isupper() or following.group(1) in _OPENERS):
        return False
    if text[start] != ".":
        return True
    word = _LAST_TOKEN.search(text, max(0, start - 40), start)
    if word is None:
        return True
    token = word.group(1)
    if len(token) == 1 and token.isalpha():
        # an initial ("W. T. Sherman", "p. m."), unless a unit after a number
        return bool(_NUMBER_BEFORE.search(text, max(0, word.start() - 12), word.start()))
    if _DOTTED_ACRONYM.fullmatch(token):
        return False  # "U.S.", "a.m."
    return token.lower() not in ABBREVIATIONS
