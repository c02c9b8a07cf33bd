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
            try await sql.raw(
                """
                CREATE TABLE search_documents (
                    record_id UUID PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, subtitle TEXT NOT NULL,
                    title_folded TEXT NOT NULL, body_folded TEXT NOT NULL, archived BOOLEAN NOT NULL,
                    tsv TSVECTOR GENERATED ALWAYS AS (
                        setweight(to_tsvector('simple', title_folded), 'A') || setweight(to_tsvector('simple', body_folded), 'B')
                    ) STORED)
                """
            ).run()
            try await sql.raw("CREATE INDEX search_documents_tsv_idx ON search_documents USING GIN (tsv)").run()
        } else {
            try await sql.raw(
                """
                CREATE TABLE search_documents (
                    record_id BLOB PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, subtitle TEXT NOT NULL,
                    title_folded TEXT NOT NULL, body_folded TEXT NOT NULL, archived BOOLEAN NOT NULL)
                """
            ).run()
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE search_fts USING fts5(
                    record_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')
                """
            ).run()
        }
        try await sql.raw("CREATE INDEX search_documents_kind_idx ON search_documents (kind)").run()
    }

    static func drop(on sql: any SQLDatabase) async throws {
        if sql.dialect.name != "postgresql" { try await sql.raw("DROP TABLE search_fts").run() }
        try await sql.raw("DROP TABLE search_documents").run()
    }
}

/// Keeps the index in step with the records (call inside the write's transaction) and queries it.
///
/// SQLite (since `KeySearchByDocument`): `search_documents.doc_id` is the rowid of the contentless FTS5 table
/// `search_fts (kind, title, body)`; its `kind` column holds `kindToken(kind)` so a query names the kinds it wants.
public enum SearchIndex {
    public static func upsert(_ document: SearchDocument, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        let id = document.recordID
        let (title, body) = folded(document)
        let postgres = sql.dialect.name == "postgresql"
        // SQLite: an existing document keeps its doc_id and gets its full-text row replaced (contentless rows are
        // not updated in place); PostgreSQL recomputes its tsvector with the row.
        if !postgres, let docID = try await documentID(id, on: sql) {
            try await sql.raw("DELETE FROM search_fts WHERE rowid = \(bind: docID)").run()
            try await sql.raw(
                """
                UPDATE search_documents SET kind = \(bind: document.kind), title = \(bind: document.title), subtitle = \(bind: document.subtitle),
                title_folded = \(bind: title), body_folded = \(bind: body), archived = \(bind: document.archived) WHERE doc_id = \(bind: docID)
                """
            ).run()
        } else {
            if postgres { try await sql.raw("DELETE FROM search_documents WHERE record_id = \(bind: id)").run() }
            try await sql.raw(
                """
                INSERT INTO search_documents (record_id, kind, title, subtitle, title_folded, body_folded, archived)
                VALUES (\(bind: id), \(bind: document.kind), \(bind: document.title), \(bind: document.subtitle), \(bind: title), \(bind: body), \(bind: document.archived))
                """
            ).run()
        }
        guard !postgres else { return }
        try await sql.raw(
            """
            INSERT INTO search_fts (rowid, kind, title, body)
            SELECT doc_id, \(unsafeRaw: kindTokenSQL("kind")), title_folded, body_folded FROM search_documents WHERE record_id = \(bind: id)
            """
        ).run()
    }

    /// The folded title and body the engines index (the subtitle is searched with the body).
    private static func folded(_ document: SearchDocument) -> (title: String, body: String) {
        (foldForSearch(document.title), foldForSearch(document.body + " " + document.subtitle))
    }

    public static func remove(_ recordID: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        let id = recordID
        if sql.dialect.name != "postgresql", let docID = try await documentID(id, on: sql) {
            try await sql.raw("DELETE FROM search_fts WHERE rowid = \(bind: docID)").run()
        }
        try await sql.raw("DELETE FROM search_documents WHERE record_id = \(bind: id)").run()
    }

    /// Removes the entries of the records a query selects (`SELECT id FROM … WHERE …`: an import's undo).
    /// SQLite deletes the full-text rows by rowid, one lookup per document (FTS5 takes `rowid IN (…)` as lookups).
    public static func remove(recordsSelectedBy records: SQLQueryString, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        if sql.dialect.name != "postgresql" {
            try await sql.raw("DELETE FROM search_fts WHERE rowid IN (SELECT doc_id FROM search_documents WHERE record_id IN (\(records)))")
                .run()
        }
        try await sql.raw("DELETE FROM search_documents WHERE record_id IN (\(records))").run()
    }

    private static func documentID(_ recordID: UUID, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.raw("SELECT doc_id FROM search_documents WHERE record_id = \(bind: recordID)").first()?.decode(
            column: "doc_id", as: Int.self)
    }

    // MARK: - Bulk writes

    /// The `search_documents` rows of bulk writers (imports, benchmark loads), folded as `upsert` folds them.
    public static func bulkDocuments() -> BulkRows {
        BulkRows("search_documents", ["record_id", "kind", "title", "subtitle", "title_folded", "body_folded", "archived"])
    }

    public static func append(_ document: SearchDocument, to rows: inout BulkRows) {
        let (title, body) = folded(document)
        rows.append([
            .uuid(document.recordID), .text(document.kind), .text(document.title), .text(document.subtitle),
            .text(title), .text(body), .bool(document.archived),
        ])
    }

    /// After `bulkDocuments()` rows were inserted, in the same transaction: SQLite builds their full-text rows from
    /// the documents themselves. The transaction holds the write lock since those INSERTs, so their doc_ids are the
    /// consecutive ones from the first document's on. PostgreSQL computes its `tsvector` in the row: nothing to do.
    public static func indexInserted(_ documents: BulkRows, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        guard sql.dialect.name != "postgresql", case .uuid(let first)? = documents.rows.first?.first else { return }
        try await sql.raw(
            """
            INSERT INTO search_fts (rowid, kind, title, body)
            SELECT doc_id, \(unsafeRaw: kindTokenSQL("kind")), title_folded, body_folded FROM search_documents
            WHERE doc_id >= (SELECT doc_id FROM search_documents WHERE record_id = \(bind: first))
            """
        ).run()
    }

    // MARK: - Kinds in the full-text index

    /// The word standing for a kind in `search_fts.kind`: "0" + the kind ("0contacts"). Kinds are lower-case ASCII
    /// words; the leading digit keeps these words out of the prefixes users type ("co…" does not list every contact).
    static func kindToken(_ kind: String) -> String { "0" + kind.filter { $0.isASCII && ($0.isLetter || $0.isNumber) } }

    /// The same, computed by SQLite from a column (bulk indexing and the migration).
    static func kindTokenSQL(_ column: String) -> String { "'0' || \(column)" }

    /// An FTS5 query: every word as a prefix in the title or body, and one of the kinds (any kind if none given).
    static func ftsQuery(_ words: [String], kinds: [String]) -> String {
        let text = "{title body} : (\(words.map { "\"\($0)\"*" }.joined(separator: " ")))"
        guard !kinds.isEmpty else { return text }
        return "kind : (\(kinds.map { "\"\(kindToken($0))\"" }.joined(separator: " OR "))) AND " + text
    }

    /// Words of a query, folded: "Société Gén" → ["societe", "gen"]. Only letters and digits survive,
    /// so no user input reaches the FTS5 or tsquery syntax.
    public static func tokens(_ text: String) -> [String] {
        if let number = phoneDigits(text) { return [number] }
        return foldForSearch(text)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map { String($0).filter { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            .filter { !$0.isEmpty }
            .prefix(8)
            .map { $0 }
    }

    /// A query made of digit groups only, separated by spaces, dots, dashes or slashes, with an optional leading `+`
    /// (« 04 78 12 », « 04.78.12 », « +33 4 78 »): its digits as one word, which begins the digits-only forms phones are
    /// indexed by (`DirectoryIndexing.phoneWords`: « 0478123456 » and « 33478123456 »). A lone group stays as it is.
    static func phoneDigits(_ text: String) -> String? {
        var digits = ""
        var groups = 0
        var inGroup = false
        for (offset, scalar) in text.fastTrimmed.unicodeScalars.enumerated() {
            switch scalar {
            case "0"..."9":
                if !inGroup { groups += 1 }
                inGroup = true
                digits.unicodeScalars.append(scalar)
            case " ", ".", "-", "/", "\u{A0}", "\u{202F}":
                inGroup = false
            case "+" where offset == 0:
                continue
            default:
                return nil
            }
        }
        return groups > 1 ? digits : nil
    }

    /// Above this many matches, a SQLite list filtered by `q` walks its own order and checks each row against the
    /// matches, instead of reading every match's record: « martin » (49 000 contacts) costs what its first page
    /// needs, and a rare word still reads only its few records.
    @TaskLocal static var walkThreshold = 5_000

    /// The condition "the row's id is among the records of `table` matching `text`", for lists filtered by `q` (the
    /// search kind of an indexed table is its table name). `ordered`: the caller reads a page in the list's order
    /// (SQLite may then walk that order, see `walkThreshold`); counts pass false.
    static func matchCondition(_ text: String, table: String, ordered: Bool, on sql: any SQLDatabase) async throws -> SQLQueryString {
        let kind = table
        let words = tokens(text)
        guard !words.isEmpty else { return "1 = 1" }
        if sql.dialect.name == "postgresql" {
            let tsquery = words.map { "\($0):*" }.joined(separator: " & ")
            return
                "\(ident: "id") IN (SELECT record_id FROM search_documents WHERE kind = \(bind: kind) AND tsv @@ to_tsquery('simple', \(bind: tsquery)))"
        }
        let match = ftsQuery(words, kinds: [kind])
        if ordered, try await manyMatches(match, on: sql) {
            // The matches' doc_ids come straight from the index (one ephemeral set); each row of the list's order
            // finds its doc_id through the record_id index and is kept if it is in the set. The set need not
            // exclude other kinds (their doc_ids are never this table's), and matching the kind word costs a
            // third of the time at 49 000 matches.
            return """
                (SELECT doc_id FROM search_documents WHERE record_id = \(ident: table).\(ident: "id")) \
                IN (SELECT rowid FROM search_fts WHERE search_fts MATCH \(bind: ftsQuery(words, kinds: [])))
                """
        }
        return """
            \(ident: "id") IN (SELECT d.record_id FROM search_fts f CROSS JOIN search_documents d ON d.doc_id = f.rowid \
            WHERE search_fts MATCH \(bind: match))
            """
    }

    /// A subquery of the ids of the `kind` records (companies, contacts) whose index entry matches every word of
    /// `text`, accents and case folded — for lists that reach those records through a column (a sales document's
    /// customer): `LOWER(…) LIKE` folds neither accents nor, on SQLite, capitals beyond ASCII (« Établissements »).
    /// Nil when `text` has no word.
    static func recordIDs(matching text: String, kind: String, on sql: any SQLDatabase) -> SQLQueryString? {
        let words = tokens(text)
        guard !words.isEmpty else { return nil }
        if sql.dialect.name == "postgresql" {
            let tsquery = words.map { "\($0):*" }.joined(separator: " & ")
            return "SELECT record_id FROM search_documents WHERE kind = \(bind: kind) AND tsv @@ to_tsquery('simple', \(bind: tsquery))"
        }
        return """
            SELECT d.record_id FROM search_fts f CROSS JOIN search_documents d ON d.doc_id = f.rowid \
            WHERE search_fts MATCH \(bind: ftsQuery(words, kinds: [kind]))
            """
    }

    /// The condition "`column` names a `kind` record matching `text`" (see `recordIDs`), or nil when `text` has no word.
    static func matches(_ text: String, kind: String, column: String, on sql: any SQLDatabase) -> SQLQueryString? {
        recordIDs(matching: text, kind: kind, on: sql).map { "\(unsafeRaw: column) IN (\($0))" }
    }

    /// The condition "the row's `company` or `contact` column names a customer matching `text`" (see `recordIDs`).
    static func customerMatches(_ text: String, company: String, contact: String, on sql: any SQLDatabase) -> SQLQueryString? {
        guard let companies = matches(text, kind: "companies", column: company, on: sql),
            let contacts = matches(text, kind: "contacts", column: contact, on: sql)
        else { return nil }
        return companies + " OR " + contacts
    }

    /// Whether an FTS5 query has more than `walkThreshold` matches (reads at most that many rowids).
    static func manyMatches(_ match: String, on sql: any SQLDatabase) async throws -> Bool {
        let capped =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH \(bind: match) LIMIT \(bind: walkThreshold + 1))
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        return capped > walkThreshold
    }

    /// Rows read from the full-text engine per search and kind, before ranking: ranking every match of a
    /// short common prefix (« martin » matches tens of thousands of records) is what made typeahead slow.
    static func candidateLimit(_ limit: Int) -> Int { max(3 * limit, 30) }

    /// Titles read, in title order, from the range of a multi-word query's first word (« soc » of « soc gen »),
    /// looking for titles that also hold the other words.
    static let firstWordWindow = 2_000

    /// Prefix search over titles and bodies, ranked: titles starting with the query first (in title order, a
    /// range of `search_documents_title_idx`); then, for several words, titles whose first word starts with the
    /// first one and that hold the others (« Société Générale » for « soc gen », from the first `firstWordWindow`
    /// titles of that range); then, among the first `candidateLimit` matches of the engine, records with every
    /// word in their title, then the others, each group shortest text first.
    public static func search(
        _ text: String, kinds: [String], limit: Int, includeArchived: Bool = false, on db: any Database
    ) async throws -> [SearchResult] {
        let words = tokens(text)
        guard !words.isEmpty, !kinds.isEmpty, limit > 0 else { return [] }
        let sql = try TableStore.sqlDatabase(db)
        let postgres = sql.dialect.name == "postgresql"
        let kindBinds: [any Encodable & Sendable] = kinds
        let archivedClause = includeArchived ? SQLQueryString("") : SQLQueryString(" AND d.archived = \(bind: false)")
        let title = postgres ? "d.title_folded COLLATE \"C\"" : "d.title_folded"

        // 1. Titles starting with the whole query: title_folded in [prefix, prefix with its last letter + 1).
        // Words are ASCII letters and digits, so that range is exactly the titles starting with the prefix
        // (byte order: COLLATE "C" on PostgreSQL, SQLite's default BINARY).
        let prefix = words.joined(separator: " ")
        var results = try await sql.raw(
            """
            SELECT d.record_id, d.kind, d.title, d.subtitle FROM search_documents d
            WHERE d.kind IN (\(binds: kindBinds)) AND \(unsafeRaw: title) >= \(bind: prefix) AND \(unsafeRaw: title) < \(bind: successor(prefix))\(archivedClause)
            ORDER BY \(unsafeRaw: title) LIMIT \(bind: limit)
            """
        ).all().map(result)
        guard results.count < limit else { return results }
        var seen = Set(results.map(\.recordID))

        // 2. Several words: titles whose first word starts with the first one and holding the others, in title
        // order. LIKE '%word%' narrows the window in the database; `contains` then checks word starts.
        if words.count > 1 {
            var others = SQLQueryString("")
            for word in words.dropFirst() {
                others.appendInterpolation(SQLQueryString(" AND w.title_folded LIKE \(bind: "%" + word + "%")"))
            }
            let windowTitle = postgres ? "w.title_folded COLLATE \"C\"" : "w.title_folded"
            let rows = try await sql.raw(
                """
                SELECT w.record_id, w.kind, w.title, w.subtitle, w.title_folded FROM (
                    SELECT d.record_id, d.kind, d.title, d.subtitle, d.title_folded FROM search_documents d
                    WHERE d.kind IN (\(binds: kindBinds)) AND \(unsafeRaw: title) >= \(bind: words[0]) AND \(unsafeRaw: title) < \(bind: successor(words[0]))\(archivedClause)
                    ORDER BY \(unsafeRaw: title) LIMIT \(bind: firstWordWindow)) w
                WHERE 1 = 1\(others)
                ORDER BY \(unsafeRaw: windowTitle)
                """
            ).all()
            for row in rows where results.count < limit {
                let found = try result(row)
                guard !seen.contains(found.recordID), contains(words, in: try row.decode(column: "title_folded", as: String.self)) else {
                    continue
                }
                results.append(found)
                seen.insert(found.recordID)
            }
            guard results.count < limit else { return results }
        }

        // 3. and 4. Other matches, from the first candidateLimit(limit) rows the engine gives: those with every
        // word in their title first, then the others. One-letter words would make the engine merge every term
        // starting with that letter: when a longer word is there, they are checked on the candidates instead.
        let engineWords = words.contains { $0.count > 1 } ? words.filter { $0.count > 1 } : words
        let checkedWords = words.filter { !engineWords.contains($0) }
        let query: SQLQueryString
        if postgres {
            // Several words: the GIN index reads the word with the fewest estimated documents, and the others are
            // checked on those rows (ts_match_vq, which the planner does not send to the index). A prefix's bitmap
            // is built whole before LIMIT applies, so « soc:* & gen:* » paid for the 69 000 documents of « gen »;
            // « soc » alone has 12 000. When even the rarest word is common, the index intersects them all.
            var indexed = engineWords
            var checked: [String] = []
            if engineWords.count > 1 {
                var estimates: [(word: String, rows: Int)] = []
                for word in engineWords { estimates.append((word, try await estimatedMatches(word, on: sql))) }
                if let rarest = estimates.min(by: { $0.rows < $1.rows }), rarest.rows <= selectiveWordRows {
                    indexed = [rarest.word]
                    checked = engineWords.filter { $0 != rarest.word }
                }
            }
            let tsquery = indexed.map { "\($0):*" }.joined(separator: " & ")
            let check =
                checked.isEmpty
                ? SQLQueryString("")
                : SQLQueryString(
                    " AND ts_match_vq(d.tsv, to_tsquery('simple', \(bind: checked.map { "\($0):*" }.joined(separator: " & "))))")
            query = """
                SELECT d.record_id, d.kind, d.title, d.subtitle, d.title_folded, d.body_folded
                FROM search_documents d, to_tsquery('simple', \(bind: tsquery)) q
                WHERE d.tsv @@ q\(check) AND d.kind IN (\(binds: kindBinds))\(archivedClause)
                LIMIT \(bind: candidateLimit(limit))
                """
        } else {
            // The kinds are matched by the engine; CROSS JOIN keeps it first, and without ORDER BY SQLite stops
            // after candidateLimit rows, each read by its integer key.
            query = """
                SELECT d.record_id, d.kind, d.title, d.subtitle, d.title_folded, d.body_folded
                FROM search_fts f CROSS JOIN search_documents d ON d.doc_id = f.rowid
                WHERE search_fts MATCH \(bind: ftsQuery(engineWords, kinds: kinds))\(archivedClause)
                LIMIT \(bind: candidateLimit(limit))
                """
        }
        // Ranked by the length of the text the words were found in, shortest first: with each word found once,
        // bm25 and ts_rank both put the shorter text first, and this costs nothing (FTS5's bm25 counts every
        // match of a prefix before scoring the first row). The same order on both databases.
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

    /// PostgreSQL: above this many estimated documents, a word is not selective enough to be read alone.
    static let selectiveWordRows = 20_000

    /// PostgreSQL's estimate of the documents holding a word starting with `word` (its planner's statistics of the
    /// tsvector column, from EXPLAIN: no document is read).
    static func estimatedMatches(_ word: String, on sql: any SQLDatabase) async throws -> Int {
        let plan = try await sql.raw("EXPLAIN SELECT 1 FROM search_documents WHERE tsv @@ to_tsquery('simple', \(bind: word + ":*"))").all()
        guard let line = try plan.first?.decode(column: "QUERY PLAN", as: String.self),
            let range = line.range(of: "rows=")
        else { return Int.max }
        return Int(line[range.upperBound...].prefix { $0.isNumber }) ?? Int.max
    }

    /// The first string after every string starting with `prefix` (ASCII letters and digits): its last letter + 1.
    static func successor(_ prefix: String) -> String {
        let last = prefix.unicodeScalars.last!
        return String(prefix.unicodeScalars.dropLast()) + String(Character(Unicode.Scalar(last.value + 1)!))
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
