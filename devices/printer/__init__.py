"""Receipt printers: ESC/POS layout and bytes, links (tcp, usb, serial, file, win32, virtual)."""
