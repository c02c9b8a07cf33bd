import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Plot
import Vapor

/// The readable version of « Exporter ses données »: one standalone, printable HTML page (its own small stylesheet, no
/// script, no link back into the app), one section per kind of record, French labels and dd/mm/yyyy dates. Built from
/// the same export as the JSON file; every value goes through Plot's text escaping or `H.escapeAttribute`.
enum PersonalDataDocument {
    static func render(_ export: PersonalDataService.Export, locale: DisplayLocale) -> String {
        let document = export.document
        let name = export.contact["display_name"].textValue ?? ""
        let title = L("Données personnelles de \(name)", "Personal data of \(name)")(locale)
        var body: [HTMLNode] = [
            H.el("h1", text: title),
            H.el(
                "p", [("class", "meta")],
                text: L("Exporté le ", "Exported on ")(locale) + dateTime(document["exportedAt"], locale)
                    + L(" depuis Comptoir.", " from Comptoir.")(locale)),
        ]
        if let erased = date(document["erasedAt"], locale) {
            body.append(H.el("p", [("class", "meta")], text: L("Données effacées le ", "Data erased on ")(locale) + erased))
        }
        body.append(section(L("Fiche", "Record")(locale), [fields(export.definition, export.contact, locale)]))
        body.append(
            section(
                L("Sociétés et fonctions", "Companies and roles")(locale),
                table(
                    [L("Société", "Company")(locale), L("Fonction", "Role")(locale)],
                    items(document["companies"]).map { [text($0["name"]), text($0["role"])] }, locale)))
        let tags = items(document["interestTags"]).compactMap { $0.stringValue }
        body.append(
            section(
                L("Centres d'intérêt", "Interest tags")(locale),
                tags.isEmpty ? [none(locale)] : [H.el("ul", [], tags.map { H.el("li", text: $0) })]))
        body.append(
            section(
                L("Interactions", "Interactions")(locale),
                table(
                    [
                        L("Date", "Date")(locale), L("Type", "Type")(locale), L("Objet", "Subject")(locale),
                        L("Étape", "Stage")(locale), L("Société", "Company")(locale), L("Projet", "Project")(locale),
                        L("Faite", "Done")(locale), L("Lieu", "Place")(locale), L("Description", "Description")(locale),
                    ],
                    items(document["interactions"]).map { item in
                        [
                            (item["startsAt"] ?? .null) == .null ? day(item["dueDate"], locale) : dateTime(item["startsAt"], locale),
                            text(item["type"]), text(item["subject"]), text(item["stage"]), text(item["company"]),
                            text(item["project"]), item["done"] == .bool(true) ? L("Oui", "Yes")(locale) : L("Non", "No")(locale),
                            text(item["location"]), text(item["description"]),
                        ]
                    }, locale)))
        body.append(
            section(
                L("Projets", "Projects")(locale),
                table(
                    [L("Projet", "Project")(locale), L("Rôle", "Role")(locale)],
                    items(document["projects"]).map { [text($0["title"]), text($0["role"])] }, locale)))
        body.append(
            section(
                L("Consentements", "Consents")(locale),
                table(
                    [L("Consentement", "Consent")(locale), L("Date", "Date")(locale)],
                    items(document["consents"]).map { [text($0["purpose"]), dateTime($0["at"], locale)] }, locale)))
        body.append(
            section(
                L("Fichiers", "Files")(locale),
                table(
                    [L("Nom", "Name")(locale), L("Type", "Type")(locale), L("Taille", "Size")(locale), L("Ajouté le", "Added on")(locale)],
                    items(document["files"]).map { file in
                        [
                            text(file["name"]), text(file["contentType"]),
                            file["size"]?.intValue.map { NumberDisplay.bytes(Int($0), locale: locale) } ?? "—",
                            dateTime(file["createdAt"], locale),
                        ]
                    }, locale)))
        body.append(
            section(
                L("Fiches fusionnées dans celle-ci", "Records merged into this one")(locale),
                export.merged.isEmpty ? [none(locale)] : export.merged.map { fields(export.definition, $0, locale) }))
        body.append(
            section(
                L("Historique de la fiche", "History of the record")(locale),
                table(
                    [L("Date", "Date")(locale), L("Action", "Action")(locale), L("Par", "By")(locale), L("Champs", "Fields")(locale)],
                    items(document["history"]).map { entry in
                        [
                            dateTime(entry["at"], locale), AuditEntity.actionLabel(entry["action"]?.stringValue ?? "")(locale),
                            text(entry["by"]),
                            items(entry["fields"]).compactMap(\.stringValue).map { column in
                                export.definition.field(column: column)?.label(locale) ?? export.definition.field(key: column)?.label(
                                    locale)
                                    ?? column
                            }.joined(separator: ", "),
                        ]
                    }, locale)))

        let html = HTML(
            .lang(locale == .en ? .english : .french),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                .element(named: "title", text: title),
                // A constant: no value of the export is written here.
                .raw("<style>\(stylesheet)</style>")
            ),
            .body(.group(body))
        )
        return html.render()
    }

    /// The page as a download (never shown as a page of the app: no script may run on the app's origin).
    static func download(_ export: PersonalDataService.Export, id: UUID, locale: DisplayLocale) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"donnees-personnelles-\(id.uuidString.lowercased()).html\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(
            name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        return Response(status: .ok, headers: headers, body: .init(string: render(export, locale: locale)))
    }

    private static let stylesheet = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2430;max-width:60rem;margin:2rem auto;\
        padding:0 1rem;line-height:1.45}h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #c9d1dc;\
        padding-bottom:.2rem;margin-top:2rem}.meta{color:#5a6472}table{border-collapse:collapse;width:100%}\
        th,td{text-align:left;vertical-align:top;border-bottom:1px solid #e3e7ed;padding:.3rem .4rem}\
        dl{display:grid;grid-template-columns:minmax(10rem,1fr) 3fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;white-space:pre-wrap}\
        td{white-space:pre-wrap}@media print{body{margin:0;max-width:none}section{break-inside:avoid-page}}
        """

    private static func section(_ title: String, _ content: [HTMLNode]) -> HTMLNode {
        H.el("section", [], [H.el("h2", text: title)] + content)
    }

    private static func none(_ locale: DisplayLocale) -> HTMLNode {
        H.el("p", [("class", "meta")], text: L("Aucun.", "None.")(locale))
    }

    private static func table(_ headers: [String], _ rows: [[String]], _ locale: DisplayLocale) -> [HTMLNode] {
        guard !rows.isEmpty else { return [none(locale)] }
        return [
            H.el(
                "table", [],
                [
                    H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0) })]),
                    H.el("tbody", [], rows.map { row in H.el("tr", [], row.map { H.el("td", text: $0) }) }),
                ])
        ]
    }

    /// A record's fields as the contact page shows them (choices by label, countries by name, dates dd/mm/yyyy).
    private static func fields(_ definition: EntityDefinition, _ row: ComptoirStore.TableRow, _ locale: DisplayLocale) -> HTMLNode {
        var items: [HTMLNode] = []
        for field in definition.fields where !field.isPassword && (field.uses.contains(.detail) || field.uses.contains(.list)) {
            let value = row[field.column]
            guard value != FieldValue.null else { continue }
            items.append(H.el("dt", text: field.label(locale)))
            items.append(H.el("dd", text: FieldParsing.display(field, value, locale)))
        }
        for (column, label) in [("created_at", L("Créée le", "Created on")), ("updated_at", L("Modifiée le", "Updated on"))] {
            if let at = row[column].dateValue {
                items.append(H.el("dt", text: label(locale)))
                items.append(H.el("dd", text: DateDisplay.dateTime(at, locale: locale)))
            }
        }
        return H.el("dl", [], items)
    }

    private static func items(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = value { return items }
        return []
    }

    private static func text(_ value: JSONValue?) -> String {
        value?.stringValue ?? "—"
    }

    private static func date(_ value: JSONValue?, _ locale: DisplayLocale) -> String? {
        guard let text = value?.stringValue, let date = parseISO(text) else { return nil }
        return DateDisplay.date(date, locale: locale)
    }

    private static func dateTime(_ value: JSONValue?, _ locale: DisplayLocale) -> String {
        guard let text = value?.stringValue, let date = parseISO(text) else { return "—" }
        return DateDisplay.dateTime(date, locale: locale)
    }

    /// A calendar day stored as `2026-02-28`, shown 28/02/2026.
    private static func day(_ value: JSONValue?, _ locale: DisplayLocale) -> String {
        guard let text = value?.stringValue else { return "—" }
        return CalendarDay(parsing: String(text.prefix(10)))?.formatted(locale: locale) ?? text
    }
}

private func parseISO(_ text: String) -> Date? {
    try? Date(text, strategy: .iso8601)
}

extension JSONValue {
    fileprivate var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    fileprivate var intValue: Int64? {
        if case .int(let number) = self { return number }
        return nil
    }
}
