import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// One thing to show in the agenda: an interaction, or one occurrence of a recurring one.
public struct AgendaItem: Sendable, Hashable {
    /// The row to open: the interaction, the series, or the separately edited occurrence.
    public var interactionID: UUID
    public var seriesID: UUID?
    public var subject: String
    public var type: String
    public var start: Date
    public var end: Date
    public var allDay: Bool
    public var done: Bool
    public var location: String
    /// For an occurrence of a series: its start as the rule produced it.
    public var originalStart: Date?
}

/// « Agenda »: what users and resources have over a time range, recurring series expanded without materialising
/// them, through the one visibility rule of private projects.
public struct AgendaService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// The agenda of `users` and `resources` (nobody given: the actor's own) over [from, to), sorted by start.
    public func items(from: Date, to: Date, users: [UUID] = [], resources: [UUID] = []) async throws -> [AgendaItem] {
        try context.authorize(.read, .activities)
        return try await Self.items(from: from, to: to, try filter(users: users, resources: resources), on: context.db)
    }

    /// Whose agenda, seen with the actor's eyes: the actor's own when neither users nor resources are given.
    public func filter(users: [UUID], resources: [UUID]) throws -> AgendaFilter {
        guard let actor = context.actor else {
            guard context.isSystem else { throw AppError.unauthorized }
            return AgendaFilter(users: users, resources: resources, viewer: .everything)
        }
        return AgendaFilter(
            users: users.isEmpty && resources.isEmpty ? [actor.userID] : users, resources: resources,
            viewer: InteractionService.viewer(context))
    }

    public static func items(from: Date, to: Date, _ filter: AgendaFilter, on db: any Database) async throws -> [AgendaItem] {
        let rows = try await rows(from: from, to: to, filter, on: db)
        var items = rows.singles.map { item($0, start: nil, end: nil, original: nil) }
        for series in rows.series {
            for occurrence in series.rule.occurrences(from: from, to: to, limit: 5_000) {
                var entry = item(series.master, start: occurrence.start, end: occurrence.end, original: occurrence.originalStart)
                entry.seriesID = series.id
                items.append(entry)
            }
            for row in series.edited {
                let start = row.startsAt ?? .distantPast
                let end = row.endsAt ?? start
                guard start < to, end > from else { continue }
                var entry = item(row, start: nil, end: nil, original: row.originalStart)
                entry.seriesID = series.id
                items.append(entry)
            }
        }
        return items.sorted { ($0.start, $0.subject) < ($1.start, $1.subject) }
    }

    /// A series that may have occurrences in the range: its first row, its rule (edited occurrences left out)
    /// and its separately edited occurrences (wherever they moved).
    public struct Series: Sendable {
        public var id: UUID
        public var master: AgendaRow
        public var rule: RecurrenceSeries
        public var edited: [AgendaRow]
    }

    /// The rows behind `items`, unexpanded: single interactions overlapping the range, and the series that may
    /// have occurrences in it (the ICS feed writes those as RRULE + EXDATE without expanding them).
    public static func rows(from: Date, to: Date, _ filter: AgendaFilter, on db: any Database) async throws -> (
        singles: [AgendaRow], series: [Series]
    ) {
        let rows = try await AgendaStore.rows(from: from, to: to, filter, on: db)
        var series: [Series] = []
        for master in rows.masters {
            let edited = rows.edited[master.id] ?? []
            let originals = Set(edited.compactMap(\.originalStart))
            guard let rule = InteractionOccurrences.series(tableRow(master), overridden: originals) else { continue }
            series.append(Series(id: master.id, master: master, rule: rule, edited: edited))
        }
        return (rows.singles, series)
    }

    public static func item(_ row: AgendaRow, start: Date?, end: Date?, original: Date?) -> AgendaItem {
        let rowStart = row.startsAt ?? .distantPast
        return AgendaItem(
            interactionID: row.id, seriesID: row.seriesID, subject: row.subject, type: row.type,
            start: start ?? rowStart, end: end ?? (row.endsAt ?? rowStart), allDay: row.allDay, done: row.done,
            location: row.location ?? "", originalStart: original)
    }

    /// The columns `InteractionOccurrences` reads.
    static func tableRow(_ row: AgendaRow) -> TableRow {
        TableRow(
            id: row.id,
            values: [
                "starts_at": row.startsAt.map { .date($0) } ?? .null, "ends_at": row.endsAt.map { .date($0) } ?? .null,
                "rrule": row.rrule.map { .text($0) } ?? .null, "exdates": row.exdates.map { .text($0) } ?? .null,
            ])
    }
}
