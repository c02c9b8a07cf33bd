import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Accueil »: where a user lands after signing in, and the screen they open every morning — tasks and follow-ups
/// due (overdue first), today's and the week's meetings, their open deals by stage with the pipeline total, wins per
/// month, what others changed on their records, and quick actions.
enum HomePage {
    static func register(_ routes: any RoutesBuilder) {
        routes.get { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let actor = try request.requireActor()
            let locale = request.locale
            let profile = try await OrganizationProfile.current(on: request.db)
            let board = try await DashboardService(request.context).dashboard()
            var content: [HTMLNode] = [
                H.el(
                    "div", [("class", "page-head")],
                    [
                        H.el("h1", text: L("Bonjour \(actor.name)", "Hello \(actor.name)")(locale)),
                        H.el(
                            "p", [("class", "muted")],
                            text: DateDisplay.weekdayDate(board.today, locale: locale)
                                + (profile.legalName.isEmpty ? "" : " — \(profile.legalName)")),
                    ])
            ]
            if actor.readOnly {
                content.append(
                    H.el(
                        "div", [("class", "flash flash-info")],
                        text: L("Votre compte est en lecture seule.", "Your account is read-only.")(locale)))
            }
            if actor.isAdmin, profile.legalName.isEmpty {
                content.append(
                    H.el(
                        "div", [("class", "flash flash-info")],
                        [
                            H.text(
                                L(
                                    "Commencez par renseigner les coordonnées de votre organisation : ",
                                    "Start by filling in your organisation's profile: ")(locale)),
                            H.link("/admin/organization/edit", L("Coordonnées de l'organisation", "Organisation profile")(locale)),
                        ]))
            }
            var panels: [HTMLNode] = []
            if let tasks = board.tasks { panels.append(tasksPanel(tasks, today: board.today, request)) }
            if request.context.allows(.read, .activities) { panels.append(meetingsPanel(board, locale)) }
            for pipeline in board.pipelines { panels.append(pipelinePanel(pipeline, locale)) }
            if !board.pipelines.isEmpty { panels.append(winsPanel(board.wins, locale)) }
            if let sales = try await SalesDashboardPage.homeCard(request) { panels.append(sales) }
            panels.append(changesPanel(board.changes, locale))
            panels.append(quickActions(request, locale))
            content.append(H.el("div", [("class", "dashboard")], panels))
            return Layout.page(request, title: L("Accueil", "Home")(locale), content)
        }
    }

    private static let shown = 6

    static func tasksPanel(_ tasks: TaskBuckets, today: CalendarDay, _ request: Request) -> HTMLNode {
        let locale = request.locale
        let due = tasks.overdue + tasks.today + tasks.week
        var nodes: [HTMLNode] = [
            H.el(
                "h2", [],
                [
                    H.link("/tasks", L("Mes tâches", "My tasks")(locale)),
                    H.el(
                        "span", [("class", "counts")],
                        [
                            H.el(
                                "span", [("class", tasks.overdue.isEmpty ? "count" : "count danger")],
                                text: L("\(tasks.overdue.count) en retard", "\(tasks.overdue.count) overdue")(locale)),
                            H.el(
                                "span", [("class", "count")],
                                text: L("\(tasks.today.count) aujourd'hui", "\(tasks.today.count) today")(locale)),
                            H.el(
                                "span", [("class", "count")],
                                text: L("\(tasks.week.count) cette semaine", "\(tasks.week.count) this week")(locale)),
                        ]),
                ])
        ]
        if due.isEmpty {
            nodes.append(H.el("p", [("class", "muted")], text: L("Rien à faire cette semaine.", "Nothing due this week.")(locale)))
        } else {
            nodes.append(
                H.el(
                    "ul", [("class", "tasks")],
                    due.prefix(shown).map { TasksPage.item($0, request, overdue: $0.day < today) }))
            if due.count > shown {
                nodes.append(
                    H.el(
                        "p", [],
                        [H.link("/tasks", L("Voir les \(due.count) tâches", "See all \(due.count) tasks")(locale))]))
            }
        }
        return H.el("section", [("class", "panel dash-tasks")], nodes)
    }

    static func meetingsPanel(_ board: Dashboard, _ locale: DisplayLocale) -> HTMLNode {
        var nodes: [HTMLNode] = [
            H.el("h2", [], [H.link("/agenda?view=week", L("Rendez-vous de la semaine", "This week's meetings")(locale))])
        ]
        if board.meetings.isEmpty {
            nodes.append(H.el("p", [("class", "muted")], text: L("Aucun rendez-vous.", "No meetings.")(locale)))
        }
        var byDay: [(CalendarDay, [AgendaItem])] = []
        for item in board.meetings {
            let day = max(CalendarDay(item.start), board.today)
            if byDay.last?.0 == day { byDay[byDay.count - 1].1.append(item) } else { byDay.append((day, [item])) }
        }
        for (day, items) in byDay {
            let title =
                day == board.today
                ? L("Aujourd'hui", "Today")(locale) : DateDisplay.weekdayDate(day, locale: locale)
            nodes.append(H.el("h3", text: title))
            nodes.append(
                H.el(
                    "ul", [("class", "agenda-list")],
                    items.prefix(8).map { AgendaPages.entry($0, locale) }))
        }
        return H.el("section", [("class", "panel dash-meetings")], nodes)
    }

