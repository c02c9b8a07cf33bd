#!/usr/bin/env bash
# The agenda's SQL (AgendaQuery.items) and the booking-conflict check (InteractionService.rebook), as the
# server sends them for one user's week and month, with the query plan and the time the database's own
# client takes (sqlite3 .timer / EXPLAIN ANALYZE): what the database costs, apart from the server.
# Then the reads of the fix suggested in BENCHMARKS.md: suggested-indexes.sql applied to a scratch copy (SQLite) or
# inside a transaction rolled back at the end (PostgreSQL), a lower bound on starts_at and EXISTS for participants.
#
#   plans.sh sqlite FILE USER_ID WEEK_FROM WEEK_TO MONTH_FROM MONTH_TO RESOURCE_ID
#   plans.sh postgres URL USER_ID WEEK_FROM WEEK_TO MONTH_FROM MONTH_TO RESOURCE_ID
# Dates are yyyy-mm-dd (midnight, Europe/Paris). Read-only.
set -euo pipefail
db=$1; target=$2; user=$3; week_from=$4; week_to=$5; month_from=$6; month_to=$7; resource=$8

epoch() { TZ=Europe/Paris date -d "$1 00:00" +%s; }
columns="i.id, i.subject, i.starts_at, i.ends_at, i.all_day, i.done, i.location, i.rrule, i.exdates, i.series_id, i.original_start, t.name AS type"

if [ "$db" = sqlite ]; then
  U=$(printf '%s' "$user" | tr '[:lower:]' '[:upper:]'); R=$(printf '%s' "$resource" | tr '[:lower:]' '[:upper:]')
  q() { sqlite3 -readonly "file:$target?mode=ro" "$@"; }
  lit() { printf '%s.0' "$(epoch "$1")"; }
  false=0
else
  U=$user; R=$resource
  q() { psql "$target" -X -q -P pager=off "$@"; }
  lit() { printf "'%s 00:00 Europe/Paris'::timestamptz" "$1"; }
  false=false
fi
scope="(i.owner_id IN ('$U') OR i.id IN (SELECT interaction_id FROM interaction_participants WHERE user_id IN ('$U')))"
# Non-administrators only see interactions of public projects or of projects they belong to (ProjectAccess.visible).
if [ "$db" = sqlite ]; then has_projects=$(q "SELECT COUNT(*) FROM sqlite_master WHERE name = 'project_users'")
else has_projects=$(q -t -A -c "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'project_users' AND table_schema = current_schema()"); fi
if [ "$has_projects" != 0 ]; then
  scope="(i.project_id IS NULL OR i.project_id IN (SELECT id FROM projects WHERE visibility = 'public') OR i.project_id IN (SELECT project_id FROM project_users WHERE user_id = '$U')) AND $scope"
fi

single() { # from to [extra condition]
  echo "SELECT $columns FROM interactions i JOIN interaction_types t ON t.id = i.type_id WHERE i.rrule IS NULL AND i.series_id IS NULL AND i.archived = $false AND i.starts_at < $(lit "$2") AND i.ends_at > $(lit "$1")${3:-} AND $scope"
}
masters() { # to
  echo "SELECT $columns FROM interactions i JOIN interaction_types t ON t.id = i.type_id WHERE i.rrule IS NOT NULL AND i.series_id IS NULL AND i.archived = $false AND i.starts_at < $(lit "$1") AND $scope"
}
overrides() { # to
  echo "SELECT $columns FROM interactions i JOIN interaction_types t ON t.id = i.type_id WHERE i.series_id IN ($(ids "$1")) AND i.archived = $false"
}
ids() { # the master ids, as the literal list the server binds
  local list
  if [ "$db" = sqlite ]; then
    list=$(q "SELECT group_concat('''' || id || '''', ',') FROM ($(masters "$1"))")
  else
    list=$(q -t -A -c "SELECT string_agg('''' || id || '''', ',') FROM ($(masters "$1")) m")
  fi
  printf '%s' "${list:-NULL}"
}
conflict() { # start end (epoch literals or timestamps)
  echo "SELECT b.interaction_id, i.subject, r.name FROM resource_bookings b JOIN interactions i ON i.id = b.interaction_id JOIN resources r ON r.id = b.resource_id WHERE b.resource_id = '$R' AND b.starts_at < $2 AND b.ends_at > $1 LIMIT 1"
}

