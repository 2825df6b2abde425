"""Tills of two stores paired with one real HQ, and the attacker's raw HTTP on a till's
token (what someone holding that till's database — and its secrets — could send)."""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select

from hq import admin
from hq import models as hm
from sync.link import hq_link
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till, seed_hq

VICTIM_CASHIER = ("2001", "王芳", "cashier", "2222")


def store_till(hq: HQServer, tmp: Path, store_code: str, terminal_code: str = "T01"
               ) -> PairedTill:
    """A paired, signed-in till with an open shift. S01 is hq_world's store (cashier 1001);
    any other store gets cashier 2001 (staff codes are brand-wide)."""
    if store_code != "S01":
        seed_hq(hq, tmp)  # the catalogue and S01's cashier first (once per HQ)
        hq.ensure_terminal(store_code, terminal_code)
        with contextlib.suppress(admin.AdminError):  # made already
            admin.create_staff(hq.engine, store_code, *VICTIM_CASHIER)
    return paired_till(hq, tmp, terminal_code, store_code, cashier=None
                       if store_code == "S01" else VICTIM_CASHIER)


def raw(hq: HQServer, till: PairedTill) -> httpx.Client:
    link = hq_link(till.engine)
    assert link is not None and link.token
    return httpx.Client(base_url=hq.url, headers={"Authorization": f"Bearer {link.token}"},
                        timeout=120)


def product_id(hq: HQServer) -> str:
    with hq.engine.connect() as conn:
        return conn.execute(select(hm.Product.__table__.c.id).limit(1)).scalar_one()


def units_received(store_id: str, product: str, count: int, tag: str) -> dict:
    units = [{"id": str(uuid.uuid4()), "unit_key": f"0106966014000105.21{tag}{i:06d}",
              "product_id": product, "serial": f"{tag}{i:06d}", "state": "in_stock"}
             for i in range(count)]
    return {"event_id": str(uuid.uuid4()), "type": "units.received", "entity_id": units[0]["id"],
            "seq": 1, "created_at": "2026-12-01T10:00:00+00:00",
            "payload": {"store_id": store_id, "units": units}}
