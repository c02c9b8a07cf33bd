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
            let tasks = TaskBuckets(try await InteractionService(request.context).openTasks(), today: today)
            func section(_ title: Localized, _ items: [DatedTask], css: String) -> HTMLNode {
                H.el(
                    "section", [("class", "panel \(css)")],
                    [
                        H.el("h2", text: "\(title(locale)) (\(items.count))"),
                        items.isEmpty
                            ? H.el("p", [("class", "muted")], text: L("Rien.", "Nothing.")(locale))
                            : H.el("ul", [("class", "tasks")], items.map { item($0, request, overdue: false) }),
                    ])
            }
            return Layout.page(
                request, title: L("Mes tâches", "My tasks")(locale),
                [
                    H.el("h1", text: L("Mes tâches", "My tasks")(locale)),
                    section(L("En retard", "Overdue"), tasks.overdue, css: "overdue"),
                    section(L("Aujourd'hui", "Today"), tasks.today, css: "today"),
                    section(L("Cette semaine", "This week"), tasks.week, css: ""),
                    section(L("Plus tard", "Later"), tasks.later, css: ""),
                ])
        }
    }

    /// One task: its day, its subject linking to it, its type and company, and « Terminer ».
    static func item(_ dated: DatedTask, _ request: Request, overdue: Bool) -> HTMLNode {
        let locale = request.locale
        let task = dated.task
        let path = "/interactions/\(task.id.uuidString.lowercased())"
        return H.el(
            "li", [("class", overdue ? "overdue" : nil)],
            [
                H.el("time", text: dated.day.formatted(locale: locale)), H.text(" "),
                H.link(path, task.subject),
                H.el("span", [("class", "muted")], text: " — " + task.type + (task.company.map { " — " + $0 } ?? "")),
                H.postForm(
                    "\(path)/completion", csrf: request.csrfToken, attributes: [("class", "inline")],
                    [
                        H.hidden("done", "true"),
                        H.el("button", [("type", "submit"), ("class", "link-button")], text: L("Terminer", "Done")(locale)),
                    ]),
            ])
    }
}
