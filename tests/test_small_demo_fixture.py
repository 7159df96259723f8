from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import models as m
from db.session import make_engine, resolve_url


def test_small_demo_is_a_fresh_copy(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    with Session(engine) as s, s.begin():
        assert s.execute(select(func.count(m.Grid.id))).scalar() == 178
        assert 1000 < s.execute(select(func.count(m.Case.id))).scalar() < 10000
        s.execute(m.Case.__table__.update().values(description="changed in this copy only"))
    engine.dispose()


def test_copies_are_independent(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    with Session(engine) as s:
        changed = s.execute(
            select(func.count(m.Case.id)).where(m.Case.description == "changed in this copy only")
        ).scalar()
        assert changed == 0
    engine.dispose()
