"""``embed_snippet``: the HTML an article pastes to show a map."""

from __future__ import annotations

import re
import zlib
from urllib.parse import urlsplit

from geomap.errors import InputError
from geomap.render.content import esc

__all__ = ["embed_snippet"]

# "16 / 9", "4/3", "1.5": numbers only, because the value lands in a style attribute.
_RATIO = re.compile(r"^\s*\d+(\.\d+)?\s*(/\s*\d+(\.\d+)?\s*)?$")


def embed_snippet(
    src: str, *, title: str, aspect_ratio: str = "16 / 9", description: str = ""
) -> str:
    """An ``<iframe>`` snippet for articles, sized by an ``aspect-ratio`` wrapper.

    ``title`` names the frame for screen readers; ``src`` is a relative path
    or an http(s) URL (a ``javascript:`` or ``data:`` source is refused). The
    frame is sandboxed: the map needs scripts, nothing else from the article.
    ``description`` (the map's alt text, see :func:`geomap.render.content.alt_text`)
    follows the frame as a visually hidden paragraph that describes it.

    >>> print(embed_snippet("maps/amenas.html?a=1&b=2", title='In Amenas "siege"'))
    <div class="geomap-embed" style="position:relative;width:100%;aspect-ratio:16 / 9">
      <iframe src="maps/amenas.html?a=1&amp;b=2" title="In Amenas &quot;siege&quot;"
        loading="lazy" sandbox="allow-scripts allow-popups"
        style="position:absolute;inset:0;width:100%;height:100%;border:0"></iframe>
    </div>
    >>> embed_snippet("javascript:alert(1)", title="x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: embed source 'javascript:alert(1)' must be a relative path or ...
    """
    scheme = urlsplit(src.strip()).scheme.lower()
    if scheme not in ("", "http", "https"):
        raise InputError(f"embed source {src!r} must be a relative path or an http(s) URL")
    if not _RATIO.match(aspect_ratio):
        raise InputError(f"aspect ratio {aspect_ratio!r} must look like '16 / 9', '4/3' or '1.5'")
    ratio = " ".join(aspect_ratio.split())
    described, after = "", ""
    if description:
        # an id from the text itself: two maps on one page get two ids
        key = f"geomap-alt-{zlib.crc32(f'{src}|{description}'.encode()):08x}"
        described = f' aria-describedby="{key}"'
        after = (
            f'\n  <p id="{key}" style="position:absolute;width:1px;height:1px;overflow:hidden;'
            f'clip:rect(0 0 0 0);white-space:nowrap">{esc(description)}</p>'
        )
    return (
        f'<div class="geomap-embed" style="position:relative;width:100%;aspect-ratio:{ratio}">\n'
        f'  <iframe src="{esc(src.strip())}" title="{esc(title)}"{described}\n'
        '    loading="lazy" sandbox="allow-scripts allow-popups"\n'
        '    style="position:absolute;inset:0;width:100%;height:100%;border:0"></iframe>'
        f"{after}\n"
        "</div>"
    )
