#!/usr/bin/env bash
# What gongkai needs from Debian: a CJK font (Chinese in exported charts and screenshots) and
# Chromium (kaleido image export, browser tests). Idempotent; skips what is already there.
set -euo pipefail
need=()
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy\|noto sans cjk" || need+=(fonts-wqy-microhei)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
