"""`shopfloor` command line: the app itself, the demo, and support jobs as subcommands."""

from __future__ import annotations

import argparse
import gc
import logging
import logging.handlers
import os
import sys
import tempfile
from pathlib import Path

from pos_app import i18n
from pos_app.errors import PosError
from pos_app.services.settings import default_data_dir, load_settings


def _prepare_environment(data_dir: Path | None) -> None:
    """python-escpos writes a capabilities pickle on import: point it at a writable dir."""
    cache = (data_dir or Path(tempfile.gettempdir())) / "escpos-cache"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:  # a full or read-only disk: devices.printer._escpos finds another place
        return
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))


class _LogFile(logging.handlers.RotatingFileHandler):
    """A log file that cannot be written (full disk) is said once on stderr, not as a
    traceback per record: the till's own message about the disk must stay readable."""

    _told = False

    def handleError(self, record: logging.LogRecord) -> None:
        from pos_app.i18n import _

        if not self._told:
            self._told = True
            print(_("The log file {path} cannot be written (is the disk full?).").format(
                path=self.baseFilename), file=sys.stderr)


def _configure_logging(data_dir: Path) -> None:
    """Rotating log per data dir; force=True because python-escpos calls basicConfig."""
    logs = data_dir / "logs"
    handler: logging.Handler
    try:
        logs.mkdir(parents=True, exist_ok=True)
        handler = _LogFile(
            logs / "shopfloor.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:  # a full disk must not stop the till from saying so: log to stderr
        handler = logging.StreamHandler()
    logging.basicConfig(
        level=logging.INFO,
        handlers=[handler],
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        force=True,
    )


def _parser() -> argparse.ArgumentParser:
    """The full parser, its help texts in the language already set (built after
    `_early_language`, so `--lang zh_CN --help` answers in Chinese: tester 20 #8)."""
    from pos_app.i18n import _

    parser = argparse.ArgumentParser(prog="shopfloor", description=_("Shopfloor POS"))
    parser.add_argument("--demo", action="store_true", help=_("run the seeded demo store"))
    parser.add_argument("--data-dir", type=Path, help=_("where the store's files live"))
    parser.add_argument("--lang", choices=i18n.SUPPORTED, help=_("language for this run"))
    sub = parser.add_subparsers(dest="command")
    pt = sub.add_parser("print-test", help=_("print a test receipt and report the result"))
    pt.add_argument("--printer", required=True,
                    help=_("printer URL, e.g. tcp://10.0.0.5:9100"))
    pt.add_argument("--columns", type=int, default=48, choices=(32, 42, 48))
    ip = sub.add_parser("import-products", help=_("import a CSV/XLSX catalog into this store"))
    ip.add_argument("file", type=Path)
    ru = sub.add_parser("receive-units", help=_("put a delivery of unit codes (CSV) in stock"))
    ru.add_argument("file", type=Path, help=_("CSV: code, or gtin+serial, or sku+serial"))
    ru.add_argument("--manager", required=True,
                    help=_("manager's staff code (PIN asked, or one line on stdin)"))
    tr = sub.add_parser("hq-trust", help=_("the CA file and pinned key this till trusts HQ with"))
    tr.add_argument("--ca-file", default="",
                    help=_("PEM of HQ's CA ('' = the system's CAs)"))
    tr.add_argument("--key-pin", default="", help=_("SHA-256 of HQ's public key ('' = none)"))
    one_line = _("one JSON object per line (default)")
    cl = sub.add_parser("classify", help=_("say what each code is (product, unit, member …)"))
    cl.add_argument("--json", action="store_true", help=one_line)
    cl.add_argument("codes", nargs="+")
    de = sub.add_parser("decode", help=_("read the barcodes in image files"))
    de.add_argument("--json", action="store_true", help=one_line)
    de.add_argument("images", nargs="+", type=Path)
    pr = sub.add_parser("promotions", help=_("campaign rules: preview a cart priced by them"))
    trial = pr.add_subparsers(dest="action", required=True).add_parser(
        "try", help=_("price a cart (JSON) with rules (JSON), as the till and HQ do"))
    trial.add_argument("--rules", required=True, type=Path,
                       help=_("rules JSON (docs/promotions.md)"))
    trial.add_argument("--cart", required=True, type=Path,
                       help=_("cart JSON (docs/promotions.md)"))
    trial.add_argument("--json", action="store_true", help=_("canonical JSON (priced_json)"))
    from pos_app import maintenance_cli  # backup, restore, recover, self-test

    maintenance_cli.add_parsers(sub)
    return parser


def _early_language(argv: list[str] | None) -> None:
    """Set the language before the full parser's texts are built: `--lang`, else, for a
    subcommand or `--help`, the till's own (its settings under --data-dir / --demo). The
    till's window itself (no command) sets its language from its settings as before."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--demo", action="store_true")
    early.add_argument("--data-dir", type=Path)
    early.add_argument("--lang")
    known, rest = early.parse_known_args(argv)
    if known.lang in i18n.SUPPORTED:
        i18n.set_language(known.lang)
    elif rest and known.lang is None:  # a command, or --help: the till's language
        data_dir = known.data_dir or (default_data_dir() / ("demo" if known.demo else "store"))
        language = _till_language(data_dir)
        if language:
            i18n.set_language(language)


def main(argv: list[str] | None = None) -> int:
    _early_language(argv)
    args = _parser().parse_args(argv)
    data_dir = args.data_dir or (default_data_dir() / ("demo" if args.demo else "store"))
    # audit verify only reads: it must leave a wrong or empty --data-dir as it found it
    _prepare_environment(None if args.command == "audit" else data_dir)
    language = args.lang or (_till_language(data_dir) if args.command else None)
    if language:
        i18n.set_language(language)
    try:
        if args.command == "print-test":
            from devices.printer.cli import print_test

            return print_test(args.printer, args.columns)
        if args.command == "import-products":
            return _import_products(data_dir, args.file)
        if args.command == "receive-units":
            from pos_app.diagnostics import receive_units_cli

            return receive_units_cli(data_dir, args.file, args.manager)
        if args.command == "hq-trust":
            from pos_app.diagnostics import hq_trust_cli

            return hq_trust_cli(data_dir, args.ca_file, args.key_pin)
        if args.command == "promotions":
            from pos_app.services.pricing.preview import preview

            print(preview(args.rules, args.cart, args.json))
            return 0
        if args.command == "classify":
            from pos_app.diagnostics import classify_cli

            return classify_cli(args.codes)
        if args.command == "decode":
            from devices.camera.cli import decode_cli

            return decode_cli([str(p) for p in args.images])
        if args.command in ("backup", "restore", "recover", "self-test", "audit"):
            from pos_app.maintenance_cli import dispatch

            return dispatch(args, data_dir)
        _configure_logging(data_dir)
        # The till's start builds ~100k long-lived objects (models, tables, widgets): the
        # cycle collector walking them again and again is ~0.1 s of a start a person waits
        # for. Off until the first frame is up; ui.startup turns it back on (issue 15).
        gc.disable()
        from pos_app.app import run

        try:
            return run(data_dir, demo=args.demo, language=args.lang)
        except PosError as exc:
            _show_start_failure(exc.message())
            raise
    except PosError as exc:
        print(exc.message(), file=sys.stderr)
        return 2


def _till_language(data_dir: Path) -> str | None:
    """The till's screen language (its settings), so a support command on an English till
    answers in English (tester, 20-L2); None without a settings file: i18n's default. Read
    only — `audit verify` leaves a wrong --data-dir as it found it."""
    path = data_dir / "settings.json"
    return load_settings(path).language if path.is_file() else None


def _show_start_failure(message: str) -> None:
    """Started from a menu there is no terminal to read stderr: say it in a window too."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.name == "nt"):
        return
    try:
        from ui.main import show_fatal

        show_fatal(message)
    except Exception:  # the stderr line is still printed by the caller
        logging.getLogger(__name__).exception("could not show the start-up failure")


def _import_products(data_dir: Path, path: Path) -> int:
    from local_db.database import open_database
    from pos_app.services.catalog_import import run_import_cli

    engine = open_database(data_dir / "terminal.db")
    try:
        return run_import_cli(engine, path)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
