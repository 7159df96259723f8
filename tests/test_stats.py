"""Every statistics and assessment figure against hand-computed fixtures, on SQLite and
PostgreSQL; the roll-up kept current from the change log; the demo's published figures."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import models as m
from db.cases import perform, report_case, set_category
from db.ops import InvalidInput, InvalidTransition, run_operation
from db.permissions import Permission
from db.session import make_engine, resolve_url
from db.stats import (
    DEFAULT_WEIGHTS,
    CaseFilter,
    Cycle,
    DepartmentFigures,
    assessment,
    case_list,
    cases_by_category,
    cases_by_department,
    cases_by_grid,
    cases_by_source,
    cases_per_day,
    cases_per_month,
    change_pct,
    compute_assessment,
    dashboard,
    department_figures,
    department_figures_direct,
    grid_case_counts,
    load_dashboard,
    refresh_case_stats,
    validate_weights,
    weighted_total,
)
from db.supervision import finalise_cycle, rate_departments, set_assessment_weights
from db.supervision_models import CaseStatsDaily
from tests.supervision_town import ADMIN, DUTY, SUPERVISOR, Town, add_case, build_town, day, inside


@pytest.fixture
def town(db_url: str) -> Town:
    return build_town(db_url)


def _refresh(town: Town) -> int:
    with Session(town.engine) as s, s.begin():
        return refresh_case_stats(s)


# ---------------------------------------------------------------- counts and the dashboard


def _calendar_fixture(town: Town) -> None:
    add_case(town, day(2026, 1, 5, 8), source="patrol", department=town.t01)
    add_case(town, day(2026, 1, 5, 23, 59), source="hotline", category=town.cat_b, department=town.t02)
    add_case(town, day(2026, 3, 10), source="department", category=town.cat_h, hazard=True, department=town.t01)
    add_case(town, day(2026, 8, 1), source="department", category=town.cat_h, hazard=True, grid=town.m2)
    add_case(town, day(2026, 11, 28), source="patrol")  # after the reference day
    add_case(town, day(2025, 1, 5, 0, 0), source="patrol", department=town.t01)
    add_case(town, day(2025, 1, 5, 12), source="hotline", department=town.t01)
    add_case(town, day(2025, 1, 6), source="camera", category=town.cat_b, grid=town.m2)
    add_case(town, day(2025, 6, 30, 23, 59), source="patrol")
    add_case(town, day(2025, 12, 1), source="patrol")


def test_counts_by_day_month_and_dimension(town: Town) -> None:
    _calendar_fixture(town)
    assert _refresh(town) == -1  # first refresh builds the roll-up
    with Session(town.engine) as s:
        assert cases_per_day(s, date(2025, 1, 1), date(2025, 1, 7)) == {date(2025, 1, 5): 2, date(2025, 1, 6): 1}
        assert cases_per_month(s, 2026) == [2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0]
        assert cases_per_month(s, 2025) == [3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]
        y26 = (date(2026, 1, 1), date(2027, 1, 1))
        assert cases_by_source(s, *y26) == {"patrol": 2, "hotline": 1, "department": 2}
        assert cases_by_category(s, *y26) == {town.cat_a: 2, town.cat_b: 1, town.cat_h: 2}
        assert cases_by_department(s, *y26) == {town.t01: 2, town.t02: 1, None: 2}
        assert cases_by_grid(s, *y26) == {town.m1: 4, town.m2: 1}
        assert cases_by_grid(s, *y26, level="responsibility") == {town.r1: 4, town.r2: 1}
        assert grid_case_counts(s, date(2025, 1, 1), date(2026, 1, 1), "responsibility") == {town.r1: 4, town.r2: 1}


def test_dashboard_this_year_against_last_year(town: Town) -> None:
    _calendar_fixture(town)
    _refresh(town)
    with Session(town.engine) as s:
        d = dashboard(s, datetime(2026, 11, 27, 9, 30))
    assert (d.year, d.start, d.end) == (2026, date(2026, 1, 1), date(2026, 11, 28))
    assert d.per_month == [2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]  # 28 November is after as_of
    assert d.per_month_last_year == [3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]
    assert d.per_day == {date(2026, 1, 5): 2, date(2026, 3, 10): 1, date(2026, 8, 1): 1}
    assert d.total == 4
    assert d.total_last_year_same_period == 4  # 1 Jan - 27 Nov 2025
    assert d.change_pct == 0.0
    assert (d.half_year, d.first_half, d.first_half_last_year) == (2026, 3, 4)
    assert d.first_half_change_pct == -25.0
    assert d.hazard_first_half == 1 and len(d.hazard_reports) == 1
    assert d.hazard_reports[0].category_name == "消防隐患"
    assert [(c.name, c.n, c.n_last_year) for c in d.by_source] == [
        ("department", 2, 0), ("hotline", 1, 1), ("patrol", 1, 2), ("camera", 0, 1),
    ]
    assert [(c.name, c.n, c.n_last_year) for c in d.by_category] == [
        ("消防隐患", 2, 0), ("占道经营", 1, 3), ("暴露垃圾", 1, 1),
    ]
    assert [(c.name, c.n) for c in d.by_major] == [("安全", 2), ("市容", 1), ("环境", 1)]
    assert [(c.name, c.n, c.n_last_year) for c in d.by_department] == [("城管中队", 2, 2), ("环卫所", 1, 0)]
    assert [(c.name, c.n, c.n_last_year) for c in d.by_grid] == [("R1网格", 3, 3), ("R2网格", 1, 1)]
    assert d.by_management_grid == {town.m1: 3, town.m2: 1}


def test_change_pct_rounding() -> None:
    assert change_pct(25442, 29745) == -14.47
    assert change_pct(3, 0) is None
    assert change_pct(5, 4) == 25.0


def test_case_list_behind_a_bar(town: Town) -> None:
    _calendar_fixture(town)
    y26 = (date(2026, 1, 1), date(2026, 11, 28))
    with Session(town.engine) as s:
        all_of_them = case_list(s, *y26)
        assert all_of_them.total == 4
        assert [r.reported_at for r in all_of_them.rows] == sorted((r.reported_at for r in all_of_them.rows), reverse=True)
        hz = case_list(s, *y26, CaseFilter(hazard=True))
        assert hz.total == 2 and {r.category_name for r in hz.rows} == {"消防隐患"}
        assert case_list(s, *y26, CaseFilter(source="hotline")).total == 1
        assert case_list(s, *y26, CaseFilter(grid_id=town.r2)).total == 1  # a responsibility grid: its children
        assert case_list(s, *y26, CaseFilter(grid_id=town.m1)).total == 3
        assert case_list(s, *y26, CaseFilter(department_id=town.t01)).total == 2
        assert case_list(s, *y26, CaseFilter(no_department=True)).total == 1
        assert case_list(s, *y26, CaseFilter(major="环境")).total == 1
        assert len(case_list(s, *y26, limit=2).rows) == 2
    _refresh(town)
    with Session(town.engine) as s:
        for f in (
            CaseFilter(), CaseFilter(hazard=True), CaseFilter(source="hotline"), CaseFilter(grid_id=town.r2),
            CaseFilter(grid_id=town.m1), CaseFilter(department_id=town.t01), CaseFilter(no_department=True),
            CaseFilter(major="环境"), CaseFilter(category_id=town.cat_a), CaseFilter(source="patrol", grid_id=town.m1),
        ):
            assert case_list(s, *y26, f, total_from_rollup=True).total == case_list(s, *y26, f).total, f


def test_rollup_follows_operations_and_bulk_loads(town: Town) -> None:
    _calendar_fixture(town)
    _refresh(town)
    assert _refresh(town) == 0  # nothing changed
    # a report through the workflow: the change log names it
    lon, lat = inside(1)
    changes = perform(
        town.engine, DUTY, report_case, source="hotline", category_id=town.cat_b, lon=lon, lat=lat,
        reported_at=datetime(2026, 3, 10, 15, 0),
    )
    (case_id,) = changes.ids("case")
    assert _refresh(town) == 1
    with Session(town.engine) as s:
        assert cases_per_day(s, date(2026, 3, 10), date(2026, 3, 11)) == {date(2026, 3, 10): 2}
        assert cases_by_source(s, date(2026, 3, 10), date(2026, 3, 11)) == {"department": 1, "hotline": 1}
        version = s.get(m.Case, case_id).version  # type: ignore[union-attr]
    # re-categorised: that day is recomputed
    perform(town.engine, DUTY, set_category, case_id, version, town.cat_a)
    assert _refresh(town) == 1
    with Session(town.engine) as s:
        assert cases_by_category(s, date(2026, 3, 10), date(2026, 3, 11)) == {town.cat_a: 1, town.cat_h: 1}
    # a bulk insert (no change log): found by its id
    add_case(town, day(2026, 4, 1))
    assert _refresh(town) == 1
    with Session(town.engine) as s:
        assert cases_per_month(s, 2026)[3] == 1


def test_rollup_matches_a_plain_group_by(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    dash = load_dashboard(engine)
    with Session(engine) as s:
        raw = dict(
            s.execute(select(func.date(m.Case.reported_at), func.count()).group_by(func.date(m.Case.reported_at))).all()
        )
        rolled = {
            str(d): n for d, n in s.execute(select(CaseStatsDaily.day, CaseStatsDaily.n).where(CaseStatsDaily.dim == "all")).all()
        }
        assert {str(k)[:10]: v for k, v in raw.items()} == rolled
        by_src = dict(s.execute(select(m.Case.source, func.count()).group_by(m.Case.source)).all())
        n_open = s.execute(
            select(func.count()).where(m.Case.state.in_([str(x) for x in m.OPEN_STATES]))
        ).scalar_one()
    start, end = date(2025, 1, 1), date(2027, 1, 1)
    with Session(engine) as s:
        assert cases_by_source(s, start, end) == by_src
    assert dash.total == sum(dash.per_day.values())
    assert dash.open_cases == n_open > 100


# ---------------------------------------------------------------- the assessment


def _assessment_fixture(town: Town) -> None:
    """See the expected figures in test_department_figures_by_hand."""
    # T01, cycle 2026/3 (May-June)
    c1 = add_case(town, day(2026, 5, 2, 8), department=town.t01, dispatched=day(2026, 5, 2, 9),
                  deadline=day(2026, 5, 4, 9), closed=day(2026, 5, 3, 9), events=("dispatch", "close"))
    add_case(town, day(2026, 5, 10, 8), department=town.t01, dispatched=day(2026, 5, 10, 10),
             deadline=day(2026, 5, 11, 10), closed=day(2026, 5, 12, 22), rework=1,
             events=("dispatch", "feedback", "rework", "feedback", "close"))
    add_case(town, day(2026, 6, 20, 8), state="dispatched", department=town.t01, dispatched=day(2026, 6, 20, 10),
             deadline=day(2026, 7, 20, 10), events=("dispatch", "return", "redispatch"))
    add_case(town, day(2026, 6, 1, 8), state="dispatched", department=town.t01, dispatched=day(2026, 6, 1, 10),
             deadline=day(2026, 6, 5, 10), events=("dispatch",))
    add_case(town, day(2026, 5, 5, 8), state="to_dispatch", department=town.t01)  # not dispatched
    add_case(town, day(2026, 5, 6, 8), department=town.t01, dispatched=day(2026, 5, 6, 9),
             closed=day(2026, 5, 6, 10), merged_into=c1, events=("dispatch", "merge"))  # a duplicate
    add_case(town, day(2026, 5, 7, 8), department=town.q01, dispatched=day(2026, 5, 7, 9),
             closed=day(2026, 5, 7, 10), events=("escalate",))  # district: not assessed
    # T02
    add_case(town, day(2026, 5, 3, 7), department=town.t02, category=town.cat_b, dispatched=day(2026, 5, 3, 8),
             deadline=day(2026, 5, 4, 8), closed=day(2026, 5, 3, 20), events=("dispatch", "close"))
    # T01 in the cycle before (March-April)
    add_case(town, day(2026, 4, 30, 8), department=town.t01, dispatched=day(2026, 4, 30, 10),
             deadline=day(2026, 5, 2, 10), closed=day(2026, 5, 1, 10), events=("dispatch", "close"))


def _rate(town: Town) -> None:
    cy = Cycle(2026, 3)
    run_operation(town.engine, SUPERVISOR, Permission.ASSESSMENT_MANAGE, rate_departments, cy, town.u1,
                  {town.t01: 80, town.t02: 70, town.t03: 60})
    run_operation(town.engine, SUPERVISOR, Permission.ASSESSMENT_MANAGE, rate_departments, cy, town.u2,
                  {town.t01: 90})


AS_OF = datetime(2026, 7, 10, 12, 0)


def test_department_figures_by_hand(town: Town) -> None:
    _assessment_fixture(town)
    with Session(town.engine) as s:
        f = department_figures(s, date(2026, 5, 1), date(2026, 7, 1), AS_OF)
    t01, t02, t03 = f[town.t01], f[town.t02], f[town.t03]
    assert town.q01 not in f
    assert (t01.cases, t01.closed, t01.due, t01.on_time, t01.reworked, t01.handled, t01.accurate) == (4, 2, 3, 1, 1, 2, 3)
    assert t01.handling_hours == pytest.approx(24 + 60)
    assert t01.closure_rate == 0.5
    assert t01.on_time_rate == pytest.approx(1 / 3)
    assert t01.rework_rate == pytest.approx(1 / 3)
    assert t01.avg_handling_hours == pytest.approx(42.0)
    assert t01.accurate_dispatch_rate == 0.75
    assert (t02.cases, t02.closed, t02.due, t02.on_time, t02.reworked, t02.accurate) == (1, 1, 1, 1, 0, 1)
    assert t02.avg_handling_hours == pytest.approx(12.0)
    assert t03.cases == 0 and t03.closure_rate is None and t03.avg_handling_hours is None
    with Session(town.engine) as s:
        direct = department_figures_direct(s, date(2026, 5, 1), date(2026, 7, 1), AS_OF)
    same_figures(direct, f)


def vars_of(f: DepartmentFigures) -> dict[str, object]:
    """The figures to compare; handling time (kept in whole minutes per case by the
    roll-up) separately, within half a minute on average."""
    out = {k: getattr(f, k) for k in DepartmentFigures.__dataclass_fields__ if k != "handling_hours"}
    out["avg_minutes"] = None if f.avg_handling_hours is None else round(f.avg_handling_hours * 60 / 1.0)
    return out


def same_figures(a: dict[int, DepartmentFigures], b: dict[int, DepartmentFigures]) -> None:
    assert a.keys() == b.keys()
    for d in a:
        fa, fb = vars_of(a[d]), vars_of(b[d])
        ma, mb = fa.pop("avg_minutes"), fb.pop("avg_minutes")
        assert fa == fb, d
        assert (ma is None) == (mb is None) and (ma is None or abs(ma - mb) <= 1), d  # type: ignore[operator]


def test_rollup_assessment_matches_the_direct_one(small_demo_url: str) -> None:
    engine = make_engine(resolve_url(small_demo_url))
    as_of = datetime(2026, 11, 27, 9, 30)
    for start, end in ((date(2026, 11, 1), date(2027, 1, 1)), (date(2026, 9, 1), date(2026, 11, 1)),
                       (date(2026, 1, 1), date(2027, 1, 1))):
        with Session(engine) as s, s.begin():
            rolled = department_figures(s, start, end, as_of)
            direct = department_figures_direct(s, start, end, as_of)
        same_figures(rolled, direct)
        assert sum(x.cases for x in rolled.values()) > 0 or start.month == 9


def test_assessment_scores_total_ranking_and_trend(town: Town) -> None:
    _assessment_fixture(town)
    _rate(town)
    with Session(town.engine) as s:
        a = assessment(s, Cycle(2026, 3), AS_OF)
    rows = {r.figures.code: r for r in a.rows}
    assert a.weights == DEFAULT_WEIGHTS
    t01, t02, t03 = rows["T01"], rows["T02"], rows["T03"]
    assert t01.figures.village_score == 85.0 and t01.figures.ratings == 2
    assert t01.scores["closure_rate"] == pytest.approx(50.0)
    assert t01.scores["on_time_rate"] == pytest.approx(100 / 3)
    assert t01.scores["rework"] == pytest.approx(200 / 3)
    assert t01.scores["handling_time"] == pytest.approx(12 / 42 * 100)
    assert t01.scores["accurate_dispatch"] == pytest.approx(75.0)
    # 0.5*85 + 0.1*50 + 0.15*33.33 + 0.1*66.67 + 0.05*28.57 + 0.1*75 = 68.095
    assert t01.total == 68.1
    assert t02.total == 85.0  # 0.5*70 + 0.5*100
    assert t03.total == 60.0  # only the villages' score: its weight takes all
    assert [(r.figures.code, r.rank) for r in a.rows[:3]] == [("T02", 1), ("T01", 2), ("T03", 3)]
    # March-April: T01 alone, everything perfect -> first; now second
    assert (t01.previous_rank, t01.previous_total, t01.rank_change) == (1, 100.0, -1)
    assert t02.previous_rank is None and t02.rank_change is None
    assert a.previous == Cycle(2026, 2)


def test_weights_arithmetic_and_validation(town: Town) -> None:
    _assessment_fixture(town)
    _rate(town)
    custom = {"village_score": 0.2, "closure_rate": 0.2, "on_time_rate": 0.2, "rework": 0.2,
              "handling_time": 0.1, "accurate_dispatch": 0.1}
    run_operation(town.engine, SUPERVISOR, Permission.ASSESSMENT_MANAGE, set_assessment_weights, custom)
    with Session(town.engine) as s:
        a = compute_assessment(s, Cycle(2026, 3), AS_OF)
    rows = {r.figures.code: r for r in a.rows}
    # 0.2*85 + 0.2*50 + 0.2*33.33 + 0.2*66.67 + 0.1*28.57 + 0.1*75 = 57.357
    assert rows["T01"].total == 57.36
    assert rows["T03"].total == 60.0
    assert weighted_total({"a": 50.0, "b": None}, {"a": 0.25, "b": 0.75}) == 50.0
    assert weighted_total({"a": None}, {"a": 1.0}) is None
    with pytest.raises(ValueError, match=r"add up to 90\.0%"):
        validate_weights({**custom, "village_score": 0.1})
    for bad in ({**custom, "speed": 0.0}, {**custom, "rework": -0.1}, {"village_score": 1.0}):
        with pytest.raises(InvalidInput):
            run_operation(town.engine, SUPERVISOR, Permission.ASSESSMENT_MANAGE, set_assessment_weights, bad)


def test_year_end_uses_the_bimonthly_ratings(town: Town) -> None:
    _assessment_fixture(town)
    _rate(town)
    run_operation(town.engine, SUPERVISOR, Permission.ASSESSMENT_MANAGE, rate_departments, Cycle(2026, 2),
                  town.u1, {town.t01: 95})
    with Session(town.engine) as s:
        a = compute_assessment(s, Cycle(2026, 0), AS_OF)
    t01 = next(r for r in a.rows if r.figures.code == "T01")
    assert t01.figures.village_score == 90.0  # mean of 95 (Mar-Apr) and 85 (May-Jun)
    assert t01.figures.cases == 5  # the whole year: April's case too


def test_ratings_validation_and_finalising(town: Town) -> None:
    _assessment_fixture(town)
    _rate(town)
    cy = Cycle(2026, 3)
    for scores in ({town.t01: 101}, {town.q01: 80}, {}):
        with pytest.raises(InvalidInput):
            run_operation(town.engine, SUPERVISOR, Permission.ASSESSMENT_MANAGE, rate_departments, cy, town.u1, scores)
    with pytest.raises(InvalidInput, match="not over yet"):
        run_operation(town.engine, SUPERVISOR, Permission.ASSESSMENT_MANAGE, finalise_cycle, Cycle(2026, 6), AS_OF)
    run_operation(town.engine, ADMIN, Permission.ASSESSMENT_MANAGE, finalise_cycle, cy, AS_OF)
    with pytest.raises(InvalidTransition):
        run_operation(town.engine, SUPERVISOR, Permission.ASSESSMENT_MANAGE, rate_departments, cy, town.u1, {town.t01: 50})
    # frozen: a late-closed case no longer moves the finalised figures
    add_case(town, day(2026, 6, 2, 8), department=town.t02, dispatched=day(2026, 6, 2, 9), closed=day(2026, 6, 9),
             deadline=day(2026, 6, 3), events=("dispatch",))
    with Session(town.engine) as s:
        a = assessment(s, cy, AS_OF)
        live = compute_assessment(s, cy, AS_OF)
    assert a.finalised
    assert next(r for r in a.rows if r.figures.code == "T02").figures.cases == 1
    assert next(r for r in live.rows if r.figures.code == "T02").figures.cases == 2


def test_cycles() -> None:
    assert (Cycle(2026, 3).start, Cycle(2026, 3).end) == (date(2026, 5, 1), date(2026, 7, 1))
    assert (Cycle(2026, 6).start, Cycle(2026, 6).end) == (date(2026, 11, 1), date(2027, 1, 1))
    assert (Cycle(2026, 0).start, Cycle(2026, 0).end) == (date(2026, 1, 1), date(2027, 1, 1))
    assert Cycle(2026, 1).previous() == Cycle(2025, 6)
    assert Cycle(2026, 0).previous() == Cycle(2025, 0)
    assert Cycle.containing(date(2026, 11, 27)) == Cycle(2026, 6)
    assert Cycle.containing(date(2026, 2, 28)) == Cycle(2026, 1)
    with pytest.raises(ValueError):
        Cycle(2026, 7).validate()
