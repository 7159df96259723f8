#!/usr/bin/env bash
# Refresh the GridDesk translation catalogue and compile it.
#   1. pyside6-lupdate extracts every tr()/translate()/QT_TRANSLATE_NOOP string from desktop/
#      into griddesk_zh_CN.ts (existing translations are kept, vanished ones marked obsolete);
#   2. translate new entries in the .ts (by hand or with pyside6-linguist);
#   3. pyside6-lrelease compiles the .ts to the .qm the application loads.
# Both the .ts and the .qm are committed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${PYSIDE6_BIN:-$repo/.venv/bin}"
cd "$repo"
mapfile -t sources < <(find desktop -name '*.py' | sort)
"$bin/pyside6-lupdate" -no-obsolete -locations relative "${sources[@]}" \
    -ts "$here/griddesk_zh_CN.ts"
"$bin/pyside6-lrelease" "$here/griddesk_zh_CN.ts" -qm "$here/griddesk_zh_CN.qm"
