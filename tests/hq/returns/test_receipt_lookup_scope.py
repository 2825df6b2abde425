"""The receipt look-up searches the asking till's store only (review 11a): receipt numbers
are unique per terminal, not across stores, so another store's sale of the same number must
neither hide the till's own sale (a 404 before) nor be shown to it."""

from __future__ import annotations

from tests.hq.builders import push, sale_event
from tests.hq.server import HQServer

RECEIPT = "S01-T01-000001"  # the same number at both stores


def test_a_receipt_number_clash_across_stores_finds_the_tills_own_sale(hq_server: HQServer):
    a = hq_server.register("S01", "T01")
    b = hq_server.register("S02", "T01")
    first = sale_event(a.terminal_id, receipt_no=RECEIPT)
    second = sale_event(b.terminal_id, receipt_no=RECEIPT)
    assert push(hq_server, a, first)[0]["status"] == "accepted"
    assert push(hq_server, b, second)[0]["status"] == "accepted"
    for device, own in ((a, first), (b, second)):
        with hq_server.client(device) as c:
            r = c.get("/v1/returns/receipt", params={"code": RECEIPT})
        assert r.status_code == 200, r.text
        assert r.json()["sale_id"] == own["payload"]["id"]
        with hq_server.client(device) as c:  # the other store's sale by its UUID: unseen
            other = second if own is first else first
            assert c.get("/v1/returns/receipt",
                         params={"code": other["payload"]["id"]}).status_code == 404
