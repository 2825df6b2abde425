"""Start-up decides whether a migration is due without importing Alembic (issue 15): the
revisions read from the scripts' text must be Alembic's own, and an up-to-date store must
open without Alembic in the process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from local_db.database import alembic_config, known_revisions, open_database

ROOT = Path(__file__).resolve().parents[2]


def test_the_scripts_text_names_the_same_head_and_revisions_as_alembic() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head, known = known_revisions()
    assert head == script.get_current_head()
    assert known == {rev.revision for rev in script.walk_revisions()}


def test_an_up_to_date_store_opens_without_importing_alembic(tmp_path: Path) -> None:
    db = tmp_path / "terminal.db"
    open_database(db).dispose()  # migrated to head here
    probe = (
        "import sys; from local_db.database import open_database; "
        f"open_database({str(db)!r}).dispose(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_a_store_behind_head_is_still_migrated(tmp_path: Path) -> None:
    db = tmp_path / "terminal.db"
    from alembic import command

    command.upgrade(alembic_config(f"sqlite:///{db}"), "0010")
    engine = open_database(db)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
                == known_revisions()[0]
    finally:
        engine.dispose()
