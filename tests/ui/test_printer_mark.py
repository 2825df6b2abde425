"""What F9 prints when the status bar's printer mark holds several papers (25-FXB #1): the
newest return slip waiting, unless a receipt failed after it (then the last receipt, as the
mark says); an X or Z is never F9's (the mark names their own way), so F9 goes past them to
an older slip. The mark names the newest paper, "+N" for the rest, all in its tooltip, and
hides once each has printed. The real widget, offscreen."""

from __future__ import annotations

from ui.widgets.print_failure import PrinterMark, Unprinted


def _slip(number: str, printed: list[str]) -> Unprinted:
    return Unprinted(f"return:{number}", lambda: f"Return slip {number} not printed",
                     reprint=lambda: printed.append(number))


def test_f9_prints_the_newest_slip_a_receipt_after_it_takes_f9_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    mark = PrinterMark()
    qtbot.addWidget(mark)
    reprinted: list[str] = []
    mark.failed(_slip("R1", reprinted))
    mark.failed(_slip("R2", reprinted))
    again = mark.next_reprint()
    assert again is not None
    again()
    assert reprinted == ["R2"]
    assert mark.text() == "Return slip R2 not printed  +1"
    assert mark.toolTip().splitlines() == ["Return slip R2 not printed",
                                           "Return slip R1 not printed"]

    mark.failed()  # a sale's receipt, after the slips
    assert mark.next_reprint() is None  # the last receipt, as the mark now names it
    mark.printed()  # the receipt printed
    assert mark.text() == "Return slip R2 not printed  +1"


def test_f9_goes_past_an_x_or_z_to_an_older_slip_and_the_mark_hides_once_all_printed(
        qtbot) -> None:  # type: ignore[no-untyped-def]
    mark = PrinterMark()
    qtbot.addWidget(mark)
    mark.show()
    reprinted: list[str] = []
    mark.failed(_slip("R1", reprinted))
    mark.failed(Unprinted("x", lambda: "X report not printed"))
    assert mark.text() == "X report not printed  +1"
    again = mark.next_reprint()
    assert again is not None
    again()
    assert reprinted == ["R1"]

    mark.printed("return:R1")
    assert mark.text() == "X report not printed" and mark.next_reprint() is None
    mark.printed("x")
    assert mark.isHidden()
