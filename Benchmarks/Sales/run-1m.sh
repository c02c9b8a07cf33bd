#!/usr/bin/env bash
# Sales at 1 M invoice lines (#16): `comptoir-benchdata --sales` loads 100 000 validated invoices × 10 lines (credit
# notes, orders in installments, payments, the chain), `comptoir verify` checks the chain, then a release server on
# that data answers one request at a time on loopback: p50/p99 of the invoices list (page and API) with its filters,
# the payments list, the /sales dashboard, an order's billing ledger, a project's margin (sales_1m_bench.py). With
# BEFORE_BIN=…, the same API cases are measured again in the same run with that binary (e.g. main's) on the same data.
# /tmp/bench.lock is held while measuring, so that builds on the machine wait.
#
#   Benchmarks/Sales/run-1m.sh                 # SQLite
#   Benchmarks/Sales/run-1m.sh --postgres      # PostgreSQL 15 (scripts/test-postgres.sh)
#
# Options (or environment variables):
#   --invoices 100000 --lines 10 --customers 3000 --seed 2026     (INVOICES, LINES, CUSTOMERS, SEED)
#   --reads 200 --warmup 20     requests measured / unrecorded per case                      (READS, WARMUP)
#   --only REGEX                only the cases whose name matches
#   --regenerate                load again instead of reusing the cached data
#   --no-build                  use the binaries in .build-release as they are
#   BIN=… GEN=…                 use these `comptoir` and `comptoir-benchdata` binaries
#   BEFORE_BIN=…                also measure the API cases with this `comptoir` binary (same data, same run)
#   SQL_FILE=…                  apply this SQL to the run's copy before measuring (index experiments)
#
# Data is loaded once per database and sizes and kept under Benchmarks/data/ (gitignored), keyed by the sizes, the seed
# and a hash of the loader and sales schema; the load log (rows/s, and the same-run raw INSERT of the same line rows) is
# kept beside it as generate.txt. Output goes to Benchmarks/out/sales1m-<db>-<timestamp>/ (gitignored).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

database=sqlite
invoices=${INVOICES:-100000}
lines=${LINES:-10}
customers=${CUSTOMERS:-3000}
seed=${SEED:-2026}
reads=${READS:-200}
warmup=${WARMUP:-20}
only=${ONLY:-}
sql_file=${SQL_FILE:-}
regenerate=0
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) database=postgres ;;
    --invoices) invoices=$2; shift ;;
    --lines) lines=$2; shift ;;
    --customers) customers=$2; shift ;;
    --seed) seed=$2; shift ;;
    --reads) reads=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --only) only=$2; shift ;;
    --regenerate) regenerate=1 ;;
    --no-build) build=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[sales-1m] %s\n' "$*" >&2; }

if [ "$build" = 1 ] && [ -z "${BIN:-}" ]; then
  while [ -e /tmp/bench.lock ]; do sleep 20; done
  log "building the release binaries (.build-release)"
  swift build -c release --scratch-path .build-release --product comptoir-benchdata >&2
  swift build -c release --scratch-path .build-release --product comptoir >&2
fi
bindir=$(swift build -c release --scratch-path .build-release --show-bin-path)
BIN=${BIN:-"$bindir/comptoir"}
GEN=${GEN:-"$bindir/comptoir-benchdata"}
for b in "$BIN" "$GEN"; do [ -x "$b" ] || { log "no binary at $b"; exit 1; }; done

work=$(mktemp -d /tmp/comptoir-sales1m.XXXXXX)
out="$root/Benchmarks/out/sales1m-$database-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
server_pid=""
pgdir=""
pgport=""
rundb=""
locked=0
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  [ "$locked" = 0 ] || rm -f /tmp/bench.lock
  if [ -n "$pgdir" ]; then
    [ -z "$rundb" ] || psql -h 127.0.0.1 -p "$pgport" -U postgres -X -q -d postgres -c "DROP DATABASE IF EXISTS $rundb" >/dev/null 2>&1 || true
    "$root/scripts/test-postgres.sh" stop "$pgdir" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  log "no free port found"; exit 1
}

