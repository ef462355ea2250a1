"""geomap: map an incident from the articles written about it.

The library is pure: it never prints and never downloads. Start with
:func:`geomap.pipeline.analyze`, or the ``geomap`` command.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
