#!/usr/bin/env bash
# Where the server's CPU goes on one agenda request: serves a copy of the cached Activities database (run
# run.sh once first), signs in, and samples the server with `perf record` while wrk (1 connection) repeats
# the request; prints the hottest functions (self time, demangled) and, for the Comptoir frames, the
# inclusive time. Loopback only; bounded by the duration.
#
#   Benchmarks/Activities/profile.sh [CASE] [SECONDS]      CASE: html-month (default), html-week, api-week,
#                                                          api-month, ics-user
#   BIN=… DATA=Benchmarks/data/activities-sqlite-…        binary and cached data directory (default: newest)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
case_name=${1:-html-month}
seconds=${2:-15}
BIN=${BIN:-"$root/.build-release/release/comptoir"}
DATA=${DATA:-$(ls -td "$root"/Benchmarks/data/activities-sqlite-*/ | head -n 1)}
command -v perf >/dev/null || { echo "perf is required (apt-get install linux-perf)" >&2; exit 1; }

work=$(mktemp -d /tmp/comptoir-actprof.XXXXXX)
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
cp "$BIN" "$work/comptoir"
mkdir -p "$work/data"; cp "$DATA/comptoir.sqlite" "$work/data/"
fx() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$DATA/fixtures.json"; }
email=$(fx "d['users'][0]['email']"); password=$(fx "d['password']"); anchor=$(fx "d['anchor']")
eval "$(python3 "$here/agenda_bench.py" dates "$anchor")"
export LOG_LEVEL=warning
token=$("$work/comptoir" token create --user "$email" --data-dir "$work/data" | tail -n 1 | tr -d '[:space:]')
port=$((20000 + RANDOM % 40000)); base="http://127.0.0.1:$port"
"$work/comptoir" serve --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$base/livez" 2>/dev/null && break; sleep 0.2; done
eval "$(python3 "$here/agenda_bench.py" session "$base" "$email" "$password")"
case "$case_name" in
  html-week) path="/agenda?view=week&date=$week_date"; header="Cookie: comptoir_session=$session_cookie" ;;
  html-month) path="/agenda?view=month&date=$month_date"; header="Cookie: comptoir_session=$session_cookie" ;;
  api-week) path="/api/v1/agenda?from=$week_from&to=$week_to"; header="Authorization: Bearer $token" ;;
  api-month) path="/api/v1/agenda?from=$month_from&to=$month_to"; header="Authorization: Bearer $token" ;;
  ics-user) path="/ics/$ics_token.ics"; header="X-Nothing: 1" ;;
  *) echo "unknown case $case_name" >&2; exit 2 ;;
esac
wrk -t1 -c1 -d3s -H "$header" "$base$path" >/dev/null
perf record -F 499 -g -p "$server_pid" -o "$work/perf.data" -- sleep "$seconds" >/dev/null 2>&1 &
perf_pid=$!
wrk -t1 -c1 -d"${seconds}s" --latency -H "$header" "$base$path" | grep -E 'Requests/sec|50%|99%'
wait "$perf_pid" || true
demangle() { if command -v swift >/dev/null; then swift demangle --simplified --compact 2>/dev/null || cat; else cat; fi; }
echo "== $case_name: hottest functions, self time (% of samples)"
perf report -i "$work/perf.data" --no-children --sort symbol --stdio --percent-limit 1.2 2>/dev/null \
  | grep -E '^ +[0-9.]+%' | demangle | cut -c1-170 | head -n 45
echo "== $case_name: Comptoir and SQLite frames, inclusive time (% of samples)"
perf report -i "$work/perf.data" --children --sort symbol --stdio --percent-limit 1.5 2>/dev/null \
  | grep -E '^ +[0-9.]+%' | demangle | grep -E 'sqlite3_step|AgendaQuery|AgendaPages|AgendaFeeds|AgendaItem|Recurrence|InteractionOccurrences|CalendarFeed|CalendarEvent|serialized|render|Layout|HTMLNode|H\.el|Plot|TableStore|JSONEncoder.encode|decode\(column|sort|Dictionary|EventLoop|NIO' \
  | cut -c1-170 | head -n 45
