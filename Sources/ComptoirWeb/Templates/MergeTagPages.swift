import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// « Balises de fusion »: every tag of a target entity, generated from the model (custom fields included), with the value
/// for a chosen record — read with the user's rights, like the record's page.
enum MergeTagPages {
    static func register(_ app: Application) {
        app.get("merge-tags") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try request.context.authorize(.read, .templates)
            let target = request.query[String.self, at: "entity"].flatMap(TemplateTarget.init(rawValue:)) ?? .company
            let recordID = request.query[String.self, at: "record"].flatMap(UUID.init(uuidString:))
            return try await page(request, target, recordID)
        }
    }

    /// Up to 50 recent records of the target the user may read, for the record chooser.
    static func choices(_ target: TemplateTarget, _ request: Request) async throws -> [(String, String)] {
        let context = request.context
        guard context.allows(.read, target.module) else { return [] }
        if let kind = target.salesKind {
            return try await SalesDocumentService(context).list(SalesDocumentFilter(kinds: [kind.rawValue]), limit: 50).map {
                (
                    $0.id.uuidString.lowercased(),
                    [$0.reference ?? L("Brouillon", "Draft")(request.locale), $0.customerName ?? ""].filter { !$0.isEmpty }.joined(
                        separator: " — ")
                )
            }
        }
        guard let definition = target.definition else { return [] }
        let rows = try await EntityService(definition, context).list(EntityService.ListParameters(limit: 50)).rows
        return rows.map { ($0.id.uuidString.lowercased(), $0[definition.titleColumn].textValue ?? $0.id.uuidString.lowercased()) }
    }

    static func page(_ request: Request, _ target: TemplateTarget, _ recordID: UUID?) async throws -> Response {
        let locale = request.locale
        let title = L("Balises de fusion", "Merge tags")(locale)
        let groups = try await MergeTagCatalog.groups(for: target, recordID: recordID, request.context)
        var records = try await choices(target, request)
        if let recordID, !records.contains(where: { $0.0 == recordID.uuidString.lowercased() }) {
            records.insert((recordID.uuidString.lowercased(), recordID.uuidString.lowercased()), at: 0)
        }
        var content: [HTMLNode] = [
            H.el("h1", text: title),
            H.el(
                "p", [("class", "help")],
                text: L(
                    "Recopiez une balise telle quelle dans un modèle Word ou LibreOffice. Une liste se répète dans une ligne de tableau : {{#lines}} au début de la ligne, {{/lines}} à la fin. Une condition garde des paragraphes quand la valeur existe : {{#if contact.email}} … {{/if}}. Dates : jj/mm/aaaa, ou en toutes lettres avec _long.",
                    "Copy a tag as is into a Word or LibreOffice template. A list repeats in a table row: {{#lines}} at the start of the row, {{/lines}} at its end. A condition keeps paragraphs when the value exists: {{#if contact.email}} … {{/if}}. Dates: dd/mm/yyyy, or spelled out with _long."
                )(locale)),
            H.el(
                "form", [("method", "get"), ("action", "/merge-tags"), ("class", "inline-form")],
                [
                    H.el("label", [("for", "tags-entity")], text: L("Entité", "Entity")(locale)),
                    EntityPagesView.select(
                        id: "tags-entity", name: "entity", options: TemplateTarget.allCases.map { ($0.rawValue, $0.label(locale)) },
                        selected: target.rawValue),
                    H.el("label", [("for", "tags-record")], text: L("Valeurs de la fiche", "Values of the record")(locale)),
                    EntityPagesView.select(
                        id: "tags-record", name: "record", options: [("", L("— aucune —", "— none —")(locale))] + records,
                        selected: recordID?.uuidString.lowercased() ?? ""),
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Afficher", "Show")(locale)),
                ]),
        ]
        for group in groups {
            var rows: [HTMLNode] = []
            for tag in group.tags {
                if tag.isList {
                    let fields = tag.itemFields.map { "{{\($0.name)}} (\($0.label))" }.joined(separator: ", ")
                    var value = ""
                    if case .list(let items)? = tag.value { value = L("\(items.count) élément(s)", "\(items.count) item(s)")(locale) }
                    rows.append(
                        H.el(
                            "tr", [],
                            [
                                H.el("td", [], [H.el("code", text: "{{#\(tag.name)}} … {{/\(tag.name)}}")]),
                                H.el("td", [], text: tag.label + " — " + fields),
                                H.el("td", [], text: value),
                            ]))
                } else {
                    var value = ""
                    if case .text(let text)? = tag.value { value = text }
                    rows.append(
                        H.el(
                            "tr", [],
                            [
                                H.el("td", [], [H.el("code", text: "{{\(tag.name)}}")]),
                                H.el("td", [], text: tag.label),
                                H.el("td", [("class", "merge-value")], text: value),
                            ]))
                }
            }
            content.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: group.title),
                        TemplatePages.table(
                            [L("Balise", "Tag"), L("Signification", "Meaning"), recordID == nil ? L("", "") : L("Valeur", "Value")], rows,
                            locale),
                    ]))
        }
        return Layout.page(request, title: title, content)
    }
}
