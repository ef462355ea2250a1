"""The values passed between geomap's stages.

Every stage takes and returns these frozen dataclasses, never bare dicts or
tuples. Coordinates are always ``LatLon(lat, lon)`` inside geomap; shapely,
pyproj and GeoJSON take (lon, lat) and are converted at the edges.

The data flows one way::

    Document ─► Mention ─► Candidate ─► Resolution ─► Claim ─► Verdict ─► Report
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from geomap.errors import InvalidCoordinate
from geomap.units import UNIT_KM

__all__ = [
    "AREA_KINDS",
    "CONTAINER_KINDS",
    "OWN_NAME_TYPES",
    "SHAPED_KINDS",
    "Candidate",
    "Claim",
    "ClaimOutline",
    "Country",
    "Document",
    "Estimate",
    "Finding",
    "FindingKind",
    "KnownPlace",
    "LatLon",
    "Locality",
    "LocalitySource",
    "Location",
    "Match",
    "Mention",
    "Place",
    "PlaceKind",
    "Quantity",
    "Reading",
    "Reference",
    "Report",
    "Resolution",
    "Status",
    "Verdict",
]


class PlaceKind(StrEnum):
    """What kind of place a gazetteer row is (``Place.kind``)."""

    CITY = "city"
    ADMIN1 = "admin1"
    ADMIN2 = "admin2"
    COUNTRY = "country"
    CONTINENT = "continent"
    REGION = "region"
    FACILITY = "facility"
    WATER = "water"
    DESERT = "desert"
    FEATURE = "feature"

    @property
    def is_area(self) -> bool:
        """An area, not a point: measured to, never as "what lies at the distance".

        >>> PlaceKind("admin2").is_area, PlaceKind("city").is_area
        (True, False)
        """
        return self in AREA_KINDS

    @property
    def can_contain(self) -> bool:
        """Whether a place of this kind can hold another ("Gao, Mali").

        >>> PlaceKind.COUNTRY.can_contain, PlaceKind.WATER.can_contain
        (True, False)
        """
        return self in CONTAINER_KINDS


#: Kinds that are areas rather than points.
AREA_KINDS = frozenset(
    {
        PlaceKind.CONTINENT,
        PlaceKind.REGION,
        PlaceKind.COUNTRY,
        PlaceKind.ADMIN1,
        PlaceKind.ADMIN2,
        PlaceKind.DESERT,
        PlaceKind.WATER,
    }
)
#: Kinds that are a shape (Natural Earth seas, deserts, ranges, regions), not
#: a point: measured to their geometry or not at all.
SHAPED_KINDS = frozenset({PlaceKind.WATER, PlaceKind.DESERT, PlaceKind.REGION, PlaceKind.FEATURE})
#: Kinds that can hold another place, and so qualify its name.
CONTAINER_KINDS = frozenset(
    {
        PlaceKind.COUNTRY,
        PlaceKind.ADMIN1,
        PlaceKind.ADMIN2,
        PlaceKind.REGION,
        PlaceKind.CONTINENT,
        PlaceKind.DESERT,
    }
)


class Status(StrEnum):
    """A claim's verdict (``Verdict.status``), as JSON and CSV write it."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    ROAD_DISTANCE_PLAUSIBLE = "road-distance-plausible"
    AMBIGUOUS = "ambiguous"
    UNVERIFIABLE = "unverifiable"


class FindingKind(StrEnum):
    """What a finding across claims is (``Finding.kind``)."""

    #: Two claims give one distance in figures that cannot both hold.
    CONTRADICTION = "contradiction"
    #: A claim disagrees with where the other claims put a place it is about.
    DISAGREEMENT = "disagreement"


