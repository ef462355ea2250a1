"""Text from articles, place files and geocoders made harmless where it lands.

Names and sentences reach three places that read more into text than words:

- a terminal runs escape sequences (``ESC [ 2 J`` clears the screen) and lays
  out bidi controls (U+202E turns the rest of a line around): :func:`terminal_text`
  shows each such character as a visible escape instead;
- a web page lays out the same bidi controls, so a name could reverse the
  verdict written after it: :func:`plain_text` removes them (and the other
  controls) before the text is escaped for HTML;
- a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
  a formula: :func:`csv_cell` puts an apostrophe in front.

Every function here is pure and idempotent.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["BIDI_CONTROLS", "csv_cell", "plain_text", "terminal_text"]

#: The bidi embeddings, overrides, isolates and marks (U+202A-U+202E,
#: U+2066-U+2069, U+200E, U+200F, U+061C).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_BIDI = "".join(sorted(BIDI_CONTROLS))
# C0 controls but tab and newline, DEL, C1 controls, and the bidi controls.
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    r"""``text`` with control and bidi characters shown as escapes, for a terminal.

    Tab and newline stay; an escape sequence or a bidi override is printed as
    the characters ``\x1b`` or ``\u202e``, so it can be seen and does nothing.

    >>> terminal_text("Gao\x1b[2J\u202eilaM\n")
    'Gao\\x1b[2J\\u202eilaM\n'
    """
    return _UNSAFE.sub(_visible, text)


def plain_text(text: str) -> str:
    """``text`` without control and bidi characters (tab and newline stay).

    >>> plain_text("In \u202eAmenas\x07")
    'In Amenas'
    """
    return _UNSAFE.sub("", text)


def csv_cell(value: Any) -> Any:
    """A CSV cell value a spreadsheet will not run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets an apostrophe in front; numbers (also written as text) and other
    values pass unchanged.

    >>> csv_cell('=HYPERLINK("http://x")'), csv_cell("-12.5"), csv_cell(-3), csv_cell("Gao")
    ('\\'=HYPERLINK("http://x")', '-12.5', -3, 'Gao')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
