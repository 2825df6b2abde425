"""Makes up for the reference to True that PySide6 6.12's `SignalInstance.emit` takes.

`emit()` returns True without owning a reference to it, so every emit made from Python (a
scan, a finished print job, a sync status, a change notice) costs True one reference.
Python 3.11 counts references to True like to any object: after some tens of thousands of
emits - a busy day at the till, a long test run - the count reaches zero and Python aborts
("bool_dealloc: deallocating True or False"), mid-sale or at exit.

`install()` gives True and False a reserve of references no till will ever emit through,
which is what Python 3.12 does for them anyway (immortal objects). Wrapping `emit` instead
would break `a.connect(b.emit)`, which PySide only accepts for its own method. It acts only
when a probe shows the loss, so a fixed PySide is left as it is. `ui` installs it on import.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_PROBES = 16
_RESERVE = 1 << 40  # emits: some 35,000 years of a signal every millisecond
_installed = False


class _Probe(QObject):
    fired = Signal()


def emit_loses_a_reference() -> bool:
    """True when this PySide's emit takes a reference from True (measured, not assumed)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit()
    return before - sys.getrefcount(True) >= _PROBES // 2


def install() -> bool:
    """Give True and False their reserve if emits lose references; True once it is given."""
    global _installed
    if _installed:
        return True
    if sys.version_info >= (3, 12) or not emit_loses_a_reference():
        return False  # immortal bools, or a PySide that keeps its count
    for flag in (True, False):
        # ob_refcnt is the object's first field; we hold the GIL, as Py_INCREF would.
        ctypes.c_ssize_t.from_address(id(flag)).value += _RESERVE
    _installed = True
    return True
