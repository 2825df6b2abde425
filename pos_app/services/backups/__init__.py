"""Backups that restore without losing a sale: daily copies, restore, recovery."""

from pos_app.services.backups.recover import RecoverReport, recover
from pos_app.services.backups.restore import RestoreReport, restore
from pos_app.services.backups.service import BackupService

__all__ = ["BackupService", "RecoverReport", "RestoreReport", "recover", "restore"]
