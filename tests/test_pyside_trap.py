"""Guard against the PySide6 6.12.0 / CPython 3.11 trap.

PySide6 6.12.0 on CPython 3.11 steals a reference to ``None`` on every Qt call that returns
nothing; after a few thousand such calls None's refcount hits zero and the interpreter aborts
with "Fatal Python error: none_dealloc". pyproject.toml therefore pins
``PySide6-Essentials<6.12``. These tests fail loudly if that pin is lost or the bug returns.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

TRAP = (
    "PySide6 6.12.0 on CPython 3.11 leaks references to None on every Qt call returning "
    "nothing and aborts with 'Fatal Python error: none_dealloc' (keep PySide6-Essentials<6.12)"
)
CALLS = 100_000

SCRIPT = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    obj = QObject()
    widget = QWidget()
    before = sys.getrefcount(None)
    for i in range({CALLS} // 4):
        obj.setObjectName("x")
        widget.setEnabled(True)
        widget.setToolTip("tip")
        widget.resize(10, 10)
    after = sys.getrefcount(None)
    print("refcount", before, after)
    widget.deleteLater()
    del widget, obj
    print("ok")
    """
)


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the trap is specific to CPython 3.11")
def test_pyside6_version_is_below_6_12_on_python_311() -> None:
    import PySide6

    assert PySide6.__version_info__ < (6, 12), f"PySide6 {PySide6.__version__}: {TRAP}"


def test_many_none_returning_qt_calls_do_not_abort() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    detail = f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr[-3000:]}"
    assert proc.returncode == 0, f"{TRAP}\n{detail}"
    lines = proc.stdout.split()
    assert "ok" in lines, f"{TRAP}\n{detail}"
    if sys.version_info[:2] == (3, 11):  # from 3.12 on, None is immortal
        idx = lines.index("refcount")
        before, after = int(lines[idx + 1]), int(lines[idx + 2])
        assert after > before - 1000, f"refcount of None fell {before} -> {after}: {TRAP}"
