import FluentKit
import Foundation
import SQLKit

/// The sets linked to an interaction, each in its own table.
public enum InteractionLink: String, Sendable, CaseIterable {
    case contacts = "interaction_contacts"
    case participants = "interaction_participants"
    case resources = "interaction_resources"

    public var table: String { rawValue }
    /// The column naming the other side of the link.
    public var column: String {
        switch self {
        case .contacts: return "contact_id"
        case .participants: return "user_id"
        case .resources: return "resource_id"
        }
    }

    /// The link stored in `table` through `column` (the names the pages post), if it is one.
    public init?(table: String, column: String) {
        guard let link = InteractionLink(rawValue: table), link.column == column else { return nil }
        self = link
    }
}

/// One entry of a stage history.
public struct StageHistoryEntry: Sendable, Hashable {
    public var stage: String
    public var enteredAt: Date
    public var leftAt: Date?
}

/// One line of a company's or a contact's timeline.
public struct TimelineEntry: Sendable, Hashable {
    public var id: UUID
    public var subject: String
    public var startsAt: Date?
    public var createdAt: Date
    public var done: Bool
    public var typeID: UUID
    public var stage: String?
}

/// An open task of a user: due or starting on a day.
public struct OpenTask: Sendable, Hashable {
    public var id: UUID
    public var subject: String
    public var dueDate: String?
    public var startsAt: Date?
    public var type: String
    public var company: String?
}

/// Interactions' SQL beyond the generic table: links, stage history, follow-ups, series, timelines and tasks.
public enum InteractionStore {
    // MARK: - Links

    public static func linked(_ interaction: UUID, _ link: InteractionLink, on db: any Database) async throws -> [UUID] {
        try await TableStore.sqlDatabase(db)
            .raw("SELECT \(ident: link.column) AS other FROM \(ident: link.table) WHERE interaction_id = \(bind: interaction)").all()
            .map { try $0.decode(column: "other", as: UUID.self) }
    }

    public static func unlink(_ interaction: UUID, _ link: InteractionLink, _ others: [UUID], on db: any Database) async throws {
        guard !others.isEmpty else { return }
        let binds: [any Encodable & Sendable] = others
        try await TableStore.sqlDatabase(db).raw(
            """
            DELETE FROM \(ident: link.table) WHERE interaction_id = \(bind: interaction) AND \(ident: link.column) IN (\(binds: binds))
            """
        ).run()
    }

    /// Adds links; `others` pairs each new row's id with the record linked.
    public static func link(_ interaction: UUID, _ link: InteractionLink, _ others: [(id: UUID, other: UUID)], on db: any Database)
        async throws
    {
        let sql = try TableStore.sqlDatabase(db)
        for (id, other) in others {
            try await sql.raw(
                """
                INSERT INTO \(ident: link.table) (id, interaction_id, \(ident: link.column)) VALUES (\(bind: id), \(bind: interaction), \(bind: other))
                """
            ).run()
        }
    }

