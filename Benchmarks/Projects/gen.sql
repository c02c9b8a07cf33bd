-- Projects benchmark data (run with: sqlite3 D/comptoir.sqlite < gen.sql, after `comptoir migrate`
-- and after creating admin@b.test and user@b.test). IDs are upper-case TEXT UUIDs, as the app stores them.
-- 10,000 projects (70 % public), 200 filler users, 12,000 contacts, 8,000 companies,
-- ~50 members per project on average: 5 users + 30 contacts + 15 companies = 500,000 link rows,
-- and user@b.test member of ~10 % of the private projects.
-- Sort keys (`*_sort`) are `frenchSortKey` of these ASCII names, written out.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
.bail on
BEGIN;
CREATE TEMP TABLE seq(n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < 11999) INSERT INTO seq SELECT n FROM c;

-- filler users (not loginable: bogus hash)
INSERT INTO users (id, email, name, locale, role, read_only, active, password_hash, must_change_password, created_at, updated_at)
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), 'filler' || n || '@b.test', 'Filler ' || n, 'fr', 'user', 0, 1, 'x', 0, 1764000000.0, 1764000000.0 FROM seq WHERE n < 200;
CREATE TEMP TABLE fusers AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM users WHERE email LIKE 'filler%';

INSERT INTO contacts (id, last_name, last_name_sort, display_name, display_name_sort, archived, created_at, updated_at)
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), 'Nom' || n, 'nom' || n, 'Contact ' || n, 'contact ' || n, 0, 1764000000.0 + n, 1764000000.0 + n FROM seq;
CREATE TEMP TABLE fcontacts AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM contacts;

INSERT INTO companies (id, name, name_folded, name_sort, is_prospect, is_client, is_supplier, archived, created_at, updated_at)
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), 'Société ' || n, 'societe ' || n, 'societe ' || n || char(1) || 'société ' || n, 0, 1, n % 5 = 0, 0, 1764000000.0 + n, 1764000000.0 + n FROM seq WHERE n < 8000;
CREATE TEMP TABLE fcompanies AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM companies;

-- projects: sales 0..2,000,000 cents, purchases 0..1,600,000 → ~30 % negative margins
CREATE TEMP TABLE p AS
SELECT n, upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS id, abs(random()) % 2000000 AS sales, abs(random()) % 1600000 AS purchases,
       CASE WHEN abs(random()) % 10 < 7 THEN 'public' ELSE 'private' END AS visibility
FROM seq WHERE n < 10000;
INSERT INTO projects (id, title, title_sort, code, status, visibility, is_template, owner_id, sales_total, purchases_total, margin, archived, created_at, updated_at)
SELECT id, 'Projet ' || n, 'projet ' || n, 'P' || n, 'open', visibility, 0, NULL, sales, purchases, sales - purchases, 0, 1764000000.0 + n * 60, 1764000000.0 + n * 60 FROM p;

-- members: 5 filler users, 30 contacts, 15 companies per project (distinct by construction)
INSERT INTO project_users (id, project_id, user_id, role, created_at)
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), p.id, u.id, 'membre', 1764000000.0 FROM p JOIN seq s ON s.n < 5 JOIN fusers u ON u.k = (p.n * 7 + s.n * 37) % 200;
INSERT INTO project_contacts (id, project_id, contact_id, role, created_at)
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), p.id, c.id, 'contact', 1764000000.0 FROM p JOIN seq s ON s.n < 30 JOIN fcontacts c ON c.k = (p.n * 13 + s.n * 397) % 12000;
INSERT INTO project_companies (id, project_id, company_id, role, created_at)
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), p.id, c.id, 'client', 1764000000.0 FROM p JOIN seq s ON s.n < 15 JOIN fcompanies c ON c.k = (p.n * 11 + s.n * 521) % 8000;

-- the benchmark user: member of every 10th private project
INSERT INTO project_users (id, project_id, user_id, role, created_at)
SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))), p.id, (SELECT id FROM users WHERE email = 'user@b.test'), 'membre', 1764000000.0
FROM (SELECT id, row_number() OVER (ORDER BY n) AS r FROM p WHERE visibility = 'private') p WHERE r % 10 = 0;
COMMIT;
ANALYZE;
SELECT 'projects', count(*), sum(visibility = 'public'), sum(margin < 0) FROM projects;
SELECT 'project_users', count(*) FROM project_users;
SELECT 'project_contacts', count(*) FROM project_contacts;
SELECT 'project_companies', count(*) FROM project_companies;
SELECT 'user member of', count(*) FROM project_users WHERE user_id = (SELECT id FROM users WHERE email = 'user@b.test');
