"""Pairing with one-time codes, and the bearer token on every other call."""

from __future__ import annotations

import httpx

from hq import admin
from tests.hq.server import HQServer


def test_register_returns_token_and_ids(hq_server: HQServer):
    code = hq_server.enroll("S01", "T02")
    assert len(code) >= 10
    r = httpx.post(f"{hq_server.url}/v1/devices/register",
                   json={"enrollment_code": code, "device_name": "front till"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["store_code"] == "S01" and body["terminal_code"] == "T02"
    assert body["store_address"] == "1 Test Road"
    assert len(body["device_token"]) >= 32
    with hq_server.client() as c:
        ok = c.get("/v1/changes", params={"stream": "products"},
                   headers={"Authorization": f"Bearer {body['device_token']}"})
    assert ok.status_code == 200


def test_enrollment_code_is_one_time(hq_server: HQServer):
    code = hq_server.enroll()
    first = httpx.post(f"{hq_server.url}/v1/devices/register", json={"enrollment_code": code})
    second = httpx.post(f"{hq_server.url}/v1/devices/register", json={"enrollment_code": code})
    assert first.status_code == 200
    assert second.status_code == 401


def test_unknown_enrollment_code_is_401(hq_server: HQServer):
    r = httpx.post(f"{hq_server.url}/v1/devices/register",
                   json={"enrollment_code": "NOPE-NOPE-NOPE"})
    assert r.status_code == 401


def test_codes_tolerate_case_and_dashes(hq_server: HQServer):
    code = hq_server.enroll()
    typed = f"{code[:4].lower()}-{code[4:8]} {code[8:]}"
    r = httpx.post(f"{hq_server.url}/v1/devices/register", json={"enrollment_code": typed})
    assert r.status_code == 200


def test_missing_unknown_and_revoked_tokens_are_401(hq_server: HQServer):
    device = hq_server.register()
    with hq_server.client() as c:
        for headers in ({}, {"Authorization": "Bearer not-a-token"},
                        {"Authorization": "Basic dXNlcjpwYXNz"}):
            assert c.get("/v1/changes", params={"stream": "staff"},
                         headers=headers).status_code == 401
            assert c.post("/v1/events", json={"events": []}, headers=headers).status_code == 401
        assert c.get("/v1/changes", params={"stream": "staff"},
                     headers=device.headers).status_code == 200
        admin.revoke_device(hq_server.engine, device.device_id)
        r = c.get("/v1/changes", params={"stream": "staff"}, headers=device.headers)
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == "Bearer"


def test_malformed_register_body_is_422_with_reason(hq_server: HQServer):
    r = httpx.post(f"{hq_server.url}/v1/devices/register",
                   json={"enrollment_code": "ABCDEFGHJK", "extra": 1})
    assert r.status_code == 422
    assert "extra" in r.text.lower()
