import ComptoirCore
import Foundation

/// A Cross Industry Invoice (Factur-X / ZUGFeRD, profiles MINIMUM to EXTENDED) read into a `ReceivedInvoice`: whatever
/// the profile carries is taken (MINIMUM and BASIC WL have no lines; the totals and VAT breakdown are still read).
/// Elements are matched by local name, so any namespace prefix works.
enum ReceivedInvoiceCII {
    static func invoice(_ root: ReceivedXMLNode) throws(ReceivedInvoiceError) -> ReceivedInvoice {
        let document = root.child("ExchangedDocument")
        guard let number = document?.string("ID") else { throw .missing("number") }
        let typeCode = document?.string("TypeCode") ?? "380"
        guard let issueDate = try ReceivedValues.day(document?.string("IssueDateTime/DateTimeString"), "issue date") else {
            throw .missing("issue date")
        }
        let notes = (document?.all("IncludedNote") ?? []).compactMap { note -> ReceivedInvoice.Note? in
            guard let content = note.string("Content") else { return nil }
            return ReceivedInvoice.Note(subject: note.string("SubjectCode"), content)
        }
        let context = root.child("ExchangedDocumentContext")
        let transaction = root.child("SupplyChainTradeTransaction")
        let agreement = transaction?.child("ApplicableHeaderTradeAgreement")
        let settlement = transaction?.child("ApplicableHeaderTradeSettlement")
        let currency = settlement?.string("InvoiceCurrencyCode") ?? "EUR"
        guard let sellerNode = agreement?.child("SellerTradeParty") else { throw .missing("seller") }
        let seller = try party(sellerNode, seller: true)
        let buyer = try agreement?.child("BuyerTradeParty").map { node throws(ReceivedInvoiceError) in try party(node, seller: false) }

        var lines: [ReceivedInvoice.Line] = []
        for item in transaction?.all("IncludedSupplyChainTradeLineItem") ?? [] {
            lines.append(try line(item, index: lines.count, currency: currency))
        }
        var vat: [ReceivedInvoice.VATBreakdown] = []
        for tax in settlement?.all("ApplicableTradeTax") ?? [] {
            vat.append(
                ReceivedInvoice.VATBreakdown(
                    category: tax.string("CategoryCode") ?? "S",
                    rate: try ReceivedValues.rate(tax.string("RateApplicablePercent"), "VAT rate") ?? 0,
                    taxableAmount: try ReceivedValues.money(tax.string("BasisAmount"), "VAT basis", currency) ?? .zero(currency),
                    taxAmount: try ReceivedValues.money(tax.string("CalculatedAmount"), "VAT amount", currency) ?? .zero(currency),
                    exemptionReason: tax.string("ExemptionReason")))
        }
        guard let summation = settlement?.child("SpecifiedTradeSettlementHeaderMonetarySummation") else { throw .missing("totals") }
        // TaxTotalAmount may come twice (invoice currency and accounting currency): the invoice currency's.
        let taxTotals = summation.all("TaxTotalAmount")
        let taxTotal = (taxTotals.first { $0["currencyID"] == currency } ?? taxTotals.first)?.value
        func money(_ name: String) throws(ReceivedInvoiceError) -> Money? {
            try ReceivedValues.money(summation.string(name), name, currency)
        }
        let zero = Money.zero(currency)
        let lineTotal = try money("LineTotalAmount")
        let taxBasis = try money("TaxBasisTotalAmount")
        guard let grandTotal = try money("GrandTotalAmount") else { throw .missing("totals") }
        let tax = try ReceivedValues.money(taxTotal, "TaxTotalAmount", currency) ?? zero
        let prepaid = try money("TotalPrepaidAmount") ?? zero
        let totals = ReceivedInvoice.Totals(
            lineTotal: lineTotal ?? taxBasis ?? grandTotal - tax, taxBasis: taxBasis ?? lineTotal ?? grandTotal - tax, taxTotal: tax,
            grandTotal: grandTotal, prepaid: prepaid, duePayable: try money("DuePayableAmount") ?? grandTotal - prepaid)

        var payment: ReceivedInvoice.Payment?
        for means in settlement?.all("SpecifiedTradeSettlementPaymentMeans") ?? [] {
            if let iban = means.string("PayeePartyCreditorFinancialAccount/IBANID") {
                payment = ReceivedInvoice.Payment(
                    meansCode: means.string("TypeCode") ?? "58", iban: iban.filter { $0 != " " },
                    bic: means.string("PayeeSpecifiedCreditorFinancialInstitution/BICID"),
                    accountName: means.string("PayeePartyCreditorFinancialAccount/AccountName"))
                break
            }
        }
        let terms = settlement?.child("SpecifiedTradePaymentTerms")
        var references: [ReceivedInvoice.Reference] = []
        for reference in settlement?.all("InvoiceReferencedDocument") ?? [] {
            guard let id = reference.string("IssuerAssignedID") else { continue }
            references.append(
                ReceivedInvoice.Reference(
                    number: id,
                    issueDate: try ReceivedValues.day(reference.string("FormattedIssueDateTime/DateTimeString"), "reference date")))
        }
        return ReceivedInvoice(
            syntax: .cii, profile: context?.string("GuidelineSpecifiedDocumentContextParameter/ID"),
            businessProcess: context?.string("BusinessProcessSpecifiedDocumentContextParameter/ID"), kind: ReceivedValues.kind(typeCode),
            typeCode: typeCode, number: number, issueDate: issueDate,
            dueDate: try ReceivedValues.day(terms?.string("DueDateDateTime/DateTimeString"), "due date"),
            deliveryDate: try ReceivedValues.day(
                transaction?.string("ApplicableHeaderTradeDelivery/ActualDeliverySupplyChainEvent/OccurrenceDateTime/DateTimeString"),
                "delivery date"),
            currency: currency, seller: seller,
            buyer: buyer ?? InvoiceParty(name: "", address: InvoiceParty.Address(lines: [], postcode: "", city: "", countryCode: "")),
            buyerReference: agreement?.string("BuyerReference"),
            orderReference: agreement?.string("BuyerOrderReferencedDocument/IssuerAssignedID"),
            lines: lines, vatBreakdown: vat, totals: totals, precedingInvoices: references, notes: notes,
            paymentTerms: terms?.string("Description"), payment: payment)
    }

