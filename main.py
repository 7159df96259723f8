"""GridDesk (三网融合网格指挥台): entry point and command line.

    python main.py [--db URL] [--lang zh_CN|en] [--simulate [S]]   the app (--simulate: demo life)
    python main.py demo [--db URL] [--reset]             create or rebuild the demo town
    python main.py migrate [--db URL]                    bring the schema up to date
    python main.py summary [--json] [--db URL]           figures computed from the records
    python main.py screenshot --out FILE.png [--view NAME] [--size WxH]
    python main.py bench live [--db URL] [--rounds N] [--json]   live-update latency (issue 5)
    python main.py bench dashboard [--db URL] [--cases N] [--json]  statistics on 1M cases (issue 9)
    python main.py bench map [--scale town|city] [--db URL] [--json]  map drawing speed (issue 3)
    python main.py bench editor [--scale town|city] [--db URL] [--rounds N] [--json]  grid editor speed (issue 7)
    python main.py map-settings [--basemap-mbtiles FILE | --basemap-url T [--key K] | --basemap-off]
                   [--display-epsg N]                    the map's base map and display CRS
    python main.py audit verify [--json]                 check the audit chain
    python main.py backup --out FILE [--no-verify]       back up (and verify) the database
    python main.py restore FILE [--force]                restore a backup into --db
    python main.py users list|create|set-role|reset-password|lock|unlock|deactivate|demo-sign-in
    python main.py grids validate [--json] | export --format geojson|shapefile --out PATH [--level L]
                   | import PATH [--dry-run] | history | diff VERSION     grid boundaries (issue 7)

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
    "BackupError": "备份或恢复失败",
    "RestoreRefused": "目标数据库已有数据，未恢复",
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
    p.add_argument(
        "--simulate",
        nargs="?",
        const=30.0,
        type=float,
        metavar="SECONDS",
        help="demo life: feed a realistic new report every SECONDS (default 30) while the app runs",
    )
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
    _add_bench_command(sub, common)
    _add_security_commands(sub, common)
    _add_grids_commands(sub, common)
    _add_map_settings_command(sub, common)
    return p


def _add_security_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """audit / backup / restore / users (issue 6)."""
    a = sub.add_parser("audit", parents=[common], help="audit trail: verify the hash chain")
    asub = a.add_subparsers(dest="audit_command", required=True)
    av = asub.add_parser("verify", parents=[common], help="check the chain; name the first broken record")
    av.add_argument("--json", action="store_true", help="one JSON object on stdout")

    b = sub.add_parser("backup", parents=[common], help="back up the database to a file, verified")
    b.add_argument("--out", required=True, type=Path, help="backup file (a manifest FILE.manifest.json goes beside it)")
    b.add_argument("--no-verify", action="store_true", help="skip the test restore into a scratch database")

    r = sub.add_parser("restore", parents=[common], help="restore a backup file into --db")
    r.add_argument("file", type=Path)
    r.add_argument("--force", action="store_true", help="replace a database that holds data")
    r.add_argument("--no-upgrade", action="store_true", help="keep the backup's schema version")

    u = sub.add_parser("users", parents=[common], help="accounts: list, create, set roles, reset, lock")
    usub = u.add_subparsers(dest="users_command", required=True)
    usub.add_parser("list", parents=[common], help="list the accounts")
    uc = usub.add_parser("create", parents=[common], help="create an account (password asked for)")
    uc.add_argument("username")
    uc.add_argument("--role", required=True, choices=_ROLES)
    uc.add_argument("--name", required=True, help="the person's name as shown")
    uc.add_argument("--department-id", type=int, default=None)
    uc.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    ur = usub.add_parser("set-role", parents=[common], help="give an account another role")
    ur.add_argument("username")
    ur.add_argument("role", choices=_ROLES)
    up = usub.add_parser("reset-password", parents=[common], help="set a temporary password (must be changed)")
    up.add_argument("username")
    up.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    for name, text in (
        ("lock", "lock an account until unlocked"),
        ("unlock", "unlock an account"),
        ("deactivate", "deactivate an account (it is never deleted)"),
        ("reactivate", "reactivate an account"),
    ):
        usub.add_parser(name, parents=[common], help=text).add_argument("username")
    ud = usub.add_parser("demo-sign-in", parents=[common], help="allow or forbid the documented demo passwords")
    ud.add_argument("state", choices=("on", "off"))


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
    if args.simulate is not None:
        from db.simulate import Simulator

        if args.simulate < 1:
            print("griddesk: --simulate needs an interval of at least 1 second", file=sys.stderr)
            return 2
        Simulator(engine).run(interval_s=args.simulate)
        _progress(f"simulating a new report every {args.simulate:g} s")
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


_ROLES = ("duty_officer", "supervisor", "map_editor", "department_liaison", "admin")


def _cli_actor() -> Any:
    """Who acts from the command line: whoever may open the database, as administrator."""
    import getpass

    from db.ops import Actor

    try:
        who = getpass.getuser()
    except Exception:
        who = "unknown"
    return Actor(None, f"cli:{who}"[:32], "admin", "命令行 / command line")


def cmd_audit(args: argparse.Namespace) -> int:
    from db.audit import audit_row, verify_audit_trail
    from db.migrate import ensure_current

    engine = _engine(args.db, create_dir=False)
    ensure_current(engine)
    report = verify_audit_trail(engine)
    row = audit_row(engine, report.first_broken_seq) if report.first_broken_seq else None
    if args.json:
        out: dict[str, Any] = {"ok": report.ok, "records": report.records}
        if not report.ok:
            out["first_broken"] = {
                "seq": report.first_broken_seq,
                "reason": report.reason,
                "at": row.at.isoformat(sep=" ") if row else None,
                "username": row.username if row else None,
                "action": row.action if row else None,
            }
        print(json.dumps(out, ensure_ascii=False))
    elif report.ok:
        print(f"audit trail intact: {report.records} records verified")
    else:
        where = f"record #{report.first_broken_seq}"
        if row is not None:
            where += f" ({row.at:%Y-%m-%d %H:%M:%S}, user {row.username}, action {row.action})"
        print(
            f"audit trail BROKEN at {where}: {report.reason}. "
            f"{report.records} records before it are intact.",
            file=sys.stderr,
        )
    return 0 if report.ok else 1


def _print_verification(v: Any) -> None:
    rows = sum(t.found or 0 for t in v.tables)
    matched = sum(1 for t in v.tables if t.ok)
    chain = v.chain
    print(f"  tables: {matched}/{len(v.tables)} match, {rows} rows restored")
    if chain is not None:
        state = "intact" if chain.ok else f"BROKEN at record #{chain.first_broken_seq} ({chain.reason})"
        print(f"  audit chain: {chain.records} records, {state}")
    for problem in v.problems:
        print(f"  problem: {problem}")
    for note in v.notes:
        print(f"  note: {note}")


def cmd_backup(args: argparse.Namespace) -> int:
    from db.backup import backup_database, manifest_path
    from db.migrate import ensure_current

    engine = _engine(args.db, create_dir=False)
    ensure_current(engine)
    _progress(f"backing up to {args.out}")
    report = backup_database(engine, args.out, _cli_actor(), verify=not args.no_verify)
    mf = report.manifest
    print(f"backup: {report.path} ({mf.bytes} bytes, sha256 {mf.sha256[:16]}...)")
    print(f"manifest: {manifest_path(report.path)}")
    print(f"  {len(mf.tables)} tables, {sum(mf.tables.values())} rows, {mf.audit_records} audit records")
    if report.verification is None:
        print("not verified (--no-verify)")
        return 0
    v = report.verification
    print("verified by restoring into a scratch database: " + ("OK" if v.ok else "FAILED"))
    _print_verification(v)
    return 0 if v.ok else 1


def cmd_restore(args: argparse.Namespace) -> int:
    from db.backup import restore_database

    engine = _engine(args.db)
    _progress(f"restoring {args.file}")
    report = restore_database(engine, args.file, _cli_actor(), force=args.force, upgrade=not args.no_upgrade)
    print(f"restored {args.file} into {report.target}" + (" (its data were replaced)" if report.replaced else ""))
    if report.upgraded_from:
        print(f"  schema upgraded from {report.upgraded_from} to {report.schema}")
    print("checked against the backup: " + ("OK" if report.verification.ok else "PROBLEMS"))
    _print_verification(report.verification)
    return 0 if report.verification.ok else 1


def _read_new_password(from_stdin: bool) -> str | None:
    import getpass

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print("griddesk: give the password on a terminal, or with --password-stdin", file=sys.stderr)
        return None
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        print("griddesk: the two passwords differ", file=sys.stderr)
        return None
    return first


def cmd_users(args: argparse.Namespace) -> int:
    from db import accounts
    from db.auth import normalize_username, set_demo_sign_in
    from db.migrate import ensure_current
    from db.ops import OperationError, run_operation
    from db.permissions import Permission

    engine = _engine(args.db, create_dir=False)
    ensure_current(engine)
    actor = _cli_actor()
    cmd = args.users_command
    try:
        if cmd == "list":
            for u in accounts.list_users(engine, actor):
                flags = [
                    f for f, on in (
                        ("inactive", not u.active),
                        ("locked", u.locked),
                        ("must-change-password", u.must_change_password),
                        ("demo", u.demo_account),
                    ) if on
                ]
                last = f"{u.last_sign_in_at:%Y-%m-%d %H:%M}" if u.last_sign_in_at else "never"
                print(f"{u.username:16} {u.role:20} {u.display_name:20} last sign-in {last:16} {' '.join(flags)}")
            return 0
        if cmd == "demo-sign-in":
            run_operation(engine, actor, Permission.USER_ADMIN, set_demo_sign_in, args.state == "on")
            print(f"demo sign-in {args.state}")
            return 0
        if cmd == "create":
            password = _read_new_password(args.password_stdin)
            if password is None:
                return 2
            run_operation(
                engine, actor, Permission.USER_ADMIN, accounts.create_user,
                args.username, args.name, args.role, password, args.department_id,
            )
            print(f"account {normalize_username(args.username)} created; the password must be changed at first sign-in")
            return 0
        user_id = accounts.find_user_id(engine, args.username)
        if user_id is None:
            print(f"griddesk: there is no account {args.username!r}", file=sys.stderr)
            return 1
        version = accounts.get_user(engine, actor, user_id).version
        if cmd == "set-role":
            run_operation(engine, actor, Permission.USER_ADMIN, accounts.set_role, user_id, args.role, version)
        elif cmd == "reset-password":
            password = _read_new_password(args.password_stdin)
            if password is None:
                return 2
            run_operation(engine, actor, Permission.USER_ADMIN, accounts.reset_password, user_id, password, version)
        else:
            fn = {
                "lock": accounts.lock_user,
                "unlock": accounts.unlock_user,
                "deactivate": accounts.deactivate_user,
                "reactivate": accounts.reactivate_user,
            }[cmd]
            run_operation(engine, actor, Permission.USER_ADMIN, fn, user_id, version)
        print(f"{cmd}: {args.username} done")
        return 0
    except OperationError as exc:
        print(f"griddesk: {exc}", file=sys.stderr)
        return 1


def _add_bench_command(sub: Any, common: argparse.ArgumentParser) -> None:
    """bench live (issue 5)."""
    bench = sub.add_parser("bench", help="benchmarks").add_subparsers(dest="bench", required=True)
    bl = bench.add_parser("live", parents=[common], help="commit on one workstation to seen on another")
    bl.add_argument("--rounds", type=int, default=200)
    bl.add_argument("--json", action="store_true", help="one JSON object on stdout")
    bd = bench.add_parser("dashboard", parents=[common], help="open the statistics dashboard on a million cases")
    bd.add_argument("--cases", type=int, default=1_000_000, help="cases of the generated bench database")
    bd.add_argument("--runs", type=int, default=7)
    bd.add_argument("--json", action="store_true", help="one JSON object on stdout")
    bq = bench.add_parser("queue", parents=[common], help="duty-console queue refresh on a million cases (issue 4)")
    bq.add_argument("--cases", type=int, default=1_000_000, help="cases of the generated bench database")
    bq.add_argument("--runs", type=int, default=25)
    bq.add_argument("--json", action="store_true", help="one JSON object on stdout")
    bm = bench.add_parser("map", parents=[common], help="map drawing speed, town or city scale (issue 3)")
    bm.add_argument("--scale", choices=("town", "city"), default="town")
    bm.add_argument("--rounds", type=int, default=20)
    bm.add_argument("--seed", type=int, default=None, help="seed of the generated town/city")
    bm.add_argument("--json", action="store_true", help="one JSON object on stdout")
    be = bench.add_parser("editor", parents=[common], help="grid editor speed, town or city scale (issue 7)")
    be.add_argument("--scale", choices=("town", "city"), default="town")
    be.add_argument("--rounds", type=int, default=20)
    be.add_argument("--seed", type=int, default=None, help="seed of the generated town/city")
    be.add_argument("--grids", type=int, default=None, help="management grids of the generated data")
    be.add_argument("--json", action="store_true", help="one JSON object on stdout")


def _bench_map(args: argparse.Namespace) -> int:
    """The map benchmark (desktop/bench_map.py): --db draws that database's town, otherwise a
    generated town-sized data set or, with --scale city, the generated city."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.bench_map import format_report, run

    result = run(args.scale, db=args.db, rounds=max(1, args.rounds), seed=args.seed)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_report(result))
    return 0


