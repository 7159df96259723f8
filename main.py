"""GridDesk (三网融合网格指挥台): entry point and command line.

    python main.py [--db URL] [--lang zh_CN|en]          the app
    python main.py demo [--db URL] [--reset]             create or rebuild the demo town
    python main.py migrate [--db URL]                    bring the schema up to date
    python main.py summary [--json] [--db URL]           figures computed from the records
    python main.py screenshot --out FILE.png [--view NAME] [--size WxH]

--db takes a SQLite file path or a postgresql:// address; GRIDDESK_DB is the default, and
without either the embedded demo database in the user's data folder is used (and built on
first start).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, time
from pathlib import Path
from typing import Any

LANGS = ("zh_CN", "en")

# Chinese headlines for the errors a user can cause; the detail follows in English.
_ZH_HEADLINES = {
    "DatabaseUrlError": "数据库地址无效",
    "DatabaseUnavailable": "无法连接数据库",
    "SchemaTooNew": "数据库由更新版本的 GridDesk 创建，本程序无法使用",
    "SchemaNotReady": "数据库尚未初始化或需要升级",
    "DatabaseError": "数据库错误",
}


def _fail(exc: Exception, lang: str) -> int:
    code = int(getattr(exc, "exit_code", 2))
    headline = _ZH_HEADLINES.get(type(exc).__name__, "错误")
    if lang == "en":
        print(f"griddesk: error: {exc}", file=sys.stderr)
    else:
        print(f"griddesk: 错误：{headline}。\n  {exc}", file=sys.stderr)
    return code


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="griddesk",
        description="GridDesk 三网融合网格指挥台 — grid-management command centre",
    )
    p.add_argument("--db", help="SQLite file path or postgresql://user@host/dbname (env GRIDDESK_DB)")
    p.add_argument("--lang", choices=LANGS, default=os.environ.get("GRIDDESK_LANG", "zh_CN"))
    # The same options after a subcommand; SUPPRESS keeps them from overriding the global ones.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database (see above)")
    common.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS)
    p.add_argument("--role", default="duty_officer", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command")

    d = sub.add_parser("demo", parents=[common], help="create or rebuild the demo town")
    d.add_argument("--reset", action="store_true", help="drop existing data and rebuild")
    d.add_argument("--seed", type=int, default=None, help="generator seed (default: fixed)")
    d.add_argument("--reference-date", help="YYYY-MM-DD the demo is built as of (default: today)")

    sub.add_parser("migrate", parents=[common], help="bring the database schema up to date")

    s = sub.add_parser("summary", parents=[common], help="print the figures of the database")
    s.add_argument("--json", action="store_true", help="one JSON object on stdout")

    sc = sub.add_parser("screenshot", parents=[common], help="render a view offscreen to PNG")
    sc.add_argument("--out", required=True, type=Path)
    sc.add_argument("--view", default="main")
    sc.add_argument("--size", default="1600x1000", help="WxH in pixels")
    sc.add_argument("--role", default="duty_officer")
    return p


def _engine(raw: str | None, *, create_dir: bool = True) -> Any:
    from db.session import check_connection, make_engine, resolve_url

    url = resolve_url(raw)
    engine = make_engine(url, create_dir=create_dir)
    check_connection(engine)
    return engine


def _is_default_db(raw: str | None) -> bool:
    return not raw and not os.environ.get("GRIDDESK_DB")


def _progress(msg: str) -> None:
    print(f"[griddesk] {msg}", file=sys.stderr, flush=True)


def _ensure_demo_if_default(engine: Any, raw: str | None) -> None:
    """First start on the embedded database: build the demo town there."""
    from db.demo import build_demo, has_data
    from db.migrate import current_revision

    if not _is_default_db(raw):
        return
    if current_revision(engine) is None and not has_data(engine):
        _progress(f"first start: building the demo town in {engine.url.database} (about half a minute)")
        report = build_demo(engine, progress=_progress)
        _progress(f"demo ready: {report.cases} cases in {report.seconds:.0f} s")
    else:
        # The embedded database belongs to this workstation alone: keep its schema current.
        from db.migrate import upgrade

        before, after = upgrade(engine)
        if before != after:
            _progress(f"updated the database schema {before} -> {after}")


def cmd_app(args: argparse.Namespace) -> int:
    from db.datasource import DatabaseSource
    from db.migrate import ensure_current

    engine = _engine(args.db)
    _ensure_demo_if_default(engine, args.db)
    ensure_current(engine)
    from desktop.app import run

    return run(DatabaseSource(engine), lang=args.lang, role=args.role)


def cmd_demo(args: argparse.Namespace) -> int:
    from db.demo import DEFAULT_SEED, build_demo, has_data, reset_database
    from db.migrate import check_schema_version

    engine = _engine(args.db)
    check_schema_version(engine)
    if has_data(engine):
        if not args.reset:
            print(
                "The database already holds data; add --reset to drop it and rebuild the demo.",
                file=sys.stderr,
            )
            return 1
        _progress("dropping the existing data")
        reset_database(engine)
    reference = None
    if args.reference_date:
        try:
            day = datetime.strptime(args.reference_date, "%Y-%m-%d").date()
        except ValueError:
            print(f"griddesk: --reference-date must be YYYY-MM-DD, got {args.reference_date!r}", file=sys.stderr)
            return 2
        reference = datetime.combine(day, time(9, 30))
    report = build_demo(
        engine,
        reference=reference,
        seed=args.seed if args.seed is not None else DEFAULT_SEED,
        progress=_progress,
    )
    _progress(
        f"demo town ready as of {report.reference:%Y-%m-%d %H:%M}: {report.cases} cases, "
        f"{report.events} events, {report.open_cases} open, {report.seconds:.1f} s"
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from db.migrate import upgrade
    from db.session import describe_url

    engine = _engine(args.db)
    before, after = upgrade(engine)
    if before == after:
        print(f"{describe_url(engine.url)}: schema already current ({after})")
    else:
        print(f"{describe_url(engine.url)}: schema {before or 'empty'} -> {after}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from db.datasource import DatabaseSource
    from db.migrate import ensure_current

    engine = _engine(args.db)
    _ensure_demo_if_default(engine, args.db)
    ensure_current(engine)
    data = DatabaseSource(engine).summary()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            print(f"{key:32} {json.dumps(value, ensure_ascii=False)}")
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from db.datasource import DatabaseSource
    from db.migrate import ensure_current

    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
        if w < 200 or h < 150 or w > 10000 or h > 10000:
            raise ValueError
    except ValueError:
        print(f"griddesk: --size must be WxH between 200x150 and 10000x10000, got {args.size!r}", file=sys.stderr)
        return 2
    engine = _engine(args.db)
    _ensure_demo_if_default(engine, args.db)
    ensure_current(engine)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.screenshot import save_screenshot

    try:
        out = save_screenshot(
            DatabaseSource(engine), args.out, size=(w, h), view=args.view, lang=args.lang, role=args.role
        )
    except ValueError as exc:
        print(f"griddesk: {exc}", file=sys.stderr)
        return 2
    print(out)
    return 0


COMMANDS = {
    None: cmd_app,
    "demo": cmd_demo,
    "migrate": cmd_migrate,
    "summary": cmd_summary,
    "screenshot": cmd_screenshot,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from db.session import DatabaseError

    try:
        return COMMANDS[args.command](args)
    except DatabaseError as exc:
        return _fail(exc, args.lang)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
