"""`shopfloor-hq coupons …` for definitions, issuing, conflicts and reconciliation (17-B):

    shopfloor-hq coupons define CAMPAIGN KIND TITLE --from ISO --until ISO
        [--amount YUAN | --percent N | --gift-sku SKU | --sku SKU …] [--min-spend YUAN]
        [--store CODE …] [--per-member N] [--quantity N]
        [--offline deny|allow|allow_under] [--offline-under YUAN]
    shopfloor-hq coupons definitions [--campaign ID]
    shopfloor-hq coupons issue DEFINITION MEMBER      (id, phone, unionid or card)
    shopfloor-hq coupons issue-segment DEFINITION [--tier T] [--tag TAG]
    shopfloor-hq coupons conflicts [--json]
    shopfloor-hq coupons reconcile [--campaign ID …] [--store CODE] [--json | --csv FILE]

Issuing signs with HQ's newest active key (SHOPFLOOR_HQ_COUPON_SECRET, hq/coupons/keys.py).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from hq import models as m
from hq.admin import AdminError
from hq.coupons import definitions, issuing, reconcile_query
from pos_app.domain.money import parse_yuan

COMMANDS = ("define", "definitions", "issue", "issue-segment", "conflicts", "reconcile")


def _yuan(text: str) -> int:
    try:
        return parse_yuan(text)
    except Exception as exc:  # the domain's refusal, said as argparse says it
        raise argparse.ArgumentTypeError(f"not an amount in yuan: {text!r}") from exc


def add_commands(groups: Any, db: argparse.ArgumentParser) -> None:
    d = groups.add_parser("define", parents=[db], help="add a coupon definition to a campaign")
    d.add_argument("campaign")
    d.add_argument("kind", choices=definitions.KINDS)
    d.add_argument("title")
    d.add_argument("--from", dest="valid_from", type=datetime.fromisoformat, required=True)
    d.add_argument("--until", dest="valid_until", type=datetime.fromisoformat, required=True)
    d.add_argument("--amount", type=_yuan, default=0, help="amount off, yuan")
    d.add_argument("--percent", type=int, default=0, help="percent off, 1-99")
    d.add_argument("--min-spend", type=_yuan, default=0, help="yuan")
    d.add_argument("--gift-sku")
    d.add_argument("--sku", action="append", default=[], help="a bogo product (repeat)")
    d.add_argument("--store", action="append", default=[], help="store code (repeat)")
    d.add_argument("--per-member", type=int, default=1, help="0: no limit")
    d.add_argument("--quantity", type=int, default=0, help="total; 0: no limit")
    d.add_argument("--offline", choices=definitions.POLICIES, default="deny")
    d.add_argument("--offline-under", type=_yuan, default=0, help="yuan, for allow_under")
    groups.add_parser("definitions", parents=[db], help="list definitions").add_argument(
        "--campaign")
    i = groups.add_parser("issue", parents=[db], help="issue one coupon to a member")
    i.add_argument("definition")
    i.add_argument("member")
    s = groups.add_parser("issue-segment", parents=[db], help="issue to a tier and/or a tag")
    s.add_argument("definition")
    s.add_argument("--tier")
    s.add_argument("--tag")
    groups.add_parser("conflicts", parents=[db], help="coupons redeemed twice").add_argument(
        "--json", action="store_true")
    r = groups.add_parser("reconcile", parents=[db], help="the reconciliation report")
    r.add_argument("--campaign", action="append", default=[])
    r.add_argument("--store")
    r.add_argument("--json", action="store_true")
    r.add_argument("--csv", type=Path)


def run(engine: Engine, args: argparse.Namespace) -> str:
    if args.group == "define":
        value = args.amount if args.kind == "amount_off" else args.percent
        return definitions.define(engine, definitions.NewDefinition(
            campaign_id=args.campaign, kind=args.kind, title=args.title,
            valid_from=args.valid_from, valid_until=args.valid_until, value=value,
            min_spend=args.min_spend, gift_sku=args.gift_sku, bogo_skus=tuple(args.sku),
            stores=tuple(args.store), per_member_limit=args.per_member,
            total_quantity=args.quantity, offline=args.offline,
            offline_under=args.offline_under))
    if args.group == "definitions":
        return "\n".join(f"{d['id']}  {d['campaign_id']}  {d['kind']:<11} {d['title']}  "
                         f"issued {d['issued']}/{d['total_quantity'] or '∞'}  "
                         f"offline {d['offline']}"
                         for d in definitions.list_definitions(engine, args.campaign))
    if args.group == "issue":
        got = issuing.issue(engine, args.definition, args.member)
        return f"{got.short_code}  coupon {got.id} for member {got.member_id}\n{got.signed_code}"
    if args.group == "issue-segment":
        n, skipped = issuing.issue_segment(engine, args.definition, args.tier, args.tag)
        return f"issued {n}" + "".join(f"; {k}: {v}" for k, v in sorted(skipped.items()))
    if args.group == "conflicts":
        rows = reconcile_query.conflicts(engine)
        if args.json:
            return json.dumps(rows, ensure_ascii=False, indent=2)
        return "\n".join(f"{c['coupon']}  first {_side(c['first'])}  |  "
                         f"again {_side(c['conflict'])}" for c in rows) or "no coupon conflicts"
    return _reconcile(engine, args)


def _side(s: dict[str, Any] | None) -> str:
    if s is None:
        return "-"
    return (f"{s['store']} {s['receipt']} guide {s['guide'] or '-'} unit {s['unit'] or '-'} "
            f"{s['redeemed_at'][:19]}")


def _reconcile(engine: Engine, args: argparse.Namespace) -> str:
    store_id = None
    if args.store:
        with engine.connect() as conn:
            store_id = conn.execute(select(m.Store.__table__.c.id).where(
                m.Store.__table__.c.code == args.store)).scalar()
        if store_id is None:
            raise AdminError(f"unknown store {args.store!r}")
    rep = reconcile_query.report(engine, args.campaign or None, store_id)
    if args.csv:
        args.csv.write_text(reconcile_query.csv_text(rep), encoding="utf-8")
        return f"wrote {args.csv}"
    if args.json:
        return rep.model_dump_json(indent=2)
    lines = [f"{'campaign':<20} {'guide':<14} iss clm onl off cnf out cpn unt ok"]
    lines += [f"{r.campaign_id[:20]:<20} {(r.guide_id or '-')[:14]:<14} {r.issued:>3} "
              f"{r.claimed:>3} {r.redeemed_online:>3} {r.redeemed_offline:>3} "
              f"{r.conflicts:>3} {r.gifts_handed_out:>3} {r.gift_coupons_redeemed:>3} "
              f"{r.units_gifted:>3} {'yes' if r.balanced else 'NO'}" for r in rep.rows]
    lines += [f"MISMATCH {x.kind}: campaign {x.campaign_id or '-'} guide {x.guide_id or '-'} "
              f"coupon {x.coupon_id or '-'} unit {x.unit_code or '-'} — {x.detail}"
              for x in rep.mismatches]
    lines.append("balanced" if rep.balanced else f"{len(rep.mismatches)} mismatch(es)")
    return "\n".join(lines)
