import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// « Répétition »: define a series from simple choices, and act on one occurrence (skip it, edit it
/// alone, or edit it and the following ones).
enum RecurrencePanel {
    static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        guard row["series_id"] == .null, row["starts_at"] != .null else { return [] }
        let base = "/interactions/\(row.id.uuidString.lowercased())"
        let canWrite = Policy.allows(request.actor, .write, .activities)
        var nodes: [HTMLNode] = [H.el("h2", text: L("Répétition", "Repeat")(locale))]
        if let series = InteractionOccurrences.series(row) {
            nodes.append(H.el("p", [], [H.el("code", text: series.rule.rruleString)]))
            let upcoming = series.occurrences(from: max(request.now, series.start).addingTimeInterval(-86_400 * 7), to: request.now.addingTimeInterval(400 * 86_400), limit: 12)
            nodes.append(H.el("ul", [("class", "tasks")], upcoming.map { occurrence in
                let original = ISO8601.string(occurrence.originalStart)
                var item: [HTMLNode] = [H.el("time", text: DateDisplay.dateTime(occurrence.start, locale: locale))]
                if canWrite {
                    for (action, label) in [("skip", L("Supprimer", "Skip")), ("detach", L("Modifier celle-ci", "Edit this one")), ("split", L("Modifier celle-ci et les suivantes", "Edit this and following"))] {
                        item.append(H.postForm("\(base)/occurrences/\(action)", csrf: request.csrfToken, attributes: [("class", "inline")], [
                            H.hidden("original", original),
                            H.el("button", [("type", "submit"), ("class", "link-button")], text: label(locale)),
                        ]))
                    }
                }
                return H.el("li", [], item)
            }))
        } else {
            nodes.append(H.el("p", [("class", "muted")], text: L("Cette interaction ne se répète pas.", "This interaction does not repeat.")(locale)))
        }
        if canWrite {
            let days = [("MO", L("lun.", "Mon")), ("TU", L("mar.", "Tue")), ("WE", L("mer.", "Wed")), ("TH", L("jeu.", "Thu")), ("FR", L("ven.", "Fri")), ("SA", L("sam.", "Sat")), ("SU", L("dim.", "Sun"))]
            nodes.append(H.postForm("\(base)/recurrence", csrf: request.csrfToken, attributes: [("class", "inline-form")], [
                H.el("div", [("class", "field")], [H.el("label", [("for", "rec-freq")], text: L("Fréquence", "Frequency")(locale)),
                    EntityPagesView.select(id: "rec-freq", name: "frequency", options: [
                        ("", L("Ne se répète pas", "Does not repeat")(locale)), ("DAILY", L("Tous les jours", "Daily")(locale)),
                        ("WEEKLY", L("Toutes les semaines", "Weekly")(locale)), ("MONTHLY", L("Tous les mois", "Monthly")(locale)),
                        ("YEARLY", L("Tous les ans", "Yearly")(locale)),
                    ], selected: InteractionOccurrences.series(row)?.rule.frequency.rawValue.uppercased() ?? "")]),
                H.el("div", [("class", "field")], [H.el("label", [("for", "rec-interval")], text: L("Tous les", "Every")(locale)),
                    H.void("input", [("id", "rec-interval"), ("name", "interval"), ("type", "number"), ("min", "1"), ("max", "99"), ("value", "1")])]),
                H.el("fieldset", [("class", "choices weekdays")], [H.el("legend", text: L("Jours (hebdomadaire)", "Days (weekly)")(locale))] + days.map { code, label in
                    H.el("label", [("class", "checkbox")], [H.void("input", [("type", "checkbox"), ("name", "byDay[]"), ("value", code)]), H.text(" " + label(locale))])
                }),
                H.el("div", [("class", "field")], [H.el("label", [("for", "rec-monthly")], text: L("Chaque mois", "Each month")(locale)),
                    EntityPagesView.select(id: "rec-monthly", name: "monthly", options: [
                        ("day", L("le même jour du mois", "on the same day of the month")(locale)),
                        ("weekday", L("le même jour de la semaine (ex. 2e mardi)", "on the same weekday (e.g. 2nd Tuesday)")(locale)),
                    ], selected: "day")]),
                H.el("div", [("class", "field")], [H.el("label", [("for", "rec-until")], text: L("Jusqu'au (inclus)", "Until (included)")(locale)),
                    H.void("input", [("id", "rec-until"), ("name", "until"), ("type", "text"), ("placeholder", "jj/mm/aaaa"), ("inputmode", "numeric")])]),
                H.el("div", [("class", "field")], [H.el("label", [("for", "rec-count")], text: L("ou nombre de fois", "or number of times")(locale)),
                    H.void("input", [("id", "rec-count"), ("name", "count"), ("type", "number"), ("min", "1"), ("max", "1000")])]),
                H.el("button", [("type", "submit"), ("class", "button")], text: L("Enregistrer la répétition", "Save repeat")(locale)),
            ]))
        }
        return [H.el("section", [("class", "panel")], nodes)]
    }

    /// Builds the RRULE from the simple choices; errors name the field.
    static func rule(from form: [String: [String]], start: Date) throws -> String? {
        guard let frequency = form["frequency"]?.last, !frequency.isEmpty else { return nil }
        var parts = ["FREQ=\(frequency)"]
        let interval = Int(form["interval"]?.last ?? "1") ?? 1
        if interval > 1 { parts.append("INTERVAL=\(interval)") }
        let startDay = CalendarDay(start)
        let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        if frequency == "WEEKLY" {
            let days = (form["byDay"] ?? []).filter { codes.contains($0) }
            parts.append("BYDAY=" + (days.isEmpty ? [codes[startDay.weekday - 1]] : days).joined(separator: ","))
        }
        if frequency == "MONTHLY", form["monthly"]?.last == "weekday" {
            let ordinal = (startDay.day - 1) / 7 + 1
            parts.append("BYDAY=\(ordinal)\(codes[startDay.weekday - 1])")
        }
        if let untilText = form["until"]?.last, !untilText.isEmpty {
            guard let until = DateDisplay.parseDay(untilText) else {
                throw AppError.validation(["until": [L("Date de fin invalide (jj/mm/aaaa).", "Invalid end date (dd/mm/yyyy).")]])
            }
            let end = until.adding(days: 1).startDate().addingTimeInterval(-1)
            let stamp = RecurrenceUntil.string(end)
            parts.append("UNTIL=" + stamp)
        } else if let count = form["count"]?.last, !count.isEmpty {
            guard let value = Int(count), value > 0 else { throw AppError.validation(["count": [L("Nombre de fois invalide.", "Invalid number of times.")]]) }
            parts.append("COUNT=\(value)")
        }
        return parts.joined(separator: ";")
    }

    static func register(_ routes: any RoutesBuilder) {
        let base = routes.grouped("interactions", ":id")
        base.post("recurrence") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let id = try EntityRoutes.id(request)
            let definition = try await InteractionsEntity.definition.resolved(for: request)
            let row = try await EntityService(definition, request).get(id)
            let back = "/interactions/\(id.uuidString.lowercased())"
            do {
                let rrule = try rule(from: try FormInput.lists(request), start: row["starts_at"].dateValue ?? request.now)
                _ = try await EntityService(definition, request).update(id, EntityInput(values: ["rrule": rrule ?? ""], isPartial: true))
            } catch let error as AppError where error.code == "validation_failed" || error.code == "booking_conflict" {
                let message = error.fields.values.first?.first ?? error.message
                return request.redirect(to: back, flash: Flash(.error, message))
            }
            return request.redirect(to: back, flash: Flash(.success, L("Répétition enregistrée.", "Repeat saved.")))
        }
        base.post("occurrences", ":action") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.write, .activities)
            let id = try EntityRoutes.id(request)
            guard let original = try? Date(try FormInput.strings(request)["original"] ?? "", strategy: .iso8601) else {
                throw AppError.validation(["original": [L("Occurrence inconnue.", "Unknown occurrence.")]])
            }
            let service = OccurrenceService(request: request)
            switch request.parameters.get("action") {
            case "skip":
                try await service.skip(id, original)
                return request.redirect(to: "/interactions/\(id.uuidString.lowercased())", flash: Flash(.success, L("Occurrence supprimée.", "Occurrence skipped.")))
            case "detach":
                let detached = try await service.detach(id, original)
                return request.redirect(to: "/interactions/\(detached.uuidString.lowercased())/edit", flash: Flash(.info, L("Modifiez cette occurrence seule.", "Edit this occurrence only.")))
            case "split":
                let following = try await service.split(id, original)
                return request.redirect(to: "/interactions/\(following.uuidString.lowercased())/edit", flash: Flash(.info, L("Modifiez cette occurrence et les suivantes.", "Edit this and the following occurrences.")))
            default:
                throw AppError.notFound
            }
        }
    }
}

