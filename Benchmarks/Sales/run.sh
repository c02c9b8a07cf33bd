#!/usr/bin/env bash
# Sales at volume (#16): validate N invoices with C concurrent API clients, then the p99 of the invoices list with filters
# and of an order's billing ledger, against `serve --demo` on SQLite (loopback only). Creates /tmp/bench.lock while it
# measures, so that other builds on the machine pause.
#   Benchmarks/Sales/run.sh [INVOICES] [CLIENTS]      (COMPTOIR_BIN=path to skip the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${COMPTOIR_BIN:-}" ]; then
  swift build -c release --product comptoir >/dev/null
  export COMPTOIR_BIN=.build/release/comptoir
fi
dir=$(mktemp -d /tmp/comptoir-bench-sales.XXXXXX)
trap 'rm -f /tmp/bench.lock; scripts/security/demo-server.sh stop "$dir"; rm -rf "$dir"' EXIT
token=$(scripts/security/demo-server.sh start "$dir" 18484)
touch /tmp/bench.lock
python3 Benchmarks/Sales/sales_bench.py --port 18484 --token "$token" --invoices "${1:-10000}" --clients "${2:-8}"
