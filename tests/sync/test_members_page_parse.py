"""A members page is validated as HqClient parses it (sync.member_rows.MembersPage) and
leaves the store exactly as the generic parse then validation did; a page that does not
parse so (a bad row, an upsert without data) is parsed the generic way and refused where
it is applied, naming the row, as before. Over a real socket, through the real client."""

from __future__ import annotations

import gc
import json
import random
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from local_db.uow import write_session
from pos_app.errors import PosError
from sync.apply_members import apply_members
from sync.client import HqClient
from sync.contract.envelope import Change
from sync.member_rows import MemberUpsert
from tests.sync.test_members_bulk import _dump, _page, _twin_stores


class _Pages(ThreadingHTTPServer):
    body = b"{}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = self.server.body  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[_Pages]:
    httpd = _Pages(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def _serve(server: _Pages, changes: list[dict[str, Any]], **page: Any) -> HqClient:
    server.body = json.dumps({"stream": "members", "changes": changes, "next_cursor": 9,
                              "has_more": False, **page}, ensure_ascii=False).encode()
    return HqClient(f"http://127.0.0.1:{server.server_address[1]}")


def test_a_parsed_page_applies_as_the_generic_one(server: _Pages, tmp_path: Path) -> None:
    typed, generic = _twin_stores(tmp_path, 7)
    rng = random.Random(11)
    for _ in range(4):
        page = _page(rng, 150, 70)  # upserts (optional fields left out) and tombstones
        with _serve(server, [c.model_dump() for c in page]) as client:
            parsed = client.changes("members", 0, 150)
        upserts = [c for c in parsed.changes if c.op == "upsert"]
        assert upserts and all(isinstance(c, MemberUpsert) for c in upserts)
        assert [(c.key, c.op) for c in parsed.changes] == [(c.key, c.op) for c in page]
        with write_session(typed) as session:
            got = apply_members(session, parsed.changes)
        with write_session(generic) as session:
            want = apply_members(session, page)
        assert got == want
        assert _dump(typed) == _dump(generic)


@pytest.mark.parametrize("bad", [{"tier": "platinum"}, {"extra": 1}, None])
def test_a_page_with_a_bad_row_is_refused_naming_it(server: _Pages, tmp_path: Path,
                                                    bad: dict[str, Any] | None) -> None:
    store, _ = _twin_stores(tmp_path, 3)
    page = [c.model_dump() for c in _page(random.Random(2), 20, 70) if c.op == "upsert"]
    page[5] = {"key": "bad-1", "op": "upsert",
               "data": None if bad is None else {**page[5]["data"], **bad, "id": "bad-1"}}
    with _serve(server, page) as client:
        parsed = client.changes("members", 0, 20)
    assert not any(isinstance(c, MemberUpsert) for c in parsed.changes)
    assert all(type(c) is Change for c in parsed.changes)
    with pytest.raises(PosError) as info, write_session(store) as session:
        apply_members(session, parsed.changes)
    assert info.value.code == "hq_bad_response" and "bad-1" in info.value.params["detail"]


def test_a_bad_envelope_is_still_a_bad_response(server: _Pages) -> None:
    with _serve(server, [], next_cursor="later") as client, pytest.raises(PosError) as info:
        client.changes("members", 0, 20)
    assert info.value.code == "hq_bad_response"


def test_a_pages_response_dies_without_the_cycle_collector(server: _Pages) -> None:
    """A full pull lets the collector wait (sync.gc_young): a response left in a reference
    cycle would keep its body (a page: ~1.3 MB) until the collector runs."""
    page = [c.model_dump() for c in _page(random.Random(2), 20, 70)]
    gc.collect()
    gc.disable()
    try:
        with _serve(server, page) as client:
            for cursor in range(3):
                client.changes("members", cursor, 20)
            left = [o for o in gc.get_objects() if isinstance(o, httpx.Response)]
    finally:
        gc.enable()
    assert left == []
