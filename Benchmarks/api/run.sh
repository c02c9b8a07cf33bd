#!/usr/bin/env bash
# API overhead benchmark: authenticated `GET /api/v1/me` (Bearer token) against the bare route
# `GET /livez` (no database, no authentication) of the same release server, measured in one run
# with wrk on loopback. Goal of the foundation issue: /api/v1/me keeps >= 50% of /livez's req/s.
#
#   Benchmarks/api/run.sh                 # SQLite (the default database)
#   Benchmarks/api/run.sh --postgres      # the same against a throwaway PostgreSQL 15
#
# Options (or environment variables):
#   --postgres            run against PostgreSQL (scripts/test-postgres.sh starts and stops it)
#   --duration 15s        length of each measured wrk run            (DURATION)
#   --connections 32      wrk connections                            (CONNECTIONS)
#   --threads 2           wrk threads                                (THREADS)
#   --warmup 5s           length of the unrecorded warm-up per route (WARMUP)
#   --no-build            reuse the last binary in .build-release (fails if there is none)
#   --working-tree        build the working tree as it is, instead of a snapshot of the committed HEAD
#   --breakdown           also measure /healthz (one trivial query, no auth) and /livez with the
#                         Bearer header (authentication middleware only, no handler query)
#   BIN=/path/to/comptoir use that binary instead of building
#
# The release binary is built with its own scratch path (.build-release, gitignored) so a debug
# build in .build is left alone; by default from a snapshot of the committed HEAD (see below).
# Raw wrk output goes to Benchmarks/out/api-<db>-<timestamp>/ (gitignored); the summary table is
# printed at the end and saved there as summary.txt.
# Everything listens on 127.0.0.1 only; each wrk run is bounded by --duration.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

database=sqlite
duration=${DURATION:-15s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
warmup=${WARMUP:-5s}
build=1
breakdown=0
tree=head
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) database=postgres ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --threads) threads=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --no-build) build=0 ;;
    --breakdown) breakdown=1 ;;
    --working-tree) tree=working ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[bench] %s\n' "$*" >&2; }

# --- tools ---------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "wrk missing: installing with apt"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
fi
command -v curl >/dev/null 2>&1 || { log "curl is required"; exit 1; }

# --- binary --------------------------------------------------------------------------------------
# By default the committed HEAD is built, from a snapshot in .build-release/src, so that edits in
# progress in the working tree neither break the build nor blur what was measured; only files that
# changed since the last snapshot are rewritten, so rebuilds stay incremental.
scratch="$root/.build-release"
if [ -z "${BIN:-}" ]; then
  if [ "$tree" = working ]; then pkg="$root"; else pkg="$scratch/src"; fi
  if [ "$build" = 1 ]; then
    if [ "$tree" = head ]; then
      fresh=$(mktemp -d /tmp/comptoir-bench-src.XXXXXX)
      git archive HEAD | tar -x -C "$fresh"
      [ -f Package.resolved ] && cp Package.resolved "$fresh/"   # gitignored; pins the same versions
      mkdir -p "$pkg"
      (cd "$fresh" && find . -type f) | while IFS= read -r f; do
        cmp -s "$fresh/$f" "$pkg/$f" || { mkdir -p "$(dirname "$pkg/$f")"; cp "$fresh/$f" "$pkg/$f"; }
      done
      (cd "$pkg" && find . -type f -not -path './.swiftpm/*') | while IFS= read -r f; do
        [ -e "$fresh/$f" ] || rm -f "$pkg/$f"
      done
      rm -rf "$fresh"
      from="$(git rev-parse --short HEAD) (committed HEAD)"
    else
      from="$(git rev-parse --short HEAD)$([ -n "$(git status --porcelain -- Sources Package.swift)" ] && echo ' + uncommitted changes in Sources/') (working tree)"
    fi
    log "building the release binary: swift build -c release --product comptoir --package-path ${pkg#"$root/"} --scratch-path .build-release"
    swift build -c release --product comptoir --package-path "$pkg" --scratch-path "$scratch" >&2 \
      || { log "release build failed (--no-build reuses the last binary)"; exit 1; }
    echo "$from" >"$scratch/bench-built-from.txt"
  fi
  BIN="$(swift build -c release --package-path "$pkg" --scratch-path "$scratch" --show-bin-path)/comptoir"
  built_from=$(cat "$scratch/bench-built-from.txt" 2>/dev/null || echo 'unknown (built outside run.sh)')
else
  built_from="BIN=$BIN"
fi
[ -x "$BIN" ] || { log "no binary at $BIN (build it, or drop --no-build)"; exit 1; }

# --- scratch space and cleanup -------------------------------------------------------------------
work=$(mktemp -d /tmp/comptoir-bench.XXXXXX)
pgdir=""
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$pgdir" ]; then
    "$root/scripts/test-postgres.sh" stop "$pgdir" || true
    rm -rf "$pgdir"
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

