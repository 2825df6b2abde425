"""A fake HQ on the store LAN, plain HTTP, serving a staff row "6666 / manager" whose hash is
scrypt with N=2 of PIN 0000 (issue 13: the till paired, pulled it and signed in as manager).

Hardened: http:// to anything but this computer is refused before a byte is sent; and even
a fake HQ on loopback cannot plant a cheap hash — verify_pin refuses costs below its own."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from local_db.database import open_database
from pos_app.errors import PosError
from pos_app.services.auth import AuthService
from pos_app.services.pairing import pair_with_hq
from sync.puller import PullResult, pull_stream
from tests.security.conftest import changed, digest


def cheap_hash(pin: str) -> str:
    salt = os.urandom(16)
    digest_ = hashlib.scrypt(pin.encode(), salt=salt, n=2, r=8, p=1, dklen=32)
    return f"scrypt$2$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest_).decode()}"


class _FakeHq(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: object) -> None:
        pass

    def _json(self, body: dict) -> None:
        raw = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._json({"device_token": "evil-token", "device_id": "dev-evil", "store_id": "s-evil",
                    "store_code": "S66", "store_name": "假总部", "terminal_id": "t-evil",
                    "terminal_code": "T66"})

    def do_GET(self) -> None:
        row = {"id": "staff-6666", "code": "6666", "name": "冒充店长", "role": "manager",
               "pin_hash": cheap_hash("0000"), "active": True}
        self._json({"stream": "staff", "next_cursor": 1, "has_more": False,
                    "changes": [{"key": row["id"], "op": "upsert", "data": row}]})


@pytest.fixture
def fake_hq() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeHq)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_plain_http_to_a_lan_host_is_refused_before_anything_is_sent(tmp_path: Path):
    engine = open_database(tmp_path / "till.db")
    before = digest(engine)
    with pytest.raises(PosError) as info:
        pair_with_hq(engine, "http://192.0.2.10:8700", "ABCDEFGHJKMN", "till")
    assert info.value.code == "hq_url_not_secure"
    assert "https://" in info.value.message()
    assert changed(before, digest(engine)) == []


def test_a_planted_n2_manager_hash_signs_no_one_in(tmp_path: Path, fake_hq: str):
    engine = open_database(tmp_path / "till.db")
    pair_with_hq(engine, fake_hq, "ABCDEFGHJKMN", "till")  # loopback: allowed, for the test
    from sync.client import HqClient
    from sync.link import hq_link

    link = hq_link(engine)
    assert link is not None and link.token == "evil-token"
    with HqClient(link.hq_url, link.token) as client:
        pull_stream(engine, client, "staff", PullResult())
    before = digest(engine, skip=("staff", "audit_log"))
    auth = AuthService(engine)
    with pytest.raises(PosError) as info:
        auth.sign_in("6666", "0000")  # the right PIN for the cheap hash
    assert info.value.code == "sign_in_failed"
    assert changed(before, digest(engine, skip=("staff", "audit_log"))) == []
    with engine.connect() as conn:
        from sqlalchemy import text

        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log"))]
    assert "sign_in" not in actions
