"""Ids that no other clone can produce and that never change: what every reference in the record points at.

A file name is for people (``2026-12-07-weekly-sync.toml``, ``-2`` on a clash) and may change when
two clones pick the same one; an id is made once, when the item is created, and is written inside
the item's file. Nothing refers to a file name.

- Minutes: ``<date>-<agenda slug>.<nonce>`` — ``2026-12-07-weekly-sync.k3f9q2xm``; their actions are
  ``<minutes id>#<n>``, so an action's id is as permanent as its meeting's.
- Proposals: ``<agenda folder>/<date>-<title slug>.<nonce>``.

The nonce is 8 characters from a 31-letter alphabet (about 40 bits), drawn from the operating
system's random source. Slugs never contain a ``.``, so a nonce is never confused with a name, and
ids made before this scheme (``2026-11-27-weekly-sync``, ``weekly-sync/2026-12-02-pricing-faq``)
keep resolving exactly as they did: they are still the ids written in their files.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from meetingtui.domain.slug import slugify

NONCE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Lower-case letters and digits without the look-alikes i, l, o, 0 and 1: read aloud or typed without doubt."""

NONCE_LENGTH = 8

_NONCE = re.compile(rf"\.[{NONCE_ALPHABET}]{{{NONCE_LENGTH}}}$")


_SYSTEM_RANDOM = random.SystemRandom()
"""The operating system's randomness, as ``secrets`` uses it; ``secrets`` itself imports ``hmac``, and with it
OpenSSL's whole digest table (~0.6 MB of a meeting's peak RSS, see store/digests.py)."""


def nonce() -> str:
    """A fresh random part of an id."""
    return "".join(_SYSTEM_RANDOM.choice(NONCE_ALPHABET) for _ in range(NONCE_LENGTH))


def new_minutes_id(date: dt.date, agenda_name: str) -> str:
    """The permanent id of a meeting held on ``date`` from the agenda ``agenda_name``."""
    return f"{date.isoformat()}-{slugify(agenda_name)}.{nonce()}"


def new_proposal_id(folder: str, date: dt.date, title: str) -> str:
    """The permanent id of a topic proposed on ``date`` for the agenda whose proposals live in ``folder``."""
    return f"{folder}/{date.isoformat()}-{slugify(title, fallback='topic')}.{nonce()}"


def is_permanent(item_id: str) -> bool:
    """True for an id made by this scheme; False for an older one (which was its file's name)."""
    return _NONCE.search(item_id) is not None
