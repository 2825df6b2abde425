"""Linear barcodes count only when two frames in a row agree (misreads of tilted bars)."""

from __future__ import annotations

from devices.camera.gate import ReadGate


def test_a_linear_code_needs_two_agreeing_frames():
    now = [0.0]
    gate = ReadGate(clock=lambda: now[0])
    assert not gate.accept("0690123456789", confirm=True)  # a one-frame misread
    now[0] += 0.033
    assert not gate.accept("6901234567892", confirm=True)  # a different text resets
    now[0] += 0.033
    assert gate.accept("6901234567892", confirm=True)


def test_confirmation_expires_and_2d_codes_need_none():
    now = [0.0]
    gate = ReadGate(clock=lambda: now[0])
    assert not gate.accept("6901234567892", confirm=True)
    now[0] += 1.0
    assert not gate.accept("6901234567892", confirm=True)  # too late to count as a pair
    assert gate.accept("SFU:SKU-1:9")  # QR/DataMatrix carry their own error correction