db_args=(--data-dir "$work/data")
if [ "$database" = postgres ]; then
  pgdir=$(mktemp -d /tmp/comptoir-bench-pg.XXXXXX)
  pgport=$(free_port)
  log "starting PostgreSQL 15 on 127.0.0.1:$pgport"
  url=$("$root/scripts/test-postgres.sh" start "$pgdir" "$pgport")
  db_args+=(--database-url "$url")
fi

# --- account and token ---------------------------------------------------------------------------
email=bench@example.fr
export LOG_LEVEL=warning
"$BIN" user create --email "$email" --password "Benchmark-password-2024" --name "Bench" --role admin "${db_args[@]}" >"$work/user.log" 2>&1 \
  || { cat "$work/user.log" >&2; exit 1; }
token=$("$BIN" token create --user "$email" "${db_args[@]}" 2>"$work/token.log") || { cat "$work/token.log" >&2; exit 1; }
token=$(printf '%s' "$token" | tail -n 1 | tr -d '[:space:]')
[ -n "$token" ] || { log "empty token"; exit 1; }

# --- server --------------------------------------------------------------------------------------
port=$(free_port)
base="http://127.0.0.1:$port"
log "starting $BIN serve on $base ($database, LOG_LEVEL=$LOG_LEVEL)"
"$BIN" serve --port "$port" "${db_args[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  curl -fsS -o /dev/null "$base/livez" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { log "server exited"; cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$base/livez" || { log "server not answering"; cat "$work/server.log" >&2; exit 1; }
status=$(curl -sS -o "$work/me.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/me")
if [ "$status" != 200 ]; then
  log "GET /api/v1/me answered $status:"; cat "$work/me.json" >&2; echo >&2; exit 1
fi

# --- measurements --------------------------------------------------------------------------------
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/Benchmarks/out/api-$database-$stamp"
mkdir -p "$out"
cp "$work/me.json" "$out/me.json"

hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
# CPU ticks of our PostgreSQL (its postmaster and the backends it forked); 0 on SQLite.
db_ticks() {
  if [ -z "$pgdir" ] || [ ! -f "$pgdir/postmaster.pid" ]; then echo 0; return; fi
  local master; master=$(head -n 1 "$pgdir/postmaster.pid")
  local pids; pids="$master $(pgrep -P "$master" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  (cd /proc && cat $(printf '%s/stat ' $pids) 2>/dev/null) | awk '{ t += $14 + $15 } END { print t + 0 }'
}

# run NAME PATH [header] -> raw output in $out/NAME.txt, server CPU seconds in $out/NAME.cpu
run() {
  local name=$1 path=$2 header=${3:-}
  local args=(-t"$threads" -c"$connections" -d"$duration" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  local before after
  before=$(cpu_ticks)
  log "wrk ${args[*]/$token/<token>} $base$path  -> $name"
  local busy0 busy1 db0 db1
  busy0=$(machine_busy_ticks); db0=$(db_ticks)
  times >"$work/times-before"   # in this shell: children's CPU so far (wrk is the only child that ends in between)
  wrk "${args[@]}" "$base$path" >"$out/$name.txt"
  times >"$work/times-after"
  busy1=$(machine_busy_ticks); db1=$(db_ticks)
  after=$(cpu_ticks)
  awk -v a="$before" -v b="$after" -v hz="$hz" 'BEGIN { printf "%.2f\n", (b - a) / hz }' >"$out/$name.cpu"
  awk -v a="$db0" -v b="$db1" -v hz="$hz" 'BEGIN { printf "%.2f\n", (b - a) / hz }' >"$out/$name.dbcpu"
  children_cpu "$work/times-after" "$work/times-before" >"$out/$name.wrkcpu"
  # CPU used by anything else on the machine meanwhile: all busy time less the server's, PostgreSQL's and wrk's.
  awk -v a="$busy0" -v b="$busy1" -v hz="$hz" -v s="$(cat "$out/$name.cpu")" -v w="$(cat "$out/$name.wrkcpu")" -v d="$(cat "$out/$name.dbcpu")" \
    'BEGIN { o = (b - a) / hz - s - w - d; printf "%.2f\n", (o < 0) ? 0 : o }' >"$out/$name.othercpu"
}
# Busy (non-idle, non-iowait) CPU ticks of the whole machine, all cores.
machine_busy_ticks() { awk 'NR == 1 { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6 }' /proc/stat; }
# Seconds of user+system CPU of finished children, from two outputs of `times` (second line).
children_cpu() {
  awk 'FNR == 2 { for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += (FILENAME == ARGV[1] ? 1 : -1) * (p[1] * 60 + p[2]) } }
       END { printf "%.2f\n", t }' "$1" "$2"
}

log "warm-up ($warmup per route, not recorded)"
wrk -t"$threads" -c"$connections" -d"$warmup" "$base/livez" >/dev/null
wrk -t"$threads" -c"$connections" -d"$warmup" -H "Authorization: Bearer $token" "$base/api/v1/me" >/dev/null

# CPU already busy before we start (another build or test run skews every figure).
total_ticks() { awk 'NR == 1 { t = 0; for (i = 2; i <= NF; i++) t += $i; print t }' /proc/stat; }
busy_before=$(machine_busy_ticks); total_before=$(total_ticks)
sleep 2
busy_after=$(machine_busy_ticks); total_after=$(total_ticks)
idle_load=$(awk -v b="$((busy_after - busy_before))" -v t="$((total_after - total_before))" 'BEGIN { printf "%.0f", (t > 0) ? 100 * b / t : 0 }')
[ "$idle_load" -le 10 ] || log "WARNING: the machine was already ${idle_load}% busy before the runs; figures will be skewed"

names=(livez-1 me livez-2)
run livez-1 /livez
run me /api/v1/me "Authorization: Bearer $token"
run livez-2 /livez
if [ "$breakdown" = 1 ]; then
  names+=(healthz livez+token)
  run healthz /healthz
  run livez+token /livez "Authorization: Bearer $token"
fi

# --- summary -------------------------------------------------------------------------------------
# Latency figures from wrk's distribution, converted to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
    if (f < 0) { print "?" } else { printf "%.2f", n * f }
  }'
}
rps() { awk '/^Requests\/sec:/ { print $2 }' "$out/$1.txt"; }
pct() { to_ms "$(awk -v p="$2%" '$1 == p { print $2 }' "$out/$1.txt")"; }
total() { awk '/requests in/ { print $1 }' "$out/$1.txt"; }
bad() {
  local n s
  n=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out/$1.txt"); s=$(grep -c 'Socket errors' "$out/$1.txt" || true)
  echo "${n:-0}$([ "$s" != 0 ] && echo ' +socket errors')"
}

