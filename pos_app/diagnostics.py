"""`shopfloor classify`: show how the till would read scanned codes, for support calls.

Prints JSON so a support engineer can paste the output into a ticket unchanged.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pos_app.domain.codes import Classified, classify
from pos_app.errors import PosError
from pos_app.i18n import gettext

_ALWAYS = ("gtin", "serial", "lot", "sku")
_WHEN_SET = ("member_ref", "coupon", "sale_id", "receipt_no", "barcode")


def _as_dict(code: str, result: Classified) -> dict:
    out: dict = {"input": code, "kind": str(result.kind)}
    for key in _ALWAYS:
        out[key] = getattr(result, key)
    out["expiry"] = result.expiry.isoformat() if result.expiry else None
    out["error"] = result.error or None
    for key in _WHEN_SET:
        value = getattr(result, key)
        if value is not None:
            out[key] = value
    return out


def classify_json(codes: list[str]) -> list[dict]:
    """One dict per input, in order, with the keys the CLI prints."""
    return [_as_dict(code, classify(code, "any")) for code in codes]


def classify_cli(codes: list[str]) -> int:
    """Print one JSON object per line; always succeeds (an unreadable code is an answer)."""
    for row in classify_json(codes):
        print(json.dumps(row, ensure_ascii=False))
    return 0


def receive_units_cli(data_dir: Path, path: Path, manager_code: str) -> int:
    """`shopfloor receive-units FILE --manager CODE`: 0 all in stock, 1 some refused, 2 none."""
    import getpass

    from local_db.database import open_database
    from pos_app.domain.permissions import Action
    from pos_app.services.approvals import check
    from pos_app.services.terminal_setup import TerminalSetupService
    from pos_app.services.till import TillServices

    engine = open_database(data_dir / "terminal.db")
    try:
        terminal = TerminalSetupService(engine).current()
        if terminal is None:
            raise PosError("terminal_not_set_up")
        services = TillServices.build(engine, terminal, None)
        # Asked, never from argv or the environment (other users' `ps`, /proc/*/environ); a
        # script pipes it in on stdin.
        pin = getpass.getpass("PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
        manager = check(services.auth.sign_in(manager_code, pin), Action.RECEIVE_UNITS)
        report = services.units.import_units_csv(path, manager)
    finally:
        engine.dispose()
    for problem in report.problems:
        print(f"{problem.code}: {problem.message}", file=sys.stderr)
    print(gettext("{count} units are now in stock.").format(count=len(report.received)))
    if not report.received and report.problems:
        return 2
    return 1 if report.problems else 0



def hq_trust_cli(data_dir: Path, ca_file: str, key_pin: str) -> int:
    """`shopfloor hq-trust --ca-file F --key-pin P`: whom this till trusts as HQ (TLS)."""
    from local_db.database import open_database
    from pos_app.services.sync_service import SyncService

    engine = open_database(data_dir / "terminal.db")
    try:
        service = SyncService(engine)
        service.set_trust(ca_file, key_pin)
        ca, pin = service.trust()
    finally:
        engine.dispose()
    print(gettext("HQ is trusted with CA file: {ca}; pinned key: {pin}").format(
        ca=ca or gettext("the system's CAs"), pin=pin or gettext("none")))
    return 0
