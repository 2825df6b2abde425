"""`shopfloor-hq admin` commands of the value/identity/personal-data hardening (issue 13):

    shopfloor-hq admin merges pending | approve ID | reject ID   (held member merges)
    shopfloor-hq admin prune-payloads [--days N]   (default $SHOPFLOOR_HQ_PAYLOAD_RETENTION_DAYS,
                                                    else 90)
    shopfloor-hq admin erase-member MEMBER_ID

Registered into hq.cli's parser and action table, so they share its --database-url and
its one-line error handling.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlalchemy import Engine

from hq import member_hold_approval, member_holds, policy, retention
from hq.admin import AdminError


def add_commands(cmd: Callable[..., argparse.ArgumentParser]) -> None:
    merges = cmd("merges", help="member merges held for a person")
    merges.add_argument("verb", choices=("pending", "approve", "reject"))
    merges.add_argument("hold_id", nargs="?", type=int, default=None)
    cmd("prune-payloads", help="blank raw payloads of applied events").add_argument(
        "--days", type=int, default=None, help="keep this many days (default: the setting)")
    cmd("erase-member", "member_id", help="anonymise one member everywhere at HQ")


def actions(engine: Engine, args: argparse.Namespace) -> dict[str, Callable[[], str]]:
    return {
        "merges": lambda: _merges(engine, args.verb, args.hold_id),
        "prune-payloads": lambda: "pruned {n} payloads".format(n=retention.prune_payloads(
            engine, policy.payload_retention_days() if args.days is None else args.days)),
        "erase-member": lambda: "erased member " + retention.erase_member(
            engine, args.member_id),
    }


def _merges(engine: Engine, verb: str, hold_id: int | None) -> str:
    if verb == "pending":
        rows = member_holds.pending(engine)
        if not rows:
            return "no merges pending"
        return "\n".join(
            f"{r['id']}  {r['created_at']:%Y-%m-%d %H:%M}  member {r['member_id']} shares "
            f"{r['kinds']} with member {r['target_id']} (device {r['device_id']})"
            for r in rows)
    if hold_id is None:
        raise AdminError(f"merges {verb} needs the hold's ID (see: merges pending)")
    if verb == "approve":
        return f"merged; member {member_hold_approval.approve(engine, hold_id)} survives"
    member_holds.reject(engine, hold_id)
    return "rejected; the members stay apart"
