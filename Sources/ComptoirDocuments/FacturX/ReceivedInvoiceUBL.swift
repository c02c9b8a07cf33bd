import ComptoirCore
import Foundation

/// A UBL 2.1 `Invoice` or `CreditNote` (EN 16931 binding) read into a `ReceivedInvoice`. Notes written `#PMT#text`
/// give back their subject; BT-23 is read from ProfileID.
enum ReceivedInvoiceUBL {
    static func invoice(_ root: ReceivedXMLNode) throws(ReceivedInvoiceError) -> ReceivedInvoice {
        let credit = root.name == "CreditNote"
        guard let number = root.string("ID") else { throw .missing("number") }
        guard let issueDate = try ReceivedValues.day(root.string("IssueDate"), "issue date") else { throw .missing("issue date") }
        let typeCode = root.string(credit ? "CreditNoteTypeCode" : "InvoiceTypeCode") ?? (credit ? "381" : "380")
        let currency = root.string("DocumentCurrencyCode") ?? "EUR"
        let notes = root.all("Note").compactMap { node -> ReceivedInvoice.Note? in
            guard let text = node.value else { return nil }
            // « #PMT#Indemnité… »: a subject of letters between two hashes.
            if text.hasPrefix("#"), let close = text.dropFirst().firstIndex(of: "#") {
                let subject = text[text.index(after: text.startIndex)..<close]
                if !subject.isEmpty, subject.count <= 3, subject.allSatisfy({ $0.isASCII && $0.isLetter }) {
                    return ReceivedInvoice.Note(subject: String(subject), String(text[text.index(after: close)...]))
                }
            }
            return ReceivedInvoice.Note(subject: nil, text)
        }
        guard let sellerNode = root.at("AccountingSupplierParty/Party") else { throw .missing("seller") }
        let seller = party(sellerNode, seller: true)
        let buyer =
            root.at("AccountingCustomerParty/Party").map { party($0, seller: false) }
            ?? InvoiceParty(name: "", address: InvoiceParty.Address(lines: [], postcode: "", city: "", countryCode: ""))

        var lines: [ReceivedInvoice.Line] = []
        for item in root.all(credit ? "CreditNoteLine" : "InvoiceLine") {
            lines.append(try line(item, index: lines.count, credit: credit, currency: currency))
        }
        // Two TaxTotal may come (invoice and accounting currency): the one with subtotals, else the invoice currency's.
        let taxTotals = root.all("TaxTotal")
        let taxTotal =
            taxTotals.first { !$0.all("TaxSubtotal").isEmpty }
            ?? taxTotals.first { $0.child("TaxAmount")?["currencyID"] == currency } ?? taxTotals.first
        var vat: [ReceivedInvoice.VATBreakdown] = []
        for subtotal in taxTotal?.all("TaxSubtotal") ?? [] {
            vat.append(
                ReceivedInvoice.VATBreakdown(
                    category: subtotal.string("TaxCategory/ID") ?? "S",
                    rate: try ReceivedValues.rate(subtotal.string("TaxCategory/Percent"), "VAT rate") ?? 0,
                    taxableAmount: try ReceivedValues.money(subtotal.string("TaxableAmount"), "VAT basis", currency) ?? .zero(currency),
                    taxAmount: try ReceivedValues.money(subtotal.string("TaxAmount"), "VAT amount", currency) ?? .zero(currency),
                    exemptionReason: subtotal.string("TaxCategory/TaxExemptionReason")))
        }
        guard let monetary = root.child("LegalMonetaryTotal") else { throw .missing("totals") }
        func money(_ name: String) throws(ReceivedInvoiceError) -> Money? {
            try ReceivedValues.money(monetary.string(name), name, currency)
        }
        let zero = Money.zero(currency)
        guard let grandTotal = try money("TaxInclusiveAmount") else { throw .missing("totals") }
        let tax = try ReceivedValues.money(taxTotal?.string("TaxAmount"), "TaxAmount", currency) ?? zero
        let lineTotal = try money("LineExtensionAmount")
        let taxBasis = try money("TaxExclusiveAmount")
        let prepaid = try money("PrepaidAmount") ?? zero
        let totals = ReceivedInvoice.Totals(
            lineTotal: lineTotal ?? taxBasis ?? grandTotal - tax, taxBasis: taxBasis ?? lineTotal ?? grandTotal - tax, taxTotal: tax,
            grandTotal: grandTotal, prepaid: prepaid, duePayable: try money("PayableAmount") ?? grandTotal - prepaid)

        var payment: ReceivedInvoice.Payment?
        for means in root.all("PaymentMeans") {
            if let iban = means.string("PayeeFinancialAccount/ID") {
                payment = ReceivedInvoice.Payment(
                    meansCode: means.string("PaymentMeansCode") ?? "58", iban: iban.filter { $0 != " " },
                    bic: means.string("PayeeFinancialAccount/FinancialInstitutionBranch/ID"),
                    accountName: means.string("PayeeFinancialAccount/Name"))
                break
            }
        }
        var due = try ReceivedValues.day(root.string("DueDate"), "due date")
        if due == nil {
            for means in root.all("PaymentMeans") where due == nil {
                due = try ReceivedValues.day(means.string("PaymentDueDate"), "due date")
            }
        }
        var references: [ReceivedInvoice.Reference] = []
        for billing in root.all("BillingReference") {
            guard let reference = billing.child("InvoiceDocumentReference"), let id = reference.string("ID") else { continue }
            references.append(
                ReceivedInvoice.Reference(number: id, issueDate: try ReceivedValues.day(reference.string("IssueDate"), "reference date")))
        }
        return ReceivedInvoice(
            syntax: .ubl, profile: root.string("CustomizationID"), businessProcess: root.string("ProfileID"),
            kind: credit ? .creditNote : ReceivedValues.kind(typeCode), typeCode: typeCode, number: number, issueDate: issueDate,
            dueDate: due,
            deliveryDate: try ReceivedValues.day(root.string("Delivery/ActualDeliveryDate"), "delivery date"), currency: currency,
            seller: seller, buyer: buyer, buyerReference: root.string("BuyerReference"), orderReference: root.string("OrderReference/ID"),
            lines: lines, vatBreakdown: vat, totals: totals, precedingInvoices: references, notes: notes,
            paymentTerms: root.string("PaymentTerms/Note"), payment: payment)
    }

