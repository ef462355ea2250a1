"""Optional online fallback: ask a Nominatim server about names the gazetteer lacks.

Nothing here runs unless a caller builds an :class:`OnlineGeocoder` and passes
it in (the command line does so only with ``--online``). Places found are
appended to the user's place file, so later runs find them offline and never
ask again::

    names = find_unknown_names(documents, gazetteer)          # no network
    with OnlineGeocoder("http://localhost:8080") as geocoder:  # your own server
        added = fill_from_online(names, geocoder, user_places_path())

The default server is the public ``nominatim.openstreetmap.org``, whose usage
policy allows at most one request per second with an identifying user agent:
:class:`OnlineGeocoder` waits ``min_delay_seconds`` (1 s) between requests and
sends ``geomap/<version>``. Results are © OpenStreetMap contributors (ODbL).

Time is bounded: each request may take ``timeout`` seconds in all (not per
read: see :mod:`geomap.geoparse.http`), a request that timed out or found the
server unavailable is tried again up to ``retries`` times, and everything (the
waits between requests, the requests, the retries) fits in one ``deadline``
per geocoder, counted from its creation: no request starts, and none runs,
past it. When it passes, :class:`~geomap.errors.OnlineDeadline` says so, and
:func:`fill_from_online` lists the names it did not look up.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geomap import __version__
from geomap.errors import InputError, OnlineDeadline, OnlineError
from geomap.gazetteer.curated import PlaceRecord, append_place
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geoparse.mentions import unknown_place_names
from geomap.model import Document, LatLon
from geomap.neutral import plain_text

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_TIMEOUT",
    "DEFAULT_URL",
    "OnlineGeocoder",
    "fill_from_online",
    "find_unknown_names",
    "kind_from_nominatim",
    "parse_server_url",
]

#: The public Nominatim server (https://operations.osmfoundation.org/policies/nominatim/).
DEFAULT_URL = "https://nominatim.openstreetmap.org"
#: Seconds the online lookups of one run may take in all (``--online-deadline``).
DEFAULT_DEADLINE = 30.0
#: Seconds one request may take in all (connecting, sending, the whole answer).
DEFAULT_TIMEOUT = 10.0

_SETTLEMENTS = frozenset(
    {
        "city",
        "town",
        "village",
        "hamlet",
        "suburb",
        "quarter",
        "neighbourhood",
        "locality",
        "isolated_dwelling",
        "municipality",
        "borough",
    }
)
_AREA_TYPES = frozenset({"country", "state", "province", "region", "county", "district"})
_WATER_TYPES = frozenset(
    {"water", "bay", "strait", "sea", "lake", "river", "reservoir", "wetland", "spring", "lagoon"}
)
_FACILITY_CLASSES = frozenset({"industrial", "man_made", "power", "aeroway", "military"})
# Streets and shops share their names with people and firms ("Donald Trump
# Street", "Smith & Sons"): a name in a news sentence that only matches one of
# these is more likely a person than a place, and would stay in the user file.
_REJECTED_CLASSES = frozenset({"highway", "shop", "office", "craft"})


def kind_from_nominatim(raw: Mapping[str, Any]) -> str | None:
    """geomap's kind for a Nominatim result (its ``class``, ``type`` and
    ``place_rank``), or None for a street or shop, which geomap does not take.

    >>> kind_from_nominatim({"class": "place", "type": "village", "place_rank": 19})
    'city'
    >>> kind_from_nominatim({"class": "boundary", "type": "administrative", "place_rank": 8})
    'admin1'
    >>> kind_from_nominatim({"class": "natural", "type": "water"})
    'water'
    >>> kind_from_nominatim({"class": "highway", "type": "residential"}) is None
    True
    """
    category = str(raw.get("class") or raw.get("category") or "")
    kind = str(raw.get("type") or "")
    try:
        rank = int(raw.get("place_rank") or 30)
    except (TypeError, ValueError):
        rank = 30
    if category in _REJECTED_CLASSES:
        return None
    if category == "place" and kind in _SETTLEMENTS:
        return "city"
    if (category == "boundary" and kind == "administrative") or (
        category == "place" and kind in _AREA_TYPES
    ):
        # Nominatim's address ranks: 4 country, 5-9 state, 10-12 county, 13+ town.
        if rank <= 4:
            return "country"
        if rank <= 9:
            return "admin1"
        return "admin2" if rank <= 12 else "city"
    if category in {"water", "waterway"} or (category == "natural" and kind in _WATER_TYPES):
        return "water"
    if category == "natural" and kind == "desert":
        return "desert"
    if category in _FACILITY_CLASSES or (
        category == "landuse" and kind in {"industrial", "military", "quarry"}
    ):
        return "facility"
    return "feature"


class OnlineGeocoder:
    """A rate-limited geopy geocoder that answers with place-file records,
    within one deadline.

    ``url`` is a Nominatim-compatible server (default: the public one; a path
    such as ``http://host/nominatim`` works, ``/search`` is added). Another
    geopy geocoder may be given as ``geocoder`` instead; its results get kind
    ``feature`` unless they carry Nominatim's fields. Requests are at least
    ``min_delay_seconds`` apart; each may take ``timeout`` seconds in all, and
    one that times out or finds the server unavailable is tried again up to
    ``retries`` times. All of it fits in ``deadline`` seconds from the
    geocoder's creation: past it, :meth:`lookup` raises
    :class:`~geomap.errors.OnlineDeadline`. Any other failure raises
    :class:`~geomap.errors.OnlineError` naming the server.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        geocoder: Any = None,
        min_delay_seconds: float = 1.0,
        timeout: float = DEFAULT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        retries: int = 2,
        user_agent: str = f"geomap/{__version__}",
    ) -> None:
        from geopy.geocoders import Nominatim

        if deadline <= 0 or timeout <= 0:
            raise InputError(f"online deadline {deadline} and timeout {timeout}: give seconds > 0")
        if geocoder is None:
            from geomap.geoparse.http import DeadlineAdapter

            scheme, domain = parse_server_url(url or DEFAULT_URL)
            geocoder = Nominatim(
                user_agent=user_agent,
                domain=domain,
                scheme=scheme,
                adapter_factory=DeadlineAdapter,
            )
            self.server = f"{scheme}://{domain}"
        else:
            self.server = url or type(geocoder).__name__
        self._geocoder = geocoder
        self._nominatim = isinstance(geocoder, Nominatim)
        self.timeout = timeout
        self.deadline = deadline
        self.retries = max(0, retries)
        self.min_delay_seconds = min_delay_seconds
        self._ends = time.monotonic() + deadline
        self._last_request: float | None = None

    def time_left(self) -> float:
        """Seconds left before the deadline (0 once it has passed)."""
        return max(0.0, self._ends - time.monotonic())

    def lookup(self, name: str, *, country_hint: str | None = None) -> PlaceRecord | None:
        """The best place the server finds for ``name`` (restricted to the ISO
        country ``country_hint`` when given), or None when it finds none that
        geomap takes (no result, or only a street or shop)."""
        from geopy.exc import GeopyError

        options: dict[str, Any] = {"exactly_one": True}
        if self._nominatim:
            options.update(addressdetails=True, language="en")
            if country_hint:
                options["country_codes"] = country_hint.lower()
        try:
            location = self._geocode_in_time(name, options)
            if location is None:
                return None
            return _record(name, location.latitude, location.longitude, location.raw)
        except OnlineDeadline:
            raise
        except (GeopyError, ValueError, TypeError, KeyError) as error:
            detail = " ".join(str(error).split()) or type(error).__name__
            raise OnlineError(
                f"geocoder {self.server} failed on {name!r}: {type(error).__name__}: {detail}"
            ) from error

    def _geocode_in_time(self, name: str, options: dict[str, Any]) -> Any:
        """geocode(name), tried again on a timeout or an unavailable server
        while retries and time are left; each try's timeout is capped by the
        time left."""
        from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable

        for attempt in range(self.retries + 1):
            self._wait_turn(name)
            try:
                return self._geocoder.geocode(name, timeout=self._request_timeout(name), **options)
            except (GeocoderTimedOut, GeocoderUnavailable, GeocoderRateLimited):
                if self.time_left() <= 0:
                    raise self._expired(name) from None
                if attempt == self.retries:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait_turn(self, name: str) -> None:
        """Sleep until ``min_delay_seconds`` after the last request; raise
        OnlineDeadline if that wait would end past the deadline."""
        now = time.monotonic()
        wait = 0.0
        if self._last_request is not None:
            wait = max(0.0, self._last_request + self.min_delay_seconds - now)
        if now + wait >= self._ends:
            raise self._expired(name)
        if wait:
            time.sleep(wait)
        self._last_request = time.monotonic()

    def _request_timeout(self, name: str) -> float:
        left = self.time_left()
        if left <= 0:
            raise self._expired(name)
        return min(self.timeout, left)

    def _expired(self, name: str) -> OnlineDeadline:
        return OnlineDeadline(
            f"online lookups reached their {self.deadline:g} s deadline at {name!r} "
            f"(geocoder {self.server})",
            pending=(name,),
        )

    def close(self) -> None:
        """Close the geocoder's open connections."""
        adapter = getattr(self._geocoder, "adapter", None)
        if adapter is not None and hasattr(adapter, "__exit__"):
            adapter.__exit__(None, None, None)

    def __enter__(self) -> OnlineGeocoder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_URL_FORM = "give http://HOST[:PORT][/PATH] or https://..."


