"""The cart's rows as a Qt model that tells the view only what changed.

A till's cart is redrawn after every scan; rebuilding every cell (700 items for a 100-line
cart) on each refresh made the time from scan to painted line grow with the square of the
cart (issue 15). Here each refresh is compared with the rows already shown: unchanged rows
are not touched, changed ones are announced in one `dataChanged` per run of rows, and lines
added or removed at the end are inserted or removed as rows, so the view repaints what it
must and `rowsInserted` still says "a line was added" (ui.widgets.change_due listens to it).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class CartRow:
    """One line as shown: its id (for selection), the cells' text and their tooltip."""

    line_id: str
    cells: tuple[str, ...]
    tooltip: str = ""


class CartModel(QAbstractTableModel):
    def __init__(self, headers: tuple[str, ...], right_aligned: frozenset[int],
                 parent=None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._right = right_aligned
        self._rows: list[CartRow] = []

    # --- what the view reads -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if index.column() in self._right else LEFT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- what the table writes -----------------------------------------------------------
    def set_headers(self, headers: list[str]) -> None:
        self._headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)

    def row(self, index: int) -> CartRow:
        return self._rows[index]

    def line_ids(self) -> list[str]:
        return [r.line_id for r in self._rows]

    def set_rows(self, rows: list[CartRow]) -> None:
        """Show `rows`, announcing only the rows that differ from what is shown."""
        old, new = self._rows, rows
        shared = min(len(old), len(new))
        changed = [i for i in range(shared) if old[i] != new[i]]
        if len(new) < len(old):
            self.beginRemoveRows(QModelIndex(), len(new), len(old) - 1)
            self._rows = list(new)
            self.endRemoveRows()
        elif len(new) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self._rows = list(new)
            self.endInsertRows()
        else:
            self._rows = list(new)
        last_col = len(self._headers) - 1
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_col))


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] -> [(1, 3), (7, 7)]: one notice per run of neighbouring rows."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs
