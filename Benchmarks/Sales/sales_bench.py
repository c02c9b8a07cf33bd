#!/usr/bin/env python3
"""Sales at volume through the API (loopback only): N draft invoices created, then validated by C concurrent clients
(throughput, errors, numbers without a gap); then the p99 of the invoices list with filters and of an order's billing
ledger. Standard library only.

  python3 Benchmarks/Sales/sales_bench.py --port PORT --token TOKEN [--invoices 10000] [--clients 8] [--reads 300]
"""
import argparse, datetime, json, statistics, threading, time, urllib.error, urllib.request, zoneinfo


def call(base, token, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            payload = response.read()
            return response.status, json.loads(payload) if payload else None, time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), time.perf_counter() - started


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--invoices", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reads", type=int, default=300)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"

    status, company, _ = call(base, args.token, "POST", "/api/v1/companies", {
        "name": "Banc d'essai SARL", "siren": "552100554", "billingLine1": "3 avenue Foch", "billingPostcode": "69006",
        "billingCity": "Lyon"})
    if status == 409 and "related" in str(company):  # a second run on the same database: the customer is there
        customer = json.loads(company)["error"]["related"][0]["id"]
    else:
        assert status == 201, (status, company)
        customer = company["id"]
    # Today in Paris (the numbering refuses a date before the last validated invoice's), due in 30 days.
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Paris")).date()
    dates = {"issueDate": today.isoformat(), "dueDate": (today + datetime.timedelta(days=30)).isoformat()}

    # Drafts, created by the clients too (not timed as the validation figure).
    ids, lock = [], threading.Lock()
    def create(count):
        for _ in range(count):
            status, body, _ = call(base, args.token, "POST", "/api/v1/invoices", {
                "companyId": customer, "nature": "services", **dates, "lines": [
                    {"description": "Prestation", "quantity": "1", "unitPrice": "120.00", "vatRate": "20"},
                    {"description": "Déplacement", "quantity": "2.5", "unitPrice": "0.33", "vatRate": "10"}]})
            if status == 201:
                with lock:
                    ids.append(body["id"])
    per = [args.invoices // args.clients + (1 if i < args.invoices % args.clients else 0) for i in range(args.clients)]
    started = time.perf_counter()
    threads = [threading.Thread(target=create, args=(n,)) for n in per]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(f"drafts: {len(ids)} created in {time.perf_counter() - started:.1f} s")

    # Validation: C clients, each its share of the drafts.
    errors, latencies, references = [], [], []
    def validate(chunk):
        for id in chunk:
            status, body, elapsed = call(base, args.token, "POST", f"/api/v1/invoices/{id}/validation")
            with lock:
                latencies.append(elapsed)
                if status == 200:
                    references.append(body["reference"])
                else:
                    errors.append((status, str(body)[:200]))
    chunks = [ids[i::args.clients] for i in range(args.clients)]
    started = time.perf_counter()
    threads = [threading.Thread(target=validate, args=(c,)) for c in chunks]
    [t.start() for t in threads]
    [t.join() for t in threads]
    elapsed = time.perf_counter() - started
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    gapless = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False
    print(f"validation: {len(references)} in {elapsed:.1f} s = {len(references) / elapsed:.1f} invoices/s with {args.clients} clients;"
          f" p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms;"
          f" errors {len(errors)}; numbers consecutive: {gapless}")
    for error in errors[:5]:
        print("  error:", error)
    status, report, _ = call(base, args.token, "GET", "/api/v1/sales-chain/verification")
    print(f"chain: {status} {json.dumps(report)[:160]}")

    # Reads: the invoices list with filters, an order's billing ledger.
    status, orders, _ = call(base, args.token, "GET", "/api/v1/orders?state=validated&limit=1")
    order = orders["items"][0]["id"] if status == 200 and orders["items"] else None
    for label, path in [
        ("invoices, state + company", f"/api/v1/invoices?state=validated&companyId={customer}&limit=50"),
        ("invoices, q", "/api/v1/invoices?q=essai&limit=50"),
        ("invoices, page 2", f"/api/v1/invoices?state=validated&limit=50&cursor=o50"),
    ] + ([("order billing ledger", f"/api/v1/orders/{order}/billing")] if order else []):
        times = []
        for _ in range(args.reads):
            status, _, took = call(base, args.token, "GET", path)
            assert status == 200, (label, status)
            times.append(took)
        print(f"{label}: p50 {statistics.median(times) * 1000:.1f} ms, p99 {percentile(times, 0.99) * 1000:.1f} ms ({args.reads} requests)")


if __name__ == "__main__":
    main()
