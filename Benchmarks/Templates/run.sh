#!/usr/bin/env bash
# Document-template benchmark (#18): our merge (TemplateEngine, release build of comptoir-templatebench) against
# docxtpl 0.20.2 (PyPI) on the same template, in the same run:
#   single  a three-page contract (22 articles, tags split across runs the way Word leaves them, header, footer) whose
#           table row block repeats for 200 lines: median and minimum of --runs merges, after a warm-up;
#   bulk    1 000 documents from the same template, one record each with 20 lines, each merged from the template's
#           bytes into memory (what a bulk generation does before zipping).
# docxtpl's copy of the template differs only by its syntax (`{%tr for l in lines %}` / `{%tr endfor %}` rows and
# `{{l.description}}`), written by the same generator. After the runs, python-docx reads both single outputs and the
# script compares their text (paragraphs, header, footer, table cells). /tmp/bench.lock is held while measuring.
#
#   Benchmarks/Templates/run.sh [--rows 200] [--runs 30] [--bulk 1000] [--bulk-rows 20] [--no-build]
#
# Output: key=value lines and a summary on stdout; the files under Benchmarks/out/templates-<date>/ (gitignored).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

rows=${ROWS:-200}
runs=${RUNS:-30}
bulk=${BULK:-1000}
bulk_rows=${BULK_ROWS:-20}
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift ;;
    --runs) runs=$2; shift ;;
    --bulk) bulk=$2; shift ;;
    --bulk-rows) bulk_rows=$2; shift ;;
    --no-build) build=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
log() { printf '[templates-bench] %s\n' "$*" >&2; }

python3 -c "import docxtpl, docx" 2>/dev/null \
  || { log "docxtpl and python-docx are required: pip install docxtpl==0.20.2 python-docx==1.1.2"; exit 1; }

if [ "$build" = 1 ]; then
  while [ -e /tmp/bench.lock ]; do log "waiting for /tmp/bench.lock"; sleep 20; done
  log "swift build -c release --scratch-path .build-release --product comptoir-templatebench"
  swift build -c release --scratch-path .build-release --product comptoir-templatebench >&2
fi
bin="$(swift build -c release --scratch-path .build-release --show-bin-path)/comptoir-templatebench"
[ -x "$bin" ] || { log "no binary at $bin"; exit 1; }

out="$root/Benchmarks/out/templates-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
while [ -e /tmp/bench.lock ]; do log "waiting for /tmp/bench.lock"; sleep 20; done
echo "templates-bench $$ $(date -u +%FT%TZ)" >/tmp/bench.lock
trap 'rm -f /tmp/bench.lock' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

log "comptoir: $rows rows x $runs runs, then $bulk documents x $bulk_rows rows"
/usr/bin/time -v -o "$out/comptoir.time" "$bin" --out "$out" --rows "$rows" --runs "$runs" --bulk "$bulk" --bulk-rows "$bulk_rows" \
  | tee "$out/comptoir.txt" >&2
log "docxtpl $(python3 -c 'import importlib.metadata as m; print(m.version("docxtpl"))'): the same"
/usr/bin/time -v -o "$out/docxtpl.time" python3 "$here/docxtpl_bench.py" "$out" --runs "$runs" | tee "$out/docxtpl.txt" >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f /tmp/bench.lock

# The same text from both single outputs, read by python-docx (docxtpl keeps the template's narrow no-break spaces too).
python3 - "$out/comptoir-single.docx" "$out/docxtpl-single.docx" >"$out/compare.txt" <<'PY'
import sys, docx
def text(path):
    d = docx.Document(path)
    s = d.sections[0]
    return ([p.text for p in d.paragraphs], [p.text for p in s.header.paragraphs], [p.text for p in s.footer.paragraphs],
            [[c.text for c in r.cells] for t in d.tables for r in t.rows])
ours, theirs = text(sys.argv[1]), text(sys.argv[2])
names = ["paragraphs", "header", "footer", "table rows"]
for name, a, b in zip(names, ours, theirs):
    print(f"{name}: comptoir {len(a)}, docxtpl {len(b)}, {'same text' if a == b else 'DIFFERENT'}")
    if a != b:
        for x, y in zip(a, b):
            if x != y: print(f"  first difference: {x!r} / {y!r}"); break
PY
cat "$out/compare.txt" >&2

value() { awk -F= -v k="$2" '$1 == k { print $2 }' "$out/$1.txt"; }
rss() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$out/$1.time"; }
{
  echo "Comptoir document-template benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit $(git rev-parse --short HEAD)$( [ -n "$(git status --porcelain -- Sources Benchmarks/Templates Package.swift)" ] && echo ' (+ uncommitted changes)')"
  echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); load average before $load_before, after $load_after"
  printf '%-34s %14s %14s %8s\n' case comptoir docxtpl ratio
  for k in single_median_ms single_min_ms; do
    a=$(value comptoir $k); b=$(value docxtpl $k)
    printf '%-34s %14s %14s %7.1fx\n' "$k ($rows rows)" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')"
  done
  a=$(value comptoir bulk_seconds); b=$(value docxtpl bulk_seconds)
  printf '%-34s %14s %14s %7.1fx\n' "bulk_seconds ($bulk docs)" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')"
  printf '%-34s %14s %14s\n' "bulk docs/s" "$(value comptoir bulk_docs_per_second)" "$(value docxtpl bulk_docs_per_second)"
  printf '%-34s %14s %14s\n' "single output bytes" "$(value comptoir single_bytes)" "$(value docxtpl single_bytes)"
  printf '%-34s %14s %14s\n' "peak RSS MiB (whole process)" "$(rss comptoir)" "$(rss docxtpl)"
  sed 's/^/text: /' "$out/compare.txt"
  echo "files: ${out#"$root/"}/"
} | tee "$out/summary.txt"
