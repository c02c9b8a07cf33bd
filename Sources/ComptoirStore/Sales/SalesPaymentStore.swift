import FluentKit
import Foundation
import SQLKit

/// A payment (« Versement »), as stored: received from a customer or sent to a supplier.
public struct SalesPaymentRecord: Sendable, Hashable {
    public var id: UUID
    /// `received` or `sent`.
    public var direction: String
    public var wording: String
    public var amount: Int64
    public var currency: String
    /// `yyyy-mm-dd`.
    public var paymentDate: String
    /// `transfer`, `card`, `cheque`, `cash` or `direct_debit`.
    public var method: String
    public var reference: String?
    public var companyID: UUID?
    public var contactID: UUID?
    /// What is not allocated stays as the customer's credit, usable on a later invoice.
    public var keepsCredit: Bool
    public var createdBy: UUID?
    public var createdAt: Date?

    public init(
        id: UUID, direction: String, wording: String, amount: Int64, currency: String = "EUR", paymentDate: String, method: String,
        reference: String?, companyID: UUID?, contactID: UUID?, keepsCredit: Bool, createdBy: UUID?, createdAt: Date?
    ) {
        self.id = id
        self.direction = direction
        self.wording = wording
        self.amount = amount
        self.currency = currency
        self.paymentDate = paymentDate
        self.method = method
        self.reference = reference
        self.companyID = companyID
        self.contactID = contactID
        self.keepsCredit = keepsCredit
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// Part of a payment applied to one document.
public struct SalesAllocationRecord: Sendable, Hashable {
    public var id: UUID
    public var paymentID: UUID
    public var documentID: UUID
    public var amount: Int64
    public var allocatedAt: Date

    public init(id: UUID, paymentID: UUID, documentID: UUID, amount: Int64, allocatedAt: Date) {
        self.id = id
        self.paymentID = paymentID
        self.documentID = documentID
        self.amount = amount
        self.allocatedAt = allocatedAt
    }
}

/// Payments' SQL: the payment, its allocations, what each document has received, what a payment has left.
public enum SalesPaymentStore {
    static let columns = """
        p.id, p.direction, p.wording, p.amount, p.currency, p.payment_date, p.method, p.reference, p.company_id, p.contact_id,
        p.keeps_credit, p.created_by, p.created_at
        """

    static func record(_ row: any SQLRow) throws -> SalesPaymentRecord {
        SalesPaymentRecord(
            id: try row.decode(column: "id", as: UUID.self), direction: try row.decode(column: "direction", as: String.self),
            wording: try row.decode(column: "wording", as: String.self), amount: try row.decode(column: "amount", as: Int64.self),
            currency: try row.decode(column: "currency", as: String.self),
            paymentDate: try row.decode(column: "payment_date", as: String.self), method: try row.decode(column: "method", as: String.self),
            reference: try row.decode(column: "reference", as: String?.self),
            companyID: try row.decode(column: "company_id", as: UUID?.self),
            contactID: try row.decode(column: "contact_id", as: UUID?.self),
            keepsCredit: try row.decode(column: "keeps_credit", as: Bool.self),
            createdBy: try row.decode(column: "created_by", as: UUID?.self), createdAt: try row.decode(column: "created_at", as: Date?.self)
        )
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> SalesPaymentRecord? {
        try await TableStore.sqlDatabase(db).raw("SELECT \(unsafeRaw: columns) FROM sales_payments p WHERE p.id = \(bind: id)").first()
            .map(record)
    }

    public static func insert(_ p: SalesPaymentRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO sales_payments (id, direction, wording, amount, currency, payment_date, method, reference, company_id, contact_id,
            keeps_credit, created_by, created_at) VALUES (\(bind: p.id), \(bind: p.direction), \(bind: p.wording), \(bind: p.amount),
            \(bind: p.currency), \(bind: p.paymentDate), \(bind: p.method), \(bind: p.reference), \(bind: p.companyID),
            \(bind: p.contactID), \(bind: p.keepsCredit), \(bind: p.createdBy), \(bind: p.createdAt))
            """
        ).run()
    }

    public static func insert(_ a: SalesAllocationRecord, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO sales_payment_allocations (id, payment_id, document_id, amount, allocated_at)
            VALUES (\(bind: a.id), \(bind: a.paymentID), \(bind: a.documentID), \(bind: a.amount), \(bind: a.allocatedAt))
            """
        ).run()
    }

    public static func allocations(of payment: UUID, on db: any Database) async throws -> [SalesAllocationRecord] {
        try await allocations("payment_id", payment, on: db)
    }

    public static func allocations(to document: UUID, on db: any Database) async throws -> [SalesAllocationRecord] {
        try await allocations("document_id", document, on: db)
    }

    static func allocations(_ column: String, _ id: UUID, on db: any Database) async throws -> [SalesAllocationRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, payment_id, document_id, amount, allocated_at FROM sales_payment_allocations
            WHERE \(ident: column) = \(bind: id) ORDER BY allocated_at, id
            """
        ).all().map {
            SalesAllocationRecord(
                id: try $0.decode(column: "id", as: UUID.self), paymentID: try $0.decode(column: "payment_id", as: UUID.self),
                documentID: try $0.decode(column: "document_id", as: UUID.self), amount: try $0.decode(column: "amount", as: Int64.self),
                allocatedAt: try $0.decode(column: "allocated_at", as: Date.self))
        }
    }

    /// What `documents` have received so far, by document (absent: nothing).
    public static func received(_ documents: [UUID], on db: any Database) async throws -> [UUID: Int64] {
        guard !documents.isEmpty else { return [:] }
        let list = documents.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        let query: SQLQueryString =
            "SELECT document_id, CAST(SUM(amount) AS BIGINT) AS total FROM sales_payment_allocations WHERE document_id IN (" + list
            + ") GROUP BY document_id"
        var result: [UUID: Int64] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(query).all() {
            result[try row.decode(column: "document_id", as: UUID.self)] = try row.decode(column: "total", as: Int64.self)
        }
        return result
    }

    /// Payments of `company` with something not allocated (their credit), oldest first, with what each has left.
    public static func credits(of company: UUID, on db: any Database) async throws -> [(payment: SalesPaymentRecord, left: Int64)] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT \(unsafeRaw: columns), CAST(p.amount - COALESCE((SELECT SUM(a.amount) FROM sales_payment_allocations a
            WHERE a.payment_id = p.id), 0) AS BIGINT) AS left_amount FROM sales_payments p
            WHERE p.company_id = \(bind: company) AND p.keeps_credit ORDER BY p.payment_date, p.created_at
            """
        ).all().compactMap { row in
            let left = try row.decode(column: "left_amount", as: Int64.self)
            return left > 0 ? (try record(row), left) : nil
        }
    }
}
