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
        s.execute(m.Case.__table__.delete())
    engine.dispose()


def test_copies_are_independent(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    with Session(engine) as s:
        assert s.execute(select(func.count(m.Case.id))).scalar() > 1000
    engine.dispose()
