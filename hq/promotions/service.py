"""Campaigns at HQ: create, add a rule, end, list, and the docs HQ prices with.

Each change is one transaction that writes the campaign (or rule) and publishes it on the
`promotions` stream (hq/promotions/publish.py), so a till never sees a campaign that was
rolled back, and sees every create, added rule and end on its next pull.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from hq import models as m
from hq.admin import AdminError, _store_id
from hq.db import writer
from hq.promotions.publish import campaign_row, naive_utc, publish
from hq.promotions.validation import (
    MAX_RULES,
    CampaignRefusedError,
    check_campaign,
    check_rules,
    check_texts,
    rule_fields,
)

C, R, STORE = m.Campaign.__table__, m.CampaignRule.__table__, m.Store.__table__


@dataclass(frozen=True)
class NewCampaign:
    """What `create-campaign` takes; times are store-local ISO 8601 without an offset."""

    name: str
    starts_at: str | None = None
    ends_at: str | None = None
    store_codes: tuple[str, ...] = ()  # empty: every store
    members_only: bool = False
    member_tiers: tuple[str, ...] = ()
    holdout_permille: int = 0
    id: str | None = None  # default: a new UUIDv7


def _local(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def create_campaign(engine: Engine, new: NewCampaign) -> str:
    """Create an active campaign (no rules yet) and publish it; returns its id."""
    cid = new.id or m.new_id()
    check_texts(cid, new.name, *new.store_codes, *new.member_tiers)
    if not 0 <= new.holdout_permille <= 1000:
        raise CampaignRefusedError("promo_field_invalid", "holdout is 0 to 1000 per mille")
    with writer(engine).begin() as conn:
        store_ids = sorted({_store_id(conn, code) for code in new.store_codes})
        doc = {"id": cid, "name": new.name, "starts_at": new.starts_at,
               "ends_at": new.ends_at, "stores": store_ids, "members_only": new.members_only,
               "member_tiers": list(new.member_tiers)}
        check_campaign({k: v for k, v in doc.items() if v is not None})
        if len(cid) > 64 or conn.execute(select(C.c.id).where(C.c.id == cid)).first():
            raise AdminError(f"campaign {cid!r} exists already" if len(cid) <= 64
                             else "a campaign id is at most 64 characters")
        now = m.utcnow()
        conn.execute(insert(C), {
            "id": cid, "name": new.name, "starts_at": _local(new.starts_at),
            "ends_at": _local(new.ends_at), "stores": json.dumps(store_ids),
            "members_only": new.members_only,
            "member_tiers": json.dumps(sorted(set(new.member_tiers))),
            "holdout_permille": new.holdout_permille, "status": "active",
            "created_at": now, "updated_at": now})
        publish(conn, cid)
    return cid


def _active(conn: Connection, campaign_id: str) -> None:
    status = conn.execute(select(C.c.status).where(C.c.id == campaign_id)).scalar()
    if status is None:
        raise AdminError(f"unknown campaign {campaign_id!r}")
    if status != "active":
        raise AdminError(f"campaign {campaign_id!r} has ended")


def add_rule(engine: Engine, campaign_id: str, rule: Any) -> str:
    """Add one rule (docs/promotions.md's rule JSON) to an active campaign, checked with every
    active campaign's rules; refused whole (CampaignRefusedError, the domain's code), or written
    and published. Returns the rule id."""
    fields = rule_fields(rule)
    with writer(engine).begin() as conn:
        _active(conn, campaign_id)
        docs = {c["id"]: c for c in active_docs(conn)}
        mine = docs[campaign_id]
        if len(mine["rules"]) >= MAX_RULES:
            raise CampaignRefusedError("promo_field_invalid",
                                       f"a campaign has at most {MAX_RULES} rules")
        docs[campaign_id] = {**mine, "rules": [*mine["rules"], rule]}
        check_rules(list(docs.values()))
        conn.execute(insert(R), {"campaign_id": campaign_id, **fields,
                                 "body": json.dumps(rule, ensure_ascii=False, sort_keys=True),
                                 "created_at": m.utcnow()})
        conn.execute(update(C).where(C.c.id == campaign_id).values(updated_at=m.utcnow()))
        publish(conn, campaign_id)
    return fields["rule_id"]


@dataclass(frozen=True)
class CampaignEdit:
    """What `edit-campaign` may change (None: unchanged; "" for a time: no bound)."""

    name: str | None = None
    starts_at: str | None = None
    ends_at: str | None = None
    store_codes: tuple[str, ...] | None = None  # () = every store
    holdout_permille: int | None = None
    members_only: bool | None = None
    member_tiers: tuple[str, ...] | None = None  # () = every tier


def edit_campaign(engine: Engine, campaign_id: str, edit: CampaignEdit) -> None:
    """Change an active campaign's name, window, stores or holdout, checked like a new one
    (with its rules and every other active campaign's) and published: stores it leaves get
    a tombstone, so their tills withdraw it on the next pull."""
    check_texts(edit.name or "x", edit.starts_at or "", edit.ends_at or "",
                *(edit.store_codes or ()), *(edit.member_tiers or ()))
    if edit.holdout_permille is not None and not 0 <= edit.holdout_permille <= 1000:
        raise CampaignRefusedError("promo_field_invalid", "holdout is 0 to 1000 per mille")
    with writer(engine).begin() as conn:
        _active(conn, campaign_id)
        values: dict[str, Any] = {}
        if edit.name is not None:
            values["name"] = edit.name
        for key in ("starts_at", "ends_at"):
            text = getattr(edit, key)
            if text is not None:
                values[key] = _local(text or None)
        if edit.store_codes is not None:
            values["stores"] = json.dumps(sorted({_store_id(conn, c) for c in edit.store_codes}))
        if edit.holdout_permille is not None:
            values["holdout_permille"] = edit.holdout_permille
        if edit.members_only is not None:
            values["members_only"] = edit.members_only
        if edit.member_tiers is not None:
            values["member_tiers"] = json.dumps(sorted(set(edit.member_tiers)))
        conn.execute(update(C).where(C.c.id == campaign_id)
                     .values(**values, updated_at=m.utcnow()))
        doc = campaign_row(conn, campaign_id, checked=False).campaign_doc()
        check_campaign({k: v for k, v in doc.items() if k != "rules"})
        check_rules(active_docs(conn))  # a refusal rolls the edit back
        publish(conn, campaign_id)


def end_campaign(engine: Engine, campaign_id: str) -> None:
    """End a campaign now: the tills stop applying it on their next pull."""
    with writer(engine).begin() as conn:
        _active(conn, campaign_id)
        now = m.utcnow()
        conn.execute(update(C).where(C.c.id == campaign_id)
                     .values(status="ended", ended_at=now, updated_at=now))
        publish(conn, campaign_id)


def list_campaigns(engine: Engine) -> list[dict[str, Any]]:
    """Every campaign as its stream row (rules included), newest first."""
    with engine.connect() as conn:
        ids = conn.execute(select(C.c.id).order_by(C.c.created_at.desc(), C.c.id)).scalars()
        return [campaign_row(conn, cid).model_dump() for cid in list(ids)]


def store_codes(engine: Engine) -> dict[str, str]:
    """Store id → code, to show campaigns' stores the way staff name them."""
    with engine.connect() as conn:
        return dict(conn.execute(select(STORE.c.id, STORE.c.code)).all())


def active_docs(conn: Connection) -> list[dict[str, Any]]:
    """Every active campaign in the rules format (all stores)."""
    ids = conn.execute(select(C.c.id).where(C.c.status == "active").order_by(C.c.id)).scalars()
    return [campaign_row(conn, cid, checked=False).campaign_doc() for cid in list(ids)]


def campaign_docs(conn: Connection, store_id: str, at: datetime | None = None
                  ) -> list[dict[str, Any]]:
    """The campaigns (rules format) a till of `store_id` held at UTC instant `at` (default:
    now): created by then, not ended by then, for that store or every store; rules added
    after `at` left out. HQ re-prices a pushed sale with these (`rules_from_data(
    rules_document(docs))`); the window inside each doc is the till's store-local clock."""
    at = at or m.utcnow()
    now = naive_utc(at)
    found = []
    for row in conn.execute(select(C.c.id, C.c.ended_at, C.c.created_at).order_by(C.c.id)):
        if naive_utc(row.created_at) > now or (row.ended_at is not None
                                                and naive_utc(row.ended_at) <= now):
            continue
        data = campaign_row(conn, row.id, rules_until=at)
        if data.rules and (not data.stores or store_id in data.stores):
            found.append(data.campaign_doc())
    return found

