"""Text from articles on the terminal: shown as it is written, never obeyed.

Titles, names, evidence and error messages that quote an input are untrusted: printed
as they are, ``[/red]`` is rich markup (a crash), ``[link=…]`` a clickable link, ``:joy:``
an emoji, and ``ESC [2J`` clears the screen. :func:`safe` is the one function that makes
such text inert, and :class:`SafeConsole` applies it to every string it is asked to
render (print arguments, table cells, titles), so no call site can forget it. graphkit's
own styling goes through ``style=`` and :func:`styled`, never through markup in a string.
"""
from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from rich.text import Text

# C0 controls but tab and newline, DEL, C1 controls (0x9b alone starts an escape sequence
# on some terminals), and the bidirectional overrides and isolates that can make a line
# read differently from what it holds.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Piped output is for files and other programs: wide enough that a table row is never
# cut or wrapped at the 80 columns rich assumes when it cannot ask a terminal.
PIPE_WIDTH = 4096


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe(text: object, *, markup: bool = True) -> str:
    """``text`` made inert for the terminal: control characters (ANSI escape sequences
    start with one) become visible ``\\xNN`` / ``\\uNNNN`` forms, tab and newline stay,
    and unless ``markup`` is False, rich markup is escaped.

    >>> safe("[/red] \\x1b[2J title")
    '\\\\[/red] \\\\x1b[2J title'
    >>> safe("tab\\tand\\nnewline stay")
    'tab\\tand\\nnewline stay'
    """
    shown = _CONTROL.sub(_shown, str(text))
    return escape(shown) if markup else shown


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word`` in the right number.

    >>> plural(1, "article"), plural(2, "article"), plural(0, "entry", "entries")
    ('1 article', '2 articles', '0 entries')
    """
    return f"{count} {word if count == 1 else (many or word + 's')}"


class SafeConsole(Console):
    """A rich console that renders every string as plain text (see :func:`safe`).

    Markup and emoji codes are off, and strings pass through :func:`safe` even if a
    caller turns markup back on, so text from data can never style, link or control
    the terminal. When the output is not a terminal (a pipe, a file) and ``COLUMNS`` is
    not set, lines are :data:`PIPE_WIDTH` wide rather than cut at 80 columns.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        kwargs.setdefault("highlight", False)
        super().__init__(**kwargs)
        if "width" not in kwargs and not self.is_terminal and not os.environ.get("COLUMNS"):
            self.width = PIPE_WIDTH

    def render_str(self, text: str, *, markup: bool | None = None, **kwargs: Any) -> Text:
        """Render ``text`` with its markup escaped and control characters made visible."""
        markup_on = self._markup if markup is None else markup
        return super().render_str(safe(text, markup=markup_on), markup=markup_on, **kwargs)


def console(*, stderr: bool = False) -> SafeConsole:
    """A :class:`SafeConsole` on stdout, or on stderr."""
    return SafeConsole(stderr=stderr)


def styled(label: str, style: str, message: object) -> Text:
    """``label`` in ``style`` (graphkit's own words), then ``message`` as inert text.

    >>> styled("error:", "red", "[/red] bad").plain
    'error: [/red] bad'
    """
    from rich.text import Text

    # Text() takes its string literally (no markup to escape); control characters still
    # have to be made visible.
    return Text.assemble((label, style), " ", safe(message, markup=False))
