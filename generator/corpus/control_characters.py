"""Control characters in content, replaced before any of it is parsed or printed.

Python-Markdown marks its placeholders with STX/ETX (``\\x02``/``\\x03``), which content
must not be able to forge, and no page should carry a control character anyway. Both
the analysis parse (`corpus.analysis`) and render's escaping (`render.markup`) replace
them the same way.
"""

from __future__ import annotations

import re

_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
"""Unicode's category Cc (U+0000-U+001F, U+007F-U+009F) minus the line breaks
(tab, line feed, vertical tab, form feed, carriage return, U+0085)."""


def replace_control_characters(text: str) -> str:
    """`text` with every control character other than whitespace made U+FFFD; each is
    one character for one, so offsets into `text` stay valid."""
    return _CONTROL_CHARACTER.sub("\ufffd", text)
