"""The `shopfloor` command as support staff run it: real processes, real exit codes."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path


def shopfloor(*args: str, data_dir: Path, lang: str = "en") -> subprocess.CompletedProcess:
    env = dict(os.environ, SHOPFLOOR_DATA_DIR=str(data_dir))
    for screen in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):  # a headless support shell
        env.pop(screen, None)
    return subprocess.run(
        [sys.executable, "-m", "pos_app.cli", "--lang", lang, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_print_test_to_a_file_printer_writes_chinese_escpos(tmp_path):
    out = tmp_path / "printer.bin"
    result = shopfloor("print-test", "--printer", f"file://{out}", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert "打印测试".encode("gb18030") in data
    assert "￥".encode("gb18030") in data


def test_print_test_on_a_dead_printer_fails_with_one_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = shopfloor("print-test", "--printer", f"tcp://127.0.0.1:{port}", data_dir=tmp_path)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "offline" in lines[0]
    assert "Traceback" not in result.stderr


def test_print_test_reason_is_translated(tmp_path):
    result = shopfloor("print-test", "--printer", "nonsense", data_dir=tmp_path, lang="zh_CN")
    assert result.returncode != 0
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)


def test_import_products_reports_bad_rows_and_imports_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "货号,名称,条码,售价\nA1,矿泉水,6901234567892,2.00\nA2,,6901234567890,abc\n",
        encoding="gb18030",
    )
    result = shopfloor("import-products", str(bad), data_dir=tmp_path)
    assert result.returncode == 1
    assert "row 3" in result.stdout + result.stderr
    conn = sqlite3.connect(tmp_path / "store" / "terminal.db")
    assert conn.execute("SELECT count(*) FROM product").fetchone()[0] == 0
    conn.close()

    good = tmp_path / "good.csv"
    good.write_text("sku,name_zh,barcode,price\nA1,矿泉水,6901234567892,2.00\n", "utf-8-sig")
    result = shopfloor("import-products", str(good), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(tmp_path / "store" / "terminal.db")
    assert conn.execute("SELECT sku, name_zh, price FROM product").fetchall() == [
        ("A1", "矿泉水", 200)
    ]
    conn.close()


def test_plain_start_on_an_empty_store_explains_what_to_do(tmp_path):
    result = shopfloor(data_dir=tmp_path)
    assert result.returncode != 0
    assert "--demo" in result.stderr
    assert "Traceback" not in result.stderr


def test_receive_units_from_a_csv_puts_good_codes_in_stock(tmp_path):
    from local_db.database import open_database
    from pos_app.services.demo_seed import seed_demo

    engine = open_database(tmp_path / "store" / "terminal.db")
    seed_demo(engine)
    engine.dispose()
    delivery = tmp_path / "delivery.csv"
    delivery.write_text(
        "code\n(01)06966014000105(21)NEW001\n(01)06966014000105(21)NEW002\n"
        "(01)06966014000104(21)BAD\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pos_app.cli", "--lang", "en", "receive-units", str(delivery),
         "--manager", "9001"],
        capture_output=True, text=True, timeout=120, input="9999\n",  # the PIN on stdin
        env=dict(os.environ, SHOPFLOOR_DATA_DIR=str(tmp_path)),
    )
    assert result.returncode == 1, result.stderr
    assert "2 units are now in stock" in result.stdout
    assert "check digit" in result.stderr and "Traceback" not in result.stderr
    conn = sqlite3.connect(tmp_path / "store" / "terminal.db")
    states = dict(conn.execute(
        "SELECT serial, state FROM unit WHERE serial LIKE 'NEW%'").fetchall())
    conn.close()
    assert states == {"NEW001": "in_stock", "NEW002": "in_stock"}