def _bench_editor(args: argparse.Namespace) -> int:
    """The grid editor benchmark (desktop/editor/bench.py): --db edits that database's grids,
    otherwise the town-sized data set of `bench map` or, with --scale city, the generated city."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.editor.bench import NoGrids, format_report, run

    try:
        result = run(args.scale, db=args.db, rounds=max(1, args.rounds), seed=args.seed, grids=args.grids)
    except NoGrids as exc:
        print(f"griddesk: 错误：没有可编辑的网格。\n  {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False) if args.json else format_report(result))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Without --db (or GRIDDESK_DB) the benchmark runs on a temporary SQLite file; a given
    database must be current and receives a few bench records (see db/bench_live.py)."""
    import tempfile

    if args.bench == "dashboard":
        return _bench_dashboard(args)
    if args.bench == "queue":
        return _bench_queue(args)
    if args.bench == "map":
        return _bench_map(args)
    if args.bench == "editor":
        return _bench_editor(args)
    from db.bench_live import format_report, run_live_bench
    from db.migrate import ensure_current, upgrade

    given = args.db or os.environ.get("GRIDDESK_DB")
    with tempfile.TemporaryDirectory(prefix="griddesk-bench-") as tmp:
        engine = _engine(given or str(Path(tmp) / "bench.db"))
        if given:
            ensure_current(engine)
        else:
            upgrade(engine)
        url = engine.url.render_as_string(hide_password=False)
        engine.dispose()
        result = run_live_bench(url, rounds=max(1, args.rounds))
    print(json.dumps(result, ensure_ascii=False) if args.json else format_report(result))
    return 0


