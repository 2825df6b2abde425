"""The till's side of the stream registry: for every stream of sync.contract.streams, the
label the sync status shows, the function that applies a page and what a full re-pull
retires. The puller and the worker read this table; HQ never imports it.

Adding a stream (the recipe is also in sync/contract/streams.py):
1. the row model and one `StreamSpec` line in sync/contract/streams.py;
2. an apply function `(session, changes) -> (applied, skipped_pending)` in a sync/apply_*.py
   module, run inside the page's transaction; a pydantic ValidationError it lets out
   becomes `hq_bad_response`;
3. one `Pulled` line below (same order as the contract's REGISTRY; a test checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from pos_app.i18n import N_
from sync import apply
from sync.apply_catalog import apply_prices, apply_products, apply_staff, own_store_id
from sync.apply_coupon_definitions import apply_coupon_definitions, sweep_coupon_definitions
from sync.apply_coupon_keys import apply_coupon_keys, sweep_coupon_keys
from sync.apply_members import apply_members
from sync.apply_promotions import apply_promotions, sweep_promotions
from sync.apply_settings import apply_settings, sweep_settings
from sync.apply_units import apply_units
from sync.contract.envelope import Change
from sync.contract.streams import BY_NAME, StreamSpec

ApplyPage = Callable[[Session, list[Change]], tuple[int, int]]
Sweep = Callable[[Session, set[str]], object]  # the keys a full re-pull brought


@dataclass(frozen=True)
class Pulled:
    spec: StreamSpec
    label: str  # N_-marked: translated where it is shown
    apply: ApplyPage
    sweep: Sweep | None = None  # after a resync: retire local rows HQ no longer sends


def _retire(table_name: str) -> Sweep:
    return lambda session, keep: apply.sweep(session, table_name, keep)


def _apply_units(session: Session, changes: list[Change]) -> tuple[int, int]:
    """Keyed by unit id, matched by unit_key, pending by unit_key; rows are this store's."""
    return apply_units(session, own_store_id(session), changes)


PULLED: dict[str, Pulled] = {p.spec.name: p for p in (
    Pulled(BY_NAME["products"], N_("products"), apply_products, _retire("product")),
    Pulled(BY_NAME["prices"], N_("prices"), apply_prices),
    Pulled(BY_NAME["staff"], N_("staff"), apply_staff, _retire("staff")),
    Pulled(BY_NAME["members"], N_("members"), apply_members),  # tombstones: merge redirects
    Pulled(BY_NAME["units"], N_("unit codes"), _apply_units),
    Pulled(BY_NAME["promotions"], N_("promotions"), apply_promotions, sweep_promotions),
    Pulled(BY_NAME["coupon_keys"], N_("coupon keys"), apply_coupon_keys, sweep_coupon_keys),
    Pulled(BY_NAME["coupon_definitions"], N_("coupon definitions"), apply_coupon_definitions,
           sweep_coupon_definitions),
    Pulled(BY_NAME["settings"], N_("HQ settings"), apply_settings, sweep_settings),
)}


# Phases the puller reports beside the streams (sync.puller.INDEX_PHASE).
PHASES = {"members_index": N_("member name index")}


def label_of(stream: str) -> str:
    """The untranslated label of a stream or phase (its name if the till does not know it)."""
    entry = PULLED.get(stream)
    return entry.label if entry is not None else PHASES.get(stream, stream)
