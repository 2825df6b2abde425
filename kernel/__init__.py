"""The kernel the terminal's storage and HQ both build on: small pieces with no rules of the
business and no imports of ours, so every layer below the domain-free line may use them.

Today it holds the SQLite connection hooks (kernel/sqlite.py). The domain may not import
it (it does I/O); the domain's own kernel is pos_app.errors and pos_app.i18n.
"""
