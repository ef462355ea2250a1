"""geomap: map an incident from the articles written about it.

The library is pure: it never prints and never downloads. The usual path::

    import geomap

    gazetteer = geomap.open_gazetteer()          # builds on first use
    documents = geomap.read_documents(["examples/in_amenas"])
    report = geomap.analyze(documents, gazetteer)
    html = geomap.render_map(report, gazetteer=gazetteer)

Names are imported on first use, so ``import geomap`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "analyze": "geomap.pipeline",
    "analyze_each": "geomap.pipeline",
    "find_places": "geomap.pipeline",
    "open_gazetteer": "geomap.gazetteer",
    "read_documents": "geomap.text.documents",
    "DocumentStream": "geomap.text.documents",
    "render_map": "geomap.render",
    "GeomapError": "geomap.errors",
    # the values passed between the stages
    **{
        name: "geomap.model"
        for name in (
            "Claim",
            "Document",
            "Finding",
            "LatLon",
            "Mention",
            "Place",
            "Quantity",
            "Reference",
            "Report",
            "Resolution",
            "Verdict",
        )
    },
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")
