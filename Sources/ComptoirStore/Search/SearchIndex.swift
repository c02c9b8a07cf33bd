import ComptoirCore
import FluentKit
import Foundation
import SQLKit

/// What the global search indexes for one record.
public struct SearchDocument: Sendable {
    public var recordID: UUID
    public var kind: String
    public var title: String
    public var subtitle: String
    /// Other words that find the record (identifiers, city, e-mail, linked names).
    public var body: String
    public var archived: Bool

    public init(recordID: UUID, kind: String, title: String, subtitle: String, body: String, archived: Bool) {
        self.recordID = recordID
        self.kind = kind
        self.title = title
        self.subtitle = subtitle
        self.body = body
        self.archived = archived
    }
}

public struct SearchResult: Sendable, Hashable {
    public var recordID: UUID
    public var kind: String
    public var title: String
    public var subtitle: String

    public init(recordID: UUID, kind: String, title: String, subtitle: String) {
        self.recordID = recordID
        self.kind = kind
        self.title = title
        self.subtitle = subtitle
    }
}

/// The search tables: `search_documents` on both databases, plus an FTS5 table on SQLite or a
/// (record ids are stored as the records' own ids are, so lists can filter with `id IN (…)`;)
/// generated `tsvector` with a GIN index on PostgreSQL. Text is folded in Swift (`foldForSearch`:
/// lower case, no accents, ligatures unfolded) before it reaches either engine, so both match alike.
enum SearchIndexSchema {
    static func create(on sql: any SQLDatabase) async throws {
        if sql.dialect.name == "postgresql" {
            try await sql.raw("""
                CREATE TABLE search_documents (
                    record_id UUID PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, subtitle TEXT NOT NULL,
                    title_folded TEXT NOT NULL, body_folded TEXT NOT NULL, archived BOOLEAN NOT NULL,
                    tsv TSVECTOR GENERATED ALWAYS AS (
                        setweight(to_tsvector('simple', title_folded), 'A') || setweight(to_tsvector('simple', body_folded), 'B')
                    ) STORED)
                """).run()
            try await sql.raw("CREATE INDEX search_documents_tsv_idx ON search_documents USING GIN (tsv)").run()
        } else {
            try await sql.raw("""
                CREATE TABLE search_documents (
                    record_id BLOB PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, subtitle TEXT NOT NULL,
                    title_folded TEXT NOT NULL, body_folded TEXT NOT NULL, archived BOOLEAN NOT NULL)
                """).run()
            try await sql.raw("""
                CREATE VIRTUAL TABLE search_fts USING fts5(
                    record_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')
                """).run()
        }
        try await sql.raw("CREATE INDEX search_documents_kind_idx ON search_documents (kind)").run()
    }

    static func drop(on sql: any SQLDatabase) async throws {
        if sql.dialect.name != "postgresql" { try await sql.raw("DROP TABLE search_fts").run() }
        try await sql.raw("DROP TABLE search_documents").run()
    }
}

/// Keeps the index in step with the records (call inside the write's transaction) and queries it.
public enum SearchIndex {
    public static func upsert(_ document: SearchDocument, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        let id = document.recordID
        let title = foldForSearch(document.title)
        let body = foldForSearch(document.body + " " + document.subtitle)
        try await remove(document.recordID, on: db)
        try await sql.raw("""
            INSERT INTO search_documents (record_id, kind, title, subtitle, title_folded, body_folded, archived)
            VALUES (\(bind: id), \(bind: document.kind), \(bind: document.title), \(bind: document.subtitle), \(bind: title), \(bind: body), \(bind: document.archived))
            """).run()
        if sql.dialect.name != "postgresql" {
            try await sql.raw("INSERT INTO search_fts (record_id, title, body) VALUES (\(bind: id), \(bind: title), \(bind: body))").run()
        }
    }

    public static func remove(_ recordID: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        let id = recordID
        try await sql.raw("DELETE FROM search_documents WHERE record_id = \(bind: id)").run()
        if sql.dialect.name != "postgresql" {
            try await sql.raw("DELETE FROM search_fts WHERE record_id = \(bind: id)").run()
        }
    }

    /// Words of a query, folded: "Société Gén" → ["societe", "gen"]. Only letters and digits survive,
    /// so no user input reaches the FTS5 or tsquery syntax.
    public static func tokens(_ text: String) -> [String] {
        foldForSearch(text)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map { String($0).filter { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            .filter { !$0.isEmpty }
            .prefix(8)
            .map { $0 }
    }

    /// The condition "the row's id is among the records matching `text`", for lists filtered by `q`.
    static func matchCondition(_ text: String, dialect: String) -> SQLQueryString {
        let words = tokens(text)
        guard !words.isEmpty else { return "1 = 1" }
        if dialect == "postgresql" {
            let tsquery = words.map { "\($0):*" }.joined(separator: " & ")
            return "\(ident: "id") IN (SELECT record_id FROM search_documents WHERE tsv @@ to_tsquery('simple', \(bind: tsquery)))"
        }
        let match = words.map { "\"\($0)\"*" }.joined(separator: " ")
        return "\(ident: "id") IN (SELECT record_id FROM search_fts WHERE search_fts MATCH \(bind: "{title body}: " + match))"
    }

    /// Prefix search over titles and bodies, ranked: titles starting with the query first, then relevance.
    public static func search(
        _ text: String, kinds: [String], limit: Int, includeArchived: Bool = false, on db: any Database
    ) async throws -> [SearchResult] {
        let words = tokens(text)
        guard !words.isEmpty, !kinds.isEmpty else { return [] }
        let sql = try TableStore.sqlDatabase(db)
        let startsWith = words.joined(separator: " ") + "%"
        let kindBinds: [any Encodable & Sendable] = kinds
        let archivedClause = includeArchived ? SQLQueryString("") : SQLQueryString(" AND d.archived = \(bind: false)")
        let query: SQLQueryString
        if sql.dialect.name == "postgresql" {
            let tsquery = words.map { "\($0):*" }.joined(separator: " & ")
            query = """
                SELECT d.record_id, d.kind, d.title, d.subtitle FROM search_documents d, to_tsquery('simple', \(bind: tsquery)) q
                WHERE d.tsv @@ q AND d.kind IN (\(binds: kindBinds))\(archivedClause)
                ORDER BY CASE WHEN d.title_folded LIKE \(bind: startsWith) THEN 0 ELSE 1 END, ts_rank(d.tsv, q) DESC, d.title
                LIMIT \(bind: limit)
                """
        } else {
            let match = words.map { "\"\($0)\"*" }.joined(separator: " ")
            query = """
                SELECT d.record_id, d.kind, d.title, d.subtitle FROM search_fts f JOIN search_documents d ON d.record_id = f.record_id
                WHERE search_fts MATCH \(bind: "{title body}: " + match) AND d.kind IN (\(binds: kindBinds))\(archivedClause)
                ORDER BY CASE WHEN d.title_folded LIKE \(bind: startsWith) THEN 0 ELSE 1 END, bm25(search_fts, 0.0, 10.0, 1.0), d.title
                LIMIT \(bind: limit)
                """
        }
        return try await sql.raw(query).all().map { row in
            SearchResult(
                recordID: try row.decode(column: "record_id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
                title: try row.decode(column: "title", as: String.self), subtitle: try row.decode(column: "subtitle", as: String.self))
        }
    }
}
