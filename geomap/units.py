"""Units of distance, and distances written for readers.

>>> UNIT_KM["mi"]
1.609344
>>> format_km(7.26), format_km(73.4), format_km(1132.2)
('7.3 km', '73 km', '1,132 km')
"""

from __future__ import annotations

__all__ = ["UNIT_KM", "format_area", "format_km"]

#: Kilometres per unit for the canonical unit names.
UNIT_KM: dict[str, float] = {"km": 1.0, "mi": 1.609344, "nmi": 1.852, "m": 0.001}


def format_km(km: float) -> str:
    """A distance for readers: one decimal under 10 km, whole kilometres above."""
    return f"{km:.1f} km" if km < 10 else f"{km:,.0f} km"


def format_area(km2: float) -> str:
    """An area for readers: three significant figures at most.

    >>> format_area(68854.5), format_area(38.2), format_area(0.42)
    ('68,900 km²', '38 km²', '0.4 km²')
    """
    if km2 >= 10_000:
        return f"{round(km2, -2):,.0f} km²"
    return f"{km2:,.0f} km²" if km2 >= 10 else f"{km2:.1g} km²"
