#!/usr/bin/env bash
# From a fresh clone to a working install, the same way on a new machine, a developer's and CI:
#
#   bash scripts/bootstrap.sh            # system packages, .venv, gongkai at the locked versions
#   bash scripts/bootstrap.sh --test     # the same with the test extras (pytest, hypothesis, playwright)
#   bash scripts/bootstrap.sh --fresh    # delete the virtual environment first (.ci/run does)
#
# 1. scripts/install-system-deps.sh: Chromium, a CJK font and, on Debian's own python3, python3.X-venv.
# 2. A virtual environment at $GONGKAI_VENV (default .venv in the repository), made with $PYTHON
#    (default python3, 3.10 or newer) when missing or broken; so Debian's externally-managed system
#    Python is never touched.
# 3. pip, setuptools and wheel, then `-e .` or `-e ".[test]"`, all constrained to requirements.lock
#    (regenerate it with scripts/lock.sh). The package is built with the locked setuptools
#    (--no-build-isolation), so nothing unpinned is downloaded. setuptools is also needed at run
#    time: cpca imports pkg_resources, which setuptools 82 removed and a Python 3.12+ venv lacks.
# Idempotent: run it again after a pull; it installs what the lock changed and rebuilds the
# editable package, nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
fresh=0
for arg in "$@"; do
  case "$arg" in
    --test) extras="[test]" ;;
    --fresh) fresh=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "bootstrap.sh: unknown option $arg (--test, --fresh)" >&2; exit 2 ;;
  esac
done
PYTHON=${PYTHON:-python3}
VENV=${GONGKAI_VENV:-.venv}

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "bootstrap.sh: gongkai needs Python 3.10 or newer; $PYTHON is $("$PYTHON" --version 2>&1 || echo missing)." >&2
  echo "  Set PYTHON=/path/to/python3.X and run again." >&2
  exit 1
fi

PYTHON="$PYTHON" bash scripts/install-system-deps.sh

if ((fresh)); then
  rm -rf "$VENV"
fi
if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  # missing, or left without pip by a `python3 -m venv` that failed before python3.X-venv was there
  rm -rf "$VENV"
  echo "bootstrap.sh: creating $VENV with $("$PYTHON" --version 2>&1)" >&2
  "$PYTHON" -m venv "$VENV"
fi

pip=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --constraint requirements.lock)
"${pip[@]}" --upgrade pip setuptools wheel
"${pip[@]}" --no-build-isolation --editable ".$extras"
echo "bootstrap.sh: ready: $VENV/bin/gongkai ($("$VENV/bin/python" --version 2>&1), requirements.lock${extras:+, test extras})" >&2