    static func line(_ item: ReceivedXMLNode, index: Int, currency: String) throws(ReceivedInvoiceError) -> ReceivedInvoice.Line {
        let label = "line \(index + 1)"
        let product = item.child("SpecifiedTradeProduct")
        let agreement = item.child("SpecifiedLineTradeAgreement")
        let delivery = item.child("SpecifiedLineTradeDelivery")
        let settlement = item.child("SpecifiedLineTradeSettlement")
        let quantityNode = delivery?.child("BilledQuantity")
        let price = agreement?.child("NetPriceProductTradePrice")
        guard
            let net = try ReceivedValues.money(
                settlement?.string("SpecifiedTradeSettlementLineMonetarySummation/LineTotalAmount"), "\(label) net amount", currency)
        else { throw .missing("\(label) net amount") }
        let tax = settlement?.child("ApplicableTradeTax")
        let name = product?.string("Name") ?? product?.string("Description") ?? ""
        return ReceivedInvoice.Line(
            id: item.string("AssociatedDocumentLineDocument/LineID") ?? String(index + 1), name: name,
            description: product?.string("Description"), sellerReference: product?.string("SellerAssignedID"),
            quantity: try ReceivedValues.amount(quantityNode?.value, "\(label) quantity") ?? ReceivedInvoice.Amount(mantissa: 1, scale: 0),
            unitCode: quantityNode?["unitCode"],
            netUnitPrice: try ReceivedValues.amount(price?.string("ChargeAmount"), "\(label) unit price"),
            priceBaseQuantity: try ReceivedValues.amount(price?.string("BasisQuantity"), "\(label) price base quantity"), netAmount: net,
            vatCategory: tax?.string("CategoryCode"),
            vatRate: try ReceivedValues.rate(tax?.string("RateApplicablePercent"), "\(label) VAT rate"))
    }

    static func party(_ node: ReceivedXMLNode, seller: Bool) throws(ReceivedInvoiceError) -> InvoiceParty {
        let address = node.child("PostalTradeAddress")
        var party = InvoiceParty(
            name: node.string("Name") ?? "",
            address: InvoiceParty.Address(
                lines: ["LineOne", "LineTwo", "LineThree"].compactMap { address?.string($0) },
                postcode: address?.string("PostcodeCode") ?? "",
                city: address?.string("CityName") ?? "", countryCode: address?.string("CountryID") ?? ""))
        if seller { party.legalInformation = node.string("Description") }
        for identifier in [node.at("SpecifiedLegalOrganization/ID")].compactMap({ $0 }) + node.all("GlobalID") + node.all("ID") {
            guard let value = identifier.value else { continue }
            switch identifier["schemeID"] {
            case "0002": party.siren = party.siren ?? value
            case "0009": party.siret = party.siret ?? value
            default: break
            }
        }
        for registration in node.all("SpecifiedTaxRegistration") where registration.at("ID")?["schemeID"] == "VA" {
            party.vatNumber = registration.string("ID")
        }
        if let uri = node.at("URIUniversalCommunication/URIID"), let value = uri.value {
            party.electronicAddress = InvoiceParty.ElectronicAddress(scheme: uri["schemeID"] ?? "", value: value)
        }
        party.email = node.string("DefinedTradeContact/EmailURIUniversalCommunication/URIID")
        if party.email == nil, party.electronicAddress?.scheme == "EM" { party.email = party.electronicAddress?.value }
        ReceivedValues.normalizedParty(&party)
        return party
    }
}
