"""HqClient maps every way HQ can fail to one PosError code, against a real local socket."""

from __future__ import annotations

import socket
import time

import pytest

from pos_app.errors import PosError
from sync.client import HqClient
from sync.contract.envelope import EventIn
from tests.sync.tiny_http import TinyServer


@pytest.fixture(scope="module")
def tiny():
    with TinyServer() as server:
        yield server


def _code(call) -> PosError:
    with pytest.raises(PosError) as info:
        call()
    return info.value


def test_valid_page_is_parsed_and_token_sent(tiny):
    with HqClient(tiny.url("ok"), token="tok-123") as client:
        page = client.changes("products", 3, 100)
    assert page.next_cursor == 7 and page.has_more is False
    method, path, headers = tiny.seen[-1]
    assert method == "GET" and path.startswith("/ok/v1/changes?")
    assert "stream=products" in path and "cursor=3" in path and "limit=100" in path
    assert headers["Authorization"] == "Bearer tok-123"


def test_push_sends_idempotency_key(tiny):
    event = EventIn(event_id="e" * 10, seq=1, type="audit", entity_id="x",
                    created_at="2026-01-01T00:00:00+00:00", payload={})
    with HqClient(tiny.url("500")) as client:
        err = _code(lambda: client.push([event], "k" * 64))
    assert err.code == "hq_error" and err.params["status"] == 500
    assert tiny.seen[-1][2]["Idempotency-Key"] == "k" * 64


@pytest.mark.parametrize(("mode", "code"), [
    ("401", "hq_unauthorized"),
    ("503", "hq_error"),
    ("422", "hq_refused"),
    ("404", "hq_refused"),
    ("garbage", "hq_bad_response"),
    ("shape", "hq_bad_response"),
    ("close", "hq_unreachable"),
])
def test_failures_map_to_codes(tiny, mode, code):
    with HqClient(tiny.url(mode)) as client:
        err = _code(lambda: client.changes("products", 0, 10))
    assert err.code == code
    assert err.message()  # every code has an English sentence


def test_read_timeout_is_unreachable_and_quick(tiny):
    with HqClient(tiny.url("hang"), timeout=0.3) as client:
        started = time.monotonic()
        err = _code(lambda: client.changes("products", 0, 10))
    assert err.code == "hq_unreachable" and "Timeout" in err.params["detail"]
    assert time.monotonic() - started < 2


def test_connection_refused_is_unreachable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the request: nobody listens
    with HqClient(f"http://127.0.0.1:{port}", connect_timeout=1) as client:
        assert _code(lambda: client.changes("products", 0, 10)).code == "hq_unreachable"


def test_wrong_stream_or_backwards_cursor_is_bad_response(tiny):
    with HqClient(tiny.url("ok")) as client:
        assert _code(lambda: client.changes("staff", 0, 10)).code == "hq_bad_response"
        assert _code(lambda: client.changes("products", 99, 10)).code == "hq_bad_response"


def test_invalid_url_is_refused():
    assert _code(lambda: HqClient("hq.example.com")).code == "hq_url_invalid"
