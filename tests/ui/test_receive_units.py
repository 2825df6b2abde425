"""A manager receives a delivery by scanning or typing unit codes, each line naming its
product, a mis-scan dropped with Del; a cashier cannot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import db_rows, on_modal_of, on_next_modal, press, wait_until
from tests.ui.test_sale_flow import scan_with_wedge, sign_in_by_keyboard, type_like_a_person

SKU = "DIG-0010"  # the demo's tracked earbuds; SFU:<sku>:<serial> is a unit code


def open_receive(window, action) -> dict:
    seen: dict = {}
    on_next_modal(lambda dialog: action(dialog, seen))
    window.sale.buttons["receive"].click()
    return seen


def lines(dialog) -> list[str]:
    return [dialog.listing.item(i).text() for i in range(dialog.listing.count())]


def test_manager_scans_a_delivery_into_stock(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")
    assert window.sale.buttons["receive"].isVisibleTo(window)

    def in_dialog(dialog, seen) -> None:
        scan_with_wedge("(01)06966014000105(21)NEW100")
        wait_until(lambda: len(dialog.codes) == 1)
        seen["lines"] = lines(dialog)
        seen["count"] = dialog.count.text()
        scan_with_wedge("(01)06966014000105(21)NEW100")  # twice: said at once, kept once
        wait_until(lambda: dialog.message.kind == "error")
        seen["dup"] = dialog.message.text()
        scan_with_wedge("SFU:NO-SUCH-SKU:1")  # refused at once, with the reason, not listed
        wait_until(lambda: "NO-SUCH-SKU" in dialog.message.text())
        seen["unknown"] = dialog.message.text()
        seen["codes"] = list(dialog.codes)
        dialog.receive()
        seen["message"] = dialog.message.text()
        dialog.accept()

    seen = open_receive(window, in_dialog)
    assert len(seen["lines"]) == 1 and "NEW100" in seen["lines"][0]
    assert "·" in seen["lines"][0] and seen["lines"][0].split("·")[1].strip()  # product name
    assert seen["count"] == "1 unit to receive"
    assert "scanned already" in seen["dup"]
    assert "No product in the catalog" in seen["unknown"]
    assert seen["codes"] == ["(01)06966014000105(21)NEW100"]
    assert seen["message"] == "1 unit is now in stock."
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT state FROM unit WHERE serial = 'NEW100'") == [("in_stock",)]
    assert QApplication.activeModalWidget() is None


def test_a_code_typed_from_the_label_is_entered_with_enter(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")
    name = db_rows(container.data_dir / "terminal.db",
                   "SELECT p.name_en FROM product p JOIN barcode b ON b.product_id = p.id"
                   " WHERE b.code = '6966014000105'")[0][0]

    def in_dialog(dialog, seen) -> None:
        dialog.code_edit.setFocus()
        wait_until(lambda: QApplication.focusWidget() is dialog.code_edit)
        for serial in ("T1", "T2", "T3"):
            type_like_a_person(f"SFU:{SKU}:{serial}")
            press(QApplication.focusWidget(), Qt.Key.Key_Return)
            seen.setdefault("field", []).append(dialog.code_edit.text())
        seen["lines"] = lines(dialog)
        seen["count"] = dialog.count.text()
        seen["open"] = dialog.isVisible()  # Enter in the field never closed or received
        dialog.receive()
        seen["message"] = dialog.message.text()
        dialog.accept()

    seen = open_receive(window, in_dialog)
    assert seen["field"] == ["", "", ""]
    assert seen["lines"] == [f"SFU:{SKU}:{s}  ·  {name}" for s in ("T1", "T2", "T3")]
    assert seen["count"] == "3 units to receive" and seen["open"]
    assert seen["message"] == "3 units are now in stock."


def test_a_mis_scan_is_dropped_with_del_before_receiving(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")

    def in_dialog(dialog, seen) -> None:
        for serial in ("D1", "D2"):
            dialog.code_edit.setText(f"SFU:{SKU}:{serial}")
            dialog.enter_typed()
        dialog.listing.setFocus()
        dialog.listing.setCurrentRow(0)
        seen["remove"] = dialog.remove_button.text()
        press(dialog.listing, Qt.Key.Key_Delete)
        seen["lines"] = lines(dialog)
        seen["count"] = dialog.count.text()
        seen["said"] = dialog.message.text()
        press(dialog.listing, Qt.Key.Key_Delete)  # the last one too: nothing left to receive
        seen["receivable"] = dialog.receive_button.isEnabled()
        seen["empty_count"] = dialog.count.text()
        dialog.accept()

    seen = open_receive(window, in_dialog)
    assert seen["remove"] == "Remove line Del"  # the key the button says
    assert len(seen["lines"]) == 1 and seen["lines"][0].startswith(f"SFU:{SKU}:D2")
    assert seen["count"] == "1 unit to receive" and "D1 removed" in seen["said"]
    assert not seen["receivable"] and seen["empty_count"] == "0 units to receive"
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT count(*) FROM unit WHERE serial IN ('D1', 'D2')") == [(0,)]


def test_the_receive_button_is_for_managers_only(make_window):
    window, _container = make_window()
    sign_in_by_keyboard(window)
    assert not window.sale.buttons["receive"].isVisibleTo(window)


def test_esc_with_scanned_units_asks_first_and_enter_keeps_them(make_window):
    window, container = make_window()
    sign_in_by_keyboard(window, "9001", "9999")

    def answer(button_text: str, seen: dict, key_name: str):
        def run(box) -> None:
            seen[key_name] = box.text()
            if button_text == "Enter":
                press(box, Qt.Key.Key_Return)  # the default: keep scanning
            else:
                next(b for b in box.buttons() if b.text() == button_text).click()
        return run

    def in_dialog(dialog, seen) -> None:
        dialog.code_edit.setText(f"SFU:{SKU}:ESC1")
        dialog.enter_typed()
        on_modal_of(QMessageBox, answer("Enter", seen, "asked"))
        press(dialog, Qt.Key.Key_Escape)
        seen["kept"] = (dialog.isVisible(), list(dialog.codes))
        on_modal_of(QMessageBox, answer("Close without receiving", seen, "again"))
        press(dialog, Qt.Key.Key_Escape)
        seen["closed"] = not dialog.isVisible()

    seen = open_receive(window, in_dialog)
    assert seen["asked"] == ("1 scanned unit is not received yet: close without putting it "
                             "in stock?")
    assert seen["kept"] == (True, [f"SFU:{SKU}:ESC1"]) and seen["closed"]
    db = container.data_dir / "terminal.db"
    assert db_rows(db, "SELECT count(*) FROM unit WHERE serial = 'ESC1'") == [(0,)]
    assert QApplication.activeModalWidget() is None
