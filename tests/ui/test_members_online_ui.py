"""A paired till and a real HQ, by keystrokes: F11 finds a member enrolled at another store
by asking HQ; once she bought here the profile shows her coupons and adds HQ's history from
every store; a member HQ merges during a sale (a person approved it) is followed by the
sale and the screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hq import member_hold_approval, member_holds
from hq.coupons import issue
from local_db.database import open_database
from pos_app.app import build
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.members import MemberService
from pos_app.services.pairing import pair_with_hq
from pos_app.services.settings import Settings, save_settings
from tests.hq.builders import enrol, member_sale, push
from tests.hq.server import HQServer, run_hq_server
from tests.hq.test_members import T0
from tests.sync.hq_world import seed_hq
from tests.ui.conftest import on_modal_of, press, pump, wait_until
from tests.ui.test_sale_flow import sign_in_by_keyboard, type_like_a_person
from ui.dialogs.member_lookup import MemberLookupDialog
from ui.dialogs.member_profile import MemberProfileDialog
from ui.main import create_window
from ui.tasks import pending_tasks

PHONE = "13712345678"


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HQServer]:
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as server:
        seed_hq(server, tmp_path)
        yield server


@pytest.fixture
def elsewhere(hq: HQServer) -> str:
    """林晓, enrolled and buying at store S02: not in this till's (S01) region."""
    device = hq.register("S02", "T01")
    ev = enrol("林晓", PHONE, T0)
    push(hq, device, ev)
    push(hq, device, member_sale(device, ev["entity_id"], "S02-T01-000001", earned=127,
                                 created_at=(T0 + timedelta(days=1)).isoformat()))
    return ev["entity_id"]


@pytest.fixture
def paired_window(hq: HQServer, tmp_path: Path, qtbot):
    data_dir = tmp_path / "till"
    save_settings(data_dir / "settings.json", Settings(language="en", printer_url="virtual:m"))
    engine = open_database(data_dir / "terminal.db")
    pair_with_hq(engine, hq.url, hq.enroll("S01", "T01"), "till")
    engine.dispose()
    container = build(data_dir)
    window = create_window(container, QApplication.instance())
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    wait_until(lambda: container.sync.status.state == "online", 15_000)
    wait_until(lambda: window.download is None, 15_000)
    window.activateWindow()
    wait_until(window.isActiveWindow)
    sign_in_by_keyboard(window)
    yield window, container
    window.close()
    app = QApplication.instance()
    if getattr(app, "wedge_filter", None) is not None:
        app.removeEventFilter(app.wedge_filter)
        app.wedge_filter = None
    container.engine.dispose()


def test_f11_finds_a_member_of_another_store_at_hq(paired_window, elsewhere):
    window, container = paired_window

    def type_phone(dialog) -> None:
        type_like_a_person(PHONE)
        press(dialog.query, Qt.Key.Key_Return)

    on_modal_of(MemberLookupDialog, type_phone)
    press(QApplication.focusWidget(), Qt.Key.Key_F11)
    wait_until(lambda: window.till.sale.member is not None, 15_000)
    assert window.till.cart.member_id == elsewhere
    assert window.sale.member_panel.name_label.text() == "林晓"
    assert "127 points" in window.sale.member_panel.detail_label.text()
    # kept on the till: the next look-up needs no HQ
    assert MemberService(container.engine, window.till.terminal).lookup(PHONE).id == elsewhere


def test_profile_lists_coupons_and_adds_hq_history(paired_window, hq, elsewhere):
    """Another store's member shows no coupons and no HQ history until she buys here;
    after a sale here HQ treats her as this store's member too."""
    window, container = paired_window
    issue(hq.engine, PHONE, "满100减20", value=2000, min_spend=10000, days=10)
    window.till.members.attach(window.till.members.find_online(PHONE)[0])
    assert window.till.members.profile(elsewhere).coupons == []
    window.till.sale.ring("6901234567892")
    window.till.sale.complete([Tender(TenderKind.CASH, window.till.sale.totals().total)])
    container.sync.sync_now()
    wait_until(lambda: window.till.members.profile(elsewhere).coupons != [], 20_000)
    dialog = MemberProfileDialog(window.till, window.till.members.profile(elsewhere), window)
    dialog.show()
    wait_until(lambda: dialog.history.rowCount() == 2 and dialog.history.item(1, 2) is not None
               and dialog.history.item(1, 2).text() == "Store S02", 15_000)
    assert dialog.history_note.text() == "this till and HQ"
    coupon = dialog.coupons.item(0).text()
    assert "满100减20" in coupon and "¥20.00 off over ¥100.00" in coupon
    dialog.close()
    pump(20)


def test_sale_follows_a_member_hq_merges_mid_sale(paired_window, hq, elsewhere):
    window, container = paired_window
    # the customer says she is new; the till enrols her (same phone as at S02) and sells
    member = window.till.members.enroll("林晓", PHONE)
    window.till.members.attach(member)
    window.sale.member_attached(member)
    assert window.till.cart.member_id == member.id
    container.sync.sync_now()
    # S02's member is not this store's: HQ holds the merge for a person, who approves it
    wait_until(lambda: member_holds.pending(hq.engine) != [], 20_000)
    member_hold_approval.approve(hq.engine, member_holds.pending(hq.engine)[0]["id"])
    container.sync.sync_now()
    wait_until(lambda: window.till.cart.member_id == elsewhere, 20_000)
    assert window.till.sale.member.id == elsewhere and not window.till.sale.member.provisional
    assert window.sale.member_panel.name_label.text() == "林晓"
    assert "127 points" in window.sale.member_panel.detail_label.text()
    assert "HQ merged this member" in window.sale.message.text()


def test_a_profile_closed_before_hq_answers_is_left_alone(paired_window, elsewhere):
    """HQ's late answer must not touch a deleted dialog (no error, nothing shown)."""
    window, _container = paired_window
    member = window.till.members.find_online(PHONE)[0]
    for _ in range(3):
        dialog = MemberProfileDialog(window.till, window.till.members.profile(member.id), window)
        dialog.show()
        dialog.close()
        dialog.deleteLater()
    wait_until(lambda: pending_tasks() == 0, 15_000)
    pump(50)


def test_panel_shows_hq_confirming_a_new_member_without_redrawing_the_cart(paired_window):
    window, container = paired_window
    member = window.till.members.enroll("新会员", "13600001111")
    window.till.members.attach(member)
    window.sale.member_attached(member)
    panel = window.sale.member_panel
    assert "not yet confirmed by HQ" in panel.detail_label.text()
    container.sync.sync_now()
    wait_until(lambda: "not yet confirmed" not in panel.detail_label.text(), 20_000)
    assert window.till.sale.member.id == member.id and not window.till.sale.member.provisional
