import ComptoirCore
import Foundation

/// The Cross Industry Invoice (UN/CEFACT D16B) of an invoice at the Factur-X EN 16931 profile, with the French
/// CTC's requirements: notes PMT/PMD/AAB, billing framework (BT-23), seller SIREN, electronic addresses.
public enum FacturXCII {
    public static let guideline = "urn:cen.eu:en16931:2017"

    /// The XML, as embedded in the PDF under the name `factur-x.xml`.
    public static func xml(_ invoice: InvoiceDocument) -> String { document(invoice).text }

    /// The same XML as UTF-8 bytes, as the PDF embeds it.
    static func bytes(_ invoice: InvoiceDocument) -> [UInt8] { document(invoice).bytes }

    private static func document(_ invoice: InvoiceDocument) -> XMLText {
        var xml = XMLText()
        let currency = invoice.currency
        xml.group(
            "rsm:CrossIndustryInvoice",
            [
                ("xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"),
                ("xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"),
                ("xmlns:ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"),
                ("xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"),
            ]
        ) { xml in
            xml.group("rsm:ExchangedDocumentContext") { xml in
                xml.group("ram:BusinessProcessSpecifiedDocumentContextParameter") { $0.element("ram:ID", invoice.businessProcess) }
                xml.group("ram:GuidelineSpecifiedDocumentContextParameter") { $0.element("ram:ID", guideline) }
            }
            xml.group("rsm:ExchangedDocument") { xml in
                xml.element("ram:ID", invoice.number)
                xml.element("ram:TypeCode", invoice.typeCode.rawValue)
                xml.group("ram:IssueDateTime") {
                    $0.element("udt:DateTimeString", InvoiceDocument.compactDate(invoice.issueDate), [("format", "102")])
                }
                for note in invoice.notes {
                    xml.group("ram:IncludedNote") { xml in
                        xml.element("ram:Content", note.text)
                        xml.optional("ram:SubjectCode", note.subject)
                    }
                }
            }
            xml.group("rsm:SupplyChainTradeTransaction") { xml in
                for line in invoice.lines { lineItem(line, into: &xml) }
                xml.group("ram:ApplicableHeaderTradeAgreement") { xml in
                    xml.optional("ram:BuyerReference", invoice.buyerReference)
                    party("ram:SellerTradeParty", invoice.seller, seller: true, into: &xml)
                    party("ram:BuyerTradeParty", invoice.buyer, seller: false, into: &xml)
                    if let order = invoice.orderReference, !order.isEmpty {
                        xml.group("ram:BuyerOrderReferencedDocument") { $0.element("ram:IssuerAssignedID", order) }
                    }
                }
                xml.group("ram:ApplicableHeaderTradeDelivery") { xml in
                    if let delivered = invoice.deliveryDate {
                        xml.group("ram:ActualDeliverySupplyChainEvent") { xml in
                            xml.group("ram:OccurrenceDateTime") {
                                $0.element("udt:DateTimeString", InvoiceDocument.compactDate(delivered), [("format", "102")])
                            }
                        }
                    }
                }
                xml.group("ram:ApplicableHeaderTradeSettlement") { xml in
                    xml.optional("ram:PaymentReference", invoice.number)
                    xml.element("ram:InvoiceCurrencyCode", currency)
                    if let payment = invoice.payment {
                        xml.group("ram:SpecifiedTradeSettlementPaymentMeans") { xml in
                            xml.element("ram:TypeCode", payment.meansCode)
                            xml.group("ram:PayeePartyCreditorFinancialAccount") { xml in
                                xml.element("ram:IBANID", payment.iban)
                                xml.optional("ram:AccountName", payment.accountName)
                            }
                            if let bic = payment.bic, !bic.isEmpty {
                                xml.group("ram:PayeeSpecifiedCreditorFinancialInstitution") { $0.element("ram:BICID", bic) }
                            }
                        }
                    }
                    for vat in invoice.vatBreakdown {
                        xml.group("ram:ApplicableTradeTax") { xml in
                            xml.element("ram:CalculatedAmount", vat.taxAmount.decimalString)
                            xml.element("ram:TypeCode", "VAT")
                            xml.optional("ram:ExemptionReason", vat.exemptionReason)
                            xml.element("ram:BasisAmount", vat.taxableAmount.decimalString)
                            xml.element("ram:CategoryCode", vat.category)
                            xml.element("ram:RateApplicablePercent", InvoiceDocument.rateString(vat.rate))
                        }
                    }
                    if invoice.paymentTerms != nil || invoice.dueDate != nil {
                        xml.group("ram:SpecifiedTradePaymentTerms") { xml in
                            xml.optional("ram:Description", invoice.paymentTerms)
                            if let due = invoice.dueDate {
                                xml.group("ram:DueDateDateTime") {
                                    $0.element("udt:DateTimeString", InvoiceDocument.compactDate(due), [("format", "102")])
                                }
                            }
                        }
                    }
                    let totals = invoice.totals
                    xml.group("ram:SpecifiedTradeSettlementHeaderMonetarySummation") { xml in
                        xml.element("ram:LineTotalAmount", totals.lineTotal.decimalString)
                        xml.element("ram:TaxBasisTotalAmount", totals.taxBasis.decimalString)
                        xml.element("ram:TaxTotalAmount", totals.taxTotal.decimalString, [("currencyID", currency)])
                        xml.element("ram:GrandTotalAmount", totals.grandTotal.decimalString)
                        if !totals.prepaid.isZero { xml.element("ram:TotalPrepaidAmount", totals.prepaid.decimalString) }
                        xml.element("ram:DuePayableAmount", totals.duePayable.decimalString)
                    }
                    for reference in invoice.precedingInvoices {
                        xml.group("ram:InvoiceReferencedDocument") { xml in
                            xml.element("ram:IssuerAssignedID", reference.number)
                            if let date = reference.issueDate {
                                xml.group("ram:FormattedIssueDateTime") {
                                    $0.element("qdt:DateTimeString", InvoiceDocument.compactDate(date), [("format", "102")])
                                }
                            }
                        }
                    }
                }
            }
        }
        return xml
    }

