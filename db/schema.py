"""Every table GridDesk has: importing this module registers all model modules on
`Base.metadata` (Alembic's env.py and the demo's reset use it).

Feature areas keep their models in their own module (db/models.py holds the core); add a
line here for each new one.
"""

from __future__ import annotations

import db.attachment_models
import db.console_models
import db.grid_models
import db.meeting_models
import db.supervision_models  # noqa: F401  (patrols, inspections, assessment, statistics)
from db import models
from db.models import Base

metadata = Base.metadata

__all__ = ["Base", "metadata", "models"]
