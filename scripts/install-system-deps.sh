#!/usr/bin/env bash
# What gongkai needs from Debian: a CJK font (Chinese in exported charts and screenshots), Chromium
# (kaleido image export, browser tests) and, where `$PYTHON -m venv` cannot work (Debian's own
# python3 without python3.X-venv), the venv package. Idempotent; skips what is already there.
# PYTHON names the interpreter the virtual environment will be made with (default python3).
# Without apt-get it only says what is missing: the venv module is required, the rest is not.
set -euo pipefail
PYTHON=${PYTHON:-python3}
need=()
venv_need=""
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy\|noto sans cjk" || need+=(fonts-wqy-microhei)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  # Debian splits ensurepip out of the interpreter: `python3 -m venv` fails without python3.X-venv.
  ver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  venv_need="python$ver-venv"
  need+=("$venv_need")
fi
((${#need[@]})) || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps.sh: no apt-get here; install these yourself: ${need[*]}" >&2
  [ -z "$venv_need" ] || exit 1      # no virtual environment without it
  exit 0                             # chart images and the browser test need the others
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" </dev/null
