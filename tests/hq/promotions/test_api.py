"""The admin API for campaigns over real HTTP (SQLite and PostgreSQL): an admin token only,
never a till's; the same service and refusals as the CLI (422 with the domain's code,
nothing written)."""

from __future__ import annotations

import hashlib

import pytest

from hq.admin_auth import ENV
from tests.hq.promotions.helpers import BOGO
from tests.hq.server import HQServer

TOKEN = "admin-token-for-tests-0123456789"


@pytest.fixture
def admin_headers(monkeypatch) -> dict[str, str]:
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    monkeypatch.setenv(ENV, f"{'0' * 64},{digest}")  # a second token: rotation
    return {"Authorization": f"Bearer {TOKEN}"}


def test_campaigns_over_the_admin_api(hq_server: HQServer, admin_headers):
    hq_server.ensure_terminal("S01", "T01")
    with hq_server.client() as http:
        created = http.post("/v1/admin/campaigns", headers=admin_headers, json={
            "id": "c-1212", "name": "12.12", "starts_at": "2026-12-12T00:00",
            "ends_at": "2026-12-13T00:00", "stores": ["S01"], "holdout_permille": 100})
        assert created.status_code == 201, created.text
        body = created.json()
        assert (body["status"], body["rules"], body["holdout_permille"]) == ("active", [], 100)
        assert len(body["stores"]) == 1  # HQ's store id, as the tills match it
        added = http.post("/v1/admin/campaigns/c-1212/rules", headers=admin_headers, json=BOGO)
        assert added.status_code == 201 and added.json()["rules"] == [BOGO]
        bad = http.post("/v1/admin/campaigns/c-1212/rules", headers=admin_headers,
                        json={**BOGO, "id": "b2", "percent_off": 120})
        assert bad.status_code == 422
        assert bad.json()["detail"]["code"] == "promo_percent_invalid"
        assert "c-1212/b2" in bad.json()["detail"]["message"]
        listed = http.get("/v1/admin/campaigns", headers=admin_headers).json()
        assert [(c["id"], len(c["rules"])) for c in listed] == [("c-1212", 1)]
        ended = http.post("/v1/admin/campaigns/c-1212/end", headers=admin_headers)
        assert ended.status_code == 200 and ended.json()["status"] == "ended"
        assert http.post("/v1/admin/campaigns/c-1212/end",
                         headers=admin_headers).status_code == 409
        assert http.post("/v1/admin/campaigns/nope/end", headers=admin_headers).status_code \
            == 404
        dates = http.post("/v1/admin/campaigns", headers=admin_headers, json={
            "name": "x", "starts_at": "2026-12-13", "ends_at": "2026-12-12"})
        assert dates.status_code == 422
        assert dates.json()["detail"]["code"] == "promo_dates_unordered"
        for body in ({"name": "a\u0000b"}, {"name": "x", "id": "a/b"}):
            answer = http.post("/v1/admin/campaigns", headers=admin_headers, json=body)
            assert answer.status_code == 422
            assert answer.json()["detail"]["code"] == "promo_field_invalid"
        created = http.post("/v1/admin/campaigns", headers=admin_headers,
                            json={"name": "y", "id": "c-y"})
        nul = http.post("/v1/admin/campaigns/c-y/rules", headers=admin_headers,
                        json={**BOGO, "name": "a\u0000"})
        assert nul.status_code == 422 and nul.json()["detail"]["code"] == "promo_field_invalid"


def test_only_an_admin_token_may_author(hq_server: HQServer, monkeypatch):
    device = hq_server.register("S01", "T01")
    monkeypatch.delenv(ENV, raising=False)
    with hq_server.client() as http:
        for headers in ({}, device.headers, {"Authorization": f"Bearer {TOKEN}"}):
            answer = http.post("/v1/admin/campaigns", headers=headers, json={"name": "x"})
            assert answer.status_code == 401
            assert http.get("/v1/admin/campaigns", headers=headers).status_code == 401
