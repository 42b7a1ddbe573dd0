"""The follower server on the network: the headers on every response, the address shown in the URL."""

from __future__ import annotations

import contextlib
import socket


def security_headers(nonce: str | None = None) -> dict[str, str]:
    """Headers on every response: nothing external, nothing inline but our own nonce'd page, no referrer."""
    own = f"'nonce-{nonce}'" if nonce else "'none'"
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; script-src {own}; style-src {own}; connect-src 'self'; img-src 'none'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
    }


def reachable_address(host: str) -> str:
    """The address to put in the URL: a wildcard bind is shown as this machine's address on the network."""
    if host not in ("", "0.0.0.0", "::"):
        return host
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent: this only asks the routing table
        return probe.getsockname()[0]
    return socket.gethostname()


def address_family(host: str) -> socket.AddressFamily:
    """IPv6 for an IPv6 address, else IPv4."""
    return socket.AF_INET6 if ":" in host else socket.AF_INET
