#!/usr/bin/env bash
# `make run`'s first steps, said out loud: create the virtualenv, install the packages (a line per
# package as pip takes it), each with the time it took. Later runs skip what is already done.
set -euo pipefail
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
REQUIREMENTS=${1:-requirements.txt}
STAMP=${2:-$VENV/.installed}

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
took() { printf '    done in %ss\n' "$(( $(date +%s) - $1 ))"; }

if [[ ! -x $VENV/bin/python ]]; then
  step "First run: creating the Python environment in $VENV (a first run takes about 2 minutes in all)"
  start=$(date +%s)
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  took "$start"
fi

if [[ ! -f $STAMP || $REQUIREMENTS -nt $STAMP ]]; then
  count=$(grep -cE '^[A-Za-z0-9]' "$REQUIREMENTS" || true)
  step "Installing $count packages from $REQUIREMENTS (and what they need; about 1–2 minutes the first time)"
  start=$(date +%s)
  # pip's own lines, one per package it collects or installs; the rest of its chatter is left out.
  set +e
  "$VENV/bin/pip" install --disable-pip-version-check --progress-bar off -r "$REQUIREMENTS" 2>&1 \
    | grep --line-buffered -E '^(Collecting|Installing collected|Successfully installed|ERROR|error)' \
    | sed -u -e 's/^Collecting \([^ ]*\).*/+ \1/' \
             -e 's/^Installing collected packages: .*/installing what was collected (the longest part)…/' \
             -e 's/^Successfully installed .*/all installed/' -e 's/^/    /'
  status=${PIPESTATUS[0]}
  set -e
  if (( status != 0 )); then
    echo "error: installing the packages failed; run '$VENV/bin/pip install -r $REQUIREMENTS' to see why" >&2
    exit 1
  fi
  touch "$STAMP"
  took "$start"
fi
