import FluentKit
import Foundation
import SQLKit

/// A payment as « Versements » lists it: its customer's name, the invoices it settled, the credit it keeps.
public struct SalesPaymentListRow: Sendable, Hashable {
    public var payment: SalesPaymentRecord
    public var customerName: String?
    /// The documents it settled (id and reference), with the amount allocated to each.
    public var settled: [(id: UUID, reference: String, amount: Int64)]
    /// What the payment has not allocated (kept as the customer's credit).
    public var unallocated: Int64

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.payment == rhs.payment && lhs.customerName == rhs.customerName && lhs.unallocated == rhs.unallocated
            && lhs.settled.map(\.id) == rhs.settled.map(\.id) && lhs.settled.map(\.amount) == rhs.settled.map(\.amount)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(payment.id) }
}

/// What « Versements » filters on. Dates `yyyy-mm-dd`, inclusive.
public struct SalesPaymentFilter: Sendable, Hashable {
    public var from: String?
    public var to: String?
    public var method: String?
    public var companyID: UUID?
    /// Customer's name or the payment's wording contains.
    public var text: String?

    public init(from: String? = nil, to: String? = nil, method: String? = nil, companyID: UUID? = nil, text: String? = nil) {
        self.from = from
        self.to = to
        self.method = method
        self.companyID = companyID
        self.text = text
    }
}

extension SalesPaymentStore {
    /// Payments, the latest first: one query for the page, one for the allocations of its payments.
    public static func list(_ filter: SalesPaymentFilter, limit: Int, offset: Int, on db: any Database) async throws
        -> [SalesPaymentListRow]
    {
        let sql = try TableStore.sqlDatabase(db)
        var conditions: [SQLQueryString] = []
        if let from = filter.from { conditions.append("p.payment_date >= \(bind: from)") }
        if let to = filter.to { conditions.append("p.payment_date <= \(bind: to)") }
        if let method = filter.method { conditions.append("p.method = \(bind: method)") }
        if let company = filter.companyID { conditions.append("p.company_id = \(bind: company)") }
        if let text = filter.text, !text.isEmpty {
            let pattern = TableStore.likePattern(text)
            let customer = SearchIndex.customerMatches(text, company: "p.company_id", contact: "p.contact_id", on: sql)
            conditions.append(
                """
                (LOWER(COALESCE(c.name, ct.display_name, '')) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(p.wording) LIKE \(bind: pattern) ESCAPE '!'\
                \(customer.map { " OR " + $0 } ?? ""))
                """)
        }
        var query: SQLQueryString = """
            SELECT \(unsafeRaw: columns), COALESCE(c.name, ct.display_name) AS customer_name,
                   CAST(p.amount - COALESCE((SELECT SUM(a.amount) FROM sales_payment_allocations a WHERE a.payment_id = p.id), 0) AS BIGINT) AS unallocated
            FROM sales_payments p LEFT JOIN companies c ON c.id = p.company_id LEFT JOIN contacts ct ON ct.id = p.contact_id
            """
        if !conditions.isEmpty { query = query + " WHERE " + conditions.joined(separator: " AND ") }
        query =
            query
            + " ORDER BY p.payment_date DESC, p.created_at DESC, p.id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        let rows = try await sql.raw(query).all()
        var result = try rows.map {
            SalesPaymentListRow(
                payment: try record($0), customerName: try $0.decode(column: "customer_name", as: String?.self), settled: [],
                unallocated: try $0.decode(column: "unallocated", as: Int64.self))
        }
        guard !result.isEmpty else { return [] }
        let ids = result.map { "\(bind: $0.payment.id)" as SQLQueryString }.joined(separator: ", ")
        var settled: [UUID: [(UUID, String, Int64)]] = [:]
        for row in try await sql.raw(
            """
            SELECT a.payment_id, a.document_id, d.reference, a.amount FROM sales_payment_allocations a JOIN sales_documents d ON d.id = a.document_id
            WHERE a.payment_id IN (
            """ + ids + ") ORDER BY a.allocated_at, d.reference"
        ).all() {
            settled[try row.decode(column: "payment_id", as: UUID.self), default: []].append(
                (
                    try row.decode(column: "document_id", as: UUID.self), try row.decode(column: "reference", as: String?.self) ?? "?",
                    try row.decode(column: "amount", as: Int64.self)
                ))
        }
        for index in result.indices {
            result[index].settled = (settled[result[index].payment.id] ?? []).map { (id: $0.0, reference: $0.1, amount: $0.2) }
        }
        return result
    }
}