run() { # title sql
  echo "== $1"
  echo "$2" | cut -c1-400
  if [ "$db" = sqlite ]; then
    q "EXPLAIN QUERY PLAN $2"
    q "SELECT COUNT(*) || ' rows' FROM ($2)"
    printf '.timer on\n%s;\n%s;\n%s;\n' "$2" "$2" "$2" | sqlite3 -readonly "file:$target?mode=ro" | grep -o 'Run Time: real [0-9.]*' || true
  else
    q -t -A -c "SELECT COUNT(*) || ' rows (first run, warms the cache)' FROM ($2) x"
    q -c "EXPLAIN (ANALYZE, BUFFERS) $2" | grep -v '^$'
  fi
  echo
}

if [ "$db" = sqlite ]; then
  echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1); sqlite_stat1 present: $(q "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")"
else
  q -t -A -c "SELECT version()"
fi
counts="SELECT (SELECT COUNT(*) FROM interactions) || ' interactions, ' || (SELECT COUNT(*) FROM interaction_participants) || ' participants, ' || (SELECT COUNT(*) FROM resource_bookings) || ' bookings'"
if [ "$db" = sqlite ]; then echo "rows: $(q "$counts")"; else echo "rows: $(q -t -A -c "$counts")"; fi
echo

run "single interactions, week" "$(single "$week_from" "$week_to")"
run "single interactions, month view" "$(single "$month_from" "$month_to")"
run "series masters, week (every series that started before the end)" "$(masters "$week_to")"
run "edited occurrences of those masters, week" "$(overrides "$week_to")"

# The conflict check for a slot in the middle of the data, and at its end.
mid=$(lit "$week_from"); [ "$db" = sqlite ] && mid_end="$(( $(epoch "$week_from") + 3600 )).0" || mid_end="$mid + interval '1 hour'"
run "booking-conflict check, one window near the anchor" "$(conflict "$mid" "$mid_end")"

# --- The queries of AgendaQuery.rows since AddAgendaIndexes (short_span, series_last_end), when the schema has them ---
if [ "$db" = sqlite ]; then has_bounds=$(q "SELECT COUNT(*) FROM pragma_table_info('interactions') WHERE name = 'short_span'")
else has_bounds=$(q -t -A -c "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'interactions' AND column_name = 'short_span' AND table_schema = current_schema()"); fi
if [ "$has_bounds" != 0 ]; then
  scope_now="(i.owner_id IN ('$U') OR EXISTS (SELECT 1 FROM interaction_participants p WHERE p.interaction_id = i.id AND p.user_id IN ('$U')))"
  [ "$has_projects" = 0 ] || scope_now="(i.project_id IS NULL OR i.project_id IN (SELECT id FROM projects WHERE visibility = 'public') OR i.project_id IN (SELECT project_id FROM project_users WHERE user_id = '$U')) AND $scope_now"
  if [ "$db" = sqlite ]; then span=$(( 7 * 86400 )); else span="interval '7 days'"; fi
  now_single() { # from to
    echo "SELECT $columns FROM interactions i JOIN interaction_types t ON t.id = i.type_id WHERE i.rrule IS NULL AND i.series_id IS NULL AND i.short_span = true AND i.archived = $false AND i.starts_at >= $(lit "$1") - $span AND i.starts_at < $(lit "$2") AND i.ends_at > $(lit "$1") AND $scope_now UNION ALL SELECT $columns FROM interactions i JOIN interaction_types t ON t.id = i.type_id WHERE i.rrule IS NULL AND i.series_id IS NULL AND i.short_span = false AND i.archived = $false AND i.ends_at > $(lit "$1") AND i.starts_at < $(lit "$2") AND $scope_now"
  }
  now_masters() { # from to
    echo "SELECT $columns FROM interactions i JOIN interaction_types t ON t.id = i.type_id WHERE i.rrule IS NOT NULL AND i.series_id IS NULL AND i.archived = $false AND i.starts_at < $(lit "$2") AND (i.series_last_end IS NULL OR i.series_last_end >= $(lit "$1")) AND $scope_now"
  }
  echo "######## the server's queries now (AgendaQuery.rows, migration AddAgendaIndexes)"
  echo
  run "NOW single interactions, week" "$(now_single "$week_from" "$week_to")"
  run "NOW single interactions, month view" "$(now_single "$month_from" "$month_to")"
  run "NOW series masters, week" "$(now_masters "$week_from" "$week_to")"
  run "NOW series masters, month view" "$(now_masters "$month_from" "$month_to")"
  exit 0
