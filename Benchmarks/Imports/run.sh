#!/usr/bin/env bash
# Assisted-import benchmark: a generated French CSV (1,000,000 rows, 15 columns, `;`, Windows-1252,
# ~200,000 distinct companies) imported by `comptoir import` with search indexing on, compared in the same
# run with the raw bulk load of the same file into a bare 15-column table (`sqlite3 .import`, or
# `psql \copy` on PostgreSQL). Reports rows/s, the ratio to the raw load, and the importer's peak RSS.
# Goals of the Imports issue: >= 100k rows/s on SQLite, >= 25 % of the raw load's speed, memory flat.
#
#   Benchmarks/Imports/run.sh                 # SQLite
#   Benchmarks/Imports/run.sh --postgres      # PostgreSQL 15 (scripts/test-postgres.sh, port 55442)
#
# Options (or environment): --rows N (ROWS, default 1000000), --seed S, --no-build, BIN=path/to/comptoir.
# The file is generated once under Benchmarks/data/ (gitignored); output goes to Benchmarks/out/imports-*.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

database=sqlite
rows=${ROWS:-1000000}
seed=${SEED:-2026}
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) database=postgres ;;
    --rows) rows=$2; shift ;;
    --seed) seed=$2; shift ;;
    --no-build) build=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "${BIN:-}" ]; then
  if [ "$build" = 1 ]; then swift build -c release --scratch-path .build-release --product comptoir >&2; fi
  BIN=$root/.build-release/release/comptoir
fi
out=$root/Benchmarks/out/imports-$database-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out" "$root/Benchmarks/data"
file=$root/Benchmarks/data/imports-$rows-s$seed.csv
if [ ! -f "$file" ]; then
  echo "== generating $file" >&2
  python3 "$here/generate.py" "$file.partial" --rows "$rows" --seed "$seed"
  mv "$file.partial" "$file"
fi
size=$(stat -c %s "$file")
echo "file: $file ($rows rows, $size bytes)" | tee "$out/summary.txt"
echo "commit: $(git rev-parse --short HEAD)  machine: $(nproc) vCPU, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)" | tee -a "$out/summary.txt"

scratch=$(mktemp -d /tmp/comptoir-imports-bench.XXXXXX)
chmod 755 "$scratch"  # PostgreSQL runs as its own user
pgdir=""
cleanup() {
  if [ -n "$pgdir" ]; then scripts/test-postgres.sh stop "$pgdir" >/dev/null 2>&1 || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

seconds() { python3 -c "import sys; print(f'{float(sys.argv[1]):.2f}')" "$1"; }
now() { date +%s.%N; }

columns='"raison_sociale" TEXT, "siret" TEXT, "adresse" TEXT, "code_postal" TEXT, "ville" TEXT, "telephone" TEXT, "civilite" TEXT, "prenom" TEXT, "nom" TEXT, "fonction" TEXT, "email" TEXT, "mobile" TEXT, "date_naissance" TEXT, "role" TEXT, "centres" TEXT'
if [ "$database" = postgres ]; then
  pgdir=$scratch/pg
  url=$(scripts/test-postgres.sh start "$pgdir" 55442)
  psql_() { psql "$url" -v ON_ERROR_STOP=1 -q "$@"; }
  psql_ -c "CREATE TABLE raw ($columns)"
  start=$(now)
  psql_ -c "\\copy raw FROM '$file' WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'WIN1252')"
  raw=$(python3 -c "print($(now) - $start)")
  rawcount=$(psql "$url" -tAc "SELECT COUNT(*) FROM raw")
  psql_ -c "DROP TABLE raw"
  export DATABASE_URL=$url
  raw_tool="psql \\copy"
else
  rawdb=$scratch/raw.sqlite
  sqlite3 "$rawdb" "PRAGMA journal_mode=WAL; CREATE TABLE raw ($columns);" >/dev/null
  start=$(now)
  sqlite3 "$rawdb" -cmd ".mode csv" -cmd ".separator ;" ".import --skip 1 '$file' raw"
  raw=$(python3 -c "print($(now) - $start)")
  rawcount=$(sqlite3 "$rawdb" "SELECT COUNT(*) FROM raw")
  rm -f "$rawdb"*
  raw_tool="sqlite3 .import"
fi
echo "raw load ($raw_tool): $rawcount rows in $(seconds "$raw") s = $(python3 -c "print(round($rawcount / $raw))") rows/s" | tee -a "$out/summary.txt"

data=$scratch/data
export COMPTOIR_DATA_DIR=$data
"$BIN" migrate >/dev/null
"$BIN" user create --email bench@example.fr --password "bench-import-2026" --role admin >/dev/null
# The configuration: every column mapped by its title, as the analysis suggests it.
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
quoted=${settings//\'/\'\'}
if [ "$database" = postgres ]; then
  sql="INSERT INTO import_profiles (id, name, settings, created_at, updated_at) VALUES ('6f1c3c2e-0000-4000-8000-000000000001', 'bench', '$quoted', now(), now())"
else
  sql="INSERT INTO import_profiles (id, name, settings, created_at, updated_at) VALUES ('6F1C3C2E-0000-4000-8000-000000000001', 'bench', '$quoted', CAST(strftime('%s','now') AS REAL), CAST(strftime('%s','now') AS REAL))"
fi
if [ "$database" = postgres ]; then psql_ -c "$sql"; else sqlite3 "$data/comptoir.sqlite" "$sql"; fi

run_import() {
  local label=$1; shift
  echo "load before $label: $(cut -d' ' -f1-3 /proc/loadavg) (2 vCPU; other processes: $(ps -eo pcpu= --sort=-pcpu | head -5 | tr -s ' \n' ' '))" | tee -a "$out/summary.txt"
  COMPTOIR_IMPORT_TRACE=1 /usr/bin/time -f "%e %M" -o "$out/$label.time" "$BIN" import "$file" --config bench "$@" > "$out/$label.txt" 2> "$out/$label.err" &
  local timer=$! pid="" anon=0 mapped=0
  # Peak own memory (RssAnon) apart from mapped file pages (RssFile: SQLite's memory map, reclaimable), sampled.
  while kill -0 "$timer" 2>/dev/null; do
    [ -z "$pid" ] && pid=$(pgrep -P "$timer" -f "import" | head -1)
    if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
      read -r a f < <(awk '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {print a+0, f+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
      [ "${a:-0}" -gt "$anon" ] && anon=$a
      [ "${f:-0}" -gt "$mapped" ] && mapped=$f
    fi
    sleep 0.5
  done
  wait "$timer"
  read -r wall rss < "$out/$label.time"
  local imported
  imported=$(grep -o '[0-9]* lues' "$out/$label.txt" | head -1 | cut -d' ' -f1)
  echo "$label: $imported rows in $wall s = $(python3 -c "print(round($imported / $wall))") rows/s, ratio to raw $(python3 -c "print(f'{($imported / $wall) / ($rawcount / $raw) * 100:.1f}')") %, peak RSS $((rss / 1024)) MiB (own memory $((anon / 1024)) MiB, mapped files $((mapped / 1024)) MiB)" | tee -a "$out/summary.txt"
  sed 's/^/    /' "$out/$label.txt" | tee -a "$out/summary.txt"
  grep "^import " "$out/$label.err" | sed 's/^/    /' | tee -a "$out/summary.txt" || true
}
run_import "simulation (--dry-run)" --dry-run
run_import "import" 
run_import "re-import (--update-existing)" --update-existing
echo "output: $out" >&2
