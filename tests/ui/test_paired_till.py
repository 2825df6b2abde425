"""A new till paired with a real HQ: pairing dialog, sign-in with HQ staff, sale, sync badge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from hq import admin
from hq.catalog import import_products
from local_db.database import open_database
from pos_app.app import build
from pos_app.services.settings import Settings, save_settings
from pos_app.services.sync_service import SyncService
from tests.hq.server import run_hq_server
from tests.ui.conftest import on_next_modal, press, pump, wait_until
from tests.ui.test_sale_flow import scan_with_wedge, sign_in_by_keyboard
from ui.dialogs.pairing import PairingDialog
from ui.main import create_window


def seed_hq(hq, tmp_path: Path) -> str:
    hq.ensure_terminal("S07", "T03")
    admin.create_staff(hq.engine, "S07", "1001", "赵敏", "cashier", "1111")
    admin.create_staff(hq.engine, "S07", "9001", "钱进", "manager", "9999")
    catalog = tmp_path / "hq.csv"
    catalog.write_text(
        "sku,name_zh,name_en,barcode,price\nHQ-1,农夫山泉 550ml,Spring water,6901234567892,2.00\n",
        "utf-8",
    )
    import_products(hq.engine, catalog)
    return admin.enroll(hq.engine, "S07", "T03").code


def test_pair_then_sell_and_the_sale_reaches_hq(tmp_path, qtbot):
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        code = seed_hq(hq, tmp_path)
        data_dir = tmp_path / "till"
        save_settings(data_dir / "settings.json", Settings(language="en",
                                                           printer_url="virtual:paired"))
        engine = open_database(data_dir / "terminal.db")
        dialog = PairingDialog(SyncService(engine))
        qtbot.addWidget(dialog)
        dialog.hq_url.setText("http://127.0.0.1:1")  # wrong address first: a clear message
        dialog.code.setText(code)
        dialog.pair()
        wait_until(lambda: dialog.message.kind == "error", 10_000)
        assert "HQ" in dialog.message.text()
        dialog.hq_url.setText(hq.url)
        dialog.pair()
        wait_until(lambda: dialog.result() == 1, 10_000)
        engine.dispose()

        container = build(data_dir)
        assert container.till.terminal.store_code == "S07"
        window = create_window(container, QApplication.instance())
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        wait_until(lambda: container.sync.status.state == "online", 15_000)
        window.activateWindow()
        wait_until(window.isActiveWindow)
        wait_until(lambda: window.download is None)  # the first download's window closed
        wait_until(lambda: container.sync.status.state == "online", 15_000)
        assert window.status.sync_badge.badge.text() == "online"

        sign_in_by_keyboard(window, "1001", "1111")
        scan_with_wedge("6901234567892")
        wait_until(lambda: len(window.till.cart.lines) == 1)
        on_next_modal(lambda d: press(d.amount_edit, Qt.Key.Key_Return))
        press(QApplication.focusWidget(), Qt.Key.Key_F12)
        sale_id = window.till.sale.last_sale.sale_id

        def hq_has_sale() -> bool:
            with hq.engine.connect() as conn:
                return bool(conn.execute(text("SELECT count(*) FROM sale WHERE id = :i"),
                                         {"i": sale_id}).scalar())

        wait_until(hq_has_sale, 15_000)
        wait_until(lambda: container.sync.status.queued == 0, 10_000)
        pump(50)
        window.close()
        app = QApplication.instance()
        app.removeEventFilter(app.wedge_filter)
        app.wedge_filter = None
        container.engine.dispose()
