#!/usr/bin/env bash
# Installs the C libraries ansinh links against when they are missing (as root), or says
# exactly what to run. Called by `make reconcile`; `make test` calls it with --test, which also
# wants headless Chromium (the report's browser test), python3 (reading the workbook back) and
# strace (the fault tests).
set -euo pipefail

missing=()
[ -f /usr/include/csv.h ] || missing+=(libcsv-dev)
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
[ -f /usr/include/xlsxwriter.h ] || missing+=(libxlsxwriter-dev)
[ -f /usr/include/jemalloc/jemalloc.h ] || missing+=(libjemalloc-dev)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v strace >/dev/null 2>&1 || missing+=(strace)      # the fault tests kill a run at each publish rename
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-deps: installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "ensure-deps: missing ${missing[*]}. Run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "ensure-deps: the Swift toolchain (swift 6.x) is not on PATH; install it from swift.org" >&2
  exit 1
fi
