"""`shopfloor-hq coupons …`: coupons at HQ (issue 17). Each area adds its commands here.

    shopfloor-hq coupons keys new        a new signing key; it signs from now on
    shopfloor-hq coupons keys list [--json]
    shopfloor-hq coupons keys retire KEY_ID
        tills refuse its coupons after their next pull; its private key is wiped

Definitions, issuing, conflicts and the reconciliation: hq/coupons/cli_admin.py.
Keys need SHOPFLOOR_HQ_COUPON_SECRET in the environment (hq/coupons/keys.py says why).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from hq.coupons import cli_admin, keys
from hq.db import open_database


def add_parser(sub: Any, db: argparse.ArgumentParser) -> None:
    """Register `coupons` and its command groups on the top-level subparsers."""
    coupons = sub.add_parser("coupons", help="coupons: signing keys, definitions, issuing, "
                             "conflicts, reconciliation")
    groups = coupons.add_subparsers(dest="group", required=True)
    group = groups.add_parser("keys", help="the keys coupon codes are signed with")
    cmds = group.add_subparsers(dest="action", required=True)
    cmds.add_parser("new", parents=[db], help="make a signing key (the newest active signs)")
    cmds.add_parser("list", parents=[db], help="every key, active and retired").add_argument(
        "--json", action="store_true")
    cmds.add_parser("retire", parents=[db], help="stop honouring a key").add_argument(
        "key_id", type=int)
    cli_admin.add_commands(groups, db)


def run(args: argparse.Namespace) -> str:
    """Run one `coupons` command; the text to print (AdminError for a refusal)."""
    engine = open_database(args.database_url)
    try:
        if args.group == "keys":
            return _keys(engine, args)
        if args.group in cli_admin.COMMANDS:
            return cli_admin.run(engine, args)
        raise AssertionError(args.group)  # argparse allows only the groups above
    finally:
        engine.dispose()


def _keys(engine, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    if args.action == "new":
        key = keys.new_key(engine)
        return f"coupon key {key.key_id} made; it signs new coupons from now on"
    if args.action == "retire":
        key = keys.retire(engine, args.key_id)
        return (f"coupon key {key.key_id} retired: tills refuse its coupons after their "
                "next pull")
    rows = keys.list_keys(engine)
    if args.json:
        return json.dumps([{"key_id": k.key_id, "public_key": k.public_key,
                            "status": k.status, "created_at": k.created_at.isoformat(),
                            "retired_at": k.retired_at.isoformat() if k.retired_at else None}
                           for k in rows], indent=2)
    if not rows:
        return "no coupon keys yet: shopfloor-hq coupons keys new"
    return "\n".join(f"{k.key_id:>3}  {k.status:<8} {k.created_at:%Y-%m-%d %H:%M}  "
                     f"{k.public_key[:16]}…" for k in rows)
