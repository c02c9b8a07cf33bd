import FluentKit
import Foundation
import SQLKit

/// A sales or purchase document's header, as stored. Dates are `yyyy-mm-dd`, amounts cents.
public struct SalesDocumentRecord: Sendable, Hashable {
    public var id: UUID
    /// `quote`, `order`, `invoice`, `credit_note`, `supplier_order` or `supplier_invoice`.
    public var kind: String
    /// `standard`, or an installment invoice's `deposit`, `intermediate` or `balance`.
    public var subtype: String
    public var state: String
    /// The numbering series (`sales:invoice` holds invoices, deposits and credit notes alike).
    public var series: String
    public var reference: String?
    /// The template's title printed on the document (« Facture d'acompte »…), when not the kind's own.
    public var title: String?
    public var companyID: UUID?
    public var contactID: UUID?
    public var customerName: String?
    public var billingAddress: String?
    public var deliveryAddress: String?
    public var projectID: UUID?
    public var interactionID: UUID?
    public var issueDate: String
    public var deliveryDate: String?
    public var dueDate: String?
    public var validUntil: String?
    public var paymentTerms: String?
    public var latePenaltyRate: String?
    public var earlyPaymentDiscount: String?
    public var nature: String?
    public var notes: String?
    public var supplierReference: String?
    public var currency: String
    public var totalNet: Int64
    public var totalTax: Int64
    public var totalGross: Int64
    /// The document this one came from (a quote's order, an order's invoices).
    public var sourceID: UUID?
    /// The invoice a credit note cancels.
    public var creditedID: UUID?
    /// The mentions copied at validation (the organisation's coordinates, the customer's identifiers), canonical text.
    public var mentions: String?
    public var validatedAt: Date?
    public var validatedBy: UUID?
    public var createdBy: UUID?
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(
        id: UUID, kind: String, subtype: String = "standard", state: String = "draft", series: String, reference: String? = nil,
        title: String? = nil, companyID: UUID? = nil, contactID: UUID? = nil, customerName: String? = nil, billingAddress: String? = nil,
        deliveryAddress: String? = nil, projectID: UUID? = nil, interactionID: UUID? = nil, issueDate: String,
        deliveryDate: String? = nil, dueDate: String? = nil, validUntil: String? = nil, paymentTerms: String? = nil,
        latePenaltyRate: String? = nil, earlyPaymentDiscount: String? = nil, nature: String? = nil, notes: String? = nil,
        supplierReference: String? = nil, currency: String = "EUR", totalNet: Int64 = 0, totalTax: Int64 = 0, totalGross: Int64 = 0,
        sourceID: UUID? = nil, creditedID: UUID? = nil, mentions: String? = nil, validatedAt: Date? = nil, validatedBy: UUID? = nil,
        createdBy: UUID? = nil, createdAt: Date? = nil, updatedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.subtype = subtype
        self.state = state
        self.series = series
        self.reference = reference
        self.title = title
        self.companyID = companyID
        self.contactID = contactID
        self.customerName = customerName
        self.billingAddress = billingAddress
        self.deliveryAddress = deliveryAddress
        self.projectID = projectID
        self.interactionID = interactionID
        self.issueDate = issueDate
        self.deliveryDate = deliveryDate
        self.dueDate = dueDate
        self.validUntil = validUntil
        self.paymentTerms = paymentTerms
        self.latePenaltyRate = latePenaltyRate
        self.earlyPaymentDiscount = earlyPaymentDiscount
        self.nature = nature
        self.notes = notes
        self.supplierReference = supplierReference
        self.currency = currency
        self.totalNet = totalNet
        self.totalTax = totalTax
        self.totalGross = totalGross
        self.sourceID = sourceID
        self.creditedID = creditedID
        self.mentions = mentions
        self.validatedAt = validatedAt
        self.validatedBy = validatedBy
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One line of a document, as stored: quantity in thousandths, prices and net in cents, discount and VAT rate in
/// hundredths of a percent.
public struct SalesLineRecord: Sendable, Hashable {
    public var id: UUID
    public var position: Int
    public var productID: UUID?
    public var description: String
    public var quantityMilli: Int64
    public var unit: String?
    public var unitPrice: Int64
    public var discountBP: Int64
    public var vatRateBP: Int64
    public var net: Int64

    public init(
        id: UUID, position: Int, productID: UUID?, description: String, quantityMilli: Int64, unit: String?, unitPrice: Int64,
        discountBP: Int64, vatRateBP: Int64, net: Int64
    ) {
        self.id = id
        self.position = position
        self.productID = productID
        self.description = description
        self.quantityMilli = quantityMilli
        self.unit = unit
        self.unitPrice = unitPrice
        self.discountBP = discountBP
        self.vatRateBP = vatRateBP
        self.net = net
    }
}

/// One rate of a document's VAT breakdown, as stored.
public struct SalesVATRecord: Sendable, Hashable {
    public var vatRateBP: Int64
    public var base: Int64
    public var tax: Int64

    public init(vatRateBP: Int64, base: Int64, tax: Int64) {
        self.vatRateBP = vatRateBP
        self.base = base
        self.tax = tax
    }
}

/// What a document list is filtered by.
public struct SalesDocumentFilter: Sendable {
    public var kinds: [String]
    public var state: String?
    public var companyID: UUID?
    public var projectID: UUID?
    /// Reference or customer name contains.
    public var text: String?
    /// Only documents with at least one line of this product.
    public var productID: UUID?

    public init(
        kinds: [String], state: String? = nil, companyID: UUID? = nil, projectID: UUID? = nil, text: String? = nil, productID: UUID? = nil
    ) {
        self.kinds = kinds
        self.state = state
        self.companyID = companyID
        self.projectID = projectID
        self.text = text
        self.productID = productID
    }
}

/// Sales documents' SQL: headers, lines and VAT breakdown, validation, states, lists.
public enum SalesDocumentStore {
    /// The scope of `WriteLock` every Sales writer takes: drafts, validations, conversions, payments, the chain.
    public static let lockScope = "sales"

    static let columns = """
        d.id, d.kind, d.subtype, d.state, d.series, d.reference, d.title, d.company_id, d.contact_id, d.customer_name,
        d.billing_address, d.delivery_address, d.project_id, d.interaction_id, d.issue_date, d.delivery_date, d.due_date,
        d.valid_until, d.payment_terms, d.late_penalty_rate, d.early_payment_discount, d.nature, d.notes, d.supplier_reference,
        d.currency, d.total_net, d.total_tax, d.total_gross, d.source_id, d.credited_id, d.mentions, d.validated_at, d.validated_by,
        d.created_by, d.created_at, d.updated_at
        """

    static func record(_ row: any SQLRow) throws -> SalesDocumentRecord {
        SalesDocumentRecord(
            id: try row.decode(column: "id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
            subtype: try row.decode(column: "subtype", as: String.self), state: try row.decode(column: "state", as: String.self),
            series: try row.decode(column: "series", as: String.self), reference: try row.decode(column: "reference", as: String?.self),
            title: try row.decode(column: "title", as: String?.self), companyID: try row.decode(column: "company_id", as: UUID?.self),
            contactID: try row.decode(column: "contact_id", as: UUID?.self),
            customerName: try row.decode(column: "customer_name", as: String?.self),
            billingAddress: try row.decode(column: "billing_address", as: String?.self),
            deliveryAddress: try row.decode(column: "delivery_address", as: String?.self),
            projectID: try row.decode(column: "project_id", as: UUID?.self),
            interactionID: try row.decode(column: "interaction_id", as: UUID?.self),
            issueDate: try row.decode(column: "issue_date", as: String.self),
            deliveryDate: try row.decode(column: "delivery_date", as: String?.self),
            dueDate: try row.decode(column: "due_date", as: String?.self),
            validUntil: try row.decode(column: "valid_until", as: String?.self),
            paymentTerms: try row.decode(column: "payment_terms", as: String?.self),
            latePenaltyRate: try row.decode(column: "late_penalty_rate", as: String?.self),
            earlyPaymentDiscount: try row.decode(column: "early_payment_discount", as: String?.self),
            nature: try row.decode(column: "nature", as: String?.self), notes: try row.decode(column: "notes", as: String?.self),
            supplierReference: try row.decode(column: "supplier_reference", as: String?.self),
            currency: try row.decode(column: "currency", as: String.self), totalNet: try row.decode(column: "total_net", as: Int64.self),
            totalTax: try row.decode(column: "total_tax", as: Int64.self),
            totalGross: try row.decode(column: "total_gross", as: Int64.self),
            sourceID: try row.decode(column: "source_id", as: UUID?.self),
            creditedID: try row.decode(column: "credited_id", as: UUID?.self),
            mentions: try row.decode(column: "mentions", as: String?.self),
            validatedAt: try row.decode(column: "validated_at", as: Date?.self),
            validatedBy: try row.decode(column: "validated_by", as: UUID?.self),
            createdBy: try row.decode(column: "created_by", as: UUID?.self),
            createdAt: try row.decode(column: "created_at", as: Date?.self),
            updatedAt: try row.decode(column: "updated_at", as: Date?.self))
    }

    public static func find(_ id: UUID, on db: any Database) async throws -> SalesDocumentRecord? {
        try await TableStore.sqlDatabase(db).raw("SELECT \(unsafeRaw: columns) FROM sales_documents d WHERE d.id = \(bind: id)").first()
            .map(record)
    }

    public static func lines(of document: UUID, on db: any Database) async throws -> [SalesLineRecord] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, position, product_id, description, quantity_milli, unit, unit_price, discount_bp, vat_rate_bp, net
            FROM sales_document_lines WHERE document_id = \(bind: document) ORDER BY position
            """
        ).all().map(line)
    }

    /// The lines of several documents in one query, each document's in position order.
    public static func lines(of documents: [UUID], on db: any Database) async throws -> [UUID: [SalesLineRecord]] {
        guard !documents.isEmpty else { return [:] }
        let ids = documents.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        var result: [UUID: [SalesLineRecord]] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(
            """
            SELECT document_id, id, position, product_id, description, quantity_milli, unit, unit_price, discount_bp, vat_rate_bp, net
            FROM sales_document_lines WHERE document_id IN (
            """ + ids + ") ORDER BY document_id, position"
        ).all() {
            result[try row.decode(column: "document_id", as: UUID.self), default: []].append(try line(row))
        }
        return result
    }

    /// The VAT breakdowns of several documents in one query.
    public static func vat(of documents: [UUID], on db: any Database) async throws -> [UUID: [SalesVATRecord]] {
        guard !documents.isEmpty else { return [:] }
        let ids = documents.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        var result: [UUID: [SalesVATRecord]] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(
            "SELECT document_id, vat_rate_bp, base, tax FROM sales_document_vat WHERE document_id IN (" + ids
                + ") ORDER BY document_id, vat_rate_bp DESC"
        ).all() {
            result[try row.decode(column: "document_id", as: UUID.self), default: []].append(
                SalesVATRecord(
                    vatRateBP: try row.decode(column: "vat_rate_bp", as: Int64.self), base: try row.decode(column: "base", as: Int64.self),
                    tax: try row.decode(column: "tax", as: Int64.self)))
        }
        return result
    }

    static func line(_ row: any SQLRow) throws -> SalesLineRecord {
        SalesLineRecord(
            id: try row.decode(column: "id", as: UUID.self), position: Int(try row.decode(column: "position", as: Int64.self)),
            productID: try row.decode(column: "product_id", as: UUID?.self),
            description: try row.decode(column: "description", as: String.self),
            quantityMilli: try row.decode(column: "quantity_milli", as: Int64.self),
            unit: try row.decode(column: "unit", as: String?.self),
            unitPrice: try row.decode(column: "unit_price", as: Int64.self),
            discountBP: try row.decode(column: "discount_bp", as: Int64.self),
            vatRateBP: try row.decode(column: "vat_rate_bp", as: Int64.self), net: try row.decode(column: "net", as: Int64.self))
    }

    public static func vat(of document: UUID, on db: any Database) async throws -> [SalesVATRecord] {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT vat_rate_bp, base, tax FROM sales_document_vat WHERE document_id = \(bind: document) ORDER BY vat_rate_bp DESC"
        ).all().map {
            SalesVATRecord(
                vatRateBP: try $0.decode(column: "vat_rate_bp", as: Int64.self), base: try $0.decode(column: "base", as: Int64.self),
                tax: try $0.decode(column: "tax", as: Int64.self))
        }
    }

    public static func insert(_ document: SalesDocumentRecord, on db: any Database) async throws {
        let d = document
        try await TableStore.sqlDatabase(db).raw(
            """
            INSERT INTO sales_documents (id, kind, subtype, state, series, reference, title, company_id, contact_id, customer_name,
            billing_address, delivery_address, project_id, interaction_id, issue_date, delivery_date, due_date, valid_until,
            payment_terms, late_penalty_rate, early_payment_discount, nature, notes, supplier_reference, currency, total_net,
            total_tax, total_gross, source_id, credited_id, mentions, validated_at, validated_by, created_by, created_at, updated_at)
            VALUES (\(bind: d.id), \(bind: d.kind), \(bind: d.subtype), \(bind: d.state), \(bind: d.series), \(bind: d.reference),
            \(bind: d.title), \(bind: d.companyID), \(bind: d.contactID), \(bind: d.customerName), \(bind: d.billingAddress),
            \(bind: d.deliveryAddress), \(bind: d.projectID), \(bind: d.interactionID), \(bind: d.issueDate), \(bind: d.deliveryDate),
            \(bind: d.dueDate), \(bind: d.validUntil), \(bind: d.paymentTerms), \(bind: d.latePenaltyRate),
            \(bind: d.earlyPaymentDiscount), \(bind: d.nature), \(bind: d.notes), \(bind: d.supplierReference), \(bind: d.currency),
            \(bind: d.totalNet), \(bind: d.totalTax), \(bind: d.totalGross), \(bind: d.sourceID), \(bind: d.creditedID),
            \(bind: d.mentions), \(bind: d.validatedAt), \(bind: d.validatedBy), \(bind: d.createdBy), \(bind: d.createdAt),
            \(bind: d.updatedAt))
            """
        ).run()
    }

    /// A draft's editable fields (never a validated document's: the service checks, the `state` condition makes sure).
    public static func updateDraft(_ document: SalesDocumentRecord, on db: any Database) async throws {
        let d = document
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE sales_documents SET subtype = \(bind: d.subtype), title = \(bind: d.title), company_id = \(bind: d.companyID),
            contact_id = \(bind: d.contactID), billing_address = \(bind: d.billingAddress), delivery_address = \(bind: d.deliveryAddress),
            project_id = \(bind: d.projectID), interaction_id = \(bind: d.interactionID), issue_date = \(bind: d.issueDate),
            delivery_date = \(bind: d.deliveryDate), due_date = \(bind: d.dueDate), valid_until = \(bind: d.validUntil),
            payment_terms = \(bind: d.paymentTerms), late_penalty_rate = \(bind: d.latePenaltyRate),
            early_payment_discount = \(bind: d.earlyPaymentDiscount), nature = \(bind: d.nature), notes = \(bind: d.notes),
            supplier_reference = \(bind: d.supplierReference), total_net = \(bind: d.totalNet), total_tax = \(bind: d.totalTax),
            total_gross = \(bind: d.totalGross), updated_at = \(bind: d.updatedAt)
            WHERE id = \(bind: d.id) AND state = 'draft'
            """
        ).run()
    }

    /// Replaces a draft's lines and VAT breakdown.
    public static func replaceLines(_ document: UUID, _ lines: [SalesLineRecord], vat: [SalesVATRecord], on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM sales_document_lines WHERE document_id = \(bind: document)").run()
        try await sql.raw("DELETE FROM sales_document_vat WHERE document_id = \(bind: document)").run()
        for line in lines {
            try await sql.raw(
                """
                INSERT INTO sales_document_lines (id, document_id, position, product_id, description, quantity_milli, unit, unit_price,
                discount_bp, vat_rate_bp, net) VALUES (\(bind: line.id), \(bind: document), \(bind: Int64(line.position)),
                \(bind: line.productID), \(bind: line.description), \(bind: line.quantityMilli), \(bind: line.unit), \(bind: line.unitPrice),
                \(bind: line.discountBP), \(bind: line.vatRateBP), \(bind: line.net))
                """
            ).run()
        }
        for part in vat {
            try await sql.raw(
                """
                INSERT INTO sales_document_vat (document_id, vat_rate_bp, base, tax)
                VALUES (\(bind: document), \(bind: part.vatRateBP), \(bind: part.base), \(bind: part.tax))
                """
            ).run()
        }
    }

    public static func deleteDraft(_ id: UUID, on db: any Database) async throws {
        let sql = try TableStore.sqlDatabase(db)
        try await sql.raw("DELETE FROM sales_document_lines WHERE document_id = \(bind: id)").run()
        try await sql.raw("DELETE FROM sales_document_vat WHERE document_id = \(bind: id)").run()
        try await sql.raw("DELETE FROM sales_documents WHERE id = \(bind: id) AND state = 'draft'").run()
    }

    /// Marks a draft validated: its reference, state, the customer's name and the mentions copied now.
    public static func markValidated(
        _ id: UUID, reference: String, state: String, customerName: String?, billingAddress: String?, deliveryAddress: String?,
        mentions: String, at date: Date, by user: UUID?, on db: any Database
    ) async throws {
        try await TableStore.sqlDatabase(db).raw(
            """
            UPDATE sales_documents SET state = \(bind: state), reference = \(bind: reference), customer_name = \(bind: customerName),
            billing_address = \(bind: billingAddress), delivery_address = \(bind: deliveryAddress), mentions = \(bind: mentions), validated_at = \(bind: date), validated_by = \(bind: user), updated_at = \(bind: date)
            WHERE id = \(bind: id) AND state = 'draft'
            """
        ).run()
    }

    /// A validated document's state (sent, paid, accepted…): the only change a validated document takes.
    public static func setState(_ id: UUID, _ state: String, at date: Date, on db: any Database) async throws {
        try await TableStore.sqlDatabase(db).raw(
            "UPDATE sales_documents SET state = \(bind: state), updated_at = \(bind: date) WHERE id = \(bind: id) AND state <> 'draft'"
        ).run()
    }

    /// The latest issue date among the validated documents of `series` (`yyyy-mm-dd`), nil when none.
    public static func lastValidatedIssueDate(series: String, on db: any Database) async throws -> String? {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT MAX(issue_date) AS last FROM sales_documents WHERE series = \(bind: series) AND reference IS NOT NULL"
        ).first()?.decode(column: "last", as: String?.self)
    }

    /// The documents made from `source` (an order's invoices, a quote's order), oldest first.
    public static func derived(from source: UUID, on db: any Database) async throws -> [SalesDocumentRecord] {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT \(unsafeRaw: columns) FROM sales_documents d WHERE d.source_id = \(bind: source) ORDER BY d.created_at, d.id"
        ).all().map(record)
    }