# --- data (cached) ---------------------------------------------------------------------------------
key_files=(
  Benchmarks/Loaders Sources/ComptoirStore/Migrations Sources/ComptoirServices/Sales/SalesValidatedRows.swift
  Sources/ComptoirServices/Sales/SalesDocument.swift Sources/ComptoirCore/Sales Sources/ComptoirCore/Sample
)
code_hash=$(find "${key_files[@]}" -type f -name '*.swift' | sort | xargs cat | sha1sum | cut -c1-10)
key="${invoices}-${lines}-${customers}-s${seed}-${code_hash}"
gen_args=(--sales --invoices "$invoices" --lines-per-invoice "$lines" --customers "$customers" --seed "$seed" --raw-comparison)
psql_run() { psql -h 127.0.0.1 -p "$pgport" -U postgres -X -q -t -A "$@"; }
mkdir -p "$root/Benchmarks/data"
if [ "$database" = sqlite ]; then
  cache="$root/Benchmarks/data/sales-sqlite-$key"
  [ "$regenerate" = 0 ] || rm -rf "$cache"
  if [ ! -f "$cache/done" ]; then
    rm -rf "$cache"; mkdir -p "$cache"
    log "loading into $cache (once; cached for later runs)"
    { echo "\$ comptoir-benchdata --data-dir $cache ${gen_args[*]}"; echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
      /usr/bin/time -v "$GEN" --data-dir "$cache" "${gen_args[@]}"; } > >(tee "$cache/generate.txt") 2> >(tee "$cache/generate.err" >&2)
    touch "$cache/done"
  fi
  mkdir -p "$work/data"
  cp "$cache/comptoir.sqlite" "$work/data/comptoir.sqlite"
  db_args=(--data-dir "$work/data")
  db_size=$(du -h "$work/data/comptoir.sqlite" | cut -f1)
  plan() { sqlite3 -batch "$work/data/comptoir.sqlite" "EXPLAIN QUERY PLAN $1"; }
  [ -z "$sql_file" ] || sqlite3 -batch "$work/data/comptoir.sqlite" <"$sql_file"
