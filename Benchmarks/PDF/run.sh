#!/usr/bin/env bash
# PDF benchmark (#17): the same 50-line invoice rendered in one run by our writer (PDF/A-3b with factur-x.xml,
# `FacturXPDF.render`, release build of comptoir-pdfbench) and by WeasyPrint 70.0 (PyPI) from HTML of the same content
# (`comptoir-pdfbench emit`: same DejaVu Sans files, A4, header repeated, footer with the mentions and « Page X/Y »),
# PDF/A-3b with factur-x.xml attached (relationship Data) and the Factur-X XMP extension schema.
# Measured, each under /usr/bin/time -v (peak RSS of the whole process):
#   one     one document in a fresh process (our fonts read, WeasyPrint's import apart)
#   batch   N documents one after the other in one process: ours 1 000, WeasyPrint 20 (its 1 000 extrapolated)
# Goal of the issue: ≥ 100 × faster than WeasyPrint.
#
#   Benchmarks/PDF/run.sh [--runs 2] [--batch 1000] [--weasy-batch 20] [--no-build]
#
# WeasyPrint lives in a virtualenv under Benchmarks/data/venv-weasyprint (gitignored; created with
# `pip install weasyprint==70.0` if missing; it uses Debian's pango). /tmp/bench.lock exists while measuring (other
# builds on the machine wait). Times are wall (seconds, ms_per_doc) and CPU (cpu_ms_per_doc: user + system of the
# process during the renders, steadier on a shared machine). Output: a TSV table on stdout, the files under Benchmarks/out/pdf-<date>/ (gitignored),
# then the independent checks of both files (facturx_check on ours, pikepdf on both, pdftotext).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

runs=${RUNS:-2}
batch=${BATCH:-1000}
weasy_batch=${WEASY_BATCH:-20}
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift ;;
    --batch) batch=$2; shift ;;
    --weasy-batch) weasy_batch=$2; shift ;;
    --no-build) build=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

while [ -e /tmp/bench.lock ]; do echo "waiting for /tmp/bench.lock" >&2; sleep 20; done
if [ "$build" = 1 ]; then swift build -c release --scratch-path .build-release --product comptoir-pdfbench >&2; fi
bin=$root/.build-release/release/comptoir-pdfbench
venv=$root/Benchmarks/data/venv-weasyprint
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv --system-site-packages "$venv"
  "$venv/bin/pip" install -q weasyprint==70.0 >&2
fi
py=$venv/bin/python
out=$root/Benchmarks/out/pdf-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out/input"
"$bin" emit "$out/input" "$root/Sources/ComptoirDocuments/PDF/Fonts" >&2

# measure NAME RUN COMMAND…: the program's own line (in-process seconds) plus wall time and peak RSS from time -v.
measure() {
  local name=$1 run=$2
  shift 2
  /usr/bin/time -v -o "$out/$name-$run.time" "$@" > "$out/$name-$run.out"
  awk -v name="$name" -v run="$run" -F': ' '
    FNR == NR { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }; next }
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /Maximum resident set size/ { rss = $2 / 1024 }
    END { printf "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%.2f\t%.1f\t%s\n", name, run, v["documents"], v["seconds"], v["ms_per_document"],
          v["cpu_ms_per_document"], v["documents_per_second"], wall, rss, v["bytes"] }' FS=' ' "$out/$name-$run.out" FS=': ' "$out/$name-$run.time"
}

touch /tmp/bench.lock
trap 'rm -f /tmp/bench.lock' EXIT
printf "writer\trun\tdocuments\tseconds\tms_per_doc\tcpu_ms_per_doc\tdocs_per_s\tprocess_wall_s\tpeak_rss_mib\tbytes\n"
for run in $(seq 1 "$runs"); do
  measure comptoir-one "$run" "$bin" one "$out/comptoir-$run.pdf"
  measure weasyprint-one "$run" "$py" "$here/weasyprint_bench.py" one "$out/input" "$out/weasyprint-$run.pdf"
  measure comptoir-batch "$run" "$bin" batch "$batch"
  measure weasyprint-batch "$run" "$py" "$here/weasyprint_bench.py" batch "$weasy_batch" "$out/input"
done
rm -f /tmp/bench.lock
trap - EXIT
grep -h import_seconds "$out"/weasyprint-*.out | sed 's/^/weasyprint: /' >&2

# The two files are what they claim: ours passes facturx_check; WeasyPrint's carries factur-x.xml and PDF/A-3 B.
check=$root/../shared/tools/facturx_check.py
[ -f "$check" ] || check=$root/scripts/checks/facturx_check.py
python3 "$check" "$out/comptoir-1.pdf" --expect-type 380 | tail -1 >&2
python3 - "$out/comptoir-1.pdf" "$out/weasyprint-1.pdf" <<'PY' >&2
import re, subprocess, sys, pikepdf
for path in sys.argv[1:]:
    pdf = pikepdf.open(path)
    with pdf.open_metadata() as meta:
        aid = "%s/%s" % (meta.get("pdfaid:part"), meta.get("pdfaid:conformance"))
    # WeasyPrint appends the fx properties as a second rdf:RDF, which pikepdf's reader skips: read the packet itself.
    fx = re.findall(r"<fx:DocumentFileName>([^<]*)<", pdf.Root.Metadata.read_bytes().decode("utf-8"))
    af = [str(spec.AFRelationship) + " " + str(spec.F) for spec in pdf.Root.get("/AF", [])]
    fonts = set()
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            fonts.add((str(font.BaseFont), "/FontFile2" in descendant.FontDescriptor or "/FontFile3" in descendant.FontDescriptor))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True).stdout
    print("%s: pages=%d pdfaid=%s fx=%s af=%s fonts_embedded=%s lines=%d total_ttc=%s" % (path.rsplit("/", 1)[1], len(pdf.pages), aid,
          fx, af, all(f[1] for f in fonts), text.count("Article n° "), "Total TTC" in text))
PY
echo "output: $out" >&2
