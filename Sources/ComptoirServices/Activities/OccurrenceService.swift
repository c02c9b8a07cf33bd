import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Exceptions to a recurring series: skip one occurrence, edit one alone, or cut the series in two.
/// Each runs as one write: lock, read the series and check the occurrence, write, bounds and bookings, audit.
public struct OccurrenceService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    private static var spec: TableSpec { InteractionsEntity.definition.tableSpec }

    /// The series' first row, read under the lock, if the actor may see it and `original` is one of its occurrences.
    private static func master(_ id: UUID, _ original: Date, _ context: ServiceContext) async throws -> (TableRow, RecurrenceSeries) {
        try await WriteLock.acquire(InteractionsEntity.definition.table, on: context.db)
        // The generic read applies the interactions' row scope (private projects, guests).
        _ = try await EntityService(InteractionsEntity.definition, context).get(id)
        guard let row = try await TableStore.get(spec, id: id, on: context.db),
            let series = InteractionOccurrences.series(row), series.occurrence(at: original)
        else {
            throw AppError.validation([
                "original": [L("Ce n'est pas une occurrence de la série.", "This is not an occurrence of the series.")]
            ])
        }
        return (row, series)
    }

    public func skip(_ id: UUID, _ original: Date) async throws {
        try context.authorize(.write, .activities)
        try await context.transaction { context in
            let (row, _) = try await Self.master(id, original, context)
            var skipped = InteractionOccurrences.exceptionDates(row)
            skipped.insert(original)
            try await TableStore.update(
                Self.spec, id: id, values: ["exdates": .text(InteractionOccurrences.encode(skipped)), "updated_at": .date(context.now)],
                on: context.db)
            if let saved = try await TableStore.get(Self.spec, id: id, on: context.db) {
                try await InteractionService(context).rebook(saved, on: context.db)
            }
            try await AuditLog.record(
                .update, entity: "interactions", id: id.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                changes: ["exdates": (.null, .date(original))], by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// A separate interaction for one occurrence (same content, its own time), linked to the series.
    public func detach(_ id: UUID, _ original: Date) async throws -> UUID {
        try context.authorize(.write, .activities)
        return try await context.transaction { context in
            let (row, series) = try await Self.master(id, original, context)
            let copy = context.newID()
            var values = row.values.filter { !["rrule", "exdates", "created_at", "updated_at"].contains($0.key) }
            values["series_id"] = .uuid(id)
            values["original_start"] = .date(original)
            values["starts_at"] = .date(original)
            values["ends_at"] = .date(original.addingTimeInterval(series.duration))
            values["created_at"] = .date(context.now)
            values["updated_at"] = .date(context.now)
            try await TableStore.insert(Self.spec, id: copy, values: values, on: context.db)
            try await InteractionSearch.index(copy, on: context.db)
            try await InteractionService(context).copyLinks(from: id, to: copy)
            try await AgendaBounds.refresh([copy], on: context.db)
            // The series no longer books that occurrence; the copy books its own time.
            try await InteractionService(context).rebook(row, on: context.db)
            if let saved = try await TableStore.get(Self.spec, id: copy, on: context.db) {
                try await InteractionService(context).rebook(saved, on: context.db)
            }
            try await AuditLog.record(
                .create, entity: "interactions", id: copy.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                changes: ["series_id": (.null, .uuid(id)), "original_start": (.null, .date(original))],
                by: context.auditActor, at: context.now, on: context.db)
            return copy
        }
    }

    /// Ends the series before `original` and starts a new series there with the rest of the rule; returns the new series
    /// (the same one when `original` is its first occurrence: editing "this and following" is then editing all).
    public func split(_ id: UUID, _ original: Date) async throws -> UUID {
        try context.authorize(.write, .activities)
        return try await context.transaction { context in
            let (row, series) = try await Self.master(id, original, context)
            guard let (before, after) = series.splitting(at: original) else { return id }
            let copy = context.newID()
            var values = row.values.filter { !["created_at", "updated_at"].contains($0.key) }
            values["starts_at"] = .date(after.start)
            values["ends_at"] = .date(after.start.addingTimeInterval(after.duration))
            values["rrule"] = .text(after.rule.rruleString)
            values["exdates"] = .text(InteractionOccurrences.encode(after.exceptions))
            values["created_at"] = .date(context.now)
            values["updated_at"] = .date(context.now)
            try await TableStore.update(
                Self.spec, id: id,
                values: [
                    "rrule": .text(before.rule.rruleString), "exdates": .text(InteractionOccurrences.encode(before.exceptions)),
                    "updated_at": .date(context.now),
                ], on: context.db)
            try await TableStore.insert(Self.spec, id: copy, values: values, on: context.db)
            try await InteractionSearch.index(copy, on: context.db)
            try await InteractionService(context).copyLinks(from: id, to: copy)
            try await InteractionStore.moveEditedOccurrences(of: id, from: original, to: copy, on: context.db)
            try await AgendaBounds.refresh([id, copy], on: context.db)
            for target in [id, copy] {
                if let saved = try await TableStore.get(Self.spec, id: target, on: context.db) {
                    try await InteractionService(context).rebook(saved, on: context.db)
                }
            }
            try await AuditLog.record(
                .update, entity: "interactions", id: id.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                changes: ["rrule": (row["rrule"], .text(before.rule.rruleString))], by: context.auditActor, at: context.now, on: context.db)
            try await AuditLog.record(
                .create, entity: "interactions", id: copy.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                changes: ["rrule": (.null, .text(after.rule.rruleString))], by: context.auditActor, at: context.now, on: context.db)
            return copy
        }
    }
}
