#!/usr/bin/env bash
# A throwaway `comptoir serve --demo` on SQLite for the security checks (schemathesis, XSS corpus).
#   scripts/security/demo-server.sh start DIR PORT  -> starts it with its data in DIR, waits until it answers,
#                                                     prints an administrator's API token (Hélène García, demo admin)
#   scripts/security/demo-server.sh stop DIR        -> stops it
# COMPTOIR_BIN names the binary (default .build/debug/comptoir, built by `swift build`). Loopback only.
set -euo pipefail

action=${1:?usage: demo-server.sh start|stop DIR [PORT]}
dir=${2:?usage: demo-server.sh start|stop DIR [PORT]}
port=${3:-18080}
bin=${COMPTOIR_BIN:-.build/debug/comptoir}
admin=helene.garcia@cabinet-lefevre.fr

case "$action" in
  start)
    mkdir -p "$dir"
    "$bin" serve --demo --hostname 127.0.0.1 --port "$port" --data-dir "$dir/data" >"$dir/server.log" 2>&1 &
    echo $! >"$dir/server.pid"
    for _ in $(seq 1 240); do
      # The server answers only once migrations and the demo data are done.
      if curl -fsS "http://127.0.0.1:$port/livez" >/dev/null 2>&1; then
        "$bin" token create --user "$admin" --name security-checks --data-dir "$dir/data"
        exit 0
      fi
      if ! kill -0 "$(cat "$dir/server.pid")" 2>/dev/null; then
        echo "demo-server: the server stopped:" >&2; cat "$dir/server.log" >&2; exit 1
      fi
      sleep 0.5
    done
    echo "demo-server: no answer on port $port after 120 s" >&2; cat "$dir/server.log" >&2; exit 1
    ;;
  stop)
    if [ -f "$dir/server.pid" ]; then
      kill "$(cat "$dir/server.pid")" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$(cat "$dir/server.pid")" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$(cat "$dir/server.pid")" 2>/dev/null || true
      rm -f "$dir/server.pid"
    fi
    ;;
  *)
    echo "usage: demo-server.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
