import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// « Mes tâches »: what I own or take part in that is not done, overdue first.
enum TasksPage {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("tasks") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.authorize(.read, .activities)
            let actor = try request.requireActor()
            let locale = request.locale
            let today = CalendarDay(request.now)
            let rows = try await TableStore.sqlDatabase(request.db).raw("""
                SELECT i.id, i.subject, i.due_date, i.starts_at, t.name AS type, c.name AS company FROM interactions i
                JOIN interaction_types t ON t.id = i.type_id LEFT JOIN companies c ON c.id = i.company_id
                WHERE i.done = \(bind: false) AND i.archived = \(bind: false) AND i.rrule IS NULL
                AND (i.owner_id = \(bind: actor.userID) OR i.id IN (SELECT interaction_id FROM interaction_participants WHERE user_id = \(bind: actor.userID)))
                AND (i.due_date IS NOT NULL OR i.starts_at IS NOT NULL)
                LIMIT 1000
                """).all()
            struct Task { var id: UUID; var subject: String; var day: CalendarDay; var type: String; var company: String? }
            var tasks: [Task] = []
            for row in rows {
                let due = try row.decode(column: "due_date", as: String?.self).flatMap { CalendarDay(parsing: $0) }
                let starts = try row.decode(column: "starts_at", as: Date?.self).map { CalendarDay($0) }
                guard let day = due ?? starts else { continue }
                tasks.append(Task(id: try row.decode(column: "id", as: UUID.self), subject: try row.decode(column: "subject", as: String.self),
                                  day: day, type: try row.decode(column: "type", as: String.self), company: try row.decode(column: "company", as: String?.self)))
            }
            tasks.sort { ($0.day, $0.subject) < ($1.day, $1.subject) }
            func section(_ title: Localized, _ items: [Task], css: String) -> HTMLNode {
                H.el("section", [("class", "panel \(css)")], [
                    H.el("h2", text: "\(title(locale)) (\(items.count))"),
                    items.isEmpty ? H.el("p", [("class", "muted")], text: L("Rien.", "Nothing.")(locale)) :
                        H.el("ul", [("class", "tasks")], items.map { task in
                            H.el("li", [], [
                                H.el("time", text: task.day.formatted(locale: locale)), H.text(" "),
                                H.link("/interactions/\(task.id.uuidString.lowercased())", task.subject),
                                H.el("span", [("class", "muted")], text: " — " + task.type + (task.company.map { " — " + $0 } ?? "")),
                                H.postForm("/interactions/\(task.id.uuidString.lowercased())/completion", csrf: request.csrfToken, attributes: [("class", "inline")], [
                                    H.hidden("done", "true"),
                                    H.el("button", [("type", "submit"), ("class", "link-button")], text: L("Terminer", "Done")(locale)),
                                ]),
                            ])
                        }),
                ])
            }
            let weekEnd = today.adding(days: 7)
            return Layout.page(request, title: L("Mes tâches", "My tasks")(locale), [
                H.el("h1", text: L("Mes tâches", "My tasks")(locale)),
                section(L("En retard", "Overdue"), tasks.filter { $0.day < today }, css: "overdue"),
                section(L("Aujourd'hui", "Today"), tasks.filter { $0.day == today }, css: "today"),
                section(L("Cette semaine", "This week"), tasks.filter { $0.day > today && $0.day <= weekEnd }, css: ""),
                section(L("Plus tard", "Later"), tasks.filter { $0.day > weekEnd }, css: ""),
            ])
        }
    }
}
