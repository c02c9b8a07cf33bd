#!/usr/bin/env bash
# Projects benchmark (Projects issue goal: 10k projects x ~50 members; list sorted by margin p99 <= 50 ms;
# the permission filter adds <= 20 % to a list request compared with an admin).
#   Benchmarks/Projects/run.sh [BIN=path/to/comptoir] [DURATION=10s] [CONCURRENCY="1 8"]
# Builds a scratch data dir under /tmp, loads Benchmarks/Projects/gen.sql with the sqlite3 CLI, serves on
# 127.0.0.1, and runs bounded wrk runs: /livez, page 1 and page 51 (cursor after 50 pages) of
# GET /api/v1/projects?sort=margin&limit=50 as admin and as a plain user. Output in $OUT.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); root=$(cd "$here/../.." && pwd)
BIN=${BIN:-$root/.build-release/release/comptoir}
DURATION=${DURATION:-10s}; WARMUP=${WARMUP:-2s}; CONCURRENCY=${CONCURRENCY:-"1 8"}; PORT=${PORT:-18931}
work=$(mktemp -d /tmp/comptoir-projbench.XXXXXX); OUT=${OUT:-$work/out}; mkdir -p "$OUT"
cp "$BIN" "$work/comptoir"; D=$work/data; mkdir -p "$D"
while pgrep -x wrk >/dev/null; do echo "waiting for another wrk" >&2; sleep 5; done
"$work/comptoir" migrate --data-dir "$D" >/dev/null
"$work/comptoir" user create --email admin@b.test --password 'Passw0rd!long' --role admin --data-dir "$D" >/dev/null
"$work/comptoir" user create --email user@b.test --password 'Passw0rd!long' --data-dir "$D" >/dev/null
( time sqlite3 "$D/comptoir.sqlite" < "$here/gen.sql" ) > "$OUT/load.txt" 2>&1
A=$("$work/comptoir" token create --user admin@b.test --data-dir "$D"); U=$("$work/comptoir" token create --user user@b.test --data-dir "$D")
LOG_LEVEL=warning "$work/comptoir" serve --data-dir "$D" --port "$PORT" --hostname 127.0.0.1 > "$OUT/server.log" 2>&1 &
spid=$!; trap 'kill $spid 2>/dev/null || true' EXIT
for i in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/livez" >/dev/null && break; sleep 0.2; done
base=http://127.0.0.1:$PORT
ca=$(python3 "$here/cursors.py" $base "$A" 50 | tee "$OUT/walk_admin.json" | python3 -c 'import json,sys;print(json.load(sys.stdin)["cursor"])')
cu=$(python3 "$here/cursors.py" $base "$U" 50 | tee "$OUT/walk_user.json" | python3 -c 'import json,sys;print(json.load(sys.stdin)["cursor"])')
for who in A U; do printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "${!who}" > "$work/$who.lua"; done
# signed-in sessions for the HTML page (the sign-in form, as a browser posts it; helper from the Activities bench)
for who in A U; do
  email=$([ $who = A ] && echo admin@b.test || echo user@b.test)
  eval "$(python3 "$root/Benchmarks/Activities/agenda_bench.py" session "$base" "$email" 'Passw0rd!long')"
  printf 'wrk.headers["Cookie"] = "comptoir_session=%s"\n' "$session_cookie" > "$work/H$who.lua"
done
list="/api/v1/projects?sort=margin&limit=50"
cpu() { awk '{print $14 + $15}' /proc/$spid/stat; }   # server user+system CPU, clock ticks (1/100 s)
measure() {  # name who path concurrency
  local name=$1 who=$2 path=$3 c=$4 t0 t1
  wrk -t1 -c"$c" -d"$WARMUP" -s "$work/$who.lua" "$base$path" >/dev/null
  t0=$(cpu); wrk -t1 -c"$c" -d"$DURATION" --latency -s "$work/$who.lua" "$base$path" > "$OUT/$name-c$c.txt"; t1=$(cpu)
  awk -v n="$name" -v c="$c" -v ticks=$((t1 - t0)) '/^ +50%/{p50=$2} /^ +99%/{p99=$2} /Requests\/sec/{r=$2} / requests in /{q=$1} /Non-2xx/{e=$NF}
    END{printf "%-16s c=%-2s p50=%-9s p99=%-9s req/s=%-8s srv_cpu_us/req=%-7d non2xx=%s\n", n, c, p50, p99, r, ticks * 10000 / q, e+0}' "$OUT/$name-c$c.txt" | tee -a "$OUT/summary.txt"
}
cases=("livez|A|/livez" "me|A|/api/v1/me" "admin-p1|A|$list" "user-p1|U|$list" "admin-p51|A|$list&cursor=$ca" "user-p51|U|$list&cursor=$cu"
       "admin-limit1|A|/api/v1/projects?sort=margin&limit=1" "user-limit1|U|/api/v1/projects?sort=margin&limit=1"
       "admin-html|HA|/projects?sort=margin" "user-html|HU|/projects?sort=margin")
for c in $CONCURRENCY; do
  for entry in "${cases[@]}"; do IFS='|' read -r name who path <<< "$entry"; measure "$name" "$who" "$path" "$c"; done
done
# A/B: the 200 filler users made inactive (the projects form resolves the owner choices = all active users per request)
sqlite3 "$D/comptoir.sqlite" "UPDATE users SET active = 0 WHERE email LIKE 'filler%'"
for entry in "livez|A|/livez" "admin-p1|A|$list" "user-p1|U|$list" "admin-p51|A|$list&cursor=$ca" "user-p51|U|$list&cursor=$cu" "admin-html|HA|/projects?sort=margin" "user-html|HU|/projects?sort=margin"; do
  IFS='|' read -r name who path <<< "$entry"; measure "$name-2users" "$who" "$path" 1
done
python3 "$here/sqltime.py" "$D/comptoir.sqlite" | tee -a "$OUT/summary.txt"
echo "RSS kB: $(awk '/VmRSS/{print $2}' /proc/$spid/status)" | tee -a "$OUT/summary.txt"
echo "out: $OUT"