else
  cache="$root/Benchmarks/data/sales-pg-$key"
  if [ "$regenerate" = 1 ] && [ -d "$cache" ]; then "$root/scripts/test-postgres.sh" stop "$cache" || true; rm -rf "$cache"; fi
  pgport=$(free_port)
  pgdir="$cache"
  url=$("$root/scripts/test-postgres.sh" start "$cache" "$pgport")
  if [ ! -f "$cache/done" ]; then
    log "loading into PostgreSQL (once; cached for later runs)"
    psql_run -d postgres -c "DROP DATABASE IF EXISTS comptoir_test" -c "CREATE DATABASE comptoir_test"
    mkdir -p "$work/gen"
    { echo "\$ comptoir-benchdata --data-dir $work/gen --database-url … ${gen_args[*]}"; echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
      /usr/bin/time -v "$GEN" --data-dir "$work/gen" --database-url "$url" "${gen_args[@]}"; } \
      > >(tee "$work/generate.txt") 2> >(tee "$work/generate.err" >&2)
    cp "$work/generate.txt" "$work/generate.err" "$work/gen/sales-fixtures.json" "$cache/"
    touch "$cache/done"
  fi
  rundb="comptoir_run_$$"
  psql_run -d postgres -c "CREATE DATABASE $rundb TEMPLATE comptoir_test"
  url="postgres://postgres@127.0.0.1:$pgport/$rundb?sslmode=disable"
  db_args=(--data-dir "$work/data" --database-url "$url")
  db_size=$(psql_run -d "$rundb" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")
  plan() { psql -h 127.0.0.1 -p "$pgport" -U postgres -X -q -d "$rundb" -c "EXPLAIN ANALYZE $1"; }
  [ -z "$sql_file" ] || psql -h 127.0.0.1 -p "$pgport" -U postgres -X -q -d "$rundb" -f "$sql_file"
fi
cp "$cache/generate.txt" "$out/" 2>/dev/null || true
fixtures="$cache/sales-fixtures.json"

# --- verify, account, token ------------------------------------------------------------------------
export LOG_LEVEL=warning
log "comptoir verify on the loaded data"
verify_start=$(date +%s.%N)
"$BIN" verify "${db_args[@]}" >"$out/verify.txt" 2>&1 || { cat "$out/verify.txt" >&2; log "verify FAILED"; }
verify_seconds=$(echo "$(date +%s.%N) - $verify_start" | bc)
email=bench@example.fr
"$BIN" user create --email "$email" --password "Benchmark-password-2024" --name "Bench" --role admin "${db_args[@]}" >"$work/user.log" 2>&1 \
  || { cat "$work/user.log" >&2; exit 1; }
token=$("$BIN" token create --user "$email" "${db_args[@]}" 2>"$work/token.log" | tail -n 1 | tr -d '[:space:]')
[ -n "$token" ] || { cat "$work/token.log" >&2; exit 1; }

# --- plans of the list's queries -------------------------------------------------------------------
product=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['product'].lower())" "$fixtures")
big=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['bigCustomer'].lower())" "$fixtures")
cols="d.id, d.reference, d.issue_date, d.total_gross"
order="ORDER BY d.issue_date DESC, d.created_at DESC, d.id LIMIT 51 OFFSET 0"
{
  for q in \
    "SELECT $cols FROM sales_documents d WHERE d.kind IN ('invoice') $order" \
    "SELECT $cols FROM sales_documents d WHERE d.kind IN ('invoice') AND d.state = 'partially_paid' $order" \
    "SELECT $cols FROM sales_documents d WHERE d.kind IN ('invoice') AND d.company_id = '$big' $order" \
    "SELECT $cols FROM sales_documents d JOIN (SELECT DISTINCT l.document_id FROM sales_document_lines l WHERE l.product_id = '$product') pl ON pl.document_id = d.id WHERE d.kind IN ('invoice') $order" \
    "SELECT $cols FROM sales_documents d WHERE d.kind IN ('invoice') AND (LOWER(COALESCE(d.reference, '')) LIKE '%fa2025-0001%' ESCAPE '!' OR LOWER(COALESCE(d.customer_name, '')) LIKE '%fa2025-0001%' ESCAPE '!') $order"; do
    echo "## $q"; plan "$q" 2>&1 || true; echo
  done
} >"$out/plans.txt"

# --- measure ---------------------------------------------------------------------------------------
measure() { # label binary
  local label=$1 binary=$2 port
  port=$(free_port)
  "$binary" serve --port "$port" "${db_args[@]}" >"$out/server-$label.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "http://127.0.0.1:$port/livez" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/livez" || { cat "$out/server-$label.log" >&2; exit 1; }
  echo "load average before ($label): $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.md"
  python3 "$here/sales_1m_bench.py" --port "$port" --token "$token" --fixtures "$fixtures" --reads "$reads" --warmup "$warmup" \
    --pid "$server_pid" --label "$label" ${3:+--only "$3"} | tee -a "$out/summary.md"
  echo "server RSS peak ($label): $(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$server_pid/status")" | tee -a "$out/summary.md"
  stop_server
}
while [ -e /tmp/bench.lock ]; do log "waiting for /tmp/bench.lock"; sleep 20; done
touch /tmp/bench.lock
locked=1
{
  echo "# Sales at 1 M invoice lines, $database, $(date -u '+%Y-%m-%d %H:%M UTC'), code $(git -C "$root" rev-parse --short HEAD)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, shared; database $db_size"
  echo "data: $invoices invoices × $lines lines, $customers customers, seed $seed; $reads requests per case after $warmup, one at a time"
  echo "verify: $(tail -n 1 "$out/verify.txt") (${verify_seconds} s)"
  echo
} | tee "$out/summary.md"
measure after "$BIN" "$only"
if [ -n "${BEFORE_BIN:-}" ]; then
  echo | tee -a "$out/summary.md"
  measure before "$BEFORE_BIN" "${only:-^api invoices($| state| company| project| q=| cursor| limit)}"
fi
log "results in $out"
