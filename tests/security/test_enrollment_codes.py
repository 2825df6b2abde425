"""Pairing hygiene (issue 13): a 400-day-old enrollment code registered a device; 3,000 wrong
codes went through at 431/s; enrolling a terminal again left the old device live.

Hardened: codes expire (default 30 minutes, `--ttl`); wrong codes are throttled per IP and
across all IPs (429 + Retry-After, before the database is asked); a terminal with a live
device is enrolled again only with `--replace`, and the old device's token then stops."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import text, update

from hq import admin
from hq import models as m
from tests.security.conftest import changed, digest
from tests.security.world import raw, store_till


def _register(hq, code: str) -> httpx.Response:  # type: ignore[no-untyped-def]
    return httpx.post(f"{hq.url}/v1/devices/register",
                      json={"enrollment_code": code, "device_name": "thief"}, timeout=30)


def test_a_400_day_old_code_registers_nothing(hq):
    code = hq.enroll("S01", "T01")
    codes = m.EnrollmentCode.__table__
    with hq.engine.begin() as conn:
        conn.execute(update(codes).values(created_at=m.utcnow() - timedelta(days=400),
                                          expires_at=m.utcnow() - timedelta(days=400)
                                          + admin.ENROLL_TTL))
    before = digest(hq.engine)
    response = _register(hq, code)
    assert response.status_code == 401
    assert changed(before, digest(hq.engine)) == []


def test_codes_expire_after_their_ttl(hq):
    hq.ensure_terminal("S01", "T01")
    with pytest.raises(admin.AdminError):
        admin.enroll(hq.engine, "S01", "T01", ttl=timedelta(days=30))
    admin.enroll(hq.engine, "S01", "T01", ttl=timedelta(minutes=5))
    with hq.engine.connect() as conn:
        row = conn.execute(text("SELECT created_at, expires_at FROM enrollment_code")).one()
    expires, created = (v if isinstance(v, datetime) else datetime.fromisoformat(v)
                        for v in (row.expires_at, row.created_at))
    assert expires - created == timedelta(minutes=5)


def test_3000_wrong_codes_are_throttled_and_find_nothing(hq):
    hq.ensure_terminal("S01", "T01")
    real = hq.enroll("S01", "T01")
    before = digest(hq.engine)
    statuses: dict[int, int] = {}
    started = time.monotonic()
    with httpx.Client(base_url=hq.url, timeout=30) as client:
        for n in range(3000):
            r = client.post("/v1/devices/register",
                            json={"enrollment_code": f"WRONG{n:07d}", "device_name": "x"})
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            if r.status_code == 429:
                retry_after = r.headers["Retry-After"]
        throttled = client.post("/v1/devices/register",
                                json={"enrollment_code": real, "device_name": "x"})
    elapsed = time.monotonic() - started
    allowed = 10 + int(elapsed / 30) + 1  # the first 10, then one try per 30 s per IP
    assert statuses[401] <= allowed and statuses[401] + statuses[429] == 3000, statuses
    assert int(retry_after) >= 1
    assert throttled.status_code == 429  # even the right code waits: nothing is guessed
    assert changed(before, digest(hq.engine)) == []
    print(f"3000 tries in {elapsed:.1f} s", statuses)


def test_enrolling_a_live_terminal_again_needs_replace_and_revokes_the_old(hq, tmp_path):
    old = store_till(hq, tmp_path, "S01")
    before = digest(hq.engine)
    with pytest.raises(admin.AdminError) as info:
        admin.enroll(hq.engine, "S01", "T01")
    assert "--replace" in str(info.value)
    assert changed(before, digest(hq.engine)) == []
    code = admin.enroll(hq.engine, "S01", "T01", replace=True).code
    with raw(hq, old) as client:  # the old install still works until the new one pairs
        assert client.get("/v1/changes", params={"stream": "staff"}).status_code == 200
    assert _register(hq, code).status_code == 200
    with raw(hq, old) as client:
        assert client.get("/v1/changes", params={"stream": "staff"}).status_code == 401
    devices = admin.list_devices(hq.engine, "S01")
    assert [d["revoked"] for d in devices if d["terminal_code"] == "T01"] == [False, True]
    assert admin.revoke_terminal(hq.engine, "S01", "T01") == 1
