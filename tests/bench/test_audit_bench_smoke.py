"""`python -m bench audit --smoke --json`: verify a keyed chain through the real entry point,
beside a plain SHA-256 loop over the same bytes (issue 18's audit_verify_1m_s)."""

from __future__ import annotations

from pathlib import Path

from tests.bench.test_bench_smoke import _bench


def test_audit_smoke_reports_verify_beside_plain_sha256(tmp_path: Path) -> None:
    report = _bench("audit", tmp_path=tmp_path)
    assert report["rows"] == report["keyed"] == 20_000
    assert report["targets"] == {"audit_verify_1m_s": 5.0}
    assert report["audit_verify_1m_s"] > 0 and report["plain_sha256_1m_s"] > 0
    assert set(report["met"]) == {"audit_verify_1m_s"}
    assert report["machine"]["cpu_count"] >= 1
