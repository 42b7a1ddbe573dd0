"""The follower server on loopback: the token, the headers, the stream, dropping slow followers, the port released."""

from __future__ import annotations

import http.client
import re
import socket
import time
from collections.abc import Iterator

import pytest

from meetingtui.share.gate import MAX_WAITING
from meetingtui.share.net import security_headers
from meetingtui.share.server import SEND_AFTER, FollowerServer
from tests.clock import ManualClock
from tests.share.helpers import Stream, wait_for


@pytest.fixture
def server() -> Iterator[FollowerServer]:
    server = FollowerServer("127.0.0.1", 0)
    server.start()
    yield server
    server.stop(grace=0, wait=True)


def get(server: FollowerServer, path: str, method: str = "GET") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request(method, path)
    return connection.getresponse()


def test_the_token_is_long_and_in_the_url(server: FollowerServer) -> None:
    assert len(server.token) >= 22  # 16 random bytes: 128 bits
    assert server.url == f"http://127.0.0.1:{server.port}/{server.token}/"
    assert not server.exposed


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events",
        "/{wrong}/",
        "/{wrong}/events",
        "/{token}x/",
        "/{token}/app.js",
        "/{token}/events/x",
        "/favicon.ico",
    ],
)
def test_missing_or_wrong_token_or_another_path_is_403_with_no_data(server: FollowerServer, path: str) -> None:
    server.publish({"title": "Secret pricing review"})
    wrong = server.token[:-1] + ("A" if server.token[-1] != "A" else "B")
    response = get(server, path.format(token=server.token, wrong=wrong))
    body = response.read()
    assert response.status == 403
    assert b"Secret" not in body and b"<html" not in body
    assert b"Ask the facilitator for the follower link of this meeting" in body  # as parsed or refused at once
    assert response.getheader("Content-Security-Policy")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_nothing_but_get_is_allowed(server: FollowerServer, method: str) -> None:
    response = get(server, f"/{server.token}/", method)
    assert response.status == 405
    assert response.read() == b"Read only.\n"


@pytest.mark.parametrize(
    "request_line",
    [
        "CONNECT example.com:443 HTTP/1.1",  # authority form: aiohttp's router would say 404, headers-less
        "CONNECT /{token}/ HTTP/1.1",
        "OPTIONS * HTTP/1.1",
        "PROPFIND /{token}/ HTTP/1.1",
        "TRACE /{token}/events HTTP/1.1",
        "FOO /{token}/ HTTP/1.1",  # a method aiohttp's parser refuses before any handler runs
    ],
)
def test_connect_and_unknown_methods_are_405_with_the_security_headers(
    server: FollowerServer, request_line: str
) -> None:
    server.publish({"title": "Secret pricing review"})
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(f"{request_line.format(token=server.token)}\r\nHost: x\r\n\r\n".encode())
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
            if b"\r\n\r\n" in reply and reply.endswith(b"Read only.\n"):
                break
    head, _, body = reply.partition(b"\r\n\r\n")
    status, *lines = head.decode().split("\r\n")
    headers = {name.lower(): value for name, _, value in (line.partition(": ") for line in lines)}
    assert status.split()[1] == "405", reply
    assert body == b"Read only.\n"
    assert headers["allow"] == "GET, HEAD"
    for name, value in security_headers().items():
        assert headers[name.lower()] == value, name


def test_the_page_has_a_strict_policy_and_nothing_external(server: FollowerServer) -> None:
    response = get(server, f"/{server.token}/")
    html = response.read().decode()
    assert response.status == 200
    policy = response.getheader("Content-Security-Policy")
    nonce = re.search(r"script-src 'nonce-([A-Za-z0-9_-]+)'", policy).group(1)
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    assert f'<script nonce="{nonce}">' in html and f'<style nonce="{nonce}">' in html
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert "innerHTML" not in html and "http" not in html.replace("http-equiv", "")
    assert 'aria-live="polite"' in html
    again = get(server, f"/{server.token}/").getheader("Content-Security-Policy")
    assert again != policy  # a fresh nonce per response


