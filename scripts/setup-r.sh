#!/usr/bin/env bash
# Installs R and the R packages the generated R package and its tests use, from
# Debian (CRAN is not reachable here), and prepares what `R CMD check` needs
# offline in .r/ (git-ignored). Idempotent and fast when everything is there:
# one Rscript call checks the packages, apt-get runs only for missing ones.
#
#   bash scripts/setup-r.sh        # prints what it did, last line: the .r/ folder
#
# .r/ then holds:
#   emptyrepo/src/contrib/PACKAGES   an empty CRAN-like repository
#   Rprofile                         options(repos = that repository), for R_PROFILE_USER
#   check.Renviron                   R CMD check settings for an offline machine, for R_CHECK_ENVIRON
#   env.sh                           `. .r/env.sh` exports both variables
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/.r"

# What each Debian package brings. Imports of the generated package: jsonlite,
# httr2 (on curl), tibble, gargle (Google credentials). Its tests: testthat,
# webfakes (real HTTP apps on 127.0.0.1), withr. The harness: roxygen2. Its
# Suggests for the dplyr flow of basedosdados 0.2.3 (bdplyr(), tbl(con, ...)):
# DBI, dbplyr and dplyr (the package works without them; the tests need them).
debian_packages=(
  r-base-core
  r-cran-jsonlite r-cran-httr2 r-cran-curl r-cran-tibble r-cran-gargle
  r-cran-testthat r-cran-webfakes r-cran-withr r-cran-roxygen2
  r-cran-dbi r-cran-dbplyr r-cran-dplyr
)
r_packages=(jsonlite httr2 curl tibble gargle testthat webfakes withr roxygen2 DBI dbplyr dplyr)

say() { echo "setup-r: $*" >&2; }

missing_r_packages() {
  # find.package() only looks at folders: far faster than loading anything.
  Rscript --vanilla -e 'p <- commandArgs(TRUE); cat(setdiff(p, basename(find.package(p, quiet = TRUE))), sep = "\n")' "$@" 2>/dev/null
}

prepare_offline_check() {
  mkdir -p "$state/emptyrepo/src/contrib"
  local index="$state/emptyrepo/src/contrib/PACKAGES"
  [ -f "$index" ] || : >"$index"
  local profile="$state/Rprofile"
  local wanted_profile
  wanted_profile="options(repos = c(CRAN = \"file://$state/emptyrepo\"))"
  if [ ! -f "$profile" ] || [ "$(cat "$profile")" != "$wanted_profile" ]; then
    echo "$wanted_profile" >"$profile"
    say "wrote $profile (an empty local CRAN: R CMD check makes no network call)"
  fi
  cat >"$state/check.Renviron" <<'EOF'
# R CMD check on a machine without CRAN: optional Suggests (arrow, nanoparquet)
# cannot be installed, and neither the clock nor CRAN can be asked.
_R_CHECK_FORCE_SUGGESTS_=false
_R_CHECK_SYSTEM_CLOCK_=false
_R_CHECK_CRAN_INCOMING_REMOTE_=false
_R_CHECK_CRAN_INCOMING_=false
EOF
  cat >"$state/env.sh" <<EOF
export R_PROFILE_USER="$profile"
export R_CHECK_ENVIRON="$state/check.Renviron"
EOF
}

missing=""
if command -v Rscript >/dev/null 2>&1; then
  missing="$(missing_r_packages "${r_packages[@]}" || true)"
  if [ -z "$missing" ]; then
    prepare_offline_check
    say "R $(Rscript --vanilla -e 'cat(format(getRversion()))') and every package present (${r_packages[*]}): nothing to install"
    echo "$state"
    exit 0
  fi
  say "R is installed; missing R packages: $(echo "$missing" | tr '\n' ' ')"
else
  say "R is not installed"
fi

if ! command -v apt-get >/dev/null 2>&1; then
  say "cannot install: apt-get is not available. Install R >= 4.2 and the packages ${r_packages[*]} yourself, then rerun." 
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  say "cannot install: apt-get needs root (run this script as root, or install ${debian_packages[*]} with sudo apt-get)."
  exit 1
fi

# Two test runs starting at once must not run apt-get together.
mkdir -p "$state"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$state/.setup.lock"
  flock 9
fi
if command -v Rscript >/dev/null 2>&1 && [ -z "$(missing_r_packages "${r_packages[@]}" || true)" ]; then
  prepare_offline_check
  say "installed meanwhile by another run"
  echo "$state"
  exit 0
fi

started=$(date +%s)
# Other apt users of the machine hold dpkg's lock for a while: wait for it rather than fail.
apt_options=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
say "apt-get update"
if ! apt-get "${apt_options[@]}" update -qq >&2; then
  say "apt-get update failed: is the Debian mirror reachable?"
  exit 1
fi
say "apt-get install ${debian_packages[*]}"
if ! DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" install -y -qq --no-install-recommends "${debian_packages[@]}" >&2; then
  say "apt-get install failed (see above)"
  exit 1
fi
still_missing="$(missing_r_packages "${r_packages[@]}" || true)"
if [ -n "$still_missing" ]; then
  say "installed, yet R cannot find: $(echo "$still_missing" | tr '\n' ' ')"
  exit 1
fi
prepare_offline_check
say "installed R $(Rscript --vanilla -e 'cat(format(getRversion()))') and ${r_packages[*]} in $(( $(date +%s) - started )) s"
echo "$state"
