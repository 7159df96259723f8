"""The demo town's reference data (resources/demo/*.json) matches the DOMAIN.md targets."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DEMO_DIR = Path(__file__).resolve().parent.parent / "resources" / "demo"

DEPARTMENT_KINDS = {
    "police", "city_management", "market_regulation", "safety", "housing", "water",
    "environment", "greening", "planning_construction", "social_affairs", "party",
    "comprehensive_governance", "utility", "traffic", "agriculture", "economy", "health",
    "education", "other",
}


@cache
def load(name: str) -> Any:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def departments() -> dict[str, list[dict[str, Any]]]:
    return load("departments.json")


def categories() -> list[dict[str, Any]]:
    return load("categories.json")


def admin_units() -> dict[str, list[dict[str, Any]]]:
    return load("admin_units.json")


def places() -> dict[str, Any]:
    return load("places.json")


def assert_unique(values: list[Any], what: str) -> None:
    seen: set[Any] = set()
    dups = {v for v in values if v in seen or seen.add(v)}
    assert not dups, f"duplicate {what}: {sorted(map(str, dups))}"


def assert_text(value: Any, what: str) -> None:
    assert isinstance(value, str), f"{what} is not a string: {value!r}"
    assert value.strip(), f"{what} is empty"
    assert value == value.strip(), f"{what} has surrounding whitespace: {value!r}"


@pytest.mark.parametrize(
    "name", ["departments.json", "categories.json", "admin_units.json", "places.json"]
)
def test_files_are_utf8_json_with_readable_chinese(name: str) -> None:
    raw = (DEMO_DIR / name).read_text(encoding="utf-8")
    json.loads(raw)
    assert "\\u" not in raw, f"{name} was written with ensure_ascii=True"


# --------------------------------------------------------------------------- departments


def test_37_town_departments_with_unique_codes() -> None:
    town = departments()["town"]
    assert len(town) == 37
    assert [d["code"] for d in town] == [f"D{i:02d}" for i in range(1, 38)]


def test_district_departments() -> None:
    district = departments()["district"]
    assert 8 <= len(district) <= 10
    assert [d["code"] for d in district] == [f"Q{i:02d}" for i in range(1, len(district) + 1)]


def test_department_fields() -> None:
    everything = departments()["town"] + departments()["district"]
    for d in everything:
        assert set(d) == {"code", "name", "name_en", "kind"}, d
        assert_text(d["name"], f"{d['code']} name")
        assert_text(d["name_en"], f"{d['code']} name_en")
        assert d["kind"] in DEPARTMENT_KINDS, d
    assert_unique([d["code"] for d in everything], "department code")
    assert_unique([d["name"] for d in everything], "department name")
    assert_unique([d["name_en"] for d in everything], "department name_en")
    town_kinds = {d["kind"] for d in departments()["town"]}
    assert "police" in town_kinds


# --------------------------------------------------------------------------- categories


def test_240_categories_with_unique_codes() -> None:
    cats = categories()
    assert len(cats) == 240
    codes = [c["code"] for c in cats]
    assert_unique(codes, "category code")
    for code in codes:
        assert len(code) == 4 and code.isdigit(), code
        assert code[2:] != "00", code
    assert_unique([c["name"] for c in cats], "category name")
    assert_unique([c["name_en"] for c in cats], "category name_en")


def test_category_fields() -> None:
    town_codes = {d["code"] for d in departments()["town"]}
    major_of_prefix: dict[str, tuple[str, str]] = {}
    for c in categories():
        code = c["code"]
        assert set(c) == {
            "code", "major", "major_en", "name", "name_en", "police", "department",
            "time_limit_hours", "dispatch_minutes", "urgent", "level", "hazard", "weight",
        }, code
        for key in ("major", "major_en", "name", "name_en"):
            assert_text(c[key], f"{code} {key}")
        assert c["department"] in town_codes, code
        assert c["level"] in {1, 2, 3}, code
        for key in ("police", "urgent", "hazard"):
            assert isinstance(c[key], bool), code
        for key in ("time_limit_hours", "dispatch_minutes", "weight", "level"):
            assert type(c[key]) is int, code
        assert c["time_limit_hours"] > 0, code
        assert 0 < c["dispatch_minutes"] <= 60, code
        assert c["dispatch_minutes"] < c["time_limit_hours"] * 60, code
        assert 1 <= c["weight"] <= 100, code
        # one major per two-digit prefix
        major = (c["major"], c["major_en"])
        assert major_of_prefix.setdefault(code[:2], major) == major, code
    majors = [m for m, _ in major_of_prefix.values()]
    assert_unique(majors, "major")


def test_police_categories_go_to_a_police_department() -> None:
    kind = {d["code"]: d["kind"] for d in departments()["town"]}
    police = [c for c in categories() if c["police"]]
    assert 20 <= len(police) <= 25
    for c in police:
        assert kind[c["department"]] == "police", c["code"]
    for c in categories():
        if not c["police"]:
            assert kind[c["department"]] != "police", c["code"]


def test_hazard_urgent_and_levels() -> None:
    cats = categories()
    assert len([c for c in cats if c["hazard"]]) >= 10
    urgent = [c for c in cats if c["urgent"]]
    assert 20 <= len(urgent) <= 30
    for c in urgent:
        assert c["dispatch_minutes"] <= 10, c["code"]
    levels = {lvl: sum(c["level"] == lvl for c in cats) for lvl in (1, 2, 3)}
    assert levels[2] > levels[1] + levels[3], levels  # most cases are dispatched by the platform
    assert levels[1] > 0 and levels[3] > 0, levels


def test_common_cases_outweigh_rare_ones() -> None:
    weight = {c["name"]: c["weight"] for c in categories()}
    for common in ("暴露垃圾", "占道经营", "无证摊贩", "机动车违法停车"):
        assert weight[common] >= 80, common
    assert weight["房屋构筑物倒塌"] <= 5


# --------------------------------------------------------------------------- admin units


def test_admin_units_and_population() -> None:
    units = admin_units()
    villages, committees = units["villages"], units["committees"]
    assert len(villages) == 8
    assert len(committees) == 17
    for v in villages:
        assert v["name"].endswith("村"), v
    for c in committees:
        assert c["name"].endswith("居委会"), c
    everything = villages + committees
    for u in everything:
        assert set(u) == {
            "name", "name_en", "code", "population_registered", "population_migrant",
            "population_other",
        }, u
        assert_text(u["name"], "admin unit name")
        assert_text(u["name_en"], f"{u['name']} name_en")
        assert len(u["code"]) == 3 and u["code"].isdigit(), u
        for key in ("population_registered", "population_migrant", "population_other"):
            assert type(u[key]) is int and u[key] > 0, u
    assert_unique([u["code"] for u in everything], "community code")
    assert_unique([u["name"] for u in everything], "admin unit name")
    assert_unique([u["name_en"] for u in everything], "admin unit name_en")

    registered = sum(u["population_registered"] for u in everything)
    migrant = sum(u["population_migrant"] for u in everything)
    other = sum(u["population_other"] for u in everything)
    assert registered == 56_800
    assert migrant == 93_100
    assert registered + migrant == 149_900
    assert other == 1_300
    assert registered + migrant + other == 151_200


def test_villages_are_larger_and_more_migrant_than_committees() -> None:
    units = admin_units()

    def mean(rows: list[dict[str, Any]], key: str) -> float:
        return sum(r[key] for r in rows) / len(rows)

    v, c = units["villages"], units["committees"]
    assert mean(v, "population_registered") > mean(c, "population_registered")
    assert mean(v, "population_migrant") > 2 * mean(c, "population_migrant")


# --------------------------------------------------------------------------- places


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("compounds", 149, 200),
        ("enterprises", 41, 41),
        ("rivers", 39, 39),
        ("construction_sites", 6, 6),
        ("roads", 30, 60),
        ("shop_prefixes", 60, 120),
        ("given_chars", 250, 400),
    ],
)
def test_place_name_lists(key: str, low: int, high: int) -> None:
    names = places()[key]
    assert low <= len(names) <= high, (key, len(names))
    for n in names:
        assert_text(n, key)
    assert_unique(names, key)


def test_given_chars_are_single_characters() -> None:
    for ch in places()["given_chars"]:
        assert len(ch) == 1, ch


def test_rivers_have_river_suffixes() -> None:
    for r in places()["rivers"]:
        base = r.split("(")[0]
        assert base[-1] in "港河浜泾塘江", r


def test_shop_types_are_bilingual() -> None:
    types = places()["shop_types"]
    assert 30 <= len(types) <= 60
    for t in types:
        assert set(t) == {"zh", "en"}, t
        assert_text(t["zh"], "shop type zh")
        assert_text(t["en"], f"{t['zh']} en")
    assert_unique([t["zh"] for t in types], "shop type")
    assert_unique([t["en"] for t in types], "shop type en")


def test_surnames_are_weighted() -> None:
    surnames = places()["surnames"]
    assert 90 <= len(surnames) <= 130
    for pair in surnames:
        assert len(pair) == 2, pair
        name, freq = pair
        assert_text(name, "surname")
        assert isinstance(freq, int | float) and freq > 0, pair
    assert_unique([s for s, _ in surnames], "surname")
    freq = dict(map(tuple, surnames))
    assert freq["王"] > freq["顾"] > freq["褚"]
