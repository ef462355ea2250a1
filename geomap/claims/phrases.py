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


def phrase_after(context: ClaimText, position: int, limit: int) -> tuple[int, int] | None:  # noqa: C901
    """The noun phrase starting at ``position``: what a distance is measured from.

    It runs to the first punctuation or clause word, keeps "of" and name
    particles ("the capital of Algiers"), never cuts a place mention in two,
    and after a proper name continues only to a generic head noun ("the Ain
    Amenas gas plant", "Illizi province").
    """
    text = context.text
    tokens = _tokens(text, position, min(limit, position + 160))
    kept: list[tuple[int, int, str]] = []
    seen_name = False
    index = 0
    while index < len(tokens) and len(kept) < 10:
        start, end, word = tokens[index]
        inside = context.covering(start)
        if inside is not None:
            kept.append((start, inside.mention.end, text[start : inside.mention.end]))
            while index < len(tokens) and tokens[index][0] < inside.mention.end:
                index += 1
            seen_name = True
            continue
        lowered = word.lower().rstrip(".")
        if not word[0].isalnum():
            if word in "-–'’" and kept:
                index += 1
                continue
            break
        if word[0].isdigit() and not (kept and kept[-1][2][:1].isupper()):
            break
        if word.islower():
            border_context = any(k[2].lower() in BORDER_WORDS for k in kept)
            if lowered in ("with", "between") and border_context:
                kept.append((start, end, word))
                index += 1
                continue
            if lowered == "and" and any(k[2].lower() == "between" for k in kept):
                kept.append((start, end, word))
                index += 1
                continue
            if lowered in FORWARD_STOPS:
                break
            if seen_name and lowered not in NAME_PARTICLES:
                head = _head_noun_ahead(tokens, index)
                if head is None:
                    break
                kept.extend(tokens[index : head + 1])
                index = head + 1
                continue
        else:
            seen_name = True
        kept.append((start, end, word))
        index += 1
    while kept and (kept[-1][2].lower() in NAME_PARTICLES | DETERMINERS or kept[-1][2] in "-–'’"):
        kept.pop()
    if not kept:
        return None
    start, end = kept[0][0], kept[-1][1]
    if text[end - 1] == "." and not _ENDS_WITH_INITIALS.search(text, start, end):
        end -= 1
    if len(kept) == 1 and kept[0][2].lower() in PRONOUNS:
        return None
    return _with_appositive_name(context, start, end, limit)


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
