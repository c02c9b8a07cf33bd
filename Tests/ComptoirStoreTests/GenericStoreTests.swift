import Foundation
import Testing

@testable import ComptoirStore

@Suite("Pure parts of the store")
struct GenericStoreTests {
    @Test func cursorRoundTripsEveryValueKind() throws {
        let id = UUID()
        for value: FieldValue in [
            .null, .text("Société Générale"), .bool(true), .int(-42), .date(Date(timeIntervalSince1970: 1_700_000_000.5)), .uuid(id),
        ] {
            let encoded = try PageCursor(value: value, id: id).encode()
            #expect(!encoded.contains("="))
            let decoded = try PageCursor.decode(encoded)
            #expect(decoded.value == value)
            #expect(decoded.id == id)
        }
        #expect(throws: InvalidCursor.self) { try PageCursor.decode("not a cursor") }
    }

    @Test func auditDiffKeepsOnlyChangedFieldsAndRedactsSecrets() {
        let changes = AuditLog.diff(
            before: ["name": .text("A"), "email": .text("a@x.fr"), "password_hash": .text("h1")],
            after: ["name": .text("B"), "email": .text("a@x.fr"), "password_hash": .text("h2")])
        #expect(Set(changes.keys) == ["name", "password_hash"])
        let json = AuditLog.encode(changes)
        #expect(json.contains("\"name\":[\"A\",\"B\"]"))
        #expect(!json.contains("h1"))
        #expect(!json.contains("h2"))
        let decoded = AuditLog.decodeChanges(json)
        #expect(decoded.first { $0.field == "name" }?.after == "B")
    }

    @Test func databaseLocationFromSettings() throws {
        #expect(try DatabaseLocation.resolve(url: nil, dataDirectory: "/tmp/d") == .sqlite(path: "/tmp/d/comptoir.sqlite"))
        let pg = try DatabaseLocation.resolve(url: "postgres://u:secret@localhost:5432/db", dataDirectory: "/tmp/d")
        #expect(pg.isPostgres)
        #expect(!pg.displayName.contains("secret"))
        #expect(throws: StoreError.self) { try DatabaseLocation.resolve(url: "mysql://x", dataDirectory: "/tmp") }
    }
}
