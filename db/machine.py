"""What machine a benchmark ran on, for docs/PERFORMANCE.md (every bench prints it)."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text


def machine_info(engine: Engine | None = None) -> dict[str, Any]:
    """Cores, CPU model, RAM, Python, platform, load average; and the database server's
    version when an engine is given."""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_gib"] = round(int(line.split()[1]) / 1024**2, 1)
                break
        info["load_avg"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    if engine is not None:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                info["postgresql"] = conn.execute(text("SHOW server_version")).scalar_one()
            else:
                info["sqlite"] = conn.execute(text("SELECT sqlite_version()")).scalar_one()
    return info