    private static func lineItem(_ line: InvoiceDocument.Line, into xml: inout XMLText) {
        xml.group("ram:IncludedSupplyChainTradeLineItem") { xml in
            xml.group("ram:AssociatedDocumentLineDocument") { $0.element("ram:LineID", line.id) }
            xml.group("ram:SpecifiedTradeProduct") { xml in
                xml.optional("ram:SellerAssignedID", line.sellerReference)
                xml.element("ram:Name", line.name)
                xml.optional("ram:Description", line.description)
            }
            xml.group("ram:SpecifiedLineTradeAgreement") { xml in
                xml.group("ram:NetPriceProductTradePrice") { $0.element("ram:ChargeAmount", line.netUnitPrice.decimalString) }
            }
            xml.group("ram:SpecifiedLineTradeDelivery") { xml in
                xml.element("ram:BilledQuantity", line.quantity.decimalString, [("unitCode", line.unitCode)])
            }
            xml.group("ram:SpecifiedLineTradeSettlement") { xml in
                xml.group("ram:ApplicableTradeTax") { xml in
                    xml.element("ram:TypeCode", "VAT")
                    xml.element("ram:CategoryCode", line.vatCategory)
                    xml.element("ram:RateApplicablePercent", InvoiceDocument.rateString(line.vatRate))
                }
                xml.group("ram:SpecifiedTradeSettlementLineMonetarySummation") {
                    $0.element("ram:LineTotalAmount", line.netAmount.decimalString)
                }
            }
        }
    }

    private static func party(_ element: String, _ party: InvoiceParty, seller: Bool, into xml: inout XMLText) {
        xml.group(element) { xml in
            xml.element("ram:Name", party.name)
            if seller { xml.optional("ram:Description", party.legalInformation) }
            if let siren = party.siren, !siren.isEmpty {
                xml.group("ram:SpecifiedLegalOrganization") { $0.element("ram:ID", siren, [("schemeID", "0002")]) }
            }
            xml.group("ram:PostalTradeAddress") { xml in
                xml.element("ram:PostcodeCode", party.address.postcode)
                let lines = party.address.lines.filter { !$0.isEmpty }
                if lines.count > 0 { xml.element("ram:LineOne", lines[0]) }
                if lines.count > 1 { xml.element("ram:LineTwo", lines[1]) }
                if lines.count > 2 { xml.element("ram:LineThree", lines[2...].joined(separator: ", ")) }
                xml.element("ram:CityName", party.address.city)
                xml.element("ram:CountryID", party.address.countryCode)
            }
            if let address = party.electronicAddress {
                xml.group("ram:URIUniversalCommunication") { $0.element("ram:URIID", address.value, [("schemeID", address.scheme)]) }
            }
            if let vat = party.vatNumber, !vat.isEmpty {
                xml.group("ram:SpecifiedTaxRegistration") { $0.element("ram:ID", vat, [("schemeID", "VA")]) }
            }
        }
    }
}
