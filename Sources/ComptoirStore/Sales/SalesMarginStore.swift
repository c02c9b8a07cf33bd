import FluentKit
import Foundation
import SQLKit

/// A project's sales and purchase documents summed for its margin (cents, excl. VAT).
public struct SalesMarginFigures: Sendable, Hashable {
    /// Validated invoices (deposits and balances included) minus validated credit notes.
    public var invoiced: Int64
    /// What validated orders still have to invoice (their total minus their validated, not cancelled invoices).
    public var toInvoice: Int64
    /// Validated supplier invoices.
    public var purchased: Int64
    /// What validated supplier orders have not yet been invoiced by their supplier (shown apart, out of the margin).
    public var committed: Int64

    public init(invoiced: Int64 = 0, toInvoice: Int64 = 0, purchased: Int64 = 0, committed: Int64 = 0) {
        self.invoiced = invoiced
        self.toInvoice = toInvoice
        self.purchased = purchased
        self.committed = committed
    }

    public var sales: Int64 { invoiced + toInvoice }
}

/// The SQL of project margins: one statement per project (four grouped sums), never a loop over documents.
public enum SalesMarginStore {
    /// What remains of `kind`'s validated documents after the validated, not cancelled `billedKind` made from them: each
    /// of the project's documents looks its own up (`sales_documents_source_idx`) — a join on the billed documents
    /// grouped first summed every invoice made from any order (95 ms a margin at 100 000 invoices).
    private static func remaining(_ kind: String, billedBy billedKind: String, project: UUID) -> SQLQueryString {
        """
        (SELECT COALESCE(SUM(CASE WHEN x.total_net > x.billed THEN x.total_net - x.billed ELSE 0 END), 0)
         FROM (SELECT o.total_net,
                      COALESCE((SELECT SUM(i.total_net) FROM sales_documents i WHERE i.source_id = o.id
                                AND i.kind = \(unsafeRaw: "'" + billedKind + "'") AND i.reference IS NOT NULL
                                AND i.state <> 'cancelled'), 0) AS billed
               FROM sales_documents o
               WHERE o.project_id = \(bind: project) AND o.kind = \(unsafeRaw: "'" + kind + "'") AND o.reference IS NOT NULL
               AND o.state <> 'cancelled') x)
        """
    }

    /// The project's documents summed: invoiced, to invoice on orders, purchased, committed on supplier orders.
    public static func figures(project: UUID, on db: any Database) async throws -> SalesMarginFigures {
        let query: SQLQueryString =
            """
            SELECT CAST((SELECT COALESCE(SUM(CASE WHEN d.kind = 'credit_note' THEN -d.total_net ELSE d.total_net END), 0)
                    FROM sales_documents d WHERE d.project_id = \(bind: project) AND d.kind IN ('invoice', 'credit_note')
                    AND d.reference IS NOT NULL) AS BIGINT) AS invoiced,
                   CAST(
            """ + remaining("order", billedBy: "invoice", project: project)
                + """
                     AS BIGINT) AS to_invoice,
                       CAST((SELECT COALESCE(SUM(d.total_net), 0) FROM sales_documents d WHERE d.project_id = \(bind: project)
                        AND d.kind = 'supplier_invoice' AND d.reference IS NOT NULL) AS BIGINT) AS purchased,
                       CAST(
                """ + remaining("supplier_order", billedBy: "supplier_invoice", project: project) + " AS BIGINT) AS committed"
        guard let row = try await TableStore.sqlDatabase(db).raw(query).first() else { return SalesMarginFigures() }
        return SalesMarginFigures(
            invoiced: try row.decode(column: "invoiced", as: Int64.self), toInvoice: try row.decode(column: "to_invoice", as: Int64.self),
            purchased: try row.decode(column: "purchased", as: Int64.self), committed: try row.decode(column: "committed", as: Int64.self))
    }

    /// The projects whose figures a validated document moves: its own, its source's (an order's remainder) and its deal's.
    public static func projectsTouched(by document: UUID, on db: any Database) async throws -> Set<UUID> {
        let rows = try await TableStore.sqlDatabase(db).raw(
            """
            SELECT d.project_id AS p FROM sales_documents d WHERE d.id = \(bind: document) AND d.project_id IS NOT NULL
            UNION SELECT s.project_id AS p FROM sales_documents d JOIN sales_documents s ON s.id = d.source_id
              WHERE d.id = \(bind: document) AND s.project_id IS NOT NULL
            UNION SELECT c.project_id AS p FROM sales_documents d JOIN sales_documents c ON c.id = d.credited_id
              WHERE d.id = \(bind: document) AND c.project_id IS NOT NULL
            UNION SELECT i.project_id AS p FROM sales_documents d JOIN interactions i ON i.id = d.interaction_id
              WHERE d.id = \(bind: document) AND i.project_id IS NOT NULL
            """
        ).all()
        return Set(try rows.map { try $0.decode(column: "p", as: UUID.self) })
    }
}

extension ProjectAnalytics {
    /// Sales and purchase documents: invoices minus credit notes plus what validated orders still have to invoice;
    /// supplier invoices (supplier orders not yet invoiced stay out of the margin, shown apart).
    public static let salesDocuments: Source = { project, db in
        let figures = try await SalesMarginStore.figures(project: project, on: db)
        return (figures.sales, figures.purchased)
    }
}
