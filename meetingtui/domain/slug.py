"""The one way a title or name becomes part of a file name."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60


def slugify(text: str, fallback: str = "meeting") -> str:
    """Lower-case ASCII words joined by ``-``: no ``/``, no ``..``, no leading dot, bounded length."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:MAX_SLUG].rstrip("-")
    return slug or fallback


def numbered(base: str, number: int) -> str:
    """``base`` for 1, ``base-N`` for N >= 2, cut so that the suffix always survives :data:`MAX_SLUG`."""
    suffix = f"-{number}" if number > 1 else ""
    return base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
