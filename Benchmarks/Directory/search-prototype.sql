-- Suggested typeahead tables and indexes (see BENCHMARKS.md, Directory). Used by search-prototype.sh on a
-- scratch copy of the benchmark data only; not a migration of the application.
-- One row per distinct word of a record's folded title, so a word prefix is a B-tree range.

-- SQLite
CREATE TABLE search_words (
    record_id BLOB NOT NULL, kind TEXT NOT NULL, word TEXT NOT NULL, title_folded TEXT NOT NULL, archived BOOLEAN NOT NULL);
CREATE INDEX search_words_prefix_idx ON search_words (kind, word, title_folded) WHERE archived = 0;
CREATE INDEX search_words_record_idx ON search_words (record_id);
CREATE INDEX search_documents_title_idx ON search_documents (kind, title_folded);

-- PostgreSQL
CREATE TABLE search_words (
    record_id UUID NOT NULL, kind TEXT NOT NULL, word TEXT NOT NULL, title_folded TEXT NOT NULL, archived BOOLEAN NOT NULL);
CREATE INDEX search_words_prefix_idx ON search_words (kind, word, title_folded, record_id) WHERE NOT archived;
CREATE INDEX search_words_record_idx ON search_words (record_id);
CREATE INDEX search_documents_title_idx ON search_documents (kind, title_folded);
