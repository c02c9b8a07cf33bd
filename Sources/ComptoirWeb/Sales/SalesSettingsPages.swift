import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

/// « Paramètres ERP » (administrators): deposits on or off, the invoices' default terms, VAT franchise, numbering patterns.
enum SalesSettingsPages {
    static let labels: [String: Localized] = [
        "paymentTerms": L("Conditions de paiement par défaut", "Default payment terms"),
        "latePenaltyRate": L("Pénalités de retard", "Late-payment penalties"),
        "earlyPaymentDiscount": L("Escompte pour paiement anticipé", "Early-payment discount"),
        "paymentDays": L("Délai de paiement par défaut (jours)", "Default payment delay (days)"),
    ]

    static func register(_ app: Application) {
        app.get("admin", "erp-settings") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.write, .settings)
            let current = try await SalesSettingsService(request.context).current()
            var values: [String: String] = [
                "paymentTerms": current.paymentTerms, "latePenaltyRate": current.latePenaltyRate,
                "earlyPaymentDiscount": current.earlyPaymentDiscount, "paymentDays": current.paymentDays,
            ]
            if current.deposits { values["deposits"] = "on" }
            if current.vatFranchise { values["vatFranchise"] = "on" }
            for (kind, pattern) in current.patterns { values["pattern.\(kind)"] = pattern }
            return try await page(request, values: values, errors: [:])
        }
        app.post("admin", "erp-settings") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let values = try FormInput.strings(request)
            var patterns: [String: String] = [:]
            for kind in SalesSettingsService.numberedKinds { patterns[kind.rawValue] = values["pattern.\(kind.rawValue)"] ?? "" }
            do {
                try await SalesSettingsService(request.context).update(
                    .init(
                        deposits: values["deposits"] != nil, vatFranchise: values["vatFranchise"] != nil,
                        paymentTerms: values["paymentTerms"] ?? "", latePenaltyRate: values["latePenaltyRate"] ?? "",
                        earlyPaymentDiscount: values["earlyPaymentDiscount"] ?? "", paymentDays: values["paymentDays"] ?? "",
                        patterns: patterns))
            } catch let error as AppError where error.code == "validation_failed" {
                return try await page(request, values: values, errors: error.fields, status: .unprocessableEntity)
            }
            return request.redirect(to: "/admin/erp-settings", flash: Flash(.success, L("Paramètres enregistrés.", "Settings saved.")))
        }
    }

    static func page(
        _ request: Request, values: [String: String], errors: [String: [Localized]], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let locale = request.locale
        let title = L("Paramètres ERP", "ERP settings")(locale)
        var allLabels = labels
        for kind in SalesSettingsService.numberedKinds {
            allLabels["pattern.\(kind.rawValue)"] = L("Numérotation : \(kind.label.fr)", "Numbering: \(kind.label.en)")
        }
        var content: [HTMLNode] = [H.el("h1", text: title)]
        if let summary = LineEditor.summary(errors, labels: allLabels, locale: locale) { content.append(summary) }
        func checkbox(_ key: String, _ label: Localized, _ help: Localized) -> HTMLNode {
            H.el(
                "div", [("class", "field checkbox")],
                [
                    H.void("input", [("type", "checkbox"), ("id", "f-\(key)"), ("name", key), H.flag("checked", values[key] != nil)]),
                    H.el("label", [("for", "f-\(key)")], text: label(locale)),
                    H.el("p", [("class", "help")], text: help(locale)),
                ])
        }
        func text(_ key: String) -> HTMLNode {
            LineEditor.field(key, allLabels[key]!, values[key] ?? "", errors: errors, locale: locale)
        }
        content.append(
            H.postForm(
                "/admin/erp-settings", csrf: request.csrfToken, attributes: [("novalidate", "novalidate")],
                [
                    checkbox(
                        "deposits", L("Activer la gestion des acomptes", "Turn deposit management on"),
                        L(
                            "Propose « Facturer en plusieurs fois » sur les bons de commande validés : facture d'acompte, intermédiaires et de solde.",
                            "Offers « Facturer en plusieurs fois » on validated orders: deposit, intermediate and balance invoices.")),
                    checkbox(
                        "vatFranchise", L("Franchise en base de TVA", "VAT franchise"),
                        L(
                            "Les factures portent « TVA non applicable, art. 293 B du CGI ».",
                            "Invoices carry « TVA non applicable, art. 293 B du CGI ».")),
                    H.el("h2", text: L("Mentions des factures", "Invoice mentions")(locale)),
                    H.el(
                        "div", [("class", "form-grid")],
                        [text("paymentTerms"), text("paymentDays"), text("latePenaltyRate"), text("earlyPaymentDiscount")]),
                    H.el(
                        "p", [("class", "help")],
                        text: L(
                            "Le délai donne l'échéance d'une facture qui n'en a pas : sa date plus ce nombre de jours (30 pour « 30 jours date de facture »). Vide : l'échéance est à saisir sur chaque facture.",
                            "The delay gives the due date of an invoice without one: its date plus this many days (30 for « 30 days from the invoice date »). Empty: type the due date on each invoice."
                        )(locale)),
                    H.el("h2", text: L("Numérotation", "Numbering")(locale)),
                    H.el(
                        "p", [("class", "help")],
                        text: L(
                            "{yyyy} ou {yy} pour l'année, {mm} pour le mois, {00000} pour le compteur (un par série et par an, sans trou). Les avoirs suivent la numérotation des factures.",
                            "{yyyy} or {yy} for the year, {mm} for the month, {00000} for the counter (one per series and year, gapless). Credit notes follow the invoices' sequence."
                        )(locale)),
                    H.el("div", [("class", "form-grid")], SalesSettingsService.numberedKinds.map { text("pattern.\($0.rawValue)") }),
                    H.el(
                        "p", [("class", "actions")],
                        [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale))]),
                ]))
        let response = Layout.page(request, title: title, content)
        response.status = status
        return response
    }
}
