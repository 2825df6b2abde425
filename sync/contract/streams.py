"""The stream registry: every stream a till pulls from HQ's change feed, in pull order.

HQ's change feed (hq/changes.py, hq/routes/changes.py) and the till's puller and worker
(sync/streams.py wraps each entry with its label, apply and sweep) all read this one table.

Adding a stream:
1. its row model in a `streams_<feature>.py` module of this package;
2. one `StreamSpec` line in `REGISTRY` below (its place is its pull order: after the
   streams its rows refer to);
3. the till's apply function (`sync/apply_<feature>.py`, `(session, changes) -> (applied,
   skipped)`) and one `Pulled` line in sync/streams.py naming it, its label and its sweep;
   HQ publishes rows with `hq.changes.record(conn, "<name>", key, "upsert", data)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from sync.contract.streams_catalog import PriceData, ProductData, StaffData
from sync.contract.streams_coupon_keys import CouponKeyData
from sync.contract.streams_coupons import CouponDefinitionData
from sync.contract.streams_members import MemberData, MemberRedirect
from sync.contract.streams_promotions import PromotionData
from sync.contract.streams_units import UnitData


@dataclass(frozen=True)
class StreamSpec:
    name: str
    model: type[BaseModel] | None  # an upsert's data; None: by key (streams_settings.SETTINGS)
    key_field: str = "id"  # the row field that is the change's key
    redirects: type[BaseModel] | None = None  # a tombstone's data: a redirect, never pruned
    per_store: bool = False  # one key is published once per store (members of a region)


REGISTRY: tuple[StreamSpec, ...] = (
    StreamSpec("products", ProductData),
    StreamSpec("prices", PriceData, key_field="product_id"),  # needs its product row
    StreamSpec("staff", StaffData),
    StreamSpec("members", MemberData, redirects=MemberRedirect, per_store=True),
    StreamSpec("units", UnitData),  # last: a unit needs its product
    StreamSpec("promotions", PromotionData, per_store=True),  # a campaign for some stores
    StreamSpec("coupon_keys", CouponKeyData, key_field="key_id"),  # HQ's coupon public keys
    # what a campaign's coupons are and their offline policy, for some stores or all
    StreamSpec("coupon_definitions", CouponDefinitionData, per_store=True),
    StreamSpec("settings", None),
)
STREAMS: tuple[str, ...] = tuple(s.name for s in REGISTRY)  # pulled in this order
StreamName = Literal[STREAMS]  # type: ignore[valid-type]  # the names above, one source
BY_NAME: dict[str, StreamSpec] = {s.name: s for s in REGISTRY}
