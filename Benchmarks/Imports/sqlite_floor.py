"""SQLite's own floor for what an import of the benchmark file writes (issue #6): the same rows the importer
writes (companies, contacts, links, tag links, search documents and their FTS5 rows) into the real schema,
prepared beforehand in Python so that only SQLite's work is timed.

    python sqlite_floor.py MODE ROWS FILE.csv MIGRATED.sqlite WORKDIR

MODE: live (executemany, chunks of CHUNK rows per transaction, indexes in place), stage-live (the rows first
copied into a staging database, then INSERT ... SELECT by chunk: no binding cost at all), bulk / stage-bulk (one
transaction, secondary indexes dropped first and rebuilt at the end). Environment: CHUNK (5000), CACHE_MIB (64).
Needs SQLite >= 3.43 (contentless_delete FTS5): `pip install pysqlite3-binary`.
"""
try:
    import pysqlite3 as s
except ImportError:
    import sqlite3 as s
import csv, sys, time, shutil, os
mode = sys.argv[1]; n = int(sys.argv[2]); path = sys.argv[3]; template = sys.argv[4]; work = sys.argv[5]
db = os.path.join(work, f'{mode}.sqlite')
for suf in ['', '-wal', '-shm']:
    try: os.remove(db+suf)
    except FileNotFoundError: pass
shutil.copy(template, db)
counter = [0]
def nid():
    counter[0] += 1
    return '0190B2C4-%04X-7000-8000-%012X' % (counter[0] >> 48, counter[0] & 0xffffffffffff)
marks = []
batch = nid(); stamp = 1764460800.0
companies = {}; comp_rows = []; contacts = []; links = []; ctags = []; tags = {}; docs = []
t0 = time.time()
with open(path, encoding='cp1252', newline='') as f:
    r = csv.reader(f, delimiter=';'); next(r)
    for i, row in enumerate(r):
        if i >= n: break
        if i % 5000 == 0: marks.append((len(comp_rows), len(contacts), len(links), len(ctags), len(docs)))
        name, siret, addr, cp, city, tel, civ, first, last, job, email, mob, birth, role, centres = row
        cid = companies.get(siret)
        if cid is None:
            cid = nid(); companies[siret] = cid
            comp_rows.append((cid, name, name.lower(), name.lower(), siret, siret[:9], addr, cp, city, 'FR', tel, 1, 0, 0, 0, None, batch, stamp, stamp))
            docs.append((cid, 'companies', name, city, name.lower(), f'{name} {siret} {city} {tel}'.lower(), 0))
        pid = nid()
        d, m, y = birth.split('/') if birth else (None, None, None)
        contacts.append((pid, civ, first, last, last.lower(), f'{first} {last}', f'{first} {last}'.lower(), job, email.lower(), mob, cp, y and f'{y}-{m}-{d}', None, 0, stamp, stamp, batch))
        docs.append((pid, 'contacts', f'{first} {last}', name, f'{first} {last}'.lower(), f'{email} {mob} {name}'.lower(), 0))
        links.append((nid(), pid, cid, role, stamp))
        for t in [x.strip() for x in centres.split(';') if x.strip()]:
            tid = tags.get(t)
            if tid is None: tid = nid(); tags[t] = tid
            ctags.append((nid(), pid, tid))
