import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Mes tâches »: what I own or take part in that is not done, overdue first.
enum TasksPage {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("tasks") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let locale = request.locale
            let today = CalendarDay(request.now)
            struct Task { var id: UUID; var subject: String; var day: CalendarDay; var type: String; var company: String? }
            let tasks: [Task] = try await InteractionService(request.context).openTasks().compactMap { task in
                let due = task.dueDate.flatMap { CalendarDay(parsing: $0) }
                guard let day = due ?? task.startsAt.map({ CalendarDay($0) }) else { return nil }
                return Task(id: task.id, subject: task.subject, day: day, type: task.type, company: task.company)
            }.sorted { ($0.day, $0.subject) < ($1.day, $1.subject) }
            func section(_ title: Localized, _ items: [Task], css: String) -> HTMLNode {
                H.el(
                    "section", [("class", "panel \(css)")],
                    [
                        H.el("h2", text: "\(title(locale)) (\(items.count))"),
                        items.isEmpty
                            ? H.el("p", [("class", "muted")], text: L("Rien.", "Nothing.")(locale))
                            : H.el(
                                "ul", [("class", "tasks")],
                                items.map { task in
                                    H.el(
                                        "li", [],
                                        [
                                            H.el("time", text: task.day.formatted(locale: locale)), H.text(" "),
                                            H.link("/interactions/\(task.id.uuidString.lowercased())", task.subject),
                                            H.el(
                                                "span", [("class", "muted")],
                                                text: " — " + task.type + (task.company.map { " — " + $0 } ?? "")),
                                            H.postForm(
                                                "/interactions/\(task.id.uuidString.lowercased())/completion", csrf: request.csrfToken,
                                                attributes: [("class", "inline")],
                                                [
                                                    H.hidden("done", "true"),
                                                    H.el(
                                                        "button", [("type", "submit"), ("class", "link-button")],
                                                        text: L("Terminer", "Done")(locale)),
                                                ]),
                                        ])
                                }),
                    ])
            }
            let weekEnd = today.adding(days: 7)
            return Layout.page(
                request, title: L("Mes tâches", "My tasks")(locale),
                [
                    H.el("h1", text: L("Mes tâches", "My tasks")(locale)),
                    section(L("En retard", "Overdue"), tasks.filter { $0.day < today }, css: "overdue"),
                    section(L("Aujourd'hui", "Today"), tasks.filter { $0.day == today }, css: "today"),
                    section(L("Cette semaine", "This week"), tasks.filter { $0.day > today && $0.day <= weekEnd }, css: ""),
                    section(L("Plus tard", "Later"), tasks.filter { $0.day > weekEnd }, css: ""),
                ])
        }
    }
}
