"""SHA-1 and SHA-256 from CPython's own modules rather than OpenSSL's.

``import hashlib`` sets up every OpenSSL digest (its ``_hashlib``): ~0.6 MB of a running meeting's peak RSS
(bench/idle_cpu.py), for the few small files a meeting hashes. CPython's built-in modules give the same digests;
on a cold read of a 50,000-file history they cost ~0.4 s more than OpenSSL's (of 30-45 s). A CPython built
without them gets hashlib's.
"""

from __future__ import annotations

try:
    from _sha1 import sha1
except ImportError:  # pragma: no cover - a CPython without its built-in digests
    from hashlib import sha1
try:
    from _sha2 import sha256  # Python 3.12 and later
except ImportError:
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:  # pragma: no cover
        from hashlib import sha256

__all__ = ["sha1", "sha256"]
