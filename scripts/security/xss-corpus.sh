#!/usr/bin/env bash
# XSS corpus check in a real headless Chromium (see xss_corpus.py): stores payloads in every entity's text
# fields, uploads and an import through the API of a throwaway `comptoir serve --demo`, then renders the pages
# signed in as the demo admin and fails on any executed or injected payload.
#   scripts/security/xss-corpus.sh [extra xss_corpus.py options, e.g. --verbose --budget 120]
# Env: COMPTOIR_BIN (default .build/debug/comptoir), XSS_PORT (default 18181),
#      XSS_REPORT (a JSON report of every page and finding is copied there when set).
# Installs Debian's chromium when missing and Playwright for Python (never `playwright install`).
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${XSS_PORT:-18181}
bin=${COMPTOIR_BIN:-.build/debug/comptoir}
[ -x "$bin" ] || { echo "xss-corpus: no binary at $bin (run swift build, or set COMPTOIR_BIN)" >&2; exit 2; }
export COMPTOIR_BIN=$bin

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (Debian)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check playwright==1.65.2

dir=$(mktemp -d /tmp/comptoir-xss.XXXXXX)
cleanup() {
  scripts/security/demo-server.sh stop "$dir" || true
  if [ -n "${XSS_REPORT:-}" ] && [ -f "$dir/report.json" ]; then cp "$dir/report.json" "$XSS_REPORT"; fi
  rm -rf "$dir"
}
trap cleanup EXIT

echo "== demo server on 127.0.0.1:$port ($bin)"
token=$(scripts/security/demo-server.sh start "$dir" "$port" | tail -n 1)
[ -n "$token" ] || { echo "xss-corpus: no API token from demo-server.sh" >&2; exit 2; }

status=0
python3 scripts/security/xss_corpus.py --base-url "http://127.0.0.1:$port" --token "$token" \
  --report "$dir/report.json" "$@" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  echo "xss-corpus: the check itself failed (exit $status); server log tail:" >&2
  tail -n 40 "$dir/server.log" >&2 || true
fi
exit "$status"
