"""The member look-up's name search runs off the GUI thread (issue 15): right after a first
download of a million members the name index is still being built and a search may scan
unindexed names, so the dialog searches on a worker once typing pauses, keeps the GUI
thread free meanwhile, drops an answer for an older text, and says name search is partial
until the index is whole. Real demo store (SQLite file, services), real Qt widgets
offscreen, real key events; the workers are held busy to catch the search in flight."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from local_db import member_bulk_index
from local_db.uow import write_session
from pos_app.services.members import MemberService
from tests.ui.demo_shop import signed_in_demo
from ui.dialogs.member_lookup import MemberLookupDialog
from ui.tasks import pending_tasks, run_task

WORKERS = 4  # ui.tasks' pool


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


def _open(shop, qtbot) -> MemberLookupDialog:  # type: ignore[no-untyped-def]
    dialog = MemberLookupDialog(shop.till)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: pending_tasks() == 0)  # the index state asked as it opens
    return dialog


def test_the_partial_note_shows_only_while_the_index_is_built(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert not _open(shop, qtbot).partial_note.isVisible()
    with write_session(shop.engine) as session:  # a first download's first members page
        member_bulk_index.begin_bulk(session.connection())
    dialog = _open(shop, qtbot)
    assert dialog.partial_note.isVisible()
    assert "still being built" in dialog.partial_note.text()


def test_typing_a_name_keeps_the_gui_free_drops_a_stale_answer_and_arrows_enter_pick(
        shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    members = MemberService(shop.engine, shop.till.terminal)
    members.enroll("王芳", "13800000001", shop.till.staff)
    members.enroll("王伟", "13800000002", shop.till.staff)
    with write_session(shop.engine) as session:
        member_bulk_index.begin_bulk(session.connection())
    dialog = _open(shop, qtbot)
    shown: list[int] = []  # every list the dialog displayed, by its length
    dialog.results.model().rowsInserted.connect(lambda *_a: shown.append(dialog.results.count()))
    gate = threading.Event()
    for _ in range(WORKERS):  # every worker busy: a search stays in flight until the gate opens
        run_task(lambda: gate.wait(30))
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    try:
        QTest.keyClicks(dialog.query, "wang", delay=10)
        qtbot.waitUntil(lambda: pending_tasks() == WORKERS + 1)  # asked once typing paused
        assert dialog.status.text() == "Searching…" and dialog.results.count() == 0
        before = len(ticks)
        qtbot.wait(120)
        assert len(ticks) > before  # the GUI thread runs while the search is out
        QTest.keyClicks(dialog.query, "f")  # a newer text: the answer for "wang" is stale
        qtbot.waitUntil(lambda: pending_tasks() == WORKERS + 2)
    finally:
        gate.set()
        timer.stop()
    qtbot.waitUntil(lambda: pending_tasks() == 0)
    assert dialog.results.count() == 1 and "王芳" in dialog.results.item(0).text()
    assert max(shown) == 1  # the two-hit answer for "wang" was never shown
    assert dialog.status.text() == "1 found: ↑/↓ then Enter"
    assert dialog.partial_note.isVisible()

    QTest.keyClick(dialog.query, Qt.Key.Key_Backspace)  # back to "wang": both are found
    qtbot.waitUntil(lambda: dialog.results.count() == 2)
    second = dialog.results.item(1).data(Qt.ItemDataRole.UserRole)
    QTest.keyClick(dialog.query, Qt.Key.Key_Down)
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)
    assert dialog.chosen is not None and dialog.chosen.id == second.id


def test_enter_before_the_answer_searches_at_once_and_says_when_none_is_found(
        shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(shop, qtbot)
    QTest.keyClicks(dialog.query, "zhaoyun")
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)  # within the typing pause
    qtbot.waitUntil(lambda: dialog.message.kind == "error")
    assert "No member matches" in dialog.message.text()
    assert dialog.results.count() == 0 and dialog.isVisible()
