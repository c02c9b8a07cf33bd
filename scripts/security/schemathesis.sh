#!/usr/bin/env bash
# The API contract check: schemathesis against a throwaway `comptoir serve --demo` (SQLite, loopback only).
#
#   scripts/security/schemathesis.sh      (after `swift build`; COMPTOIR_BIN overrides the binary,
#                                          SCHEMATHESIS_PORT the port (18282), OUT_DIR keeps the report)
#
# It starts the demo server with scripts/security/demo-server.sh, reads /api/v1/openapi.json with an
# administrator's token and tests every documented operation except token revocation
# (DELETE /auth/tokens/{id}: revoking the run's own token would turn the rest of the run into 401s).
# Phases: examples, coverage, fuzzing and stateful (links inferred from responses), at most 25 cases per
# operation, a fixed seed, 2 workers; bounded by `--max-time` (150 s) and a hard `timeout` around it.
#
# Every schemathesis check runs, so the run fails on:
#   not_a_server_error             a 5xx, or the server crashing (connection errors are failures too)
#   status_code_conformance        a status the operation does not document
#   content_type_conformance, response_headers_conformance, response_schema_conformance
#                                  an answer that does not match its documented schema
#   negative_data_rejection        schema-violating input accepted (a number for a name, "yes" for a
#                                  boolean, limit=1.5, a missing required member…)
#   positive_data_acceptance       schema-valid input refused — with 422 counted as accepted, see below
#   use_after_free, ensure_resource_availability   deleted things still there, created things not found
#   missing_required_header, ignored_auth          an anonymous call that is not a 401
#   unsupported_method, allow_header_conformance   an undocumented method that is not a 405 with Allow
# What is relaxed, and why:
#   - positive_data_acceptance takes 422 as an answer to schema-valid input. The server refuses with 422
#     what JSON Schema cannot state: a SIREN's or IBAN's checksum, a duplicate name or e-mail, an id of
#     a record that does not exist, a range whose end precedes its start. A 400 (a query the schema
#     allows but the server cannot read) still fails, and so does any other refusal.
#   - `?cursor=` is pinned to "" (first page): a cursor is opaque, valid only as a previous page's
#     nextCursor, and an invented one is a 400 on purpose (APITests and APIContractTests cover it).
#   - strings are generated without NUL (--generation-allow-x00 false): the server refuses U+0000 in
#     all text input on purpose (422, or 400 in a query string), which a JSON Schema could only say with
#     a pattern on every string. APIContractTests covers that refusal.
# Output: schemathesis' report goes to $OUT_DIR (default: a temporary directory, removed when the run
# passes; kept with the server's log when it fails); on failure the failures' summary is printed. Success prints one line: `schemathesis: N passed, 0 failed` where N
# is the number of operations tested.
set -euo pipefail

cd "$(dirname "$0")/../.."
port=${SCHEMATHESIS_PORT:-18282}
budget=${SCHEMATHESIS_SECONDS:-150}
work=$(mktemp -d "${TMPDIR:-/tmp}/comptoir-schemathesis.XXXXXX")
out=${OUT_DIR:-$work/report}
mkdir -p "$out"

python3 -m pip install -q --disable-pip-version-check schemathesis==4.32.5 2>&1 | grep -vi "running pip as the 'root' user" >&2 || true

passed=0
cleanup() {
  scripts/security/demo-server.sh stop "$work"
  # A passing run leaves nothing behind; a failing one keeps the server's log and data for a look.
  if [ "$passed" -eq 1 ] && [ -z "${OUT_DIR:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
token=$(scripts/security/demo-server.sh start "$work" "$port")

cat >"$work/schemathesis.toml" <<TOML
[cache]
directory = "$work/cache"

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "401", "403", "404", "409", "422", "429"]

[parameters]
"query.cursor" = ""
TOML

run_schemathesis() {
  status=0
  # A higher recursion limit: CPython 3.11 sizes the `ast` module's own depth limit from it, and Hypothesis parses
  # schemathesis' large sources deep in its stack to describe a strategy (« AST constructor recursion depth mismatch »).
  timeout --kill-after=10 $((budget + 60)) python3 -c \
    'import runpy, sys; sys.setrecursionlimit(20000); runpy.run_module("schemathesis.cli", run_name="__main__", alter_sys=True)' \
    --config-file "$work/schemathesis.toml" --no-color \
    run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --exclude-operation-id deleteAuthTokensById \
    --checks all \
    --generation-allow-x00 false \
    --max-examples 25 --max-time "$budget" --workers 2 --seed 20261204 \
    --request-timeout 10 --suppress-health-check all --generation-database none \
    --report junit --report-dir "$out" \
    >"$out/schemathesis.txt" 2>&1 || status=$?
}
run_schemathesis
# CPython 3.11's `ast` sometimes raises « AST constructor recursion depth mismatch » inside Hypothesis while it describes
# a strategy (an error of the tool, reported as « Runtime Error » with no test case): run once more when that is the
# only trouble. Any failure of a check, or any other error, still fails at once.
if [ "$status" -ne 0 ] && ! grep -qE '^[0-9]+\. Test Case ID' "$out/schemathesis.txt" \
  && grep -q 'AST constructor recursion depth mismatch' "$out/schemathesis.txt"; then
  echo "schemathesis: the tool hit CPython's « AST constructor recursion depth mismatch »; running once more" >&2
  mv "$out/schemathesis.txt" "$out/schemathesis-first.txt"
  run_schemathesis
fi

if ! kill -0 "$(cat "$work/server.pid" 2>/dev/null)" 2>/dev/null; then
  echo "schemathesis: the server stopped during the run; its last lines:" >&2
  tail -n 40 "$work/server.log" >&2
  if [ "$status" -eq 0 ]; then status=1; fi
fi
tested=$(sed -n 's/^ *Tested: *\([0-9]*\).*/\1/p' "$out/schemathesis.txt" | tail -n 1)
failures=$(grep -cE '^[0-9]+\. Test Case ID' "$out/schemathesis.txt" || true)
if [ "$status" -ne 0 ] || [ "$failures" -ne 0 ] || [ -z "$tested" ]; then
  [ "$status" -eq 124 ] && echo "schemathesis: stopped by the hard timeout" >&2
  # The failures' titles and reproductions, then the summary (the whole report stays in $out).
  grep -E '^_{3,} .* _{3,}$|^- ST[0-9]+|^ *(Received|Documented|Invalid component):|^ *curl ' "$out/schemathesis.txt" | head -n 120 >&2 || true
  sed -n '/= SUMMARY =/,$p' "$out/schemathesis.txt" >&2
  echo "schemathesis: ${tested:-0} operations tested, $failures failed (exit $status; report in $out)" >&2
  exit 1
fi
passed=1
echo "schemathesis: $tested passed, 0 failed"
