"""`/docs` and `/openapi.json` were public: a map of the API for whoever reached HQ (issue 13).

Hardened: served only by `shopfloor-hq serve --dev` (create_app(dev=True))."""

from __future__ import annotations

import httpx

from tests.hq.server import run_hq_server


def test_docs_and_schema_are_not_served_without_dev(hq):
    for path in ("/docs", "/openapi.json", "/redoc"):
        assert httpx.get(hq.url + path).status_code == 404, path
    assert httpx.get(hq.url + "/health").status_code == 200


def test_dev_serves_them(tmp_path):
    with run_hq_server(f"sqlite:///{tmp_path / 'dev.db'}", dev=True) as dev:
        assert httpx.get(dev.url + "/openapi.json").json()["info"]["title"] == "Shopfloor HQ"
        assert httpx.get(dev.url + "/docs").status_code == 200