    /// The credit note that cancels `invoice`, if any.
    public static func creditNote(of invoice: UUID, on db: any Database) async throws -> SalesDocumentRecord? {
        try await TableStore.sqlDatabase(db).raw(
            "SELECT \(unsafeRaw: columns) FROM sales_documents d WHERE d.credited_id = \(bind: invoice)"
        ).first().map(record)
    }

    /// Documents, most recent first, 50 per page from `offset`.
    public static func list(_ filter: SalesDocumentFilter, limit: Int, offset: Int, on db: any Database) async throws
        -> [SalesDocumentRecord]
    {
        let sql = try TableStore.sqlDatabase(db)
        var conditions: [SQLQueryString] = []
        if !filter.kinds.isEmpty {
            conditions.append("d.kind IN (" + filter.kinds.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ") + ")")
        }
        if let state = filter.state { conditions.append("d.state = \(bind: state)") }
        if let company = filter.companyID { conditions.append("d.company_id = \(bind: company)") }
        if let project = filter.projectID { conditions.append("d.project_id = \(bind: project)") }
        if let text = filter.text, !text.isEmpty {
            let pattern = TableStore.likePattern(text)
            // The customer also through the directory's index, accents and case folded (« etablissements »).
            let customer = SearchIndex.customerMatches(text, company: "d.company_id", contact: "d.contact_id", on: sql)
            conditions.append(
                """
                (LOWER(COALESCE(d.reference, '')) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(COALESCE(d.customer_name, '')) LIKE \(bind: pattern) ESCAPE '!'\
                \(customer.map { " OR " + $0 } ?? ""))
                """)
        }
        var query: SQLQueryString = "SELECT \(unsafeRaw: columns) FROM sales_documents d"
        // The product's lines first (`sales_document_lines_product_idx`), then their documents by id: as a condition on
        // each document, SQLite walked every document of the kind.
        if let product = filter.productID {
            query =
                query
                + " JOIN (SELECT DISTINCT l.document_id FROM sales_document_lines l WHERE l.product_id = \(bind: product)) pl ON pl.document_id = d.id"
        }
        if !conditions.isEmpty { query = query + " WHERE " + conditions.joined(separator: " AND ") }
        query =
            query
            + " ORDER BY d.issue_date DESC, d.created_at DESC, d.id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))"
        return try await sql.raw(query).all().map(record)
    }
}
