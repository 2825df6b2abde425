"""Drive the demo UI through a sale and save screenshots (run under xvfb-run to see real windows).

Usage: xvfb-run -a -s "-screen 0 1700x900x24" .venv/bin/python scripts/ui_snapshot.py OUT_DIR [LANG]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from pos_app.app import build
from ui.main import create_window


def pump(ms: int) -> None:
    """Run the event loop for `ms`; QTest.qWait keeps the GIL in PySide6 6.12 and starves
    the printing thread, an event loop does not."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    lang = sys.argv[2] if len(sys.argv) > 2 else "zh_CN"
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", tempfile.mkdtemp())
    container = build(Path(tempfile.mkdtemp()) / "demo", demo=True)
    container.settings.update(None, language=lang)  # the language is anyone's
    app = QApplication.instance() or QApplication(sys.argv)
    window = create_window(container, app)
    window.show_all()

    def shot(name: str) -> None:
        pump(300)
        screen = app.primaryScreen()
        screen.grabWindow(0).save(str(out / f"{name}.png"))

    def script() -> None:
        shot("01-signin")
        window.signin.code_edit.setText("1001")
        window.signin.pin_edit.setText("1111")
        QTimer.singleShot(400, lambda: (shot("02-open-shift"),
                                        app.activeModalWidget().submit()))
        window.signin.submit()
        for code in ("6901234567892", "6901234567892", *container.demo_barcodes[1:4]):
            window.sale.handle_scan(code)
        window.sale.handle_scan("6901234567890")
        shot("03-sale")

        def in_pay() -> None:
            dialog = app.activeModalWidget()
            shot("04-pay")
            dialog.amount_edit.setText("500")
            dialog.add_tender()

        QTimer.singleShot(400, in_pay)
        window.pay()
        pump(800)
        shot("05-after-sale")
        app.quit()

    QTimer.singleShot(500, script)
    app.exec()


if __name__ == "__main__":
    main()
