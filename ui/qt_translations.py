"""Qt's own words (QInputDialog's OK/Cancel, QMessageBox buttons) in the app's language, live.

Qt translates its standard buttons through a QTranslator loaded from its qtbase catalogue.
Installed once at start-up, it kept the F4 quantity dialog saying 确定/取消 after a cashier
switched the till to English; so the translator follows `pos_app.i18n`: installed for zh_CN,
removed for English (Qt's source language), every time the language changes.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from pos_app import i18n

#: app language -> the QLocale of Qt's catalogue (English needs none).
_QT_LOCALES = {"zh_CN": QLocale(QLocale.Language.Chinese, QLocale.Country.China)}


class QtTranslations:
    """One per application (see `follow_language`)."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self.translator: QTranslator | None = None
        self.apply(i18n.language())
        i18n.on_language_changed(self.apply)

    def apply(self, language: str) -> None:
        """Swap Qt's catalogue for `language`; dialogs made afterwards speak it."""
        if self.translator is not None:
            self._app.removeTranslator(self.translator)
            self.translator = None
        locale = _QT_LOCALES.get(language)
        if locale is None:
            return
        translator = QTranslator(self._app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(locale, "qtbase", "_", path):
            self._app.installTranslator(translator)
            self.translator = translator

    def close(self) -> None:
        """Stop following the language and take Qt's catalogue out (tests, shutdown)."""
        i18n.off_language_changed(self.apply)
        if self.translator is not None:
            self._app.removeTranslator(self.translator)
            self.translator = None
        if getattr(self._app, "qt_translations", None) is self:
            self._app.qt_translations = None


def follow_language(app: QApplication) -> QtTranslations:
    """The app's QtTranslations, made (and listening) on first call."""
    current = getattr(app, "qt_translations", None)
    if current is None:
        current = QtTranslations(app)
        app.qt_translations = current
    return current
