"""Doubtful places: a claim is never called false on a place geomap may have misread.

A village the gazetteer lacks is read as a bigger namesake far away
("Wellington, in rural Somerset" as the Wellington in Shropshire); measured
from there, a true claim looks false. So an ``inconsistent`` verdict is
withheld (made ``unverifiable``, with the reason) when one of its places is
doubtful by the article's own evidence:

- the text qualifies the name with a region the chosen place is not in
  ("Santa Cruz, New Mexico" read as the one in California);
- the article's title names a place of that name ("Weston, Lincolnshire")
  that the gazetteer does not hold there, or holds as another place.

A claim about places the article itself backs stays false when it is false.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from geomap.gazetteer.normalize import name_key
from geomap.geoparse.resolve import NOT_INSIDE
from geomap.geoparse.site import TitleName, title_name
from geomap.model import Document, Place, Resolution, Verdict

__all__ = ["withhold_doubtful"]


def withhold_doubtful(
    verdicts: Sequence[Verdict],
    resolutions: Sequence[Resolution],
    documents: Sequence[Document],
    titles: Mapping[str, Place | None],
) -> tuple[Verdict, ...]:
    """The verdicts, with every ``inconsistent`` one that rests on a doubtful
    place made ``unverifiable`` and the reason said."""
    by_doc: dict[str, list[Resolution]] = {}
    for resolution in resolutions:
        by_doc.setdefault(resolution.mention.doc_id, []).append(resolution)
    title_names = {d.id: title_name(d.title) for d in documents}
    result = []
    for verdict in verdicts:
        if verdict.status != "inconsistent":
            result.append(verdict)
            continue
        doc_id = verdict.claim.doc_id
        reason = _doubt(
            verdict, by_doc.get(doc_id, []), title_names.get(doc_id), titles.get(doc_id)
        )
        if reason is None:
            result.append(verdict)
        else:
            result.append(
                replace(
                    verdict, status="unverifiable", explanation=f"{verdict.explanation} {reason}"
                )
            )
    return tuple(result)


def _doubt(
    verdict: Verdict,
    resolutions: Sequence[Resolution],
    title: TitleName | None,
    title_place: Place | None,
) -> str | None:
    claim = verdict.claim
    places = [*claim.subjects, claim.reference.place]
    for place in places:
        if place is None:
            continue
        if _qualifier_contradicts(place, resolutions):
            return _lacks(place, "the text places it elsewhere")
        if title is not None and _title_contradicts(place, resolutions, title, title_place):
            return _lacks(place, f"the article is about another {title.name}")
    return None


def _qualifier_contradicts(place: Place, resolutions: Sequence[Resolution]) -> bool:
    return any(
        r.place == place and any(reason.startswith(NOT_INSIDE) for reason in r.reasons)
        for r in resolutions
    )


def _title_contradicts(
    place: Place, resolutions: Sequence[Resolution], title: TitleName, title_place: Place | None
) -> bool:
    """The title names a place of this name, and it is not this one: the title
    resolved to another place, or its qualifier ruled every namesake out."""
    key = name_key(title.name)
    named_so = name_key(place.name) == key or any(
        r.place == place and name_key(r.mention.text) == key for r in resolutions
    )
    if not named_so or place == title_place:
        return False
    return title_place is not None or title.qualified


def _lacks(place: Place, why: str) -> str:
    return (
        f"Not called false: {place.name} may be another place of that name ({why}); "
        "if the gazetteer lacks the one meant, add it with 'geomap gazetteer add'."
    )
