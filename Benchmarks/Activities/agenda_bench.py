#!/usr/bin/env python3
"""Helpers for Benchmarks/Activities/run.sh (standard library only; loopback HTTP).

  agenda_bench.py dates ANCHOR                      -> shell assignments: the week and month shown around ANCHOR
  agenda_bench.py session BASE EMAIL PASSWORD       -> shell assignments: session cookie and a new ICS feed token
  agenda_bench.py bookings BASE TOKEN FIXTURES N OUT -> times booking attempts (POST /interactions/<id>/resources)
"""
import base64
import datetime as dt
import http.client
import json
import re
import shlex
import statistics
import sys
import time
import urllib.parse


def connection(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=120)


def cookies_of(response):
    jar = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            jar[key.strip()] = val.strip()
    return jar


def cookie_header(jar):
    return "; ".join(f"{k}={v}" for k, v in jar.items() if v)


def csrf_in(html):
    match = re.search(r'name="_csrf"\s+value="([^"]+)"', html) or re.search(r'value="([^"]+)"\s+name="_csrf"', html)
    if not match:
        sys.exit("no _csrf field in the page")
    return match.group(1)


def dates(anchor_text):
    anchor = dt.date.fromisoformat(anchor_text)
    week_day = anchor + dt.timedelta(days=2)
    week_from = week_day - dt.timedelta(days=week_day.weekday())
    week_to = week_from + dt.timedelta(days=7)
    month_day = anchor + dt.timedelta(days=15)
    first = month_day.replace(day=1)
    month_from = first - dt.timedelta(days=first.weekday())
    next_first = (first + dt.timedelta(days=32)).replace(day=1)
    last = next_first - dt.timedelta(days=1)
    month_to = last + dt.timedelta(days=7 - last.weekday())
    values = {
        "week_date": week_day.isoformat(), "week_from": week_from.isoformat(), "week_to": week_to.isoformat(),
        "month_date": month_day.isoformat(), "month_from": month_from.isoformat(), "month_to": month_to.isoformat(),
    }
    for key, value in values.items():
        print(f"{key}={shlex.quote(value)}")


def session(base, email, password):
    conn = connection(base)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    jar = cookies_of(response)
    body = urllib.parse.urlencode({"email": email, "password": password, "_csrf": csrf_in(page)})
    conn.request("POST", "/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)})
    response = conn.getresponse()
    response.read()
    jar.update(cookies_of(response))
    if response.status not in (302, 303) or not jar.get("comptoir_session"):
        sys.exit(f"sign-in failed: {response.status}")
    # A feed of one's own agenda, created as a user does it (« Abonnements ICS » › « Mon agenda »).
    conn.request("GET", "/agenda/feeds", headers={"Cookie": cookie_header(jar)})
    response = conn.getresponse()
    page = response.read().decode()
    if response.status != 200:
        sys.exit(f"GET /agenda/feeds answered {response.status}")
    body = urllib.parse.urlencode({"kind": "user", "_csrf": csrf_in(page)})
    conn.request("POST", "/agenda/feeds", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)})
    response = conn.getresponse()
    page = response.read().decode()
    match = re.search(r"/ics/([A-Za-z0-9_\-]+)\.ics", page)
    if response.status != 200 or not match:
        sys.exit(f"POST /agenda/feeds answered {response.status} without a feed URL")
    print(f"session_cookie={shlex.quote(jar['comptoir_session'])}")
    print(f"ics_token={shlex.quote(match.group(1))}")


def flash_kind(response):
    raw = cookies_of(response).get("comptoir_flash")
    if not raw:
        return None
    try:
        return json.loads(base64.b64decode(urllib.parse.unquote(raw)))["kind"]
    except Exception:
        return "?"


def summary(name, times, note):
    times = sorted(times)
    n = len(times)
    pick = lambda p: times[min(n - 1, max(0, int(round(p / 100 * n + 0.5)) - 1))]
    return {
        "case": name, "n": n, "p50": pick(50), "p90": pick(90), "p99": pick(99), "max": times[-1],
        "mean": statistics.fmean(times), "note": note,
    }


def bookings(base, token, fixtures_path, repeats, out_path):
    fixtures = json.load(open(fixtures_path))
    conn = connection(base)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/x-www-form-urlencoded"}

    def post(interaction, body):
        start = time.perf_counter()
        conn.request("POST", f"/interactions/{interaction}/resources", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 303:
            sys.exit(f"POST /interactions/{interaction}/resources answered {response.status}")
        return elapsed, flash_kind(response)

    def livez():
        start = time.perf_counter()
        conn.request("GET", "/livez")
        response = conn.getresponse()
        response.read()
        return (time.perf_counter() - start) * 1000

    results = []
    results.append(summary("livez (same connection)", [livez() for _ in range(repeats)], "GET, no database"))

    def book(name, attempt, expect, undo, runs):
        if attempt is None:
            print(f"{name}: no fixture, skipped", file=sys.stderr)
            return
        interaction, resource = attempt["interaction"].lower(), attempt["resource"].lower()
        add = f"resources%5B%5D={resource}"
        timed, undone = [], []
        for _ in range(runs):
            elapsed, kind = post(interaction, add)
            if kind != expect:
                sys.exit(f"{name}: expected a {expect} flash, got {kind}")
            timed.append(elapsed)
            if undo:
                elapsed, kind = post(interaction, "")
                if kind != "success":
                    sys.exit(f"{name}: removing the resource did not succeed ({kind})")
                undone.append(elapsed)
        windows = attempt["windows"]
        what = "single interaction" if not attempt.get("rrule") else f"series {attempt['rrule']}"
        if expect == "success":
            note = f"{what}: {windows} window(s) checked and booked"
        else:
            note = f"{what}: refused at window {attempt['conflictAt'] + 1} of {windows}, rolled back"
        results.append(summary(name, timed, note))
        if undo:
            results.append(summary(name.replace("accepted", "released"), undone, f"removing it again ({windows} booking(s) deleted)"))

    # The fixed cost of the route: the chosen set is the current one (no resource), nothing is written.
    single = fixtures.get("singleAccepted")
    if single:
        noop = [post(single["interaction"].lower(), "")[0] for _ in range(repeats)]
        results.append(summary("unchanged set (no write)", noop, "same route, same set: authentication, reads, no transaction"))
    book("single accepted", single, "success", True, repeats)
    book("single refused", fixtures.get("singleRefused"), "error", False, repeats)
    series_runs = max(10, repeats // 4)
    book("series accepted", fixtures.get("seriesAccepted"), "success", True, series_runs)
    book("series refused", fixtures.get("seriesRefused"), "error", False, series_runs)
    results.append(summary("livez (same connection, after)", [livez() for _ in range(repeats)], "GET, no database"))
    json.dump(results, open(out_path, "w"), indent=2)
    print(f"{'case':32} {'n':>4} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'mean ms':>8}  what")
    for r in results:
        print(f"{r['case']:32} {r['n']:>4} {r['p50']:8.2f} {r['p90']:8.2f} {r['p99']:8.2f} {r['max']:8.2f} {r['mean']:8.2f}  {r['note']}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "dates":
        dates(sys.argv[2])
    elif command == "session":
        session(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "bookings":
        bookings(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    else:
        sys.exit(__doc__)
