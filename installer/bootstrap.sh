#!/usr/bin/env bash
# GridDesk bootstrap: installs what the app (or, with --dev, the test suite) needs.
#
#   installer/bootstrap.sh          system libraries for Qt + .venv with `pip install -e .`
#   installer/bootstrap.sh --dev    also libzbar0, postgresql, xvfb, xauth + `pip install -e ".[dev]"`
#
# Idempotent: missing Debian/Ubuntu packages are looked up with dpkg-query first (apt-get
# only runs when something is missing), and the pip step is skipped while the stamp in
# .venv matches the hash of pyproject.toml + the flag + the interpreter. A second run
# takes about a second. Does not need a display.
set -euo pipefail

say() { printf '[griddesk] %s\n' "$*"; }
die() { printf '[griddesk] ERROR: %s\n' "$*" >&2; exit 1; }

DEV=0
for arg in "$@"; do
    case "$arg" in
        --dev) DEV=1 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $arg (usage: installer/bootstrap.sh [--dev])" ;;
    esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"

# ---------------------------------------------------------------- python >= 3.11
python_ok() {  # $1: interpreter; true if it runs and is >= 3.11
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}
find_python() {
    local c
    for c in python3.11 python3.12 python3.13 python3; do
        if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}
python_has_venv() {  # venv + ensurepip (Debian splits ensurepip into python3.X-venv)
    "$1" -c 'import venv, ensurepip' >/dev/null 2>&1
}

PY="$(find_python || true)"

# ---------------------------------------------------------------- system packages
SYS_PKGS=(
    libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
    libfreetype6 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
    libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
    libxcb-xkb1 libxrender1 libxi6 fontconfig
)
if [[ $DEV == 1 ]]; then
    SYS_PKGS+=(libzbar0 postgresql xvfb xauth)
fi
VENV_USABLE=0
if [[ -x "$VENV/bin/python" && -x "$VENV/bin/pip" ]] && python_ok "$VENV/bin/python"; then
    VENV_USABLE=1
fi
if [[ -z "$PY" ]]; then
    SYS_PKGS+=(python3 python3-venv python3-pip)
elif [[ $VENV_USABLE == 0 ]] && ! python_has_venv "$PY"; then
    SYS_PKGS+=(python3-venv python3-pip)
fi

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=()
    # one dpkg-query call for all names; unknown names are simply reported as missing
    installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${SYS_PKGS[@]}" 2>/dev/null || true)"
    for p in "${SYS_PKGS[@]}"; do
        if ! grep -qxF "$p installed" <<<"$installed"; then
            missing+=("$p")
        fi
    done
    if ((${#missing[@]})); then
        say "installing system packages: ${missing[*]}"
        if [[ $(id -u) == 0 ]]; then
            SUDO=()
        elif command -v sudo >/dev/null 2>&1; then
            SUDO=(sudo)
        else
            die "need root to install: ${missing[*]} -- run as root, install sudo, or run: apt-get install ${missing[*]}"
        fi
        export DEBIAN_FRONTEND=noninteractive
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            || die "apt-get update failed"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${missing[@]}" >/dev/null \
            || die "apt-get install failed for: ${missing[*]}"
        say "system packages installed"
    fi
else
    say "not a Debian/Ubuntu system: skipping system packages (Qt needs libEGL, libGL, libxkbcommon, fontconfig, xcb-cursor)"
fi

if [[ -z "$PY" ]]; then
    PY="$(find_python || true)"
    [[ -n "$PY" ]] || die "no Python >= 3.11 found (tried python3.11 python3.12 python3.13 python3); install Python 3.11+"
fi

# ---------------------------------------------------------------- virtualenv
if [[ $VENV_USABLE == 0 ]]; then
    if [[ -e "$VENV" ]]; then
        say "removing unusable $VENV"
        rm -rf "$VENV"
    fi
    say "creating .venv with $PY ($("$PY" -c 'import platform; print(platform.python_version())'))"
    if ! "$PY" -m venv "$VENV"; then
        rm -rf "$VENV"
        die "could not create .venv with $PY (on Debian: apt-get install python3-venv)"
    fi
fi
VPY="$VENV/bin/python"

if command -v sha256sum >/dev/null 2>&1; then
    HASH_CMD=(sha256sum)
else
    HASH_CMD=(shasum -a 256)
fi
stamp_key() {  # $1: 0|1 (dev flag)
    {
        cat "$ROOT/pyproject.toml"
        echo "dev=$1"
        "$VPY" -c 'import sys; print(sys.version)'
    } | "${HASH_CMD[@]}" | cut -d' ' -f1
}
STAMP_BASE="$VENV/.griddesk-bootstrap"
stamp_file() { echo "$STAMP_BASE-$([[ $1 == 1 ]] && echo dev || echo app)"; }

fresh=0
if [[ -f "$(stamp_file "$DEV")" && "$(cat "$(stamp_file "$DEV")")" == "$(stamp_key "$DEV")" ]]; then
    fresh=1
elif [[ $DEV == 0 && -f "$(stamp_file 1)" && "$(cat "$(stamp_file 1)")" == "$(stamp_key 1)" ]]; then
    fresh=1  # a dev install includes the app install
fi

if [[ $fresh == 1 ]]; then
    say "environment up to date ($([[ $DEV == 1 ]] && echo 'dev' || echo 'app'))"
else
    target="."
    [[ $DEV == 1 ]] && target=".[dev]"
    say "installing Python packages: pip install -e \"$target\" (a few minutes on a fresh machine)"
    rm -f "$STAMP_BASE"-*
    "$VPY" -m pip install --quiet --disable-pip-version-check --no-input -e "$target" \
        || die "pip install -e \"$target\" failed (see the errors above)"
    stamp_key "$DEV" >"$(stamp_file "$DEV")"
    say "Python packages installed"
fi
