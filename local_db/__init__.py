"""The terminal's local SQLite store: tables, engine pragmas, migrations and integrity."""
