import ComptoirCore
import FluentKit
import Foundation

/// The search document of an interaction (deals included: they are interactions at a pipeline stage): its subject as
/// title, its day as subtitle, its place and description as body. Who may see it is decided when searching, by the
/// interactions' own visibility rule (private projects, guests' types), never stored here.
public enum InteractionSearch {
    public static let kind = "interactions"

    /// The columns `document` reads.
    public static let spec = TableSpec(
        table: "interactions",
        columns: [
            ColumnSpec("subject", .text), ColumnSpec("location", .text), ColumnSpec("description", .text),
            ColumnSpec("starts_at", .dateTime), ColumnSpec("due_date", .text), ColumnSpec("archived", .bool),
        ])

    /// Body text kept per interaction: a long meeting report is found by its first pages.
    static let bodyLimit = 4_000

    public static func document(_ row: TableRow) -> SearchDocument {
        let day = row["starts_at"].dateValue.map { CalendarDay($0) } ?? row["due_date"].textValue.flatMap { CalendarDay(parsing: $0) }
        let body = [row["location"].textValue, row["description"].textValue.map { String($0.prefix(bodyLimit)) }]
            .compactMap { $0 }.joined(separator: " ")
        return SearchDocument(
            recordID: row.id, kind: kind, title: row["subject"].textValue ?? "", subtitle: day?.formatted() ?? "", body: body,
            archived: row["archived"].boolValue ?? false)
    }

    /// Writes (or rewrites) the document of one interaction, read from its row; inside the write's transaction.
    public static func index(_ id: UUID, on db: any Database) async throws {
        guard let row = try await TableStore.get(spec, id: id, on: db) else { return }
        try await SearchIndex.upsert(document(row), on: db)
    }
}
