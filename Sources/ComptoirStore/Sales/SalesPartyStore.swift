import FluentKit
import Foundation
import SQLKit

/// The customer or supplier of a document as the mentions need it: name, identifiers and addresses.
public struct SalesParty: Sendable, Hashable {
    public var name: String
    /// A company (a business customer); false for a private person (a contact alone).
    public var isBusiness: Bool
    public var siren: String?
    public var siret: String?
    public var vatNumber: String?
    /// Lines of the billing address, blank lines dropped.
    public var billingAddress: String?
    public var deliveryAddress: String?
    /// The e-mail address an e-invoice can be routed to when the customer has no SIREN.
    public var email: String? = nil
}

/// Reads the party of a document from the directory.
public enum SalesPartyStore {
    /// The company if there is one (with the contact's name nowhere), else the contact; nil when neither exists.
    public static func party(company: UUID?, contact: UUID?, on db: any Database) async throws -> SalesParty? {
        let sql = try TableStore.sqlDatabase(db)
        if let company,
            let row = try await sql.raw(
                """
                SELECT name, siren, siret, vat_number, billing_line1, billing_line2, billing_postcode, billing_city, billing_country,
                delivery_line1, delivery_line2, delivery_postcode, delivery_city, delivery_country, email FROM companies
                WHERE id = \(bind: company)
                """
            ).first()
        {
            return SalesParty(
                name: try row.decode(column: "name", as: String.self), isBusiness: true,
                siren: try row.decode(column: "siren", as: String?.self), siret: try row.decode(column: "siret", as: String?.self),
                vatNumber: try row.decode(column: "vat_number", as: String?.self), billingAddress: try address(row, "billing_"),
                deliveryAddress: try address(row, "delivery_"), email: try row.decode(column: "email", as: String?.self))
        }
        if let contact,
            let row = try await sql.raw(
                """
                SELECT display_name, address_line1, address_line2, address_postcode, address_city, address_country, email FROM contacts
                WHERE id = \(bind: contact)
                """
            ).first()
        {
            return SalesParty(
                name: try row.decode(column: "display_name", as: String.self), isBusiness: false, siren: nil, siret: nil, vatNumber: nil,
                billingAddress: try address(row, "address_"), deliveryAddress: nil, email: try row.decode(column: "email", as: String?.self)
            )
        }
        return nil
    }

    static func address(_ row: any SQLRow, _ prefix: String) throws -> String? {
        let line1 = try row.decode(column: prefix + "line1", as: String?.self) ?? ""
        let line2 = try row.decode(column: prefix + "line2", as: String?.self) ?? ""
        let postcode = try row.decode(column: prefix + "postcode", as: String?.self) ?? ""
        let city = try row.decode(column: prefix + "city", as: String?.self) ?? ""
        let country = try row.decode(column: prefix + "country", as: String?.self) ?? ""
        let town = [postcode, city].filter { !$0.isEmpty }.joined(separator: " ")
        let lines = [line1, line2, town, country == "FR" ? "" : country].map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

/// What a document line takes from its product when left blank: the name, unit, prices and VAT rate.
public struct SalesProductInfo: Sendable, Hashable {
    public var id: UUID
    public var reference: String
    public var name: String
    public var unit: String
    public var salePrice: Int64?
    public var purchasePrice: Int64?
    /// As stored: « 20 », « 5.5 ».
    public var vatRate: String
    public var active: Bool
}

extension SalesPartyStore {
    public static func products(_ ids: [UUID], on db: any Database) async throws -> [UUID: SalesProductInfo] {
        guard !ids.isEmpty else { return [:] }
        let list = Array(Set(ids)).map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")
        let query: SQLQueryString =
            "SELECT id, reference, name, unit, sale_price, purchase_price, vat_rate, active FROM products WHERE id IN (" + list + ")"
        var result: [UUID: SalesProductInfo] = [:]
        for row in try await TableStore.sqlDatabase(db).raw(query).all() {
            let info = SalesProductInfo(
                id: try row.decode(column: "id", as: UUID.self), reference: try row.decode(column: "reference", as: String.self),
                name: try row.decode(column: "name", as: String.self), unit: try row.decode(column: "unit", as: String.self),
                salePrice: try row.decode(column: "sale_price", as: Int64?.self),
                purchasePrice: try row.decode(column: "purchase_price", as: Int64?.self),
                vatRate: try row.decode(column: "vat_rate", as: String.self), active: try row.decode(column: "active", as: Bool.self))
            result[info.id] = info
        }
        return result
    }
}