def parse_server_url(url: str, *, what: str = "geocoder URL") -> tuple[str, str]:
    """(scheme, domain with any path) of a server URL, as geopy's Nominatim
    takes them; an InputError beginning with ``what`` and the URL otherwise.

    >>> parse_server_url("http://127.0.0.1:8080/nominatim/search")
    ('http', '127.0.0.1:8080/nominatim')
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InputError(f"{what} {url!r}: {error}; {_URL_FORM}") from None
    problem = ""
    if parts.scheme not in {"http", "https"}:
        problem = "not an http or https URL"
    elif not parts.hostname:
        problem = "no host"
    elif any(ch.isspace() or not ch.isprintable() for ch in text):
        problem = "spaces or control characters in it"
    elif parts.query or parts.fragment:
        problem = "a query or fragment (?...#...) in it"
    elif port == 0:
        problem = "port 0"
    if problem:
        raise InputError(f"{what} {url!r}: {problem}; {_URL_FORM}")
    path = re.sub(r"/search/?$", "", parts.path).rstrip("/")
    return parts.scheme, parts.netloc + path


def _record(name: str, lat: float, lon: float, raw: Mapping[str, Any]) -> PlaceRecord | None:
    kind = kind_from_nominatim(raw) if ("class" in raw or "category" in raw) else "feature"
    if kind is None:
        return None
    address = raw.get("address")
    if not isinstance(address, Mapping):
        address = {}
    country = str(address.get("country_code") or "").upper()
    if len(country) != 2 or not country.isalpha():
        country = ""
    point = LatLon(float(lat), float(lon))  # InvalidCoordinate is a ValueError
    name = _server_text(name) or name
    own_name = _server_text(raw.get("name"))
    return PlaceRecord(
        id=f"user:{name_key(name).replace(' ', '-')}-{country.lower() or 'xx'}",
        name=name,
        kind=kind,
        country=country,
        lat=point.lat,
        lon=point.lon,
        admin1=_server_text(address.get("state")),
        aliases=(own_name,) if own_name and name_key(own_name) != name_key(name) else (),
        source=_osm_source(raw),
    )


#: The longest name taken from a server (OpenStreetMap names are far shorter).
_MAX_SERVER_TEXT = 200
_OSM_TYPES = frozenset({"node", "way", "relation"})


def _server_text(value: object) -> str:
    r"""A name from the server as one plain line: no controls, no bidi
    overrides, no line breaks, at most :data:`_MAX_SERVER_TEXT` characters.

    >>> _server_text("Gao\x1b[2J\u202e\nMali")
    'Gao[2J Mali'
    """
    return " ".join(plain_text(str(value or "")).split())[:_MAX_SERVER_TEXT]


def _osm_source(raw: Mapping[str, Any]) -> str:
    """``nominatim:<osm type>/<osm id>`` when both look right, else ``nominatim``.

    The source carries the OpenStreetMap attribution into the place file.

    >>> _osm_source({"osm_type": "way", "osm_id": 42}), _osm_source({"osm_type": "=1+1"})
    ('nominatim:way/42', 'nominatim')
    """
    osm_type, osm_id = str(raw.get("osm_type") or ""), str(raw.get("osm_id") or "")
    if osm_type in _OSM_TYPES and osm_id.isdigit():
        return f"nominatim:{osm_type}/{osm_id}"
    return "nominatim"


def find_unknown_names(documents: Iterable[Document], gazetteer: Gazetteer) -> list[str]:
    """Names in a place context ("in X", "X-based") that ``gazetteer`` does not
    know, over all ``documents``, each once (see
    :func:`geomap.geoparse.mentions.unknown_place_names`). Works offline."""
    names: dict[str, str] = {}
    for document in documents:
        for name in unknown_place_names(document, gazetteer):
            names.setdefault(name_key(name), name)
    return list(names.values())


def fill_from_online(
    names: Sequence[str],
    geocoder: OnlineGeocoder,
    user_file: Path,
    *,
    on_added: Callable[[PlaceRecord], None] | None = None,
) -> list[PlaceRecord]:
    """Geocode each name once and append the places found to ``user_file``.

    Each place is appended as soon as it is found (so an error on a later name
    keeps the earlier ones) and ``on_added`` is called with it. Returns the
    records added; names the server does not find are left out. When the
    geocoder's deadline passes, raises OnlineDeadline whose ``pending`` lists
    the names not looked up (the places found before are kept).
    """
    added: list[PlaceRecord] = []
    asked: set[str] = set()
    for index, name in enumerate(names):
        key = name_key(name)
        if not key or key in asked:
            continue
        asked.add(key)
        try:
            record = geocoder.lookup(name)
        except OnlineDeadline as error:
            pending = _distinct([name, *names[index + 1 :]], asked - {key})
            raise OnlineDeadline(
                f"{error}: {len(pending)} of {len(_distinct(names))} names not looked up",
                pending=tuple(pending),
            ) from None
        if record is None:
            continue
        append_place(user_file, record)
        added.append(record)
        if on_added is not None:
            on_added(record)
    return added


def _distinct(names: Iterable[str], skip: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """``names`` once each by name key, without the keys in ``skip``."""
    seen = set(skip)
    kept = []
    for name in names:
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    return kept
