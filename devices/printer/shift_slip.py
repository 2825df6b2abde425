"""X and Z slips -> print operations and ESC/POS bytes (GB18030), for 32, 42 or 48 columns.

The rows (what each figure is called, in the store's receipt language) come from
pos_app.domain.shifts.slip; here they are laid out with the receipt's own cells, so Chinese
labels wrap instead of being cut and amounts stay flush right on 58 and 80 mm paper.
Nothing here reads a clock: the bytes of a stored Z are the same at every reprint.
"""

from __future__ import annotations

from datetime import tzinfo

from devices.printer.cells import paper_text, wrap
from devices.printer.escpos_render import render_ops
from devices.printer.layout import centred, labelled
from devices.printer.ops import Cut, PrintOp, TextLine, check_columns
from pos_app.domain.shifts import ShiftReport
from pos_app.domain.shifts.slip import SlipRow, Style, shift_slip_rows
from pos_app.errors import PosError

#: paper width in mm -> printer columns (58 mm: 32; 80 mm: 48 with the standard font)
COLUMNS_BY_MM = {58: 32, 80: 48}
_INDENT = "  "


def layout_shift_slip(rows: tuple[SlipRow, ...], columns: int) -> list[PrintOp]:
    """The slip's rows on paper, top to bottom, ending with a cut."""
    check_columns(columns)
    ops: list[PrintOp] = []
    for row in rows:
        ops += _row_ops(row, columns)
    ops.append(Cut())
    return ops


def _row_ops(row: SlipRow, columns: int) -> list[PrintOp]:
    if row.style == Style.TITLE:
        return [TextLine(t, bold=True, double=True, align="center")
                for t in centred(row.label, columns // 2)]
    if row.style == Style.RULE:
        return [TextLine("-" * columns)]
    if row.style == Style.HEADING:
        return [TextLine(t, bold=True) for t in wrap(paper_text(row.label), columns)]
    if row.style == Style.TEXT:
        return [TextLine(t) for t in wrap(paper_text(row.label), columns)]
    label = _INDENT + row.label if row.style == Style.SUB else row.label
    lines = labelled(label, row.value, columns)
    if row.style == Style.STRONG:
        return [TextLine(op.text, bold=True) for op in lines]
    return list(lines)


def render_shift_slip(report: ShiftReport, columns: int, language: str,
                      tz: tzinfo | None = None) -> bytes:
    """The exact bytes sent to the printer for an X or Z at `columns` wide."""
    return render_ops(layout_shift_slip(shift_slip_rows(report, language, tz=tz), columns),
                      columns)


def render_z(report: ShiftReport, width_mm: int, language: str,
             tz: tzinfo | None = None) -> bytes:
    """An X or Z slip for 58 or 80 mm paper in `language` ("zh_CN" | "en"): the bench's and
    the reprint's one entry point."""
    columns = COLUMNS_BY_MM.get(width_mm)
    if columns is None:
        raise PosError("printer_columns_invalid", columns=width_mm,
                       supported=", ".join(f"{mm} mm" for mm in COLUMNS_BY_MM))
    return render_shift_slip(report, columns, language, tz)
