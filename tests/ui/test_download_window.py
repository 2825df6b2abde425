"""The first download's window (issue 15): a till freshly paired with a real HQ holding
products and members opens it without taking the keyboard, it keeps a line per stream with
the rows received (ticked once complete), "Hide" puts it away for the rest of the download,
and the sale screen rings up scans meanwhile; it closes when the download is over."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bench.sync import _load_products
from bench.sync_full import _fresh_till, _load_members
from hq import admin
from pos_app.app import build
from pos_app.services.settings import Settings, save_settings
from sync.status import SyncStatus
from tests.hq.server import run_hq_server
from tests.ui.conftest import wait_until
from tests.ui.test_sale_flow import scan_with_wedge, sign_in_by_keyboard
from ui.main import create_window
from ui.widgets.download_progress import DownloadProgress


def test_stream_lines_tick_and_hide_stays_hidden(qtbot) -> None:
    window = DownloadProgress()
    qtbot.addWidget(window)
    window.follow(SyncStatus(state="syncing", stream="products", stream_label="Products",
                             rows=2000, more=True))
    assert window.isVisible()
    assert window.stream_text("products") == "Products 2,000 received…"
    window.follow(SyncStatus(state="syncing", stream="products", stream_label="Products",
                             rows=3000, more=False))
    window.follow(SyncStatus(state="syncing", stream="members", stream_label="Members",
                             rows=2000, more=True))
    assert window.stream_text("products") == "Products 3,000 received ✓"
    assert window.stream_text("members") == "Members 2,000 received…"
    qtbot.mouseClick(window.hide_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    window.follow(SyncStatus(state="syncing", stream="members", stream_label="Members",
                             rows=4000, more=True))
    assert not window.isVisible()  # put away for the rest of the download
    assert window.stream_text("members") == "Members 4,000 received…"


def test_paired_till_sells_while_the_first_download_runs(tmp_path: Path, qtbot) -> None:
    hq_db = tmp_path / "hq.db"
    with run_hq_server(f"sqlite:///{hq_db}") as hq:
        store_id = admin.create_store(hq.engine, "S01", "Store")
        admin.create_staff(hq.engine, "S01", "1001", "赵敏", "cashier", "1111")
        _load_products(hq.engine, 2_000)
        _load_members(hq.engine, store_id, 20_000, 3)
        data_dir = tmp_path / "till"
        data_dir.mkdir()
        save_settings(data_dir / "settings.json", Settings(language="en",
                                                           printer_url="virtual:download"))
        _fresh_till(data_dir, hq.url, hq_db)
        container = build(data_dir)
        window = create_window(container, QApplication.instance())
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        assert window.download is not None
        download = window.download
        wait_until(lambda: download.stream_text("staff") != "", 30_000)
        assert window.isActiveWindow() or not download.isActiveWindow()  # never the keyboard
        sign_in_by_keyboard(window, "1001", "1111")
        wait_until(lambda: download.stream_text("members") != "", 60_000)
        assert download.stream_text("products") == "Products 2,000 received ✓"
        qtbot.mouseClick(download.hide_button, Qt.MouseButton.LeftButton)
        window.activateWindow()
        scan_with_wedge("6901234567892")  # the till's own product, while members arrive
        wait_until(lambda: window.sale.cart_table.rowCount() == 1, 5_000)
        assert not download.isVisible()
        wait_until(lambda: window.download is None, 120_000)  # closed when it is over
        # the shift's event starts another round: it ends online too
        wait_until(lambda: container.sync.status.state == "online", 60_000)
        container.sync.stop()
