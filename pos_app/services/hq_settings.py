"""What HQ decided for this till (the `settings` stream, table `hq_setting`).

Member days are the brand's promise to its members, so HQ's calendar wins over the till's
own setting: this store's (`member_days@<store code>`) first, then the brand's. The till's
Settings value is only used while HQ has published none (a stand-alone demo, or before the
first pull).
"""

from __future__ import annotations

import logging

from pydantic import ValidationError
from sqlalchemy import Engine

from local_db.uow import read_session
from pos_app.domain.member_days import MemberDays
from pos_app.errors import PosError
from sync.apply_settings import hq_value
from sync.contract.streams_settings import MemberDaysData, member_days_key

log = logging.getLogger(__name__)


class HqSettings:
    def __init__(self, engine: Engine, store_code: str) -> None:
        self._engine = engine
        self._store_code = store_code

    def member_days(self) -> MemberDays | None:
        """HQ's calendar for this store, or None when HQ has published none."""
        with read_session(self._engine) as session:
            for key in (member_days_key(self._store_code), member_days_key()):
                raw = hq_value(session, key)
                if raw is None:
                    continue
                try:
                    data = MemberDaysData.model_validate(raw)
                    return MemberDays(tuple(data.days_of_month), tuple(data.weekdays),
                                      data.multiplier_permille)
                except (ValidationError, PosError):  # checked when pulled; never expected
                    log.warning("HQ setting %s unreadable; ignored", key)
        return None
