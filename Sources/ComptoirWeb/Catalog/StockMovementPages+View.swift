import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension StockMovementPages {
    /// The draft form, new or edited, with the input kept and the errors named.
    static func form(
        _ request: Request, id: UUID?, values: [String: String], errors: [String: [Localized]], status: HTTPResponseStatus = .ok,
        blank: Int = 0
    ) async throws -> Response {
        let locale = request.locale
        let kind = StockMovement.Kind(rawValue: values["kind"] ?? "") ?? .incoming
        let warehouses = try await StockStateService(request.context).warehouses().filter {
            $0.active || values["warehouse"] == $0.id.uuidString.lowercased()
        }
        let warehouseOptions = warehouses.map { ($0.id.uuidString.lowercased(), $0.name) }
        let defaultWarehouse = warehouses.first { $0.isDefault }?.id.uuidString.lowercased() ?? ""
        let locations = try await WarehouseLocationService(request.context).all().filter(\.active)
        let title =
            id == nil ? L("Nouveau mouvement de stock", "New stock movement")(locale) : L("Modifier le brouillon", "Edit the draft")(locale)
        var content: [HTMLNode] = [H.el("h1", text: title)]
        if let summary = LineEditor.summary(errors, labels: headerLabels, locale: locale) { content.append(summary) }
        if warehouses.isEmpty {
            content.append(
                H.el(
                    "p", [("class", "flash flash-error")],
                    [
                        H.text(L("Aucun entrepôt : ", "No warehouse: ")(locale)),
                        H.link("/warehouses/new", L("créez-en un d'abord", "create one first")(locale)),
                    ]))
        }
        var header: [HTMLNode] = [
            LineEditor.field("kind", headerLabels["kind"]!, "", errors: errors, locale: locale, required: true) { attributes in
                LineEditor.select(attributes, StockMovement.Kind.allCases.map { ($0.rawValue, $0.label(locale)) }, selected: kind.rawValue)
            },
            LineEditor.field(
                "date", headerLabels["date"]!, values["date"] ?? "", errors: errors, locale: locale
            ) { attributes in
                H.void(
                    "input",
                    attributes + [
                        ("type", "text"), ("value", values["date"] ?? ""), ("inputmode", "numeric"), ("placeholder", "jj/mm/aaaa"),
                    ])
            },
            LineEditor.field(
                "warehouse", kind == .transfer ? L("Entrepôt de départ", "Source warehouse") : headerLabels["warehouse"]!, "",
                errors: errors, locale: locale, required: true
            ) {
                LineEditor.select($0, warehouseOptions, selected: values["warehouse"] ?? defaultWarehouse)
            },
        ]
        if kind == .transfer {
            header.append(
                LineEditor.field("targetWarehouse", headerLabels["targetWarehouse"]!, "", errors: errors, locale: locale, required: true) {
                    LineEditor.select($0, warehouseOptions, selected: values["targetWarehouse"] ?? "", blank: "—")
                })
        }
        header.append(
            LineEditor.field(
                "company", kind == .incoming ? L("Fournisseur", "Supplier") : L("Client", "Customer"), "", errors: errors, locale: locale
            ) { attributes in
                H.el(
                    "div", [],
                    [
                        H.void(
                            "input",
                            attributes + [
                                ("type", "text"), ("value", values["company"] ?? ""), ("data-typeahead", "companies"),
                                ("autocomplete", "off"),
                            ])
                    ] + LineEditor.shownRecord("company", id: values["company__id"], title: values["company__title"]))
            })
        if kind == .outgoing || !(values["reason"] ?? "").isEmpty {
            header.append(
                LineEditor.field("reason", headerLabels["reason"]!, "", errors: errors, locale: locale) {
                    LineEditor.select(
                        $0, StockMovement.Reason.allCases.map { ($0.rawValue, $0.label(locale)) }, selected: values["reason"] ?? "",
                        blank: L("Livraison ou autre sortie", "Delivery or other exit")(locale))
                })
        }
        header.append(LineEditor.field("label", headerLabels["label"]!, values["label"] ?? "", errors: errors, locale: locale))
        var formNodes: [HTMLNode] = [H.el("div", [("class", "form-grid")], header)]
        formNodes.append(H.el("h2", text: L("Lignes", "Lines")(locale)))
        formNodes.append(
            H.el(
                "p", [("class", "help")],
                text: kind == .inventory
                    ? L(
                        "Indiquez la quantité comptée : la validation ajuste le stock à ce nombre.",
                        "Enter the quantity counted: validation sets the stock to it.")(locale)
                    : L(
                        "Produit : sa référence (ou choisissez-le dans la liste). Numéros de série : un par ligne, autant que d'unités (en entrée, vous pouvez aussi les saisir après validation).",
                        "Product: its reference (or pick it in the list). Serial numbers: one a line, one per unit (on incoming movements you may also enter them after validation)."
                    )(locale)
                        + (locations.isEmpty
                            ? ""
                            : L(
                                " Emplacement (facultatif) : son code dans l'entrepôt, où le produit est pris ou rangé.",
                                " Location (optional): its code in the warehouse, where the product is picked or put away.")(locale))))
        var columns = lineColumns
        if kind != .incoming { columns.removeAll { $0.key == "unitCost" } }
        // Locations appear once a warehouse has some (they stay optional); a transfer also names where goods arrive.
        let usesLocations =
            !locations.isEmpty
            || lineColumns.contains { column in
                column.kind == .location && values.contains { $0.key.hasSuffix("-" + column.key) && !$0.value.isEmpty }
            }
        if !usesLocations { columns.removeAll { $0.kind == .location } }
        if kind != .transfer { columns.removeAll { $0.key == "targetLocation" } }
        if usesLocations {
            let warehouseNames = Dictionary(uniqueKeysWithValues: warehouses.map { ($0.id, $0.name) })
            formNodes.append(
                H.el(
                    "datalist", [("id", "stock-locations")],
                    locations.map { location in
                        H.el(
                            "option", [("value", location.code)],
                            text: [warehouseNames[location.warehouseID], location.name].compactMap { $0 }.joined(separator: " — "))
                    }))
        }
        formNodes.append(
            LineEditor.table(
                columns, rows: LineEditor.rows(values, columns: lineColumns.map(\.key)), blank: blank, errors: errors, locale: locale))
        formNodes.append(
            H.el(
                "button",
                [("type", "submit"), ("name", "more"), ("value", "1"), ("class", "button"), ("formnovalidate", "formnovalidate")],
                text: L("Plus de lignes", "More lines")(locale)))
        formNodes.append(
            LineEditor.field("notes", headerLabels["notes"]!, "", errors: errors, locale: locale) { attributes in
                H.el("textarea", attributes + [("rows", "3")], text: values["notes"] ?? "")
            })
        formNodes.append(
            H.el(
                "p", [("class", "actions")],
                [
                    H.el(
                        "button", [("type", "submit"), ("class", "button primary")],
                        text: L("Enregistrer le brouillon", "Save the draft")(locale)),
                    H.link(
                        id.map { "/stock-movements/\($0.uuidString.lowercased())" } ?? "/stock-movements", L("Annuler", "Cancel")(locale),
                        [("class", "button")]),
                ]))
        let action = id.map { "/stock-movements/\($0.uuidString.lowercased())" } ?? "/stock-movements"
        content.append(
            H.postForm(action, csrf: request.csrfToken, attributes: [("class", "document-form"), ("novalidate", "novalidate")], formNodes))
        let response = Layout.page(request, title: title, content)
        response.status = status
        return response
    }

    /// A movement's page: header, lines (with their serials), what can be done next.
    static func detail(_ request: Request, _ id: UUID, refusal: AppError? = nil) async throws -> Response {
        let locale = request.locale
        let service = StockMovementService(request.context)
        guard let movement = try await service.find(id) else { throw AppError.notFound }
        let names = try await StockStateService(request.context).names(
            products: movement.lines.map(\.productID), companies: [movement.companyID])
        let title = (movement.reference ?? L("Brouillon", "Draft")(locale)) + " — " + movement.kind.label(locale)
        var content: [HTMLNode] = [
            H.el("h1", text: title), CatalogNav.bar(request, current: "/stock-movements"),
            CatalogFilePages.link("/stock-movements/\(id.uuidString.lowercased())", locale),
        ]
        if let refusal {
            content.append(LineEditor.refusal(refusal, heading: L("Rien n'a été validé :", "Nothing was validated:"), locale: locale))
        }
        var facts: [(Localized, String)] = [
            (
                L("État", "State"),
                movement.isDraft
                    ? L("Brouillon (le stock n'a pas changé)", "Draft (stock unchanged)")(locale) : L("Validé", "Validated")(locale)
            ),
            (L("Date", "Date"), movement.date.formatted(locale: locale)),
            (
                movement.kind == .transfer ? L("De → vers", "From → to") : L("Entrepôt", "Warehouse"),
                names.warehouses[movement.warehouseID].map { name in
                    movement.targetWarehouseID.map { "\(name) → \(names.warehouses[$0] ?? "?")" } ?? name
                } ?? "—"
            ),
        ]
        if let reason = movement.reason { facts.append((L("Motif", "Reason"), reason.label(locale))) }
        if let company = movement.companyID { facts.append((L("Société", "Company"), names.companies[company] ?? "—")) }
        if let label = movement.label { facts.append((L("Libellé", "Label"), label)) }
        if case .validated(_, let at) = movement.state {
            facts.append((L("Validé le", "Validated on"), DateDisplay.dateTime(at, locale: locale)))
        }
        var detailNodes: [HTMLNode] = facts.map { H.el("div", [], [H.el("dt", text: $0.0(locale)), H.el("dd", text: $0.1)]) }
        if let reverses = movement.reversesID {
            detailNodes.append(
                H.el(
                    "div", [],
                    [
                        H.el("dt", text: L("Annule", "Reverses")(locale)),
                        H.el(
                            "dd", [],
                            [
                                H.link(
                                    "/stock-movements/\(reverses.uuidString.lowercased())",
                                    L("le mouvement d'origine", "the original movement")(locale))
                            ]),
                    ]))
        }
        if let note = movement.deliveryNoteID {
            detailNodes.append(
                H.el(
                    "div", [],
                    [
                        H.el("dt", text: L("Bon de livraison", "Delivery note")(locale)),
                        H.el(
                            "dd", [], [H.link("/delivery-notes/\(note.uuidString.lowercased())", L("voir le bon", "see the note")(locale))]),
                    ]))
        }
        content.append(H.el("dl", [("class", "details")], detailNodes))
        if let notes = movement.notes { content.append(H.el("p", [("class", "notes")], text: notes)) }

        // Lines.
        let canWrite = request.context.allows(.write, .catalog)
        var headers = [
            L("Produit", "Product"), L("Quantité", "Quantity"), L("Effet sur le stock", "Stock change"),
            L("Numéros de série", "Serial numbers"),
        ]
        let located = movement.lines.contains { $0.locationID != nil || $0.targetLocationID != nil }
        let codes: [UUID: String] =
            located
            ? Dictionary(uniqueKeysWithValues: try await WarehouseLocationService(request.context).all().map { ($0.id, $0.code) }) : [:]
        if located { headers.append(L("Emplacement", "Location")) }
        content.append(H.el("h2", text: L("Lignes", "Lines")(locale)))
        var rows: [HTMLNode] = []
        for line in movement.lines {
            let product = names.products[line.productID]
            var serialCell: [HTMLNode] = [H.text(line.serials.isEmpty ? "—" : line.serials.joined(separator: ", "))]
            if let product, product.serialTracked, movement.kind == .incoming, !movement.isDraft, !movement.isReturn,
                movement.reversesID == nil,
                let units = line.quantity.wholeUnits, line.serials.count < units, canWrite
            {
                serialCell.append(serialForm(request, movement: id, line: line, missing: units - line.serials.count))
            }
            rows.append(
                H.el(
                    "tr", [],
                    [
                        H.el(
                            "td", [("data-label", headers[0](locale))],
                            [H.link("/products/\(line.productID.uuidString.lowercased())", names.product(line.productID))]),
                        H.el(
                            "td", [("data-label", headers[1](locale))],
                            text: line.quantity.formatted(locale: locale) + " " + (product?.unit == "unit" ? "" : product?.unit ?? "")),
                        H.el(
                            "td", [("data-label", headers[2](locale))],
                            text: line.delta.map { ($0.milli > 0 ? "+" : "") + $0.formatted(locale: locale) } ?? "—"),
                        H.el("td", [("data-label", headers[3](locale))], serialCell),
                    ]
                        + (located
                            ? [
                                H.el(
                                    "td", [("data-label", headers[4](locale))],
                                    text: [line.locationID, line.targetLocationID].map { $0.flatMap { codes[$0] } ?? "—" }.prefix(
                                        movement.kind == .transfer ? 2 : 1
                                    ).joined(separator: " → "))
                            ] : [])))
        }
        content.append(
            H.el(
                "table", [("class", "list")],
                [
                    H.el("thead", [], [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], text: $0(locale)) })]),
                    H.el("tbody", [], rows),
                ]))

        // What comes next.
        if canWrite {
            let path = "/stock-movements/\(id.uuidString.lowercased())"
            var actions: [HTMLNode] = []
            if movement.isDraft {
                actions.append(
                    H.postForm(
                        path + "/validation", csrf: request.csrfToken,
                        [H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Valider", "Validate")(locale))]))
                actions.append(H.link(path + "/edit", L("Modifier", "Edit")(locale), [("class", "button")]))
                actions.append(
                    H.postForm(
                        path + "/delete", csrf: request.csrfToken,
                        attributes: [("data-confirm", L("Supprimer ce brouillon ?", "Delete this draft?")(locale))],
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button danger")],
                                text: L("Supprimer le brouillon", "Delete the draft")(locale))
                        ]))
            } else if movement.reversesID == nil {
                actions.append(
                    H.postForm(
                        path + "/reversal", csrf: request.csrfToken,
                        attributes: [
                            (
                                "data-confirm",
                                L("Créer et valider le mouvement inverse ?", "Create and validate the reversing movement?")(locale)
                            )
                        ],
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button")],
                                text: L("Annuler par un mouvement inverse", "Undo with a reversing movement")(locale))
                        ]))
            }
            content.append(H.el("div", [("class", "actions")], actions))
            if movement.isDraft {
                content.append(
                    H.el(
                        "p", [("class", "help")],
                        text: L(
                            "Un mouvement validé ne se modifie plus : il s'annule par un mouvement inverse.",
                            "A validated movement is never edited: it is undone by a reversing movement.")(locale)))
            }
        }
        let response = Layout.page(request, title: title, content)
        if let refusal { response.status = refusal.status.http }
        return response
    }

    /// Entering the serials of a validated reception's line: a list, or a range (prefix + counter).
    static func serialForm(_ request: Request, movement: UUID, line: StockMovement.Line, missing: Int) -> HTMLNode {
        let locale = request.locale
        let id = "serials-\(line.id.uuidString.lowercased())"
        return H.el(
            "details", [("class", "serial-entry")],
            [
                H.el(
                    "summary",
                    text: L("Saisir les numéros de série (\(missing) manquant(s))", "Enter serial numbers (\(missing) missing)")(locale)),
                H.postForm(
                    "/stock-movements/\(movement.uuidString.lowercased())/lines/\(line.id.uuidString.lowercased())/serials",
                    csrf: request.csrfToken,
                    [
                        H.el(
                            "label", [("for", id)],
                            text: L("Un numéro par ligne (ou collez une liste)", "One number a line (or paste a list)")(locale)),
                        H.el("textarea", [("id", id), ("name", "serials"), ("rows", "4")], text: ""),
                        H.el(
                            "fieldset", [],
                            [
                                H.el("legend", text: L("Ou générez une plage", "Or generate a range")(locale)),
                                H.el("label", [("for", id + "-prefix")], text: L("Préfixe", "Prefix")(locale)),
                                H.void(
                                    "input", [("id", id + "-prefix"), ("name", "prefix"), ("type", "text"), ("placeholder", "SN-2026-")]),
                                H.el("label", [("for", id + "-start")], text: L("Premier numéro", "First number")(locale)),
                                H.void(
                                    "input",
                                    [("id", id + "-start"), ("name", "start"), ("type", "text"), ("inputmode", "numeric"), ("value", "1")]),
                                H.el("label", [("for", id + "-count")], text: L("Combien", "How many")(locale)),
                                H.void(
                                    "input",
                                    [("id", id + "-count"), ("name", "count"), ("type", "text"), ("inputmode", "numeric"), ("value", "")]),
                                H.el(
                                    "label", [("for", id + "-width")], text: L("Chiffres (zéros devant)", "Digits (leading zeros)")(locale)),
                                H.void(
                                    "input",
                                    [("id", id + "-width"), ("name", "width"), ("type", "text"), ("inputmode", "numeric"), ("value", "4")]),
                            ]),
                        H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Enregistrer", "Save")(locale)),
                    ]),
            ])
    }
}
