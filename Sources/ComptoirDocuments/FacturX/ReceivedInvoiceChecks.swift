import ComptoirCore
import Foundation

/// The sums a received invoice should satisfy (EN 16931 BR-CO-10, BR-CO-15, BR-S-08…), checked on what it states:
/// each difference is a warning for the person who checks the draft, not a refusal.
enum ReceivedInvoiceChecks {
    static func warnings(_ invoice: ReceivedInvoice) -> [ReceivedInvoiceWarning] {
        var warnings: [ReceivedInvoiceWarning] = []
        let currency = invoice.currency
        func show(_ money: Money) -> String { money.formatted() }
        func showEN(_ money: Money) -> String { money.formatted(locale: .en) }
        let totals = invoice.totals
        if invoice.lines.isEmpty {
            warnings.append(
                ReceivedInvoiceWarning(
                    "no_lines",
                    french:
                        "La facture ne détaille pas ses lignes (profil \(invoice.profile ?? "inconnu")) : une ligne par taux de TVA est reprise.",
                    english: "The invoice has no lines (profile \(invoice.profile ?? "unknown")): one line per VAT rate is used."))
        } else {
            let lineSum = invoice.lines.reduce(Money.zero(currency)) { $0 + $1.netAmount }
            if lineSum != totals.lineTotal {
                warnings.append(
                    ReceivedInvoiceWarning(
                        "line_total_mismatch",
                        french: "La somme des lignes (\(show(lineSum))) diffère du total des lignes annoncé (\(show(totals.lineTotal))).",
                        english: "The lines add up to \(showEN(lineSum)), not the stated line total (\(showEN(totals.lineTotal)))."))
            }
            // Per rate: the lines' nets against the breakdown's basis, when there are no document-level allowances or charges.
            if totals.lineTotal == totals.taxBasis {
                var byRate: [String: Money] = [:]
                for line in invoice.lines {
                    byRate[key(line.vatCategory ?? "S", line.vatRate ?? 0), default: .zero(currency)] += line.netAmount
                }
                for vat in invoice.vatBreakdown {
                    let lines = byRate[key(vat.category, vat.rate)] ?? .zero(currency)
                    if lines != vat.taxableAmount {
                        warnings.append(
                            ReceivedInvoiceWarning(
                                "vat_basis_mismatch",
                                french:
                                    "TVA \(InvoiceDocument.rateDisplay(vat.rate)) : les lignes totalisent \(show(lines)), la base annoncée est \(show(vat.taxableAmount)).",
                                english:
                                    "VAT \(InvoiceDocument.rateString(vat.rate)) %: the lines add up to \(showEN(lines)), the stated basis is \(showEN(vat.taxableAmount))."
                            ))
                    }
                }
            }
        }
        if totals.lineTotal != totals.taxBasis {
            warnings.append(
                ReceivedInvoiceWarning(
                    "document_allowances",
                    french:
                        "Le total HT (\(show(totals.taxBasis))) diffère du total des lignes (\(show(totals.lineTotal))) : remises ou frais sur le document, non repris en lignes.",
                    english:
                        "The total excl. VAT (\(showEN(totals.taxBasis))) differs from the line total (\(showEN(totals.lineTotal))): document allowances or charges, not imported as lines."
                ))
        }
        for vat in invoice.vatBreakdown {
            let expected = Money(minorUnits: roundedTax(vat.taxableAmount.minorUnits, rate: vat.rate), currency: currency)
            if expected != vat.taxAmount {
                warnings.append(
                    ReceivedInvoiceWarning(
                        "vat_amount_mismatch",
                        french:
                            "TVA \(InvoiceDocument.rateDisplay(vat.rate)) : \(show(vat.taxAmount)) annoncés, \(show(expected)) attendus sur une base de \(show(vat.taxableAmount)).",
                        english:
                            "VAT \(InvoiceDocument.rateString(vat.rate)) %: \(showEN(vat.taxAmount)) stated, \(showEN(expected)) expected on a basis of \(showEN(vat.taxableAmount))."
                    ))
            }
        }
        let vatSum = invoice.vatBreakdown.reduce(Money.zero(currency)) { $0 + $1.taxAmount }
        if !invoice.vatBreakdown.isEmpty && vatSum != totals.taxTotal {
            warnings.append(
                ReceivedInvoiceWarning(
                    "vat_total_mismatch",
                    french: "La TVA par taux totalise \(show(vatSum)), le total de TVA annoncé est \(show(totals.taxTotal)).",
                    english: "The VAT per rate adds up to \(showEN(vatSum)), the stated VAT total is \(showEN(totals.taxTotal))."))
        }
        if totals.taxBasis + totals.taxTotal != totals.grandTotal {
            warnings.append(
                ReceivedInvoiceWarning(
                    "grand_total_mismatch",
                    french:
                        "Total TTC annoncé \(show(totals.grandTotal)) ≠ HT \(show(totals.taxBasis)) + TVA \(show(totals.taxTotal)) = \(show(totals.taxBasis + totals.taxTotal)).",
                    english:
                        "Stated total incl. VAT \(showEN(totals.grandTotal)) ≠ excl. VAT \(showEN(totals.taxBasis)) + VAT \(showEN(totals.taxTotal)) = \(showEN(totals.taxBasis + totals.taxTotal))."
                ))
        }
        if totals.grandTotal - totals.prepaid != totals.duePayable {
            warnings.append(
                ReceivedInvoiceWarning(
                    "due_mismatch",
                    french:
                        "Net à payer annoncé \(show(totals.duePayable)) ≠ TTC \(show(totals.grandTotal)) − acomptes \(show(totals.prepaid)).",
                    english:
                        "Stated amount due \(showEN(totals.duePayable)) ≠ total \(showEN(totals.grandTotal)) − prepaid \(showEN(totals.prepaid))."
                ))
        }
        return warnings
    }

    static func key(_ category: String, _ rate: Int) -> String { "\(category)/\(rate)" }

    /// `base × rate`, rounded half away from zero to the cent (integers only).
    static func roundedTax(_ base: Int64, rate: Int) -> Int64 {
        let product = base * Int64(rate)
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10_000)
        if remainder.magnitude * 2 >= 10_000 { return quotient + (product < 0 ? -1 : 1) }
        return quotient
    }
}