/// Exceptions to a series: skip one occurrence, edit one alone, or cut the series in two.
struct OccurrenceService {
    let request: Request

    private func master(_ id: UUID, _ original: Date) async throws -> (TableRow, RecurrenceSeries) {
        guard let row = try await TableStore.get(InteractionsEntity.definition.tableSpec, id: id, on: request.db),
            let series = InteractionOccurrences.series(row), series.occurrence(at: original)
        else {
            throw AppError.validation(["original": [L("Ce n'est pas une occurrence de la série.", "This is not an occurrence of the series.")]])
        }
        return (row, series)
    }

    func skip(_ id: UUID, _ original: Date) async throws {
        let (row, _) = try await master(id, original)
        var skipped = InteractionOccurrences.exceptionDates(row)
        skipped.insert(original)
        let dates = skipped
        try await request.db.transaction { db in
            try await TableStore.update(InteractionsEntity.definition.tableSpec, id: id,
                                        values: ["exdates": .text(InteractionOccurrences.encode(dates)), "updated_at": .date(request.now)], on: db)
            try await AuditLog.record(.update, entity: "interactions", id: id.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                                      changes: ["exdates": (.null, .date(original))], by: request.auditActor, at: request.now, on: db)
            if let saved = try await TableStore.get(InteractionsEntity.definition.tableSpec, id: id, on: db) {
                try await InteractionService(request.context).rebook(saved, on: db)
            }
        }
    }

