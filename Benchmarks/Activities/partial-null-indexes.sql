-- Experiment for Benchmarks/Activities/run.sh --sql (no code change): the indexes on nullable columns that the
-- agenda filters with IS NULL become partial (WHERE col IS NOT NULL). SQLite has no statistics by default and
-- takes `series_id IS NULL` for a selective equality, so it walks interactions_series_idx over every single
-- interaction; with a partial index it cannot, and uses the owner index and the participants instead. Lookups by
-- series (`series_id IN (…)`, `series_id = ?`) still use the partial index. Same for project_id.
DROP INDEX interactions_series_idx;
CREATE INDEX interactions_series_idx ON interactions (series_id) WHERE series_id IS NOT NULL;
DROP INDEX IF EXISTS interactions_project_idx;
CREATE INDEX interactions_project_idx ON interactions (project_id) WHERE project_id IS NOT NULL;
