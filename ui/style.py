"""One stylesheet: touch-sized controls (≥ 44 px) and a CJK-capable font."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

CJK_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC")

STYLESHEET = """
QWidget { font-size: 15px; }
QPushButton { min-height: 44px; min-width: 44px; padding: 4px 12px; }
QLineEdit { min-height: 40px; font-size: 18px; padding: 0 6px; }
QPushButton#primary { background: #1f7a3a; color: white; font-size: 22px; font-weight: bold; }
QPushButton#primary:disabled { background: #9bbfa5; }
QLabel#total { font-size: 34px; font-weight: bold; color: #1f3a7a; }
QLabel#bigChange { font-size: 26px; font-weight: bold; color: #1f7a3a; }
QLabel#message[kind="error"] { background: #fdecea; color: #a4001d; padding: 8px;
  border-radius: 4px; font-size: 16px; }
QLabel#message[kind="info"] { background: #e8f4ea; color: #1f5a2a; padding: 8px;
  border-radius: 4px; font-size: 16px; }
QLabel#message[long="true"] { font-size: 13px; }
QLabel#badgeOffline { background: #777; color: white; padding: 2px 8px; border-radius: 8px; }
QTableWidget { font-size: 16px; }
"""


def apply_style(app: QApplication) -> None:
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            font = QFont(family)
            font.setPointSize(11)
            app.setFont(font)
            break
    app.setStyleSheet(STYLESHEET)
