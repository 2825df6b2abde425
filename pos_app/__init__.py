"""Shopfloor POS terminal core: domain rules and the services the UI calls (no Qt here)."""

__version__ = "0.1.0"
