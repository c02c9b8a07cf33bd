import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

import struct SQLKit.SQLQueryString

/// Interaction use cases beyond the generic form: stage moves with their history, contacts,
/// participants, resources (booked in the database), follow-ups, completion, and the reads of the
/// pages around them (timeline, tasks, stage history).
public struct InteractionService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// After every create/update, inside its transaction: the stage history, the agenda bounds, the resource
    /// bookings, the search document and the figures of the projects concerned.
    @Sendable public static func afterWrite(_ row: TableRow, _ previous: TableRow?, _ context: ServiceContext) async throws {
        // The stage moved (or the record was created at one): compared with the row before the write, not with a second
        // reading of the clock, which a real clock never gives back equal (nor a fraction of a second read back).
        if let stage = row["stage_id"].uuidValue, stage != previous?["stage_id"].uuidValue {
            let at = row["stage_changed_at"].dateValue ?? context.now
            try await InteractionStore.recordStage(row.id, stage, entry: context.newID(), at: at, by: context.actor?.userID, on: context.db)
        }
        try await AgendaBounds.refresh([row.id], on: context.db)
        try await InteractionService(context).rebook(row, on: context.db)
        try await SearchIndex.upsert(InteractionSearch.document(row), on: context.db)
        for project in Set([row["project_id"].uuidValue, previous?["project_id"].uuidValue].compactMap({ $0 })) {
            try await ProjectAnalytics.refresh(project, on: context.db)
        }
    }

    /// Closes the interaction's current stage in its history and opens `stage` (the demo loader backdates it).
    public static func recordStage(_ interaction: UUID, _ stage: UUID, at date: Date, by user: UUID?, on db: any Database) async throws {
        try await InteractionStore.recordStage(interaction, stage, entry: UUID(), at: date, by: user, on: db)
    }

    // MARK: - Visibility

    /// Whose eyes the context reads with, for private projects: everything for administrators and the program,
    /// the members' projects for a guest, public and own projects for other users, nothing for nobody.
    public static func viewer(_ context: ServiceContext) -> ProjectViewer {
        if context.seesEverything { return .everything }
        guard let actor = context.actor else { return .nobody }
        return actor.isGuest ? .member(actor.userID) : .user(actor.userID)
    }

    /// A SQL condition true when the context's user may see an interaction of the project in `column`: the one
    /// visibility function of the Store (`ProjectAccess.visible`) for the context's viewer.
    public static func visibleSQL(_ column: String, _ context: ServiceContext) -> SQLQueryString {
        ProjectAccess.visible(column, viewer(context))
    }

    // MARK: - Stages and completion

    /// Moves an interaction to a stage of its type (the board's drag and drop and its form fallback).
    public func move(_ id: UUID, to stage: UUID) async throws {
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        _ = try await EntityService(definition, context).update(
            id, EntityInput(values: ["stageId": stage.uuidString.lowercased()], isPartial: true))
    }

    public func markDone(_ id: UUID, _ done: Bool) async throws {
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        _ = try await EntityService(definition, context).update(id, EntityInput(values: ["done": done ? "true" : "false"], isPartial: true))
    }

    /// Schedules the next interaction from this one (same type, company, contacts, owner) at `start`, in one transaction.
    public func followUp(_ id: UUID, at start: Date, subject: String?) async throws -> UUID {
        try context.authorize(.write, .activities)
        let definition = try await InteractionsEntity.definition.resolved(for: context)
        return try await context.transaction { context in
            let service = EntityService(definition, context)
            let source = try await service.get(id)
            var values: [String: String] = [
                "typeId": source["type_id"].uuidValue?.uuidString.lowercased() ?? "",
                "subject": (subject?.isEmpty == false ? subject! : "Suivi : " + (source["subject"].textValue ?? "")),
                "startsAt": ISO8601.string(start),
                "endsAt": ISO8601.string(
                    start.addingTimeInterval(
                        (source["ends_at"].dateValue ?? start).timeIntervalSince(source["starts_at"].dateValue ?? start).clamped(
                            to: 900...8 * 3600))),
                "dueDate": CalendarDay(start).isoString,
            ]
            if let company = source["company_id"].uuidValue { values["companyId"] = company.uuidString.lowercased() }
            if let owner = source["owner_id"].uuidValue { values["ownerId"] = owner.uuidString.lowercased() }
            let created = try await service.create(EntityInput(values: values, isPartial: false))
            try await InteractionStore.markFollowUp(created.id, of: id, on: context.db)
            let contacts = try await InteractionStore.linked(id, .contacts, on: context.db)
            try await InteractionStore.link(created.id, .contacts, contacts.map { (context.newID(), $0) }, on: context.db)
            return created.id
        }
    }

    // MARK: - Links

    /// The records linked through `table` by `column` (`interaction_contacts`/`contact_id`, …).
    public func links(_ id: UUID, _ table: String, _ column: String, on db: any Database) async throws -> [UUID] {
        guard let link = InteractionLink(table: table, column: column) else { throw AppError.notFound }
        return try await InteractionStore.linked(id, link, on: db)
    }

    public func links(_ id: UUID, _ link: InteractionLink) async throws -> [UUID] {
        try context.authorize(.read, .activities)
        return try await InteractionStore.linked(id, link, on: context.db)
    }

    /// Replaces the set linked through `table` (contacts, participants, resources); resources are re-booked.
    public func setLinks(_ id: UUID, _ table: String, _ column: String, to others: Set<UUID>) async throws {
        guard let link = InteractionLink(table: table, column: column) else { throw AppError.notFound }
        try await setLinks(id, link, to: others)
    }

    /// Replaces a linked set (the participants' and resources' check boxes).
    public func setLinks(_ id: UUID, _ link: InteractionLink, to others: Set<UUID>) async throws {
        try await changeLinks(id, link) { _ in others }
    }

    /// Links one more record (a contact added by name).
    public func addLink(_ id: UUID, _ link: InteractionLink, _ other: UUID) async throws {
        try await changeLinks(id, link) { $0.union([other]) }
    }

    public func removeLink(_ id: UUID, _ link: InteractionLink, _ other: UUID) async throws {
        try await changeLinks(id, link) { $0.subtracting([other]) }
    }

    /// Changes a linked set in one write: lock, read the interaction (row scope) and its links, write the change,
    /// re-book, audit.
    private func changeLinks(_ id: UUID, _ link: InteractionLink, _ change: @escaping @Sendable (Set<UUID>) -> Set<UUID>) async throws {
        try context.authorize(.write, .activities)
        try await context.transaction { context in
            try await WriteLock.acquire(InteractionsEntity.definition.table, on: context.db)
            let row = try await EntityService(InteractionsEntity.definition, context).get(id)
            let current = Set(try await InteractionStore.linked(id, link, on: context.db))
            let others = change(current)
            guard current != others else { return }
            try await InteractionStore.unlink(id, link, Array(current.subtracting(others)), on: context.db)
            try await InteractionStore.link(id, link, others.subtracting(current).map { (context.newID(), $0) }, on: context.db)
            if link == .resources { try await InteractionService(context).rebook(row, on: context.db) }
            try await AuditLog.record(
                .update, entity: "interactions", id: id.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                changes: [
                    link.column: (
                        .text(current.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")),
                        .text(others.map { $0.uuidString.lowercased() }.sorted().joined(separator: ","))
                    )
                ],
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// Gives `copy` the contacts, participants and resources of `source` (call inside the write).
    public func copyLinks(from source: UUID, to copy: UUID) async throws {
        for link in InteractionLink.allCases {
            let others = try await InteractionStore.linked(source, link, on: context.db)
            try await InteractionStore.link(copy, link, others.map { (context.newID(), $0) }, on: context.db)
        }
    }

    // MARK: - Reads for pages

    /// The contacts of an interaction with their names.
    public func contacts(of id: UUID) async throws -> [(id: UUID, name: String)] {
        try context.authorize(.read, .activities)
        return try await InteractionStore.contacts(of: id, on: context.db)
    }

    /// How long the interaction stayed in each stage.
    public func stageHistory(of id: UUID) async throws -> [StageHistoryEntry] {
        try context.authorize(.read, .activities)
        return try await InteractionStore.stageHistory(of: id, on: context.db)
    }

    /// The timeline of a company or a contact: its last 100 interactions the actor may see, newest first.
    public func timeline(_ kind: DirectoryKind, _ id: UUID, type: UUID?) async throws -> [TimelineEntry] {
        try context.authorize(.read, .activities)
        let owner: InteractionStore.TimelineOwner = kind == .companies ? .company(id) : .contact(id)
        return try await InteractionStore.timeline(owner, type: type, viewer: Self.viewer(context), on: context.db)
    }

    /// « Mes tâches »: what the actor owns or takes part in that is not done, with a due date or a start.
    public func openTasks() async throws -> [OpenTask] {
        try context.authorize(.read, .activities)
        guard let actor = context.actor else { throw AppError.unauthorized }
        return try await InteractionStore.openTasks(of: actor.userID, on: context.db)
    }

    // MARK: - Bookings

    /// How far ahead the occurrences of an endless series are booked.
    public static let bookingHorizon: TimeInterval = 2 * 366 * 24 * 3600

    /// Re-creates the interaction's bookings from its times and resources; call inside the write. Another interaction
    /// holding a resource at that time makes the write fail with `booking_conflict`, naming it to those who may see it.
    /// The bookings' write lock is taken first, so the check still holds at commit (the database enforces it too).
    public func rebook(_ row: TableRow, on db: any Database) async throws {
        try await WriteLock.acquire(BookingStore.lockScope, on: db)
        try await BookingStore.clear(row.id, on: db)
        let resources = try await InteractionStore.linked(row.id, .resources, on: db)
        guard !resources.isEmpty, row["archived"] != .bool(true) else { return }
        let overridden = try await InteractionStore.editedOriginals(of: row.id, on: db)
        let windows = try InteractionOccurrences.windows(
            row, horizon: context.now.addingTimeInterval(Self.bookingHorizon), overridden: overridden)
        let viewer = Self.viewer(context)
        for resource in resources {
            for (start, end) in windows {
                if let other = try await BookingStore.conflict(resource, from: start, to: end, viewer: viewer, on: db) {
                    let name = other.resourceName
                    let when = DateDisplay.dateTime(start)
                    // The other booking's subject only for those who may see it (a private project's stays hidden).
                    guard let subject = other.subject else {
                        throw AppError(
                            .conflict, code: "booking_conflict",
                            L("« \(name) » est déjà réservée le \(when).", "\"\(name)\" is already booked on \(when)."))
                    }
                    throw AppError(
                        .conflict, code: "booking_conflict",
                        L(
                            "« \(name) » est déjà réservée le \(when) par « \(subject) ».",
                            "\"\(name)\" is already booked on \(when) by \"\(subject)\"."),
                        related: [
                            RelatedRecord(
                                id: other.interactionID, title: subject,
                                path: "/interactions/\(other.interactionID.uuidString.lowercased())")
                        ])
                }
                try await BookingStore.book(context.newID(), resource: resource, interaction: row.id, from: start, to: end, on: db)
            }
        }
    }
}

extension TimeInterval {
    public func clamped(to range: ClosedRange<TimeInterval>) -> TimeInterval {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
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
        guard let text = row["rrule"].textValue, let rule = try? RecurrenceRule(parsing: text), let start = row["starts_at"].dateValue
        else { return nil }
        let end = max(row["ends_at"].dateValue ?? start.addingTimeInterval(3600), start.addingTimeInterval(60))
        return RecurrenceSeries(
            start: start, duration: end.timeIntervalSince(start), rule: rule,
            exceptions: exceptionDates(row).union(overridden))
    }

    public static func exceptionDates(_ row: TableRow) -> Set<Date> {
        Set((row["exdates"].textValue ?? "").split(separator: "\n").compactMap { try? Date(String($0), strategy: .iso8601) })
    }

    public static func encode(_ dates: Set<Date>) -> String {
        dates.sorted().map { ISO8601.string($0) }.joined(separator: "\n")
    }
}