    static func line(_ item: ReceivedXMLNode, index: Int, credit: Bool, currency: String) throws(ReceivedInvoiceError)
        -> ReceivedInvoice.Line
    {
        let label = "line \(index + 1)"
        let quantity = item.child(credit ? "CreditedQuantity" : "InvoicedQuantity")
        guard let net = try ReceivedValues.money(item.string("LineExtensionAmount"), "\(label) net amount", currency) else {
            throw .missing("\(label) net amount")
        }
        let itemNode = item.child("Item")
        let tax = itemNode?.child("ClassifiedTaxCategory")
        return ReceivedInvoice.Line(
            id: item.string("ID") ?? String(index + 1), name: itemNode?.string("Name") ?? itemNode?.string("Description") ?? "",
            description: itemNode?.string("Description"), sellerReference: itemNode?.string("SellersItemIdentification/ID"),
            quantity: try ReceivedValues.amount(quantity?.value, "\(label) quantity") ?? ReceivedInvoice.Amount(mantissa: 1, scale: 0),
            unitCode: quantity?["unitCode"],
            netUnitPrice: try ReceivedValues.amount(item.string("Price/PriceAmount"), "\(label) unit price"),
            priceBaseQuantity: try ReceivedValues.amount(item.string("Price/BaseQuantity"), "\(label) price base quantity"), netAmount: net,
            vatCategory: tax?.string("ID"), vatRate: try ReceivedValues.rate(tax?.string("Percent"), "\(label) VAT rate"))
    }

    static func party(_ node: ReceivedXMLNode, seller: Bool) -> InvoiceParty {
        let address = node.child("PostalAddress")
        var lines = ["StreetName", "AdditionalStreetName"].compactMap { address?.string($0) }
        lines += address?.all("AddressLine").compactMap { $0.string("Line") } ?? []
        let legal = node.child("PartyLegalEntity")
        var party = InvoiceParty(
            name: legal?.string("RegistrationName") ?? node.string("PartyName/Name") ?? "",
            address: InvoiceParty.Address(
                lines: lines, postcode: address?.string("PostalZone") ?? "", city: address?.string("CityName") ?? "",
                countryCode: address?.string("Country/IdentificationCode") ?? ""))
        if seller { party.legalInformation = legal?.string("CompanyLegalForm") }
        var identifiers = node.all("PartyIdentification").compactMap { $0.child("ID") }
        if let company = legal?.child("CompanyID") { identifiers.insert(company, at: 0) }
        for identifier in identifiers {
            guard let value = identifier.value else { continue }
            switch identifier["schemeID"] {
            case "0002": party.siren = party.siren ?? value
            case "0009": party.siret = party.siret ?? value
            default: break
            }
        }
        for scheme in node.all("PartyTaxScheme") where scheme.string("TaxScheme/ID") == "VAT" || scheme.child("TaxScheme") == nil {
            party.vatNumber = party.vatNumber ?? scheme.string("CompanyID")
        }
        if let endpoint = node.child("EndpointID"), let value = endpoint.value {
            party.electronicAddress = InvoiceParty.ElectronicAddress(scheme: endpoint["schemeID"] ?? "", value: value)
        }
        party.email = node.string("Contact/ElectronicMail")
        ReceivedValues.normalizedParty(&party)
        return party
    }
}
