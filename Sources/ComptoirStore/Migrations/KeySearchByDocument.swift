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
        try await rebuild(
            on: sql, key: "doc_id INTEGER PRIMARY KEY, record_id UUID NOT NULL UNIQUE", order: "rowid",
            indexes: ["search_documents_title_idx ON search_documents (kind, title_folded)"],
            fts: "kind, title, body, content = '', contentless_delete = 1",
            fill:
                "INSERT INTO search_fts (rowid, kind, title, body) SELECT doc_id, \(SearchIndex.kindTokenSQL("kind")), title_folded, body_folded FROM search_documents"
        )
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        try await rebuild(
            on: sql, key: "record_id BLOB PRIMARY KEY", order: "doc_id",
            indexes: [
                "search_documents_kind_idx ON search_documents (kind)",
                "search_documents_title_idx ON search_documents (kind, title_folded)",
            ],
            fts: "record_id UNINDEXED, title, body",
            fill: "INSERT INTO search_fts (record_id, title, body) SELECT record_id, title_folded, body_folded FROM search_documents")
    }

    /// Copies the documents into a table with the given key columns (in `order`), replaces the old one and its
    /// full-text table, and fills the new full-text table with `fill`.
    private func rebuild(on sql: any SQLDatabase, key: String, order: String, indexes: [String], fts: String, fill: String) async throws {
        let columns = "record_id, kind, title, subtitle, title_folded, body_folded, archived"
        try await sql.raw(
            """
            CREATE TABLE search_documents_rebuilt (
                \(unsafeRaw: key), kind TEXT NOT NULL, title TEXT NOT NULL, subtitle TEXT NOT NULL,
                title_folded TEXT NOT NULL, body_folded TEXT NOT NULL, archived BOOLEAN NOT NULL)
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO search_documents_rebuilt (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM search_documents ORDER BY \(unsafeRaw: order)
            """
        ).run()
        try await sql.raw("DROP TABLE search_fts").run()
        try await sql.raw("DROP TABLE search_documents").run()
        try await sql.raw("ALTER TABLE search_documents_rebuilt RENAME TO search_documents").run()
        for index in indexes { try await sql.raw("CREATE INDEX \(unsafeRaw: index)").run() }
        try await sql.raw(
            """
            CREATE VIRTUAL TABLE search_fts USING fts5(\(unsafeRaw: fts), tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')
            """
        ).run()
        try await sql.raw("\(unsafeRaw: fill)").run()
    }
}
