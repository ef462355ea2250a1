"""The public API: every exported name resolves, and importing geomap stays cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

import geomap


@pytest.mark.parametrize("name", geomap.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(geomap, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = geomap.no_such_thing  # type: ignore[attr-defined]


def test_import_geomap_loads_nothing_heavy() -> None:
    code = "import sys, geomap; print(sorted(m for m in ('folium', 'shapely', 'numpy', 'geomap.pipeline') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
