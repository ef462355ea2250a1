"""Colours and labels shared by the map, its legend and its popups.

Status colours follow the usual traffic-light reading (green agrees, red
contradicts, amber "only by road") and stay distinguishable for the common
forms of colour blindness because each status also has a distinct line
pattern (see :data:`STATUS_DASHES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from geomap.model import Status

__all__ = [
    "AREA_STYLE",
    "COUNTRY_STYLE",
    "ESTIMATE_COLOUR",
    "ESTIMATE_POINT_STYLE",
    "OUTLINE_DASHES",
    "PLACE_STYLE",
    "SITE_STYLE",
    "STATUSES",
    "STATUS_COLOURS",
    "STATUS_DASHES",
    "STATUS_LABELS",
    "STATUS_SEVERITY",
    "MarkerStyle",
    "most_severe",
    "status_colour",
    "status_label",
]

#: Verdict and reading statuses in legend order (see ``geomap.model.Verdict``).
STATUSES: tuple[str, ...] = tuple(Status)

STATUS_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "consistent": "#1a9641",
        "inconsistent": "#d7191c",
        "road-distance-plausible": "#e69500",
        "ambiguous": "#7b3294",
        "unverifiable": "#7f7f7f",
    }
)

STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "consistent": "Consistent",
        "inconsistent": "Inconsistent",
        "road-distance-plausible": "Plausible as a road distance",
        "ambiguous": "Ambiguous",
        "unverifiable": "Unverifiable",
    }
)

#: SVG dash patterns, so that status does not rest on colour alone.
STATUS_DASHES: Mapping[str, str | None] = MappingProxyType(
    {
        "consistent": None,
        "inconsistent": None,
        "road-distance-plausible": "10 6",
        "ambiguous": "2 6",
        "unverifiable": "2 6",
    }
)

_UNKNOWN_COLOUR = "#7f7f7f"

#: The region and point estimated from the claims (dashed): blue, a colour no
#: verdict uses.
ESTIMATE_COLOUR = "#2b6cb0"
#: One claim's own range behind an estimate: a fine dash, lighter than a band.
OUTLINE_DASHES = "1 5"

#: Which status a shared line or band shows when its claims disagree: the one
#: a reader most needs to see first.
STATUS_SEVERITY: tuple[str, ...] = (
    "inconsistent",
    "road-distance-plausible",
    "ambiguous",
    "unverifiable",
    "consistent",
)


@dataclass(frozen=True, slots=True)
class MarkerStyle:
    """How a circle marker looks (Leaflet path options, folium spelling)."""

    radius: int
    color: str
    weight: int
    fill_color: str
    fill_opacity: float


#: An ordinary place marker.
PLACE_STYLE = MarkerStyle(
    radius=6, color="#17406d", weight=2, fill_color="#3b82c4", fill_opacity=0.9
)
#: The centre point of an area (a country, a region): the same marker, hollow.
AREA_STYLE = MarkerStyle(
    radius=6, color="#17406d", weight=2, fill_color="#3b82c4", fill_opacity=0.1
)
#: The most likely point of an estimate: a blue ring around a blue dot, no
#: place marker's look.
ESTIMATE_POINT_STYLE = MarkerStyle(
    radius=8, color=ESTIMATE_COLOUR, weight=3, fill_color=ESTIMATE_COLOUR, fill_opacity=0.45
)
#: The incident site: larger, dark ring, yellow fill.
SITE_STYLE = MarkerStyle(
    radius=10, color="#111111", weight=3, fill_color="#ffd400", fill_opacity=1.0
)
#: Country polygons of the offline basemap.
COUNTRY_STYLE: Mapping[str, object] = MappingProxyType(
    {"color": "#8a8f99", "weight": 1, "fillColor": "#ffffff", "fillOpacity": 0.85}
)


def status_colour(status: str) -> str:
    """The colour for a status; grey for a status the map does not know.

    >>> status_colour("inconsistent")
    '#d7191c'
    >>> status_colour("something-new")
    '#7f7f7f'
    """
    return STATUS_COLOURS.get(status, _UNKNOWN_COLOUR)


def most_severe(statuses: Iterable[str]) -> str:
    """The status to show for several claims drawn as one shape.

    >>> most_severe(["consistent", "inconsistent", "ambiguous"])
    'inconsistent'
    >>> most_severe(["consistent", "brand-new"])
    'brand-new'
    """
    order = {status: rank for rank, status in enumerate(STATUS_SEVERITY)}
    # An unknown status ranks first: better shown than hidden behind "consistent".
    return min(statuses, key=lambda status: order.get(status, -1))


def status_label(status: str) -> str:
    """A reader-facing label for a status.

    >>> status_label("road-distance-plausible")
    'Plausible as a road distance'
    >>> status_label("new-status")
    'New status'
    """
    return STATUS_LABELS.get(status, status.replace("-", " ").capitalize())
