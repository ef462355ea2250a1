"""Errors raised by geomap.

Every error derives from :class:`GeomapError` and from the builtin that fits,
so callers may catch either::

    GeomapError
    ├── InputError (ValueError)            unreadable or malformed input
    │   ├── InvalidCoordinate              a latitude/longitude out of range
    │   └── GazetteerFileError             a bad row in a user gazetteer file
    ├── UnknownPlace (LookupError)         a name the gazetteer does not know
    ├── GazetteerError (RuntimeError)      the gazetteer cannot be built or opened
    │   └── GazetteerDamaged               the database file is damaged or not a gazetteer
    ├── RenderError (RuntimeError)         a map picture could not be made (Chromium failed)
    ├── OutputError (OSError)              an output path geomap refuses to write
    ├── OnlineError (ConnectionError)      the optional online geocoder failed
    │   └── OnlineDeadline (TimeoutError)  the run's online deadline passed
    └── MissingDependency (ImportError)    an optional extra is not installed

Messages are one line and name what was wrong and where.
"""

from __future__ import annotations

__all__ = [
    "GazetteerDamaged",
    "GazetteerError",
    "GazetteerFileError",
    "GeomapError",
    "InputError",
    "InvalidCoordinate",
    "MissingDependency",
    "OnlineDeadline",
    "OnlineError",
    "OutputError",
    "RenderError",
    "UnknownPlace",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """An input file, option or value cannot be used."""


class InvalidCoordinate(InputError):
    """A latitude or longitude is out of range or not a number."""


class GazetteerFileError(InputError):
    """A user gazetteer file has a malformed row.

    The message names the file, the line number and the field.
    """

    def __init__(self, path: str, line: int, field: str, problem: str) -> None:
        self.path = path
        self.line = line
        self.field = field
        super().__init__(f"{path}, line {line}, field '{field}': {problem}")


class UnknownPlace(GeomapError, LookupError):
    """A place name that no gazetteer entry matches."""


class GazetteerError(GeomapError, RuntimeError):
    """The gazetteer database cannot be built, opened or read."""


class GazetteerDamaged(GazetteerError):
    """The gazetteer file is damaged (SQLite finds it malformed, truncated or
    not a database) or holds no gazetteer.

    ``path`` is the file, ``detail`` what SQLite or the check found.
    """

    def __init__(self, path: str, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"cannot read gazetteer {path}: the file is damaged ({detail})")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (type(self), (self.path, self.detail))


class RenderError(GeomapError, RuntimeError):
    """A map could not be rendered or pictured (Chromium ran but made no picture)."""


class OutputError(GeomapError, OSError):
    """An output geomap refuses to write: not a regular file (a device, a
    folder, a FIFO), read-only, or one of the run's inputs or other outputs.

    The message names the path and why, before anything is written.
    """


class OnlineError(GeomapError, ConnectionError):
    """The optional online geocoder could not answer."""


class OnlineDeadline(OnlineError, TimeoutError):
    """The run's online deadline passed before every name was looked up.

    ``pending`` holds the names not looked up; places found before are kept.
    """

    def __init__(self, message: str, pending: tuple[str, ...] = ()) -> None:
        self.pending = pending
        super().__init__(message)

    def __reduce__(self) -> tuple[type, tuple[str, tuple[str, ...]]]:
        return (type(self), (str(self), self.pending))


class MissingDependency(GeomapError, ImportError):
    """An optional dependency is needed; the message gives the install command."""
