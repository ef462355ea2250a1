"""Curated place files, shipped inside the package as ``geomap.curated``.

Every row cites its source; see README.md in this folder.
"""
