import ComptoirCore
import Foundation

/// The same invoice as UBL 2.1 (EN 16931 customisation): an `Invoice`, or a `CreditNote` for type 381. Notes with
/// a subject are written `#PMT#text`, as EN 16931's UBL binding says; BT-23 goes into ProfileID.
public enum UBLInvoice {
    public static func xml(_ invoice: InvoiceDocument) -> String {
        let credit = invoice.typeCode == .creditNote
        let root = credit ? "CreditNote" : "Invoice"
        let currency = invoice.currency
        func amount(_ money: Money) -> [(String, String)] { [("currencyID", currency)] }
        var xml = XMLText()
        xml.group(
            root,
            [
                ("xmlns", "urn:oasis:names:specification:ubl:schema:xsd:\(root)-2"),
                ("xmlns:cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"),
                ("xmlns:cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"),
            ]
        ) { xml in
            xml.element("cbc:CustomizationID", FacturXCII.guideline)
            xml.element("cbc:ProfileID", invoice.businessProcess)
            xml.element("cbc:ID", invoice.number)
            xml.element("cbc:IssueDate", InvoiceDocument.isoDate(invoice.issueDate))
            if !credit, let due = invoice.dueDate { xml.element("cbc:DueDate", InvoiceDocument.isoDate(due)) }
            xml.element(credit ? "cbc:CreditNoteTypeCode" : "cbc:InvoiceTypeCode", invoice.typeCode.rawValue)
            for note in invoice.notes {
                xml.element("cbc:Note", note.subject.map { "#\($0)#" + note.text } ?? note.text)
            }
            xml.element("cbc:DocumentCurrencyCode", currency)
            xml.optional("cbc:BuyerReference", invoice.buyerReference)
            if let order = invoice.orderReference, !order.isEmpty {
                xml.group("cac:OrderReference") { $0.element("cbc:ID", order) }
            }
            for reference in invoice.precedingInvoices {
                xml.group("cac:BillingReference") { xml in
                    xml.group("cac:InvoiceDocumentReference") { xml in
                        xml.element("cbc:ID", reference.number)
                        if let date = reference.issueDate { xml.element("cbc:IssueDate", InvoiceDocument.isoDate(date)) }
                    }
                }
            }
            xml.group("cac:AccountingSupplierParty") { party(invoice.seller, seller: true, into: &$0) }
            xml.group("cac:AccountingCustomerParty") { party(invoice.buyer, seller: false, into: &$0) }
            if let delivered = invoice.deliveryDate {
                xml.group("cac:Delivery") { $0.element("cbc:ActualDeliveryDate", InvoiceDocument.isoDate(delivered)) }
            }
            if let payment = invoice.payment {
                xml.group("cac:PaymentMeans") { xml in
                    xml.element("cbc:PaymentMeansCode", payment.meansCode)
                    if credit, let due = invoice.dueDate { xml.element("cbc:PaymentDueDate", InvoiceDocument.isoDate(due)) }
                    xml.element("cbc:PaymentID", invoice.number)
                    xml.group("cac:PayeeFinancialAccount") { xml in
                        xml.element("cbc:ID", payment.iban)
                        xml.optional("cbc:Name", payment.accountName)
                        if let bic = payment.bic, !bic.isEmpty {
                            xml.group("cac:FinancialInstitutionBranch") { $0.element("cbc:ID", bic) }
                        }
                    }
                }
            }
            if let terms = invoice.paymentTerms, !terms.isEmpty {
                xml.group("cac:PaymentTerms") { $0.element("cbc:Note", terms) }
            }
            xml.group("cac:TaxTotal") { xml in
                xml.element("cbc:TaxAmount", invoice.totals.taxTotal.decimalString, amount(invoice.totals.taxTotal))
                for vat in invoice.vatBreakdown {
                    xml.group("cac:TaxSubtotal") { xml in
                        xml.element("cbc:TaxableAmount", vat.taxableAmount.decimalString, amount(vat.taxableAmount))
                        xml.element("cbc:TaxAmount", vat.taxAmount.decimalString, amount(vat.taxAmount))
                        xml.group("cac:TaxCategory") { xml in
                            xml.element("cbc:ID", vat.category)
                            xml.element("cbc:Percent", InvoiceDocument.rateString(vat.rate))
                            xml.optional("cbc:TaxExemptionReason", vat.exemptionReason)
                            xml.group("cac:TaxScheme") { $0.element("cbc:ID", "VAT") }
                        }
                    }
                }
            }
            let totals = invoice.totals
            xml.group("cac:LegalMonetaryTotal") { xml in
                xml.element("cbc:LineExtensionAmount", totals.lineTotal.decimalString, amount(totals.lineTotal))
                xml.element("cbc:TaxExclusiveAmount", totals.taxBasis.decimalString, amount(totals.taxBasis))
                xml.element("cbc:TaxInclusiveAmount", totals.grandTotal.decimalString, amount(totals.grandTotal))
                if !totals.prepaid.isZero { xml.element("cbc:PrepaidAmount", totals.prepaid.decimalString, amount(totals.prepaid)) }
                xml.element("cbc:PayableAmount", totals.duePayable.decimalString, amount(totals.duePayable))
            }
            for line in invoice.lines {
                xml.group(credit ? "cac:CreditNoteLine" : "cac:InvoiceLine") { xml in
                    xml.element("cbc:ID", line.id)
                    xml.element(
                        credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", line.quantity.decimalString, [("unitCode", line.unitCode)]
                    )
                    xml.element("cbc:LineExtensionAmount", line.netAmount.decimalString, amount(line.netAmount))
                    xml.group("cac:Item") { xml in
                        xml.optional("cbc:Description", line.description)
                        xml.element("cbc:Name", line.name)
                        if let reference = line.sellerReference, !reference.isEmpty {
                            xml.group("cac:SellersItemIdentification") { $0.element("cbc:ID", reference) }
                        }
                        xml.group("cac:ClassifiedTaxCategory") { xml in
                            xml.element("cbc:ID", line.vatCategory)
                            xml.element("cbc:Percent", InvoiceDocument.rateString(line.vatRate))
                            xml.group("cac:TaxScheme") { $0.element("cbc:ID", "VAT") }
                        }
                    }
                    xml.group("cac:Price") { $0.element("cbc:PriceAmount", line.netUnitPrice.decimalString, amount(line.netUnitPrice)) }
                }
            }
        }
        return xml.text
    }

