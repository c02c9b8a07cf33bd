#!/usr/bin/env bash
# Imports and other users (issue #14): page latency of users browsing lists while a 100,000-row import runs in the
# server, against the same pages with no import, in one run.
#
# A release server on a copy of a generated directory (50,000 companies, 250,000 contacts, 20,000 interactions by
# default: `comptoir-benchdata`, cached under Benchmarks/data/), a plain user signed in through the sign-in form
# (session cookie), and one wrk connection per page (companies, contacts, interactions, global search: four users
# browsing at once). Three phases, each measured the same way:
#   quiet   — the pages alone, for --quiet seconds;
#   import  — the same pages while an administrator's import of a generated CSV (Benchmarks/Imports/generate.py:
#             --rows rows of companies + contacts, `;`, Windows-1252) runs as the background job of the server, started
#             as « Importer » starts it (the API's upload, settings and run: the page's flow calls the same service);
#             wrk runs until the job ends, then the counts are checked in the database (every row must be written);
#   after   — the pages alone again, on the now larger directory, for --quiet seconds.
# Goal of the issue: p99 during the import <= 3 x the quiet p99, and <= 250 ms.
#
#   Benchmarks/ImportBrowsing/run.sh                 # SQLite
#   Benchmarks/ImportBrowsing/run.sh --postgres      # PostgreSQL 15 (scripts/test-postgres.sh)
#   BINS="old/comptoir new/comptoir" Benchmarks/ImportBrowsing/run.sh --no-build
#                                                    # each binary in turn, each on a fresh copy of the same data
#
# Options (or environment variables):
#   --postgres                 run against PostgreSQL
#   --rows 100000              rows of the imported file                                      (ROWS)
#   --companies 50000 --contacts 250000 --interactions 20000 --seed 2026    the directory        (COMPANIES, …)
#   --quiet 20                 seconds of each quiet phase                                    (QUIET)
#   --no-build                 use the binaries in .build-release as they are
#   --generate-only            generate (or find) the cached data and the import file, then stop
#   BIN=… GEN=…                the `comptoir` and `comptoir-benchdata` binaries (BINS: several `comptoir`, in turn)
# Output: Benchmarks/out/importbrowsing-<db>-<timestamp>/ (gitignored), summary.txt at its root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

database=sqlite
rows=${ROWS:-100000}
companies=${COMPANIES:-50000}
contacts=${CONTACTS:-250000}
interactions=${INTERACTIONS:-20000}
seed=${SEED:-2026}
quiet=${QUIET:-20}
build=1
generate_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) database=postgres ;;
    --rows) rows=$2; shift ;;
    --companies) companies=$2; shift ;;
    --contacts) contacts=$2; shift ;;
    --interactions) interactions=$2; shift ;;
    --seed) seed=$2; shift ;;
    --quiet) quiet=$2; shift ;;
    --no-build) build=0 ;;
    --generate-only) generate_only=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[importbrowsing-bench] %s\n' "$*" >&2; }
for tool in wrk curl python3; do command -v "$tool" >/dev/null 2>&1 || { log "$tool is required"; exit 1; }; done
[ "$database" = postgres ] || command -v sqlite3 >/dev/null 2>&1 || { log "sqlite3 is required"; exit 1; }

# --- binaries ------------------------------------------------------------------------------------
if [ -n "${BIN:-}${BINS:-}" ] || [ -n "${GEN:-}" ]; then build=0; fi
if [ "$build" = 1 ]; then
  log "building release binaries (swift build -c release --scratch-path .build-release)"
  swift build -c release --scratch-path .build-release --product comptoir >&2
  swift build -c release --scratch-path .build-release --product comptoir-benchdata >&2
fi
bindir=$(swift build -c release --scratch-path .build-release --show-bin-path)
BINS=${BINS:-${BIN:-"$bindir/comptoir"}}
GEN=${GEN:-"$bindir/comptoir-benchdata"}
for b in $BINS "$GEN"; do [ -x "$b" ] || { log "no binary at $b"; exit 1; }; done

