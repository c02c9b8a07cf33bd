import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// Interaction use cases beyond the generic form: stage moves with their history, contacts,
/// participants, resources (booked in the database), follow-ups, completion.
public struct InteractionService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }
    /// After every create/update, inside its transaction: the stage history and the resource bookings.
    @Sendable public static func afterWrite(_ row: TableRow, _ previous: TableRow?, _ context: ServiceContext) async throws {
        if row["stage_changed_at"] == .date(context.now), let stage = row["stage_id"].uuidValue {
            try await recordStage(row.id, stage, at: context.now, by: context.actor?.userID, on: context.db)
        }
        try await AgendaBounds.refresh([row.id], on: context.db)
        try await InteractionService(context).rebook(row, on: context.db)
        for project in Set([row["project_id"].uuidValue, previous?["project_id"].uuidValue].compactMap({ $0 })) {
            try await ProjectAnalytics.refresh(project, on: context.db)
        }
    }

    public static func recordStage(_ interaction: UUID, _ stage: UUID, at date: Date, by user: UUID?, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("UPDATE stage_history SET left_at = \(bind: date) WHERE interaction_id = \(bind: interaction) AND left_at IS NULL").run()
        try await sql.raw("""
            INSERT INTO stage_history (id, interaction_id, stage_id, entered_at, user_id)
            VALUES (\(bind: UUID()), \(bind: interaction), \(bind: stage), \(bind: date), \(bind: user))
            """).run()
    }

    /// Moves an interaction to a stage of its type (the board's drag and drop and its form fallback).
    public func move(_ id: UUID, to stage: UUID) async throws {
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        _ = try await EntityService(definition, context).update(id, EntityInput(values: ["stageId": stage.uuidString.lowercased()], isPartial: true))
    }

    public func markDone(_ id: UUID, _ done: Bool) async throws {
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        _ = try await EntityService(definition, context).update(id, EntityInput(values: ["done": done ? "true" : "false"], isPartial: true))
    }

    /// Schedules the next interaction from this one (same type, company, contacts, owner) at `date`.
    public func followUp(_ id: UUID, at start: Date, subject: String?) async throws -> UUID {
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        let service = EntityService(definition, context)
        let source = try await service.get(id)
        var values: [String: String] = [
            "typeId": source["type_id"].uuidValue?.uuidString.lowercased() ?? "",
            "subject": (subject?.isEmpty == false ? subject! : "Suivi : " + (source["subject"].textValue ?? "")),
            "startsAt": ISO8601.string(start),
            "endsAt": ISO8601.string(start.addingTimeInterval((source["ends_at"].dateValue ?? start).timeIntervalSince(source["starts_at"].dateValue ?? start).clamped(to: 900...8 * 3600))),
            "dueDate": CalendarDay(start).isoString,
        ]
        if let company = source["company_id"].uuidValue { values["companyId"] = company.uuidString.lowercased() }
        if let owner = source["owner_id"].uuidValue { values["ownerId"] = owner.uuidString.lowercased() }
        let created = try await service.create(EntityInput(values: values, isPartial: false))
        let sql = try TableStore.sqlDatabase(context.db)
        try await context.db.transaction { db in
            let sql = try TableStore.sqlDatabase(db)
            try await sql.raw("UPDATE interactions SET follow_up_of = \(bind: id) WHERE id = \(bind: created.id)").run()
            for contact in try await links(id, "interaction_contacts", "contact_id", on: db) {
                try await sql.raw("INSERT INTO interaction_contacts (id, interaction_id, contact_id) VALUES (\(bind: context.newID()), \(bind: created.id), \(bind: contact))").run()
            }
        }
        _ = sql
        return created.id
    }

    // MARK: - Links

    public func links(_ id: UUID, _ table: String, _ column: String, on db: any Database) async throws -> [UUID] {
        try await TableStore.sqlDatabase(db)
            .raw("SELECT \(ident: column) AS other FROM \(ident: table) WHERE interaction_id = \(bind: id)").all()
            .map { try $0.decode(column: "other", as: UUID.self) }
    }

    /// Replaces the set linked through `table` (participants, resources); resources are re-booked.
    public func setLinks(_ id: UUID, _ table: String, _ column: String, to others: Set<UUID>) async throws {
        try context.authorize(.write, .activities)
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        let row = try await EntityService(definition, context).get(id)
        let current = Set(try await links(id, table, column, on: context.db))
        guard current != others else { return }
        try await context.db.transaction { db in
            let sql = try TableStore.sqlDatabase(db)
            for removed in current.subtracting(others) {
                try await sql.raw("DELETE FROM \(ident: table) WHERE interaction_id = \(bind: id) AND \(ident: column) = \(bind: removed)").run()
            }
            for added in others.subtracting(current) {
                try await sql.raw("INSERT INTO \(ident: table) (id, interaction_id, \(ident: column)) VALUES (\(bind: context.newID()), \(bind: id), \(bind: added))").run()
            }
            try await AuditLog.record(
                .update, entity: "interactions", id: id.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                changes: [column: (.text(current.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")),
                                   .text(others.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")))],
                by: context.auditActor, at: context.now, on: db)
            if table == "interaction_resources" { try await rebook(row, on: db) }
        }
    }

    // MARK: - Bookings

    /// A SQL condition true when the context's user may see an interaction of the project in `column`: every
    /// project for administrators, else no project, a public one or one they belong to; nothing for nobody.
    public static func visibleSQL(_ column: String, _ context: ServiceContext) -> SQLQueryString {
        guard let actor = context.actor else { return "1 = 0" }
        if actor.isAdmin { return "1 = 1" }
        if actor.isGuest { return "\(unsafeRaw: column) IN (SELECT project_id FROM project_users WHERE user_id = \(bind: actor.userID))" }
        return ProjectAccess.visible(column, user: actor.userID)
    }

    /// How far ahead the occurrences of an endless series are booked.
    public static let bookingHorizon: TimeInterval = 2 * 366 * 24 * 3600

    /// Re-creates the interaction's bookings from its times and resources. Another interaction holding
    /// a resource at that time makes the write fail (checked here to name it; enforced by the database).
    public func rebook(_ row: TableRow, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM resource_bookings WHERE interaction_id = \(bind: row.id)").run()
        let resources = try await links(row.id, "interaction_resources", "resource_id", on: db)
        guard !resources.isEmpty, row["archived"] != .bool(true) else { return }
        let overridden = Set(try await sql.raw("SELECT original_start FROM interactions WHERE series_id = \(bind: row.id)").all()
            .compactMap { try $0.decode(column: "original_start", as: Date?.self) })
        let windows = try InteractionOccurrences.windows(row, horizon: context.now.addingTimeInterval(Self.bookingHorizon), overridden: overridden)
        for resource in resources {
            for (start, end) in windows {
                if let other = try await sql.raw("""
                    SELECT b.interaction_id, CASE WHEN \(Self.visibleSQL("i.project_id", context)) THEN i.subject ELSE NULL END AS subject, r.name
                    FROM resource_bookings b JOIN interactions i ON i.id = b.interaction_id
                    JOIN resources r ON r.id = b.resource_id
                    WHERE b.resource_id = \(bind: resource) AND b.starts_at < \(bind: end) AND b.ends_at > \(bind: start) LIMIT 1
                    """).first() {
                    let name = try other.decode(column: "name", as: String.self)
                    let when = DateDisplay.dateTime(start)
                    // The other booking's subject only for those who may see it (a private project's stays hidden).
                    guard let subject = try other.decode(column: "subject", as: String?.self) else {
                        throw AppError(
                            .conflict, code: "booking_conflict",
                            L("« \(name) » est déjà réservée le \(when).", "\"\(name)\" is already booked on \(when)."))
                    }
                    throw AppError(
                        .conflict, code: "booking_conflict",
                        L("« \(name) » est déjà réservée le \(when) par « \(subject) ».", "\"\(name)\" is already booked on \(when) by \"\(subject)\"."),
                        related: [RelatedRecord(id: try other.decode(column: "interaction_id", as: UUID.self), title: subject,
                                                path: "/interactions/\(try other.decode(column: "interaction_id", as: UUID.self).uuidString.lowercased())")])
                }
                try await sql.raw("""
                    INSERT INTO resource_bookings (id, resource_id, interaction_id, starts_at, ends_at)
                    VALUES (\(bind: UUID()), \(bind: resource), \(bind: row.id), \(bind: start), \(bind: end))
                    """).run()
            }
        }
    }
}

extension TimeInterval {
    public func clamped(to range: ClosedRange<TimeInterval>) -> TimeInterval { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}

/// The time windows an interaction occupies: itself, or each occurrence of its series up to the
/// horizon (occurrences edited on their own book their own time).
public enum InteractionOccurrences {
    public static func windows(_ row: TableRow, horizon: Date, overridden: Set<Date> = []) throws -> [(Date, Date)] {
        guard let start = row["starts_at"].dateValue else { return [] }
        let end = max(row["ends_at"].dateValue ?? start.addingTimeInterval(3600), start.addingTimeInterval(60))
        guard let series = series(row, overridden: overridden) else { return [(start, end)] }
        let until = min(series.lastOccurrenceEnd() ?? horizon, horizon)
        return series.occurrences(from: start, to: until.addingTimeInterval(1), limit: 2_000).map { ($0.start, $0.end) }
    }

    /// The recurrence of a series' first row, with its skipped occurrences (EXDATE) and the originals
    /// of its separately edited occurrences left out.
    public static func series(_ row: TableRow, overridden: Set<Date> = []) -> RecurrenceSeries? {
        guard let text = row["rrule"].textValue, let rule = try? RecurrenceRule(parsing: text), let start = row["starts_at"].dateValue else { return nil }
        let end = max(row["ends_at"].dateValue ?? start.addingTimeInterval(3600), start.addingTimeInterval(60))
        return RecurrenceSeries(start: start, duration: end.timeIntervalSince(start), rule: rule,
                                exceptions: exceptionDates(row).union(overridden))
    }

    public static func exceptionDates(_ row: TableRow) -> Set<Date> {
        Set((row["exdates"].textValue ?? "").split(separator: "\n").compactMap { try? Date(String($0), strategy: .iso8601) })
    }

    public static func encode(_ dates: Set<Date>) -> String {
        dates.sorted().map { ISO8601.string($0) }.joined(separator: "\n")
    }
}
