import FluentKit
import Foundation
import SQLKit

/// The queries of « Importer une facture reçue »: the supplier by its identifiers, an earlier import of the same
/// invoice. Merged companies are never matched; archived ones only after the others.
public enum SupplierInvoiceImportStore {
    public struct Company: Sendable, Hashable {
        public var id: UUID
        public var name: String
    }

    /// Companies whose SIREN is `siren` (or whose SIRET starts with it).
    public static func companies(siren: String, on db: any Database) async throws -> [Company] {
        try await companies(where: "siren = \(bind: siren) OR siret LIKE \(bind: siren + "%")", on: db)
    }

    public static func companies(siret: String, on db: any Database) async throws -> [Company] {
        try await companies(where: "siret = \(bind: siret)", on: db)
    }

    /// Companies with this VAT number, spaces and case ignored.
    public static func companies(vatNumber: String, on db: any Database) async throws -> [Company] {
        try await companies(where: "UPPER(REPLACE(vat_number, ' ', '')) = \(bind: vatNumber)", on: db)
    }

    private static func companies(where condition: SQLQueryString, on db: any Database) async throws -> [Company] {
        try await TableStore.sqlDatabase(db).raw(
            """
            SELECT id, name FROM companies WHERE merged_into IS NULL AND (\(condition))
            ORDER BY archived, created_at, id LIMIT 20
            """
        ).all().map { Company(id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self)) }
    }

    /// A supplier invoice of `company` already carrying the supplier's number `reference` (draft or validated).
    public static func existing(company: UUID, supplierReference: String, on db: any Database) async throws -> SalesDocumentRecord? {
        guard
            let id = try await TableStore.sqlDatabase(db).raw(
                """
                SELECT id FROM sales_documents WHERE kind = 'supplier_invoice' AND company_id = \(bind: company)
                AND supplier_reference = \(bind: supplierReference) ORDER BY created_at LIMIT 1
                """
            ).first()?.decode(column: "id", as: UUID.self)
        else { return nil }
        return try await SalesDocumentStore.find(id, on: db)
    }
}
