import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension SalesAPI {
    /// The body of a draft: its header members and lines, every member of its JSON type.
    static func documentInput(_ request: Request, kind: SalesDocument.Kind) throws -> SalesDocumentInput {
        var allowed = Set(textMembers.keys)
        allowed.formUnion(["subtype", "companyId", "contactId", "projectId", "interactionId", "nature", "lines"])
        var body = try CatalogAPI.Body(request, allowed: allowed, required: [])
        var input = SalesDocumentInput(kind: kind.rawValue, lines: [])
        input.subtype = body.string("subtype")
        input.title = body.string("title")
        input.company = body.string("companyId")
        input.contact = body.string("contactId")
        input.billingAddress = body.string("billingAddress", maxLength: 1_000)
        input.deliveryAddress = body.string("deliveryAddress", maxLength: 1_000)
        input.project = body.string("projectId")
        input.interaction = body.string("interactionId")
        input.issueDate = body.string("issueDate")
        input.deliveryDate = body.string("deliveryDate")
        input.dueDate = body.string("dueDate")
        input.validUntil = body.string("validUntil")
        input.paymentTerms = body.string("paymentTerms", maxLength: 500)
        input.latePenaltyRate = body.string("latePenaltyRate", maxLength: 500)
        input.earlyPaymentDiscount = body.string("earlyPaymentDiscount", maxLength: 500)
        input.nature = body.string("nature")
        input.notes = body.string("notes", maxLength: 20_000)
        input.supplierReference = body.string("supplierReference", maxLength: 100)
        for (key, pattern) in memberPatterns {
            if case .string(let text)? = body.object[key], text.range(of: pattern, options: .regularExpression) == nil {
                body.errors[key, default: []].append(L("Valeur invalide.", "Invalid value."))
            }
        }
        for key in ["companyId", "contactId", "projectId", "interactionId"] {
            if case .string(let text)? = body.object[key], UUID(uuidString: text) == nil {
                body.errors[key, default: []].append(L("Identifiant attendu.", "An id is expected."))
            }
        }
        if let lines = body.object["lines"] {
            guard case .array(let items) = lines else {
                throw AppError.validation(["lines": [L("Liste de lignes attendue.", "An array of lines is expected.")]])
            }
            if items.count > 1_000 { body.errors["lines", default: []].append(L("1 000 lignes au plus.", "At most 1,000 lines.")) }
            let names: Set = ["product", "description", "quantity", "unit", "unitPrice", "discount", "vatRate"]
            for (index, item) in items.prefix(1_000).enumerated() {
                guard case .object(let members) = item else {
                    body.errors["lines[\(index)]", default: []].append(L("Objet attendu.", "An object is expected."))
                    continue
                }
                var values: [String: String] = [:]
                for (name, value) in members {
                    guard names.contains(name), case .string(let text) = value, text.unicodeScalars.count <= 4_000 else {
                        body.errors["lines[\(index)].\(name)", default: []].append(
                            L("Membre inconnu, de mauvais type ou trop long.", "Unknown member, wrong type or too long."))
                        continue
                    }
                    if let pattern = linePatterns[name], text.range(of: pattern, options: .regularExpression) == nil {
                        body.errors["lines[\(index)].\(name)", default: []].append(L("Valeur invalide.", "Invalid value."))
                    }
                    values[name] = text
                }
                if values["quantity"] == nil {
                    body.errors["lines[\(index)].quantity", default: []].append(L("Membre obligatoire.", "Required member."))
                }
                input.lines.append(
                    .init(
                        product: values["product"] ?? "", description: values["description"] ?? "", quantity: values["quantity"] ?? "",
                        unit: values["unit"] ?? "", unitPrice: values["unitPrice"] ?? "", discount: values["discount"] ?? "",
                        vatRate: values["vatRate"] ?? ""))
            }
        }
        try body.check()
        return input
    }

    static func paymentInput(_ request: Request) throws -> SalesPaymentInput {
        var body = try CatalogAPI.Body(
            request, allowed: ["direction", "wording", "amount", "date", "method", "reference", "companyId", "keepCredit", "allocations"],
            required: ["wording", "amount", "method"])
        var input = SalesPaymentInput(
            direction: body.string("direction").isEmpty ? "received" : body.string("direction"), wording: body.string("wording"),
            amount: body.string("amount"), date: body.string("date"), method: body.string("method"),
            reference: body.string("reference", maxLength: 100), company: body.string("companyId"), allocations: [])
        for (key, pattern) in paymentPatterns {
            if case .string(let text)? = body.object[key], text.range(of: pattern, options: .regularExpression) == nil {
                body.errors[key, default: []].append(L("Valeur invalide.", "Invalid value."))
            }
        }
        switch body.object["keepCredit"] {
        case nil: break
        case .bool(let flag)?: input.keepCredit = flag
        default: body.errors["keepCredit", default: []].append(L("Booléen attendu.", "A boolean is expected."))
        }
        if let allocations = body.object["allocations"] {
            guard case .array(let items) = allocations else {
                throw AppError.validation(["allocations": [L("Liste attendue.", "An array is expected.")]])
            }
            for (index, item) in items.prefix(500).enumerated() {
                guard case .object(let members) = item, case .string(let document)? = members["documentId"],
                    members.keys.allSatisfy({ $0 == "documentId" || $0 == "amount" })
                else {
                    body.errors["allocations[\(index)]", default: []].append(
                        L("Objet { documentId, amount } attendu.", "An object { documentId, amount } is expected."))
                    continue
                }
                var amount = ""
                if UUID(uuidString: document) == nil {
                    body.errors["allocations[\(index)].documentId", default: []].append(L("Identifiant attendu.", "An id is expected."))
                }
                if let raw = members["amount"] {
                    guard case .string(let text) = raw, text.range(of: moneyPattern, options: .regularExpression) != nil else {
                        body.errors["allocations[\(index)].amount", default: []].append(APIInput.stringExpected)
                        continue
                    }
                    amount = text
                }
                input.allocations.append(.init(document: document, amount: amount))
            }
            if items.count > 500 { body.errors["allocations", default: []].append(L("500 au plus.", "At most 500.")) }
        }
        try body.check()
        return input
    }

    static func installments(_ request: Request) throws -> [InstallmentInput] {
        let body = try CatalogAPI.Body(request, allowed: ["installments"], required: ["installments"])
        try body.check()
        guard case .array(let items)? = body.object["installments"] else {
            throw AppError.validation(["installments": [L("Liste attendue.", "An array is expected.")]])
        }
        var errors: [String: [Localized]] = [:]
        var plan: [InstallmentInput] = []
        let names: Set = ["template", "amount", "percentage", "issueDate", "dueDate"]
        for (index, item) in items.prefix(36).enumerated() {
            guard case .object(let members) = item else {
                errors["installments[\(index)]", default: []].append(L("Objet attendu.", "An object is expected."))
                continue
            }
            var values: [String: String] = [:]
            for (name, value) in members {
                guard names.contains(name), case .string(let text) = value, text.unicodeScalars.count <= 40 else {
                    errors["installments[\(index)].\(name)", default: []].append(
                        L("Membre inconnu, de mauvais type ou trop long.", "Unknown member, wrong type or too long."))
                    continue
                }
                if let pattern = installmentPatterns[name], text.range(of: pattern, options: .regularExpression) == nil {
                    errors["installments[\(index)].\(name)", default: []].append(L("Valeur invalide.", "Invalid value."))
                }
                values[name] = text
            }
            if values["template"] == nil {
                errors["installments[\(index)].template", default: []].append(L("Membre obligatoire.", "Required member."))
            }
            plan.append(
                InstallmentInput(
                    template: values["template"] ?? "", amount: values["amount"] ?? "", percentage: values["percentage"] ?? "",
                    issueDate: values["issueDate"] ?? "", dueDate: values["dueDate"] ?? ""))
        }
        if items.count > 36 || items.count < 2 {
            errors["installments", default: []].append(L("De 2 à 36 factures.", "From 2 to 36 invoices."))
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        return plan
    }

    /// The document `id` when it is of `kind` (another kind's id is a 404 here).
    static func document(_ request: Request, _ kind: SalesDocument.Kind) async throws -> SalesDocument {
        guard let document = try await SalesDocumentService(request.context).find(try EntityRoutes.id(request)), document.kind == kind
        else {
            throw AppError.notFound
        }
        return document
    }

    static func found(_ request: Request, _ id: UUID) async throws -> Response {
        guard let document = try await SalesDocumentService(request.context).find(id) else { throw AppError.notFound }
        return json(document).response()
    }

    static func register(_ api: APIRoutes) {
        let tag = "Sales"
        SalesFileAPI.register(api)
        for (path, kind) in resources {
            let name = kind.label.en.lowercased()
            api.on(
                .GET, path, summary: "\(kind.label.en)s, newest first", tag: tag, response: APISchemas.list(of: documentSchema),
                query: CatalogAPI.cursorQuery + [
                    ("state", ["type": "string", "enum": .array(states)], "Only this state"),
                    ("companyId", ["type": "string", "format": "uuid"], "Only this company's"),
                    ("projectId", ["type": "string", "format": "uuid"], "Only this project's"),
                    ("q", ["type": "string"], "Reference or customer contains"),
                    ("product", ["type": "string"], "Only documents with a line of this product (its id or reference)"),
                ]
            ) { request in
                let limit = try ListLimit.of(request, default: 50, range: 1...500)
                let offset = try CatalogAPI.offset(request)
                var filter = SalesDocumentFilter(kinds: [kind.rawValue], text: request.query[String.self, at: "q"])
                if let state = request.query[String.self, at: "state"] {
                    guard SalesDocument.State(rawValue: state) != nil else {
                        throw AppError.validation(["state": [L("État inconnu.", "Unknown state.")]])
                    }
                    filter.state = state
                }
                for (key, path) in [("companyId", \SalesDocumentFilter.companyID), ("projectId", \SalesDocumentFilter.projectID)] {
                    guard let raw = request.query[String.self, at: key] else { continue }
                    guard let id = UUID(uuidString: raw) else {
                        throw AppError.validation([key: [L("Identifiant attendu.", "An id is expected.")]])
                    }
                    filter[keyPath: path] = id
                }
                let service = SalesDocumentService(request.context)
                if let product = request.query[String.self, at: "product"] { filter.productID = try await service.filterProduct(product) }
                // The page with its lines and totals in three queries (not one read per document).
                let documents = try await service.listDocuments(filter, limit: limit + 1, offset: offset)
                return CatalogAPI.list(documents.prefix(limit).map(json), limit: limit, offset: offset, more: documents.count > limit)
            }
            // A credit note is prepared from the invoice it cancels (`POST /invoices/{id}/credit-note`).
            if kind != .creditNote {
                api.on(
                    .POST, path, summary: "Create a draft \(name) (numbered at validation)", tag: tag, request: documentInput,
                    response: documentSchema, status: 201
                ) { request in
                    let id = try await SalesDocumentService(request.context).createDraft(try documentInput(request, kind: kind))
                    let response = try await found(request, id)
                    response.status = .created
                    return response
                }
            }
            api.on(.GET, "\(path)/:id", summary: "A \(name) with its lines and totals", tag: tag, response: documentSchema) { request in
                json(try await document(request, kind)).response()
            }
            api.on(
                .PATCH, "\(path)/:id", summary: "Replace a draft's header and lines (a validated \(name): 409)", tag: tag,
                request: documentInput, response: documentSchema
            ) { request in
                let existing = try await document(request, kind)
                try await SalesDocumentService(request.context).updateDraft(existing.id, try documentInput(request, kind: kind))
                return try await found(request, existing.id)
            }
            api.on(.DELETE, "\(path)/:id", summary: "Delete a draft (a validated \(name): 409)", tag: tag, status: 204) { request in
                let existing = try await document(request, kind)
                try await SalesDocumentService(request.context).deleteDraft(existing.id)
                return Response(status: .noContent)
            }
            api.on(
                .POST, "\(path)/:id/validation",
                summary: "Validate a draft: mandatory mentions, number of its series, chain link, in one transaction", tag: tag,
                response: documentSchema
            ) { request in
                let existing = try await document(request, kind)
                try await SalesDocumentService(request.context).validate(existing.id)
                return try await found(request, existing.id)
            }
        }
        api.on(.POST, "quotes/:id/acceptance", summary: "The customer accepted the validated quote", tag: tag, response: documentSchema) {
            request in
            let quote = try await document(request, .quote)
            try await SalesDocumentService(request.context).decideQuote(quote.id, accepted: true)
            return try await found(request, quote.id)
        }
        api.on(.POST, "quotes/:id/refusal", summary: "The customer refused the validated quote", tag: tag, response: documentSchema) {
            request in
            let quote = try await document(request, .quote)
            try await SalesDocumentService(request.context).decideQuote(quote.id, accepted: false)
            return try await found(request, quote.id)
        }
        api.on(
            .POST, "quotes/:id/order", summary: "Turn a validated quote into a draft order", tag: tag, response: documentSchema, status: 201
        ) { request in
            let quote = try await document(request, .quote)
            let response = try await found(request, try await SalesDocumentService(request.context).convert(quote.id))
            response.status = .created
            return response
        }
        api.on(
            .POST, "orders/:id/invoice", summary: "Invoice a validated order in full (a draft invoice)", tag: tag, response: documentSchema,
            status: 201
        ) { request in
            let order = try await document(request, .order)
            let response = try await found(request, try await SalesDocumentService(request.context).convert(order.id))
            response.status = .created
            return response
        }
        api.on(
            .POST, "orders/:id/installments",
            summary: "« Facturer en plusieurs fois »: the plan in (deposit, intermediate invoices, balance), the draft invoices out",
            tag: tag, request: installmentsInput, response: ["type": "array", "items": documentSchema], status: 201
        ) { request in
            let order = try await document(request, .order)
            let plan = try installments(request)
            let service = SalesDocumentService(request.context)
            var items: [JSONValue] = []
            for id in try await service.invoiceInInstallments(order.id, plan) {
                if let invoice = try await service.find(id) { items.append(json(invoice)) }
            }
            return JSONValue.array(items).response(.created)
        }
        api.on(
            .GET, "orders/:id/billing", summary: "The order's billing ledger: ordered, invoiced, paid, remaining to invoice", tag: tag,
            response: billingSchema
        ) { request in
            let order = try await document(request, .order)
            let billing = try await SalesDocumentService(request.context).billing(of: order.id)
            return JSONValue.object([
                "ordered": money(billing.ordered), "invoiced": money(billing.invoiced), "planned": money(billing.planned),
                "paid": money(billing.paid), "remainingToInvoice": money(billing.remainingToInvoice),
                "invoices": .array(
                    billing.invoices.map {
                        [
                            "id": id($0.id), "reference": text($0.reference), "subtype": .string($0.subtype), "state": .string($0.state),
                            "totalGross": money($0.totalGross),
                        ]
                    }),
            ]).response()
        }
        api.on(
            .POST, "invoices/:id/credit-note", summary: "Prepare the credit note that cancels a validated invoice (a draft)", tag: tag,
            response: documentSchema, status: 201
        ) { request in
            let invoice = try await document(request, .invoice)
            let response = try await found(request, try await SalesDocumentService(request.context).createCreditNote(for: invoice.id))
            response.status = .created
            return response
        }

        api.on(
            .POST, "payments", summary: "Record a payment and apply it to one or several invoices", tag: tag, request: paymentInput,
            response: paymentSchema, status: 201
        ) { request in
            let service = SalesPaymentService(request.context)
            let id = try await service.record(try paymentInput(request))
            guard let payment = try await service.find(id) else { throw AppError.notFound }
            return json(payment, allocations: try await SalesPaymentService(request.context).allocations(of: id)).response(.created)
        }
        api.on(.GET, "payments/:id", summary: "A payment with its allocations", tag: tag, response: paymentSchema) { request in
            let service = SalesPaymentService(request.context)
            let id = try EntityRoutes.id(request)
            guard let payment = try await service.find(id) else { throw AppError.notFound }
            return json(payment, allocations: try await service.allocations(of: id)).response()
        }
        api.on(
            .POST, "payments/:id/allocations", summary: "Use the customer credit a payment kept on another invoice", tag: tag,
            request: [
                "type": "object", "required": ["documentId"], "additionalProperties": false,
                "properties": [
                    "documentId": ["type": "string", "format": "uuid"], "amount": ["type": "string", "pattern": .string(moneyPattern)],
                ],
            ],
            response: paymentSchema, status: 201
        ) { request in
            var body = try CatalogAPI.Body(request, allowed: ["documentId", "amount"], required: ["documentId"])
            let document = body.string("documentId")
            let amount = body.string("amount")
            guard let documentID = UUID(uuidString: document) else {
                body.errors["documentId", default: []].append(L("Identifiant attendu.", "An id is expected."))
                try body.check()
                throw AppError.notFound
            }
            try body.check()
            let service = SalesPaymentService(request.context)
            let id = try EntityRoutes.id(request)
            try await service.applyCredit(payment: id, to: documentID, amount: amount)
            guard let payment = try await service.find(id) else { throw AppError.notFound }
            return json(payment, allocations: try await service.allocations(of: id)).response(.created)
        }
        api.on(
            .GET, "sales-chain/verification", summary: "Recompute the inalterability chain and name its first broken link", tag: tag,
            response: verificationSchema
        ) { request in
            let report = try await SalesChain.verify(request.context)
            var broken: JSONValue = .null
            if let link = report.broken {
                broken = [
                    "sequence": .int(link.sequence), "recordType": .string(link.recordType), "recordId": id(link.recordID),
                    "label": .string(link.label), "reason": .string(link.reason(request.locale)),
                    "changedFields": .array(link.changedFields.map { .string($0) }),
                ]
            }
            return JSONValue.object(["intact": .bool(report.isIntact), "checked": .int(Int64(report.checked)), "broken": broken]).response()
        }
        SupplierInvoiceImportAPI.register(api)
    }
}
