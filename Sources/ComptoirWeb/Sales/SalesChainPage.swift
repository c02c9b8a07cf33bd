import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/admin/sales-chain` (« Intégrité des factures »): recomputes the invoices' hash chain as `comptoir verify` does and
/// says how many links were checked, which is the last, and the first broken one with what differs.
enum SalesChainPage {
    static func register(_ app: Application) {
        app.get("admin", "sales-chain") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await page(request)
        }
    }

    static func page(_ request: Request) async throws -> Response {
        let locale = request.locale
        let status = try await SalesChainStatus.check(request.context)
        let title = L("Intégrité des factures", "Invoice integrity")(locale)
        var content: [HTMLNode] = [
            H.el("h1", text: title),
            H.el(
                "p", [("class", "muted")],
                text: L(
                    "Chaque facture, avoir et versement validé est chaîné à la précédente par une empreinte SHA-256. Cette page recalcule toute la chaîne depuis les données actuelles, comme la commande « comptoir verify ».",
                    "Every validated invoice, credit note and payment is chained to the previous one by a SHA-256 hash. This page recomputes the whole chain from the data as it is now, as the « comptoir verify » command does."
                )(locale)),
        ]
        let checked = status.report.checked
        if let broken = status.report.broken {
            var details: [HTMLNode] = [
                H.el("dt", text: L("Maillon", "Link")(locale)), H.el("dd", text: "n° \(broken.sequence)"),
                H.el("dt", text: L("Document", "Document")(locale)),
                H.el(
                    "dd", [("id", "chain-broken-record")],
                    text: broken.label.isEmpty ? broken.recordID.uuidString.lowercased() : broken.label),
                H.el("dt", text: L("Cause", "Reason")(locale)), H.el("dd", text: broken.reason(locale)),
            ]
            if !broken.changedFields.isEmpty {
                details += [
                    H.el("dt", text: L("Champs modifiés", "Changed fields")(locale)),
                    H.el("dd", [("id", "chain-changed-fields")], text: broken.changedFields.joined(separator: ", ")),
                ]
            }
            content.append(
                H.el(
                    "section", [("class", "panel"), ("id", "chain-status")],
                    [
                        H.el(
                            "div", [("class", "flash flash-error"), ("role", "alert")],
                            text: L(
                                "Chaîne rompue : \(checked) maillon(s) vérifié(s), le n° \(broken.sequence) est le premier en défaut.",
                                "Broken chain: \(checked) link(s) checked, number \(broken.sequence) is the first that fails.")(locale)),
                        H.el("dl", [("class", "details")], details),
                    ]))
        } else {
            content.append(
                H.el(
                    "section", [("class", "panel"), ("id", "chain-status")],
                    [
                        H.el(
                            "div", [("class", "flash flash-success"), ("role", "status")],
                            text: L("Chaîne intègre : \(checked) maillon(s) vérifié(s).", "Chain intact: \(checked) link(s) checked.")(
                                locale))
                    ]))
        }
        if let (record, label) = status.last {
            content.append(
                H.el(
                    "section", [("class", "panel"), ("id", "chain-last")],
                    [
                        H.el("h2", text: L("Dernier maillon", "Last link")(locale)),
                        H.el(
                            "dl", [("class", "details")],
                            [
                                H.el("dt", text: L("Maillon", "Link")(locale)), H.el("dd", text: "n° \(record.sequence)"),
                                H.el("dt", text: L("Enregistrement", "Record")(locale)), H.el("dd", text: label),
                                H.el("dt", text: L("Date", "Date")(locale)),
                                H.el("dd", text: DateDisplay.dateTime(record.createdAt, locale: locale)),
                                H.el("dt", text: L("Empreinte", "Hash")(locale)), H.el("dd", [("class", "mono")], text: record.hash),
                            ]),
                    ]))
        }
        return Layout.page(request, title: title, content)
    }
}
