import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Nouveau projet depuis un modèle »: copies roles and members, custom values, attachments, and
/// the interaction plan with its dates moved to the new start (a series keeps its rule, its end moves too).
public enum ProjectTemplates {
    /// Creates a project from the template `templateID` starting on `start`, in one transaction under the
    /// projects' and interactions' locks: the template is read, checked and copied there, each copied interaction
    /// gets its derived state (agenda bounds, bookings, project analytics), and one audit entry names the template.
    public static func instantiate(_ templateID: UUID, title: String, start: CalendarDay, _ context: ServiceContext) async throws -> UUID {
        try context.authorize(.write, .projects)
        let definition = try await ProjectsEntity.definition.resolved(for: context)
        let interactions = InteractionsEntity.definition.tableSpec
        return try await context.transaction { context in
            try await WriteLock.acquire(definition.table, on: context.db)
            try await WriteLock.acquire(InteractionsEntity.definition.table, on: context.db)
            let template = try await EntityService(definition, context).get(templateID)
            guard template["is_template"] == .bool(true) else {
                throw AppError.validation(["template": [L("Ce projet n'est pas un modèle.", "This project is not a template.")]])
            }
            let cleanTitle = title.trimmingCharacters(in: .whitespaces)
            guard !cleanTitle.isEmpty, cleanTitle.count <= 200 else { throw AppError.validation(["title": [FieldParsing.requiredMessage]]) }
            let plan = try await TableStore.list(
                interactions,
                ListRequest(
                    filters: [.equals("project_id", .uuid(templateID)), .equals("series_id", .null)], sortColumn: "created_at", limit: 500),
                on: context.db
            ).rows
            // The template's day zero: its start date, else its first planned interaction.
            let origin =
                template["starts_on"].textValue.flatMap { CalendarDay(parsing: $0) }
                ?? plan.compactMap { $0["starts_at"].dateValue.map { CalendarDay($0) } }.min() ?? start
            let shiftDays = origin.days(to: start)
            func shifted(_ date: Date) -> Date {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = .paris
                return calendar.date(byAdding: .day, value: shiftDays, to: date) ?? date
            }
            let newID = context.newID()
            let now = context.now

            var values = template.values.filter { definition.tableSpec.column($0.key) != nil }
            values["title"] = .text(cleanTitle)
            values["code"] = .null
            values["is_template"] = .bool(false)
            values["starts_on"] = .text(start.isoString)
            values["ends_on"] =
                template["ends_on"].textValue.flatMap { CalendarDay(parsing: $0) }.map { .text($0.adding(days: shiftDays).isoString) }
                ?? .null
            values["sales_total"] = .int(0)
            values["purchases_total"] = .int(0)
            values["margin"] = .int(0)
            values["created_at"] = .date(now)
            values["updated_at"] = .date(now)
            try await TableStore.insert(definition.tableSpec, id: newID, values: values, on: context.db)
            try await ProjectMemberStore.copy(from: templateID, to: newID, at: now, on: context.db)
            if let user = context.actor?.userID, try await ProjectMemberStore.contains(.users, user, in: newID, on: context.db) == false {
                try await ProjectMembers.add(.users, user, role: "Responsable", to: newID, context)
            }
            try await CustomFieldStore.copy(from: templateID, to: newID, ids: { context.newID() }, on: context.db)
            for attachment in try await AttachmentStore.list(ownerKind: "projects", ownerID: templateID, on: context.db) {
                try await AttachmentStore.attach(
                    id: context.newID(), ownerKind: "projects", ownerID: newID, sha: attachment.sha256, name: attachment.originalName,
                    contentType: attachment.contentType, size: attachment.size, by: context.actor?.userID, at: now, on: context.db)
            }
            for item in plan {
                var copy = item.values
                let id = context.newID()
                copy["project_id"] = .uuid(newID)
                if let starts = item["starts_at"].dateValue { copy["starts_at"] = .date(shifted(starts)) }
                if let ends = item["ends_at"].dateValue { copy["ends_at"] = .date(shifted(ends)) }
                if let due = item["due_date"].textValue.flatMap({ CalendarDay(parsing: $0) }) {
                    copy["due_date"] = .text(due.adding(days: shiftDays).isoString)
                }
                if let text = item["rrule"].textValue, let rule = try? RecurrenceRule(parsing: text) {
                    copy["rrule"] = .text(
                        rule.until.map { until in
                            text.replacingOccurrences(of: untilText(until), with: untilText(shifted(until)))
                        } ?? text)
                }
                copy["exdates"] = .null
                copy["done"] = .bool(false)
                copy["done_at"] = .null
                copy["created_at"] = .date(now)
                copy["updated_at"] = .date(now)
                try await TableStore.insert(interactions, id: id, values: copy, on: context.db)
                try await ProjectQueries.copyInteractionLinks(from: item.id, to: id, on: context.db)
                if let saved = try await TableStore.get(interactions, id: id, on: context.db) {
                    // The interactions' own derived state: agenda bounds, resource bookings, the project's analytics.
                    try await InteractionService.afterWrite(saved, nil, context)
                }
            }
            try await AuditLog.record(
                .create, entity: "projects", id: newID.uuidString.lowercased(), summary: cleanTitle,
                changes: ["template": (.null, .uuid(templateID))], by: context.auditActor, at: now, on: context.db)
            return newID
        }
    }

    /// UNTIL as an RRULE writes it (UTC, `20260630T215959Z`).
    static func untilText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
