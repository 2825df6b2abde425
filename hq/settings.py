"""Settings HQ decides for the tills (the `settings` stream): member days first.

`shopfloor-hq admin set-member-days` publishes the brand's calendar (key `member_days`, to
every store) or one store's (key `member_days@<store code>`, to that store only, winning
over the brand's); `--clear` withdraws it (a tombstone: the tills fall back to the brand's,
then to their own setting). Values are checked with the tills' own domain rule, so HQ can
never publish a calendar a till would refuse.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from sqlalchemy import Connection, Engine, select

from hq import changes
from hq import models as m
from hq.admin import AdminError, _store_id
from hq.db import writer
from pos_app.domain.member_days import MemberDays, MemberDaysError, parse_member_days
from sync.contract.streams_settings import MemberDaysData, member_days_key

STREAM = "settings"
STORE, CL = m.Store.__table__, m.ChangeLog.__table__


def set_member_days(engine: Engine, rule: MemberDays | None, store_code: str | None = None
                    ) -> str:
    """Publish (or with `rule=None` withdraw) member days; returns the key written."""
    key = member_days_key(store_code)
    with writer(engine).begin() as conn:
        store_id = _store_id(conn, store_code) if store_code else None
        if rule is None:
            changes.record(conn, STREAM, key, "delete", None, store_id=store_id)
        else:
            data = MemberDaysData.model_validate(asdict(rule)).model_dump()
            changes.record(conn, STREAM, key, "upsert", data, store_id=store_id)
    return key


def parse_rule(days: str, weekdays: str, times: str) -> MemberDays:
    """The CLI's text, read exactly as the till's settings dialog reads it."""
    try:
        return parse_member_days(days, weekdays, times)
    except MemberDaysError as exc:
        raise AdminError(exc.message()) from exc


def member_days_for(conn: Connection, store_id: str) -> MemberDays | None:
    """The calendar a till of `store_id` holds: the store's own key, else the brand's, else
    none (the latest change of each key decides; a tombstone withdraws it). HQ recomputes
    points earned with it (hq.value)."""
    code = conn.execute(select(STORE.c.code).where(STORE.c.id == store_id)).scalar()
    keys = [member_days_key(code)] if code else []
    for key in [*keys, member_days_key()]:
        row = conn.execute(select(CL.c.op, CL.c.data).where(CL.c.stream == STREAM,
                                                             CL.c.key == key)
                           .order_by(CL.c.cursor.desc()).limit(1)).first()
        if row is None or row.op == "delete" or row.data is None:
            continue
        raw = row.data if isinstance(row.data, dict) else json.loads(row.data)
        data = MemberDaysData.model_validate(raw)
        return MemberDays(tuple(data.days_of_month), tuple(data.weekdays),
                          data.multiplier_permille)
    return None
