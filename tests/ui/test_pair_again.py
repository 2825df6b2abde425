"""Pairing a new PC as a terminal HQ already knows: the dialog says the receipts continue
after HQ's last number, and the till's first receipt is the next one. Real HQ over HTTP."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from hq import admin
from local_db.database import open_database
from pos_app.services.sync_service import SyncService
from tests.hq.server import run_hq_server
from tests.sync.helpers import sell
from tests.sync.hq_world import paired_till
from tests.sync.test_identity_continuity import _as_world, _sync
from tests.ui.conftest import on_next_modal, wait_until
from ui.dialogs.pairing import PairingDialog


def test_pairing_as_a_used_terminal_says_where_the_numbers_continue(tmp_path, qtbot):
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        old = paired_till(hq, tmp_path, "T01")
        sell(_as_world(old), 3)
        _sync(old)
        old.engine.dispose()
        code = admin.enroll(hq.engine, "S01", "T01", replace=True).code

        engine = open_database(tmp_path / "new-pc" / "terminal.db")
        dialog = PairingDialog(SyncService(engine))
        qtbot.addWidget(dialog)
        dialog.hq_url.setText(hq.url)
        dialog.code.setText(code)
        seen = {}

        def read_and_close(box) -> None:
            seen["text"] = box.text()
            seen["buttons"] = {b.text() for b in box.buttons()}
            QTest.keyClick(box, Qt.Key.Key_Return)  # "OK Enter"

        on_next_modal(read_and_close, attempts=500)
        dialog.pair()
        wait_until(lambda: dialog.result() == 1, 15_000)
        assert "S01/T01 was used before" in seen["text"]
        assert seen["buttons"] == {"OK Enter"}
        assert "S01-T01-000003" in seen["text"]
        with engine.connect() as conn:
            assert conn.execute(text(
                "SELECT value FROM sequence WHERE name LIKE 'receipt:%'")).scalar() == 3
        engine.dispose()
