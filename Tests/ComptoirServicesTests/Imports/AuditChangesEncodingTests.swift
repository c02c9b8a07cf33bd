import Foundation
import Testing

@testable import ComptoirStore

/// The audit's `changes` JSON is written by hand (the import writes one entry per record it creates): it must be what
/// `JSONSerialization` wrote before, byte for byte, so old and new entries read alike.
@Suite("Audit changes encoding")
struct AuditChangesEncodingTests {
    @Test func theChangesAreTheJSONThatJSONSerializationWrites() throws {
        let id = try #require(UUID(uuidString: "6F1C3C2E-0000-4000-8000-000000000001"))
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        let text = "Société « d'Arc » / \"Œuvre\" \\ \n\r\t\u{08}\u{0C}\u{01}\u{1F} 😀 \u{7F}\u{2028}"
        let changes: [String: (before: FieldValue, after: FieldValue)] = [
            "name": (.null, .text(text)), "count": (.int(3), .int(-42)), "flag": (.bool(false), .bool(true)),
            "owner_id": (.null, .uuid(id)), "at": (.date(date), .null), "password_hash": (.text("secret"), .text("other")),
            "cf.nombre_de_salaries": (.null, .text("12")),
        ]
        let plain: [String: [Any]] = [
            "name": [NSNull(), text], "count": [Int64(3), Int64(-42)], "flag": [false, true],
            "owner_id": [NSNull(), id.uuidString.lowercased()], "at": [ISO8601DateFormatter().string(from: date), NSNull()],
            "password_hash": ["•••", "•••"], "cf.nombre_de_salaries": [NSNull(), "12"],
        ]
        let reference = String(decoding: try JSONSerialization.data(withJSONObject: plain, options: [.sortedKeys]), as: UTF8.self)
        #expect(AuditLog.encode(changes) == reference)
        #expect(AuditLog.encode([:]) == "{}")
    }
}
