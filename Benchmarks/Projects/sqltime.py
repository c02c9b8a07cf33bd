#!/usr/bin/env python3
"""The list query alone (as TableStore.list builds it), admin vs user, page 1 and after 50 pages, timed in-process."""
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1]); u = db.execute("SELECT id FROM users WHERE email = 'user@b.test'").fetchone()[0]
cols = "id, title, code, description, starts_on, ends_on, status, visibility, is_template, owner_id, sales_total, purchases_total, margin, archived, created_at, updated_at"
base = f"SELECT {cols} FROM projects WHERE archived = ? AND is_template = ?"
vis = " AND (visibility = 'public' OR id IN (SELECT project_id FROM project_users WHERE user_id = ?))"
order = " ORDER BY margin ASC, id ASC LIMIT 51"
def cursor(q, args):
    rows = []; c = None
    for _ in range(50):
        extra, a = ("", []) if c is None else (" AND (margin > ? OR (margin = ? AND id > ?))", [c[0], c[0], c[1]])
        r = db.execute(q + extra + order, args + a).fetchall(); c = (r[49][12], r[49][0])
    return c
def t(name, q, args, n=300):
    ts = []
    for _ in range(n):
        s = time.perf_counter(); db.execute(q, args).fetchall(); ts.append((time.perf_counter() - s) * 1e6)
    ts.sort(); print(f"sql {name:10s} p50={ts[n//2]:7.0f}us p99={ts[int(n*.99)]:7.0f}us")
    return ts[n//2]
ca = cursor(base, [0, 0]); cu = cursor(base + vis, [0, 0, u])
deep = " AND (margin > ? OR (margin = ? AND id > ?))"
r = [t("admin-p1", base + order, [0, 0]), t("user-p1", base + vis + order, [0, 0, u]),
     t("admin-p51", base + deep + order, [0, 0, ca[0], ca[0], ca[1]]), t("user-p51", base + vis + deep + order, [0, 0, u, cu[0], cu[0], cu[1]])]
print(f"sql user/admin p50 ratio: p1 {r[1]/r[0]:.2f}, p51 {r[3]/r[2]:.2f}")
for line in db.execute("EXPLAIN QUERY PLAN " + base + vis + deep + order, [0, 0, u, cu[0], cu[0], cu[1]]): print("plan", line[3])
