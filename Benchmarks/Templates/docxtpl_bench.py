"""docxtpl on the template comptoir-templatebench wrote (Benchmarks/Templates/run.sh).

    python3 docxtpl_bench.py DIR [--runs 30]

Reads DIR/template-docxtpl.docx, DIR/single.json and DIR/bulk.json (flat dotted keys, nested here so that Jinja's
`{{company.name}}` finds them), renders the single record --runs times (after one warm-up; median and minimum) and
every bulk record once, each into an in-memory file, and writes DIR/docxtpl-single.docx. Prints key=value lines.
"""
import io
import json
import statistics
import sys
import time

from docxtpl import DocxTemplate


def nested(flat):
    context = {}
    for key, value in flat.items():
        if key == "lines":
            context["lines"] = value
            continue
        node = context
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return context


def render(path, context):
    template = DocxTemplate(path)  # a template renders once: reloaded for each document, as a service would
    # autoescape: off by default in docxtpl, where « Société 1 & Fils <SA> » breaks the document's XML.
    template.render(context, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def main():
    directory = sys.argv[1]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 30
    path = f"{directory}/template-docxtpl.docx"
    single = nested(json.load(open(f"{directory}/single.json", encoding="utf-8")))
    document = render(path, single)
    open(f"{directory}/docxtpl-single.docx", "wb").write(document)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        render(path, single)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"single_median_ms={timings[len(timings) // 2]:.2f}")
    print(f"single_min_ms={timings[0]:.2f}")
    print(f"single_bytes={len(document)}")
    records = [nested(r) for r in json.load(open(f"{directory}/bulk.json", encoding="utf-8"))]
    start = time.perf_counter()
    total = sum(len(render(path, r)) for r in records)
    elapsed = time.perf_counter() - start
    print(f"bulk_documents={len(records)}")
    print(f"bulk_seconds={elapsed:.3f}")
    print(f"bulk_docs_per_second={len(records) / elapsed:.1f}")
    print(f"bulk_bytes={total}")


if __name__ == "__main__":
    main()
