import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/projects/{id}/margin`: a project's margin from its sales documents and won deals.
enum SalesReportsAPI {
    static func register(_ api: APIRoutes) {
        SalesLifecyclePages.registerAPI(api)
        SalesPaymentListPages.registerAPI(api)
        let money = SalesAPI.amount
        api.on(
            .GET, "projects/:id/margin", summary: "The project's margin: sales and purchase documents, won deals", tag: "Sales",
            response: [
                "type": "object",
                "required": [
                    "invoiced", "toInvoice", "dealSales", "sales", "purchased", "dealPurchases", "purchases", "margin", "marginRate",
                    "committedPurchases", "currency",
                ],
                "properties": [
                    "invoiced": money, "toInvoice": money, "dealSales": money, "sales": money, "purchased": money, "dealPurchases": money,
                    "purchases": money, "margin": money, "marginRate": ["type": ["string", "null"]], "committedPurchases": money,
                    "currency": ["type": "string"],
                ],
            ]
        ) { request in
            let margin = try await SalesMargins.project(try EntityRoutes.id(request), request.context)
            func amount(_ cents: Int64) -> JSONValue { .string(Money(minorUnits: cents).decimalString) }
            return JSONValue.object([
                "invoiced": amount(margin.documents.invoiced), "toInvoice": amount(margin.documents.toInvoice),
                "dealSales": amount(margin.deals.sales), "sales": amount(margin.sales), "purchased": amount(margin.documents.purchased),
                "dealPurchases": amount(margin.deals.purchases), "purchases": amount(margin.purchases), "margin": amount(margin.margin),
                "marginRate": margin.marginRate.map { .string(String(format: "%.2f", Double($0) / 100)) } ?? .null,
                "committedPurchases": amount(margin.documents.committed), "currency": "EUR",
            ]).response()
        }
    }
}
