"""Nothing the sign-in screen does not need is imported at the till's start (issue 15):
the composition root builds a real store's container and the UI modules are loaded, in a
fresh interpreter, and none of the heavy libraries is in it. Each is imported where it is
first used (a migration, a GS1 code, a pinyin search, a sync round, a print, the camera,
an export) or warmed on a background thread after the first frame (ui/startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pos_app.app import build

ROOT = Path(__file__).resolve().parents[1]
HEAVY = {"alembic", "pypinyin", "cv2", "numpy", "zxingcpp", "pyzbar", "escpos", "httpx",
         "biip", "openpyxl", "PIL", "usb", "qrcode"}


def test_building_the_till_and_loading_the_ui_imports_no_heavy_library(tmp_path: Path) -> None:
    build(tmp_path, demo=True).engine.dispose()  # seeded and migrated here, not in the probe
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from pos_app.app import build\n"
        "import ui.main\n"
        f"build(Path({str(tmp_path)!r})).engine.dispose()\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert loaded & HEAVY == set()
