import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

/// ICS subscription feeds (per user, per resource): a secret URL that calendar programs poll, revocable;
/// recurring series are exported as RRULE + EXDATE + edited occurrences.
public struct CalendarFeedService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// The window a feed covers around today.
    public static let past: TimeInterval = 90 * 86_400
    public static let future: TimeInterval = 400 * 86_400

    /// The actor's feeds, newest first.
    public func feeds() async throws -> [CalendarFeedRecord] {
        guard let actor = context.actor else { throw AppError.unauthorized }
        return try await CalendarFeedStore.feeds(of: actor.userID, on: context.db)
    }

    /// A new feed of the actor's agenda (`kind` "user"), or of a resource's ("resource"); returns the secret token
    /// (shown once, only its hash is kept).
    public func create(kind requested: String, resource: UUID?) async throws -> String {
        // A feed is a standing grant to read the agenda without signing in: creating one is a write.
        try context.authorize(.write, .activities)
        guard let actor = context.actor else { throw AppError.unauthorized }
        let token = SecureTokens.random()
        let id = context.newID()
        let kind = requested == "resource" ? "resource" : "user"
        try await context.transaction { context in
            var subject = actor.userID
            if kind == "resource" {
                guard let resource, try await TableStore.exists("resources", id: resource, on: context.db) else {
                    throw AppError.validation(["resourceId": [L("Choisissez une ressource.", "Choose a resource.")]])
                }
                subject = resource
            }
            try await CalendarFeedStore.create(
                id, kind: kind, subject: subject, tokenHash: SecureTokens.sha256Hex(token), by: actor.userID, at: context.now,
                on: context.db)
            try await AuditLog.record(
                .create, entity: "calendar_feeds", id: id.uuidString.lowercased(), summary: kind, by: context.auditActor, at: context.now,
                on: context.db)
        }
        return token
    }

    /// Revokes one of the actor's feeds (another's is not found).
    public func revoke(_ id: UUID) async throws {
        guard let actor = context.actor else { throw AppError.unauthorized }
        try await context.transaction { context in
            guard let feed = try await CalendarFeedStore.find(id, on: context.db), feed.createdBy == actor.userID else {
                throw AppError.notFound
            }
            try await CalendarFeedStore.revoke(id, at: context.now, on: context.db)
            try await AuditLog.record(
                .update, entity: "calendar_feeds", id: id.uuidString.lowercased(), summary: "revoked", by: context.auditActor,
                at: context.now,
                on: context.db)
        }
    }

    /// The iCalendar text of a live feed, read with its creator's eyes; 404 for an unknown or revoked token.
    /// `baseURL` makes each event link back to its interaction (none when empty).
    public func calendar(token: String, baseURL: String) async throws -> String {
        guard let feed = try await CalendarFeedStore.live(tokenHash: SecureTokens.sha256Hex(token), on: context.db) else {
            throw AppError.notFound
        }
        try await CalendarFeedStore.markUsed(feed.id, at: context.now, on: context.db)
        let owner = try await User.find(feed.createdBy, on: context.db)
        let viewer: ProjectViewer
        switch owner?.roleValue {
        case .admin?: viewer = .everything
        case .guest?: viewer = .member(feed.createdBy)
        default: viewer = .user(feed.createdBy)
        }
        let filter =
            feed.kind == "resource"
            ? AgendaFilter(resources: [feed.subjectID], viewer: viewer) : AgendaFilter(users: [feed.subjectID], viewer: viewer)
        let name =
            feed.kind == "resource"
            ? (try await ActivitySettingsStore.resourceName(feed.subjectID, on: context.db) ?? "Ressource")
            : (try await User.find(feed.subjectID, on: context.db))?.name ?? "Agenda"
        return try await Self.text(name: "Comptoir — \(name)", filter, now: context.now, baseURL: baseURL, on: context.db)
    }

    /// The iCalendar text of an agenda: single interactions, and each series once with its rule.
    ///
    /// Series are written as RRULE + EXDATE + edited occurrences, never expanded: the agenda's reads without
    /// the expansion, in three queries whatever the number of series.
    public static func text(name: String, _ filter: AgendaFilter, now: Date, baseURL base: String, on db: any Database) async throws
        -> String
    {
        let from = now.addingTimeInterval(-past)
        let to = now.addingTimeInterval(future)
        let rows = try await AgendaService.rows(from: from, to: to, filter, on: db)
        // Events in the order of the agenda: a series where its first entry in the window falls.
        var groups: [(start: Date, subject: String, events: [CalendarEvent])] = []
        for row in rows.singles {
            let item = AgendaService.item(row, start: nil, end: nil, original: nil)
            groups.append((item.start, item.subject, [event(for: item, base: base)]))
        }
        for series in rows.series {
            let subject = series.master.subject
            var first = series.rule.occurrences(from: from, to: to, limit: 1).first.map { ($0.start, subject) }
            var overrides: [Date: RecurrenceSeries.Override] = [:]
            for row in series.edited {
                guard let original = row.originalStart, let start = row.startsAt else { continue }
                let end = row.endsAt ?? start
                overrides[original] = .init(start: start, duration: end.timeIntervalSince(start))
                if start < to, end > from {
                    let entry = (start, row.subject)
                    if first.map({ entry < $0 }) ?? true { first = entry }
                }
            }
            guard let first else { continue }
            groups.append((first.0, first.1, seriesEvents(series, overrides: overrides, base: base)))
        }
        groups.sort { ($0.start, $0.subject) < ($1.start, $1.subject) }
        return CalendarFeed(name: name, events: groups.flatMap(\.events)).serialized(now: now)
    }

    private static func event(for item: AgendaItem, base: String) -> CalendarEvent {
        let timing: CalendarEvent.Timing =
            item.allDay
            ? .allDay(first: CalendarDay(item.start), last: max(CalendarDay(item.start), CalendarDay(item.end.addingTimeInterval(-1))))
            : .timed(start: item.start, end: item.end)
        return CalendarEvent(
            uid: "\(item.interactionID.uuidString.lowercased())@comptoir", summary: item.subject, location: item.location, timing: timing,
            status: item.done ? .confirmed : nil, categories: [item.type],
            url: base.isEmpty ? nil : "\(base)/interactions/\(item.interactionID.uuidString.lowercased())")
    }

    /// A series as one master event with RRULE and EXDATE, plus one event per separately edited occurrence.
    private static func seriesEvents(_ rows: AgendaService.Series, overrides: [Date: RecurrenceSeries.Override], base: String)
        -> [CalendarEvent]
    {
        let master = rows.master
        let id = rows.id
        guard let start = master.startsAt else { return [] }
        // The rule with its EXDATEs only; the edited occurrences become RECURRENCE-ID events.
        var series = rows.rule
        series.exceptions = InteractionOccurrences.exceptionDates(
            TableRow(id: id, values: ["exdates": master.exdates.map { .text($0) } ?? .null]))
        series.overrides = overrides
        let template = CalendarEvent(
            uid: "\(id.uuidString.lowercased())@comptoir", summary: master.subject, description: master.description ?? "",
            location: master.location ?? "", timing: .timed(start: start, end: start.addingTimeInterval(series.duration)),
            lastModified: master.updatedAt, url: base.isEmpty ? nil : "\(base)/interactions/\(id.uuidString.lowercased())")
        return CalendarEvent.events(for: series, like: template)
    }
}
