"""PySide6 user interface: screens, dialogs and widgets that call services only."""

from ui.qt_emit_fix import install as _install_emit_fix

_install_emit_fix()  # before any signal is emitted: see ui/qt_emit_fix.py
