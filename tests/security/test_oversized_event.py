"""One event with a 40 MiB payload took HQ from 97 to 439 MB and was stored whole (issue 13).

Hardened: a body over the limit gets 413 before it is read; an event over its type's cap
inside an ordinary body is `rejected` and kept as its first 2 KB plus the SHA-256 of the
whole; a request with too many rows gets 413. Nothing else at HQ changes."""

from __future__ import annotations

import hashlib
import json
import uuid

from sqlalchemy import text

from tests.security.conftest import changed, digest
from tests.security.world import product_id, raw, store_till, units_received


def _sale_event(store_till_, note_bytes: int) -> dict:
    return {"event_id": str(uuid.uuid4()), "type": "sale.completed", "entity_id": "s-big",
            "seq": 999, "created_at": "2026-12-01T10:00:00+00:00",
            "payload": {"id": "s-big", "store_id": store_till_.terminal.store_id,
                        "note": "x" * note_bytes}}


def test_a_40_mib_event_is_refused_before_it_is_read(hq, tmp_path):
    till = store_till(hq, tmp_path, "S01")
    before = digest(hq.engine)
    body = json.dumps({"events": [_sale_event(till, 40 * 1024 * 1024)]})
    with raw(hq, till) as client:
        response = client.post("/v1/events", content=body,
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert changed(before, digest(hq.engine)) == []


def test_an_event_over_its_types_cap_is_kept_truncated_with_its_hash(hq, tmp_path):
    till = store_till(hq, tmp_path, "S01")
    before = digest(hq.engine)
    event = _sale_event(till, 700 * 1024)  # under the body limit, over sale.completed's cap
    with raw(hq, till) as client:
        response = client.post("/v1/events", json={"events": [event]})
    assert response.status_code == 200
    [verdict] = response.json()["results"]
    assert verdict["status"] == "rejected" and "payload too large" in verdict["reason"]
    assert changed(before, digest(hq.engine)) == ["event", "exception"]
    with hq.engine.connect() as conn:
        kept = conn.execute(text("SELECT payload FROM event WHERE event_id = :e"),
                            {"e": event["event_id"]}).scalar_one()
    assert len(kept) < 3000
    whole = json.dumps(event["payload"], ensure_ascii=False, sort_keys=True)
    assert json.loads(kept)["sha256"] == hashlib.sha256(whole.encode()).hexdigest()


def test_too_many_rows_in_one_request_get_413(hq, tmp_path):
    till = store_till(hq, tmp_path, "S01")
    product = product_id(hq)
    before = digest(hq.engine)
    events = [units_received(till.terminal.store_id, product, 7_000, f"R{i}") for i in range(3)]
    with raw(hq, till) as client:
        response = client.post("/v1/events", json={"events": events})
    assert response.status_code == 413 and "rows" in response.json()["detail"]
    assert changed(before, digest(hq.engine)) == []
