"""The English KPI screens speak English only (tester 20 #8: a header read "ATV 客单价"):
every header, chart title and figure label is a plain msgid that the Chinese catalogue
translates, never a string that mixes both languages."""

from __future__ import annotations

from pos_app.i18n import _
from ui.kpis.my_screen import FIGURES
from ui.kpis.ranking import COLUMNS


def cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_english_dashboard_headers_and_chart_titles_have_no_chinese(dashboard):
    dialog, _window, _shop = dashboard("en")
    table = dialog.ranking
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert "ATV" in headers and "UPT" in headers
    titles = [chart.title for chart in dialog.charts.charts()]
    assert "ATV and UPT" in titles
    mixed = [t for t in headers + titles if cjk(t)]
    assert not mixed, mixed


def test_no_kpi_label_msgid_mixes_in_chinese():
    labels = [c.title for c in COLUMNS] + [label for _name, label, _text in FIGURES]
    assert not [m for m in labels if cjk(m)]
    assert not [m for m in labels if cjk(_(m))]  # English: as written
