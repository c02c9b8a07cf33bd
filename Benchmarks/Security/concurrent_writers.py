#!/usr/bin/env python3
"""Concurrent writers against a running Comptoir (loopback only): for each write route, W writer threads each send
N requests at once; counts 5xx (« database is locked » was one), other non-2xx answers, and requests per second,
for 1 writer and for 8 writers in the same run.

  python3 Benchmarks/Security/concurrent_writers.py --port 18080 --token TOKEN [--requests 25] [--writers 1,8]

Prints a Markdown table; exits 1 if any request answered 5xx or failed at the socket.
"""
import argparse, http.client, json, sys, threading, time, uuid

def call(port, token, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, "/api/v1" + path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read()
        return response.status, text
    except Exception as error:  # a dropped connection counts as a failure
        return 0, str(error).encode()
    finally:
        conn.close()

def created(port, token, path, body):
    status, text = call(port, token, "POST", path, body)
    if status != 201:
        sys.exit(f"setup {path}: {status} {text[:200]!r}")
    return json.loads(text)["id"]

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--token", required=True)
    parser.add_argument("--requests", type=int, default=25, help="requests per writer and route")
    parser.add_argument("--writers", default="1,8")
    args = parser.parse_args()
    port, token = args.port, args.token

    # Records the writes work on.
    companies = [created(port, token, "/companies", {"name": f"Charge SA {i}", "billingPostcode": "69002"}) for i in range(8)]
    contacts = [created(port, token, "/contacts", {"lastName": f"Charge {i}"}) for i in range(8)]
    tags = [created(port, token, "/tags", {"name": f"Charge {uuid.uuid4().hex[:8]}"}) for _ in range(2)]
    project = created(port, token, "/projects", {"title": "Charge projet", "visibility": "public"})
    interactions = [created(port, token, "/interactions", {"typeId": "00000000-0000-4000-a000-000000000102", "subject": f"Charge {i}",
                                                          "startsAt": "2026-12-10T10:00:00+01:00"}) for i in range(8)]

    def unique():
        return uuid.uuid4().hex[:10]

    routes = [
        ("POST /companies", lambda w, i: ("POST", "/companies", {"name": f"Société {unique()}", "billingPostcode": "75001"})),
        ("PATCH /companies/:id", lambda w, i: ("PATCH", f"/companies/{companies[(w + i) % 8]}", {"phone": f"+3347812{(w * 1000 + i) % 10000:04d}"})),
        ("POST /contacts", lambda w, i: ("POST", "/contacts", {"lastName": f"Contact {unique()}"})),
        ("PUT /contacts/:id/tags", lambda w, i: ("PUT", f"/contacts/{contacts[(w + i) % 8]}/tags", {"tags": [tags[i % 2]]})),
        ("POST /contacts/:id/companies", lambda w, i: ("POST", f"/contacts/{contacts[(w + i) % 8]}/companies",
                                                       {"companyId": companies[i % 8], "role": f"Rôle {unique()}"})),
        ("POST /interactions", lambda w, i: ("POST", "/interactions", {"typeId": "00000000-0000-4000-a000-000000000102",
                                                                         "subject": f"Rendez-vous {unique()}", "startsAt": "2026-12-11T10:00:00+01:00"})),
        ("PATCH /interactions/:id", lambda w, i: ("PATCH", f"/interactions/{interactions[(w + i) % 8]}", {"subject": f"Suivi {unique()}"})),
        ("POST /projects/:id/members", lambda w, i: ("POST", f"/projects/{project}/members", {"kind": "contacts", "id": contacts[(w + i) % 8], "role": "Client"})),
    ]

    rows, failures = [], 0
    for name, make in routes:
        for writers in [int(x) for x in args.writers.split(",")]:
            results = []
            lock = threading.Lock()
            def writer(w):
                local = []
                for i in range(args.requests):
                    method, path, body = make(w, i)
                    local.append(call(port, token, method, path, body)[0])
                with lock:
                    results.extend(local)
            threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
            start = time.monotonic()
            for thread in threads: thread.start()
            for thread in threads: thread.join()
            elapsed = time.monotonic() - start
            errors = sum(1 for s in results if s == 0 or s >= 500)
            other = sum(1 for s in results if 300 <= s < 500)
            failures += errors
            statuses = ", ".join(f"{s}×{results.count(s)}" for s in sorted(set(results)))
            rows.append((name, writers, len(results), errors, other, len(results) / elapsed, statuses))
    print("| route | writers | requests | 5xx or dropped | other 3xx/4xx | req/s | statuses |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, writers, count, errors, other, rate, statuses in rows:
        print(f"| `{name}` | {writers} | {count} | {errors} | {other} | {rate:.0f} | {statuses} |")
    print(f"\nconcurrent-writers: {sum(r[2] for r in rows) - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)

if __name__ == "__main__":
    main()
