"""The text of the map: popups, tooltips, legend and title, as HTML fragments.

Everything here is built from model values that come from articles and user
files (mention text, place names, claim sentences, explanations), so every
such string goes through :func:`esc` on its way into HTML, and every fragment
that reaches a ``<script>`` goes through :func:`script_json`; both drop control
and bidi characters, so no name can reorder the text around it. Nothing else in
``geomap.render`` writes article text into the page.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from geomap.model import (
    AREA_KINDS,
    ClaimOutline,
    Document,
    Estimate,
    Finding,
    FindingKind,
    LatLon,
    Place,
    Reading,
    Report,
    Verdict,
)
from geomap.neutral import plain_text
from geomap.render.features import (
    ClaimBand,
    LineBand,
    MappedPlace,
    MeasuredLine,
    focus_country,
)
from geomap.render.style import (
    AREA_STYLE,
    ESTIMATE_COLOUR,
    ESTIMATE_POINT_STYLE,
    OUTLINE_DASHES,
    PLACE_STYLE,
    SITE_STYLE,
    STATUS_DASHES,
    STATUSES,
    MarkerStyle,
    status_colour,
    status_label,
)
from geomap.units import format_area, format_km

if TYPE_CHECKING:
    from geomap.render.overview import BatchOverview, ClaimLine, PlaceTally

__all__ = [
    "alt_text",
    "band_tooltip",
    "claim_list_html",
    "claim_outline_tooltip",
    "default_title",
    "esc",
    "estimate_tooltip",
    "format_km",
    "format_latlon",
    "format_range",
    "known_place_sentence",
    "legend_html",
    "line_band_tooltip",
    "line_figures",
    "line_label",
    "line_popup",
    "line_tooltip",
    "overview_alt_text",
    "overview_legend_html",
    "overview_line_row",
    "overview_place_row",
    "overview_summary_html",
    "overview_title_html",
    "place_label",
    "place_popup",
    "place_tooltip",
    "script_json",
    "summary_html",
    "title_html",
]

#: How many documents a place popup lists before "and N more".
_MAX_DOCUMENTS = 8
#: How many distinct spellings a place popup lists.
_MAX_FORMS = 12
#: Claim sentences longer than this are cut in popups.
_MAX_QUOTE = 280
#: How many places the page's text summary lists.
_MAX_SUMMARY_PLACES = 200


def esc(text: object) -> str:
    """Text made safe for HTML element content and quoted attributes.

    Control and bidi characters are removed first (:func:`geomap.neutral.plain_text`):
    a right-to-left override in a name would otherwise turn around the rest
    of the line, geomap's own verdict included.

    >>> esc('<script>alert("x")</script> & O\\'Neil')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#x27;Neil'
    """
    return html.escape(plain_text(str(text)), quote=True)


def script_json(value: object) -> str:
    """JSON to embed as a JavaScript expression inside ``<script>``.

    ``<``, ``>``, ``&`` and ``'`` become ``\\u`` escapes, so no string can close
    the script element (``</script>``), open a comment (``<!--``) or end an
    attribute; the value read back by JavaScript is unchanged, but for the
    control and bidi characters removed from every string as :func:`esc` does.

    >>> print(script_json("</script><!-- & 'x'"))
    "\\u003c/script\\u003e\\u003c!-- \\u0026 \\u0027x\\u0027"
    >>> json.loads(script_json("</script>"))
    '</script>'
    """
    return (
        json.dumps(_plain(value), ensure_ascii=True, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )


def _plain(value: object) -> object:
    """``value`` with :func:`plain_text` applied to every string inside it."""
    if isinstance(value, str):
        return plain_text(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def format_range(low: float, high: float) -> str:
    """A claimed range: ``'60 km'`` or ``'50–70 km'``.

    >>> format_range(60, 60), format_range(50, 70.0)
    ('60 km', '50–70 km')
    """
    if abs(high - low) < 0.05:
        return format_km(high)
    return f"{format_km(low).removesuffix(' km')}–{format_km(high)}"


def format_latlon(point: LatLon) -> str:
    """Degrees with hemisphere letters, three decimals (about 100 m).

    >>> format_latlon(LatLon(27.897, -9.1271))
    '27.897° N, 9.127° W'
    """
    ns = "N" if point.lat >= 0 else "S"
    ew = "E" if point.lon >= 0 else "W"
    return f"{abs(point.lat):.3f}° {ns}, {abs(point.lon):.3f}° {ew}"


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _document_label(doc_id: str, documents: Mapping[str, Document]) -> str:
    document = documents.get(doc_id)
    if document is not None and document.title:
        return f'{esc(document.title)} <span class="geomap-muted">({esc(doc_id)})</span>'
    return esc(doc_id)


def _place_line(place: Place, country_names: Mapping[str, str]) -> str:
    country = country_names.get(place.country_code, place.country_code)
    parts = [place.kind, country] if country else [place.kind]
    return esc(" · ".join(p for p in parts if p))


def place_tooltip(entry: MappedPlace) -> str:
    """The hover label of a marker: the place name, and the site flagged."""
    suffix = " <em>(incident site)</em>" if entry.is_site else ""
    return f"<strong>{esc(entry.place.name)}</strong>{suffix}"


def place_label(entry: MappedPlace) -> str:
    """Plain text naming a marker for keyboard and screen-reader users (not HTML:
    Leaflet sets it as the marker's ``title`` property, which takes text)."""
    return f"{entry.place.name} (incident site)" if entry.is_site else entry.place.name


def place_popup(
    entry: MappedPlace,
    *,
    documents: Mapping[str, Document],
    country_names: Mapping[str, str] | None = None,
) -> str:
    """Name, kind, country, coordinates, mentions per document and surface forms."""
    place = entry.place
    country_names = country_names or {}
    rows = [
        f"<h2>{esc(place.name)}</h2>",
        "<p><strong>Incident site</strong></p>" if entry.is_site else "",
        f"<p>{_place_line(place, country_names)}</p>",
        f"<p>{esc(format_latlon(place.point))}"
        + (' <span class="geomap-muted">(centre of the area)</span>' if entry.is_area else "")
        + "</p>",
    ]
    if entry.mentions:
        per_document = Counter(m.doc_id for m in entry.mentions)
        shown = list(per_document.items())[:_MAX_DOCUMENTS]
        items = "".join(
            f"<li>{_document_label(doc_id, documents)}: {_times(count)}</li>"
            for doc_id, count in shown
        )
        more = len(per_document) - len(shown)
        if more:
            items += f"<li>and {more} more</li>"
        documents_word = "document" if len(per_document) == 1 else "documents"
        rows.append(
            f"<p>Mentioned {_times(len(entry.mentions))} in {len(per_document)} "
            f"{documents_word}:</p><ul>{items}</ul>"
        )
        forms = Counter(m.text for m in entry.mentions).most_common(_MAX_FORMS)
        written = ", ".join(
            f"“{esc(text)}”" + (f" ×{count}" if count > 1 else "") for text, count in forms
        )
        rows.append(f"<p>Written as {written}</p>")
    elif entry.in_claims:
        rows.append("<p>Named in a distance claim.</p>")
    if place.source:
        rows.append(f'<p class="geomap-muted">{esc(place.id)} · {esc(place.source)}</p>')
    return f'<div class="geomap-popup">{"".join(rows)}</div>'


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _MAX_QUOTE:
        text = text[: _MAX_QUOTE - 1].rstrip() + "…"
    return f"<blockquote>{esc(text)}</blockquote>"


def _claimed(verdict: Verdict) -> str:
    quantity = verdict.claim.quantity
    stated = quantity.text if quantity is not None else ""
    if verdict.accepted_km is None:
        return esc(stated) if stated else "no distance stated"
    accepted = format_range(*verdict.accepted_km)
    if stated:
        return f"“{esc(stated)}”, taken as {esc(accepted)}"
    return esc(accepted)


def _direction(verdict: Verdict, reading: Reading) -> str:
    direction = verdict.claim.direction
    if not direction:
        return ""
    measured = (
        f"; measured bearing {reading.bearing_deg:.0f}°" if reading.bearing_deg is not None else ""
    )
    offset = (
        f", {reading.direction_offset_deg:.0f}° off"
        if reading.direction_offset_deg is not None
        else ""
    )
    return f"<dt>Direction</dt><dd>stated “{esc(direction)}”{measured}{offset}</dd>"


def _one_claim(verdict: Verdict, reading: Reading, documents: Mapping[str, Document]) -> str:
    claim = verdict.claim
    status_class = f"geomap-status geomap-status-{esc(reading.status)}"
    explanations = [verdict.explanation]
    if reading.explanation and reading.explanation != verdict.explanation:
        explanations.append(reading.explanation)
    return (
        f'<p class="{status_class}"><strong style="color:{status_colour(reading.status)}">'
        f"{esc(status_label(reading.status))}</strong> · "
        f"{_document_label(claim.doc_id, documents)}</p>"
        + _quote(claim.sentence or claim.text)
        + f"<dl><dt>Claimed</dt><dd>{_claimed(verdict)}</dd>{_direction(verdict, reading)}</dl>"
        + "".join(f"<p>{esc(text)}</p>" for text in explanations if text)
    )


def line_popup(line: MeasuredLine, *, documents: Mapping[str, Document]) -> str:
    """The measured distance once, then every claim drawn along the line: status,
    source, quote, claimed range, and the verdict's and reading's explanations."""
    first_verdict, first_reading = line.claims[0]
    head = (
        f"<h2>{esc(line.subject.name)} – {esc(first_verdict.claim.reference.text)}</h2>"
        f"<p>Measured: <strong>{esc(format_km(first_reading.distance_km))}</strong>"
        " (geodesic)</p>"
    )
    claims = [_one_claim(verdict, reading, documents) for verdict, reading in line.claims]
    return f'<div class="geomap-popup">{head}<hr>{"<hr>".join(claims)}</div>'


def line_tooltip(line: MeasuredLine) -> str:
    """A one-line summary: status, subject, reference, claimed and measured."""
    verdict, reading = line.claims[0]
    ranges = dict.fromkeys(
        format_range(*v.accepted_km) for v, _ in line.claims if v.accepted_km is not None
    )
    claimed = f"claimed {', '.join(ranges)}, " if ranges else ""
    repeated = f" ({len(line.claims)} claims)" if len(line.claims) > 1 else ""
    return (
        f"<strong>{esc(status_label(line.status))}</strong>{repeated}: "
        f"{esc(line.subject.name)} from {esc(verdict.claim.reference.text)}, "
        f"{esc(claimed)}measured {esc(format_km(reading.distance_km))}"
    )


def line_figures(line: MeasuredLine) -> str:
    """What a line's label says: "stated 60 mi · measured 73 km" (and how
    many more claims the line stands for)."""
    verdict, reading = line.claims[0]
    quantity = verdict.claim.quantity
    stated = f"stated {quantity.text} · " if quantity is not None else ""
    more = f" (+{len(line.claims) - 1})" if len(line.claims) > 1 else ""
    return f"{stated}measured {format_km(reading.distance_km)}{more}"


def line_label(line: MeasuredLine) -> str:
    """Plain text naming a measured line for keyboard and screen-reader users."""
    verdict, reading = line.claims[0]
    repeated = f" ({len(line.claims)} claims)" if len(line.claims) > 1 else ""
    return (
        f"{status_label(line.status)}{repeated}: {line.subject.name} from "
        f"{verdict.claim.reference.text}, measured {format_km(reading.distance_km)}. "
        "Press Enter for details."
    )


def line_band_tooltip(band: LineBand) -> str:
    """What a strip along a border or coast means, and which claims it stands for."""
    subjects = sorted({v.claim.subject_text for v in band.verdicts if v.claim.subject_text})
    about = f" ({esc(', '.join(subjects))})" if subjects else ""
    return (
        f"Claimed distance from {esc(band.text)}: "
        f"{esc(format_range(band.low_km, band.high_km))}{about}"
        f'<br><span class="geomap-muted">{esc(status_label(band.status))}; '
        "drawn near the places the claim is about</span>"
    )


def estimate_tooltip(estimate: Estimate) -> str:
    """Where the claims put a place no gazetteer holds, and on which claims."""
    used = "<br>".join(f"&middot; {esc(c.text)}" for c in estimate.used)
    left = "".join(f"<br>&middot; {esc(c.text)}" for c in estimate.left_out)
    left_out = f'<br><span class="geomap-muted">Left out (disagree):</span>{left}' if left else ""
    known = f"<br>{esc(known_place_sentence(estimate))}" if estimate.known else ""
    if estimate.within:
        names = " and ".join(p.name for p in estimate.within)
        known = f"<br>Inside {esc(names)}, where the text puts it.{known}"
    return (
        f"<b>Estimated: {esc(estimate.subject)}</b> "
        f"(within {esc(format_km(estimate.radius_km))}; {esc(format_area(estimate.area_km2))})"
        f'<br><span class="geomap-muted">From the claims:</span><br>{used}{left_out}{known}'
    )


def known_place_sentence(estimate: Estimate) -> str:
    """ "Tigantourine gas facility (the site) lies 236 km from the estimated
    point, inside the region." """
    known = estimate.known
    if known is None:
        return ""
    where = "inside" if known.inside else "outside"
    return (
        f"{known.place.name} (the site) lies {format_km(known.distance_km)} from the "
        f"estimated point, {where} the region."
    )


def claim_outline_tooltip(outline: ClaimOutline, estimate: Estimate) -> str:
    """What one claim alone allows, and whether the estimate used it."""
    role = (
        "used for the estimate" if outline.used else "left out: it disagrees with the other claims"
    )
    return (
        f"<b>“{esc(outline.claim.text)}”</b><br>"
        f'<span class="geomap-muted">Where this claim alone puts {esc(estimate.subject)}; '
        f"{role}</span>"
    )


def band_tooltip(band: ClaimBand) -> str:
    """What the shaded band means, and which claims it stands for."""
    subjects = sorted({v.claim.subject_text for v in band.verdicts if v.claim.subject_text})
    about = f" ({esc(', '.join(subjects))})" if subjects else ""
    return (
        f"Claimed distance from {esc(band.reference.name)}: "
        f"{esc(format_range(band.low_km, band.high_km))}{about}"
        f'<br><span class="geomap-muted">{esc(status_label(band.status))}</span>'
    )


def _line_swatch(colour: str, dashes: str | None) -> str:
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    return (
        '<svg width="30" height="10" aria-hidden="true">'
        f'<line x1="1" y1="5" x2="29" y2="5" stroke="{colour}" stroke-width="3"{dash}/></svg>'
    )


def _dot_swatch(style: MarkerStyle) -> str:
    return (
        '<svg width="30" height="22" aria-hidden="true">'
        f'<circle cx="15" cy="11" r="{min(style.radius, 9)}" fill="{style.fill_color}" '
        f'fill-opacity="{style.fill_opacity}" stroke="{style.color}" '
        f'stroke-width="{style.weight}"/></svg>'
    )


def legend_html(
    status_counts: Mapping[str, int],
    *,
    has_site: bool,
    has_areas: bool,
    has_bands: bool,
    has_estimates: bool = False,
    has_outlines: bool = False,
) -> str:
    """The legend: line colour per status (with counts), marker kinds, band."""
    statuses = list(STATUSES) + sorted(set(status_counts) - set(STATUSES))
    rows = [
        f"<li>{_line_swatch(status_colour(s), STATUS_DASHES.get(s))}"
        f'{esc(status_label(s))} <span class="geomap-muted">({status_counts.get(s, 0)})</span></li>'
        for s in statuses
    ]
    marks = []
    if has_site:
        marks.append(f"<li>{_dot_swatch(SITE_STYLE)}Incident site</li>")
    marks.append(f"<li>{_dot_swatch(PLACE_STYLE)}Place mentioned</li>")
    if has_areas:
        marks.append(f"<li>{_dot_swatch(AREA_STYLE)}Centre of a country or region</li>")
    if has_bands:
        marks.append(
            '<li><svg width="30" height="14" aria-hidden="true"><rect x="1" y="2" width="28" '
            'height="10" fill="#888" fill-opacity="0.3" stroke="#888"/></svg>'
            "Distance range a claim allows</li>"
        )
    if has_estimates:
        marks.append(
            '<li><svg width="30" height="14" aria-hidden="true"><rect x="1" y="2" width="28" '
            f'height="10" fill="{ESTIMATE_COLOUR}" fill-opacity="0.12" stroke="{ESTIMATE_COLOUR}" '
            'stroke-dasharray="4 3"/></svg>Where the claims together put a place</li>'
        )
        marks.append(f"<li>{_dot_swatch(ESTIMATE_POINT_STYLE)}Its most likely point</li>")
    if has_outlines:
        marks.append(
            f"<li>{_line_swatch(ESTIMATE_COLOUR, OUTLINE_DASHES)}One claim's own range</li>"
            f"<li>{_line_swatch(status_colour('inconsistent'), OUTLINE_DASHES)}"
            "A claim left out (disagrees)</li>"
        )
    return (
        '<details class="geomap-legend-details" open><summary>Legend</summary>'
        f"<h2>Distance claims</h2><ul>{''.join(rows)}</ul><h2>Places</h2><ul>{''.join(marks)}</ul>"
        "</details>"
    )


def alt_text(report: Report, country_names: Mapping[str, str] | None = None) -> str:
    """One paragraph saying what the map shows, for readers who cannot see it
    (an ``alt`` text, the embed snippet's description): where, the site, the
    places the claims measure from, and the verdicts as `check` counts them.
    Plain text."""
    code = focus_country(report)
    country = (country_names or {}).get(code or "", "")
    parts = [f"Map of {country}" if country else "Map"]
    if report.site is not None:
        parts.append(f"showing {report.site.name} (the incident site)")
    elif any(e.known is None for e in report.estimates):
        parts.append("showing where the articles' claims put the incident site")
    references = Counter(
        v.claim.reference.place.name
        for v in report.verdicts
        if v.claim.reference.place is not None
        and v.claim.reference.place.kind not in AREA_KINDS
        and v.claim.reference.place != report.site
    )
    if references:
        names = [name for name, _ in references.most_common(3)]
        parts.append("near " + _listed(names))
    counts = Counter(v.status for v in report.verdicts)
    verdicts = [f"{counts[s]} {status_label(s).lower()}" for s in STATUSES if counts.get(s)]
    contradictions = sum(f.kind == FindingKind.CONTRADICTION for f in report.findings)
    if contradictions:
        verdicts.append(f"{contradictions} contradiction{'' if contradictions == 1 else 's'}")
    articles = len(report.documents)
    claims = (
        f"and {len(report.verdicts)} distance claim{'' if len(report.verdicts) == 1 else 's'} "
        f"from {articles} article{'' if articles == 1 else 's'}"
    )
    return plain_text(
        " ".join(parts) + f", {claims}" + (f": {', '.join(verdicts)}." if verdicts else ".")
    )


def _listed(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def default_title(report: Report) -> str:
    """A title when the caller gives none: the site, else the first article's title."""
    if report.site is not None:
        return f"{report.site.name}: places and distance claims"
    for document in report.documents:
        if document.title:
            return document.title
    return "Places and distance claims"


def title_html(
    title: str,
    *,
    documents: int,
    places: int,
    claims: int,
    undrawn: int,
    verdicts: Mapping[str, int] | None = None,
    contradictions: int = 0,
) -> str:
    """The title box: the title, one line of counts, and the verdicts in the
    words and numbers `geomap check` gives them."""

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    facts = [
        plural(documents, "article"),
        plural(places, "place"),
        plural(claims, "claim") + " checked",
    ]
    if undrawn:
        facts.append(f"{undrawn} not drawn (no point to measure from)")
    found = [
        f"{verdicts[status]} {status_label(status).lower()}"
        for status in STATUSES
        if verdicts and verdicts.get(status)
    ]
    if contradictions:
        found.append(plural(contradictions, "contradiction"))
    summary = f'<p class="geomap-verdicts">{esc(", ".join(found))}</p>' if found else ""
    return f"<h1>{esc(title)}</h1><p>{esc(' · '.join(facts))}</p>{summary}"


def _summary_claim(verdict: Verdict, documents: Mapping[str, Document]) -> str:
    claim = verdict.claim
    measured = "; ".join(
        f"{esc(reading.subject.name)}: measured {esc(format_km(reading.distance_km))}"
        f" ({esc(status_label(reading.status).lower())})"
        for reading in verdict.readings
    )
    return (
        f"<li><strong>{esc(status_label(verdict.status))}</strong>: “{esc(claim.text)}” "
        f"({_document_label(claim.doc_id, documents)}). Claimed {_claimed(verdict)}."
        + (f" {measured}." if measured else "")
        + (f" {esc(verdict.explanation)}" if verdict.explanation else "")
        + "</li>"
    )


def claim_list_html(
    verdicts: Sequence[Verdict], documents: Mapping[str, Document], drawn: set[int]
) -> str:
    """The claims beside the map, closed until the reader opens it: each with
    its verdict, stated and measured distance and article; a claim with a
    measured line is a button (``data-claim`` = its index) that shows it."""
    items = []
    for index, verdict in enumerate(verdicts):
        claim = verdict.claim
        measured = (
            f", measured {esc(format_km(verdict.readings[0].distance_km))}"
            if verdict.readings
            else ""
        )
        text = (
            f"<strong>{esc(status_label(verdict.status))}</strong>: “{esc(claim.text)}”{measured}"
            f' <span class="geomap-muted">({esc(_article_name(claim.doc_id, documents))})</span>'
        )
        if index in drawn:
            items.append(
                f'<li><button type="button" class="geomap-claim" data-claim="{index}">'
                f"{text}</button></li>"
            )
        else:
            items.append(f"<li>{text}</li>")
    return (
        f'<details class="geomap-claims-details"><summary>Claims ({len(verdicts)})</summary>'
        f"<ol>{''.join(items)}</ol></details>"
    )


def _article_name(doc_id: str, documents: Mapping[str, Document]) -> str:
    document = documents.get(doc_id)
    return document.title if document is not None and document.title else doc_id


def _summary_estimate(estimate: Estimate) -> str:
    used = "; ".join(f"“{esc(c.text)}”" for c in estimate.used)
    left = "; ".join(f"“{esc(c.text)}”" for c in estimate.left_out)
    return (
        f"<li><strong>{esc(estimate.subject)}</strong>: {esc(format_latlon(estimate.point))}, "
        f"within {esc(format_km(estimate.radius_km))}, from {used}."
        + (f" Left out as disagreeing: {left}." if left else "")
        + (f" {esc(known_place_sentence(estimate))}" if estimate.known else "")
        + "</li>"
    )


def _summary_finding(finding: Finding) -> str:
    return f"<li><strong>{esc(finding.kind.capitalize())}</strong>: {esc(finding.explanation)}</li>"


def summary_html(report: Report, places: list[MappedPlace], *, title: str) -> str:
    """The map's findings as text: every claim with its verdict, the findings
    across claims and the places, for screen readers and search engines (the
    page shows it only to them). Every string from the input is escaped."""
    documents = {d.id: d for d in report.documents}
    parts = [f"<h2>{esc(title)}: summary</h2>"]
    if report.site is not None:
        parts.append(
            f"<p>Incident site: {esc(report.site.name)} ({esc(format_latlon(report.site.point))})."
            "</p>"
        )
    if report.verdicts:
        claims = "".join(_summary_claim(v, documents) for v in report.verdicts)
        parts.append(f"<h3>Distance claims checked</h3><ol>{claims}</ol>")
    else:
        parts.append("<p>No distance claims were found.</p>")
    if report.findings:
        findings = "".join(_summary_finding(f) for f in report.findings)
        parts.append(f"<h3>Across articles</h3><ul>{findings}</ul>")
    if report.estimates:
        estimates = "".join(_summary_estimate(e) for e in report.estimates)
        parts.append(f"<h3>Estimated from the claims</h3><ul>{estimates}</ul>")
    if places:
        shown = places[:_MAX_SUMMARY_PLACES]
        items = "".join(f"<li>{esc(place_label(p))}</li>" for p in shown)
        more = len(places) - len(shown)
        if more:
            items += f"<li>and {more} more</li>"
        parts.append(f"<h3>Places on the map</h3><ul>{items}</ul>")
    return "".join(parts)


# --- the batch map (geomap.render.overview) ---------------------------------------------------


def _count(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def overview_place_row(place: PlaceTally, country_names: Mapping[str, str]) -> list[object]:
    """A place of the batch map as the page's script takes it: ``[lat, lon,
    mentions, articles, name, detail]``, the last two escaped HTML (the
    detail: kind · country · first-level region)."""
    country = country_names.get(place.country_code, place.country_code)
    detail = " · ".join(part for part in (place.kind, country, place.admin1) if part)
    return [
        round(place.point.lat, 4),
        round(place.point.lon, 4),
        place.mentions,
        place.articles,
        esc(place.name),
        esc(detail),
    ]


def _line_claimed(line: ClaimLine) -> str:
    return format_range(*line.claimed_km) if line.claimed_km is not None else "no distance"


def overview_line_row(line: ClaimLine, vertices: Sequence[tuple[float, float]]) -> list[object]:
    """A claim reading of the batch map as the page's script takes it:
    ``[status, vertices, subject, reference, article, sentence, claimed,
    measured, explanation]``, every text escaped (the script puts them
    between its own tags: tags written here would cost six bytes each in
    the page's JSON, times thousands of lines)."""
    measured = format_km(line.measured_km) if line.measured_km is not None else "not measured"
    sentence = " ".join(line.sentence.split())
    if len(sentence) > _MAX_QUOTE:
        sentence = sentence[: _MAX_QUOTE - 1].rstrip() + "…"
    return [
        line.status,
        [list(v) for v in vertices],
        esc(line.subject),
        esc(line.reference),
        esc(line.doc_id),
        esc(sentence),
        esc(_line_claimed(line)),
        esc(measured),
        esc(line.explanation),
    ]


def _overview_claims_fact(overview: BatchOverview) -> str:
    fact = f"{overview.claims_shown:,} of {_count(overview.claims, 'claim')} shown"
    if overview.statuses:
        chosen = ", ".join(status_label(s).lower() for s in STATUSES if s in overview.statuses)
        fact += f" ({chosen})"
    return fact


def overview_title_html(title: str, overview: BatchOverview) -> str:
    """The batch map's title box: the title, what is shown (N places from M
    articles; K claims shown of T), and the lines left out by the cap."""
    facts = (
        f"{_count(len(overview.places), 'place')} from {_count(overview.articles, 'article')}; "
        + _overview_claims_fact(overview)
    )
    notes = []
    if overview.lines_dropped:
        notes.append(
            f"{overview.lines_dropped:,} more lines not drawn (the map draws at most "
            f"{len(overview.lines):,}, the most severe first)"
        )
    if overview.claims_unmapped:
        notes.append(f"{overview.claims_unmapped:,} with no line (no point to measure from)")
    note = f'<p class="geomap-muted">{esc("; ".join(notes))}</p>' if notes else ""
    return f'<h1>{esc(title)}</h1><p class="geomap-verdicts">{esc(facts)}</p>{note}'


def overview_legend_html(overview: BatchOverview) -> str:
    """The batch map's legend: a line per status with the claims shown and
    in the tables, then the place circles and clusters."""
    shown = Counter(line.status for line in overview.lines)
    statuses = list(STATUSES) + sorted(set(overview.claims_by_status) - set(STATUSES))
    rows = []
    for status in statuses:
        total = overview.claims_by_status.get(status, 0)
        if not total:
            continue  # a legend of what the run found, not of the vocabulary
        muted = f"{_count(shown.get(status, 0), 'line')} · {_count(total, 'claim')}"
        rows.append(
            f"<li>{_line_swatch(status_colour(status), STATUS_DASHES.get(status))}"
            f'{esc(status_label(status))} <span class="geomap-muted">({esc(muted)})</span></li>'
        )
    marks = [
        '<li><svg width="30" height="22" aria-hidden="true">'
        f'<circle cx="8" cy="11" r="4" fill="{PLACE_STYLE.fill_color}" '
        f'stroke="{PLACE_STYLE.color}"/>'
        f'<circle cx="21" cy="11" r="8" fill="{PLACE_STYLE.fill_color}" '
        f'stroke="{PLACE_STYLE.color}"/></svg>Place, by how often articles name it</li>',
        '<li><svg width="30" height="22" aria-hidden="true">'
        '<circle cx="15" cy="11" r="10" fill="#3b82c4" fill-opacity="0.35"/>'
        '<circle cx="15" cy="11" r="7" fill="#17406d"/></svg>'
        "Places close together: their number (choose to zoom in)</li>",
    ]
    return (
        '<details class="geomap-legend-details" open><summary>Legend</summary>'
        f"<h2>Distance claims</h2><ul>{''.join(rows) or '<li>None found</li>'}</ul>"
        f"<h2>Places ({len(overview.places):,}; {overview.mentions:,} mentions)</h2>"
        f"<ul>{''.join(marks)}</ul></details>"
    )


def overview_alt_text(overview: BatchOverview) -> str:
    """One plain-text paragraph saying what the batch map shows."""
    counts = [
        f"{overview.claims_by_status[s]:,} {status_label(s).lower()}"
        for s in STATUSES
        if overview.claims_by_status.get(s)
    ]
    return plain_text(
        f"Map of {_count(len(overview.places), 'place')} named in "
        f"{_count(overview.articles, 'article')}, and {_overview_claims_fact(overview)}"
        + (f"; in the tables: {', '.join(counts)}." if counts else ".")
    )


def overview_summary_html(overview: BatchOverview, *, title: str) -> str:
    """The batch map as text for screen readers: what it shows, the most
    named places (at most 200) and the claims drawn (at most 200)."""
    parts = [f"<h2>{esc(title)}: summary</h2><p>{esc(overview_alt_text(overview))}</p>"]
    if overview.places:
        shown = overview.places[:_MAX_SUMMARY_PLACES]
        items = "".join(
            f"<li>{esc(p.name)} ({esc(p.country_code)}): {_count(p.mentions, 'mention')} in "
            f"{_count(p.articles, 'article')}</li>"
            for p in shown
        )
        more = len(overview.places) - len(shown)
        if more:
            items += f"<li>and {more:,} more</li>"
        parts.append(f"<h3>Places, most named first</h3><ol>{items}</ol>")
    if overview.lines:
        lines = overview.lines[:_MAX_SUMMARY_PLACES]
        items = "".join(
            f"<li><strong>{esc(status_label(line.status))}</strong>: {esc(line.subject)} – "
            f"{esc(line.reference)}, claimed {esc(_line_claimed(line))}"
            f" ({esc(line.doc_id)})</li>"
            for line in lines
        )
        parts.append(f"<h3>Distance claims drawn</h3><ol>{items}</ol>")
    return "".join(parts)
