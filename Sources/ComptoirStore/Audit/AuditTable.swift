/// The audit log as generic lists read it.
public enum AuditTable {
    public static let spec = TableSpec(
        table: "audit_entries",
        columns: [
            ColumnSpec("at", .dateTime), ColumnSpec("actor_id", .uuid), ColumnSpec("actor_label", .text),
            ColumnSpec("action", .text), ColumnSpec("entity", .text), ColumnSpec("entity_id", .text),
            ColumnSpec("summary", .text), ColumnSpec("changes", .text), ColumnSpec("ip", .text),
        ])
}
