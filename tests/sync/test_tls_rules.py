"""Whom the till talks to: https:// except on this computer, a well-formed pin, a readable
CA file; changing them after pairing (settings / `shopfloor hq-trust`)."""

from __future__ import annotations

import pytest

from pos_app.errors import PosError
from sync.client import HqClient
from sync.tls import check_url, is_loopback, normalise_pin


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost",
                                  "LOCALHOST", "till.localhost"])
def test_loopback_hosts(host):
    assert is_loopback(host)


@pytest.mark.parametrize("url", ["http://192.168.1.10:8700", "http://hq.example.com",
                                 "http://10.0.0.1", "http://[fe80::1]:8700",
                                 "http://127.0.0.1.evil.example"])
def test_plain_http_elsewhere_is_refused(url):
    with pytest.raises(PosError) as info:
        check_url(url)
    assert info.value.code == "hq_url_not_secure"
    with pytest.raises(PosError):
        HqClient(url)


def test_https_anywhere_and_http_on_loopback_are_fine():
    check_url("https://hq.example.com")
    check_url("http://127.0.0.1:8700")
    HqClient("https://hq.example.com").close()


def test_pins_are_64_hex_or_hpkp_base64():
    assert normalise_pin("") == ""
    assert normalise_pin("AB" * 32) == "ab" * 32
    assert normalise_pin(":".join(["ab"] * 32)) == "ab" * 32
    import base64

    hpkp = "sha256/" + base64.b64encode(bytes.fromhex("cd" * 32)).decode()
    assert normalise_pin(hpkp) == "cd" * 32
    for bad in ("abc", "zz" * 32, "sha256/xyz"):
        with pytest.raises(PosError) as info:
            normalise_pin(bad)
        assert info.value.code == "hq_pin_invalid"


def test_trust_changed_after_pairing(tmp_path):
    from local_db.database import open_database
    from local_db.ids import utcnow
    from local_db.models import HqLink
    from local_db.uow import write_session
    from pos_app.services.sync_service import SyncService

    engine = open_database(tmp_path / "terminal.db")
    service = SyncService(engine)
    with pytest.raises(PosError):
        service.set_trust("", "")  # not paired
    with write_session(engine) as session:
        session.add(HqLink(id=1, hq_url="https://hq.example.com", device_id="d", token="",
                           paired_at=utcnow()))
    with pytest.raises(PosError) as info:
        service.set_trust(str(tmp_path / "missing.pem"), "")
    assert info.value.code == "hq_ca_file_unreadable"
    service.set_trust("", "ab" * 32)
    assert service.trust() == ("", "ab" * 32)
