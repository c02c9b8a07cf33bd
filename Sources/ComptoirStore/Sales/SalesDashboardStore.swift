import FluentKit
import Foundation
import SQLKit

/// The sales dashboard's reads: grouped sums and short lists, each bounded, so the page costs the same on a large
/// database.
public enum SalesDashboardStore {
    /// An invoice still due: what it was, what it received.
    public struct Unpaid: Sendable, Hashable {
        public var id: UUID
        public var reference: String
        public var customerName: String?
        public var issueDate: String
        public var dueDate: String?
        public var total: Int64
        public var received: Int64
        public var due: Int64 { total - received }
    }

    /// What is still due, summed by due date (`yyyy-mm-dd`, nil without one).
    public struct DueGroup: Sendable, Hashable {
        public var dueDate: String?
        public var count: Int
        public var due: Int64
    }

    /// Validated invoices net of credit notes, excl. VAT, by issue month (`yyyy-mm`) from `from` (`yyyy-mm-dd`) on.
    public static func revenueByMonth(from: String, on db: any Database) async throws -> [String: Int64] {
        let rows = try await TableStore.sqlDatabase(db).raw(
            """
            SELECT SUBSTR(d.issue_date, 1, 7) AS month,
                   CAST(SUM(CASE WHEN d.kind = 'credit_note' THEN -d.total_net ELSE d.total_net END) AS BIGINT) AS net
            FROM sales_documents d
            WHERE d.series = 'sales:invoice' AND d.reference IS NOT NULL AND d.issue_date >= \(bind: from)
            GROUP BY SUBSTR(d.issue_date, 1, 7)
            """
        ).all()
        var result: [String: Int64] = [:]
        for row in rows { result[try row.decode(column: "month", as: String.self)] = try row.decode(column: "net", as: Int64.self) }
        return result
    }

    /// The condition of an invoice still to be paid: validated (or sent, partly paid), not cancelled.
    static let unpaidCondition: SQLQueryString =
        "d.kind = 'invoice' AND d.reference IS NOT NULL AND d.state IN ('validated', 'sent', 'partially_paid')"

    static let receivedColumn: SQLQueryString =
        "COALESCE((SELECT SUM(a.amount) FROM sales_payment_allocations a WHERE a.document_id = d.id), 0)"

    /// What every unpaid invoice still has due, grouped by due date. Only a partly paid invoice has payments to
    /// subtract: the state is derived from the allocations in the transaction that writes them (`validated` and
    /// `sent` mean nothing received), so the other unpaid invoices — most of them — skip the lookup.
    public static func dueByDate(on db: any Database) async throws -> [DueGroup] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT d.due_date AS due_date, COUNT(*) AS n,
                   CAST(SUM(d.total_gross - CASE WHEN d.state = 'partially_paid' THEN \(receivedColumn) ELSE 0 END) AS BIGINT) AS due
            FROM sales_documents d WHERE \(unpaidCondition) GROUP BY d.due_date
            """
        ).all().map {
            DueGroup(
                dueDate: try $0.decode(column: "due_date", as: String?.self), count: Int(try $0.decode(column: "n", as: Int64.self)),
                due: try $0.decode(column: "due", as: Int64.self))
        }
    }

    /// The unpaid invoices, the oldest due first, `limit` of them.
    public static func unpaid(limit: Int, on db: any Database) async throws -> [Unpaid] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT d.id, d.reference, d.customer_name, d.issue_date, d.due_date, d.total_gross, CAST(\(receivedColumn) AS BIGINT) AS received
            FROM sales_documents d WHERE \(unpaidCondition)
            ORDER BY COALESCE(d.due_date, d.issue_date), d.reference LIMIT \(unsafeRaw: String(max(1, limit)))
            """
        ).all().map {
            Unpaid(
                id: try $0.decode(column: "id", as: UUID.self), reference: try $0.decode(column: "reference", as: String.self),
                customerName: try $0.decode(column: "customer_name", as: String?.self),
                issueDate: try $0.decode(column: "issue_date", as: String.self),
                dueDate: try $0.decode(column: "due_date", as: String?.self), total: try $0.decode(column: "total_gross", as: Int64.self),
                received: try $0.decode(column: "received", as: Int64.self))
        }
    }

    /// Quotes sent or validated and not answered yet, the soonest to expire first (those without a date last).
    public static func pendingQuotes(limit: Int, on db: any Database) async throws -> [SalesDocumentRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT \(unsafeRaw: SalesDocumentStore.columns) FROM sales_documents d
            WHERE d.kind = 'quote' AND d.state IN ('validated', 'sent')
            ORDER BY CASE WHEN d.valid_until IS NULL THEN 1 ELSE 0 END, d.valid_until, d.issue_date LIMIT \(unsafeRaw: String(max(1, limit)))
            """
        ).all().map(SalesDocumentStore.record)
    }
}

extension SalesDocumentStore {
    /// Unanswered quotes (validated or sent) whose validity date is before `day` (`yyyy-mm-dd`).
    public static func quotesToExpire(before day: String, on db: any Database) async throws -> [SalesDocumentRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT \(unsafeRaw: columns) FROM sales_documents d
            WHERE d.kind = 'quote' AND d.state IN ('validated', 'sent') AND d.valid_until IS NOT NULL AND d.valid_until < \(bind: day)
            ORDER BY d.valid_until, d.reference
            """
        ).all().map(record)
    }
}
