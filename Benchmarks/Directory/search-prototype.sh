#!/usr/bin/env bash
# Sizes the suggested typeahead fix against the current search query, on a scratch copy of the Directory
# benchmark data (generate it first with Benchmarks/Directory/run.sh). Nothing in Sources/ is used or
# changed: the suggested tables and indexes (search-prototype.sql) are created in the copy only.
#
#   Benchmarks/Directory/search-prototype.sh             # SQLite (python3's sqlite3 module)
#   Benchmarks/Directory/search-prototype.sh --postgres  # PostgreSQL 15 (psql), on a clone of the cached database
#
# For each typical prefix and each kind it times, 15 times after one warm-up:
#   current  — SearchIndex.search as in Sources/: every match ranked (bm25 / ts_rank), then LIMIT 10;
#   proposed — (1) titles starting with the whole query, by a B-tree range on (kind, title_folded);
#              (2) only if (1) gave fewer than 10: title words starting with the longest query word, by a
#              B-tree range on search_words (kind, word, title_folded), other words checked on the title.
# Prints the median and the maximum in milliseconds. Database-side time only (no HTTP, no JSON).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
database=sqlite
[ "${1:-}" = "--postgres" ] && database=postgres
log() { printf '[search-prototype] %s\n' "$*" >&2; }

prefixes=("dup" "martin" "soc gen" "lef" "jean-p" "d'arc")

if [ "$database" = sqlite ]; then
  cache=$(ls -d "$root"/Benchmarks/data/directory-sqlite-200000-1000000-* 2>/dev/null | head -n 1)
  [ -n "$cache" ] && [ -f "$cache/done" ] || { log "no cached SQLite data: run Benchmarks/Directory/run.sh first"; exit 1; }
  work=$(mktemp -d /tmp/comptoir-searchproto.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  log "copying $cache/comptoir.sqlite to $work"
  cp "$cache/comptoir.sqlite" "$work/db.sqlite"
  python3 - "$work/db.sqlite" "$here/search-prototype.sql" "${prefixes[@]}" <<'PY'
import re, sqlite3, statistics, sys, time, unicodedata
path, ddl_path, prefixes = sys.argv[1], sys.argv[2], sys.argv[3:]
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode = WAL")

def fold(s):  # foldForSearch: lower case, no accents, apostrophes and hyphens as spaces
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"['\u2019\-]", " ", s).split())

def tokens(q):
    return [t for t in re.split(r"[^a-z0-9]+", fold(q)) if t][:8]

start = time.perf_counter()
ddl = open(ddl_path).read()
ddl = ddl.split("-- PostgreSQL")[0]  # the SQLite part
db.executescript(ddl)
split = re.compile(r"[^a-z0-9]+")
rows = []
for rid, kind, title, archived in db.execute("SELECT record_id, kind, title_folded, archived FROM search_documents"):
    for w in {x for x in split.split(title) if x}:
        rows.append((rid, kind, w, title, archived))
db.executemany("INSERT INTO search_words (record_id, kind, word, title_folded, archived) VALUES (?, ?, ?, ?, ?)", rows)
db.commit()
print(f"search_words: {len(rows)} rows, built with its indexes in {time.perf_counter() - start:.1f} s", file=sys.stderr)

def upper(prefix):  # the smallest string above every string starting with prefix
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)

def current(words, kind):
    match = "{title body}: " + " ".join(f'"{w}"*' for w in words)
    return db.execute("""
        SELECT d.record_id, d.kind, d.title, d.subtitle FROM search_fts f JOIN search_documents d ON d.record_id = f.record_id
        WHERE search_fts MATCH ? AND d.kind IN (?) AND d.archived = 0
        ORDER BY CASE WHEN d.title_folded LIKE ? THEN 0 ELSE 1 END, bm25(search_fts, 0.0, 10.0, 1.0), d.title LIMIT 10
        """, (match, kind, " ".join(words) + "%")).fetchall()

def proposed(words, kind):
    whole = " ".join(words)
    hits = db.execute("""
        SELECT record_id, kind, title, subtitle FROM search_documents
        WHERE kind = ? AND archived = 0 AND title_folded >= ? AND title_folded < ? ORDER BY title_folded LIMIT 10
        """, (kind, whole, upper(whole))).fetchall()
    if len(hits) < 10:
        key = max(words, key=len)
        others = [w for w in words if w != key]
        where = "".join(" AND (' ' || w.title_folded) LIKE ?" for _ in others)
        seen = {h[0] for h in hits}
        for row in db.execute(f"""
            SELECT d.record_id, d.kind, d.title, d.subtitle FROM search_words w JOIN search_documents d ON d.record_id = w.record_id
            WHERE w.kind = ? AND w.archived = 0 AND w.word >= ? AND w.word < ?{where} ORDER BY w.word, w.title_folded LIMIT 20
            """, [kind, key, upper(key)] + [f"% {o}%" for o in others]):
            if row[0] not in seen and len(hits) < 10:
                seen.add(row[0]); hits.append(row)
    return hits

