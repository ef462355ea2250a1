"""Noun phrase boundaries: where a phrase read forwards from a connector, or
backwards from a verb or a comma, starts and ends.

A phrase never cuts a place mention in two. :func:`phrase_after` finds what a
distance is measured from ("60 km from *the Ain Amenas gas plant*");
:func:`phrase_before` finds the phrase a subject reading starts from
("*the town of Gao* lies ...").
"""

from __future__ import annotations

import re

from geomap.claims.claimtext import ClaimText
from geomap.text.claimwords import (
    BACKWARD_STOPS,
    DETERMINERS,
    FORWARD_STOPS,
    HEAD_NOUNS,
    NAME_PARTICLES,
    PRONOUNS,
)
from geomap.text.wordlists import BORDER_WORDS

__all__ = ["phrase_after", "phrase_before"]

_TOKEN = re.compile(r"[\w][\w'’.&-]*|[^\w\s]")
_CAPITALISED_NAME = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|de|al|el)\b)*")
_ENDS_WITH_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_COMMA = re.compile(r",\s*")


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def phrase_after(context: ClaimText, position: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase starting at ``position``: what a distance is measured from.

    It runs to the first punctuation or clause word, keeps "of" and name
    particles ("the capital of Algiers"), never cuts a place mention in two,
    and after a proper name continues only to a generic head noun ("the Ain
    Amenas gas plant", "Illizi province").
    """
    tokens = _tokens(context.text, position, min(limit, position + 160))
    kept = _phrase_words(context, tokens)
    while kept and (kept[-1][2].lower() in NAME_PARTICLES | DETERMINERS or kept[-1][2] in "-–'’"):
        kept.pop()
    if not kept or (len(kept) == 1 and kept[0][2].lower() in PRONOUNS):
        return None
    start, end = kept[0][0], kept[-1][1]
    if context.text[end - 1] == "." and not _ENDS_WITH_INITIALS.search(context.text, start, end):
        end -= 1
    return _with_appositive_name(context, start, end, limit)


_Word = tuple[int, int, str]


def _phrase_words(context: ClaimText, tokens: list[_Word]) -> list[_Word]:
    """The words of the phrase, in order, up to where it stops."""
    text = context.text
    kept: list[_Word] = []
    seen_name = False
    index = 0
    while index < len(tokens) and len(kept) < 10:
        start, end, word = tokens[index]
        inside = context.covering(start)
        if inside is not None:  # a place mention is taken whole
            kept.append((start, inside.mention.end, text[start : inside.mention.end]))
            while index < len(tokens) and tokens[index][0] < inside.mention.end:
                index += 1
            seen_name = True
            continue
        if not word[0].isalnum():
            if word in "-–'’" and kept:
                index += 1
                continue
            break
        if word[0].isdigit() and not (kept and kept[-1][2][:1].isupper()):
            break
        if word.islower():
            taken = _lower_case_words(tokens, index, kept, seen_name)
            if taken is None:
                break
            if taken > index:
                kept.extend(tokens[index:taken])
                index = taken
                continue
        else:
            seen_name = True
        kept.append((start, end, word))
        index += 1
    return kept


def _lower_case_words(
    tokens: list[_Word], index: int, kept: list[_Word], seen_name: bool
) -> int | None:
    """How a lower-case word goes on: the index after the words it takes
    ("with" in "the border with Libya", the head noun after a name), the same
    index to take it as an ordinary word, or None where the phrase stops."""
    lowered = tokens[index][2].lower().rstrip(".")
    kept_words = [k[2].lower() for k in kept]
    if lowered in ("with", "between") and any(k in BORDER_WORDS for k in kept_words):
        return index + 1
    if lowered == "and" and "between" in kept_words:
        return index + 1
    if lowered in FORWARD_STOPS:
        return None
    if seen_name and lowered not in NAME_PARTICLES:
        head = _head_noun_ahead(tokens, index)
        if head is not None:
            return head + 1
        if kept_words[:1] == ["the"] and lowered.isalpha() and kept[-1][2][:1].isupper():
            # "the New Brunswick abutment of the bridge": the name modifies the
            # noun after it; the phrase names the abutment, not the province
            return index + 1
        return None
    return index


def _head_noun_ahead(tokens: list[tuple[int, int, str]], index: int) -> int | None:
    """Index of a generic head noun within three lower-case words, if any."""
    for ahead in range(index, min(index + 3, len(tokens))):
        word = tokens[ahead][2]
        if not word.islower() or word in FORWARD_STOPS:
            return None
        if word.rstrip(".") in HEAD_NOUNS:
            return ahead
    return None


def _with_appositive_name(context: ClaimText, start: int, end: int, limit: int) -> tuple[int, int]:
    """ "the capital, Algiers": extend a phrase naming no place to the name after its comma."""
    text = context.text
    words = [w for w in text[start:end].split() if w.lower() not in DETERMINERS]
    if context.inside(start, end) or any(w[:1].isupper() for w in words):
        return start, end
    following = _COMMA.match(text, end, limit)
    if following:
        name_start = following.end()
        mentions = context.inside(name_start, limit)
        if mentions and mentions[0].mention.start == name_start:
            return start, mentions[0].mention.end
        name = _CAPITALISED_NAME.match(text, name_start, limit)
        if name:
            return start, name.end()
    return start, end


def phrase_before(context: ClaimText, low: int, end: int) -> tuple[int, int] | None:
    """The noun phrase ending at ``end`` (read backwards to a determiner,
    punctuation or a clause word), never starting inside a place mention."""
    text = context.text
    while end > low and text[end - 1] in " ,\t":
        end -= 1
    tokens = _tokens(text, max(low, end - 160), end)
    start = end
    for count, (token_start, _, word) in enumerate(reversed(tokens)):
        if not word[0].isalnum() or count >= 8:
            break
        lowered = word.lower()
        if word.islower() and lowered in BACKWARD_STOPS and context.covering(token_start) is None:
            break
        start = token_start
        if lowered in DETERMINERS:
            break
    inside = context.covering(start)
    if inside is not None:
        start = inside.mention.start
    return (start, end) if start < end else None
