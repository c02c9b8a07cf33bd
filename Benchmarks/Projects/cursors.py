#!/usr/bin/env python3
"""Follow nextCursor from /api/v1/projects?sort=margin&limit=50 for N pages; print the deep-page cursor
and check the visibility rule (a user sees public projects and private ones it is a member of)."""
import json, sys, time, urllib.request
base, token, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
url, cursor, seen, private, times = f"{base}/api/v1/projects?sort=margin&limit=50", None, 0, 0, []
for i in range(pages):
    u = url + (f"&cursor={cursor}" if cursor else "")
    t = time.perf_counter()
    d = json.load(urllib.request.urlopen(urllib.request.Request(u, headers={"Authorization": f"Bearer {token}"})))
    times.append((time.perf_counter() - t) * 1000)
    seen += len(d["items"]); private += sum(1 for x in d["items"] if x["visibility"] == "private")
    cursor = d.get("nextCursor")
    if not cursor: break
print(json.dumps({"pages": i + 1, "rows": seen, "private": private, "cursor": cursor,
                  "walk_ms_max": round(max(times), 2), "walk_ms_median": round(sorted(times)[len(times)//2], 2)}))
