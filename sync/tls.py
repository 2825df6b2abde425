"""How the till trusts HQ: https:// only (plain http:// just for this computer), an optional
private CA file, and an optional pinned SHA-256 of HQ's public key.

Why: the staff list, prices and the device token travel on this link. A fake HQ on the store
LAN could otherwise serve a "manager" row and sign itself in (issue 13). The pin is checked
inside the TLS handshake (`_PinnedSocket.do_handshake`), before a single byte of a request —
and so before the bearer token — is sent to a server whose key does not match.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import ssl
from pathlib import Path
from urllib.parse import urlsplit

from pos_app.errors import PosError


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and `localhost`: the only hosts plain http:// may reach."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """PosError `hq_url_not_secure` for http:// to anything but this computer."""
    parts = urlsplit(url)
    if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
        raise PosError("hq_url_not_secure", url=url)


def normalise_pin(pin: str | None) -> str:
    """'' (no pin), or 64 lower-case hex digits; also takes `sha256/<base64>` (HPKP style)."""
    text = (pin or "").strip().replace(":", "")
    if not text:
        return ""
    if text.lower().startswith("sha256/"):
        try:
            raw = base64.b64decode(text[7:], validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        text = raw.hex() if len(raw) == 32 else text
    text = text.lower()
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise PosError("hq_pin_invalid", pin=pin or "")
    return text


def _der_item(data: bytes, at: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER item at `at`."""
    tag, length = data[at], data[at + 1]
    at += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[at:at + count], "big")
        at += count
    return tag, at, at + length


def spki_sha256(cert_der: bytes) -> str:
    """SHA-256 (hex) of a certificate's SubjectPublicKeyInfo — what `openssl x509 -pubkey |
    openssl pkey -pubin -outform der | sha256sum` prints. A tiny DER walk, no dependency."""
    _t, cert, _e = _der_item(cert_der, 0)
    _t, tbs, tbs_end = _der_item(cert_der, cert)
    at = tbs
    fields: list[tuple[int, int]] = []
    while at < tbs_end and len(fields) < 7:
        tag, start, end = _der_item(cert_der, at)
        if not (tag == 0xA0 and not fields):  # skip the optional [0] version
            fields.append((at, end))
        at = end
    start, end = fields[5]  # serial, signature, issuer, validity, subject, SPKI
    return hashlib.sha256(cert_der[start:end]).hexdigest()


class _PinnedSocket(ssl.SSLSocket):
    expected_pin = ""

    def do_handshake(self, block: bool = False) -> None:  # type: ignore[override]
        super().do_handshake(block)
        cert = self.getpeercert(binary_form=True) or b""
        if not hmac.compare_digest(spki_sha256(cert), self.expected_pin):
            self.close()
            raise ssl.SSLError("HQ's public key does not match the pinned key")


def ssl_context(ca_file: str | None = None, key_pin: str | None = None) -> ssl.SSLContext:
    """Certificate checks as browsers do them; with `ca_file`, only that CA is trusted."""
    pin = normalise_pin(key_pin)
    if ca_file:
        path = Path(ca_file)
        try:
            context = ssl.create_default_context(cafile=str(path))
        except (OSError, ssl.SSLError) as exc:
            raise PosError("hq_ca_file_unreadable", path=str(path), detail=str(exc)) from exc
    else:
        context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if pin:
        context.sslsocket_class = type("PinnedSocket", (_PinnedSocket,), {"expected_pin": pin})
    return context