def test_followers_get_the_latest_snapshot_then_every_update(server: FollowerServer) -> None:
    server.publish({"n": 0})
    first = Stream(server)
    assert first.snapshot() == {"n": 0}
    wait_for(lambda: server.followers == 1)
    for n in range(1, 4):
        server.publish({"n": n})
        assert first.snapshot()["n"] == n
    first.close()
    wait_for(lambda: server.followers == 0)
    assert server.dropped == 0


def test_a_follower_who_joins_mid_segment_counts_from_when_it_joined_not_from_the_first_broadcast() -> None:
    clock = ManualClock()
    server = FollowerServer("127.0.0.1", 0, now=clock.now)
    server.start()
    try:
        server.publish({"clock": {"planned": 300, "elapsed": 0, "running": True}})
        early = Stream(server)
        assert early.snapshot()["delay"] < 1
        clock.advance(60)  # the meeting runs a minute with nothing to publish
        late = Stream(server)
        view = late.snapshot()
        remaining = view["clock"]["planned"] - (view["clock"]["elapsed"] + view["delay"])  # as the page counts
        assert abs(remaining - 240) < 1
        early.close()
        late.close()
    finally:
        server.stop(grace=0, wait=True)


def test_a_follower_that_never_reads_is_dropped_and_the_others_get_everything() -> None:
    server = FollowerServer("127.0.0.1", 0, queue_size=4, write_timeout=0.5)
    server.start()
    try:
        stalled, reader = Stream(server), Stream(server)
        wait_for(lambda: server.followers == 2)
        padding = "x" * 40_000  # a few of these fill the socket buffers
        started = time.monotonic()
        for n in range(40):
            server.publish({"n": n, "padding": padding})
            assert reader.snapshot()["n"] == n
        wait_for(lambda: server.dropped == 1)
        assert time.monotonic() - started < 10
        assert server.followers == 1
        stalled.close()
        reader.close()
    finally:
        server.stop(grace=0, wait=True)


def test_stopping_sends_what_was_published_then_releases_the_port() -> None:
    server = FollowerServer("127.0.0.1", 0)
    server.start()
    stream = Stream(server)
    wait_for(lambda: server.followers == 1)
    server.publish({"state": "ended"})
    server.stop(grace=2, wait=True)
    assert stream.snapshot() == {"state": "ended"}
    assert not server.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2)
    with socket.socket() as again:  # the port is free (the closed connections' TIME_WAIT aside, as for any server)
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", server.port))
    stream.close()


def test_a_taken_port_is_an_error_at_start(server: FollowerServer) -> None:
    other = FollowerServer("127.0.0.1", server.port)
    with pytest.raises(OSError):
        other.start()


def test_a_follower_stuck_on_one_write_is_dropped_after_the_write_timeout() -> None:
    server = FollowerServer("127.0.0.1", 0, queue_size=1000, write_timeout=0.5)  # the queue never fills here
    server.start()
    try:
        stalled = Stream(server)
        wait_for(lambda: server.followers == 1)
        for n in range(5):
            server.publish({"n": n, "padding": "x" * 200_000})
            time.sleep(SEND_AFTER * 1.5)  # one broadcast each (changes closer together go out as one)
        wait_for(lambda: server.dropped == 1, timeout=5)
        assert server.followers == 0
        stalled.close()
    finally:
        server.stop(grace=0, wait=True)


def test_followers_beyond_the_limit_are_turned_away() -> None:
    server = FollowerServer("127.0.0.1", 0, max_followers=2)
    server.start()
    try:
        first, second = Stream(server), Stream(server)
        wait_for(lambda: server.followers == 2)
        response = get(server, f"/{server.token}/events")
        assert response.status == 503 and response.read() == b"Too many followers.\n"
        first.close()
        wait_for(lambda: server.followers == 1)
        third = Stream(server)
        wait_for(lambda: server.followers == 2)
        second.close()
        third.close()
    finally:
        server.stop(grace=0, wait=True)


def test_a_burst_of_changes_goes_out_as_the_latest_state_after_the_screen_had_its_turn(server: FollowerServer) -> None:
    stream = Stream(server)
    wait_for(lambda: server.followers == 1)
    started = time.monotonic()
    for n in range(10):
        server.publish({"n": n})
    assert stream.snapshot() == {"n": 9}
    assert SEND_AFTER <= time.monotonic() - started < SEND_AFTER + 1
    server.publish({"n": 10})
    assert stream.snapshot() == {"n": 10}
    stream.close()