# --- scratch space and cleanup -------------------------------------------------------------------
work=$(mktemp -d /tmp/comptoir-importbrowsing.XXXXXX)
chmod 755 "$work"
server_pid=""
wrk_pids=()
pgdir=""
pgport=""
rundb=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
drop_rundb() {
  if [ -n "$rundb" ]; then
    psql -h 127.0.0.1 -p "$pgport" -U postgres -X -q -d postgres -c "DROP DATABASE IF EXISTS $rundb" >/dev/null 2>&1 || true
  fi
  rundb=""
}
cleanup() {
  for pid in "${wrk_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_server
  if [ -n "$pgdir" ]; then drop_rundb; "$root/scripts/test-postgres.sh" stop "$pgdir" || true; fi
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
psql_run() { psql -h 127.0.0.1 -p "$pgport" -U postgres -X -q -t -A "$@"; }

# --- data (generated once, cached) ---------------------------------------------------------------
key_files=(
  Sources/ComptoirStore/Migrations Sources/ComptoirStore/Search/SearchIndex.swift Sources/ComptoirCore/Sample
  Benchmarks/Loaders/Directory Benchmarks/Loaders/Activities Sources/ComptoirServices/Directory/DirectoryIndexing.swift
)
code_hash=$(find "${key_files[@]}" -type f -name '*.swift' | sort | xargs cat | sha1sum | cut -c1-10)
key="${companies}-${contacts}-${interactions}-s${seed}-${code_hash}"
mkdir -p "$root/Benchmarks/data"
generate() {  # generate DATA_DIR [--database-url URL]
  { echo "\$ comptoir-benchdata --data-dir $1 ${*:2} --companies $companies --contacts $contacts --seed $seed"
    "$GEN" --data-dir "$1" "${@:2}" --companies "$companies" --contacts "$contacts" --seed "$seed"
    echo "\$ comptoir-benchdata --data-dir $1 ${*:2} --activities --users 5 --resources 5 --interactions $interactions --series $((interactions / 40))"
    "$GEN" --data-dir "$1" "${@:2}" --activities --users 5 --resources 5 --interactions "$interactions" --series $((interactions / 40)) \
      --seed "$seed" --fixtures "$work/fixtures.json"; } > >(tee "$work/generate.txt") 2> >(tee "$work/generate.err" >&2)
}
if [ "$database" = sqlite ]; then
  cache="$root/Benchmarks/data/importbrowsing-sqlite-$key"
  if [ ! -f "$cache/done" ]; then
    rm -rf "$cache"; mkdir -p "$cache"
    log "generating the directory into $cache (once; cached for later runs)"
    generate "$cache"
    cp "$work/generate.txt" "$cache/"
    touch "$cache/done"
  fi
else
  cache="$root/Benchmarks/data/importbrowsing-pg-$key"
  pgport=$(free_port)
  pgdir="$cache"
  log "starting PostgreSQL 15 on 127.0.0.1:$pgport with the cluster in $cache"
  url=$("$root/scripts/test-postgres.sh" start "$cache" "$pgport")
  if [ ! -f "$cache/done" ]; then
    log "generating the directory into PostgreSQL (once; cached for later runs)"
    psql_run -d postgres -c "DROP DATABASE IF EXISTS comptoir_test" -c "CREATE DATABASE comptoir_test"
    generate "$work/gen" --database-url "$url"
    cp "$work/generate.txt" "$cache/"
    touch "$cache/done"
  fi
fi

file=$root/Benchmarks/data/imports-$rows-s$seed.csv
if [ ! -f "$file" ]; then
  log "generating $file"
  python3 "$root/Benchmarks/Imports/generate.py" "$file.partial" --rows "$rows" --seed "$seed"
  mv "$file.partial" "$file"
fi

if [ "$generate_only" = 1 ]; then log "data ready: $cache, $file"; exit 0; fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/Benchmarks/out/importbrowsing-$database-$stamp"
mkdir -p "$out"
export LOG_LEVEL=${LOG_LEVEL:-warning}

# The mapping of the generated file, every column by its title (as the analysis suggests it).
settings=$(tr -d '\n' <<'JSON'
{"encoding":"windows1252","separator":";","hasHeader":true,"updateExisting":false,"columns":[
{"index":0,"header":"Raison sociale","target":"company.name"},{"index":1,"header":"SIRET","target":"company.siret"},
{"index":2,"header":"Adresse","target":"company.billingLine1"},{"index":3,"header":"Code postal","target":"company.billingPostcode"},
{"index":4,"header":"Ville","target":"company.billingCity"},{"index":5,"header":"Téléphone","target":"company.phone"},
{"index":6,"header":"Civilité","target":"contact.civility"},{"index":7,"header":"Prénom","target":"contact.firstName"},
{"index":8,"header":"Nom","target":"contact.lastName"},{"index":9,"header":"Fonction","target":"contact.jobTitle"},
{"index":10,"header":"E-mail","target":"contact.email"},{"index":11,"header":"Mobile","target":"contact.mobile"},
{"index":12,"header":"Date de naissance","target":"contact.birthDate"},{"index":13,"header":"Rôle","target":"link.role"},
{"index":14,"header":"Centres d'intérêt","target":"contact.tags"}]}
JSON
)

pages=(
  "companies|/companies"
  "contacts|/contacts"
  "interactions|/interactions"
  "search|/search?q=dupont"
)

busy() { awk 'NR == 1 { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
pg_ticks() {
  [ -n "$pgdir" ] || { echo 0; return; }
  local pid total=0 t
  for pid in $(ps -o pid= --ppid "$(head -n 1 "$pgdir/postmaster.pid")"); do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# Runs one wrk per page (1 connection each) until `$2` seconds passed, or, with `$2` = import, until the import job
# ends; writes $dir/<page>.txt, and $dir/phase.txt (seconds, server and PostgreSQL CPU, other processes' CPU).
measure() {
  local dir=$1 until=$2 name path started ended b1 t1 b2 t2 c1 c2 p1 p2
  mkdir -p "$dir"
  wrk_pids=()
  read -r b1 t1 < <(busy); c1=$(cpu_ticks); p1=$(pg_ticks)
  started=$(date +%s.%N)
  for entry in "${pages[@]}"; do
    name=${entry%%|*}; path=${entry#*|}
    # Bounded: 15 minutes at most; stopped with SIGINT (wrk then prints its figures) when the phase ends.
    wrk -t1 -c1 -d900s --timeout 60s --latency -H "Cookie: comptoir_session=$session" "$base$path" >"$dir/$name.txt" 2>&1 &
    wrk_pids+=($!)
  done
  if [ "$until" = import ]; then
    start_import "$dir"
    wait_import "$dir"
  else
    sleep "$until"
  fi
  for pid in "${wrk_pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${wrk_pids[@]}"; do wait "$pid" || true; done
  wrk_pids=()
  ended=$(date +%s.%N)
  read -r b2 t2 < <(busy); c2=$(cpu_ticks); p2=$(pg_ticks)
  awk -v s="$started" -v e="$ended" -v c=$((c2 - c1)) -v p=$((p2 - p1)) -v hb=$((b2 - b1)) -v ht=$((t2 - t1)) -v hz="$hz" \
    'BEGIN { printf "%.1f %.1f %.1f %.0f\n", e - s, c / hz, p / hz, (ht > 0) ? 100 * hb / ht : 0 }' >"$dir/phase.txt"
}

api() {  # api METHOD PATH [curl args…] — prints the body, fails on an unexpected status
  local method=$1 path=$2 status; shift 2
  status=$(curl -sS -o "$work/api.json" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $token" "$@" "$base$path")
  case "$status" in 2??) cat "$work/api.json" ;; *) log "$method $path answered $status:"; cat "$work/api.json" >&2; exit 1 ;; esac
}

start_import() {
  local dir=$1
  api POST "/api/v1/imports/$batch/run" >"$dir/run.json"
  import_started=$(date +%s.%N)
}

wait_import() {
  local dir=$1 status
  while :; do
    sleep 0.5
    api GET "/api/v1/imports/$batch" >"$dir/status.json"
    status=$(json "d['status']" <"$dir/status.json")
    case "$status" in queued|running) ;; *) break ;; esac
  done
  import_ended=$(date +%s.%N)
  echo "$status" >"$dir/import-status.txt"
}

to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
    if (f < 0) { print "?" } else { printf "%.1f", n * f }
  }'
}
pct() { to_ms "$(awk -v p="$2%" '$1 == p { print $2 }' "$1")"; }
maxl() { to_ms "$(awk '$1 == "Latency" { print $4; exit }' "$1")"; }
total() { awk '/requests in/ { print $1 }' "$1"; }
bad() { awk '/Non-2xx or 3xx responses:/ { n = $NF } /Socket errors/ { s = 1 } END { printf "%d%s", n, s ? "+sock" : "" }' "$1"; }