    static func pipelinePanel(_ pipeline: Dashboard.Pipeline, _ locale: DisplayLocale) -> HTMLNode {
        func money(_ cents: Int64) -> String { Money(minorUnits: cents).formatted(locale: locale) }
        let title = L("Mes affaires en cours", "My open deals")(locale) + " — " + pipeline.type.name
        var nodes: [HTMLNode] = [
            H.el("h2", [], [H.link("/interactions/board?type=\(pipeline.type.id.uuidString.lowercased())", title)]),
            H.el(
                "p", [("class", "figures")],
                [
                    H.el("strong", text: money(pipeline.openAmount)),
                    H.text(
                        L(
                            " en cours (\(pipeline.openCount) affaire\(pipeline.openCount > 1 ? "s" : "")), pondéré ",
                            " open (\(pipeline.openCount) deal\(pipeline.openCount > 1 ? "s" : "")), weighted ")(locale)),
                    H.el("strong", text: money(pipeline.weighted)),
                ]),
        ]
        if pipeline.openCount > 0 {
            nodes.append(
                SVGChart.horizontal(
                    pipeline.open.map {
                        .init(
                            label: $0.stage.name, value: $0.amount,
                            caption: "\(NumberDisplay.integer($0.count)) — \(money($0.amount))")
                    }, title: title))
        } else {
            nodes.append(H.el("p", [("class", "muted")], text: L("Aucune affaire en cours.", "No open deals.")(locale)))
        }
        nodes.append(
            H.el(
                "p", [("class", "muted")],
                text: L(
                    "Gagnées : \(pipeline.won.count) (\(money(pipeline.won.amount))) — perdues : \(pipeline.lost.count) (\(money(pipeline.lost.amount)))",
                    "Won: \(pipeline.won.count) (\(money(pipeline.won.amount))) — lost: \(pipeline.lost.count) (\(money(pipeline.lost.amount)))"
                )(
                    locale)))
        return H.el("section", [("class", "panel dash-pipeline")], nodes)
    }

    static func winsPanel(_ months: [Dashboard.Month], _ locale: DisplayLocale) -> HTMLNode {
        let title = L("Affaires gagnées par mois", "Deals won per month")(locale)
        let total = months.reduce(Int64(0)) { $0 + $1.amount }
        let count = months.reduce(0) { $0 + $1.count }
        return H.el(
            "section", [("class", "panel dash-wins")],
            [
                H.el("h2", text: title),
                SVGChart.columns(
                    months.map {
                        .init(
                            label: DateDisplay.monthAbbreviation($0.month, locale: locale), value: $0.amount,
                            caption: "\(NumberDisplay.integer($0.count)) — \(Money(minorUnits: $0.amount).formatted(locale: locale))")
                    }, title: title),
                H.el(
                    "p", [("class", "muted")],
                    text: L(
                        "Sur douze mois : \(count) affaire\(count > 1 ? "s" : "") gagnée\(count > 1 ? "s" : ""), \(Money(minorUnits: total).formatted(locale: .fr))",
                        "Over twelve months: \(count) deal\(count > 1 ? "s" : "") won, \(Money(minorUnits: total).formatted(locale: .en))")(
                            locale)),
            ])
    }

    static func changesPanel(_ changes: [DashboardStore.Change], _ locale: DisplayLocale) -> HTMLNode {
        var nodes: [HTMLNode] = [H.el("h2", text: L("Activité récente sur mes fiches", "Recent activity on my records")(locale))]
        if changes.isEmpty {
            nodes.append(
                H.el(
                    "p", [("class", "muted")],
                    text: L("Personne n'a modifié vos fiches récemment.", "Nobody changed your records lately.")(locale)))
        } else {
            nodes.append(
                H.el(
                    "ul", [("class", "activity")],
                    changes.map { change in
                        let verb: Localized =
                            switch change.action {
                            case "create": L("a créé", "created")
                            case "delete": L("a supprimé", "deleted")
                            case "erase": L("a effacé les données personnelles de", "erased the personal data of")
                            case "export": L("a exporté les données de", "exported the data of")
                            default: L("a modifié", "changed")
                            }
                        let kind: Localized =
                            switch change.entity {
                            case "companies": L("la société", "the company")
                            case "contacts": L("le contact", "the contact")
                            case "projects": L("le projet", "the project")
                            default: L("l'interaction", "the interaction")
                            }
                        let label = change.summary.isEmpty ? L("(sans nom)", "(no name)")(locale) : change.summary
                        let target: HTMLNode =
                            ["delete", "erase"].contains(change.action)
                            ? H.el("span", text: label) : H.link("/\(change.entity)/\(change.entityID.uuidString.lowercased())", label)
                        return H.el(
                            "li", [],
                            [
                                H.el("time", text: DateDisplay.dateTime(change.at, locale: locale)), H.text(" "),
                                H.el("strong", text: change.actor), H.text(" \(verb(locale)) \(kind(locale)) "), target,
                            ])
                    }))
        }
        return H.el("section", [("class", "panel dash-activity")], nodes)
    }

    static func quickActions(_ request: Request, _ locale: DisplayLocale) -> HTMLNode {
        var items = Navigation.quickCreate.filter { $0.visible(to: request.actor) }
        items += Navigation.main.filter { ["/tasks", "/agenda", "/interactions/board"].contains($0.path) && $0.visible(to: request.actor) }
        items += Navigation.admin.filter { $0.path == "/admin/imports" && $0.visible(to: request.actor) }
        return H.el(
            "section", [("class", "panel dash-actions")],
            [
                H.el("h2", text: L("Actions rapides", "Quick actions")(locale)),
                H.el(
                    "ul", [("class", "quick-actions")],
                    items.map { item in
                        H.el("li", [], [H.el("a", [("href", item.path)], [H.icon(item.icon), H.el("span", text: item.label(locale))])])
                    }),
            ])
    }
}
