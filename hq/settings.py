"""Settings HQ decides for the tills (the `settings` stream): member days first.

`shopfloor-hq admin set-member-days` publishes the brand's calendar (key `member_days`, to
every store) or one store's (key `member_days@<store code>`, to that store only, winning
over the brand's); `--clear` withdraws it (a tombstone: the tills fall back to the brand's,
then to their own setting). Values are checked with the tills' own domain rule, so HQ can
never publish a calendar a till would refuse.
"""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Engine

from hq import changes
from hq.admin import AdminError, _store_id
from hq.db import writer
from pos_app.domain.member_days import MemberDays, parse_member_days
from pos_app.errors import PosError
from sync.dto import MemberDaysData, member_days_key

STREAM = "settings"


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
    except PosError as exc:
        raise AdminError(exc.message()) from exc
