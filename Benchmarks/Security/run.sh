#!/usr/bin/env bash
# Concurrent writers on each write route, 1 then 8 writers, against `serve --demo` on SQLite (loopback only).
#   Benchmarks/Security/run.sh [REQUESTS_PER_WRITER]      (COMPTOIR_BIN=path to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${COMPTOIR_BIN:-}" ]; then
  swift build -c release --product comptoir >/dev/null
  export COMPTOIR_BIN=.build/release/comptoir
fi
dir=$(mktemp -d /tmp/comptoir-bench-writers.XXXXXX)
trap 'scripts/security/demo-server.sh stop "$dir"; rm -rf "$dir"' EXIT
token=$(scripts/security/demo-server.sh start "$dir" 18383)
python3 Benchmarks/Security/concurrent_writers.py --port 18383 --token "$token" --requests "${1:-25}"
