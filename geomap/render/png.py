"""``render_png``: a picture of a rendered map, taken by headless Chromium.

The page is self-contained, so Chromium runs with the network closed
(``--host-resolver-rules`` maps every host to nowhere): the picture never
depends on, or leaks to, the internet.

:class:`~geomap.errors.RenderError` lives in :mod:`geomap.errors` with the
other errors; it is re-exported here for callers that imported it from here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from geomap.errors import InputError, MissingDependency, OutputError, RenderError
from geomap.files import replacing

__all__ = [
    "CHROMIUM_NAMES",
    "SIZE_PRESETS",
    "RenderError",
    "chromium_command",
    "find_chromium",
    "parse_size",
    "render_png",
]

#: Executable names tried in order when no path is given.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_INSTALL_HINT = "install it with 'apt-get install -y chromium' or pass its path"
#: Flags for a quiet, offline, reproducible headless run.
_OFFLINE_FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
#: Sizes for print and social cards, in CSS pixels (``--size``).
SIZE_PRESETS = {"social": (1200, 675), "square": (1080, 1080), "print": (2000, 1125)}
_LARGEST_SCALE = 4
#: Virtual milliseconds Chromium lets the page run before the picture.
_SETTLE_MS = 5000
_TIMEOUT_S = 120


def _run_chromium(
    browser: str, arguments: tuple[str, ...], *, sandbox: bool | None, html_path: Path
) -> subprocess.CompletedProcess[str]:
    """One Chromium run with a fresh throwaway profile."""
    with tempfile.TemporaryDirectory(prefix="geomap-chromium-") as profile:
        command = chromium_command(browser, Path(profile), *arguments, sandbox=sandbox)
        try:
            return subprocess.run(
                command, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"Chromium took more than {_TIMEOUT_S} s to picture {html_path}"
            ) from None


def find_chromium(chromium: str | None = None) -> str:
    """The Chromium executable to use: ``chromium`` (a path or a name on PATH)
    or the first of :data:`CHROMIUM_NAMES` found; raises MissingDependency."""
    candidates = (chromium,) if chromium else (*CHROMIUM_NAMES, "/usr/bin/chromium")
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    tried = chromium or ", ".join(CHROMIUM_NAMES)
    raise MissingDependency(f"headless Chromium not found (tried {tried}): {_INSTALL_HINT}")


def chromium_command(
    browser: str, profile_dir: Path, *extra: str, sandbox: bool | None = None
) -> list[str]:
    """The command line for an offline headless run with a throwaway profile.

    The sandbox stays on unless ``sandbox`` is False; by default it is off
    only when running as root, where Chromium refuses to start with it.
    """
    if sandbox is None:
        sandbox = not (hasattr(os, "geteuid") and os.geteuid() == 0)
    return [
        browser,
        *_OFFLINE_FLAGS,
        *(() if sandbox else ("--no-sandbox",)),
        f"--user-data-dir={profile_dir}",
        f"--virtual-time-budget={_SETTLE_MS}",
        *extra,
    ]


def render_png(
    html_path: Path,
    png_path: Path,
    *,
    width: int = 1200,
    height: int = 800,
    scale: int = 1,
    chromium: str | None = None,
) -> None:
    """Screenshot the map page ``html_path`` into ``png_path``: a ``width`` x
    ``height`` CSS-pixel window at ``scale`` device pixels each (2 for sharp
    print and high-density screens: a 2400 x 1600 picture of a 1200 x 800 map).

    Raises MissingDependency (with the install command) when no Chromium is
    found, InputError when the page does not exist, OutputError when
    ``png_path`` may not be written (a folder, a device, read-only, the page
    itself), RenderError when Chromium fails; then ``png_path`` is untouched.
    """
    html_path = Path(html_path).resolve()
    png_path = Path(png_path).resolve()
    if not html_path.is_file():
        raise InputError(f"no map page at {html_path}")
    if png_path == html_path:
        raise OutputError(f"{png_path}: is the map page itself; give the picture its own path")
    if width < 1 or height < 1:
        raise InputError(f"picture size {width}x{height} must be positive")
    if not 1 <= scale <= _LARGEST_SCALE:
        raise InputError(f"picture scale {scale} must be 1 to {_LARGEST_SCALE}")
    browser = find_chromium(chromium)
    # Chromium draws into a temporary file beside the picture, which replaces
    # the old picture only once it holds a new one: an existing file is never
    # lost to a failed run, and a stale picture cannot pass for a new one.
    with replacing(png_path, keep_suffix=True) as tmp:
        arguments = (
            f"--force-device-scale-factor={scale}",
            f"--window-size={width},{height}",
            f"--screenshot={tmp}",
            html_path.as_uri(),
        )
        result = _run_chromium(browser, arguments, sandbox=None, html_path=html_path)
        if result.returncode != 0 and "sandbox" in result.stderr.lower():
            # Containers and some CI runners forbid the namespaces the sandbox
            # needs; the page is our own, offline, with every text escaped.
            result = _run_chromium(browser, arguments, sandbox=False, html_path=html_path)
        if result.returncode != 0 or not (tmp.is_file() and tmp.stat().st_size):
            raise RenderError(
                f"Chromium could not picture {html_path} (exit {result.returncode}): "
                f"{_main_error(result.stderr)}"
            )


def parse_size(text: str) -> tuple[int, int]:
    """A picture size: ``1200x675`` or a preset name (social, square, print).

    >>> parse_size("1080x1080"), parse_size("social")
    ((1080, 1080), (1200, 675))
    >>> parse_size("big")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: picture size 'big': give WIDTHxHEIGHT (e.g. 1200x675) or social, square, print
    """
    preset = SIZE_PRESETS.get(text.strip().lower())
    if preset is not None:
        return preset
    width, separator, height = text.strip().lower().partition("x")
    if (
        separator
        and width.isdigit()
        and height.isdigit()
        and 0 < int(width) <= 8000 >= int(height) > 0
    ):
        return int(width), int(height)
    names = ", ".join(SIZE_PRESETS)
    raise InputError(f"picture size {text!r}: give WIDTHxHEIGHT (e.g. 1200x675) or {names}")


def _main_error(stderr: str) -> str:
    """The line of Chromium's chatter that says what went wrong.

    >>> _main_error("[1:2:ERROR:bus.cc] no D-Bus\\n[3:4:FATAL:zygote.cc] No usable sandbox!\\nx")
    '[3:4:FATAL:zygote.cc] No usable sandbox!'
    """
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    fatal = [line for line in lines if "FATAL" in line]
    return (fatal or lines or ["no message"])[-1]
