"""`shopfloor print-test`: 0 when printed, 2 and one readable line when not."""

from __future__ import annotations

from devices.printer.cli import main, print_test


def test_print_test_on_a_good_printer_returns_zero(fake_printer, capsys):
    assert print_test(fake_printer.url, 32) == 0
    assert "打印测试".encode("gb18030") in fake_printer.wait_for(b"\x1dV")
    assert capsys.readouterr().err == ""


def test_print_test_on_a_dead_printer_says_one_line(fake_printer, capsys):
    fake_printer.set_state("dead")
    assert print_test(fake_printer.url, 48) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "offline" in err and "Traceback" not in err


def test_print_test_with_a_bad_url_says_one_line(capsys):
    assert main(["--printer", "lpt1", "--columns", "32"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lpt1" in err


def test_print_test_on_paper_out_is_translated(fake_printer, capsys):
    from pos_app import i18n

    fake_printer.set_state("paper_out")
    i18n.set_language("zh_CN")
    assert print_test(fake_printer.url) == 2
    assert capsys.readouterr().err.count("\n") == 1