marks.append((len(comp_rows), len(contacts), len(links), len(ctags), len(docs)))
print(f'prepared {n} rows in {time.time()-t0:.1f}s: {len(comp_rows)} companies {len(ctags)} tag links', flush=True)
c = s.connect(db, isolation_level=None)
c.execute('pragma journal_mode=wal'); c.execute('pragma synchronous=normal'); c.execute('pragma foreign_keys=on'); c.execute('pragma defer_foreign_keys=on')
c.execute('pragma cache_size=-%d' % (1024*int(os.environ.get('CACHE_MIB','64')))); c.execute('pragma temp_store=memory'); c.execute('pragma mmap_size=2147483648')
c.execute('begin')
for name, tid in tags.items(): c.execute('insert into tags (id,name,parent_id,path,created_at,updated_at) values (?,?,NULL,?,?,?)', (tid, name, name, stamp, stamp))
c.execute('commit')
Q = {
 'companies': 'insert into companies (id,name,name_folded,name_sort,siret,siren,billing_line1,billing_postcode,billing_city,billing_country,phone,is_prospect,is_client,is_supplier,archived,owner_id,import_batch_id,created_at,updated_at) values (' + ','.join('?'*19) + ')',
 'contacts': 'insert into contacts (id,civility,first_name,last_name,last_name_sort,display_name,display_name_sort,job_title,email,mobile,address_postcode,birth_date,owner_id,archived,created_at,updated_at,import_batch_id) values (' + ','.join('?'*17) + ')',
 'links': 'insert into contact_companies (id,contact_id,company_id,role,created_at) values (?,?,?,?,?)',
 'ctags': 'insert into contact_tags (id,contact_id,tag_id) values (?,?,?)',
 'docs': 'insert into search_documents (record_id,kind,title,subtitle,title_folded,body_folded,archived) values (?,?,?,?,?,?,?)',
}
staged = mode.startswith('stage')
if staged:
    c.execute("attach ? as st", (os.path.join(work, 'stage.sqlite'),))
    cols = {'companies': 19, 'contacts': 17, 'links': 5, 'ctags': 3, 'docs': 7}
    for k, lst in [('companies', comp_rows), ('contacts', contacts), ('links', links), ('ctags', ctags), ('docs', docs)]:
        c.execute(f'drop table if exists st.{k}')
        c.execute(f'create table st.{k} (' + ','.join(f'c{i}' for i in range(cols[k])) + ')')
        c.execute('begin'); c.executemany(f'insert into st.{k} values (' + ','.join('?'*cols[k]) + ')', lst); c.execute('commit')
    def target(q): return q.split(' values ')[0]
    print('staged', flush=True)
spent = {k: 0.0 for k in list(Q) + ['fts', 'commit', 'drop', 'create']}
def tick(k, t): spent[k] += time.time() - t
start = time.time()
indexes = []
import os
chunk = int(os.environ.get('CHUNK', '5000')) if mode in ('live', 'stage-live') else n
if mode in ('bulk', 'stage-bulk'):
    c.execute('begin'); c.execute('pragma defer_foreign_keys=on')
    t = time.time()
    indexes = c.execute("select name, sql from sqlite_master where type='index' and sql is not null and tbl_name in ('contacts','companies','contact_companies','contact_tags','search_documents')").fetchall()
    for name, _ in indexes: c.execute(f'drop index "{name}"')
    tick('drop', t)
# chunk by input rows: approximate with proportional slices
KI = {'companies':0,'contacts':1,'links':2,'ctags':3,'docs':4}
def sl(lst, a, b, tot, k): return lst[marks[a//5000][KI[k]]: marks[(b+4999)//5000][KI[k]]]
for a in range(0, n, chunk):
    b = min(n, a + chunk)
    if mode in ('live', 'stage-live'): c.execute('begin'); c.execute('pragma defer_foreign_keys=on')
    for k, lst in [('companies', comp_rows), ('contacts', contacts), ('links', links), ('ctags', ctags)]:
        t = time.time()
        if staged:
            lo, hi = marks[a//5000][KI[k]], marks[(b+4999)//5000][KI[k]]
            c.execute(target(Q[k]) + f' select * from st.{k} where rowid > ? and rowid <= ?', (lo, hi))
        else: c.executemany(Q[k], sl(lst, a, b, n, k))
        tick(k, t)
    t = time.time()
    before = c.execute('select coalesce(max(doc_id),0) from search_documents').fetchone()[0]
    if staged:
        lo, hi = marks[a//5000][4], marks[(b+4999)//5000][4]
        c.execute(target(Q['docs']) + ' select * from st.docs where rowid > ? and rowid <= ?', (lo, hi))
    else: c.executemany(Q['docs'], sl(docs, a, b, n, 'docs'))
    tick('docs', t)
    t = time.time()
    c.execute("insert into search_fts (rowid, kind, title, body) select doc_id, '0'||kind, title_folded, body_folded from search_documents where doc_id > ?", (before,)); tick('fts', t)
    if mode in ('live', 'stage-live'):
        t = time.time(); c.execute('commit'); tick('commit', t)
if mode in ('bulk', 'stage-bulk'):
    t = time.time()
    for _, sql in indexes: c.execute(sql)
    tick('create', t)
    t = time.time(); c.execute('commit'); tick('commit', t)
total = time.time() - start
print(f'{mode} {n}: {total:.1f}s = {n/total:.0f} rows/s;', ', '.join(f'{k} {v:.1f}' for k, v in spent.items()))
