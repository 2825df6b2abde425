"""`shopfloor-hq promotions …`: campaigns at HQ, and the preview HQ staff check them with.

    shopfloor-hq promotions create-campaign NAME [--id ID] [--starts 2026-12-12T00:00]
        [--ends 2026-12-13] [--store CODE ...] [--members-only] [--tier gold ...]
        [--holdout-permille 0]                    (prints the campaign id)
    shopfloor-hq promotions add-rule CAMPAIGN_ID (RULE_JSON | --file RULE.json)
    shopfloor-hq promotions edit-campaign CAMPAIGN_ID [--name N] [--starts T] [--ends T]
        [--store CODE ... | --all-stores] [--holdout-permille N] [--members-only | --everyone]
        [--tier T ... | --all-tiers]
    shopfloor-hq promotions list [--json]
    shopfloor-hq promotions end CAMPAIGN_ID
    shopfloor-hq promotions try --rules RULES.json --cart CART.json [--json]
    shopfloor-hq promotions roi [CAMPAIGN_ID ...] [--store CODE] [--json | --csv FILE]
        (what each campaign earned: hq/promotions/roi_cli.py)

Times are store-local (ISO 8601, no offset); stores are codes (none: every store). `try`
needs no database: it prints `priced_json` of the cart priced with the rules, the same bytes
the till's `shopfloor promotions try` prints. docs/promotions.md has both JSON formats.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hq.admin import AdminError
from hq.db import open_database
from hq.promotions import roi_cli, service
from hq.promotions.validation import refused
from pos_app.domain.pricing import CART_RULES
from pos_app.domain.promotions import (
    PromotionError,
    parse_cart,
    parse_rules,
    price_promotions,
    priced_json,
    priced_reading,
)


def add_parser(sub: Any, db: argparse.ArgumentParser) -> None:
    """Register `promotions` and its commands on the top-level subparsers."""
    promo = sub.add_parser("promotions", help="campaigns at HQ, and their preview")
    cmds = promo.add_subparsers(dest="action", required=True)
    create = cmds.add_parser("create-campaign", parents=[db], help="a new active campaign")
    create.add_argument("name")
    create.add_argument("--id", default=None, help="the campaign id (default: generated)")
    create.add_argument("--starts", default=None, help="store-local, e.g. 2026-12-12T00:00")
    create.add_argument("--ends", default=None, help="store-local, exclusive")
    create.add_argument("--store", action="append", default=[], help="a store code (repeat)")
    create.add_argument("--members-only", action="store_true")
    create.add_argument("--tier", action="append", default=[],
                        help="members of this tier only: regular, silver, gold, diamond")
    create.add_argument("--holdout-permille", type=int, default=0,
                        help="share of members held back for the ROI report (0-1000)")
    rule = cmds.add_parser("add-rule", parents=[db], help="add a rule (JSON) to a campaign")
    rule.add_argument("campaign")
    rule.add_argument("rule", nargs="?", default=None, help="the rule as JSON text")
    rule.add_argument("--file", default=None, help="a file holding the rule's JSON")
    edit = cmds.add_parser("edit-campaign", parents=[db], help="change an active campaign")
    edit.add_argument("campaign")
    edit.add_argument("--name", default=None)
    edit.add_argument("--starts", default=None, help='store-local; "" for no start')
    edit.add_argument("--ends", default=None, help='store-local; "" for no end')
    edit.add_argument("--store", action="append", default=None, help="a store code (repeat)")
    edit.add_argument("--all-stores", action="store_true", help="every store again")
    edit.add_argument("--holdout-permille", type=int, default=None)
    who = edit.add_mutually_exclusive_group()
    who.add_argument("--members-only", action="store_true", default=None)
    who.add_argument("--everyone", action="store_false", dest="members_only")
    edit.add_argument("--tier", action="append", default=None, help="a tier (repeat)")
    edit.add_argument("--all-tiers", action="store_true", help="no tier restriction")
    listing = cmds.add_parser("list", parents=[db], help="campaigns and their rules")
    listing.add_argument("--json", action="store_true")
    cmds.add_parser("end", parents=[db], help="end a campaign now").add_argument("campaign")
    trial = cmds.add_parser("try", help="price a cart with rules (no database)")
    trial.add_argument("--rules", required=True, help="RULES.json")
    trial.add_argument("--cart", required=True, help="CART.json")
    trial.add_argument("--json", action="store_true", help="canonical JSON (priced_json)")
    roi_cli.add_parser(cmds, db)


def run(args: argparse.Namespace) -> str:
    """The text to print for `promotions <action>`; AdminError on a refusal."""
    if args.action == "try":
        return preview(Path(args.rules), Path(args.cart), args.json)
    if args.action == "roi":
        return roi_cli.run(args)
    engine = open_database(args.database_url)
    actions: dict[str, Callable[[], str]] = {
        "create-campaign": lambda: service.create_campaign(engine, service.NewCampaign(
            name=args.name, starts_at=args.starts, ends_at=args.ends,
            store_codes=tuple(args.store), members_only=args.members_only,
            member_tiers=tuple(args.tier), holdout_permille=args.holdout_permille,
            id=args.id)),
        "add-rule": lambda: "added rule " + service.add_rule(
            engine, args.campaign, _rule_json(args.rule, args.file)),
        "edit-campaign": lambda: (service.edit_campaign(engine, args.campaign, _edit(args)),
                                  "edited")[1],
        "list": lambda: _listing(service.list_campaigns(engine), args.json,
                                 service.store_codes(engine)),
        "end": lambda: (service.end_campaign(engine, args.campaign), "ended")[1],
    }
    try:
        return actions[args.action]()
    finally:
        engine.dispose()


def _edit(args: argparse.Namespace) -> service.CampaignEdit:
    if args.all_stores and args.store:
        raise AdminError("--store and --all-stores go separately")
    if args.all_tiers and args.tier:
        raise AdminError("--tier and --all-tiers go separately")
    stores = () if args.all_stores else tuple(args.store) if args.store else None
    tiers = () if args.all_tiers else tuple(args.tier) if args.tier else None
    return service.CampaignEdit(name=args.name, starts_at=args.starts, ends_at=args.ends,
                                store_codes=stores, holdout_permille=args.holdout_permille,
                                members_only=args.members_only, member_tiers=tiers)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AdminError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _rule_json(text: str | None, file: str | None) -> Any:
    if (text is None) == (file is None):
        raise AdminError("give the rule as JSON text or with --file, one of the two")
    raw = _read(Path(file)) if file is not None else text
    try:
        return json.loads(raw or "")
    except (ValueError, UnicodeDecodeError) as exc:
        raise refused(PromotionError("promo_rules_unreadable", detail=str(exc))) from None


def _listing(rows: list[dict[str, Any]], as_json: bool, codes: dict[str, str]) -> str:
    if as_json:
        return json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=2)
    if not rows:
        return "no campaigns"
    out = []
    for c in rows:
        window = f"{c['starts_at'] or '…'} → {c['ends_at'] or '…'}"
        stores = ",".join(sorted(codes.get(s, s) for s in c["stores"])) or "all stores"
        who = "members" if c["members_only"] else "everyone"
        if c["member_tiers"]:
            who = "tiers " + ",".join(c["member_tiers"])
        out.append(f"{c['id']}  {c['status']:<6}  {c['name']}  {window}  {stores}  {who}"
                   f"  holdout {c['holdout_permille']}‰")
        out.extend(f"    {r.get('id')}  {r.get('kind')}  priority {r.get('priority', 1)}"
                   f"{'  group ' + r['group'] if r.get('group') else ''}"
                   f"{'  not stackable' if r.get('stackable') is False else ''}"
                   for r in c["rules"])
    return "\n".join(out)


def preview(rules_path: Path, cart_path: Path, as_json: bool) -> str:
    """Price a preview cart with rules exactly as the tills do (docs/promotions.md)."""
    try:
        rules = parse_rules(_read(rules_path))
        cart, context = parse_cart(_read(cart_path))
    except PromotionError as exc:
        raise refused(exc) from None
    priced = price_promotions(cart, [*CART_RULES, *rules], context)
    text = priced_json(priced, rules)
    return text if as_json else priced_reading(text)
