"""Pairing over real TLS: `shopfloor-hq serve --certfile --keyfile` as its own process on
127.0.0.1, with a certificate from a throwaway CA this test makes (trustme). A till that
does not trust the CA, or pins another key, is refused before it sends anything (the
one-time code stays unspent); with the CA file and the right pin it pairs, pulls and sells."""

from __future__ import annotations

import hashlib
import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from hq import admin
from hq.db import open_database as open_hq
from local_db.database import open_database
from pos_app.errors import PosError
from pos_app.services.sync_service import SyncService
from pos_app.services.till import TillServices
from sync.tls import spki_sha256
from tests.sync.hq_process import ROOT, free_port


@dataclass
class TlsHq:
    url: str
    ca_file: Path
    pin: str
    db_url: str


@pytest.fixture
def tls_hq(tmp_path: Path) -> Iterator[TlsHq]:
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    cert, key, ca_file = tmp_path / "hq.pem", tmp_path / "hq.key", tmp_path / "ca.pem"
    leaf.cert_chain_pems[0].write_to_path(str(cert))
    leaf.private_key_pem.write_to_path(str(key))
    ca.cert_pem.write_to_path(str(ca_file))
    der = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())
    spki = x509.load_der_x509_certificate(der).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert spki_sha256(der) == hashlib.sha256(spki).hexdigest()  # our DER walk is right
    db_url = f"sqlite:///{tmp_path / 'hq.db'}"
    engine = open_hq(db_url)
    admin.create_store(engine, "S01", "旗舰店")
    admin.create_terminal(engine, "S01", "T01")
    admin.create_staff(engine, "S01", "1001", "李娜", "cashier", "1111")
    engine.dispose()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hq.cli", "serve", "--port", str(port), "--database-url", db_url,
         "--certfile", str(cert), "--keyfile", str(key)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"https://127.0.0.1:{port}"
    trust = ssl.create_default_context(cafile=str(ca_file))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/health", verify=trust, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "") from None
                time.sleep(0.1)
        yield TlsHq(url, ca_file, spki_sha256(der), db_url)
    finally:
        proc.terminate()
        proc.wait(10)


def _code(db_url: str) -> str:
    engine = open_hq(db_url)
    try:
        return admin.enroll(engine, "S01", "T01").code
    finally:
        engine.dispose()


def test_a_till_pairs_over_tls_only_with_the_right_ca_and_key(tls_hq: TlsHq, tmp_path: Path):
    engine = open_database(tmp_path / "till.db")
    sync = SyncService(engine)
    code = _code(tls_hq.db_url)
    with pytest.raises(PosError) as info:  # the system's CAs do not know this HQ
        sync.pair(tls_hq.url, code, "till")
    assert info.value.code == "hq_tls_failed"
    with pytest.raises(PosError) as info:  # trusted CA, but not the key we pinned
        sync.pair(tls_hq.url, code, "till", ca_file=str(tls_hq.ca_file), key_pin="ab" * 32)
    assert info.value.code == "hq_tls_failed"
    with pytest.raises(PosError) as info:
        sync.pair(tls_hq.url, code, "till", ca_file=str(tmp_path / "missing.pem"))
    assert info.value.code == "hq_ca_file_unreadable"

    terminal = sync.pair(tls_hq.url, code, "till", ca_file=str(tls_hq.ca_file),
                         key_pin=tls_hq.pin)  # the same code: none of the above spent it
    assert terminal.store_code == "S01"
    services = TillServices.build(engine, terminal, None)
    cashier = services.auth.sign_in("1001", "1111")  # HQ's peppered hash, over TLS
    assert cashier.name == "李娜"
    from sync.link import hq_link

    link = hq_link(engine)
    assert link is not None and link.ca_file == str(tls_hq.ca_file) and link.key_pin
    sync.start()
    sync.sync_now()
    deadline = time.monotonic() + 30
    while sync.status.state != "online" and time.monotonic() < deadline:
        time.sleep(0.1)
    sync.stop()
    assert sync.status.state == "online", sync.status.message
