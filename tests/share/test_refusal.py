"""Requests whose first bytes already refuse them are answered without parsing; everything else is parsed."""

from __future__ import annotations

import pytest

from meetingtui.share.gate import WRONG_LINK, refusal

TOKEN = b"abcdefghijklmnopqrstuv"
HEADERS = {"Content-Security-Policy": "default-src 'none'"}


@pytest.mark.parametrize(
    "first",
    [b"GET / HTTP/1.1\r\n", b"GET /abcdefghijklmnopqrstuX/events HTTP/1.1\r\n", b"GET /favicon.ico HTTP/1.1\r\n"],
)
def test_a_get_without_the_token_is_403_with_the_headers(first: bytes) -> None:
    answer = refusal(first, TOKEN, HEADERS)
    assert answer is not None and answer.startswith(b"HTTP/1.1 403 ")
    head, body = answer.split(b"\r\n\r\n")
    assert b"Content-Security-Policy: default-src 'none'" in head and b"Connection: close" in head
    assert body == WRONG_LINK.encode() and f"Content-Length: {len(body)}".encode() in head
    assert b"Ask the facilitator for the follower link of this meeting" in body  # what to ask for, not "Forbidden"


@pytest.mark.parametrize("method", [b"POST", b"CONNECT", b"FOO"])
def test_any_method_but_get_and_head_is_405(method: bytes) -> None:
    answer = refusal(method + b" /" + TOKEN + b"/ HTTP/1.1\r\n", TOKEN, HEADERS)
    assert answer is not None and answer.startswith(b"HTTP/1.1 405 ")
    assert b"Allow: GET, HEAD" in answer and answer.endswith(b"\r\n\r\nRead only.\n")


@pytest.mark.parametrize(
    "first",
    [
        b"GET /" + TOKEN + b"/events HTTP/1.1\r\n",  # the token: served
        b"GET /" + TOKEN + b"x/ HTTP/1.1\r\n",  # the token's length is checked by the server, not here
        b"GET /abc",  # cut short, still the token so far
        b"HEAD /nothing HTTP/1.1\r\n",  # HEAD's answer has no body: the server writes it
        b"GE",
        b"\x16\x03\x01 not http",
        b"get / HTTP/1.1\r\n",
    ],
)
def test_what_might_be_served_or_is_not_http_goes_to_the_parser(first: bytes) -> None:
    assert refusal(first, TOKEN, HEADERS) is None
