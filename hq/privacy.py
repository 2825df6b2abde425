"""Least privilege for members' personal data at HQ (issue 13): what a till may look up,
what it sees, how often, and the audit row each look-up leaves.

- **Search** only by an exact identifier (member id from an SFM code, phone, card, openid,
  unionid, e-shop id) or by a name together with the phone's last four digits ("陈静 1234"
  or "1234 陈静", the till's own form). Anything else — a fragment of a name, one or two
  characters — is refused with `search_too_broad` before the database is asked. At most
  `policy.SEARCH_LIMIT` answers.
- **Masking.** A member outside the asking store's region (home store, or a store where it
  bought: hq.members.region) comes back without phone, birthday, openid/unionid/e-shop ids
  and coupons, until a sale at that store attaches it; then the `members` stream brings the
  full row.
- **Purchase history** only of members of the store's region.
- **Quotas** per device (hq.policy.lookup_quota), counted from the audit rows themselves,
  so they hold across HQ workers: over quota → HTTP 429 with Retry-After.
- **Audit**: one `member_access` row per look-up and per history read: device, store, how
  the till asked, the member ids answered. Never the query text.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select

from hq import members, policy
from hq import models as m
from hq.auth import DeviceInfo

ACCESS, MEMBER, IDENT = m.MemberAccess.__table__, m.Member.__table__, m.MemberIdentifier.__table__
_IDENTIFIER = re.compile(r"[A-Za-z0-9_\-:.@+=]{3,128}")
_NAME_LAST4 = (re.compile(r"(?P<name>.*?\S)[\s,，]+(?P<last4>\d{4})"),
               re.compile(r"(?P<last4>\d{4})[\s,，]+(?P<name>\S.*)"))
HIDDEN_KINDS = ("phone", "openid", "unionid", "eshop")


class QueryTooBroadError(ValueError):
    """The query is neither an identifier nor a name with the phone's last four digits."""


def classify(q: str) -> tuple[str, str, str]:
    """(how, value, last4): how is `name_last4` or `identifier`; QueryTooBroadError otherwise."""
    q = " ".join(q.split())
    for pattern in _NAME_LAST4:
        found = pattern.fullmatch(q)
        if found and not found["name"].isdigit():
            return "name_last4", found["name"], found["last4"]
    if _IDENTIFIER.fullmatch(q):
        return "identifier", q, ""
    raise QueryTooBroadError(q)


def retry_after(conn: Connection, device: DeviceInfo) -> int:
    """0, or the seconds until this device has a look-up left (per minute, per hour)."""
    now = m.utcnow()
    for limit, window in zip(policy.lookup_quota(), (timedelta(minutes=1), timedelta(hours=1)),
                             strict=True):
        used = conn.execute(select(func.count(), func.min(ACCESS.c.at)).where(
            ACCESS.c.device_id == device.id, ACCESS.c.at > now - window,
            ACCESS.c.how != "throttled")).one()
        if used[0] >= limit:
            oldest = members._utc(used[1])
            return max(1, int((oldest + window - now).total_seconds()) + 1)
    return 0


def audit(conn: Connection, device: DeviceInfo, action: str, how: str,
          member_ids: list[str]) -> None:
    conn.execute(insert(ACCESS), {"device_id": device.id, "store_id": device.store_id,
                                  "action": action, "how": how,
                                  "member_ids": json.dumps(member_ids), "at": m.utcnow()})


def search(conn: Connection, device: DeviceInfo, how: str, value: str, last4: str
           ) -> list[dict[str, Any]]:
    """The members a classified query names, survivors only, masked where they must be."""
    if how == "name_last4":
        ids = list(conn.execute(
            select(MEMBER.c.id).where(func.lower(MEMBER.c.name) == value.lower(),
                                      MEMBER.c.phone.like(f"%{last4}"),
                                      MEMBER.c.merged_into.is_(None))
            .order_by(MEMBER.c.id).limit(policy.SEARCH_LIMIT + 1)).scalars())
    else:
        exact = [members.resolve(conn, value)] + [members.resolve(conn, mid) for mid in
                                                  conn.execute(select(IDENT.c.member_id).where(
                                                      IDENT.c.kind.in_(members.IDENT_KINDS),
                                                      IDENT.c.value == value)).scalars()]
        ids = list(dict.fromkeys(mid for mid in exact if mid))
    return [shown(conn, device, mid) for mid in ids[:policy.SEARCH_LIMIT]]


def in_region(conn: Connection, device: DeviceInfo, member_id: str) -> bool:
    return device.store_id in members.region(conn, member_id)


def shown(conn: Connection, device: DeviceInfo, member_id: str) -> dict[str, Any]:
    """The member's row as this device may see it."""
    data = members.member_data(conn, member_id)
    if in_region(conn, device, member_id):
        return data
    return {**data, "phone": None, "birthday": None, "coupons": [],
            "identifiers": [i for i in data["identifiers"] if i["kind"] not in HIDDEN_KINDS]}
