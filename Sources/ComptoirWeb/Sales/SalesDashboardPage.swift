import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/sales`: « Tableau de bord ventes » — revenue by month (an SVG chart with its figures as a table), unpaid invoices
/// by age, quotes to follow up. A small card of the same figures sits on the home dashboard.
enum SalesDashboardPage {
    static func register(_ app: Application) {
        app.get("sales") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await page(request)
        }
    }

    static func money(_ cents: Int64, _ locale: DisplayLocale) -> String { Money(minorUnits: cents).formatted(locale: locale) }

    static func table(_ headers: [Localized], _ rows: [[HTMLNode]], numeric: Set<Int> = [], caption: String? = nil, _ locale: DisplayLocale)
        -> HTMLNode
    {
        H.listTable(
            headers, locale,
            rows: rows.map { cells in
                cells.enumerated().map { index, cell in ListCell.node(cell, numeric.contains(index) ? "number" : nil) }
            }, caption: caption)
    }

    static func page(_ request: Request) async throws -> Response {
        let locale = request.locale
        let board = try await SalesDashboardService.dashboard(request.context)
        let title = L("Tableau de bord ventes", "Sales dashboard")(locale)
        var content: [HTMLNode] = [
            H.el("div", [("class", "page-head")], [H.el("h1", text: title)]), SalesNav.bar(request, current: "/sales"),
        ]

        // Revenue by month: the chart, and its figures in a table for who does not see it.
        let chartTitle = L("Chiffre d'affaires HT par mois (factures − avoirs)", "Revenue excl. VAT per month (invoices − credit notes)")(
            locale)
        let total = board.months.reduce(Int64(0)) { $0 + $1.revenue }
        let monthLabel = { (month: SalesDashboard.Month) in "\(DateDisplay.monthAbbreviation(month.month, locale: locale)) \(month.year)" }
        var panels: [HTMLNode] = [
            H.el(
                "section", [("class", "panel"), ("id", "sales-revenue")],
                [
                    H.el("h2", text: chartTitle),
                    SVGChart.columns(
                        board.months.map {
                            .init(
                                label: DateDisplay.monthAbbreviation($0.month, locale: locale), value: max(0, $0.revenue),
                                caption: "\(monthLabel($0)) — \(money($0.revenue, locale))")
                        }, title: chartTitle),
                    H.el(
                        "p", [("class", "muted")],
                        text: L("Sur douze mois : \(money(total, .fr)) HT.", "Over twelve months: \(money(total, .en)) excl. VAT.")(locale)),
                    H.el(
                        "details", [],
                        [
                            H.el("summary", text: L("Voir les chiffres", "Show the figures")(locale)),
                            table(
                                [L("Mois", "Month"), L("Chiffre d'affaires HT", "Revenue excl. VAT")],
                                board.months.map { [H.text(monthLabel($0)), H.text(money($0.revenue, locale))] }, numeric: [1],
                                caption: chartTitle, locale),
                        ]),
                ])
        ]

        // Unpaid invoices: the totals by age, then the oldest ones.
        var unpaid: [HTMLNode] = [
            H.el("h2", text: L("Factures impayées", "Unpaid invoices")(locale)),
            H.el(
                "p", [],
                text: L(
                    "Reste dû : \(money(board.dueTotal, .fr)) TTC, dont \(money(board.overdueTotal, .fr)) en retard.",
                    "Still due: \(money(board.dueTotal, .en)) incl. VAT, \(money(board.overdueTotal, .en)) of it overdue.")(locale)),
            table(
                [L("Retard", "Overdue"), L("Factures", "Invoices"), L("Reste dû TTC", "Due incl. VAT")],
                board.aging.map {
                    [H.text($0.bucket.label(locale)), H.text(NumberDisplay.integer($0.count)), H.text(money($0.due, locale))]
                }, numeric: [1, 2], caption: L("Impayés par ancienneté", "Unpaid by age")(locale), locale),
        ]
        if board.unpaid.isEmpty {
            unpaid.append(H.el("p", [("class", "empty")], text: L("Aucune facture impayée.", "No unpaid invoice.")(locale)))
        } else {
            unpaid.append(H.el("h3", text: L("Les plus anciennes", "The oldest")(locale)))
            unpaid.append(
                table(
                    [
                        L("Facture", "Invoice"), L("Client", "Customer"), L("Échéance", "Due date"), L("Retard", "Overdue"),
                        L("Reste dû", "Due"),
                    ],
                    board.unpaid.map { invoice, late in
                        [
                            H.link("/invoices/\(invoice.id.uuidString.lowercased())", invoice.reference),
                            H.text(invoice.customerName ?? "—"),
                            H.text(invoice.dueDate.flatMap(CalendarDay.init(parsing:))?.formatted(locale: locale) ?? "—"),
                            late.map { $0 >= 0 } == true
                                ? H.el("span", [("class", "badge danger")], text: L("\(late ?? 0) j", "\(late ?? 0) d")(locale))
                                : H.text(L("à échoir", "not yet due")(locale)),
                            H.text(money(invoice.due, locale)),
                        ]
                    }, numeric: [4], locale))
        }
        panels.append(H.el("section", [("class", "panel"), ("id", "sales-unpaid")], unpaid))

        // Quotes to follow up.
        var quotes: [HTMLNode] = [H.el("h2", text: L("Devis à relancer", "Quotes to follow up")(locale))]
        if board.quotes.isEmpty {
            quotes.append(
                H.el("p", [("class", "empty")], text: L("Aucun devis en attente de réponse.", "No quote awaiting an answer.")(locale)))
        } else {
            quotes.append(
                table(
                    [L("Devis", "Quote"), L("Client", "Customer"), L("Valable jusqu'au", "Valid until"), L("Total HT", "Total excl. VAT")],
                    board.quotes.map { quote, soon in
                        var validity: [HTMLNode] = [
                            H.text(quote.validUntil.flatMap(CalendarDay.init(parsing:))?.formatted(locale: locale) ?? "—")
                        ]
                        if soon {
                            validity.append(H.text(" "))
                            validity.append(H.el("span", [("class", "badge danger")], text: L("expire bientôt", "expires soon")(locale)))
                        }
                        return [
                            H.link("/quotes/\(quote.id.uuidString.lowercased())", quote.reference ?? "—"),
                            H.text(quote.customerName ?? "—"),
                            H.el("span", [], validity), H.text(money(quote.totalNet, locale)),
                        ]
                    }, numeric: [3], locale))
        }
        panels.append(H.el("section", [("class", "panel"), ("id", "sales-quotes")], quotes))
        content.append(H.el("div", [("class", "dashboard")], panels))
        return Layout.page(request, title: title, content)
    }

    /// The home dashboard's card: this month's revenue, what is due and overdue, quotes awaiting an answer.
    static func homeCard(_ request: Request) async throws -> HTMLNode? {
        guard request.context.allows(.read, .sales) else { return nil }
        let locale = request.locale
        let board = try await SalesDashboardService.dashboard(request.context)
        let month = board.months.last?.revenue ?? 0
        return H.el(
            "section", [("class", "panel dash-sales"), ("id", "home-sales")],
            [
                H.el("h2", [], [H.link("/sales", L("Ventes", "Sales")(locale))]),
                H.el(
                    "dl", [("class", "details")],
                    [
                        H.el("dt", text: L("CA HT du mois", "Revenue this month")(locale)), H.el("dd", text: money(month, locale)),
                        H.el("dt", text: L("Reste dû TTC", "Due incl. VAT")(locale)), H.el("dd", text: money(board.dueTotal, locale)),
                        H.el("dt", text: L("Dont en retard", "Of which overdue")(locale)),
                        H.el("dd", [("class", board.overdueTotal > 0 ? "negative" : nil)], text: money(board.overdueTotal, locale)),
                        H.el("dt", text: L("Devis en attente", "Quotes awaiting")(locale)),
                        H.el("dd", text: NumberDisplay.integer(board.quotes.count)),
                    ]),
            ])
    }
}
