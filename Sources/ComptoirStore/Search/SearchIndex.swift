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

    /// Rows read from the full-text engine per search and kind, before ranking: ranking every match of a
    /// short common prefix (« martin » matches tens of thousands of records) is what made typeahead slow, and
    /// each candidate costs a random read of its search_documents row (~0.05 ms on SQLite at 1.2M rows).
    static func candidateLimit(_ limit: Int) -> Int { max(3 * limit, 30) }

    /// Prefix search over titles and bodies, ranked: titles starting with the query first (in title order,
    /// a range of `search_documents_title_idx`), then, among the first `candidateLimit` matches of the
    /// engine, records with every word in their title, then the others, each group shortest text first.
    public static func search(
        _ text: String, kinds: [String], limit: Int, includeArchived: Bool = false, on db: any Database
    ) async throws -> [SearchResult] {
        let words = tokens(text)
        guard !words.isEmpty, !kinds.isEmpty, limit > 0 else { return [] }
        let sql = try TableStore.sqlDatabase(db)
        let postgres = sql.dialect.name == "postgresql"
        let kindBinds: [any Encodable & Sendable] = kinds
        let archivedClause = includeArchived ? SQLQueryString("") : SQLQueryString(" AND d.archived = \(bind: false)")

        // 1. Titles starting with the whole query: title_folded in [prefix, prefix with its last letter + 1).
        // Words are ASCII letters and digits, so that range is exactly the titles starting with the prefix
        // (byte order: COLLATE "C" on PostgreSQL, SQLite's default BINARY).
        let prefix = words.joined(separator: " ")
        let last = prefix.unicodeScalars.last!
        let upper = String(prefix.unicodeScalars.dropLast()) + String(Character(Unicode.Scalar(last.value + 1)!))
        let title = postgres ? "d.title_folded COLLATE \"C\"" : "d.title_folded"
        var results = try await sql.raw("""
            SELECT d.record_id, d.kind, d.title, d.subtitle FROM search_documents d
            WHERE d.kind IN (\(binds: kindBinds)) AND \(unsafeRaw: title) >= \(bind: prefix) AND \(unsafeRaw: title) < \(bind: upper)\(archivedClause)
            ORDER BY \(unsafeRaw: title) LIMIT \(bind: limit)
            """).all().map(result)
        guard results.count < limit else { return results }

        // 2. and 3. Other matches, from the first candidateLimit(limit) rows the engine gives: those with every
        // word in their title first, then the others. One-letter words would make the engine merge every term
        // starting with that letter: when a longer word is there, they are checked on the candidates instead.
        let engineWords = words.contains { $0.count > 1 } ? words.filter { $0.count > 1 } : words
        let checkedWords = words.filter { !engineWords.contains($0) }
        let query: SQLQueryString
        if postgres {
            let tsquery = engineWords.map { "\($0):*" }.joined(separator: " & ")
            query = """
                SELECT d.record_id, d.kind, d.title, d.subtitle, d.title_folded, d.body_folded
                FROM search_documents d, to_tsquery('simple', \(bind: tsquery)) q
                WHERE d.tsv @@ q AND d.kind IN (\(binds: kindBinds))\(archivedClause)
                LIMIT \(bind: candidateLimit(limit))
                """
        } else {
            let match = engineWords.map { "\"\($0)\"*" }.joined(separator: " ")
            // CROSS JOIN keeps the engine first; without ORDER BY, SQLite stops after candidateLimit rows.
            query = """
                SELECT d.record_id, d.kind, d.title, d.subtitle, d.title_folded, d.body_folded
                FROM search_fts f CROSS JOIN search_documents d ON d.record_id = f.record_id
                WHERE search_fts MATCH \(bind: "{title body}: " + match) AND d.kind IN (\(binds: kindBinds))\(archivedClause)
                LIMIT \(bind: candidateLimit(limit))
                """
        }
        // Ranked by the length of the text the words were found in, shortest first: with each word found once,
        // bm25 and ts_rank both put the shorter text first, and this costs nothing (FTS5's bm25 counts every
        // match of a prefix before scoring the first row). The same order on both databases.
        let seen = Set(results.map(\.recordID))
        var candidates: [(inTitle: Bool, length: Int, result: SearchResult)] = []
        for row in try await sql.raw(query).all() {
            let id = try row.decode(column: "record_id", as: UUID.self)
            guard !seen.contains(id) else { continue }
            let title = try row.decode(column: "title_folded", as: String.self)
            let text = title + " " + (try row.decode(column: "body_folded", as: String.self))
            if !checkedWords.isEmpty { guard contains(checkedWords, in: text) else { continue } }
            let inTitle = contains(words, in: title)
            candidates.append((inTitle, inTitle ? title.utf8.count : text.utf8.count, try result(row)))
        }
        candidates.sort { ($0.inTitle ? 0 : 1, $0.length, $0.result.title) < ($1.inTitle ? 0 : 1, $1.length, $1.result.title) }
        results += candidates.prefix(limit - results.count).map(\.result)
        return results
    }

    /// Whether every word begins a word of the (folded) text, as the engines match prefixes.
    static func contains(_ words: [String], in text: String) -> Bool {
        let parts = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        return words.allSatisfy { word in parts.contains { $0.hasPrefix(word) } }
    }

    private static func result(_ row: any SQLRow) throws -> SearchResult {
        SearchResult(
            recordID: try row.decode(column: "record_id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
            title: try row.decode(column: "title", as: String.self), subtitle: try row.decode(column: "subtitle", as: String.self))
    }
}
