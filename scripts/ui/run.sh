#!/usr/bin/env bash
# Pages tried as a user would, in headless Chromium (Debian's, through Playwright), against a throwaway
# `serve --demo`: each scripts/ui/*.py prints « name: N passed, M failed » and exits non-zero on a failure.
#   scripts/ui/run.sh        (COMPTOIR_BIN overrides the binary, UI_PORT the port (18585))
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${UI_PORT:-18585}
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
PIP_ROOT_USER_ACTION=ignore python3 -m pip install -q --disable-pip-version-check playwright==1.65.2
dir=$(mktemp -d /tmp/comptoir-ui.XXXXXX)
trap 'scripts/security/demo-server.sh stop "$dir"; rm -rf "$dir"' EXIT
scripts/security/demo-server.sh start "$dir" "$port" >/dev/null
status=0
for check in scripts/ui/*.py; do
  python3 "$check" --base-url "http://127.0.0.1:$port" || status=1
done
exit "$status"
