import FluentKit
import SQLKit

/// SQLite's search index keyed by integers, with the kind inside the full-text index (issue #3, typeahead and
/// `?q=` lists at 1M contacts). Before, the FTS5 table kept its own copy of every record id and text, and each
/// match cost a random read of its `search_documents` row by a 36-character key to learn its kind — so a
/// contacts' search walked past every company match. Now:
/// - `search_documents.doc_id INTEGER PRIMARY KEY` is the FTS5 rowid: a match reads its document by integer key;
/// - `search_fts` is contentless (`content=''`, `contentless_delete=1`: the text lives in `search_documents`
///   only) and has a `kind` column holding `SearchIndex.kindToken(kind)`, matched in the query, so the engine
///   returns only the wanted kinds;
/// - `record_id` is declared `UUID` like the records' ids (same column affinity), so lists can compare
///   `contacts.id` with it through its index.
/// PostgreSQL is unchanged (its `tsvector` lives in the row).
struct KeySearchByDocument: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        try await sql.raw("""
            CREATE TABLE search_documents_keyed (
                doc_id INTEGER PRIMARY KEY, record_id UUID NOT NULL UNIQUE, kind TEXT NOT NULL, title TEXT NOT NULL,
                subtitle TEXT NOT NULL, title_folded TEXT NOT NULL, body_folded TEXT NOT NULL, archived BOOLEAN NOT NULL)
            """).run()
        try await sql.raw("""
            INSERT INTO search_documents_keyed (record_id, kind, title, subtitle, title_folded, body_folded, archived)
            SELECT record_id, kind, title, subtitle, title_folded, body_folded, archived FROM search_documents ORDER BY rowid
            """).run()
        try await sql.raw("DROP TABLE search_fts").run()
        try await sql.raw("DROP TABLE search_documents").run()
        try await sql.raw("ALTER TABLE search_documents_keyed RENAME TO search_documents").run()
        try await sql.raw("CREATE INDEX search_documents_title_idx ON search_documents (kind, title_folded)").run()
        try await sql.raw("""
            CREATE VIRTUAL TABLE search_fts USING fts5(
                kind, title, body, content = '', contentless_delete = 1,
                tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')
            """).run()
        try await sql.raw("""
            INSERT INTO search_fts (rowid, kind, title, body)
            SELECT doc_id, \(unsafeRaw: SearchIndex.kindTokenSQL("kind")), title_folded, body_folded FROM search_documents
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        try await sql.raw("""
            CREATE TABLE search_documents_text (
                record_id BLOB PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, subtitle TEXT NOT NULL,
                title_folded TEXT NOT NULL, body_folded TEXT NOT NULL, archived BOOLEAN NOT NULL)
            """).run()
        try await sql.raw("""
            INSERT INTO search_documents_text (record_id, kind, title, subtitle, title_folded, body_folded, archived)
            SELECT record_id, kind, title, subtitle, title_folded, body_folded, archived FROM search_documents ORDER BY doc_id
            """).run()
        try await sql.raw("DROP TABLE search_fts").run()
        try await sql.raw("DROP TABLE search_documents").run()
        try await sql.raw("ALTER TABLE search_documents_text RENAME TO search_documents").run()
        try await sql.raw("CREATE INDEX search_documents_kind_idx ON search_documents (kind)").run()
        try await sql.raw("CREATE INDEX search_documents_title_idx ON search_documents (kind, title_folded)").run()
        try await sql.raw("""
            CREATE VIRTUAL TABLE search_fts USING fts5(
                record_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')
            """).run()
        try await sql.raw("INSERT INTO search_fts (record_id, title, body) SELECT record_id, title_folded, body_folded FROM search_documents").run()
    }
}