    /// A separate interaction for one occurrence (same content, its own time), linked to the series.
    func detach(_ id: UUID, _ original: Date) async throws -> UUID {
        let (row, series) = try await master(id, original)
        let copy = request.newID()
        var values = row.values.filter { !["rrule", "exdates", "created_at", "updated_at"].contains($0.key) }
        values["series_id"] = .uuid(id)
        values["original_start"] = .date(original)
        values["starts_at"] = .date(original)
        values["ends_at"] = .date(original.addingTimeInterval(series.duration))
        values["created_at"] = .date(request.now)
        values["updated_at"] = .date(request.now)
        let finalValues = values
        try await request.db.transaction { db in
            try await TableStore.insert(InteractionsEntity.definition.tableSpec, id: copy, values: finalValues, on: db)
            try await copyLinks(from: id, to: copy, on: db)
            try await AgendaBounds.refresh([copy], on: db)
            try await AuditLog.record(.create, entity: "interactions", id: copy.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                                      changes: ["series_id": (.null, .uuid(id)), "original_start": (.null, .date(original))],
                                      by: request.auditActor, at: request.now, on: db)
            // The series no longer books that occurrence; the copy books its own time.
            try await InteractionService(request.context).rebook(row, on: db)
            if let saved = try await TableStore.get(InteractionsEntity.definition.tableSpec, id: copy, on: db) {
                try await InteractionService(request).rebook(saved, on: db)
            }
        }
        return copy
    }

    /// Ends the series before `original` and starts a new series there with the rest of the rule.
    func split(_ id: UUID, _ original: Date) async throws -> UUID {
        let (row, series) = try await master(id, original)
        guard let (before, after) = series.splitting(at: original) else {
            return id  // the first occurrence: editing "this and following" is editing all
        }
        let copy = request.newID()
        var values = row.values.filter { !["created_at", "updated_at"].contains($0.key) }
        values["starts_at"] = .date(after.start)
        values["ends_at"] = .date(after.start.addingTimeInterval(after.duration))
        values["rrule"] = .text(after.rule.rruleString)
        values["exdates"] = .text(InteractionOccurrences.encode(after.exceptions))
        values["created_at"] = .date(request.now)
        values["updated_at"] = .date(request.now)
        let finalValues = values
        try await request.db.transaction { db in
            try await TableStore.update(InteractionsEntity.definition.tableSpec, id: id, values: [
                "rrule": .text(before.rule.rruleString), "exdates": .text(InteractionOccurrences.encode(before.exceptions)), "updated_at": .date(request.now),
            ], on: db)
            try await TableStore.insert(InteractionsEntity.definition.tableSpec, id: copy, values: finalValues, on: db)
            try await copyLinks(from: id, to: copy, on: db)
            try await TableStore.sqlDatabase(db).raw("""
                UPDATE interactions SET series_id = \(bind: copy) WHERE series_id = \(bind: id) AND original_start >= \(bind: original)
                """).run()
            try await AgendaBounds.refresh([id, copy], on: db)
            try await AuditLog.record(.update, entity: "interactions", id: id.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                                      changes: ["rrule": (row["rrule"], .text(before.rule.rruleString))], by: request.auditActor, at: request.now, on: db)
            try await AuditLog.record(.create, entity: "interactions", id: copy.uuidString.lowercased(), summary: row["subject"].textValue ?? "",
                                      changes: ["rrule": (.null, .text(after.rule.rruleString))], by: request.auditActor, at: request.now, on: db)
            for target in [id, copy] {
                if let saved = try await TableStore.get(InteractionsEntity.definition.tableSpec, id: target, on: db) {
                    try await InteractionService(request.context).rebook(saved, on: db)
                }
            }
        }
        return copy
    }

    private func copyLinks(from: UUID, to: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        for (table, column) in [("interaction_contacts", "contact_id"), ("interaction_participants", "user_id"), ("interaction_resources", "resource_id")] {
            for other in try await InteractionService(request.context).links(from, table, column, on: db) {
                try await sql.raw("INSERT INTO \(ident: table) (id, interaction_id, \(ident: column)) VALUES (\(bind: request.newID()), \(bind: to), \(bind: other))").run()
            }
        }
    }
}

/// UNTIL values as RFC 5545 wants them: UTC, `20260630T215959Z`.
enum RecurrenceUntil {
    static func string(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}
