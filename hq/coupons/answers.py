"""Idempotent answers of the coupon APIs: the first answer to (scope, caller, key) is kept
and given again to every retry; the same key with a different request is refused.

Why a table and not a cache: the answer must outlive HQ restarts and be shared by every HQ
worker, and it commits in the same transaction as what it answers (the redemption or the
claim), so a retry can never see a redemption without its answer or the reverse.
"""

from __future__ import annotations

import hashlib
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import Connection, insert, select

from hq import models as m

ANSWER = m.CouponAnswer.__table__
A = TypeVar("A", bound=BaseModel)


def request_hash(request: BaseModel) -> str:
    return hashlib.sha256(request.model_dump_json().encode()).hexdigest()


def stored(conn: Connection, scope: str, caller: str, key: str, digest: str,
           model: type[A]) -> A | bool | None:
    """The answer kept for this key; False when the key came with another request."""
    row = conn.execute(select(ANSWER.c.request_hash, ANSWER.c.answer).where(
        ANSWER.c.scope == scope, ANSWER.c.caller == caller, ANSWER.c.key == key)).first()
    if row is None:
        return None
    if row.request_hash != digest:
        return False
    return model.model_validate_json(row.answer)


def keep(conn: Connection, scope: str, caller: str, key: str, digest: str,
         answer: BaseModel) -> None:
    """Raises IntegrityError when a concurrent request with this key committed first."""
    conn.execute(insert(ANSWER), {"scope": scope, "caller": caller[:64], "key": key,
                                  "request_hash": digest, "answer": answer.model_dump_json(),
                                  "created_at": m.utcnow()})
