"""`shopfloor backup | restore FILE | recover | self-test | audit verify`: the store file's
care, by hand.

Each prints one translated line per fact and exits 0 when all went well, 1 when the job
could not be done (self-test: some check failed), 2 on a refusal the message explains.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pos_app.errors import PosError
from pos_app.i18n import _, ngettext


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """The subcommands, their help in the language already set (built after cli's
    `_early_language`, as the rest of `shopfloor --help`); argparse's own words ("usage:",
    "options:") stay as argparse writes them."""
    sub.add_parser("backup", help=_("make a checked copy of the store file now"))
    rs = sub.add_parser("restore", help=_("put a backup back without losing a sale"))
    rs.add_argument("file", type=Path, help=_("the backup file to put back"))
    rs.add_argument("--offline", action="store_true",
                    help=_("restore without asking HQ for the numbers it already holds"))
    rs.add_argument("--discard-unsent", action="store_true",
                    help=_("replace a store file that still holds unsent events"))
    sub.add_parser("recover", help=_("save what a damaged store file holds into a fresh one"))
    st = sub.add_parser("self-test", help=_("check database, backups, devices and HQ"))
    st.add_argument("--json", action="store_true", help=_("one JSON object per check"))
    au = sub.add_parser("audit", help=_("the audit trail (docs/audit.md)")).add_subparsers(
        dest="audit_action", required=True)
    av = au.add_parser("verify",
                       help=_("name the first changed, missing or inserted audit row"))
    av.add_argument("--against-hq", action="store_true",
                    help=_("also check the rows HQ holds heads for (paired tills)"))
    av.add_argument("--json", action="store_true", help=_("one JSON object"))


COMMANDS = ("backup", "restore", "recover", "self-test", "audit")


def dispatch(args: argparse.Namespace, data_dir: Path) -> int:
    """Run one of COMMANDS; PosError propagates to the CLI's one-line handler."""
    if args.command == "backup":
        return _backup(data_dir)
    if args.command == "restore":
        return _restore(data_dir, args.file, args.offline, args.discard_unsent)
    if args.command == "recover":
        return _recover(data_dir)
    if args.command == "audit":
        return _audit_verify(data_dir / "terminal.db", args.against_hq, args.json)
    return _self_test(data_dir, args.json)


def _backup(data_dir: Path) -> int:
    from local_db.database import preflight
    from pos_app.services.backups import BackupService

    service = BackupService(data_dir)
    preflight(service.db_path)  # a damaged or foreign file is named, not copied
    made = service.backup_now()
    print(_("Backup written and checked: {path} ({size} KB).").format(
        path=made.path, size=made.size // 1024))
    return 0


def _restore(data_dir: Path, file: Path, offline: bool, discard_unsent: bool) -> int:
    from pos_app.services.backups import restore

    report = restore(data_dir, file, offline=offline, discard_unsent=discard_unsent)
    print(_("Restored {path}.").format(path=report.backup))
    if report.moved_aside is not None:
        print(_("The file it replaced was kept as {path}.").format(path=report.moved_aside))
    n = report.numbers
    print(_("Receipt numbers continue after {receipt:06d}; returns after {ret:06d}.").format(
        receipt=n.receipt_seq, ret=n.return_seq))
    if report.source == "hq":
        print(ngettext("{n} event HQ does not hold was queued again.",
                       "{n} events HQ does not hold were queued again.",
                       report.requeued).format(n=report.requeued))
    elif offline:
        print(_("HQ was not asked: numbers used after this backup may be used again."))
    print(ngettext("{n} event will be sent at the next sync.",
                   "{n} events will be sent at the next sync.",
                   report.pending).format(n=report.pending))
    return 0


def _recover(data_dir: Path) -> int:
    from pos_app.services.backups import recover

    report = recover(data_dir)
    print(_("Recovered into a fresh store file; the damaged one was kept as {path}.").format(
        path=report.damaged_kept))
    before = "?" if report.pending_before is None else str(report.pending_before)
    print(_("Unsent events saved: {saved} (the damaged file showed {before}).").format(
        saved=report.pending_saved, before=before))
    for table, lost in sorted(report.unreadable.items()):
        if lost < 0:
            print(_("Table {table} could not be read at all.").format(table=table))
        else:
            print(ngettext("Table {table}: {n} row could not be read.",
                           "Table {table}: {n} rows could not be read.", lost).format(
                table=table, n=lost))
    print(_("Receipt numbers continue after {receipt:06d}.").format(
        receipt=report.numbers.receipt_seq))
    return 0


def _self_test(data_dir: Path, as_json: bool) -> int:
    from pos_app.services.selftest import run_checks

    results = run_checks(data_dir)
    for r in results:
        if as_json:
            print(json.dumps({"check": r.name, "status": r.status, "reason": r.reason},
                             ensure_ascii=False))
        else:
            print(f"{r.status.upper():4}  {r.label}: {r.reason}")
    sys.stdout.flush()
    return 1 if any(r.status == "fail" for r in results) else 0


def _audit_verify(db: Path, against_hq: bool, as_json: bool) -> int:
    """Exit 0 when the chain holds (and agrees with HQ, if asked), 1 on a break; a data
    folder with no store file is a refusal (exit 2), not a broken chain (tester 10)."""
    from local_db.database import preflight
    from pos_app.services import audit

    if not db.is_file():
        raise PosError("audit_no_store", path=str(db))
    preflight(db)  # no store file, or not a database: the one-line refusal
    report = audit.verify_file(db)
    compared = audit.compare_with_hq(db) if against_hq and report.ok else None
    if as_json:
        broken = report.broken or (compared.disagreement if compared else None)
        print(json.dumps({
            "ok": report.ok and (compared is None or compared.ok), "rows": report.count,
            "keyed": report.keyed, "head_seq": report.head.seq, "head_hash": report.head.hash,
            "hq_heads": compared.heads if compared else None,
            "broken": None if broken is None else {
                "kind": broken.kind, "seq": broken.seq, "action": broken.action,
                "at": broken.at, "message": broken.message()},
        }, ensure_ascii=False))
    elif report.broken is not None:
        print(report.broken.message())
    else:
        print(ngettext("The audit chain holds: {n} row, {k} sealed with this terminal's key.",
                       "The audit chain holds: {n} rows, {k} sealed with this terminal's key.",
                       report.count).format(n=report.count, k=report.keyed))
        if compared is not None:
            print(compared.disagreement.message() if compared.disagreement else ngettext(
                "HQ's {n} head agrees with it.", "HQ's {n} heads agree with it.",
                compared.heads).format(n=compared.heads))
    sys.stdout.flush()
    return 0 if report.ok and (compared is None or compared.ok) else 1
