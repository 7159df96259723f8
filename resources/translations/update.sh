#!/usr/bin/env bash
# Refresh GridDesk's translation catalogues and compile them.
#
#   resources/translations/update.sh            every catalogue
#   resources/translations/update.sh AREA       one: "griddesk" or a desktop/ sub-package name
#
# Catalogues are per area so features can be translated independently:
#   griddesk_zh_CN.ts   desktop/*.py and desktop/map/ (the core window and the map)
#   AREA_zh_CN.ts       desktop/AREA/ for every other sub-package (e.g. console_zh_CN.ts)
# 1. pyside6-lupdate extracts every tr()/translate()/QT_TRANSLATE_NOOP string of the area
#    (existing translations are kept, vanished ones dropped);
# 2. translate new entries in the .ts (by hand or with pyside6-linguist);
# 3. pyside6-lrelease compiles the .ts to the .qm; the app loads every *_zh_CN.qm.
# Both the .ts and the .qm are committed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${PYSIDE6_BIN:-$repo/.venv/bin}"
cd "$repo"

areas() {
    echo griddesk
    for d in desktop/*/; do
        name="$(basename "$d")"
        [[ "$name" == map || "$name" == __pycache__ ]] && continue
        echo "$name"
    done
}

sources_of() {
    if [[ "$1" == griddesk ]]; then
        find desktop -maxdepth 1 -name '*.py'
        find desktop/map -name '*.py'
    else
        find "desktop/$1" -name '*.py'
    fi
}

update_one() {
    local area="$1" ts="$here/$1_zh_CN.ts"
    mapfile -t sources < <(sources_of "$area" | sort)
    ((${#sources[@]})) || return 0
    "$bin/pyside6-lupdate" -no-obsolete -locations relative "${sources[@]}" -ts "$ts"
    # compile beside and rename: a running app maps the .qm it loaded
    "$bin/pyside6-lrelease" "$ts" -qm "${ts%.ts}.qm.new"
    mv -f "${ts%.ts}.qm.new" "${ts%.ts}.qm"
}

if (($#)); then
    for a in "$@"; do update_one "$a"; done
else
    while read -r a; do update_one "$a"; done < <(areas)
fi