print(f"{'query':<10} {'kind':<10} {'current p50/max ms':>20} {'proposed p50/max ms':>21}  first proposed hits")
for q in prefixes:
    words = tokens(q)
    for kind in ("companies", "contacts"):
        figures = []
        for fn in (current, proposed):
            fn(words, kind)
            times = []
            for _ in range(15):
                t = time.perf_counter(); result = fn(words, kind); times.append((time.perf_counter() - t) * 1000)
            figures.append(f"{statistics.median(times):8.1f} / {max(times):7.1f}")
        sample = ", ".join(r[2] for r in proposed(words, kind)[:3])
        print(f"{q:<10} {kind:<10} {figures[0]:>20} {figures[1]:>21}  {sample}")
PY
else
  cache=$(ls -d "$root"/Benchmarks/data/directory-pg-200000-1000000-* 2>/dev/null | head -n 1)
  [ -n "$cache" ] && [ -f "$cache/done" ] || { log "no cached PostgreSQL data: run Benchmarks/Directory/run.sh --postgres first"; exit 1; }
  port=$((20000 + RANDOM % 40000))
  "$root/scripts/test-postgres.sh" start "$cache" "$port" >/dev/null
  db=proto_$$
  cleanup() {
    psql -h 127.0.0.1 -p "$port" -U postgres -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    "$root/scripts/test-postgres.sh" stop "$cache" || true
  }
  trap cleanup EXIT
  psql_db() { psql -h 127.0.0.1 -p "$port" -U postgres -X -q -t -A -d "$db" "$@"; }
  log "cloning the cached database into $db"
  psql -h 127.0.0.1 -p "$port" -U postgres -X -q -d postgres -c "CREATE DATABASE $db TEMPLATE comptoir_test"
  log "creating the suggested table and indexes"
  sed -n '/-- PostgreSQL/,$p' "$here/search-prototype.sql" | psql_db -v ON_ERROR_STOP=1 >/dev/null
  psql_db -c "INSERT INTO search_words (record_id, kind, word, title_folded, archived)
    SELECT DISTINCT d.record_id, d.kind, w, d.title_folded, d.archived
    FROM search_documents d, regexp_split_to_table(d.title_folded, '[^a-z0-9]+') w WHERE w <> ''" >/dev/null
  psql_db -c "VACUUM ANALYZE search_words" -c "ANALYZE search_documents" >/dev/null
  # time SQL -> "median / max" of 15 runs after one warm-up, from EXPLAIN ANALYZE's execution time
  time_sql() {
    local sql=$1 t times=()
    psql_db -c "$sql" >/dev/null
    for _ in $(seq 1 15); do
      t=$(psql_db -c "EXPLAIN (ANALYZE, TIMING OFF) $sql" | awk '/Execution Time/ { print $3 }')
      times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%8.1f / %7.1f", v[int((NR + 1) / 2)], v[NR] }'
  }
  printf '%-10s %-10s %20s %21s\n' query kind 'current p50/max ms' 'phase1+2 p50/max ms'
  for q in "${prefixes[@]}"; do
    words=$(python3 -c 'import re,sys,unicodedata
s=unicodedata.normalize("NFKD", sys.argv[1].lower()); s="".join(c for c in s if unicodedata.category(c)!="Mn")
print(" ".join(t for t in re.split(r"[^a-z0-9]+", s) if t))' "$q")
    key=$(tr ' ' '\n' <<<"$words" | awk '{ print length, $0 }' | sort -rn | head -n 1 | cut -d' ' -f2)
    up() { python3 -c 'import sys; p=sys.argv[1]; print(p[:-1] + chr(ord(p[-1]) + 1))' "$1"; }
    tsq=$(python3 -c 'import sys; print(" & ".join(w + ":*" for w in sys.argv[1].split()))' "$words")
    others=""
    for w in $words; do [ "$w" = "$key" ] || others+=" AND (' ' || w.title_folded) LIKE '% $w%'"; done
    for kind in companies contacts; do
      cur=$(time_sql "SELECT d.record_id, d.kind, d.title, d.subtitle FROM search_documents d, to_tsquery('simple', '$tsq') q
        WHERE d.tsv @@ q AND d.kind IN ('$kind') AND d.archived = false
        ORDER BY CASE WHEN d.title_folded LIKE '$words%' THEN 0 ELSE 1 END, ts_rank(d.tsv, q) DESC, d.title LIMIT 10")
      p1=$(time_sql "SELECT record_id, kind, title, subtitle FROM search_documents WHERE kind = '$kind' AND NOT archived
        AND title_folded >= '$words' AND title_folded < '$(up "$words")' ORDER BY title_folded LIMIT 10")
      p2=$(time_sql "SELECT d.record_id, d.kind, d.title, d.subtitle FROM search_words w JOIN search_documents d ON d.record_id = w.record_id
        WHERE w.kind = '$kind' AND NOT w.archived AND w.word >= '$key' AND w.word < '$(up "$key")'$others
        ORDER BY w.word, w.title_folded LIMIT 20")
      printf '%-10s %-10s %20s %21s\n' "$q" "$kind" "$cur" "$(awk -v a="$p1" -v b="$p2" 'BEGIN { split(a, x, "/"); split(b, y, "/"); printf "%8.1f / %7.1f", x[1] + y[1], x[2] + y[2] }')"
    done
  done
  echo "(phase1+2: both prototype queries summed, although phase 2 only runs when phase 1 finds fewer than 10)"
fi