secs=${duration%s}
{
  echo "Comptoir API benchmark — $database — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "binary built from: $built_from ($(date -u -r "$BIN" '+%Y-%m-%d %H:%M UTC'))"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM; wrk and the server share the cores"
  echo "wrk -t$threads -c$connections -d$duration --latency, loopback, LOG_LEVEL=warning, warm-up $warmup per route"
  echo "CPU busy before the runs (2 s sample, all cores): ${idle_load}%"
  echo
  printf '%-12s %10s %8s %8s %8s %10s %8s %8s %8s %8s %8s %8s\n' route 'req/s' 'p50 ms' 'p90 ms' 'p99 ms' requests 'srv CPU' 'srv us' 'pg us' 'wrk CPU' 'wrk us' 'other'
  for name in "${names[@]}"; do
    share() { awk -v c="$(cat "$out/$name.$1")" -v d="$secs" 'BEGIN { printf "%.0f%%", 100 * c / d }'; }
    per() { awk -v c="$(cat "$out/$name.$1")" -v n="$(total "$name")" 'BEGIN { printf "%.0f", (n > 0) ? 1e6 * c / n : 0 }'; }
    printf '%-12s %10s %8s %8s %8s %10s %8s %8s %8s %8s %8s %8s\n' "$name" "$(rps "$name")" "$(pct "$name" 50)" "$(pct "$name" 90)" "$(pct "$name" 99)" \
      "$(total "$name")" "$(share cpu)" "$(per cpu)" "$([ "$database" = postgres ] && per dbcpu || echo -)" "$(share wrkcpu)" "$(per wrkcpu)" "$(share othercpu)"
  done
  echo "(srv/wrk CPU: user+system CPU of the server / of wrk over the run, 200% = both cores; us: CPU time per"
  echo " request, in microseconds, of the server, of PostgreSQL (with --postgres) and of wrk; other: CPU used"
  echo " meanwhile by every other process — above a few % something else competed for the cores and that row is low)"
  echo
  noisy=$(for name in "${names[@]}"; do awk -v n="$name" -v c="$(cat "$out/$name.othercpu")" -v d="$secs" 'BEGIN { if (100 * c / d > 10) printf "%s ", n }'; done)
  [ -z "$noisy" ] || echo "WARNING: other processes used more than 10% CPU during: $noisy— rerun on a quiet machine"
  for name in "${names[@]}"; do
    [ "$(bad "$name")" = 0 ] || echo "WARNING: $name had non-2xx responses or socket errors: $(bad "$name")"
  done
  awk -v a="$(rps livez-1)" -v m="$(rps me)" -v b="$(rps livez-2)" 'BEGIN {
    bare = (a + b) / 2; r = m / bare
    printf "drift of the bare route between its two runs: %+.1f%%\n", 100 * (b - a) / a
    printf "ratio /api/v1/me : /livez = %.1f%% (against the mean of both /livez runs; %.1f%% / %.1f%% against each)\n", 100 * r, 100 * m / a, 100 * m / b
    printf "goal >= 50%%: %s\n", (r >= 0.5) ? "MET" : "NOT MET"
  }'
  echo "raw wrk output: ${out#"$root/"}/"
} | tee "$out/summary.txt"
