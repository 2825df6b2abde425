"""Export what the dashboard shows: a save dialog for the file, then the writing (19-A's
CSV with BOM / XLSX writers, the same figures as the screen) off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from pos_app.domain.kpis import StoreKpis
from pos_app.i18n import N_, _
from pos_app.services.kpis import KpiService
from ui.errors import user_message
from ui.tasks import alive, run_task
from ui.widgets.message_bar import MessageBar

FILTERS = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)"}
#: Every label of Qt's own save dialog, in our words: Qt's zh_CN catalogue (installed by
#: ui.qt_translations) leaves "Look in:" and "Files of type:" in English (tester, 20-L2).
LABELS = ((QFileDialog.DialogLabel.LookIn, N_("Look in:")),
          (QFileDialog.DialogLabel.FileName, N_("File name:")),
          (QFileDialog.DialogLabel.FileType, N_("Files of type:")),
          (QFileDialog.DialogLabel.Accept, N_("Save")),
          (QFileDialog.DialogLabel.Reject, N_("Cancel")))


def default_name(store_code: str, report: StoreKpis, kind: str) -> str:
    """e.g. kpis-S01-2026-12.csv: the store and the period, so a month's files sort."""
    label = report.period.label.replace("..", "_")
    return f"kpis-{store_code or 'store'}-{label}.{kind}"


def ask_path(parent: QWidget, name: str, kind: str) -> Path | None:
    """The save dialog (Qt's own, the same on every desktop and drivable in tests), its
    labels and buttons in the app's language."""
    dialog = QFileDialog(parent, _("Export the figures"))
    dialog.setObjectName("kpiExportDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    for label, text in LABELS:
        dialog.setLabelText(label, _(text))
    dialog.setNameFilter(FILTERS[kind])
    dialog.setDefaultSuffix(kind)
    dialog.setDirectory(str(Path.home()))
    dialog.selectFile(name)
    chosen = dialog.exec() == QDialog.DialogCode.Accepted and dialog.selectedFiles()
    dialog.deleteLater()
    parent.activateWindow()
    return Path(chosen[0]) if chosen else None


def export_report(parent: QWidget, kpis: KpiService, report: StoreKpis, kind: str,
                  message: MessageBar, store_code: str = "") -> None:
    """Ask where, then write off the GUI thread; the message bar says when it is saved."""
    path = ask_path(parent, default_name(store_code, report, kind), kind)
    if path is None:
        return
    write = kpis.export_csv if kind == "csv" else kpis.export_xlsx
    message.info(_("Writing {name}…").format(name=path.name), 60_000)

    def done(written: Path) -> None:
        if alive(message):
            message.info(_("Saved {path}.").format(path=str(written)), 10_000)

    def failed(exc: Exception) -> None:
        if alive(message):
            message.error(user_message(exc) if not isinstance(exc, OSError)
                          else _("Could not write {path}: {why}").format(
                              path=str(path), why=exc.strerror or exc))

    run_task(lambda: write(report, path), done, failed)
