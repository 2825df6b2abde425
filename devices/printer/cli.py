"""`shopfloor print-test`: print the test page and report failure as one translated line."""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from collections.abc import Sequence

from devices.printer.ops import SUPPORTED_COLUMNS
from devices.printer.printer import ReceiptPrinter
from pos_app.errors import PosError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PRINTER_FAILED = 2


def print_test(url: str, columns: int = 48) -> int:
    """Print the test page on `url`; 0 when it printed, 2 with one line on stderr if not."""
    try:
        ReceiptPrinter(url, columns).print_test_page()
    except PosError as error:
        print(error.message(), file=sys.stderr)
        return EXIT_PRINTER_FAILED
    except Exception:  # the CLI promises one line, never a traceback
        ref = uuid.uuid4().hex[:8]
        log.debug("print-test failed, ref %s", ref, exc_info=True)
        print(PosError("internal", ref=ref).message(), file=sys.stderr)
        return EXIT_PRINTER_FAILED
    return EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The print-test options, for the app's `shopfloor print-test` sub-command."""
    parser.add_argument(
        "--printer",
        required=True,
        help="tcp://host:9100, usb://VID:PID, "
        "serial:///dev/ttyS0?baud=19200, file:///path, win32://Name, virtual:",
    )
    parser.add_argument(
        "--columns",
        type=int,
        default=48,
        help=f"paper width in columns: {', '.join(map(str, SUPPORTED_COLUMNS))}",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shopfloor print-test")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return print_test(args.printer, args.columns)


if __name__ == "__main__":
    sys.exit(main())
