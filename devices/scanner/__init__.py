"""Barcode scanner input; the Qt event filter lives in `qt_wedge` so this stays Qt-free."""

from devices.scanner.wedge import Event, Passthrough, Scan, WedgeConfig, WedgeDecoder

__all__ = ["Event", "Passthrough", "Scan", "WedgeConfig", "WedgeDecoder"]
