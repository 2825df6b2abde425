"""What an X or Z slip says, row by row, before any paper: every figure of a ShiftReport
with its label in one language.

Why rows and not bytes: the printer (devices/printer/shift_slip.py) lays these rows out in
cells for 58 or 80 mm paper, and the X report screen shows the same rows in the cashier's
language, so the paper and the screen never disagree on what a figure is called. Rows are
made from the report alone (a Z from the stored Z, never from "now"), so a reprint says
exactly what the first print said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from functools import partial

from pos_app.domain.money import format_money
from pos_app.domain.shifts.cash_moves import MOVE_LABELS, REASON_LABELS, CashMoveReason
from pos_app.domain.shifts.report import ShiftReport, TenderFigures
from pos_app.domain.tenders import LABELS as TENDER_LABELS
from pos_app.domain.tenders import TenderKind
from pos_app.i18n import N_, gettext_in

PAPER_YUAN = "\uffe5"  # full-width ￥: the printer's GB font lines it up as two cells


class Style(StrEnum):
    TITLE = "title"  # large, centred: "Z report"
    HEADING = "heading"  # bold, a section's name
    ROW = "row"  # label flush left, value flush right
    SUB = "sub"  # a row indented under the one above
    STRONG = "strong"  # a bold row (a section's total)
    TEXT = "text"  # a sentence, wrapped (the hash, a warning)
    RULE = "rule"  # a line across the paper


@dataclass(frozen=True)
class SlipRow:
    style: Style
    label: str = ""
    value: str = ""


def shift_slip_rows(report: ShiftReport, language: str, *, symbol: str = PAPER_YUAN,
                    tz: tzinfo | None = None) -> tuple[SlipRow, ...]:
    """The slip of `report` in `language` ("zh_CN" | "en"), top to bottom. `symbol` is the
    yuan sign (full-width on paper, "¥" on screen); times are shown in `tz` (local)."""
    s = _Slip(report, language, symbol, tz)
    return tuple(s.header() + s.sales() + s.tenders() + s.moves() + s.discounts()
                 + s.events() + s.closing())


class _Slip:
    def __init__(self, report: ShiftReport, language: str, symbol: str,
                 tz: tzinfo | None) -> None:
        self.r = report
        self.tr = partial(gettext_in, language)
        self.symbol = symbol
        self.tz = tz

    def money(self, fen: int) -> str:
        return format_money(fen, self.symbol)

    def signed(self, fen: int) -> str:
        """Over/short: '+￥1.00' over, '-￥1.00' short, '￥0.00' even."""
        return ("+" if fen > 0 else "") + self.money(fen)

    def when(self, iso: str) -> str:
        if not iso:
            return ""
        moment = datetime.fromisoformat(iso)
        return moment.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S")

    def row(self, label: str, value: str = "", style: Style = Style.ROW) -> SlipRow:
        return SlipRow(style, label, value)

    def header(self) -> list[SlipRow]:
        r, _ = self.r, self.tr
        title = _("Z report") if r.kind == "Z" else _("X report")
        rows = [self.row(title, style=Style.TITLE)]
        if r.copy:  # a reprint is never taken for the first print (20-L1)
            rows.append(self.row(f"*** {_('COPY')} ***", style=Style.TITLE))
        if r.kind != "Z":
            rows.append(SlipRow(Style.TEXT, _("Shift still open: figures so far")))
        rows.append(SlipRow(Style.RULE))
        if r.kind == "Z":
            rows.append(self.row(_("Z number"), f"{r.z_no:06d}", Style.STRONG))
        rows += [self.row(_("Terminal"), f"{r.store_code}-{r.terminal_code}"),
                 self.row(_("Opened"), self.when(r.opened_at)),
                 self.row(_("Opened by"), r.opened_by)]
        if r.kind == "Z":
            rows += [self.row(_("Closed"), self.when(r.at)),
                     self.row(_("Closed by"), r.closed_by)]
        else:
            rows.append(self.row(_("Taken at"), self.when(r.at)))
        return rows

    def sales(self) -> list[SlipRow]:
        """Sales, returns and the net; a blind X keeps how many of each, no amount (they
        would tell the expected cash)."""
        r, _ = self.r, self.tr
        sales = _("Sales ({n})").format(n=r.sales_count)
        returns = _("Returns ({n})").format(n=r.returns_count)
        if r.expected_hidden:
            return [SlipRow(Style.RULE), self.row(_("Sales"), style=Style.HEADING),
                    self.row(sales), self.row(returns)]
        return [
            SlipRow(Style.RULE),
            self.row(_("Sales"), style=Style.HEADING),
            self.row(sales, self.money(r.sales_total)),
            self.row(returns, self.money(-r.returns_total)),
            self.row(_("Net sales"), self.money(r.net_total), Style.STRONG),
        ]

    def tender_label(self, kind: str) -> str:
        try:
            return self.tr(TENDER_LABELS[TenderKind(kind)])
        except ValueError:  # a tender a newer till knows: its code, as is
            return kind

    def tenders(self) -> list[SlipRow]:
        r, _ = self.r, self.tr
        rows = [SlipRow(Style.RULE), self.row(_("Tenders"), style=Style.HEADING)]
        for t in r.tenders:  # a blind X: the cash's float and moves only, no sales by tender
            if not r.expected_hidden or t.kind == TenderKind.CASH:
                rows += self.tender(t)
        if r.over_short is not None:
            rows += [self.row(_("Total over/short"), self.signed(r.over_short), Style.STRONG),
                     self.row(_("Tolerance per tender"), self.money(r.tolerance))]
            if r.over_tolerance:
                rows.append(SlipRow(Style.TEXT, _("Over tolerance: approved by a manager")))
        if r.counts:  # a blind count checked, cancelled and counted again shows here
            rows.append(self.row(_("Counts"), str(r.counts)))
        return rows

    def tender(self, t: TenderFigures) -> list[SlipRow]:
        r, _ = self.r, self.tr
        rows = [self.row(self.tender_label(t.kind), style=Style.STRONG)]
        if not r.expected_hidden:
            rows += [self.row(_("Taken"), self.money(t.sales), Style.SUB),
                     self.row(_("Refunded"), self.money(-t.refunds), Style.SUB)]
        if t.kind == TenderKind.CASH:
            rows += [self.row(_("Float"), self.money(r.opening_float), Style.SUB),
                     self.row(_("Cash in"), self.money(t.cash_in), Style.SUB),
                     self.row(_("Cash out"), self.money(-t.cash_out), Style.SUB)]
        if not r.expected_hidden:
            rows.append(self.row(_("Expected"), self.money(t.expected), Style.SUB))
        if t.counted is not None:
            rows.append(self.row(_("Counted"), self.money(t.counted), Style.SUB))
            if t.kind == TenderKind.CASH:
                rows += [self.row(self.piece(fen, n), self.money(fen * n), Style.SUB)
                         for fen, n in r.cash_pieces]
        if t.difference is not None:
            rows.append(self.row(_("Over/short"), self.signed(t.difference), Style.SUB))
        return rows

    def piece(self, fen: int, pieces: int) -> str:
        """'  ￥100 × 3', '  5 jiao × 2' or '  1 fen × 5': a line of the cash count."""
        if fen >= 100:
            name = f"{self.symbol}{fen // 100}"
        elif fen >= 10:
            name = self.tr(N_("{n} jiao")).format(n=fen // 10)
        else:
            name = self.tr(N_("{n} fen")).format(n=fen)
        return f"  {name} x {pieces}"

    def moves(self) -> list[SlipRow]:
        r, _ = self.r, self.tr
        if not r.moves:
            return []
        rows = [SlipRow(Style.RULE), self.row(_("Cash moves"), style=Style.HEADING)]
        for m in r.moves:
            kind = self.tr(MOVE_LABELS.get(m.kind, m.kind))  # type: ignore[call-overload]
            try:
                reason = self.tr(REASON_LABELS[CashMoveReason(m.reason_code)])
            except ValueError:
                reason = m.reason_code
            amount = m.amount if m.kind == "in" else -m.amount
            rows.append(self.row(f"{kind} · {reason} ({m.count})", self.money(amount)))
        return rows

    def discounts(self) -> list[SlipRow]:
        r, _ = self.r, self.tr
        rows = [SlipRow(Style.RULE), self.row(_("Discounts"), style=Style.HEADING)]
        for d in r.discounts:  # HQ's campaign names are not in the catalogue: kept as is
            rows.append(self.row(f"{self.tr(d.name)} ({d.sales})", self.money(-d.amount)))
        rows.append(self.row(_("Discounts total"), self.money(-r.discount_total), Style.STRONG))
        return rows

    def events(self) -> list[SlipRow]:
        r, _ = self.r, self.tr
        rows = [
            SlipRow(Style.RULE),
            self.row(_("Sales voided"), str(r.sales_voided)),
            self.row(_("Lines voided"), str(r.lines_voided)),
            self.row(_("Parked sales dropped"), str(r.parked_dropped)),
            self.row(_("Drawer opens"), str(r.drawer_opens)),
            self.row(_("No-sale opens"), str(r.no_sales), Style.SUB),
            self.row(_("Coupons redeemed"), str(r.coupons_redeemed)),
            self.row(_("Gifts handed out"), str(r.gifts_handed)),
            self.row(_("Points tendered"), self.money(r.points_tendered)),
            self.row(_("Events waiting for HQ") if r.paired
                     else _("Events kept on this till (not paired)"), str(r.queued_events)),
        ]
        if r.expected_hidden:  # a tender's takings, like the others hidden on a blind X
            rows = [row for row in rows if row.label != _("Points tendered")]
        return rows

    def closing(self) -> list[SlipRow]:
        r, _ = self.r, self.tr
        rows = [SlipRow(Style.RULE)]
        if r.kind == "Z":
            rows += [self.row(_("Grand total before"), self.money(r.grand_total_before)),
                     self.row(_("Grand total"), self.money(r.grand_total), Style.STRONG)]
        rows += [self.row(_("Audit row"), str(r.audit_seq)),
                 SlipRow(Style.TEXT, r.audit_hash or "-")]
        if r.kind == "Z":
            rows += [SlipRow(Style.RULE),
                     SlipRow(Style.TEXT, _("Counted by: ______________")),
                     SlipRow(Style.TEXT, _("Checked by: ______________"))]
        return rows
