import FluentKit
import Foundation
import SQLKit

/// One place where a record's id may be written: a column of a table, with an optional extra condition (`role = 'guest'`).
/// Deletions count these (what blocks, what goes with the record) and remove or detach them.
public struct RecordReference: Sendable, Hashable {
    public var table: String
    public var column: String
    /// A condition on the referencing rows, written by the Store's callers from constants only (never from input).
    public var condition: String?

    public init(_ table: String, _ column: String, where condition: String? = nil) {
        self.table = table
        self.column = column
        self.condition = condition
    }
}

/// The SQL of deletions and erasures: counting, removing and detaching the rows that point at a record.
public enum RecordReferences {
    /// How many rows of `reference.table` point at `id`.
    public static func count(_ reference: RecordReference, _ id: UUID, on db: any Database) async throws -> Int {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT COUNT(*) AS n FROM \(ident: reference.table) WHERE \(ident: reference.column) = \(bind: id)\(unsafeRaw: extra(reference))
            """
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Deletes the rows of `reference.table` that point at `id`.
    public static func delete(_ reference: RecordReference, _ id: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            "DELETE FROM \(ident: reference.table) WHERE \(ident: reference.column) = \(bind: id)\(unsafeRaw: extra(reference))"
        ).run()
    }

    /// Empties the column of the rows that point at `id` (the rows stay: an interaction without its company).
    public static func detach(_ reference: RecordReference, _ id: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE \(ident: reference.table) SET \(ident: reference.column) = NULL WHERE \(ident: reference.column) = \(bind: id)\(unsafeRaw: extra(reference))
            """
        ).run()
    }

    /// The ids of the rows that point at `id`.
    public static func ids(_ reference: RecordReference, _ id: UUID, on db: any Database) async throws -> [UUID] {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT id FROM \(ident: reference.table) WHERE \(ident: reference.column) = \(bind: id)\(unsafeRaw: extra(reference))"
        ).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// Segments whose stored query names `id` (a tag filter): deleting the tag would change what they select.
    public static func segments(naming id: UUID, on db: any Database) async throws -> [(id: UUID, name: String)] {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT id, name FROM segments WHERE LOWER(query) LIKE \(bind: "%" + id.uuidString.lowercased() + "%") OR LOWER(COALESCE(criteria, '')) LIKE \(bind: "%" + id.uuidString.lowercased() + "%") ORDER BY name"
        ).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
    }

    /// Guest accounts (extranet) signing in with this e-mail address.
    public static func guestAccounts(email: String, on db: any Database) async throws -> Int {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT COUNT(*) AS n FROM users WHERE role = 'guest' AND LOWER(email) = \(bind: email.lowercased())"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Removes the custom values of a record (they are keyed by record id, without a foreign key).
    public static func deleteCustomValues(of id: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("DELETE FROM custom_values WHERE record_id = \(bind: id)").run()
    }

    /// Removes what an import journal holds about a record (the values an import replaced), so no undo writes them back.
    public static func deleteImportJournal(of id: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("DELETE FROM import_journal WHERE record_id = \(bind: id)").run()
    }

    /// Contacts absorbed into `id` by a merge (archived, `merged_into` set), at any depth.
    public static func absorbedContacts(into id: UUID, on db: any Database) async throws -> [UUID] {
        var found: [UUID] = []
        var frontier = [id]
        while !frontier.isEmpty {
            let binds: [any Encodable & Sendable] = frontier
            let next = try await TableStore.sqlDatabase(db).raw(
                "SELECT id FROM contacts WHERE merged_into IN (\(binds: binds))"
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            frontier = next.filter { !found.contains($0) && $0 != id }
            found += frontier
        }
        return found
    }

    private static func extra(_ reference: RecordReference) -> String {
        reference.condition.map { " AND (\($0))" } ?? ""
    }
}
