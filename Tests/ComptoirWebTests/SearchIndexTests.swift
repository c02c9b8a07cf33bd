import ComptoirBulkLoad
import ComptoirCore
import ComptoirServices
import FluentKit
import Foundation
import SQLKit
import Testing

@testable import ComptoirStore
@testable import ComptoirWeb

/// The search index's own mechanics (issue #3 at 1M contacts): multi-word ranking, `?q=` lists read either
/// way, SQLite's full-text rows kept in step with the documents through edits, merges, imports and their undo,
/// and the migration that re-keyed SQLite's index.
@Suite("Search index: ranking, list filters, consistency")
struct SearchIndexTests {
    /// SQLite: every document has exactly its full-text row (same rowid), and the FTS holds nothing else.
    static func expectIndexInStep(_ t: TestApp, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let sql = t.db as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        func count(_ query: SQLQueryString) async throws -> Int {
            try await sql.raw("SELECT COUNT(*) AS n FROM (\(query))").first()!.decode(column: "n", as: Int.self)
        }
        let documents = try await count("SELECT doc_id FROM search_documents")
        let rows = try await count("SELECT rowid FROM search_fts")
        let missing = try await count("SELECT doc_id FROM search_documents WHERE doc_id NOT IN (SELECT rowid FROM search_fts)")
        #expect(
            documents == rows && missing == 0, "documents \(documents), full-text rows \(rows), missing \(missing)",
            sourceLocation: sourceLocation)
    }

    @Test func severalWordsPreferTitlesStartingWithTheFirstWordThenTitleWordsThenBodies() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let reversed = try await DirectoryTests.createCompany(&browser, ["name": "Générale des Sociétés", "billingPostcode": "75002"])
            let lyonnaise = try await DirectoryTests.createCompany(
                &browser, ["name": "Société Lyonnaise", "billingCity": "Genas", "billingPostcode": "69740"])
            let generale = try await DirectoryTests.createCompany(&browser, ["name": "Société Générale", "billingPostcode": "75009"])
            let bank = try await DirectoryTests.createCompany(&browser, ["name": "Société Bancaire Générale", "billingPostcode": "75008"])
            _ = try await DirectoryTests.createCompany(&browser, ["name": "Société Nantaise", "billingPostcode": "44000"])
            // Société Générale and Société Bancaire Générale start with « soc » and hold « gen » (title order),
            // then the title holding both words elsewhere, then the one with « Genas » in its address.
            let hits = try await SearchIndex.search("Soc Gén", kinds: ["companies"], limit: 10, on: t.db)
            #expect(hits.map(\.recordID) == [bank, generale, reversed, lyonnaise], "\(hits.map(\.title))")
            #expect(try await SearchIndex.search("soc gen", kinds: ["companies"], limit: 1, on: t.db).map(\.recordID) == [bank])
            // The whole query as a title prefix still comes first.
            #expect(try await SearchIndex.search("societe gen", kinds: ["companies"], limit: 10, on: t.db).first?.recordID == generale)
            if TestApp.usesPostgres {
                // The planner's estimate picks the word the GIN index reads; the others are checked on its rows.
                let sql = t.db as! any SQLDatabase
                #expect(try await SearchIndex.estimatedMatches("soc", on: sql) < SearchIndex.selectiveWordRows)
            }
            // Contacts are not companies: the kind is part of the query.
            #expect(try await SearchIndex.search("soc gen", kinds: ["contacts"], limit: 10, on: t.db).isEmpty)
            try await Self.expectIndexInStep(t)
        }
    }

    @Test func listsFilteredByQueryGiveTheSamePagesWhetherTheyReadTheMatchesOrWalkTheirOrder() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            for (first, last) in [
                ("Jean", "Martin"), ("Anne", "Martinez"), ("Paul", "Martin"), ("Léa", "Dumartin"), ("Éric", "Martin"), ("Zoé", "Martineau"),
                ("Jeanne", "Durand"), ("Marc", "Petit"), ("Martine", "Leroy"),
            ] {
                _ = try await DirectoryTests.createContact(&browser, ["firstName": first, "lastName": last])
            }
            let spec = ContactsEntity.definition.tableSpec
            func pages(_ q: String) async throws -> [[String]] {
                var pages: [[String]] = []
                var cursor: String?
                repeat {
                    let page = try await TableStore.list(
                        spec, ListRequest(filters: [.searchMatch(q)], sortColumn: "last_name", limit: 2, cursor: cursor), on: t.db)
                    pages.append(page.rows.map { $0["display_name"].textValue ?? "" })
                    cursor = page.nextCursor
                } while cursor != nil
                return pages
            }
            let read = try await pages("martin")
            let names = read.flatMap { $0 }
            // The five Martin… last names and Martine (a first name), by last name; not Dumartin (no word starts so).
            #expect(
                names.count == 6 && names.first == "Martine Leroy" && Array(names.suffix(2)) == ["Zoé Martineau", "Anne Martinez"],
                "\(read)")
            let walked = try await SearchIndex.$walkThreshold.withValue(3) { try await pages("martin") }
            #expect(walked == read)
            if !TestApp.usesPostgres {
                let match = SearchIndex.ftsQuery(["martin"], kinds: ["contacts"])
                let sql = t.db as! any SQLDatabase
                #expect(try await SearchIndex.manyMatches(match, on: sql) == false)
                #expect(try await SearchIndex.$walkThreshold.withValue(3) { try await SearchIndex.manyMatches(match, on: sql) })
            }
            // A rare word, and counts (segments) read the matches either way.
            #expect(try await pages("zorglub") == [[]])
            #expect(try await TableStore.count(spec, filters: [.searchMatch("martin")], on: t.db) == 6)
            #expect(
                try await SearchIndex.$walkThreshold.withValue(3) {
                    try await TableStore.count(spec, filters: [.searchMatch("martin")], on: t.db)
                } == 6)
        }
    }

    @Test func editsMergesAndDeletionsKeepTheFullTextRowsInStep() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let keep = try await DirectoryTests.createCompany(&browser, ["name": "Dupont & Fils", "billingPostcode": "44000"])
            let dup = try await DirectoryTests.createCompany(&browser, ["name": "Dupont et Fils SARL", "billingPostcode": "44100"])
            let paul = try await DirectoryTests.createContact(&browser, ["firstName": "Paul", "lastName": "Dupont"])
            try await DirectoryLinks.link(contact: paul, company: dup, role: "Gérant", at: Date(), id: UUID(), on: t.db)
            try await DirectoryIndexing.reindexContact(paul, on: t.db)
            try await Self.expectIndexInStep(t)

            // A rename: the old name is no longer found, the new one is, and the document keeps its place.
            try await browser.open("/companies/\(keep.uuidString.lowercased())/edit")
            let renamed = try await browser.post(
                "/companies/\(keep.uuidString.lowercased())",
                ["name": "Boulangerie Moreau", "billingPostcode": "44000", "isProspect": "true"])
            #expect(renamed.status == .seeOther)
            #expect(try await SearchIndex.search("moreau", kinds: ["companies"], limit: 10, on: t.db).map(\.recordID) == [keep])
            #expect(try await SearchIndex.search("dupont fils", kinds: ["companies"], limit: 10, on: t.db).map(\.recordID) == [dup])
            try await Self.expectIndexInStep(t)

            // A merge archives the loser (found only with archived records) and re-indexes the contact.
            try await browser.open("/companies/\(keep.uuidString.lowercased())")
            #expect(
                try await browser.post("/companies/\(keep.uuidString.lowercased())/merge", ["target": dup.uuidString.lowercased()]).status
                    == .seeOther)
            #expect(try await SearchIndex.search("dupont fils", kinds: ["companies"], limit: 10, on: t.db).isEmpty)
            #expect(
                try await SearchIndex.search("dupont fils", kinds: ["companies"], limit: 10, includeArchived: true, on: t.db).map(
                    \.recordID) == [dup])
            #expect(try await SearchIndex.search("paul moreau", kinds: ["contacts"], limit: 10, on: t.db).map(\.recordID) == [paul])
            try await Self.expectIndexInStep(t)

            // Removing an entry removes its full-text row.
            try await SearchIndex.remove(paul, on: t.db)
            #expect(try await SearchIndex.search("paul", kinds: ["contacts"], limit: 10, on: t.db).isEmpty)
            try await Self.expectIndexInStep(t)
        }
    }

    @Test func bulkLoadsIndexEveryDocumentTheyInsert() async throws {
        try await TestApp.run { t in
            let summary = try await DirectoryBulkLoad.load(context: t.app.systemContext("benchdata"), companies: 40, contacts: 150, seed: 7)
            { _ in }
            #expect(summary.tables.first { $0.table == "search_documents" }?.rows == 190)
            try await Self.expectIndexInStep(t)
            // A loaded contact is found by its last name, a company by its name.
            let sql = t.db as! any SQLDatabase
            let contact = try await sql.raw("SELECT id, last_name FROM contacts ORDER BY id LIMIT 1").first()!
            let hits = try await SearchIndex.search(
                try contact.decode(column: "last_name", as: String.self), kinds: ["contacts"], limit: 200, on: t.db)
            #expect(hits.map(\.recordID).contains(try contact.decode(column: "id", as: UUID.self)))
            let company = try await sql.raw("SELECT id, name FROM companies ORDER BY id LIMIT 1").first()!
            let companyHits = try await SearchIndex.search(
                try company.decode(column: "name", as: String.self), kinds: ["companies"], limit: 50, on: t.db)
            #expect(companyHits.map(\.recordID).contains(try company.decode(column: "id", as: UUID.self)))
        }
    }

    @Test(.enabled(if: !TestApp.usesPostgres, "SQLite's full-text index only"))
    func theMigrationRekeysAnExistingSQLiteIndexAndRevertsIt() async throws {
        try await TestApp.run { t in
            var (browser, _) = try await t.signedIn(role: .user)
            let company = try await DirectoryTests.createCompany(&browser, ["name": "Librairie Évasion", "billingPostcode": "13001"])
            let contact = try await DirectoryTests.createContact(&browser, ["firstName": "Hélène", "lastName": "Évrard"])
            let sql = t.db as! any SQLDatabase
            try await KeySearchByDocument().revert(on: t.db)
            // The former shape: the FTS5 table keeps the record ids and the text.
            let old = try await sql.raw("SELECT record_id FROM search_fts WHERE search_fts MATCH 'evasion*'").all()
            #expect(try old.map { try $0.decode(column: "record_id", as: UUID.self) } == [company])
            try await KeySearchByDocument().prepare(on: t.db)
            #expect(try await SearchIndex.search("evas", kinds: ["companies"], limit: 10, on: t.db).map(\.recordID) == [company])
            #expect(try await SearchIndex.search("helene evr", kinds: ["contacts"], limit: 10, on: t.db).map(\.recordID) == [contact])
            try await Self.expectIndexInStep(t)
        }
    }
}