    private static func party(_ party: InvoiceParty, seller: Bool, into xml: inout XMLText) {
        xml.group("cac:Party") { xml in
            if let address = party.electronicAddress { xml.element("cbc:EndpointID", address.value, [("schemeID", address.scheme)]) }
            xml.group("cac:PostalAddress") { xml in
                let lines = party.address.lines.filter { !$0.isEmpty }
                if lines.count > 0 { xml.element("cbc:StreetName", lines[0]) }
                if lines.count > 1 { xml.element("cbc:AdditionalStreetName", lines[1]) }
                xml.element("cbc:CityName", party.address.city)
                xml.element("cbc:PostalZone", party.address.postcode)
                if lines.count > 2 { xml.group("cac:AddressLine") { $0.element("cbc:Line", lines[2...].joined(separator: ", ")) } }
                xml.group("cac:Country") { $0.element("cbc:IdentificationCode", party.address.countryCode) }
            }
            if let vat = party.vatNumber, !vat.isEmpty {
                xml.group("cac:PartyTaxScheme") { xml in
                    xml.element("cbc:CompanyID", vat)
                    xml.group("cac:TaxScheme") { $0.element("cbc:ID", "VAT") }
                }
            }
            xml.group("cac:PartyLegalEntity") { xml in
                xml.element("cbc:RegistrationName", party.name)
                if let siren = party.siren, !siren.isEmpty { xml.element("cbc:CompanyID", siren, [("schemeID", "0002")]) }
                if seller { xml.optional("cbc:CompanyLegalForm", party.legalInformation) }
            }
            if let email = party.email, !email.isEmpty {
                xml.group("cac:Contact") { $0.element("cbc:ElectronicMail", email) }
            }
        }
    }
}
