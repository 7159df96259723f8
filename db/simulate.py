"""Demo life: a steady trickle of realistic new reports, so the console shows a living duty
room (`python main.py --simulate`).

Each report goes through the real `db.cases.report` operation (permission check, audit,
change log), so every workstation sees it arrive through the live feed like any other. The
mix follows the intake channels of the demo history: grid members on patrol, citizens
scanning a key point's QR code, camera and sensor alarms, the hotline. Timestamps follow the
data's clock: on the demo database its reference time advanced by the wall clock.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import models as m
from db.cases import ReportOutcome, report
from db.clock import now
from db.ops import Actor, OperationError

SOURCES = (("patrol", 0.5), ("citizen_qr", 0.2), ("camera", 0.18), ("hotline", 0.12))
SIMULATOR = Actor(None, "simulator", "duty_officer", "模拟上报 / simulator", "SIMULATOR")


@dataclass
class _Pools:
    categories: list[tuple[int, int]]  # (id, weight)
    grids: list[tuple[int, BaseGeometry]]  # management grids (id, polygon)
    key_points: list[tuple[int, float, float, bool]]  # (id, lon, lat, qr active)
    reference: datetime | None


def _pools(engine: Engine) -> _Pools:
    with Session(engine) as s:
        cats = s.execute(
            select(m.Category.id, m.Category.urgent, m.Category.hazard, m.Category.police).where(
                m.Category.active.is_(True)
            )
        ).all()
        grids = s.execute(select(m.Grid.id, m.Grid.geometry).where(m.Grid.level == m.GridLevel.MANAGEMENT)).all()
        kps = s.execute(select(m.KeyPoint.id, m.KeyPoint.lon, m.KeyPoint.lat, m.KeyPoint.qr_active)).all()
        ref = s.get(m.Setting, "reference_time")
    # urgent items are rare in real life; hazards come from departments, not from here
    weights = [(c.id, 1 if c.urgent else 10) for c in cats if not c.hazard]
    return _Pools(
        categories=weights,
        grids=[(g.id, g.geometry) for g in grids],
        key_points=[(k.id, k.lon, k.lat, bool(k.qr_active)) for k in kps],
        reference=datetime.fromisoformat(ref.value) if ref else None,
    )


class Simulator:
    """Makes one plausible report per call to `step`; `run` repeats it on a thread."""

    def __init__(self, engine: Engine, *, seed: int | None = None, actor: Actor = SIMULATOR) -> None:
        self.engine = engine
        self.actor = actor
        self.rng = random.Random(seed)
        self.pools = _pools(engine)
        self.started_wall = now()
        self.made: list[ReportOutcome] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def clock(self) -> datetime | None:
        """The data's now: the demo's reference time plus the time since we started."""
        if self.pools.reference is None:
            return None  # a real database: the operation's own clock
        return self.pools.reference + (now() - self.started_wall) + timedelta(seconds=1)

    def step(self) -> ReportOutcome:
        rng = self.rng
        source = rng.choices([s for s, _ in SOURCES], [w for _, w in SOURCES])[0]
        cat_ids, weights = zip(*self.pools.categories, strict=True)
        category_id = rng.choices(cat_ids, weights)[0]
        kwargs: dict[str, object] = {"source": source, "category_id": category_id, "reported_at": self.clock()}
        qr_points = [k for k in self.pools.key_points if k[3]]
        if source == "citizen_qr" and qr_points:
            kp = rng.choice(qr_points)
            kwargs.update(key_point_id=kp[0], lon=kp[1], lat=kp[2], reporter_name="市民", reporter_phone=_phone(rng))
        else:
            _gid, poly = rng.choice(self.pools.grids)
            x0, y0, x1, y1 = poly.bounds
            for _ in range(200):  # a point inside the grid, not just its bounding box
                lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
                if shapely.contains_xy(poly, lon, lat):
                    break
            else:
                point = poly.representative_point()
                lon, lat = point.x, point.y
            kwargs.update(lon=lon, lat=lat)
            if source == "hotline":
                kwargs.update(reporter_name=rng.choice("王李张刘陈杨赵黄周吴") + "先生", reporter_phone=_phone(rng))
        kwargs["description"] = {
            "patrol": "网格员巡查发现",
            "citizen_qr": "市民扫码上报",
            "camera": "视频监控智能识别告警",
            "hotline": "市民来电反映",
        }[source]
        outcome = report(self.engine, self.actor, **kwargs)
        self.made.append(outcome)
        return outcome

    def run(self, interval_s: float = 30.0, jitter: float = 0.5) -> threading.Thread:
        """Report every `interval_s` seconds (±jitter) on a daemon thread until `stop`."""

        def loop() -> None:
            while not self._stop.wait(max(1.0, interval_s * (1 + self.rng.uniform(-jitter, jitter)))):
                try:
                    self.step()
                except OperationError:
                    continue  # e.g. the database is briefly unreachable: try again later
                except Exception:
                    time.sleep(interval_s)

        self._thread = threading.Thread(target=loop, name="griddesk-simulator", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        self._stop.set()


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("35789") + "".join(str(rng.randrange(10)) for _ in range(9))
