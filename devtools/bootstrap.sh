#!/usr/bin/env bash
# `make run`'s and `make test`'s first steps, said out loud: create the virtualenv, install the
# packages (each named as pip collects it and again as it lands: devtools/install.py), each step
# with the time it took. Later runs skip what is already done, and say so.
#   bash devtools/bootstrap.sh REQUIREMENTS STAMP
set -euo pipefail
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
REQUIREMENTS=${1:-requirements.txt}
STAMP=${2:-$VENV/.installed}

if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '%s==> %s%s\n' "$bold" "$*" "$plain"; }
took() { printf '    done in %ss\n' "$(( $(date +%s) - $1 ))"; }

if [[ ! -x $VENV/bin/python ]]; then
  step "First run: creating the Python environment in $VENV and updating pip (about half a minute; a first run takes 2–4 minutes in all, most of it installing)"
  start=$(date +%s)
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  took "$start"
fi

# The stamp holds the requirements file's checksum: a changed file (not a newer date, as after a
# clone or a checkout of the same content) installs again.
wanted=$("$VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$REQUIREMENTS")
if [[ ! -f $STAMP || $(cat "$STAMP") != "$wanted" ]]; then
  count=$(grep -cE '^[A-Za-z0-9]' "$REQUIREMENTS" || true)
  step "Installing $count packages from $REQUIREMENTS and what they need (1–3 minutes the first time)"
  start=$(date +%s)
  if ! "$VENV/bin/python" -m devtools.install "$REQUIREMENTS"; then
    echo "error: installing the packages failed; run '$VENV/bin/pip install -r $REQUIREMENTS' to see why" >&2
    exit 1
  fi
  echo "$wanted" > "$STAMP"
  took "$start"
else
  step "Packages of $REQUIREMENTS already installed in $VENV (the file is unchanged; 'make clean' starts afresh)"
fi
