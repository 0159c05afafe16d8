#!/usr/bin/env bash
# Installs the project's pinned Go tools into .tools/bin (git-ignored) with
# `go install` through the Go module proxy. Pinned because their verdicts change
# between releases (oasdiff's breaking-change rules do). Idempotent: a tool whose
# binary reports the pinned version is left alone.
#
#   bash scripts/setup-go-tools.sh            # every pinned tool
#   bash scripts/setup-go-tools.sh oasdiff    # only the ones named
#
# Prints what it did on stderr; the last line on stdout is the .tools/bin folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"

# name -> module path@version (the module's main package builds the binary `name`).
declare -A pinned=(
  [oasdiff]="github.com/oasdiff/oasdiff@v1.39.0"
  [actionlint]="github.com/rhysd/actionlint/cmd/actionlint@v1.7.12"
)

say() { echo "setup-go-tools: $*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  say "go is not on PATH: install Go (1.22 or later) first"
  exit 1
fi

names=("$@")
if [ ${#names[@]} -eq 0 ]; then names=("${!pinned[@]}"); fi

mkdir -p "$bin"
# Two test runs starting at once must not build into .tools/bin together (flock is Linux's).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$root/.tools/.lock"
  flock 9
fi

for name in "${names[@]}"; do
  module="${pinned[$name]:-}"
  if [ -z "$module" ]; then
    say "unknown tool '$name' (pinned: ${!pinned[*]})"
    exit 1
  fi
  version="${module##*@}"
  stamp="$bin/.$name.version"
  if [ -x "$bin/$name" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$module" ]; then
    say "$name $version already installed"
    continue
  fi
  say "installing $module (a first build takes a few minutes)"
  started=$SECONDS
  GOBIN="$bin" GOFLAGS="${GOFLAGS:-} -mod=mod" go install "$module"
  echo "$module" >"$stamp"
  say "$name $version installed in $((SECONDS - started)) s"
done

echo "$bin"
