"""Online backups of the store file and the copies they make (see copy.py, retention.py)."""

from local_db.backups.copy import BACKUP_DIR, Backup, list_backups, make_backup, restore_copy
from local_db.backups.retention import prune

__all__ = ["BACKUP_DIR", "Backup", "list_backups", "make_backup", "prune", "restore_copy"]
