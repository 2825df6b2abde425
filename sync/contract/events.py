"""The event registry: every event type a till pushes, and the payload model that checks it.

`EventIn.payload` is a free dict so one bad event cannot 422 a whole batch; HQ checks each
payload here instead (`parse_payload`) and a bad one becomes a per-event `rejected` with the
reason. The till builds the same models before it queues an event
(pos_app/services/outbox.py), so a mismatch fails on the till, in its own tests.

Adding an event type:
1. its payload model in an `events_<feature>.py` module of this package (strict `Payload`);
2. one line in `EVENTS` below (the type name HQ and the outbox use);
3. HQ's apply function for it (hq/apply_events.py `APPLY`), and the till's call
   `outbox.enqueue(session, entity_id, TheNewPayload(...))` in the service that makes it.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import ValidationError

from sync.contract.events_audit import AuditHeadPayload
from sync.contract.events_coupons import CouponRedeemedPayload, CouponRevivedPayload
from sync.contract.events_kpis import GuideTargetSetPayload, LineReattributedPayload
from sync.contract.events_members import MemberEnrolledPayload, MemberTaggedPayload
from sync.contract.events_overrides import OverrideApprovedPayload
from sync.contract.events_returns import NoReceiptReturnPayload, ReturnPayload
from sync.contract.events_sale import SalePayload
from sync.contract.events_shifts import (
    AuditPayload,
    CashMovedPayload,
    NoSalePayload,
    ShiftClosedPayload,
    ShiftOpenedPayload,
)
from sync.contract.events_units import UnitsReceivedPayload, UnitsSoldPayload
from sync.contract.fields import Payload

EVENTS: dict[str, type[Payload]] = {
    "sale.completed": SalePayload,
    "shift.opened": ShiftOpenedPayload,
    "shift.closed": ShiftClosedPayload,
    "audit": AuditPayload,
    "audit.head": AuditHeadPayload,  # the audit chain's head (issue 18, docs/audit.md)
    "return.completed": ReturnPayload,
    "return.no_receipt": NoReceiptReturnPayload,  # a manager's return without receipt (18)
    "units.received": UnitsReceivedPayload,
    "units.sold": UnitsSoldPayload,  # a sale's unit moves, sent after it (see the model)
    "member.enrolled": MemberEnrolledPayload,
    "member.tagged": MemberTaggedPayload,
    "coupon.redeemed": CouponRedeemedPayload,  # a sale's or a gift's coupon (issue 17)
    "coupon.revived": CouponRevivedPayload,  # a return's coupon, a manager's decision
    "cash.moved": CashMovedPayload,  # cash in / out of the drawer (issue 18)
    "drawer.no_sale": NoSalePayload,  # the drawer opened with no sale, a manager's word
    "line.reattributed": LineReattributedPayload,  # a line credited to another guide (19)
    "guide.target_set": GuideTargetSetPayload,  # a guide's monthly target (issue 19)
    "override.approved": OverrideApprovedPayload,  # a manager's approval (18-D, 19)
}
EventType = Literal[tuple(EVENTS)]  # type: ignore[valid-type]  # the names above, one source
_TYPE_OF = {model: name for name, model in EVENTS.items()}


def event_type(payload: Payload) -> str:
    """The type name a payload model is queued and pushed under."""
    return type_name(type(payload))


def type_name(model: type[Payload]) -> str:
    """The type name events of `model` are queued and pushed under."""
    try:
        return _TYPE_OF[model]
    except KeyError:
        raise TypeError(f"{model.__name__} is not a registered event payload") from None


class PayloadError(ValueError):
    """A payload that breaks the contract; the message is the per-event `reason`."""


def parse_payload(event_type: str, payload: dict[str, Any]) -> Payload:
    """Validate on the JSON text (`model_validate_json`) so JSON's types are what count: a
    float or a string is never taken for fen, a bool never for a count."""
    model = EVENTS.get(event_type)
    if model is None:
        raise PayloadError(f"unknown event type {event_type!r}")
    try:
        return model.model_validate_json(json.dumps(payload))
    except ValidationError as exc:
        raise PayloadError("payload invalid: " + describe(exc)) from exc
    except (TypeError, ValueError) as exc:  # not JSON-serialisable, or NaN/huge numbers
        raise PayloadError(f"payload invalid: {exc}") from exc


def describe(exc: ValidationError, limit: int = 400) -> str:
    """`loc: message; …`, short enough for an exception list column."""
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"]) or "payload"
        parts.append(f"{loc}: {err['msg']}")
    text = "; ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"