def _bench_dashboard(args: argparse.Namespace) -> int:
    """bench dashboard (issue 9). Without --db: a cached SQLite file of --cases generated
    cases in the user cache folder (built on first use). An empty --db gets the generated
    cases; a database with data is measured as it is."""
    from platformdirs import user_cache_dir

    from db.demo import has_data
    from db.migrate import ensure_current
    from db.stats_bench import format_report, generate_cases, run_dashboard_bench

    given = args.db or os.environ.get("GRIDDESK_DB")
    target = given or str(Path(user_cache_dir("GridDesk")) / f"bench-dashboard-{args.cases}.db")
    engine = _engine(target)
    if not has_data(engine):
        _progress(f"generating {args.cases:,} cases in {engine.url.database} (a few minutes, once)")
        built = generate_cases(engine, args.cases, progress=_progress)
        _progress(f"generated in {built['build_s']} s (roll-up {built['rollup_build_s']} s)")
    ensure_current(engine)
    result = run_dashboard_bench(engine, runs=max(1, args.runs))
    print(json.dumps(result, ensure_ascii=False) if args.json else format_report(result))
    return 0


def _bench_queue(args: argparse.Namespace) -> int:
    """bench queue (issue 4): on --db as it is, or on the cached generated database that
    `bench dashboard` also uses (built on first use), brought to the current schema."""
    from platformdirs import user_cache_dir

    from db.bench_queue import format_report, run_queue_bench
    from db.demo import has_data
    from db.migrate import upgrade
    from db.stats_bench import generate_cases

    given = args.db or os.environ.get("GRIDDESK_DB")
    target = given or str(Path(user_cache_dir("GridDesk")) / f"bench-dashboard-{args.cases}.db")
    engine = _engine(target)
    if not has_data(engine):
        _progress(f"generating {args.cases:,} cases in {engine.url.database} (a few minutes, once)")
        generate_cases(engine, args.cases, progress=_progress)
    upgrade(engine)
    result = run_queue_bench(engine, runs=max(1, args.runs))
    print(json.dumps(result, ensure_ascii=False) if args.json else format_report(result))
    return 0


