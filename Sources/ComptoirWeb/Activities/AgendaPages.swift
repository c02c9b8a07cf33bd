import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// « Agenda »: day, week and month views for me, a set of users or a resource.
enum AgendaPages {
    enum View: String { case day, week, month }

    static func register(_ routes: any RoutesBuilder) {
        routes.get("agenda") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let locale = request.locale
            let view = View(rawValue: request.query[String.self, at: "view"] ?? "week") ?? .week
            let anchor = request.query[String.self, at: "date"].flatMap { CalendarDay(parsing: $0) } ?? CalendarDay(request.now)
            let users =
                QueryValues.parse(request.url.query ?? "")["users"]?.flatMap { $0.split(separator: ",") }.compactMap {
                    UUID(uuidString: String($0))
                } ?? []
            let resources =
                QueryValues.parse(request.url.query ?? "")["resources"]?.flatMap { $0.split(separator: ",") }.compactMap {
                    UUID(uuidString: String($0))
                } ?? []
            let agenda = AgendaService(request.context)
            let (first, days) = range(view, anchor)
            let items = try await agenda.items(
                from: first.startDate(), to: first.adding(days: days).startDate(), users: users, resources: resources)
            let shownUsers = try agenda.filter(users: users, resources: resources).users

            var byDay: [CalendarDay: [AgendaItem]] = [:]
            for item in items {
                var day = max(CalendarDay(item.start), first)
                let last = CalendarDay(item.end.addingTimeInterval(-1))
                while day <= last && day < first.adding(days: days) {
                    byDay[day, default: []].append(item)
                    day = day.adding(days: 1)
                }
            }
            let query = scopeQuery(users: users, resources: resources)
            func link(_ view: View, _ date: CalendarDay, _ label: String, current: Bool = false) -> HTMLNode {
                H.el(
                    "a",
                    [
                        ("href", "/agenda?view=\(view.rawValue)&date=\(date.isoString)\(query)"), ("class", current ? "tab active" : "tab"),
                        ("aria-current", current ? "page" : nil),
                    ], text: label)
            }
            let step = view == .day ? 1 : (view == .week ? 7 : 0)
            let previous = view == .month ? anchor.adding(months: -1) : anchor.adding(days: -step)
            let next = view == .month ? anchor.adding(months: 1) : anchor.adding(days: step)
            let title =
                view == .month
                ? monthTitle(anchor, locale)
                : "\(first.formatted(locale: locale)) – \(first.adding(days: days - 1).formatted(locale: locale))"
            let allUsers = try await User.query(on: request.db).filter(\.$active == true).sort(\.$name).all()
            let allResources = try await ResourceService(request.context).active()
            let chooser = H.el(
                "form", [("method", "get"), ("action", "/agenda"), ("class", "filters")],
                [
                    H.hidden("view", view.rawValue), H.hidden("date", anchor.isoString),
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el("label", [("for", "agenda-users")], text: L("Utilisateurs", "Users")(locale)),
                            H.el(
                                "select", [("id", "agenda-users"), ("name", "users"), ("multiple", "multiple"), ("size", "3")],
                                allUsers.compactMap { user in
                                    user.id.map { id in
                                        H.el(
                                            "option", [("value", id.uuidString.lowercased()), H.flag("selected", shownUsers.contains(id))],
                                            text: user.name)
                                    }
                                }),
                        ]),
                    H.el(
                        "div", [("class", "field")],
                        [
                            H.el("label", [("for", "agenda-resources")], text: L("Ressources", "Resources")(locale)),
                            H.el(
                                "select", [("id", "agenda-resources"), ("name", "resources"), ("multiple", "multiple"), ("size", "3")],
                                allResources.map { resource in
                                    H.el(
                                        "option",
                                        [
                                            ("value", resource.id.uuidString.lowercased()),
                                            H.flag("selected", resources.contains(resource.id)),
                                        ], text: resource.name)
                                }),
                        ]),
                    H.el(
                        "div", [("class", "filter-actions")],
                        [H.el("button", [("type", "submit"), ("class", "button")], text: L("Afficher", "Show")(locale))]),
                ])
            var content: [HTMLNode] = [
                H.el(
                    "div", [("class", "page-head")],
                    [
                        H.el("h1", text: L("Agenda", "Calendar")(locale) + " — " + title),
                        H.el(
                            "div", [("class", "actions")],
                            [
                                H.link(
                                    "/interactions/new", L("Nouvelle interaction", "New interaction")(locale), [("class", "button primary")]
                                ),
                                H.link("/agenda/feeds", L("Abonnements ICS", "ICS subscriptions")(locale), [("class", "button")]),
                            ]),
                    ]),
                H.el(
                    "nav", [("class", "tabs")],
                    [
                        link(view, previous, "‹ " + L("Précédent", "Previous")(locale)),
                        link(view, CalendarDay(request.now), L("Aujourd'hui", "Today")(locale)),
                        link(view, next, L("Suivant", "Next")(locale) + " ›"),
                        link(.day, anchor, L("Jour", "Day")(locale), current: view == .day),
                        link(.week, anchor, L("Semaine", "Week")(locale), current: view == .week),
                        link(.month, anchor, L("Mois", "Month")(locale), current: view == .month),
                    ]),
                chooser,
            ]
            let dayNames =
                locale == .en
                ? ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] : ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
            var cells: [HTMLNode] = []
            for offset in 0..<days {
                let day = first.adding(days: offset)
                let all = byDay[day] ?? []
                // A month cell shows a few entries and links to its day for the rest (a busy day has dozens).
                let shown = view == .month && all.count > monthCellEntries ? Array(all.prefix(monthCellEntries - 1)) : all
                var entries = shown.map { item in entry(item, locale) }
                if shown.count < all.count {
                    let more = all.count - shown.count
                    entries.append(
                        H.el(
                            "li", [("class", "more")],
                            [
                                H.el(
                                    "a", [("href", "/agenda?view=day&date=\(day.isoString)\(query)")],
                                    text: more == 1 ? L("+ 1 autre", "+ 1 more")(locale) : L("+ \(more) autres", "+ \(more) more")(locale))
                            ]))
                }
                let outside = view == .month && day.month != anchor.month
                cells.append(
                    H.el(
                        "section",
                        [("class", "agenda-day" + (day == CalendarDay(request.now) ? " today" : "") + (outside ? " outside" : ""))],
                        [
                            H.el("h2", text: "\(dayNames[day.weekday - 1]) \(day.formatted(locale: locale))"),
                            entries.isEmpty ? H.el("p", [("class", "muted")], text: view == .month ? "" : "—") : H.el("ul", [], entries),
                        ]))
            }
            if view == .week {
                // The time grid on screens wide enough for it; the day-by-day list on phones (app.css shows one).
                content.append(
                    AgendaWeekGrid.render(
                        first: first, items: items, today: CalendarDay(request.now), query: query,
                        canCreate: request.context.allows(.write, .activities), locale: locale))
            }
            content.append(H.el("div", [("class", "agenda agenda-\(view.rawValue)")], cells))
            return Layout.page(request, title: L("Agenda", "Calendar")(locale), content)
        }
        AgendaFeeds.register(routes)
    }

    /// Entries drawn in one day cell of the month view, the « + N autres » link included.
    static let monthCellEntries = 4

    /// The first day shown and how many days: a day, a week from Monday, or whole weeks covering the month.
    static func range(_ view: View, _ anchor: CalendarDay) -> (CalendarDay, Int) {
        switch view {
        case .day: return (anchor, 1)
        case .week: return (anchor.adding(days: -(anchor.weekday - 1)), 7)
        case .month:
            let first = CalendarDay(year: anchor.year, month: anchor.month, day: 1)!
            let start = first.adding(days: -(first.weekday - 1))
            let last = first.adding(months: 1).adding(days: -1)
            let end = last.adding(days: 7 - last.weekday)
            return (start, start.days(to: end) + 1)
        }
    }

    static func scopeQuery(users: [UUID], resources: [UUID]) -> String {
        var query = ""
        if !users.isEmpty { query += "&users=" + users.map { $0.uuidString.lowercased() }.joined(separator: ",") }
        if !resources.isEmpty { query += "&resources=" + resources.map { $0.uuidString.lowercased() }.joined(separator: ",") }
        return query
    }

    static func monthTitle(_ day: CalendarDay, _ locale: DisplayLocale) -> String {
        DateDisplay.monthTitle(day, locale: locale)
    }

    /// One agenda item in a day list: its time, its subject linking to it, type and place (the dashboard uses it too).
    static func entry(_ item: AgendaItem, _ locale: DisplayLocale) -> HTMLNode {
        let time =
            item.allDay
            ? L("Journée", "All day")(locale)
            : "\(DateDisplay.time(item.start, locale: locale))–\(DateDisplay.time(item.end, locale: locale))"
        let path = "/interactions/\(item.interactionID.uuidString.lowercased())"
        return H.el(
            "li", [("class", item.done ? "done" : nil)],
            [
                H.el("span", [("class", "time")], text: time), H.text(" "),
                H.link(path, item.subject),
                H.el(
                    "span", [("class", "muted")],
                    text: " — " + item.type + (item.location.isEmpty ? "" : " — " + item.location) + (item.originalStart != nil ? " ↻" : "")
                ),
            ])
    }
}
