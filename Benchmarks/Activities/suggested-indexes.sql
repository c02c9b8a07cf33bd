-- The indexes of the fix suggested in BENCHMARKS.md (## Activities), for plans.sh and run.sh --sql.
-- Same text on SQLite and PostgreSQL.
-- 1. Nullable columns the agenda filters with IS NULL get partial indexes, so SQLite (no statistics) no longer
--    walks them as if `IS NULL` were selective; lookups by value still use them.
DROP INDEX interactions_series_idx;
CREATE INDEX interactions_series_idx ON interactions (series_id) WHERE series_id IS NOT NULL;
DROP INDEX IF EXISTS interactions_project_idx;
CREATE INDEX interactions_project_idx ON interactions (project_id) WHERE project_id IS NOT NULL;
-- 2. The agenda's two reads get their own covering partial indexes, led by the start time: single interactions
--    (read with a lower bound, starts_at >= from - 7 days) and series masters (5,000 rows in all).
CREATE INDEX interactions_agenda_single_idx ON interactions (starts_at, ends_at, owner_id, archived, project_id, id)
    WHERE rrule IS NULL AND series_id IS NULL;
CREATE INDEX interactions_agenda_series_idx ON interactions (starts_at, owner_id, archived, project_id, id)
    WHERE rrule IS NOT NULL AND series_id IS NULL;
