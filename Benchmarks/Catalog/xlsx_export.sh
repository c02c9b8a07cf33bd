#!/usr/bin/env bash
# Catalog benchmark: the stock export to .xlsx (#15). The same generated stock (12 columns: reference, name, category,
# warehouse, on hand, incoming, outgoing, available, threshold, value as money, last movement date, active flag;
# bold header, frozen pane, autofilter, widths, a total row) written in the same run by:
#   comptoir-stream     our XLSXStreamWriter (release build of comptoir-xlsxbench)
#   comptoir-memory     our in-memory XLSXWriter with every row held (reference only)
#   comptoir-csv        CSVWriter fed with the same cells (reference only)
#   openpyxl-write-only openpyxl 3.1.5, Workbook(write_only=True)
#   openpyxl            openpyxl 3.1.5, normal mode
# Each one runs under /usr/bin/time -v: wall time, CPU time, peak RSS, file size. Goal: faster than openpyxl, with a
# peak RSS that does not grow with the rows.
#
#   Benchmarks/Catalog/xlsx_export.sh [--rows 10000,100000] [--runs 2] [--no-build] [--skip-normal]
#
# Output: a TSV table on stdout and the raw files under Benchmarks/out/catalog-xlsx-<date>/ (gitignored).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

sizes=${ROWS:-10000,100000}
runs=${RUNS:-2}
build=1
normal=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --no-build) build=0 ;;
    --skip-normal) normal=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$build" = 1 ]; then swift build -c release --scratch-path .build-release --product comptoir-xlsxbench >&2; fi
bin=$root/.build-release/release/comptoir-xlsxbench
python3 -c "import openpyxl; assert openpyxl.__version__ == '3.1.5', openpyxl.__version__"
out=$root/Benchmarks/out/catalog-xlsx-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"

# measure NAME FILE COMMAND…: one TSV line (name, rows, run, wall s, CPU s, peak RSS MiB, file KiB).
measure() {
  local name=$1 rows=$2 run=$3 file=$4
  shift 4
  /usr/bin/time -v -o "$out/$name-$rows-$run.time" "$@" > "$out/$name-$rows-$run.out"
  awk -v name="$name" -v rows="$rows" -v run="$run" -v size="$(stat -c %s "$file")" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 / 1024 }
    END { printf "%s\t%d\t%d\t%.2f\t%.2f\t%.1f\t%d\n", name, rows, run, wall, cpu, rss, size / 1024 }' "$out/$name-$rows-$run.time"
}

printf "writer\trows\trun\twall_s\tcpu_s\tpeak_rss_mib\tfile_kib\n"
for rows in ${sizes//,/ }; do
  for run in $(seq 1 "$runs"); do
    measure comptoir-stream "$rows" "$run" "$out/stream-$rows.xlsx" "$bin" --rows "$rows" --mode stream "$out/stream-$rows.xlsx"
    measure openpyxl-write-only "$rows" "$run" "$out/write-only-$rows.xlsx" \
      python3 "$here/xlsx_openpyxl.py" --rows "$rows" --write-only "$out/write-only-$rows.xlsx"
    if [ "$normal" = 1 ]; then
      measure openpyxl "$rows" "$run" "$out/normal-$rows.xlsx" python3 "$here/xlsx_openpyxl.py" --rows "$rows" "$out/normal-$rows.xlsx"
    fi
    measure comptoir-memory "$rows" "$run" "$out/memory-$rows.xlsx" "$bin" --rows "$rows" --mode memory "$out/memory-$rows.xlsx"
    measure comptoir-csv "$rows" "$run" "$out/stock-$rows.csv" "$bin" --rows "$rows" --mode csv "$out/stock-$rows.csv"
  done
  # The same values either way: openpyxl reads our file and its own, and compares them cell by cell.
  python3 - "$out/stream-$rows.xlsx" "$out/write-only-$rows.xlsx" <<'PY' >&2
import sys, openpyxl
ours, theirs = (openpyxl.load_workbook(path, read_only=True)["Stock"] for path in sys.argv[1:3])
rows = 0
for a, b in zip(ours.iter_rows(values_only=True), theirs.iter_rows(values_only=True)):
    assert a == b, (a, b)
    rows += 1
print(f"same values in both files: {rows} rows")
PY
done
