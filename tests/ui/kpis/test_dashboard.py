"""The manager's dashboard driven as a manager uses it: today's ranking, a custom range
that reaches a sale 40 days back, one guide picked, the shown figures exported to CSV and
XLSX through the save dialog and read back, a column sorted, a reversed range said, a
month's target typed and a line credited to another guide."""

from __future__ import annotations

from datetime import date, timedelta

from openpyxl import load_workbook
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from tests.qt_wait import wait_until
from tests.ui.conftest import on_modal_of
from ui.kpis.reattribute_dialog import ReattributeDialog
from ui.kpis.targets_dialog import TargetsDialog


def _row(dialog, name: str) -> list[str]:
    table = dialog.ranking
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == name:
            return [table.item(r, c).text() for c in range(table.columnCount())]
    raise AssertionError(f"{name} not in {dialog.ranking.column_texts(0)}")


def _export(dialog, button, path) -> None:
    def save(file_dialog) -> None:  # the file's name put over the one offered, then Save
        file_dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
        file_dialog.accept()

    on_modal_of(QFileDialog, save)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    try:
        wait_until(lambda: path.exists() and "Saved" in dialog.message.text(),
                   timeout_ms=20_000)
    except AssertionError:
        raise AssertionError(f"not saved: {dialog.message.text()!r}") from None


def test_todays_ranking_names_every_guide_and_the_sales_with_no_guide(dashboard):
    dialog, _window, _shop = dashboard()
    assert _row(dialog, "王芳")[1:3] == ["¥10.50", "1"]
    assert _row(dialog, "李雷")[1:3] == ["¥3.50", "1"]
    assert _row(dialog, "No guide")[1:3] == ["¥7.00", "1"]
    assert _row(dialog, "王芳")[5] == "1"  # a member enrolled today
    assert "¥21.00" in dialog.summary.text()  # the store: 10.50 + 3.50 + 7.00


def test_a_period_change_a_guide_filter_and_the_exports_show_the_same_figures(
        dashboard, tmp_path):
    dialog, window, _shop = dashboard()
    dialog.period.select("custom")
    start = date.today() - timedelta(days=45)
    dialog.period.start.setDate(QDate(start.year, start.month, start.day))
    wait_until(lambda: _row(dialog, "王芳")[1] == "¥24.50", timeout_ms=20_000)
    assert _row(dialog, "王芳")[2] == "2"

    wang = next(s.id for s in window.till.staff_list() if s.name == "王芳")
    dialog.guide.setCurrentIndex(dialog.guide.findData(wang))
    assert dialog.ranking.column_texts(0) == ["王芳"]

    csv_path = tmp_path / "out" / "kpis.csv"
    csv_path.parent.mkdir()
    _export(dialog, dialog.export_csv, csv_path)
    data = csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel in China reads it right
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Period,")
    wang_line = next(line for line in lines if line.startswith("王芳,"))
    assert wang_line.split(",")[1:3] == ["24.50", "2"]
    assert not any(line.startswith("李雷,") for line in lines)  # the filter, as shown

    xlsx_path = tmp_path / "out" / "kpis.xlsx"
    _export(dialog, dialog.export_xlsx, xlsx_path)
    sheet = load_workbook(xlsx_path).worksheets[0]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert float(rows["王芳"][1]) == 24.50 and rows["王芳"][2] == 2


def test_a_column_sorts_by_its_figures_and_no_guide_stays_last(dashboard):
    dialog, _window, _shop = dashboard()
    ranking = dialog.ranking
    assert ranking.column_texts(0)[-1] == "No guide"  # the first ranking: ¥7.00 not above
    dialog.ranking.sortItems(1, Qt.SortOrder.AscendingOrder)
    shown = [t for t in dialog.ranking.column_texts(1) if t != "¥0.00"]
    assert shown == ["¥3.50", "¥10.50", "¥7.00"]  # ¥7.00 is "no guide": last either way
    assert ranking.column_texts(0)[-1] == "No guide"
    header = ranking.horizontalHeader()
    for _click in range(2):  # a person's clicks on "Number of sales": one way, then back
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(header.sectionViewportPosition(2) + 5, 5))
        assert ranking.column_texts(0)[-1] == "No guide"


def test_a_reversed_custom_range_is_said_not_asked(dashboard):
    dialog, _window, _shop = dashboard()
    dialog.period.select("custom")
    wait_until(lambda: not dialog.loading)
    end = date.today() - timedelta(days=3)
    dialog.period.end.setDate(QDate(end.year, end.month, end.day))  # before the start
    dialog.period.start.setDate(QDate(date.today().year, date.today().month, date.today().day))
    wait_until(lambda: "ends before it starts" in dialog.message.text())


def test_targets_typed_for_the_month_and_a_line_credited_to_another_guide(dashboard):
    dialog, _window, shop = dashboard()
    dialog.period.select("month")
    wait_until(lambda: not dialog.loading and dialog.report.period.kind == "month")

    def type_targets(targets) -> None:
        table = targets.table
        row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "王芳")
        table.setCurrentCell(row, 1)
        table.editItem(table.item(row, 1))
        QTest.keyClicks(QApplication.focusWidget(), "50")  # ¥50
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        QTest.mouseClick(targets.save, Qt.MouseButton.LeftButton)

    on_modal_of(TargetsDialog, type_targets)
    QTest.mouseClick(dialog.targets, Qt.MouseButton.LeftButton)
    wait_until(lambda: _row(dialog, "王芳")[13] == "21.00%", timeout_ms=20_000)  # 10.50 / 50

    def credit(reattribute) -> None:
        reattribute.receipt.setText(shop.wang_receipt)
        QTest.keyClick(reattribute.receipt, Qt.Key.Key_Return)
        reattribute.guide.setCurrentIndex(reattribute.guide.findText("李雷"))
        reattribute.reason.setText("rang up under the wrong guide")
        QTest.mouseClick(reattribute.apply, Qt.MouseButton.LeftButton)

    on_modal_of(ReattributeDialog, credit)
    QTest.mouseClick(dialog.reattribute, Qt.MouseButton.LeftButton)
    wait_until(lambda: _row(dialog, "李雷")[1] == "¥14.00", timeout_ms=20_000)
    assert _row(dialog, "王芳")[1] == "¥0.00"
    assert "李雷" in dialog.message.text()


def test_the_short_receipt_number_finds_the_lines_and_no_guide_is_assumed(dashboard):
    dialog, _window, shop = dashboard()
    seen: dict[str, object] = {}

    def short_number_then_enter(reattribute) -> None:
        reattribute.receipt.setFocus()
        QTest.keyClicks(reattribute.receipt, str(int(shop.wang_receipt.rsplit("-", 1)[1])))
        QTest.keyClick(reattribute.receipt, Qt.Key.Key_Return)
        seen["rows"] = reattribute.table.rowCount()
        seen["guide"] = reattribute.guide.currentIndex()
        reattribute.reason.setText("who served?")
        QTest.keyClick(reattribute.reason, Qt.Key.Key_Return)  # Enter: no guide picked yet
        seen["message"] = reattribute.message.text()
        seen["open"] = reattribute.isVisible()
        reattribute.reject()

    on_modal_of(ReattributeDialog, short_number_then_enter)
    QTest.mouseClick(dialog.reattribute, Qt.MouseButton.LeftButton)
    wait_until(lambda: "open" in seen)
    assert seen["rows"] == 1 and seen["guide"] == -1
    assert seen["message"] == "Pick the guide to credit." and seen["open"]
    assert _row(dialog, "王芳")[1] == "¥10.50"  # nothing credited to anyone
