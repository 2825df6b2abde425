"""A campaign on the `promotions` stream: its row, and the stores it is published to.

The stream is per store (sync.contract.streams): a campaign for every store is one change
with no store, which every till reads; a campaign for some stores is one change per store,
which only that store's tills read. When the stores change (or a campaign for every store
becomes one for some), the stores that no longer get it receive a tombstone first, then the
new scopes their upserts, so each till's last change of the key is the truth for it, and
pruning (superseded per key and store) keeps only live rows.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Connection, select

from hq import changes
from hq import models as m
from sync.contract.streams_promotions import PromotionData

STREAM = "promotions"
C, R, CL = m.Campaign.__table__, m.CampaignRule.__table__, m.ChangeLog.__table__


def _local(value: datetime | None) -> str | None:
    return None if value is None else value.replace(tzinfo=None).isoformat()


def _utc(value: datetime | None) -> str | None:
    return None if value is None else naive_utc(value).isoformat() + "+00:00"


def naive_utc(value: datetime) -> datetime:
    """A UTC instant without its zone, whichever way the database handed it back (SQLite
    naive, PostgreSQL aware in the session's zone)."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def campaign_row(conn: Connection, campaign_id: str,
                 rules_until: datetime | None = None, checked: bool = True) -> PromotionData:
    """The stream row of one campaign (validated by the contract, rules by the domain);
    `rules_until`: only the rules added by then (UTC); `checked=False`: as stored, for the
    validation that is about to judge it (hq.promotions.validation) to refuse in its words."""
    c = conn.execute(select(C).where(C.c.id == campaign_id)).one()
    rules = conn.execute(select(R.c.body, R.c.created_at).where(R.c.campaign_id == campaign_id)
                         .order_by(R.c.rule_id)).all()
    if rules_until is not None:
        until = naive_utc(rules_until)
        rules = [r for r in rules if naive_utc(r.created_at) <= until]
    build = PromotionData if checked else PromotionData.model_construct
    return build(
        id=c.id, name=c.name, status=c.status, starts_at=_local(c.starts_at),
        ends_at=_local(c.ends_at), stores=json.loads(c.stores),
        members_only=c.members_only, member_tiers=json.loads(c.member_tiers),
        holdout_permille=c.holdout_permille, rules=[json.loads(r.body) for r in rules],
        ended_at=_utc(c.ended_at), updated_at=_utc(c.updated_at) or "")


def _live_scopes(conn: Connection, campaign_id: str) -> set[str | None]:
    """The store scopes (None = every store) whose latest change of the campaign is an upsert."""
    last: dict[str | None, str] = {}
    for store_id, op in conn.execute(
            select(CL.c.store_id, CL.c.op).where(CL.c.stream == STREAM,
                                                 CL.c.key == campaign_id)
            .order_by(CL.c.cursor)):
        last[store_id] = op
    return {scope for scope, op in last.items() if op == "upsert"}


def publish(conn: Connection, campaign_id: str) -> None:
    """Publish the campaign as it now is, in the caller's transaction."""
    row = campaign_row(conn, campaign_id)
    scopes: list[str | None] = list(row.stores) or [None]
    for gone in sorted(_live_scopes(conn, campaign_id) - set(scopes), key=str):
        changes.record(conn, STREAM, campaign_id, "delete", None, store_id=gone)
    data = row.model_dump()
    for scope in scopes:
        changes.record(conn, STREAM, campaign_id, "upsert", data, store_id=scope)
