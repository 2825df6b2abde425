"""PySide6 user interface: screens, dialogs and widgets that call services only."""
