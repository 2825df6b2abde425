"""The HQ CLI printed the database URL with its password when the database was unreachable
(issue 13). Hardened: shown as postgresql+psycopg://hq:***@…, and the password appears in
no part of the message."""

from __future__ import annotations

import subprocess
import sys

from tests.sync.hq_process import ROOT, free_port


def test_an_unreachable_database_is_named_without_its_password():
    url = f"postgresql://hq:S3cr3t-pw@127.0.0.1:{free_port()}/hq"
    for argv in (["admin", "list-devices", "--database-url", url],
                 ["admin", "list-exceptions"]):
        env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
        result = subprocess.run([sys.executable, "-m", "hq.cli", *argv], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 2
        assert "S3cr3t-pw" not in result.stderr + result.stdout
        assert "hq:***@127.0.0.1" in result.stderr and "Traceback" not in result.stderr
