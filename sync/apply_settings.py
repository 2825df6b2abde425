"""The `settings` stream into `hq_setting`, inside the puller's page transaction.

HQ decides some things for every till of a brand or a store (member days first). Keys the
till knows are validated before they are kept, so a bad row is refused (hq_bad_response)
rather than half-applied; keys it does not know yet are kept as sent, for a newer version
of the till to read. A tombstone removes the key (the till falls back to its own setting).
"""

from __future__ import annotations

import json

from pydantic import BaseModel
from sqlalchemy import Table, delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models import HqSetting
from sync.contract.envelope import Change
from sync.contract.streams_settings import MEMBER_DAYS, MemberDaysData

_T: Table = HqSetting.__table__  # type: ignore[assignment]
KNOWN: dict[str, type[BaseModel]] = {MEMBER_DAYS: MemberDaysData}  # and "<key>@<store>"


def apply_settings(session: Session, changes: list[Change]) -> tuple[int, int]:
    """Apply one page; returns (applied, 0): HQ owns these keys, nothing is pending here.
    Raises ValidationError on a known key with a bad value."""
    conn = session.connection()
    for change in changes:
        if change.op == "delete":
            conn.execute(delete(_T).where(_T.c.key == change.key))
            continue
        data = change.data or {}
        model = KNOWN.get(change.key.partition("@")[0])
        if model is not None:
            data = model.model_validate(data).model_dump()
        stmt = insert(_T).values(key=change.key, value=json.dumps(data, ensure_ascii=False),
                                 updated_at=utcnow())
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["key"], set_={"value": stmt.excluded.value,
                                          "updated_at": stmt.excluded.updated_at}))
    return len(changes), 0


def sweep_settings(session: Session, keep: set[str]) -> int:
    """After a full re-pull: forget keys HQ no longer sends (their tombstones were pruned)."""
    conn = session.connection()
    gone = [k for k in conn.execute(select(_T.c.key)).scalars() if k not in keep]
    if gone:
        conn.execute(delete(_T).where(_T.c.key.in_(gone)))
    return len(gone)


def hq_value(session: Session, key: str) -> dict | None:
    raw = session.connection().execute(select(_T.c.value).where(_T.c.key == key)).scalar()
    return None if raw is None else json.loads(raw)
