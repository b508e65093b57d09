"""Ids: a file name that is not a valid id gets a suggestion for one.

Validation suggests it in its messages; `factcheck new` names new files with it.
"""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """A best-effort valid id for `text`: lowercase ASCII, digits, hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-")
