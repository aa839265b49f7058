#!/usr/bin/env bash
# Set up chainmap on a fresh machine: a virtualenv in .venv with the package installed, plus
# Debian's Chromium and a CJK font (PNG/PDF exports render with headless Chromium).
#   scripts/setup.sh          the app
#   scripts/setup.sh test     also the test tools and ChromeDriver (browser tests)
# Run again, it installs nothing when nothing changed: .venv/.chainmap-setup-<app|test> holds
# the hash of the pyproject.toml last installed with that extra ("test" includes "app").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
want=$(.venv/bin/python -c 'import hashlib, sys; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest(), sys.version.split()[0])')
installed() { [ -x .venv/bin/chainmap ] && [ "$(cat ".venv/.chainmap-setup-$1" 2>/dev/null)" = "$want" ]; }
install() {  # $1: app or test
  .venv/bin/python -m pip install --quiet --upgrade pip
  # -qq: errors only (setuptools' notes on editable installs are for maintainers)
  if [ "$1" = "test" ]; then
    .venv/bin/python -m pip install -qq -e ".[test]"
  else
    .venv/bin/python -m pip install -qq -e .
  fi
  echo "$want" > ".venv/.chainmap-setup-$1"
}
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# grep reads the whole list (not -q): a grep that stops early kills fc-list with SIGPIPE,
# which pipefail counts as "no font" and apt-get ran on every start
fc-list 2>/dev/null | grep -i "noto sans cjk" >/dev/null || need+=(fonts-noto-cjk)
if [ "${1:-}" = "test" ]; then
  installed test || install test
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
else
  installed app || installed test || install app
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "installing ${need[*]} (Debian packages) for exports and browser tests"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
         $SUDO apt-get install -y -qq "${need[@]}" >/dev/null; }; then
    if [ "${1:-}" = "test" ]; then
      echo "could not install ${need[*]}: the browser tests need them" >&2
      exit 1
    fi
    echo "warning: could not install ${need[*]}; the app runs, PNG/PDF exports will not" >&2
  fi
fi
