import Foundation

extension AuditLog {
    /// Rows of `audit_entries` for a bulk writer (the import): the same entries `record` writes, in one
    /// multi-row INSERT with the records they describe.
    public static func bulkEntries() -> BulkRows {
        BulkRows("audit_entries", ["id", "at", "actor_id", "actor_label", "action", "entity", "entity_id", "summary", "changes", "ip"])
    }

    /// Appends the entry `record` would write, `changes` encoded the same way.
    public static func append(
        _ action: AuditEntry.Action, entity: String, id: String, summary: String,
        changes: [String: (before: FieldValue, after: FieldValue)] = [:],
        by actor: AuditActor, at date: Date, entryID: UUID, to rows: inout BulkRows
    ) {
        rows.append([
            .uuid(entryID), .date(date), actor.userID.map { .uuid($0) } ?? .null, .text(actor.label), .text(action.rawValue),
            .text(entity), .text(id), .text(summary), .text(encode(changes)), .text(actor.ip),
        ])
    }
}