round=0
for BIN in $BINS; do
  round=$((round + 1))
  rdir="$out/$round"
  mkdir -p "$rdir"
  # A fresh copy of the data for each binary.
  if [ "$database" = sqlite ]; then
    rm -rf "$work/data"; mkdir -p "$work/data"
    cp "$cache/comptoir.sqlite" "$work/data/comptoir.sqlite"
    db_args=(--data-dir "$work/data")
  else
    drop_rundb
    rundb="comptoir_run_$$_$round"
    psql_run -d postgres -c "CREATE DATABASE $rundb TEMPLATE comptoir_test"
    db_args=(--data-dir "$work/data" --database-url "postgres://postgres@127.0.0.1:$pgport/$rundb?sslmode=disable")
  fi
  "$BIN" migrate "${db_args[@]}" >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }
  "$BIN" user create --email admin.bench@example.fr --password "Benchmark-password-2024" --name "Admin" --role admin "${db_args[@]}" \
    >"$work/user.log" 2>&1 || { cat "$work/user.log" >&2; exit 1; }
  "$BIN" user create --email browse.bench@example.fr --password "Benchmark-password-2024" --name "Browse" --role user "${db_args[@]}" \
    >"$work/user.log" 2>&1 || { cat "$work/user.log" >&2; exit 1; }
  token=$("$BIN" token create --user admin.bench@example.fr "${db_args[@]}" 2>"$work/token.log" | tail -n 1 | tr -d '[:space:]')
  [ -n "$token" ] || { cat "$work/token.log" >&2; exit 1; }

  port=$(free_port)
  base="http://127.0.0.1:$port"
  log "round $round: starting $BIN serve on $base ($database)"
  "$BIN" serve --port "$port" "${db_args[@]}" >"$rdir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$base/livez" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { log "server exited"; cat "$rdir/server.log" >&2; exit 1; }
    sleep 0.2
  done

  # Sign in through the form, as a browser does: the anonymous CSRF cookie and token, then the session cookie.
  jar="$work/cookies.txt"; rm -f "$jar"
  csrf=$(curl -sS -c "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
  status=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "email=browse.bench@example.fr" \
    --data-urlencode "password=Benchmark-password-2024" --data-urlencode "_csrf=$csrf" "$base/login")
  session=$(awk '$6 == "comptoir_session" { print $7 }' "$jar")
  [ "$status" = 303 ] || [ "$status" = 302 ] || { log "sign-in answered $status"; exit 1; }
  [ -n "$session" ] || { log "no session cookie after sign-in"; exit 1; }
  for entry in "${pages[@]}"; do
    path=${entry#*|}
    status=$(curl -sS -o "$work/page.html" -w '%{http_code}' -H "Cookie: comptoir_session=$session" "$base$path")
    [ "$status" = 200 ] || { log "GET $path answered $status"; exit 1; }
    grep -q 'logout' "$work/page.html" || { log "GET $path: not signed in"; exit 1; }
  done

  # The import, uploaded and mapped beforehand (as a user prepares it); « Importer » starts the measured phase.
  batch=$(api POST "/api/v1/imports?fileName=$(basename "$file")" -H 'Content-Type: text/csv' --data-binary "@$file" | json "d['id']")
  api PUT "/api/v1/imports/$batch/settings" -H 'Content-Type: application/json' -d "$settings" >/dev/null
  count_sql() {
    if [ "$database" = sqlite ]; then sqlite3 "$work/data/comptoir.sqlite" "$1"; else psql_run -d "$rundb" -c "$1"; fi
  }
  companies_before=$(count_sql "SELECT COUNT(*) FROM companies")
  contacts_before=$(count_sql "SELECT COUNT(*) FROM contacts")

  echo "load before round $round: $(cut -d' ' -f1-3 /proc/loadavg)" >"$rdir/load.txt"
  for entry in "${pages[@]}"; do curl -sS -o /dev/null -H "Cookie: comptoir_session=$session" "$base${entry#*|}"; done
  log "round $round: quiet phase ($quiet s)"
  measure "$rdir/quiet" "$quiet"
  log "round $round: import phase ($rows rows)"
  measure "$rdir/import" import
  log "round $round: after phase ($quiet s)"
  measure "$rdir/after" "$quiet"
  rss_peak=$(awk '$1 == "VmHWM:" { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")

  # The import really wrote its rows.
  batch_sql=$batch
  [ "$database" = sqlite ] && batch_sql=$(tr '[:lower:]' '[:upper:]' <<<"$batch")
  companies_batch=$(count_sql "SELECT COUNT(*) FROM companies WHERE import_batch_id = '$batch_sql'")
  contacts_batch=$(count_sql "SELECT COUNT(*) FROM contacts WHERE import_batch_id = '$batch_sql'")
  companies_after=$(count_sql "SELECT COUNT(*) FROM companies")
  contacts_after=$(count_sql "SELECT COUNT(*) FROM contacts")
  report=$(json "d['report']" <"$rdir/import/status.json")
  {
    echo "binary: $BIN ($(stat -c '%y' "$BIN" | cut -d. -f1))"
    echo "$(cat "$rdir/load.txt")"
    echo "import: status $(cat "$rdir/import/import-status.txt"), $(json "d['rowsDone']" <"$rdir/import/status.json") rows in $(awk -v s="$import_started" -v e="$import_ended" 'BEGIN { printf "%.1f", e - s }') s (start to end seen by polling)"
    echo "  report: $(json "{k: d['report'][k] for k in ('rowsRead', 'rowsImported', 'rowsRejected', 'companiesCreated', 'contactsCreated', 'linksCreated')}" <"$rdir/import/status.json")"
    echo "  in the database: companies $companies_before -> $companies_after ($companies_batch of the batch), contacts $contacts_before -> $contacts_after ($contacts_batch of the batch)"
    echo "server peak RSS (VmHWM): $rss_peak MiB"
    printf '%-8s %-13s %7s %8s %8s %8s %8s %7s\n' phase page requests 'p50 ms' 'p90 ms' 'p99 ms' 'max ms' errors
    for phase in quiet import after; do
      for entry in "${pages[@]}"; do
        name=${entry%%|*}; f="$rdir/$phase/$name.txt"
        printf '%-8s %-13s %7s %8s %8s %8s %8s %7s\n' "$phase" "$name" "$(total "$f")" "$(pct "$f" 50)" "$(pct "$f" 90)" "$(pct "$f" 99)" "$(maxl "$f")" "$(bad "$f")"
      done
    done
    for phase in quiet import after; do
      read -r secs srv pg all <"$rdir/$phase/phase.txt"
      echo "$phase: $secs s, server CPU $srv s, PostgreSQL CPU $pg s, machine busy $all %"
    done
  } >"$rdir/summary.txt"
  stop_server
  # Every row of the file written: each row of the generated file is a new contact.
  if [ "$contacts_batch" != "$rows" ]; then
    cat "$rdir/summary.txt" >&2
    log "round $round: the import wrote $contacts_batch contacts, not $rows"; exit 1
  fi
done

{
  echo "Comptoir: pages while an import runs (issue #14) — $database — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit $(git rev-parse --short HEAD)$( [ -n "$(git status --porcelain -- Sources Package.swift 2>/dev/null)" ] && echo ' (+ uncommitted changes)')"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; wrk, the server (and PostgreSQL) share the cores"
  echo "data: $companies companies, $contacts contacts, $interactions interactions (seed $seed), cache $(basename "$cache"); import file $(basename "$file") ($rows rows)"
  echo "pages: $(printf '%s ' "${pages[@]#*|}")— one wrk connection each, signed in as a plain user (session cookie)"
  echo
  round=0
  for BIN in $BINS; do round=$((round + 1)); echo "== round $round"; cat "$out/$round/summary.txt"; echo; done
  echo "raw output: ${out#"$root/"}/"
} | tee "$out/summary.txt"
