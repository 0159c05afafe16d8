#!/usr/bin/env bash
# Creates the project's Python environment, .venv/ at the project root, from
# the pinned tests/python/requirements.txt. Idempotent: when .venv already has
# exactly those requirements (a stamp of the file's hash) it returns at once.
#
#   scripts/setup-python.sh          # create or update .venv, print its python
#   BDGEN_PYTHON=python3.12 scripts/setup-python.sh
#   scripts/setup-python.sh .venv-basedosdados tests/python/legacy/requirements.txt
#                                    # another environment: a folder and its pinned requirements
#                                    # (PyPI basedosdados 2.x, for the old-scripts tests)
#
# Nothing in the project relies on packages installed by hand: the tests run
# .venv/bin/python, which this script owns.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/${1:-.venv}"
requirements="$root/${2:-tests/python/requirements.txt}"
stamp="$venv/.bdgen-requirements.sha256"

hash_of() { if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }
want="$(hash_of "$requirements")"
up_to_date() { [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }

if up_to_date; then
  echo "$venv/bin/python"
  exit 0
fi

# Two test runs starting at once must not build the venv together (flock is Linux's; elsewhere, no lock).
mkdir -p "$venv"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$venv/.bdgen-setup.lock"
  flock 9
fi
if up_to_date; then
  echo "$venv/bin/python"
  exit 0
fi

python="${BDGEN_PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
if [ -z "$python" ] || ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "setup-python: needs Python 3.11 or newer (set BDGEN_PYTHON); found: ${python:-none}" >&2
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "setup-python: creating $venv with $("$python" --version)" >&2
  "$python" -m venv "$venv"
fi
echo "setup-python: installing $(grep -cv '^#' "$requirements") pinned packages" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
echo "$want" >"$stamp"
echo "$venv/bin/python"
