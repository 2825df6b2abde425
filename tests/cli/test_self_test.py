"""`shopfloor self-test`: one line per part, ok / warn / fail with a reason, and an exit
status scripts can use. Real files, real (closed) TCP port, a missing serial port."""

from __future__ import annotations

import json
import socket

from pos_app.cli import main as cli_main
from pos_app.services.backups import BackupService
from pos_app.services.settings import Settings, save_settings
from tests.builders import build_world


def _run(capsys, data_dir, *extra: str) -> tuple[int, dict[str, dict]]:
    code = cli_main(["--data-dir", str(data_dir), "self-test", "--json", *extra])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return code, {line["check"]: line for line in lines}


def test_a_healthy_stand_alone_till_passes_with_warnings_only(tmp_path, capsys):
    world = build_world(tmp_path / "terminal.db")
    code, checks = _run(capsys, tmp_path)
    assert code == 0
    assert checks["database.integrity"]["status"] == "ok"
    assert checks["database.schema"]["status"] == "ok"
    assert checks["backups"]["status"] == "warn" and "no backup yet" in checks["backups"]["reason"]
    assert checks["printer"]["status"] == "ok"
    assert checks["scanner"]["status"] == "ok"
    assert checks["camera"]["status"] in ("ok", "warn")  # no camera on a test machine: absent
    assert checks["hq"]["status"] == "ok" and "stand-alone" in checks["hq"]["reason"]
    BackupService(tmp_path).backup_now()
    code, checks = _run(capsys, tmp_path)
    assert checks["backups"]["status"] == "ok" and "0 hours old" in checks["backups"]["reason"]
    world.engine.dispose()


def test_a_dead_printer_a_missing_scanner_port_and_a_damaged_file_fail(tmp_path, capsys):
    world = build_world(tmp_path / "terminal.db")
    world.engine.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    # an English till: the CLI answers in the till's language since 20-L2
    settings = Settings(language="en", printer_url=f"tcp://127.0.0.1:{port}")
    settings.scanner.serial_port = "/dev/ttyNOSUCH0"
    save_settings(tmp_path / "settings.json", settings)
    (tmp_path / "terminal.db").write_bytes(b"")
    code, checks = _run(capsys, tmp_path)
    assert code == 1
    assert checks["printer"]["status"] == "fail" and str(port) in checks["printer"]["reason"]
    assert checks["scanner"]["status"] == "fail" and "ttyNOSUCH0" in checks["scanner"]["reason"]
    assert checks["database.integrity"]["status"] == "fail"
    assert "0 bytes" in checks["database.integrity"]["reason"]


def test_the_plain_output_is_one_readable_line_per_check(tmp_path, capsys):
    build_world(tmp_path / "terminal.db").engine.dispose()
    assert cli_main(["--data-dir", str(tmp_path), "self-test"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("OK    Database integrity:") for line in out)
    assert any(line.startswith("WARN  Backups:") for line in out)