def test_connections_that_never_send_a_whole_request_are_closed_and_followers_are_not() -> None:
    server = FollowerServer("127.0.0.1", 0, request_timeout=0.5, defer_accept=0)  # silent ones reach the gate
    server.start()
    try:
        silent = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        dribbling = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        follower = Stream(server)
        wait_for(lambda: server.followers == 1)
        started = time.monotonic()
        closed: dict[str, float] = {}
        while len(closed) < 2 and time.monotonic() - started < 5:
            for name, sock in (("silent", silent), ("dribbling", dribbling)):
                if name in closed:
                    continue
                sock.settimeout(0.05)
                try:
                    if name == "dribbling":
                        sock.sendall(b"GET /x")  # a request that never ends: a few bytes now and then
                    if sock.recv(1024) == b"":
                        closed[name] = time.monotonic() - started
                except TimeoutError:
                    pass
                except OSError:  # reset by the server
                    closed[name] = time.monotonic() - started
        assert set(closed) == {"silent", "dribbling"}, closed
        assert max(closed.values()) < 3, closed
        server.publish({"n": 1})  # the follower's stream outlived the timeout
        assert follower.snapshot()["n"] == 1 and server.followers == 1
        assert get(server, f"/{server.token}/").status == 200  # and the server still serves
        for sock in (silent, dribbling):
            sock.close()
        follower.close()
    finally:
        server.stop(grace=0, wait=True)


@pytest.fixture
def undeferred() -> Iterator[FollowerServer]:
    """A server whose silent connections reach the gate at once (no ``TCP_DEFER_ACCEPT``, as on macOS)."""
    server = FollowerServer("127.0.0.1", 0, defer_accept=0)
    server.start()
    yield server
    server.stop(grace=0, wait=True)


def test_strangers_beyond_the_cap_are_closed_at_once_the_rest_at_the_deadline_and_followers_get_in(
    undeferred: FollowerServer,
) -> None:
    server = undeferred
    strangers = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(3 * MAX_WAITING)]

    def closed() -> int:
        count = 0
        for sock in strangers:
            sock.settimeout(0.001)
            try:
                count += sock.recv(1) == b""
            except TimeoutError:
                pass
            except OSError:  # reset by the server
                count += 1
        return count

    wait_for(lambda: closed() >= 2 * MAX_WAITING, timeout=1)  # long before the 2 s deadline
    follower = Stream(server)  # a newcomer with the token still gets in
    server.publish({"n": 1})
    assert follower.snapshot()["n"] == 1
    wait_for(lambda: closed() == len(strangers), timeout=4)  # the deadline closes the rest
    assert server.followers == 1
    for sock in strangers:
        sock.close()
    follower.close()


def test_strangers_who_send_a_byte_and_stop_cannot_lock_followers_out(server: FollowerServer) -> None:
    dribblers = []
    for _ in range(2 * MAX_WAITING):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(b"G")  # heard from, so not the first to go, but never a request
        dribblers.append(sock)
    time.sleep(0.6)  # older than the grace the gate gives a stranger who has sent something
    started = time.monotonic()
    follower = Stream(server)
    server.publish({"n": 1})
    assert follower.snapshot()["n"] == 1
    assert time.monotonic() - started < 1  # not after the strangers' 2 s deadline
    for sock in dribblers:
        sock.close()
    follower.close()


def test_a_room_that_joins_at_once_gets_in_though_connections_are_taken_at_a_bounded_rate(
    server: FollowerServer,
) -> None:
    joining = 3 * MAX_WAITING  # more than the strangers' cap: none may be taken for a stranger and closed
    server.publish({"n": 1})
    socks = []
    for _ in range(joining):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(f"GET /{server.token}/events HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        socks.append(sock)
    wait_for(lambda: server.followers == joining, timeout=10)
    assert server.gate is not None and server.gate.refused == 0
    for sock in socks:
        sock.close()
