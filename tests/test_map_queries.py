"""db/map_queries.py on SQLite and PostgreSQL (the small demo town): search over every record,
per-grid figures aggregated in SQL, and the map settings operations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import map_queries as mq
from db import models as m
from db.datasource import DatabaseSource
from db.ops import Actor, InvalidInput, PermissionDenied, run_operation
from db.permissions import Permission
from db.queries import reference_time
from db.session import make_engine, resolve_url
from gis.mapmodel import LayerId
from gis.thematic import ThematicField
from gis.tiles import BaseMapConfig, BaseMapKind

ADMIN = Actor(1, "admin", "admin", workstation="ws-map")
OFFICER = Actor(2, "duty1", "duty_officer", workstation="ws-map")


@pytest.fixture
def engine(small_demo_url: str):  # type: ignore[no-untyped-def]
    e = make_engine(resolve_url(small_demo_url))
    yield e
    e.dispose()


# --------------------------------------------------------------------------- search


def test_search_finds_grids_key_points_and_cases(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        grid = s.execute(
            select(m.Grid).where(m.Grid.level == "management").order_by(m.Grid.code).limit(1)
        ).scalar_one()
        kp = s.execute(select(m.KeyPoint).order_by(m.KeyPoint.id).limit(1)).scalar_one()
        open_case = s.execute(
            select(m.Case).where(m.Case.state == "dispatched").order_by(m.Case.id).limit(1)
        ).scalar_one()
        closed = s.execute(
            select(m.Case).where(m.Case.state == "closed").order_by(m.Case.id).limit(1)
        ).scalar_one()

        hits = mq.search(s, grid.code)
        assert hits[0].result.kind == "grid" and hits[0].result.feature_id == grid.id
        assert hits[0].result.layer_id == LayerId.MANAGEMENT and hits[0].result.score == 0
        assert hits[0].on_map

        by_name = mq.search(s, grid.name[1:4])  # a substring, case-insensitive
        assert any(h.result.feature_id == grid.id for h in by_name)

        qr = mq.search(s, kp.qr_code.lower())
        assert qr[0].result.kind == "key_point" and qr[0].result.feature_id == kp.id
        assert (qr[0].lon, qr[0].lat) == pytest.approx((kp.lon, kp.lat))
        assert any(h.result.feature_id == kp.id for h in mq.search(s, kp.name))

        c = mq.search(s, open_case.number)
        assert c[0].result.kind == "case" and c[0].result.feature_id == open_case.id
        assert c[0].on_map and c[0].result.layer_id == LayerId.CASES
        cc = mq.search(s, closed.number)
        assert cc[0].result.feature_id == closed.id and not cc[0].on_map  # closed: not drawn


def test_search_ranks_exact_before_prefix_before_substring(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        number = s.execute(select(m.Case.number).order_by(m.Case.id).limit(1)).scalar_one()
        prefix = number[:-1]
        hits = mq.search(s, prefix, limit=30)
        scores = [h.result.score for h in hits]
        assert scores == sorted(scores)
        assert all(
            h.result.label.lower().startswith(prefix.lower())
            for h in hits
            if h.result.kind == "case"
        )


@pytest.mark.parametrize("text", ["", "   ", "%", "_", "zz-no-such-thing-zz"])
def test_search_treats_wildcards_literally(engine, text: str) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        assert mq.search(s, text) == []


# --------------------------------------------------------------------------- figures


def test_grid_figures_match_the_records(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        ref = reference_time(s)
        f = mq.grid_figures(s)
        open_states = [str(x) for x in m.OPEN_STATES]
        alarm_states = [x for x in open_states if x != "long_term"]
        n_open = s.execute(
            select(func.count(m.Case.id)).where(
                m.Case.state.in_(open_states), m.Case.grid_id.is_not(None)
            )
        ).scalar_one()
        n_over = s.execute(
            select(func.count(m.Case.id)).where(
                m.Case.state.in_(alarm_states),
                m.Case.deadline_at < ref,
                m.Case.grid_id.is_not(None),
            )
        ).scalar_one()
        assert sum(f.open_cases.values()) == n_open > 0
        assert sum(f.overdue_cases.values()) == n_over
        n_mgmt = s.execute(
            select(func.count(m.Grid.id)).where(m.Grid.level == "management")
        ).scalar_one()
        assert len(f.open_cases) == n_mgmt  # every grid has a figure, zero if calm
        # density: cases reported in the window over the grid's area
        gid = max(f.open_cases, key=lambda g: f.open_cases[g])
        recent = s.execute(
            select(func.count(m.Case.id)).where(
                m.Case.grid_id == gid,
                m.Case.reported_at >= ref - timedelta(days=mq.DENSITY_WINDOW_DAYS),
                m.Case.reported_at < ref,
            )
        ).scalar_one()
        assert f.cases_per_km2[gid] == pytest.approx(recent / f.area_km2[gid])
        assert f.values(ThematicField.OPEN_CASES) is f.open_cases

        r = mq.grid_figures(s, "responsibility")
        assert sum(r.open_cases.values()) == n_open
        assert sum(r.overdue_cases.values()) == n_over
        with pytest.raises(InvalidInput):
            mq.grid_figures(s, "town")


def test_the_desktop_source_offers_the_map_queries(engine) -> None:  # type: ignore[no-untyped-def]
    src = DatabaseSource(engine)
    assert src.map_search("网格", 5)
    figs = src.grid_figures("management")
    assert figs.level == "management"
    settings = src.map_settings()
    assert settings["display_epsg"] == mq.DEFAULT_DISPLAY_EPSG
    assert not settings["base_map"].configured


# --------------------------------------------------------------------------- settings


def test_an_administrator_sets_the_base_map(engine) -> None:  # type: ignore[no-untyped-def]
    cfg = BaseMapConfig(
        BaseMapKind.URL,
        "https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={TileMatrix}&TILEROW={TileRow}"
        "&TILECOL={TileCol}&tk={tk}",
        key="SECRET-KEY",
        attribution="天地图",
    )
    changes = run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, mq.set_base_map, cfg)
    assert changes.ids("setting") == {0}
    with Session(engine) as s:
        assert mq.base_map_config(s) == cfg
        audit = s.execute(
            select(m.AuditRecord).where(m.AuditRecord.action == "set_base_map")
        ).scalar_one()
        assert "SECRET-KEY" not in str(audit.after) and audit.after["basemap.key"] == "(set)"
    # off again
    run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, mq.set_base_map, BaseMapConfig())
    with Session(engine) as s:
        assert not mq.base_map_config(s).configured


@pytest.mark.parametrize(
    "cfg",
    [
        BaseMapConfig(BaseMapKind.URL, "ftp://tiles/{z}/{x}/{y}"),
        BaseMapConfig(BaseMapKind.URL, "https://tiles/{z}/{x}.png"),
        BaseMapConfig(BaseMapKind.URL, "https://tiles/{z}/{x}/{y}.png?tk={key}"),
        BaseMapConfig(BaseMapKind.MBTILES, "  "),
        BaseMapConfig(BaseMapKind.MBTILES, "/x.mbtiles", min_zoom=9, max_zoom=3),
    ],
)
def test_bad_base_map_settings_are_refused(engine, cfg: BaseMapConfig) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput):
        run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, mq.set_base_map, cfg)


def test_only_administrators_change_map_settings(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        run_operation(engine, OFFICER, Permission.SETTINGS_ADMIN, mq.set_base_map, BaseMapConfig())


def test_display_crs_setting(engine) -> None:  # type: ignore[no-untyped-def]
    run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, mq.set_display_epsg, 32651)
    with Session(engine) as s:
        assert mq.display_epsg(s) == 32651
    with pytest.raises(InvalidInput):
        run_operation(engine, ADMIN, Permission.SETTINGS_ADMIN, mq.set_display_epsg, 4326)
    with Session(engine) as s:  # an unusable stored value falls back to the default
        s.get(m.Setting, mq.DISPLAY_EPSG_KEY).value = "4326"  # type: ignore[union-attr]
        s.commit()
        assert mq.display_epsg(s) == mq.DEFAULT_DISPLAY_EPSG


def test_map_settings_command(small_demo_sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    import main

    url = small_demo_sqlite_url
    assert main.main(["map-settings", "--db", url, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["base_map"]["kind"] == "none" and shown["display_epsg"] == 4549
    tpl = "https://t{s}.example.cn/{z}/{x}/{y}.png?tk={key}"
    assert main.main(["map-settings", "--db", url, "--basemap-url", tpl, "--key", "k"]) == 0
    assert main.main(["map-settings", "--db", url, "--display-epsg", "32651", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert shown["base_map"]["location"] == tpl and shown["base_map"]["key"] == "(set)"
    assert shown["display_epsg"] == 32651
    assert main.main(["map-settings", "--db", url, "--basemap-url", "ftp://nope"]) == 1
    assert "http" in capsys.readouterr().err
