import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// « Nouveau projet depuis un modèle »: copies roles and members, custom values, attachments, and
/// the interaction plan with its dates moved to the new start (a series keeps its rule, its end moves too).
enum ProjectTemplates {
    static func instantiate(_ templateID: UUID, title: String, start: CalendarDay, _ request: Request) async throws -> UUID {
        try request.authorize(.write, .projects)
        let definition = try await ProjectsEntity.definition.resolved(for: request)
        let template = try await EntityService(definition, request).get(templateID)
        guard template["is_template"] == .bool(true) else {
            throw AppError.validation(["template": [L("Ce projet n'est pas un modèle.", "This project is not a template.")]])
        }
        let cleanTitle = title.trimmingCharacters(in: .whitespaces)
        guard !cleanTitle.isEmpty, cleanTitle.count <= 200 else { throw AppError.validation(["title": [FieldParsing.requiredMessage]]) }
        let sql = try TableStore.sqlDatabase(request.db)
        let plan = try await TableStore.list(
            InteractionsEntity.definition.tableSpec,
            ListRequest(filters: [.equals("project_id", .uuid(templateID)), .equals("series_id", .null)], sortColumn: "created_at", limit: 500),
            on: request.db).rows
        // The template's day zero: its start date, else its first planned interaction.
        let origin = template["starts_on"].textValue.flatMap { CalendarDay(parsing: $0) }
            ?? plan.compactMap { $0["starts_at"].dateValue.map { CalendarDay($0) } }.min() ?? start
        let shiftDays = origin.days(to: start)
        let newID = request.newID()
        @Sendable func shifted(_ date: Date) -> Date {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .paris
            return calendar.date(byAdding: .day, value: shiftDays, to: date) ?? date
        }

        try await request.db.transaction { db in
            let sql = try TableStore.sqlDatabase(db)
            var values = template.values.filter { definition.tableSpec.column($0.key) != nil }
            values["title"] = .text(cleanTitle)
            values["code"] = .null
            values["is_template"] = .bool(false)
            values["starts_on"] = .text(start.isoString)
            values["ends_on"] = template["ends_on"].textValue.flatMap { CalendarDay(parsing: $0) }.map { .text($0.adding(days: shiftDays).isoString) } ?? .null
            values["sales_total"] = .int(0); values["purchases_total"] = .int(0); values["margin"] = .int(0)
            values["created_at"] = .date(request.now); values["updated_at"] = .date(request.now)
            let projectValues = values
            try await TableStore.insert(definition.tableSpec, id: newID, values: projectValues, on: db)
            for kind in ProjectMembers.Kind.allCases {
                try await sql.raw("""
                    INSERT INTO \(ident: kind.table) (id, project_id, \(ident: kind.column), role, created_at)
                    SELECT \(unsafeRaw: uuidExpression(sql)), \(bind: newID), \(ident: kind.column), role, \(bind: request.now) FROM \(ident: kind.table) WHERE project_id = \(bind: templateID)
                    """).run()
            }
            if let user = request.actor?.userID,
                try await sql.raw("SELECT id FROM project_users WHERE project_id = \(bind: newID) AND user_id = \(bind: user)").first() == nil
            {
                try await ProjectMembers.add(.users, user, role: "Responsable", to: newID, request.context.on(db))
            }
            try await CustomFieldStore.copy(from: templateID, to: newID, ids: { request.newID() }, on: db)
            for attachment in try await AttachmentStore.list(ownerKind: "projects", ownerID: templateID, on: db) {
                try await AttachmentStore.attach(id: request.newID(), ownerKind: "projects", ownerID: newID, sha: attachment.sha256, name: attachment.originalName,
                                                 contentType: attachment.contentType, size: attachment.size, by: request.actor?.userID, at: request.now, on: db)
            }
            for item in plan {
                var copy = item.values
                let id = request.newID()
                copy["project_id"] = .uuid(newID)
                if let starts = item["starts_at"].dateValue { copy["starts_at"] = .date(shifted(starts)) }
                if let ends = item["ends_at"].dateValue { copy["ends_at"] = .date(shifted(ends)) }
                if let due = item["due_date"].textValue.flatMap({ CalendarDay(parsing: $0) }) { copy["due_date"] = .text(due.adding(days: shiftDays).isoString) }
                if let text = item["rrule"].textValue, let rule = try? RecurrenceRule(parsing: text) {
                    copy["rrule"] = .text(rule.until.map { until in
                        text.replacingOccurrences(of: RecurrenceUntil.string(until), with: RecurrenceUntil.string(shifted(until)))
                    } ?? text)
                }
                copy["exdates"] = .null
                copy["done"] = .bool(false); copy["done_at"] = .null
                copy["created_at"] = .date(request.now); copy["updated_at"] = .date(request.now)
                let interactionValues = copy
                try await TableStore.insert(InteractionsEntity.definition.tableSpec, id: id, values: interactionValues, on: db)
                try await AgendaBounds.refresh([id], on: db)
                for (table, column) in [("interaction_contacts", "contact_id"), ("interaction_participants", "user_id"), ("interaction_resources", "resource_id")] {
                    try await sql.raw("""
                        INSERT INTO \(ident: table) (id, interaction_id, \(ident: column))
                        SELECT \(unsafeRaw: uuidExpression(sql)), \(bind: id), \(ident: column) FROM \(ident: table) WHERE interaction_id = \(bind: item.id)
                        """).run()
                }
                if let saved = try await TableStore.get(InteractionsEntity.definition.tableSpec, id: id, on: db) {
                    try await InteractionService(request).rebook(saved, on: db)
                }
            }
            try await AuditLog.record(.create, entity: "projects", id: newID.uuidString.lowercased(), summary: cleanTitle,
                                      changes: ["template": (.null, .uuid(templateID))], by: request.auditActor, at: request.now, on: db)
        }
        _ = sql
        return newID
    }

    /// A new random id computed by the database, for INSERT … SELECT copies.
    static func uuidExpression(_ sql: any SQLDatabase) -> String {
        sql.dialect.name == "postgresql"
            ? "gen_random_uuid()"
            : "randomblob(16)"
    }
}
