import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/payments` (« Versements »): the payments with their customer, the invoices they settled and the credit they keep,
/// filtered by period, method and customer; `/payments/export` gives the same as CSV; `GET /api/v1/payments` as JSON.
enum SalesPaymentListPages {
    static func register(_ app: Application) {
        app.get("payments") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await page(request)
        }
        app.get("payments", "export") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await export(request)
        }
    }

    static func filter(_ request: Request) throws -> SalesPaymentFilter {
        try SalesPaymentService.filter(
            from: request.query[String.self, at: "from"], to: request.query[String.self, at: "to"],
            method: request.query[String.self, at: "method"], companyID: request.query[String.self, at: "companyId"],
            text: request.query[String.self, at: "q"])
    }

    static func methodLabel(_ method: String, _ locale: DisplayLocale) -> String {
        SalesPaymentPages.methods.first { $0.0 == method }?.1(locale) ?? method
    }

    static func settled(_ row: SalesPaymentListRow, _ locale: DisplayLocale) -> String {
        row.settled.map { "\($0.reference) (\(Money(minorUnits: $0.amount).formatted(locale: locale)))" }.joined(separator: ", ")
    }

    static func page(_ request: Request) async throws -> Response {
        let locale = request.locale
        let title = L("Versements", "Payments")(locale)
        let query = QueryValues.parse(request.url.query ?? "").compactMapValues { $0.last }
        var content: [HTMLNode] = [
            H.el(
                "div", [("class", "page-head")],
                [
                    H.el("h1", text: title),
                    H.el(
                        "div", [("class", "actions")],
                        [
                            H.link(
                                "/payments/export" + (request.url.query.map { "?" + $0 } ?? ""),
                                L("Exporter (CSV)", "Export (CSV)")(locale),
                                [("class", "button")])
                        ]),
                ]), SalesNav.bar(request, current: "/payments"),
        ]
        let filter: SalesPaymentFilter
        var errors: [String: [Localized]] = [:]
        do {
            filter = try Self.filter(request)
        } catch let error as AppError where error.code == "invalid_filter" {
            errors = error.fields
            filter = SalesPaymentFilter()
        }
        let methods = SalesPaymentPages.methods.map { ($0.0, $0.1(locale)) }
        content.append(
            H.el(
                "form", [("method", "get"), ("action", "/payments"), ("class", "filters"), ("role", "search")],
                [
                    LineEditor.field("from", L("Du", "From"), query["from"] ?? "", errors: errors, locale: locale),
                    LineEditor.field("to", L("Au", "To"), query["to"] ?? "", errors: errors, locale: locale),
                    LineEditor.field("method", L("Mode", "Method"), "", errors: errors, locale: locale) { attributes in
                        LineEditor.select(attributes, methods, selected: query["method"] ?? "", blank: L("Tous", "All")(locale))
                    },
                    LineEditor.field("q", L("Client ou libellé", "Customer or wording"), query["q"] ?? "", errors: errors, locale: locale),
                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Filtrer", "Filter")(locale)),
                ]))
        if !errors.isEmpty {
            let response = Layout.page(request, title: title, content)
            response.status = .badRequest
            return response
        }
        let page = max(1, request.query[Int.self, at: "page"] ?? 1)
        let rows = try await SalesPaymentService(request.context).list(filter, limit: 51, offset: (page - 1) * 50)
        if rows.isEmpty {
            content.append(H.el("p", [("class", "empty")], text: L("Aucun versement.", "No payment.")(locale)))
        } else {
            let headers = [
                L("Date", "Date"), L("Libellé", "Wording"), L("Client", "Customer"), L("Mode", "Method"), L("Montant", "Amount"),
                L("Factures réglées", "Invoices settled"), L("Avoir conservé", "Credit kept"),
            ]
            content.append(
                SalesDashboardPage.table(
                    headers,
                    rows.prefix(50).map { row in
                        let sign = row.payment.direction == "sent" ? "−" : ""
                        return [
                            H.text(CalendarDay(parsing: row.payment.paymentDate)?.formatted(locale: locale) ?? row.payment.paymentDate),
                            H.text(row.payment.wording),
                            row.payment.companyID.map { H.link("/companies/\($0.uuidString.lowercased())", row.customerName ?? "—") }
                                ?? H.text(row.customerName ?? "—"),
                            H.text(methodLabel(row.payment.method, locale)),
                            H.text(sign + Money(minorUnits: row.payment.amount, currency: row.payment.currency).formatted(locale: locale)),
                            H.el(
                                "span", [],
                                row.settled.isEmpty
                                    ? [H.text("—")]
                                    : row.settled.enumerated().flatMap { index, part in
                                        (index > 0 ? [H.text(", ")] : [])
                                            + [
                                                H.link(
                                                    SalesPages.path(row.payment.direction == "sent" ? .supplierInvoice : .invoice) + "/"
                                                        + part.id.uuidString.lowercased(), part.reference),
                                                H.text(" (\(Money(minorUnits: part.amount).formatted(locale: locale)))"),
                                            ]
                                    }),
                            H.text(
                                row.payment.keepsCredit && row.unallocated > 0
                                    ? Money(minorUnits: row.unallocated).formatted(locale: locale) : "—"),
                        ]
                    }, numeric: [4, 6], caption: title, locale))
            content.append(CatalogNav.pager(request, page: page, hasNext: rows.count > 50))
        }
        return Layout.page(request, title: title, content)
    }

    /// The filtered payments as CSV (« ; », UTF-8 with BOM, French amounts), every page of 500.
    static func export(_ request: Request) async throws -> Response {
        let filter = try Self.filter(request)
        let service = SalesPaymentService(request.context)
        let locale = request.locale
        let writer = CSVWriter()
        var text = writer.header([
            "Date", "Sens", "Libellé", "Client", "Mode", "Référence", "Montant", "Devise", "Factures réglées", "Avoir conservé",
        ])
        var offset = 0
        while true {
            let rows = try await service.list(filter, limit: 500, offset: offset)
            for row in rows {
                text += writer.row([
                    CalendarDay(parsing: row.payment.paymentDate)?.formatted(locale: .fr) ?? row.payment.paymentDate,
                    row.payment.direction == "sent" ? "émis" : "reçu", row.payment.wording, row.customerName ?? "",
                    methodLabel(row.payment.method, locale), row.payment.reference ?? "",
                    Money(minorUnits: row.payment.amount).decimalString.replacingOccurrences(of: ".", with: ","), row.payment.currency,
                    settled(row, .fr),
                    row.payment.keepsCredit
                        ? Money(minorUnits: row.unallocated).decimalString.replacingOccurrences(of: ".", with: ",") : "",
                ])
            }
            if rows.count < 500 { break }
            offset += 500
        }
        return FileResponse.download(
            Data(text.utf8), name: "versements-\(CalendarDay(request.context.now).isoString).csv", type: "text/csv; charset=utf-8")
    }

    static func registerAPI(_ api: APIRoutes) {
        api.on(
            .GET, "payments", summary: "Payments, latest first, with the invoices they settled", tag: "Sales",
            response: APISchemas.list(of: [
                "type": "object",
                "required": ["id", "direction", "wording", "amount", "currency", "date", "method", "settled", "creditKept"],
                "properties": [
                    "id": SalesAPI.uuid, "direction": ["type": "string"], "wording": ["type": "string"], "amount": SalesAPI.amount,
                    "currency": ["type": "string"], "date": ["type": "string", "format": "date"], "method": ["type": "string"],
                    "reference": SalesAPI.nullableText, "companyId": SalesAPI.nullableUUID, "customerName": SalesAPI.nullableText,
                    "settled": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["documentId", "reference", "amount"],
                            "properties": ["documentId": SalesAPI.uuid, "reference": ["type": "string"], "amount": SalesAPI.amount],
                        ],
                    ],
                    "creditKept": SalesAPI.amount,
                ],
            ]),
            query: CatalogAPI.cursorQuery + [
                ("from", ["type": "string", "format": "date"], "Paid on or after"),
                ("to", ["type": "string", "format": "date"], "Paid on or before"),
                ("method", ["type": "string", "enum": ["transfer", "card", "cheque", "cash", "direct_debit"]], "Only this method"),
                ("companyId", ["type": "string", "format": "uuid"], "Only this customer's"),
                ("q", ["type": "string"], "Customer or wording contains"),
            ]
        ) { request in
            let limit = try ListLimit.of(request, default: 50, range: 1...500)
            let offset = try CatalogAPI.offset(request)
            // The page's form sends its blank fields; through the API a filter given empty is a mistake, not « any ».
            var blank: [String: [Localized]] = [:]
            for key in ["from", "to", "method", "companyId"] where request.query[String.self, at: key]?.isEmpty == true {
                blank[key] = [L("Valeur attendue.", "A value is expected.")]
            }
            if !blank.isEmpty { throw AppError.validation(blank) }
            let rows = try await SalesPaymentService(request.context).list(try filter(request), limit: limit + 1, offset: offset)
            let items: [JSONValue] = rows.prefix(limit).map { row in
                let p = row.payment
                return [
                    "id": .string(p.id.uuidString.lowercased()), "direction": .string(p.direction), "wording": .string(p.wording),
                    "amount": .string(Money(minorUnits: p.amount).decimalString), "currency": .string(p.currency),
                    "date": .string(p.paymentDate), "method": .string(p.method), "reference": p.reference.map { .string($0) } ?? .null,
                    "companyId": p.companyID.map { .string($0.uuidString.lowercased()) } ?? .null,
                    "customerName": row.customerName.map { .string($0) } ?? .null,
                    "settled": .array(
                        row.settled.map {
                            [
                                "documentId": .string($0.id.uuidString.lowercased()), "reference": .string($0.reference),
                                "amount": .string(Money(minorUnits: $0.amount).decimalString),
                            ]
                        }),
                    "creditKept": .string(Money(minorUnits: p.keepsCredit ? row.unallocated : 0).decimalString),
                ]
            }
            return CatalogAPI.list(items, limit: limit, offset: offset, more: rows.count > limit)
        }
    }
}
