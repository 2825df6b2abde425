"""Personal data HQ stops keeping (issue 13): raw payloads pruned after a retention period,
and one member erased on request.

- `prune_payloads(days)`: the raw JSON of APPLIED events (accepted, or conflict: applied with
  a flag) received more than `days` ago is replaced by `{}`. The applied rows (sales,
  members, ledger) are the record; the payload's hash stays, so a late replay is still
  told apart from a true retry. Rejected events keep their payload: nothing was applied,
  and it is all a manager has to follow up with.
- `erase_member(id)`: the member and every record merged into it lose name, phone, card,
  birthday, gender, tags, identifiers and coupons' link to a person; the raw payloads of
  events naming it (or its phone, card, openid…) are replaced by `{"erased": true}`; the
  `members` change-log rows that carried its data are rewritten with the anonymised row,
  and the tills get an anonymised upsert. Sales, returns, points and spend stay: the books
  must still add up.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import Connection, Engine, or_, select, update

from hq import members
from hq import models as m
from hq.admin import AdminError
from hq.db import writer

EV, MEMBER = m.Event.__table__, m.Member.__table__
IDENT, CL = m.MemberIdentifier.__table__, m.ChangeLog.__table__
COUPON = m.Coupon.__table__
PRUNED, ERASED = "{}", json.dumps({"erased": True})
ERASED_NAME = "(erased)"


def prune_payloads(engine: Engine, days: int) -> int:
    """Blank the raw payloads of applied events older than `days`; returns how many."""
    if days < 0:
        raise AdminError("days must be 0 or more")
    cutoff = m.utcnow() - timedelta(days=days)
    with writer(engine).begin() as conn:
        return int(conn.execute(update(EV).where(
            EV.c.received_at < cutoff, EV.c.status.in_(("accepted", "conflict")),
            EV.c.payload.not_in((PRUNED, ERASED))).values(payload=PRUNED)).rowcount)


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def erase_member(engine: Engine, member_id: str) -> str:
    """Anonymise one member everywhere at HQ; returns the erased survivor's id."""
    with writer(engine).begin() as conn:
        survivor = members.resolve(conn, member_id)
        if survivor is None:
            raise AdminError(f"unknown member {member_id}")
        ids = _family(conn, survivor)
        rows = conn.execute(select(MEMBER.c.phone, MEMBER.c.card_no).where(
            MEMBER.c.id.in_(ids))).all()
        needles = set(ids) | {v for r in rows for v in r if v} | set(conn.execute(
            select(IDENT.c.value).where(IDENT.c.member_id.in_(ids))).scalars())
        conn.execute(IDENT.delete().where(IDENT.c.member_id.in_(ids)))
        conn.execute(update(MEMBER).where(MEMBER.c.id.in_(ids)).values(
            name=ERASED_NAME, phone=None, card_no=None, birthday=None, gender="", tags="[]",
            owner_guide_id=None, consent=False, marketing_consent=False,
            updated_at=m.utcnow()))
        conn.execute(update(COUPON).where(COUPON.c.member_id.in_(ids),
                                          COUPON.c.status == "open").values(status="void"))
        naming = or_(*(EV.c.payload.like(_like(n), escape="\\") for n in sorted(needles)))
        conn.execute(update(EV).where(naming).values(payload=ERASED))
        for mid in ids:  # older rows a till may still pull carry the anonymised row too
            data = json.dumps(members.member_data(conn, mid), ensure_ascii=False,
                              sort_keys=True)
            conn.execute(update(CL).where(CL.c.stream == members.STREAM, CL.c.key == mid,
                                          CL.c.op == "upsert").values(data=data))
        members.publish(conn, survivor)
    return survivor


def _family(conn: Connection, survivor: str) -> list[str]:
    """The survivor and every id merged into it (directly: merges flatten chains)."""
    merged = conn.execute(select(MEMBER.c.id).where(MEMBER.c.merged_into == survivor)
                          ).scalars().all()
    return [survivor, *merged]
