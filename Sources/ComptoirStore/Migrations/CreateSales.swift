import FluentKit
import SQLKit

/// Sales and purchases: documents (quotes, customer orders, invoices, credit notes, supplier orders and invoices) with
/// their lines and VAT breakdown, payments and their allocations to invoices, and the inalterability chain.
///
/// Amounts are cents, quantities thousandths, discounts and VAT rates hundredths of a percent. The database holds what
/// it can of the rules: allowed kinds, states, VAT rates, discounts and payment methods (CHECK), totals that add up, a
/// reference unique within its numbering series, one allocation per payment and invoice, one chain link per record and
/// per position. Numbers come from `document_numbers` (its `prefix` column holds the series key, `sales:invoice`…).
/// A validated document's customer name, addresses and the organisation's coordinates are copied onto it (the
/// `mentions` column), so the document reads the same after the company changes.
struct CreateSales: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sales_documents")
            .id()
            .field("kind", .string, .required)
            .field("subtype", .string, .required)
            .field("state", .string, .required)
            .field("series", .string, .required)
            .field("reference", .string)
            .field("title", .string)
            .field("company_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .field("contact_id", .uuid, .references("contacts", "id", onDelete: .setNull))
            .field("customer_name", .string)
            .field("billing_address", .string)
            .field("delivery_address", .string)
            .field("project_id", .uuid, .references("projects", "id", onDelete: .setNull))
            .field("interaction_id", .uuid, .references("interactions", "id", onDelete: .setNull))
            .field("issue_date", .string, .required)
            .field("delivery_date", .string)
            .field("due_date", .string)
            .field("valid_until", .string)
            .field("payment_terms", .string)
            .field("late_penalty_rate", .string)
            .field("early_payment_discount", .string)
            .field("nature", .string)
            .field("notes", .string)
            .field("supplier_reference", .string)
            .field("currency", .string, .required)
            .field("total_net", .int64, .required)
            .field("total_tax", .int64, .required)
            .field("total_gross", .int64, .required)
            .field("source_id", .uuid, .references("sales_documents", "id", onDelete: .restrict))
            .field("credited_id", .uuid, .references("sales_documents", "id", onDelete: .restrict))
            .field("mentions", .string)
            .field("validated_at", .datetime)
            .field("validated_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .constraint(
                .sql(
                    unsafeRaw: """
                        CHECK (kind IN ('quote', 'order', 'invoice', 'credit_note', 'supplier_order', 'supplier_invoice'))
                        """)
            )
            .constraint(.sql(unsafeRaw: "CHECK (subtype IN ('standard', 'deposit', 'intermediate', 'balance'))"))
            .constraint(
                .sql(
                    unsafeRaw: """
                        CHECK (state IN ('draft', 'validated', 'sent', 'partially_paid', 'paid', 'accepted', 'refused', 'expired', \
                        'invoiced', 'cancelled'))
                        """)
            )
            .constraint(.sql(unsafeRaw: "CHECK (total_gross = total_net + total_tax)"))
            .constraint(.sql(unsafeRaw: "CHECK (state = 'draft' OR reference IS NOT NULL)"))
            .create()

        try await database.schema("sales_document_lines")
            .id()
            .field("document_id", .uuid, .required, .references("sales_documents", "id", onDelete: .cascade))
            .field("position", .int64, .required)
            .field("product_id", .uuid, .references("products", "id", onDelete: .setNull))
            .field("description", .string, .required)
            .field("quantity_milli", .int64, .required)
            .field("unit", .string)
            .field("unit_price", .int64, .required)
            .field("discount_bp", .int64, .required)
            .field("vat_rate_bp", .int64, .required)
            .field("net", .int64, .required)
            .constraint(.sql(unsafeRaw: "CHECK (discount_bp BETWEEN 0 AND 10000)"))
            .constraint(.sql(unsafeRaw: "CHECK (vat_rate_bp IN (2000, 1000, 550, 210, 0))"))
            .create()

        try await database.schema("sales_document_vat")
            .field("document_id", .uuid, .required, .references("sales_documents", "id", onDelete: .cascade))
            .field("vat_rate_bp", .int64, .required)
            .field("base", .int64, .required)
            .field("tax", .int64, .required)
            .compositeIdentifier(over: "document_id", "vat_rate_bp")
            .constraint(.sql(unsafeRaw: "CHECK (vat_rate_bp IN (2000, 1000, 550, 210, 0))"))
            .create()

        try await database.schema("sales_payments")
            .id()
            .field("direction", .string, .required)
            .field("wording", .string, .required)
            .field("amount", .int64, .required)
            .field("currency", .string, .required)
            .field("payment_date", .string, .required)
            .field("method", .string, .required)
            .field("reference", .string)
            .field("company_id", .uuid, .references("companies", "id", onDelete: .setNull))
            .field("contact_id", .uuid, .references("contacts", "id", onDelete: .setNull))
            .field("keeps_credit", .bool, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .constraint(.sql(unsafeRaw: "CHECK (direction IN ('received', 'sent'))"))
            .constraint(.sql(unsafeRaw: "CHECK (method IN ('transfer', 'card', 'cheque', 'cash', 'direct_debit'))"))
            .constraint(.sql(unsafeRaw: "CHECK (amount > 0)"))
            .create()

        try await database.schema("sales_payment_allocations")
            .id()
            .field("payment_id", .uuid, .required, .references("sales_payments", "id", onDelete: .restrict))
            .field("document_id", .uuid, .required, .references("sales_documents", "id", onDelete: .restrict))
            .field("amount", .int64, .required)
            .field("allocated_at", .datetime, .required)
            .constraint(.sql(unsafeRaw: "CHECK (amount > 0)"))
            .create()

        try await database.schema("sales_chain")
            .field("sequence", .int64, .identifier(auto: false))
            .field("record_type", .string, .required)
            .field("record_id", .uuid, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .field("content", .string, .required)
            .field("created_at", .datetime, .required)
            .create()

        let sql = database as! any SQLDatabase
        for statement in [
            // The database's own guarantee of the numbering: a reference once per series.
            "CREATE UNIQUE INDEX sales_documents_reference_idx ON sales_documents (series, reference)",
            "CREATE INDEX sales_documents_kind_idx ON sales_documents (kind, state, issue_date)",
            "CREATE INDEX sales_documents_series_date_idx ON sales_documents (series, issue_date) WHERE reference IS NOT NULL",
            "CREATE INDEX sales_documents_company_idx ON sales_documents (company_id, issue_date)",
            "CREATE INDEX sales_documents_project_idx ON sales_documents (project_id)",
            "CREATE INDEX sales_documents_source_idx ON sales_documents (source_id)",
            // A validated invoice is cancelled by one credit note at most.
            "CREATE UNIQUE INDEX sales_documents_credited_idx ON sales_documents (credited_id)",
            "CREATE INDEX sales_document_lines_document_idx ON sales_document_lines (document_id, position)",
            "CREATE INDEX sales_document_lines_product_idx ON sales_document_lines (product_id)",
            "CREATE INDEX sales_payments_company_idx ON sales_payments (company_id, payment_date)",
            "CREATE UNIQUE INDEX sales_payment_allocations_pair_idx ON sales_payment_allocations (payment_id, document_id)",
            "CREATE INDEX sales_payment_allocations_document_idx ON sales_payment_allocations (document_id)",
            "CREATE UNIQUE INDEX sales_chain_record_idx ON sales_chain (record_type, record_id)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in [
            "sales_chain", "sales_payment_allocations", "sales_payments", "sales_document_vat", "sales_document_lines", "sales_documents",
        ] {
            try await database.schema(table).delete()
        }
    }
}
