import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import Foundation
import Vapor

/// A document's files on its pages: « Aperçu » (the printed content in HTML), the PDF (archived at validation; a draft's
/// is a preview), and for invoices and credit notes « Facture électronique (Factur-X) » with the XML alone (CII, UBL) and
/// what the e-invoice was checked against.
enum SalesFilePages {
    /// The billing framework's code with what it means (« M1 — dépôt d'une facture mixte (biens et services) »).
    static func businessProcess(_ code: String) -> Localized {
        let nature: Localized? =
            switch code.first {
            case "B": L("de biens", "goods")
            case "S": L("de services", "services")
            case "M": L("mixte (biens et services)", "mixed (goods and services)")
            default: nil
            }
        guard let nature else { return L(code, code) }
        switch code.dropFirst() {
        case "1": return L("\(code) — dépôt d'une facture \(nature.fr)", "\(code) — \(nature.en) invoice submitted")
        case "2": return L("\(code) — facture \(nature.fr) déjà payée", "\(code) — \(nature.en) invoice already paid")
        case "4":
            return L("\(code) — facture \(nature.fr) définitive, après acompte", "\(code) — final \(nature.en) invoice after a deposit")
        default: return L(code, code)
        }
    }

    static func register(_ app: Application) {
        for (segment, kind) in SalesPages.paths where !SalesArchive.formats(kind).isEmpty {
            let base = PathComponent(stringLiteral: segment)
            app.get(base, ":id", "pdf") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await download(request, kind, .pdf)
            }
            app.get(base, ":id", "preview") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await preview(request, kind)
            }
            guard kind.isLegalInvoice else { continue }
            app.get(base, ":id", "facturx.xml") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await download(request, kind, .cii)
            }
            app.get(base, ":id", "ubl.xml") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await download(request, kind, .ubl)
            }
            app.get(base, ":id", "e-invoice") { request async throws -> Response in
                try PageGuard.requireSignedIn(request)
                return try await eInvoice(request, kind)
            }
        }
    }

    static func download(_ request: Request, _ kind: SalesDocument.Kind, _ format: SalesArchive.Format) async throws -> Response {
        let document = try await SalesPages.load(request, kind, try EntityRoutes.id(request))
        let file = try await SalesFileService(request.context).file(document.id, format)
        return format == .pdf
            ? FileResponse.userFile(file.data, name: file.name) : FileResponse.download(file.data, name: file.name, type: file.contentType)
    }

    /// The block of the document's page that leads to its files.
    static func panel(_ request: Request, _ document: SalesDocument) -> [HTMLNode] {
        guard !SalesArchive.formats(document.kind).isEmpty else { return [] }
        let locale = request.locale
        let base = SalesPages.path(document.kind) + "/\(document.id.uuidString.lowercased())"
        var links = [
            H.link(base + "/preview", L("Aperçu", "Preview")(locale), [("class", "button")]),
            H.link(
                base + "/pdf",
                (document.isDraft
                    ? L("Générer le PDF (aperçu)", "Generate the PDF (preview)") : L("Télécharger le PDF", "Download the PDF"))(
                        locale), [("class", "button")]),
        ]
        if !document.isDraft && document.kind.isLegalInvoice {
            links.append(
                H.link(base + "/e-invoice", L("Facture électronique (Factur-X)", "E-invoice (Factur-X)")(locale), [("class", "button")]))
        }
        var nodes = [H.el("h2", text: L("Documents", "Documents")(locale)), H.el("div", [("class", "actions")], links)]
        if !document.isDraft {
            nodes.append(
                H.el(
                    "p", [("class", "help")],
                    text: (document.kind.isLegalInvoice
                        ? L(
                            "Le PDF et la facture électronique ont été générés et archivés à la validation ; chaque téléchargement sert ces fichiers, contrôlés par leur empreinte.",
                            "The PDF and the e-invoice were generated and archived at validation; every download serves those files, checked by their hash."
                        )
                        : L(
                            "Le PDF a été généré et archivé à la validation ; chaque téléchargement sert ce fichier, contrôlé par son empreinte.",
                            "The PDF was generated and archived at validation; every download serves that file, checked by its hash."))(
                            locale)))
        }
        return nodes
    }

    // MARK: - « Facture électronique (Factur-X) »

    static func eInvoice(_ request: Request, _ kind: SalesDocument.Kind) async throws -> Response {
        let locale = request.locale
        let document = try await SalesPages.load(request, kind, try EntityRoutes.id(request))
        let report = try await SalesFileService(request.context).report(document.id)
        let base = SalesPages.path(kind) + "/\(document.id.uuidString.lowercased())"
        let title = L("Facture électronique", "E-invoice")(locale) + " " + (document.reference ?? L("(brouillon)", "(draft)")(locale))
        var content: [HTMLNode] = [
            H.el("h1", text: title), SalesNav.bar(request, current: SalesPages.path(kind)),
            H.el("p", [], [H.link(base, L("← Retour au document", "← Back to the document")(locale))]),
        ]
        let typeLabel: Localized =
            switch report.typeCode {
            case "381": L("381 — avoir", "381 — credit note")
            case "386": L("386 — facture d'acompte", "386 — deposit invoice")
            default: L("380 — facture", "380 — invoice")
            }
        var facts: [(Localized, String)] = [
            (L("Format", "Format"), "Factur-X 1.0 (PDF/A-3b), profil EN 16931 ; UBL 2.1"),
            (L("Type de document", "Document type"), typeLabel(locale)),
            (L("Cadre de facturation", "Business process"), businessProcess(report.businessProcess)(locale)),
        ]
        if !report.precedingInvoices.isEmpty {
            facts.append((L("Factures antérieures", "Preceding invoices"), report.precedingInvoices.joined(separator: ", ")))
        }
        if report.prepaid != 0 {
            facts.append(
                (
                    L("Déjà versé (déduit)", "Prepaid (deducted)"),
                    Money(minorUnits: report.prepaid, currency: document.currency).formatted(locale: locale)
                ))
        }
        content.append(
            H.el(
                "dl", [("class", "details")],
                facts.map { H.el("div", [], [H.el("dt", text: $0.0(locale)), H.el("dd", text: $0.1)]) }))

        content.append(H.el("h2", text: L("Contrôle", "Check")(locale)))
        if report.problems.isEmpty {
            content.append(
                H.el(
                    "p", [("class", "flash flash-success"), ("role", "status")],
                    text: L(
                        "Conforme : numéro, SIREN du vendeur, adresses électroniques, mentions PMT, PMD et AAB, lignes et ventilation de TVA vérifiés (règles EN 16931 et françaises).",
                        "Compliant: number, seller's SIREN, electronic addresses, PMT, PMD and AAB notes, lines and VAT breakdown checked (EN 16931 and French rules)."
                    )(locale)))
        } else {
            content.append(
                H.el(
                    "div", [("class", "flash flash-error"), ("role", "alert")],
                    [
                        H.el(
                            "p", text: L("À corriger avant l'envoi sur une plateforme :", "To fix before sending it to a platform:")(locale)
                        ),
                        H.el("ul", [], report.problems.map { H.el("li", text: problemText($0, locale)) }),
                    ]))
        }

        content.append(H.el("h2", text: L("Fichiers archivés", "Archived files")(locale)))
        if report.files.isEmpty {
            content.append(
                H.el(
                    "p", [("class", "help")],
                    text: L(
                        "Aucun fichier archivé : le document est un brouillon ou a été validé avant l'archivage.",
                        "No archived file: the document is a draft or was validated before archiving existed.")(locale)))
        } else {
            let headers = [L("Fichier", "File"), L("Taille", "Size"), L("Empreinte SHA-256", "SHA-256"), L("État", "State")]
            content.append(
                H.listTable(
                    headers, locale,
                    rows: report.files.map { file -> [ListCell] in
                        let (suffix, label): (String, Localized) =
                            switch file.format {
                            case .pdf: ("/pdf", L("PDF Factur-X", "Factur-X PDF"))
                            case .cii: ("/facturx.xml", L("XML Factur-X (CII)", "Factur-X XML (CII)"))
                            case .ubl: ("/ubl.xml", L("XML UBL", "UBL XML"))
                            }
                        return [
                            .node(H.link(base + suffix, label(locale))),
                            .text(NumberDisplay.bytes(Int(file.size), locale: locale), "number"),
                            .node(H.el("code", text: file.sha256), "hash"),
                            .text(file.intact ? L("Intact", "Intact")(locale) : L("Modifié ou introuvable", "Changed or missing")(locale)),
                        ]
                    }))
        }
        return Layout.page(request, title: title, content)
    }

    static func problemText(_ problem: InvoiceDocument.Problem, _ locale: DisplayLocale) -> String {
        let french: String =
            switch problem.field {
            case "number": "Le numéro doit compter 1 à 35 caractères parmi lettres, chiffres et + - _ /."
            case "seller.siren": "Le SIREN de votre organisation manque (Administration → Coordonnées de l'organisation)."
            case "seller.electronicAddress": "L'adresse électronique de votre organisation manque (SIREN ou e-mail)."
            case "buyer.electronicAddress": "L'adresse électronique du client manque : renseignez son SIREN ou son e-mail."
            case "notes": "Les mentions PMT, PMD et AAB doivent figurer une fois chacune."
            case "lines": "La facture doit avoir au moins une ligne."
            case "vatBreakdown": "La ventilation de TVA manque."
            default: problem.message
            }
        return locale == .en ? problem.message : french + " (" + problem.message + ")"
    }

    // MARK: - « Aperçu »

    /// The printed content in HTML, from the same `InvoiceDocument` the PDF is drawn from.
    static func preview(_ request: Request, _ kind: SalesDocument.Kind) async throws -> Response {
        let locale = request.locale
        let document = try await SalesPages.load(request, kind, try EntityRoutes.id(request))
        guard let printable = try await SalesFileService(request.context).printable(document.id) else { throw AppError.notFound }
        let sheet = InvoicePreview.sheet(printable, locale)
        let base = SalesPages.path(kind) + "/\(document.id.uuidString.lowercased())"
        let title = L("Aperçu", "Preview")(locale) + " — " + sheet.title + " " + (document.reference ?? L("(brouillon)", "(draft)")(locale))
        var content: [HTMLNode] = [
            H.el("h1", text: title), SalesNav.bar(request, current: SalesPages.path(kind)),
            H.el(
                "div", [("class", "actions")],
                [
                    H.link(base, L("← Retour au document", "← Back to the document")(locale), [("class", "button")]),
                    H.link(base + "/pdf", L("PDF", "PDF")(locale), [("class", "button primary")]),
                ]),
        ]
        content.append(InvoicePreview.render(sheet, draft: document.isDraft, locale: locale))
        return Layout.page(request, title: title, content)
    }
}