@dataclass(frozen=True, slots=True)
class LatLon:
    """A WGS84 point, latitude first.

    >>> LatLon(28.033, 9.567)
    LatLon(lat=28.033, lon=9.567)
    >>> LatLon(91, 0)
    Traceback (most recent call last):
    ...
    geomap.errors.InvalidCoordinate: latitude 91 is outside -90..90 (order is lat, lon)
    """

    lat: float
    lon: float

    def __post_init__(self) -> None:
        for label, value, limit in (("latitude", self.lat, 90), ("longitude", self.lon, 180)):
            if not isinstance(value, int | float) or math.isnan(value):
                raise InvalidCoordinate(f"{label} {value!r} is not a number")
            if not -limit <= value <= limit:
                raise InvalidCoordinate(
                    f"{label} {value:g} is outside -{limit}..{limit} (order is lat, lon)"
                )


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is stable and namespaced (``geonames:2507480``, ``admin1:DZ-33``,
    ``country:DZ``, ``curated:tigantourine``, ``user:...``); places are never
    keyed by name. ``kind`` is one of ``continent``, ``region``, ``country``,
    ``admin1``, ``admin2``, ``city``, ``facility``, ``water``, ``desert``,
    ``feature``.
    """

    id: str
    name: str
    kind: str
    country_code: str
    point: LatLon
    admin1: str = ""
    population: int = 0
    source: str = ""


@dataclass(frozen=True, slots=True)
class Country:
    """Country facts used by recognition and resolution."""

    code: str
    iso3: str
    name: str
    place_id: str
    capital_id: str | None = None
    continent: str = ""
    neighbours: tuple[str, ...] = ()


#: ``Match.name_type`` values under which a place is known by its own name
#: (as opposed to an alias, a former name or a demonym).
OWN_NAME_TYPES = frozenset({"name", "variant", "abbrev"})


@dataclass(frozen=True, slots=True)
class Match:
    """A place whose name (or alias, or demonym) equals a looked-up key.

    ``name_type`` is ``name`` (the place's own name), ``alias`` (an alternate
    name), ``abbrev`` (an abbreviation such as "U.S.") or ``demonym``
    ("Libyan" for Libya).
    """

    place: Place
    name: str
    name_type: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article: an id unique within a run, its text and where it came from.

    ``date`` is the publication date a saved news page gives (ISO, or empty).
    ``locality`` is the publication's own town or region as its newsroom gives
    it ("Lexington, Kentucky"; a JSONL ``locality`` field or ``--locality``),
    a name still to look up; empty when not given.
    """

    id: str
    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    date: str = ""
    locality: str = ""