def _add_map_settings_command(sub: Any, common: argparse.ArgumentParser) -> None:
    """map-settings (issue 3): the base map and the display CRS, set by an administrator."""
    ms = sub.add_parser("map-settings", parents=[common], help="show or set the base map and display CRS")
    src = ms.add_mutually_exclusive_group()
    src.add_argument("--basemap-mbtiles", metavar="FILE", help="an offline MBTiles file")
    src.add_argument("--basemap-url", metavar="TEMPLATE", help="XYZ/WMTS URL template with {x} {y} {z}")
    src.add_argument("--basemap-off", action="store_true", help="no base map")
    ms.add_argument("--key", default="", help="API key for the {key}/{tk} placeholder")
    ms.add_argument("--scheme", choices=("webmercator", "geographic"), default="webmercator")
    ms.add_argument("--attribution", default="", help="credit line drawn on the map")
    ms.add_argument("--display-epsg", type=int, help="projected CRS the map displays in (default 4549)")
    ms.add_argument("--json", action="store_true", help="one JSON object on stdout")


def cmd_map_settings(args: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from db import map_queries
    from db.migrate import ensure_current
    from db.ops import OperationError, run_operation
    from db.permissions import Permission
    from gis.tiles import BaseMapConfig, BaseMapKind, TileScheme

    engine = _engine(args.db)
    ensure_current(engine)
    actor = _cli_actor()
    try:
        if args.basemap_mbtiles or args.basemap_url or args.basemap_off:
            if args.basemap_off:
                cfg = BaseMapConfig()
            else:
                cfg = BaseMapConfig(
                    BaseMapKind.MBTILES if args.basemap_mbtiles else BaseMapKind.URL,
                    str(Path(args.basemap_mbtiles).resolve()) if args.basemap_mbtiles else args.basemap_url,
                    key=args.key,
                    scheme=TileScheme(args.scheme),
                    attribution=args.attribution,
                )
            run_operation(engine, actor, Permission.SETTINGS_ADMIN, map_queries.set_base_map, cfg)
        if args.display_epsg is not None:
            run_operation(engine, actor, Permission.SETTINGS_ADMIN, map_queries.set_display_epsg, args.display_epsg)
    except OperationError as exc:
        print(f"griddesk: {exc}", file=sys.stderr)
        return 1
    with Session(engine) as session:
        cfg = map_queries.base_map_config(session)
        out = {
            "base_map": {k.split(".", 1)[1]: v for k, v in cfg.to_settings().items()},
            "display_epsg": map_queries.display_epsg(session),
        }
    if out["base_map"]["key"]:
        out["base_map"]["key"] = "(set)"
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for k, v in out["base_map"].items():
            print(f"basemap.{k:12} {v}")
        print(f"display_epsg         {out['display_epsg']}")
    return 0


def _add_grids_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """grids validate / export / import / history / diff (issue 7, the map editor)."""
    g = sub.add_parser("grids", help="grid boundaries: validate, export, import, history")
    gsub = g.add_subparsers(dest="grids_command", required=True)
    gv = gsub.add_parser("validate", parents=[common], help="check that the grids tile the town exactly")
    gv.add_argument("--json", action="store_true", help="one JSON object on stdout")
    ge = gsub.add_parser("export", parents=[common], help="write the grids to GeoJSON or a Shapefile")
    ge.add_argument("--format", required=True, choices=("geojson", "shapefile"))
    ge.add_argument("--out", required=True, type=Path)
    ge.add_argument("--level", choices=("management", "responsibility"), default=None)
    ge.add_argument("--encoding", choices=("utf-8", "gbk"), default="utf-8", help="Shapefile attribute encoding")
    gi = gsub.add_parser("import", parents=[common], help="replace grid boundaries from a GeoJSON or Shapefile")
    gi.add_argument("path", type=Path)
    gi.add_argument("--dry-run", action="store_true", help="validate and report; change nothing")
    gi.add_argument("--partial", action="store_true", help="the file holds only changed grids; keep the others")
    gi.add_argument("--note", default="", help="the version's note")
    gi.add_argument("--effective-date", default=None, help="YYYY-MM-DD the boundaries take effect (default: today)")
    gi.add_argument("--crs", default=None, help="the file's CRS when it names none (e.g. 4549)")
    gi.add_argument("--encoding", default=None, help="Shapefile attribute encoding when it has no .cpg")
    gi.add_argument("--json", action="store_true", help="one JSON object on stdout")
    gh = gsub.add_parser("history", parents=[common], help="list the boundary versions")
    gh.add_argument("--limit", type=int, default=50)
    gh.add_argument("--json", action="store_true", help="one JSON object on stdout")
    gd = gsub.add_parser("diff", parents=[common], help="what one boundary version changed")
    gd.add_argument("version", type=int)
    gd.add_argument("--json", action="store_true", help="one JSON object on stdout")


def cmd_grids(args: argparse.Namespace) -> int:
    """Exit codes: 0 ok; 1 the grids do not validate, the file is bad or the import was
    refused (the report says why); 2 a bad argument."""
    from db import grid_edit
    from db.migrate import ensure_current
    from db.ops import OperationError

    engine = _engine(args.db)
    _ensure_demo_if_default(engine, args.db)
    ensure_current(engine)
    cmd = args.grids_command
    try:
        if cmd == "validate":
            report = grid_edit.validate_database(engine)
            if args.json:
                print(json.dumps({**report.counts(), "issues": [i.to_dict() for i in report.issues]}, ensure_ascii=False))
            else:
                print(report.summary())
                for issue in report.issues:
                    d = issue.to_dict()
                    print(f"  {d['severity']}: {d['message']} at lon {d['lon']}, lat {d['lat']}")
            return 0 if report.ok else 1
        if cmd == "export":
            n = grid_edit.export_grids(
                engine, args.out, args.format, level=args.level, encoding=args.encoding, actor=_cli_actor()
            )
            print(f"{n} grids written to {args.out}")
            return 0
        if cmd == "import":
            effective = None
            if args.effective_date:
                try:
                    effective = datetime.strptime(args.effective_date, "%Y-%m-%d").date()
                except ValueError:
                    print(f"griddesk: --effective-date must be YYYY-MM-DD, got {args.effective_date!r}", file=sys.stderr)
                    return 2
            outcome = grid_edit.import_grids(
                engine, _cli_actor(), args.path, dry_run=args.dry_run, note=args.note,
                effective_date=effective, assume_crs=args.crs, encoding=args.encoding, partial=args.partial,
            )
            _print_import(outcome, args.json)
            return 0 if outcome.ok else 1
        if cmd == "history":
            versions = grid_edit.grid_versions(engine, limit=max(1, min(args.limit, 1000)))
            if args.json:
                print(json.dumps({"versions": [v.to_dict() for v in versions]}, ensure_ascii=False))
                return 0
            for v in versions:
                print(
                    f"#{v.id:<5} {v.created_at:%Y-%m-%d %H:%M}  effective {v.effective_date}  {v.author_name:12} "
                    f"{v.grids_changed} grids, moved {v.key_points_moved} key points / {v.cameras_moved} cameras / "
                    f"{v.cases_moved} open cases  {v.note}"
                )
            return 0
        if cmd == "diff":
            diff = grid_edit.version_diff(engine, args.version)
            if args.json:
                print(json.dumps(diff.to_dict(), ensure_ascii=False))
            else:
                print(f"version {diff.info.id} by {diff.info.author_name} at {diff.info.created_at:%Y-%m-%d %H:%M}: {diff.info.note}")
                for gd in diff.grids:
                    print(f"  {gd.action:10} {gd.code}  {gd.area_before_m2 or 0:.0f} -> {gd.area_after_m2 or 0:.0f} m²")
                for x in diff.moved:
                    print(f"  moved {x.entity} {x.label or x.entity_id}: grid {x.from_grid_id} -> {x.to_grid_id}")
            return 0
    except OperationError as exc:
        print(f"griddesk: {exc}", file=sys.stderr)
        for issue in getattr(exc, "issues", [])[:20]:
            print(f"  {issue.to_dict()['message']}", file=sys.stderr)
        return 1
    return 2


def _print_import(outcome: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(outcome.to_dict(), ensure_ascii=False))
    else:
        r = outcome.read
        print(f"file: {r.path} ({r.format}, {r.crs or 'CRS unknown'}, {r.features} features)")
        for problem in outcome.problems:
            print(f"  {problem}")
        if outcome.actions:
            print("changes: " + ", ".join(f"{n} {k}" for k, n in outcome.actions.items()))
        if outcome.committed is not None:
            print(f"saved as grid boundaries version {outcome.committed.version_id}: {outcome.committed.changes.summary}")
        elif outcome.ok:
            print("dry run: nothing was saved" if outcome.dry_run else "nothing to save")
    if not outcome.ok:
        errors = sum(1 for p in outcome.problems if p.severity == "error")
        print(f"griddesk: the file was not imported: {errors} problem(s), nothing was changed", file=sys.stderr)


COMMANDS = {
    None: cmd_app,
    "demo": cmd_demo,
    "migrate": cmd_migrate,
    "summary": cmd_summary,
    "screenshot": cmd_screenshot,
    "bench": cmd_bench,
    "audit": cmd_audit,
    "grids": cmd_grids,
    "map-settings": cmd_map_settings,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "users": cmd_users,
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
