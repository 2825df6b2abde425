"""KPI exports: CSV (UTF-8 with BOM) and XLSX (openpyxl, already a dependency for the
catalog import) with the table on one sheet and native chart sheets — net sales per guide
(bars) and the store's daily net sales (line) — that Excel and WPS draw themselves.

Byte-stable: the same report gives the same file (tests compare bytes). openpyxl stamps the
save time into docProps/core.xml and every zip entry; `_stable_zip` rewrites the package
with a fixed created/modified date and fixed entry times, in openpyxl's own entry order.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from pos_app.domain.export_cells import safe_row
from pos_app.domain.kpis import StoreKpis
from pos_app.domain.kpis.table import MONEY_COLUMNS, csv_bytes, table
from pos_app.i18n import gettext as _

FIXED_DATE = "2000-01-01T00:00:00Z"  # the created/modified date every export carries
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_csv(kpis: StoreKpis, path: Path) -> Path:
    path.write_bytes(csv_bytes(kpis))
    return path


def xlsx_bytes(kpis: StoreKpis) -> bytes:
    # openpyxl (and numpy under it) on the first export, not at the till's start (~0.25 s)
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, LineChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = _("Guide KPIs")
    ws.append(safe_row([_("Period"), kpis.period.label]))
    headers, rows = table(kpis, numeric=True)
    ws.append(headers)
    for r in rows:
        ws.append(safe_row(r))
    for col in MONEY_COLUMNS:
        for cells in ws.iter_cols(min_col=col + 1, max_col=col + 1, min_row=3):
            for cell in cells:
                cell.number_format = "#,##0.00"
    ws.column_dimensions["A"].width = 18
    guides = len(kpis.guides)

    days = wb.create_sheet(_("Daily"))
    days.append([_("Day"), _("Net sales (¥)")])
    for d, fen in kpis.daily:
        days.append([d.isoformat(), Decimal(fen).scaleb(-2)])

    if guides:
        bars = BarChart()
        bars.title = _("Net sales per guide")
        bars.y_axis.title = _("Net sales (¥)")
        bars.add_data(Reference(ws, min_col=2, min_row=2, max_row=2 + guides),
                      titles_from_data=True)
        bars.set_categories(Reference(ws, min_col=1, min_row=3, max_row=2 + guides))
        wb.create_chartsheet(_("Sales per guide")).add_chart(bars)
    if kpis.daily:
        line = LineChart()
        line.title = _("Daily net sales")
        line.y_axis.title = _("Net sales (¥)")
        line.add_data(Reference(days, min_col=2, min_row=1, max_row=1 + len(kpis.daily)),
                      titles_from_data=True)
        line.set_categories(Reference(days, min_col=1, min_row=2, max_row=1 + len(kpis.daily)))
        wb.create_chartsheet(_("Daily trend")).add_chart(line)
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(buf.getvalue())


def write_xlsx(kpis: StoreKpis, path: Path) -> Path:
    path.write_bytes(xlsx_bytes(kpis))
    return path


_STAMPS = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _stable_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _STAMPS.sub(rb"\g<1>" + FIXED_DATE.encode() + rb"\g<3>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()
