import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Répétition »: define a series from simple choices, and act on one occurrence (skip it, edit it
/// alone, or edit it and the following ones).
enum RecurrencePanel {
    static func panel(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        guard row["series_id"] == .null, row["starts_at"] != .null else { return [] }
        let base = "/interactions/\(row.id.uuidString.lowercased())"
        let canWrite = request.context.allows(.write, .activities)
        var nodes: [HTMLNode] = [H.el("h2", text: L("Répétition", "Repeat")(locale))]
        if let series = InteractionOccurrences.series(row) {
            nodes.append(H.el("p", [("class", "recurrence-sentence")], text: series.rule.sentence(locale: locale)))
            let upcoming = series.occurrences(
                from: max(request.now, series.start).addingTimeInterval(-86_400 * 7), to: request.now.addingTimeInterval(400 * 86_400),
                limit: 12)
            nodes.append(
                H.el(
                    "ul", [("class", "tasks")],
                    upcoming.map { occurrence in
                        let original = ISO8601.string(occurrence.originalStart)
                        var item: [HTMLNode] = [H.el("time", text: DateDisplay.dateTime(occurrence.start, locale: locale))]
                        if canWrite {
                            for (action, label) in [
                                ("skip", L("Supprimer", "Skip")), ("detach", L("Modifier celle-ci", "Edit this one")),
                                ("split", L("Modifier celle-ci et les suivantes", "Edit this and following")),
                            ] {
                                item.append(
                                    H.postForm(
                                        "\(base)/occurrences/\(action)", csrf: request.csrfToken, attributes: [("class", "inline")],
                                        [
                                            H.hidden("original", original),
                                            H.el("button", [("type", "submit"), ("class", "link-button")], text: label(locale)),
                                        ]))
                            }
                        }
                        return H.el("li", [], item)
                    }))
        } else {
            nodes.append(
                H.el("p", [("class", "muted")], text: L("Cette interaction ne se répète pas.", "This interaction does not repeat.")(locale))
            )
        }
        if canWrite {
            let days = [
                ("MO", L("lun.", "Mon")), ("TU", L("mar.", "Tue")), ("WE", L("mer.", "Wed")), ("TH", L("jeu.", "Thu")),
                ("FR", L("ven.", "Fri")), ("SA", L("sam.", "Sat")), ("SU", L("dim.", "Sun")),
            ]
            nodes.append(
                H.postForm(
                    "\(base)/recurrence", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                    [
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "rec-freq")], text: L("Fréquence", "Frequency")(locale)),
                                EntityPagesView.select(
                                    id: "rec-freq", name: "frequency",
                                    options: [
                                        ("", L("Ne se répète pas", "Does not repeat")(locale)),
                                        ("DAILY", L("Tous les jours", "Daily")(locale)),
                                        ("WEEKLY", L("Toutes les semaines", "Weekly")(locale)),
                                        ("MONTHLY", L("Tous les mois", "Monthly")(locale)),
                                        ("YEARLY", L("Tous les ans", "Yearly")(locale)),
                                    ], selected: InteractionOccurrences.series(row)?.rule.frequency.rawValue.uppercased() ?? ""),
                            ]),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "rec-interval")], text: L("Tous les", "Every")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "rec-interval"), ("name", "interval"), ("type", "number"), ("min", "1"), ("max", "99"),
                                        ("value", "1"),
                                    ]),
                            ]),
                        H.el(
                            "fieldset", [("class", "choices weekdays")],
                            [H.el("legend", text: L("Jours (hebdomadaire)", "Days (weekly)")(locale))]
                                + days.map { code, label in
                                    H.el(
                                        "label", [("class", "checkbox")],
                                        [
                                            H.void("input", [("type", "checkbox"), ("name", "byDay[]"), ("value", code)]),
                                            H.text(" " + label(locale)),
                                        ])
                                }),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "rec-monthly")], text: L("Chaque mois", "Each month")(locale)),
                                EntityPagesView.select(
                                    id: "rec-monthly", name: "monthly",
                                    options: [
                                        ("day", L("le même jour du mois", "on the same day of the month")(locale)),
                                        (
                                            "weekday",
                                            L("le même jour de la semaine (ex. 2e mardi)", "on the same weekday (e.g. 2nd Tuesday)")(locale)
                                        ),
                                    ], selected: "day"),
                            ]),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "rec-until")], text: L("Jusqu'au (inclus)", "Until (included)")(locale)),
                                H.void(
                                    "input",
                                    [
                                        ("id", "rec-until"), ("name", "until"), ("type", "text"), ("placeholder", "jj/mm/aaaa"),
                                        ("inputmode", "numeric"),
                                    ]),
                            ]),
                        H.el(
                            "div", [("class", "field")],
                            [
                                H.el("label", [("for", "rec-count")], text: L("ou nombre de fois", "or number of times")(locale)),
                                H.void(
                                    "input", [("id", "rec-count"), ("name", "count"), ("type", "number"), ("min", "1"), ("max", "1000")]),
                            ]),
                        H.el(
                            "button", [("type", "submit"), ("class", "button")], text: L("Enregistrer la répétition", "Save repeat")(locale)
                        ),
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
            guard let value = Int(count), value > 0 else {
                throw AppError.validation(["count": [L("Nombre de fois invalide.", "Invalid number of times.")]])
            }
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
            let service = OccurrenceService(request.context)
            switch request.parameters.get("action") {
            case "skip":
                try await service.skip(id, original)
                return request.redirect(
                    to: "/interactions/\(id.uuidString.lowercased())",
                    flash: Flash(.success, L("Occurrence supprimée.", "Occurrence skipped.")))
            case "detach":
                let detached = try await service.detach(id, original)
                return request.redirect(
                    to: "/interactions/\(detached.uuidString.lowercased())/edit",
                    flash: Flash(.info, L("Modifiez cette occurrence seule.", "Edit this occurrence only.")))
            case "split":
                let following = try await service.split(id, original)
                return request.redirect(
                    to: "/interactions/\(following.uuidString.lowercased())/edit",
                    flash: Flash(.info, L("Modifiez cette occurrence et les suivantes.", "Edit this and the following occurrences.")))
            default:
                throw AppError.notFound
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
