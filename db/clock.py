"""Town time. Every timestamp GridDesk stores is naive China Standard Time (UTC+8).

China has no daylight saving, so a naive local timestamp is unambiguous, reads the same in
SQLite and PostgreSQL, and matches what the duty officer sees on the wall clock.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TOWN_TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current town time, naive, to the second."""
    return datetime.now(TOWN_TZ).replace(tzinfo=None, microsecond=0)
