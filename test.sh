#!/usr/bin/env bash
# Install what the test suite needs (first run only) and run all checks:
#   ruff, import-linter, mypy, pytest.   ./test.sh [PYTEST ARGS...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$(pwd)"

T0=$(date +%s)
TIMES=()
section() { printf '\n==================== %s ====================\n' "$*"; }
step() {  # step NAME CMD...: run CMD, record its time, stop the script on failure
    local name="$1" t rc=0
    shift
    section "$name"
    t=$(date +%s)
    "$@" || rc=$?
    TIMES+=("$(printf '%-14s %4ss' "$name" "$(($(date +%s) - t))")")
    if [[ $rc != 0 ]]; then
        printf '\n[griddesk] FAILED: %s (exit %s)\n' "$name" "$rc" >&2
        summary
        exit "$rc"
    fi
}
summary() {
    section "timing"
    printf '%s\n' "${TIMES[@]}"
    printf '%-14s %4ss\n' "total" "$(($(date +%s) - T0))"
}

step bootstrap bash installer/bootstrap.sh --dev

export PATH="$ROOT/.venv/bin:$PATH"
export QT_QPA_PLATFORM=offscreen

step ruff ruff check .
step import-linter lint-imports --no-cache --no-logo
step mypy mypy

pytest_run() {
    local rc=0
    python -m pytest "$@" || rc=$?
    if [[ $rc == 5 ]]; then
        echo "[griddesk] pytest collected no tests: treating that as a failure" >&2
    fi
    return "$rc"
}
step pytest pytest_run "$@"

summary
echo "[griddesk] all checks passed"