    /// The contacts of an interaction with their names, by last name.
    public static func contacts(of interaction: UUID, on db: any Database) async throws -> [(id: UUID, name: String)] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT c.id, c.display_name FROM interaction_contacts l JOIN contacts c ON c.id = l.contact_id
            WHERE l.interaction_id = \(bind: interaction) ORDER BY c.last_name_sort, c.display_name_sort
            """
        ).all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "display_name", as: String.self)) }
    }

    /// The contacts of each of these interactions (a list page's rows), by last name: the first `shown` of each with
    /// their names, and how many there are in all.
    public static func contactSummaries(of interactions: [UUID], shown: Int, on db: any Database) async throws -> [UUID: (
        contacts: [(id: UUID, name: String)], total: Int
    )] {
        var result: [UUID: (contacts: [(id: UUID, name: String)], total: Int)] = [:]
        for chunk in interactions.chunked(500) {
            let binds: [any Encodable & Sendable] = chunk
            let rows = try await TableStore.sqlDatabase(db).raw(
                """
                SELECT l.interaction_id, c.id, c.display_name FROM interaction_contacts l JOIN contacts c ON c.id = l.contact_id
                WHERE l.interaction_id IN (\(binds: binds)) ORDER BY l.interaction_id, c.last_name_sort, c.display_name_sort, c.id
                """
            ).all()
            for row in rows {
                let interaction = try row.decode(column: "interaction_id", as: UUID.self)
                var entry = result[interaction] ?? ([], 0)
                entry.total += 1
                if entry.contacts.count < shown {
                    entry.contacts.append(
                        (try row.decode(column: "id", as: UUID.self), try row.decode(column: "display_name", as: String.self)))
                }
                result[interaction] = entry
            }
        }
        return result
    }

    // MARK: - Stages

    /// Closes the current stage of the history and opens `stage`.
    public static func recordStage(_ interaction: UUID, _ stage: UUID, entry: UUID, at date: Date, by user: UUID?, on db: any Database)
        async throws
    {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw(
            "UPDATE stage_history SET left_at = \(bind: date) WHERE interaction_id = \(bind: interaction) AND left_at IS NULL"
        ).run()
        try await sql.raw(
            """
            INSERT INTO stage_history (id, interaction_id, stage_id, entered_at, user_id)
            VALUES (\(bind: entry), \(bind: interaction), \(bind: stage), \(bind: date), \(bind: user))
            """
        ).run()
    }

    public static func stageHistory(of interaction: UUID, on db: any Database) async throws -> [StageHistoryEntry] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT s.name, h.entered_at, h.left_at FROM stage_history h JOIN pipeline_stages s ON s.id = h.stage_id
            WHERE h.interaction_id = \(bind: interaction) ORDER BY h.entered_at
            """
        ).all().map {
            StageHistoryEntry(
                stage: try $0.decode(column: "name", as: String.self), enteredAt: try $0.decode(column: "entered_at", as: Date.self),
                leftAt: try $0.decode(column: "left_at", as: Date?.self))
        }
    }

    // MARK: - Follow-ups and series

    public static func markFollowUp(_ interaction: UUID, of source: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw("UPDATE interactions SET follow_up_of = \(bind: source) WHERE id = \(bind: interaction)")
            .run()
    }

    /// The original starts of a series' separately edited occurrences.
    public static func editedOriginals(of series: UUID, on db: any Database) async throws -> Set<Date> {
        Set(
            try await TableStore.sqlDatabase(db).raw("SELECT original_start FROM interactions WHERE series_id = \(bind: series)").all()
                .compactMap { try $0.decode(column: "original_start", as: Date?.self) })
    }

    /// Hands the edited occurrences from `original` on to the series that continues it.
    public static func moveEditedOccurrences(of series: UUID, from original: Date, to next: UUID, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE interactions SET series_id = \(bind: next) WHERE series_id = \(bind: series) AND original_start >= \(bind: original)
            """
        ).run()
    }

    // MARK: - Reads for pages

    /// Whose timeline.
    public enum TimelineOwner: Sendable, Hashable {
        case company(UUID)
        case contact(UUID)
    }

    /// The last 100 interactions of a company or a contact (optionally of one type), newest first, archived ones left out.
    public static func timeline(_ owner: TimelineOwner, type: UUID?, viewer: ProjectViewer, on db: any Database) async throws
        -> [TimelineEntry]
    {
        let condition: SQLQueryString
        switch owner {
        case .company(let id): condition = "i.company_id = \(bind: id)"
        case .contact(let id): condition = "i.id IN (SELECT interaction_id FROM interaction_contacts WHERE contact_id = \(bind: id))"
        }
        var narrowing: SQLQueryString = type.map { " AND i.type_id = \(bind: $0)" } ?? ""
        if viewer != .everything { narrowing.appendInterpolation(SQLQueryString(" AND \(ProjectAccess.visible("i.project_id", viewer))")) }
        return try await TableStore.sqlDatabase(db).raw(
            """
            SELECT i.id, i.subject, i.starts_at, i.created_at, i.done, i.type_id, s.name AS stage FROM interactions i
            LEFT JOIN pipeline_stages s ON s.id = i.stage_id
            WHERE \(condition)\(narrowing) AND i.archived = \(bind: false)
            ORDER BY COALESCE(i.starts_at, i.created_at) DESC LIMIT 100
            """
        ).all().map {
            TimelineEntry(
                id: try $0.decode(column: "id", as: UUID.self), subject: try $0.decode(column: "subject", as: String.self),
                startsAt: try $0.decode(column: "starts_at", as: Date?.self), createdAt: try $0.decode(column: "created_at", as: Date.self),
                done: try $0.decode(column: "done", as: Bool.self), typeID: try $0.decode(column: "type_id", as: UUID.self),
                stage: try $0.decode(column: "stage", as: String?.self))
        }
    }

    /// What `user` owns or takes part in, not done, not a series, with a due date or a start (at most 1 000).
    public static func openTasks(of user: UUID, on db: any Database) async throws -> [OpenTask] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT i.id, i.subject, i.due_date, i.starts_at, t.name AS type, c.name AS company FROM interactions i
            JOIN interaction_types t ON t.id = i.type_id LEFT JOIN companies c ON c.id = i.company_id
            WHERE i.done = \(bind: false) AND i.archived = \(bind: false) AND i.rrule IS NULL
            AND (i.owner_id = \(bind: user) OR i.id IN (SELECT interaction_id FROM interaction_participants WHERE user_id = \(bind: user)))
            AND (i.due_date IS NOT NULL OR i.starts_at IS NOT NULL)
            LIMIT 1000
            """
        ).all().map {
            OpenTask(
                id: try $0.decode(column: "id", as: UUID.self), subject: try $0.decode(column: "subject", as: String.self),
                dueDate: try $0.decode(column: "due_date", as: String?.self), startsAt: try $0.decode(column: "starts_at", as: Date?.self),
                type: try $0.decode(column: "type", as: String.self), company: try $0.decode(column: "company", as: String?.self))
        }
    }
}
