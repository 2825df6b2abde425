"""`shopfloor-hq`: run the HQ server, or administer its database.

    shopfloor-hq serve [--host 127.0.0.1] [--port 8700] [--database-url URL]
        [--certfile CERT.pem --keyfile KEY.pem]   (TLS; or behind a TLS proxy:)
        [--proxy-headers --forwarded-allow-ips 10.0.0.2] [--dev]  (--dev: /docs, /openapi.json)
    shopfloor-hq admin create-store CODE NAME [--address TEXT]
    shopfloor-hq admin create-terminal STORE_CODE TERMINAL_CODE [--name TEXT]
    shopfloor-hq admin enroll STORE_CODE TERMINAL_CODE [--ttl 30] [--replace]
        (prints a one-time code valid --ttl minutes; --replace: the terminal's old device is
        revoked when the new one registers)
    shopfloor-hq admin list-devices [--store CODE]
    shopfloor-hq admin revoke-terminal STORE_CODE TERMINAL_CODE   (every device of it)
    shopfloor-hq admin import-products FILE.csv
    shopfloor-hq admin create-staff STORE_CODE CODE NAME ROLE      (PIN asked twice, hidden;
        or one line on stdin with --pin-stdin — never on the command line)
    shopfloor-hq admin receive-units STORE_CODE FILE.csv   (code | gtin,serial | sku,serial)
    shopfloor-hq admin list-exceptions
    shopfloor-hq admin z-report STORE_CODE DATE [--json]   (each shift's Z: till vs HQ)
    shopfloor-hq admin kpis [--store CODE] --from DATE --to DATE [--csv | --json]   (issue 19;
        without --store: every store, one row per store and guide)
    shopfloor-hq admin kpis-rebuild [--store CODE]   (the KPI rollup, again from the events)
    shopfloor-hq admin revoke-device DEVICE_ID
    shopfloor-hq admin set-price SKU PRICE [--member-price PRICE]     (yuan)
    shopfloor-hq admin delete-product SKU
    shopfloor-hq admin deactivate-staff CODE
    shopfloor-hq admin prune-changes KEEP_AFTER_CURSOR
    shopfloor-hq admin issue-coupon MEMBER TITLE [--kind amount_off|percent_off|gift|bogo]
        [--amount YUAN] [--percent N] [--min-spend YUAN] [--days 30] [--campaign NAME]
        (MEMBER: id, phone or card number; prints the coupon's short code)
    shopfloor-hq admin set-member-days [--store CODE] [--days 8,18,28] [--weekdays 3]
        [--times 2] | [--clear]   (brand-wide, or one store's, which wins)
    shopfloor-hq admin merges pending | approve ID | reject ID
    shopfloor-hq admin prune-payloads [--days N]
    shopfloor-hq admin erase-member MEMBER_ID      (hq/cli_security.py)
    shopfloor-hq admin audit-heads [--store CODE]  (hq/audit/cli.py; docs/audit.md)
    shopfloor-hq promotions create-campaign|add-rule|list|end|try …   (hq/promotions/cli.py)

Every command takes --database-url (default $DATABASE_URL, else ./hq.db) and migrates the
database first, so a fresh file is usable straight away. Errors name the database with its
password hidden (postgresql://hq:***@db/hq).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

from hq import admin, admin_units, catalog, cli_security, coupons, settings
from hq.audit import cli as audit_cli
from hq.changes import prune_change_log
from hq.coupons import cli as coupons_cli
from hq.db import hide_secrets, open_database, resolve_url, safe_url, writer
from hq.kpis import cli as kpis_cli
from hq.promotions import cli as promotions_cli
from hq.shifts import cli as shifts_cli
from pos_app.domain.money import parse_yuan


def _yuan(text: str) -> int:
    fen = parse_yuan(text)
    if fen is None or fen < 0:
        raise argparse.ArgumentTypeError(f"not an amount: {text!r}")
    return fen


def _parser() -> argparse.ArgumentParser:
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--database-url", default=None, help="SQLAlchemy URL (default ./hq.db)")
    parser = argparse.ArgumentParser(prog="shopfloor-hq", description="Shopfloor POS HQ")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", parents=[db], help="run the HQ API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--certfile", default=None, help="TLS certificate chain (PEM)")
    serve.add_argument("--keyfile", default=None, help="TLS private key (PEM)")
    serve.add_argument("--proxy-headers", action="store_true",
                       help="trust X-Forwarded-For/Proto from --forwarded-allow-ips")
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                       help="the TLS proxy's address(es), comma-separated")
    serve.add_argument("--dev", action="store_true", help="serve /docs and /openapi.json")
    adm = sub.add_parser("admin", help="administer the HQ database").add_subparsers(
        dest="action", required=True)

    def cmd(name: str, *args: str, **help_: str) -> argparse.ArgumentParser:
        p = adm.add_parser(name, parents=[db], help=help_.get("help"))
        for a in args:
            p.add_argument(a)
        return p

    cmd("create-store", "code", "name").add_argument("--address", default="")
    cmd("create-terminal", "store_code", "terminal_code").add_argument("--name", default="")
    enroll = cmd("enroll", "store_code", "terminal_code", help="print a one-time enrollment code")
    enroll.add_argument("--ttl", type=int, default=30, help="minutes the code is valid")
    enroll.add_argument("--replace", action="store_true",
                        help="pair a new device for a terminal that has one (old one revoked)")
    cmd("list-devices", help="paired devices, live and revoked").add_argument(
        "--store", default=None)
    cmd("revoke-terminal", "store_code", "terminal_code", help="revoke every device of it")
    cmd("import-products", "file", help="CSV: sku,name_zh,name_en,barcode,price,…")
    cmd("create-staff", "store_code", "code", "name", "role").add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from one line of stdin")
    cmd("receive-units", "store_code", "file", help="CSV of unit codes shipped to a store")
    cmd("list-exceptions")
    shifts_cli.add_arguments(cmd("z-report", help="a store's Z reports of a day: till vs HQ"))
    kpis_cli.add_arguments(cmd("kpis", help="guide KPIs for a period (one store or all)"))
    kpis_cli.add_rebuild_arguments(cmd("kpis-rebuild", help="roll guide KPIs up again"))
    cmd("revoke-device", "device_id")
    price = cmd("set-price", "sku")
    price.add_argument("price", type=_yuan)
    price.add_argument("--member-price", type=_yuan, default=None)
    cmd("delete-product", "sku")
    cmd("deactivate-staff", "code")
    cmd("prune-changes", "keep_after").add_argument("--dry-run", action="store_true")
    coupon = cmd("issue-coupon", "member", "title", help="issue a coupon to a member")
    coupon.add_argument("--kind", default="amount_off", choices=coupons.KINDS)
    coupon.add_argument("--amount", type=_yuan, default=0, help="amount off, yuan")
    coupon.add_argument("--percent", type=int, default=0, help="percent off, 1-99")
    coupon.add_argument("--min-spend", type=_yuan, default=0, help="yuan")
    coupon.add_argument("--days", type=int, default=30)
    coupon.add_argument("--campaign", default="")
    days = cmd("set-member-days", help="publish the member-day calendar to the tills")
    days.add_argument("--store", default=None, help="one store's code (default: every store)")
    days.add_argument("--days", default="", help="days of the month, e.g. 8,18,28")
    days.add_argument("--weekdays", default="", help="1 = Monday … 7 = Sunday")
    days.add_argument("--times", default="2", help="points multiplier, e.g. 2 or 1.5")
    days.add_argument("--clear", action="store_true", help="withdraw it")
    cli_security.add_commands(cmd)
    audit_cli.add_commands(cmd)
    promotions_cli.add_parser(sub, db)
    coupons_cli.add_parser(sub, db)
    return parser


def _admin(args: argparse.Namespace) -> str:
    engine = open_database(args.database_url)
    actions: dict[str, Callable[[], str]] = {
        "create-store": lambda: admin.create_store(engine, args.code, args.name, args.address),
        "create-terminal": lambda: admin.create_terminal(
            engine, args.store_code, args.terminal_code, args.name),
        "enroll": lambda: admin.enroll(engine, args.store_code, args.terminal_code,
                                       timedelta(minutes=args.ttl), args.replace).code,
        "list-devices": lambda: _devices(engine, args.store),
        "revoke-terminal": lambda: _revoke_terminal(engine, args.store_code,
                                                    args.terminal_code),
        "import-products": lambda: _import(engine, args.file),
        "create-staff": lambda: admin.create_staff(
            engine, args.store_code, args.code, args.name, args.role, _ask_pin(args)),
        "receive-units": lambda: _receive(engine, args.store_code, args.file),
        "list-exceptions": lambda: _exceptions(engine),
        "revoke-device": lambda: (admin.revoke_device(engine, args.device_id), "revoked")[1],
        "set-price": lambda: (catalog.set_price(engine, args.sku, args.price,
                                                args.member_price), "ok")[1],
        "delete-product": lambda: catalog.delete_product(engine, args.sku),
        "deactivate-staff": lambda: (admin.set_staff_active(engine, args.code, False),
                                     "deactivated")[1],
        "prune-changes": lambda: _prune(engine, int(args.keep_after)),
        "issue-coupon": lambda: _issue_coupon(engine, args),
        "z-report": lambda: shifts_cli.run(engine, args),
        "kpis": lambda: kpis_cli.run(engine, args),
        "kpis-rebuild": lambda: kpis_cli.run_rebuild(engine, args),
        "set-member-days": lambda: "published " + settings.set_member_days(
            engine, None if args.clear else settings.parse_rule(
                args.days, args.weekdays, args.times), args.store),
    }
    actions.update(cli_security.actions(engine, args))
    actions.update(audit_cli.actions(engine, args))
    try:
        return actions[args.action]()
    finally:
        engine.dispose()


def _ask_pin(args: argparse.Namespace) -> str:
    """A PIN never travels on argv (ps, shell history) or in the environment."""
    if args.role not in admin.ROLES:  # say so before asking for a PIN
        raise admin.AdminError(f"role must be one of {', '.join(admin.ROLES)}")
    if args.pin_stdin:
        return sys.stdin.readline().strip()
    pin = getpass.getpass(f"PIN for staff {args.code}: ")
    if getpass.getpass("Same PIN again: ") != pin:
        raise admin.AdminError("the two PINs differ")
    return pin


def _revoke_terminal(engine, store: str, terminal: str) -> str:  # type: ignore[no-untyped-def]
    return f"revoked {admin.revoke_terminal(engine, store, terminal)} device(s)"


def _devices(engine, store: str | None) -> str:  # type: ignore[no-untyped-def]
    rows = admin.list_devices(engine, store)
    if not rows:
        return "no devices"
    return "\n".join(
        f"{r['store_code']}/{r['terminal_code']:<6} {r['id']}  "
        f"{'revoked ' + format(r['revoked_at'], '%Y-%m-%d %H:%M') if r['revoked'] else 'live'}"
        f"  paired {r['created_at']:%Y-%m-%d %H:%M}  {r['name']}"
        for r in rows)


def _import(engine, file: str) -> str:  # type: ignore[no-untyped-def]
    result = catalog.import_products(engine, Path(file))
    return f"created {result.created}, updated {result.updated}"


def _receive(engine, store_code: str, file: str) -> str:  # type: ignore[no-untyped-def]
    result = admin_units.receive_units(engine, store_code, Path(file))
    return "\n".join([f"received {len(result.received)}, problems {len(result.problems)}",
                      *result.problems])


def _exceptions(engine) -> str:  # type: ignore[no-untyped-def]
    rows = admin.list_exceptions(engine)
    if not rows:
        return "no exceptions"
    return "\n".join(
        f"{r['created_at']:%Y-%m-%d %H:%M:%S}  {r['kind']:<12}  {r['event_id']}  {r['detail']}"
        for r in rows
    )


def _issue_coupon(engine, args: argparse.Namespace) -> str:  # type: ignore[no-untyped-def]
    value = args.percent * 10 if args.kind == "percent_off" else args.amount
    issued = coupons.issue(engine, args.member, args.title, args.kind, value,
                           args.min_spend, args.days, args.campaign)
    return f"{issued.code}  coupon {issued.id} for member {issued.member_id}"


def _prune(engine, keep_after: int) -> str:  # type: ignore[no-untyped-def]
    with writer(engine).begin() as conn:
        return f"pruned {prune_change_log(conn, keep_after)} rows"


from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "serve":
            import uvicorn

            from hq.app import create_app

            if bool(args.certfile) != bool(args.keyfile):
                raise admin.AdminError("--certfile and --keyfile go together")
            app = create_app(resolve_url(args.database_url), dev=args.dev)
            uvicorn.run(app, host=args.host, port=args.port, ssl_certfile=args.certfile,
                        ssl_keyfile=args.keyfile, proxy_headers=args.proxy_headers,
                        forwarded_allow_ips=args.forwarded_allow_ips,
                        server_header=False)
            return 0
        if args.command == "coupons":
            print(coupons_cli.run(args))
            return 0
        print(promotions_cli.run(args) if args.command == "promotions" else _admin(args))
    except admin.AdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (ArgumentError, NoSuchModuleError, OperationalError) as exc:
        # A mistyped DATABASE_URL or an unreachable database: one line, no traceback.
        url = safe_url(resolve_url(args.database_url))
        print(f"error: database {url!r}: {hide_secrets(str(exc), args.database_url)}"
              .splitlines()[0], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
