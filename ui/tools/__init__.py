"""The till's tools menu ("More…", Ctrl+M): shift, cash, lock, returns without receipt,
KPIs… each a line in ui/tools/registry.py, each opened by its feature's ui package."""

from ui.tools.menu import Tool, ToolContext, ToolsMenu

__all__ = ["Tool", "ToolContext", "ToolsMenu"]
