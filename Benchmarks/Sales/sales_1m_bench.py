#!/usr/bin/env python3
"""Sales at 1 M invoice lines (#16): p50/p99 of the invoices list (page and API) with the filters it offers, the payments
list, the /sales dashboard, an order's billing ledger (API and page) and a project's margin, one request at a time on
loopback, against a server on data loaded by `comptoir-benchdata --sales`. Also the server's CPU per request (from
/proc) and, per case, the number of items the page holds. Standard library only.

  python3 Benchmarks/Sales/sales_1m_bench.py --port PORT --token TOKEN --fixtures DATA/sales-fixtures.json \
      [--reads 200] [--warmup 20] [--pid SERVER_PID] [--only REGEX] [--label TEXT]
"""
import argparse, json, os, re, statistics, time, urllib.error, urllib.parse, urllib.request


def cpu_seconds(pid):
    if not pid:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch(base, token, path):
    request = urllib.request.Request(base + path)
    request.add_header("Authorization", "Bearer " + token)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
            return response.status, body, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.perf_counter() - started


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def cases(f):
    q = urllib.parse.quote
    big, small, project, order = (f[k].lower() for k in ("bigCustomer", "smallCustomer", "project", "order"))
    product, rare = f["product"].lower(), f["rareProduct"].lower()
    word, start, end = q(f["customerWord"]), f["from"], f["to"]
    return [
        ("page /invoices", "/invoices"),
        ("page /invoices state=paid", "/invoices?state=paid"),
        ("page /invoices state=partially_paid", "/invoices?state=partially_paid"),
        ("page /invoices q=customer word", f"/invoices?q={word}"),
        ("page /invoices q=reference prefix", "/invoices?q=FA2025-0001"),
        ("page /invoices product (popular)", f"/invoices?product={product}"),
        ("page /invoices page 200", "/invoices?page=200"),
        ("api invoices", "/api/v1/invoices"),
        ("api invoices state=sent (unpaid)", "/api/v1/invoices?state=sent"),
        ("api invoices state=partially_paid", "/api/v1/invoices?state=partially_paid"),
        ("api invoices companyId (largest customer)", f"/api/v1/invoices?companyId={big}"),
        ("api invoices companyId (small customer)", f"/api/v1/invoices?companyId={small}"),
        ("api invoices projectId", f"/api/v1/invoices?projectId={project}"),
        ("api invoices q=customer word", f"/api/v1/invoices?q={word}"),
        ("api invoices product (popular)", f"/api/v1/invoices?product={product}"),
        ("api invoices product (rare)", f"/api/v1/invoices?product={rare}"),
        ("api invoices product+state=paid", f"/api/v1/invoices?product={product}&state=paid"),
        ("api invoices cursor o10000 (page 201)", "/api/v1/invoices?cursor=o10000"),
        ("api invoices limit=500", "/api/v1/invoices?limit=500"),
        ("api credit-notes", "/api/v1/credit-notes"),
        ("page /payments", "/payments"),
        ("page /payments date range", f"/payments?from={start}&to={end}"),
        ("api payments", "/api/v1/payments"),
        ("api payments date range + customer", f"/api/v1/payments?from={start}&to={end}&companyId={big}"),
        ("page /sales dashboard", "/sales"),
        ("api orders/{id}/billing", f"/api/v1/orders/{order}/billing"),
        ("page /orders/{id}", f"/orders/{order}"),
        ("api projects/{id}/margin", f"/api/v1/projects/{project}/margin"),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--pid", type=int, default=0)
    parser.add_argument("--only", default="")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    fixtures = json.load(open(args.fixtures))
    print(f"| case{' (' + args.label + ')' if args.label else ''} | items | p50 ms | p99 ms | max ms | CPU ms/req |")
    print("|---|---:|---:|---:|---:|---:|")
    failures = 0
    for name, path in cases(fixtures):
        if args.only and not re.search(args.only, name):
            continue
        status, body, _ = fetch(base, args.token, path)
        if status != 200:
            print(f"| {name} | HTTP {status}: {body[:200]!r} | | | | |", flush=True)
            failures += 1
            continue
        if path.startswith("/api/"):
            data = json.loads(body)
            items = len(data["items"]) if isinstance(data, dict) and "items" in data else len(data.get("invoices", [])) if isinstance(data, dict) else "?"
        else:
            items = body.count(b"<tr") - 1 if b"<tbody" in body else 0
        for _ in range(args.warmup):
            fetch(base, args.token, path)
        times = []
        cpu_before = cpu_seconds(args.pid)
        for _ in range(args.reads):
            status, _, seconds = fetch(base, args.token, path)
            if status != 200:
                failures += 1
            times.append(seconds * 1000)
        cpu = (cpu_seconds(args.pid) - cpu_before) * 1000 / args.reads if args.pid else float("nan")
        print(
            f"| {name} | {items} | {statistics.median(times):.1f} | {percentile(times, 0.99):.1f} | {max(times):.1f} | {cpu:.1f} |",
            flush=True,
        )
    if failures:
        print(f"{failures} failed requests")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