class LocalitySource(StrEnum):
    """Where an article's locality comes from (``Locality.source``), strongest first."""

    #: The newsroom gave it (``--locality``, a JSONL ``locality`` field).
    GIVEN = "given"
    #: The article's dateline ("MILLBROOK, Ky. --").
    DATELINE = "dateline"
    #: The article's own places: counties, states and towns it names with confidence.
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Locality:
    """The home region an article is about: a prior for its ambiguous names.

    ``admin1`` is the first-level region's name ("Kentucky"; empty when the
    locality is a whole country); ``point`` is the town's point when the
    locality is a town, else None.

    >>> Locality("Lexington", "US", "Kentucky", LatLon(38.05, -84.5)).describe()
    'Lexington (Kentucky, US; given)'
    """

    name: str
    country_code: str
    admin1: str = ""
    point: LatLon | None = None
    source: LocalitySource = LocalitySource.GIVEN

    def describe(self) -> str:
        """The locality as ``--explain`` names it."""
        where = ", ".join(part for part in (self.admin1, self.country_code) if part)
        return f"{self.name} ({where}; {self.source.value})"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names a place.

    ``role`` is ``place`` ("Algiers"), ``demonym`` ("Russian officials") or
    ``border`` ("the Libyan border"). ``reasons`` says why it was kept.
    ``qualifier`` is a containing place named next to it ("Mali" in "Gao, Mali");
    ``qualifier_ends_list`` is False when the qualifier may as well be the next
    item of a list ("Žilina, Nitra, Prešov and Košice"), so that it cannot rule
    a place out. ``office`` is True for an ``embedded`` place heading the name
    of its own office or institution ("Millbrook Police", "Grant County
    Sheriff's Office"): unlike a brand's ("Texas Instruments") it says where
    the story is.
    """

    doc_id: str
    start: int
    end: int
    text: str
    role: str = "place"
    reasons: tuple[str, ...] = ()
    qualifier: str = ""
    qualifier_ends_list: bool = False
    office: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a mention may refer to, with its score and the evidence for it."""

    place: Place
    score: float
    evidence: tuple[str, ...] = ()
    #: How the mention's name matched this place: ``name``, ``alias``,
    #: ``variant``, ``abbrev``, ``demonym`` or ``fuzzy`` (see :class:`Match`).
    name_type: str = ""


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention and the place chosen for it (None when nothing fits)."""

    mention: Mention
    place: Place | None
    score: float
    alternatives: tuple[Candidate, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quantity:
    """A stated distance: the numbers as written and their unit.

    ``low`` and ``high`` are in the stated unit (equal for a single number,
    different for "50 to 60 km" or vague words such as "a few").
    ``hedge`` is the normalised qualifier (``about``, ``more than``, ...).
    """

    text: str
    low: float
    high: float
    unit: str
    hedge: str = ""
    vague: bool = False

    @property
    def km_per_unit(self) -> float:
        return UNIT_KM[self.unit]

    @property
    def low_km(self) -> float:
        return self.low * self.km_per_unit

    @property
    def high_km(self) -> float:
        return self.high * self.km_per_unit


@dataclass(frozen=True, slots=True)
class Reference:
    """What a distance is measured from.

    ``geometry`` is ``point`` (a town), ``border`` (a country's boundary line),
    ``area`` (a country's or region's polygon) or ``coast``.
    """

    text: str
    start: int
    end: int
    geometry: str
    place: Place | None = None
    #: The neighbour in "the Algeria-Libya border": the border is then the
    #: line the two countries share.
    other_place: Place | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where in the input a claim was stated."""

    doc_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Claim:
    """A distance or direction statement: subject, quantity, direction, reference.

    ``subjects`` holds every reading of what is said to be at that distance
    (the town and the gas plant, say); each is checked.
    """

    doc_id: str
    start: int
    end: int
    text: str
    sentence: str
    reference: Reference
    quantity: Quantity | None = None
    direction: str | None = None
    relation: str = "from"
    subject_text: str = ""
    subjects: tuple[Place, ...] = ()
    locations: tuple[Location, ...] = ()
    #: Character spans of the mentions that name the subjects, in the same
    #: order (empty for the site), so a homonym can be reconsidered.
    subject_spans: tuple[tuple[int, int], ...] = ()
    #: Countries and first-level regions the sentence puts the subject in
    #: ("Tazrit, a village in Illizi province, 48 km south-east of Norton").
    subject_within: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class Estimate:
    """Where the claims put a place no gazetteer holds (the incident site, a
    village): the most likely point, the region where the claims used all hold
    (outer rings of (lat, lon)), and the radius around the point that covers it.

    ``left_out`` are the claims that disagree with the others and were not used.
    """

    subject: str
    point: LatLon
    radius_km: float
    region: tuple[tuple[LatLon, ...], ...]
    used: tuple[Claim, ...]
    left_out: tuple[Claim, ...] = ()
    #: Whether the claims used fix one place (three of them, or two with a
    #: compass point), so that a claim left out is contradicted, not just odd.
    pinned: bool = False
    #: The region's area on the ellipsoid, km².
    area_km2: float = 0.0
    #: Each claim's own region (used and left out), for a map to draw.
    claim_regions: tuple[ClaimOutline, ...] = ()
    #: A known place for the same subject (the site given or named) set
    #: against the estimate: a check of the reporting as a whole.
    known: KnownPlace | None = None
    #: The areas the claims' sentences put the subject in that bound the region.
    within: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimOutline:
    """Where one claim alone puts its subject: a ring, a sector of one or a
    strip along a border, as outer rings of (lat, lon)."""

    claim: Claim
    rings: tuple[tuple[LatLon, ...], ...]
    used: bool


@dataclass(frozen=True, slots=True)
class KnownPlace:
    """A place the gazetteer or the user gives for an estimated subject, and
    how it lies against the estimate."""

    place: Place
    #: From the estimated point, km.
    distance_km: float
    #: Whether it lies inside the estimated region.
    inside: bool


@dataclass(frozen=True, slots=True)
class Reading:
    """One subject reading of a claim, measured."""

    subject: Place
    distance_km: float
    bearing_deg: float | None
    status: str
    explanation: str
    direction_offset_deg: float | None = None
    #: The point of the reference the distance was measured to (for a border,
    #: its nearest point); lets a map draw the measured line.
    reference_point: LatLon | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The checked claim.

    ``status`` is ``consistent``, ``inconsistent``, ``road-distance-plausible``,
    ``ambiguous`` or ``unverifiable``.
    """

    claim: Claim
    status: str
    explanation: str
    accepted_km: tuple[float, float] | None = None
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """Something found across claims, such as two articles contradicting each other."""

    kind: FindingKind
    explanation: str
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found."""

    documents: tuple[Document, ...]
    resolutions: tuple[Resolution, ...] = ()
    verdicts: tuple[Verdict, ...] = ()
    findings: tuple[Finding, ...] = ()
    site: Place | None = None
    dropped: tuple[Mention, ...] = field(default=(), repr=False)
    #: Where the claims put what no gazetteer holds (see geomap.locate).
    estimates: tuple[Estimate, ...] = ()

    @property
    def has_inconsistency(self) -> bool:
        """True when a claim contradicts the map or another claim."""
        return any(v.status == "inconsistent" for v in self.verdicts) or bool(self.findings)
