#!/usr/bin/env bash
# Install what GridDesk needs (first run only) and start it: ./run.sh [ARGS...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash installer/bootstrap.sh

# Subcommands of main.py that never open a window.
HEADLESS_ARGS=" -h --help --version demo migrate summary screenshot "
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" \
      && "$HEADLESS_ARGS" != *" ${1:-<none>} "* ]]; then
    echo "[griddesk] no DISPLAY or WAYLAND_DISPLAY: the window needs a screen." >&2
    echo "[griddesk] without one, try: QT_QPA_PLATFORM=offscreen ./run.sh ...  or  xvfb-run -a ./run.sh ..." >&2
fi

exec .venv/bin/python main.py "$@"