fi

# --- The suggested fix ------------------------------------------------------------------------------
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
scope_exists="(i.owner_id IN ('$U') OR EXISTS (SELECT 1 FROM interaction_participants p WHERE p.interaction_id = i.id AND p.user_id IN ('$U')))"
[ "$has_projects" = 0 ] || scope_exists="(i.project_id IS NULL OR i.project_id IN (SELECT id FROM projects WHERE visibility = 'public') OR i.project_id IN (SELECT project_id FROM project_users WHERE user_id = '$U')) AND $scope_exists"
if [ "$db" = sqlite ]; then week=$(( 7 * 86400 )); else week="interval '7 days'"; fi
fixed_single() { # from to
  echo "SELECT $columns FROM interactions i JOIN interaction_types t ON t.id = i.type_id WHERE i.rrule IS NULL AND i.series_id IS NULL AND i.archived = $false AND i.starts_at >= $(lit "$1") - $week AND i.starts_at < $(lit "$2") AND i.ends_at > $(lit "$1") AND $scope_exists"
}
fixed_masters() { # to
  echo "SELECT $columns FROM interactions i JOIN interaction_types t ON t.id = i.type_id WHERE i.rrule IS NOT NULL AND i.series_id IS NULL AND i.archived = $false AND i.starts_at < $(lit "$1") AND $scope_exists"
}
echo "######## suggested fix: $(grep -v '^ *--' "$here/suggested-indexes.sql" | tr -s ' \n' ' ')"
echo
if [ "$db" = sqlite ]; then
  scratch=$(mktemp /tmp/comptoir-plans.XXXXXX.sqlite)
  trap 'rm -f "$scratch" "$scratch-wal" "$scratch-shm"' EXIT
  sqlite3 "file:$target?mode=ro" ".backup '$scratch'"
  sqlite3 "$scratch" <"$here/suggested-indexes.sql"
  target=$scratch
  run "FIX single interactions, week" "$(fixed_single "$week_from" "$week_to")"
  run "FIX single interactions, month view" "$(fixed_single "$month_from" "$month_to")"
  run "FIX series masters, week" "$(fixed_masters "$week_to")"
  run "FIX series masters, month view" "$(fixed_masters "$month_to")"
  run "UNCHANGED single interactions query, week, with the new indexes only" "$(single "$week_from" "$week_to")"
  run "UNCHANGED series masters query, week, with the new indexes only" "$(masters "$week_to")"
else
  {
    echo "BEGIN;"
    cat "$here/suggested-indexes.sql"
    for pair in "FIX single interactions, week|$(fixed_single "$week_from" "$week_to")" \
                "FIX single interactions, month view|$(fixed_single "$month_from" "$month_to")" \
                "FIX series masters, week|$(fixed_masters "$week_to")" \
                "FIX series masters, month view|$(fixed_masters "$month_to")" \
                "UNCHANGED single interactions query, week, with the new indexes only|$(single "$week_from" "$week_to")" \
                "UNCHANGED series masters query, week, with the new indexes only|$(masters "$week_to")"; do
      echo "\\echo '== ${pair%%|*}'"
      echo "SELECT COUNT(*) AS rows_first_run FROM (${pair#*|}) x;"
      echo "EXPLAIN (ANALYZE, BUFFERS) ${pair#*|};"
    done
    echo "ROLLBACK;"
  } | psql "$target" -X -q -P pager=off | grep -v '^$'
fi
