import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import Foundation

/// What an import of a received invoice did: the draft, the supplier found or created, what to check.
public struct SupplierInvoiceImportResult: Sendable {
    public enum Match: String, Sendable {
        case siren, siret, vatNumber = "vat_number", created
    }

    public var documentID: UUID
    public var supplierID: UUID
    public var supplierName: String
    /// How the supplier was found, or `created` from the invoice's seller.
    public var match: Match
    public var attachmentID: UUID
    public var number: String
    public var warnings: [Localized]

    /// « Fournisseur reconnu par son SIREN : X » / « Fournisseur créé : X ».
    public var supplierSummary: Localized {
        switch match {
        case .siren: L("Fournisseur reconnu par son SIREN : \(supplierName).", "Supplier matched by SIREN: \(supplierName).")
        case .siret: L("Fournisseur reconnu par son SIRET : \(supplierName).", "Supplier matched by SIRET: \(supplierName).")
        case .vatNumber: L("Fournisseur reconnu par son n° de TVA : \(supplierName).", "Supplier matched by VAT number: \(supplierName).")
        case .created:
            L(
                "Fournisseur créé dans l'annuaire à partir de la facture : \(supplierName).",
                "Supplier created in the directory from the invoice: \(supplierName).")
        }
    }
}

/// The pure part of the import: a received invoice turned into a draft's input (free-text lines, VAT rates checked
/// against the allowed list, dates, the supplier's number, notes), or the reasons it cannot be.
enum SupplierInvoiceImportMapping {
    static let maxLines = 1_000

    /// A reader's error as the user reads it (422, the file named).
    static func error(_ error: ReceivedInvoiceError) -> AppError {
        let message = L(error.french, error.english)
        let status: ErrorStatus = error.code == "file_too_large" ? .payloadTooLarge : .unprocessableEntity
        return AppError(status, code: error.code, message, fields: ["file": [message]])
    }

    static func refusal(_ code: String, _ message: Localized) -> AppError {
        AppError(.unprocessableEntity, code: code, message, fields: ["file": [message]])
    }

    /// UN/ECE Recommendation 20 codes as people write them on a line.
    static func unit(_ code: String?) -> String {
        switch code {
        case nil, "C62", "H87", "EA", "XPP": ""
        case "HUR": "h"
        case "DAY": "jour"
        case "MIN": "min"
        case "KGM": "kg"
        case "GRM": "g"
        case "MTR": "m"
        case "MTK": "m²"
        case "MTQ": "m³"
        case "LTR": "l"
        case "MON": "mois"
        case "ANN": "an"
        case "WEE": "semaine"
        case "KMT": "km"
        case "SET": "lot"
        default: String((code ?? "").prefix(20))
        }
    }

    static func rateLabel(_ points: Int) -> String {
        VATRate(basisPoints: Int64(points))?.formatted() ?? InvoiceDocumentText.rate(points)
    }

    /// The draft's lines, or every line's problem named.
    static func lines(_ invoice: ReceivedInvoice, warnings: inout [Localized]) throws -> [SalesDocumentInput.Line] {
        var errors: [String: [Localized]] = [:]
        var result: [SalesDocumentInput.Line] = []
        func allowed(_ points: Int?, _ key: String, _ label: Localized) -> VATRate? {
            guard let points else {
                errors[key, default: []].append(
                    label + L("aucun taux de TVA n'est indiqué.", "no VAT rate is given."))
                return nil
            }
            guard let rate = VATRate(basisPoints: Int64(points)), VATRate.allowed.contains(rate) else {
                let text = InvoiceDocumentText.rate(points)
                errors[key, default: []].append(
                    label
                        + L(
                            "taux de TVA \(text) non autorisé (20, 10, 5,5, 2,1 ou 0 %).",
                            "VAT rate \(text) not allowed (20, 10, 5.5, 2.1 or 0%)."))
                return nil
            }
            return rate
        }
        if invoice.lines.isEmpty {
            // MINIMUM and BASIC WL: one line per VAT rate, from the breakdown.
            guard !invoice.vatBreakdown.isEmpty else {
                throw refusal(
                    "no_lines",
                    L(
                        "La facture ne donne ni lignes ni ventilation de TVA : elle ne peut pas être reprise en brouillon.",
                        "The invoice has neither lines nor VAT breakdown: it cannot become a draft."))
            }
            for (index, vat) in invoice.vatBreakdown.enumerated() {
                let label = L("Taux \(index + 1) : ", "Rate \(index + 1): ")
                guard let rate = allowed(vat.rate, "vat.\(index)", label) else { continue }
                result.append(
                    SalesDocumentInput.Line(
                        description: "Facture \(invoice.number) — base TVA \(rate.formatted())", quantity: "1",
                        unitPrice: vat.taxableAmount.decimalString, vatRate: rate.decimalString))
            }
        }
        let singleRate = invoice.vatBreakdown.count == 1 ? invoice.vatBreakdown[0].rate : nil
        for (index, line) in invoice.lines.prefix(maxLines).enumerated() {
            let name = line.name.isEmpty ? "Ligne \(line.id)" : line.name
            let label = L("Ligne \(index + 1) (« \(name.prefix(60)) ») : ", "Line \(index + 1) (\"\(name.prefix(60))\"): ")
            let key = SalesDocument.lineKey(index, "vatRate")
            let rate = allowed(line.vatRate ?? singleRate, key, label)
            if line.netAmount.isNegative {
                errors[SalesDocument.lineKey(index, "unitPrice"), default: []].append(
                    label
                        + L(
                            "montant négatif (\(line.netAmount.formatted())) : les factures fournisseurs n'acceptent pas de ligne négative ; saisissez la remise à la main.",
                            "negative amount (\(line.netAmount.formatted(locale: .en))): supplier invoices take no negative line; enter the discount by hand."
                        ))
                continue
            }
            var description = name
            if let detail = line.description, detail != name { description += " — " + detail }
            if let reference = line.sellerReference { description += " (réf. \(reference))" }
            var quantity = line.quantity.quantity
            var price = line.netUnitPrice?.money()
            if let base = line.priceBaseQuantity, base != ReceivedInvoice.Amount(mantissa: 1, scale: 0) { price = nil }
            var unit = unit(line.unitCode)
            if let q = quantity, let p = price, q > .zero,
                SalesLineAmount(quantity: q, unitPrice: p.minorUnits, vatRate: .zero).net == line.netAmount.minorUnits
            {
                // Quantity × price gives the stated net exactly: kept as they are.
            } else {
                // Otherwise the line is taken at its net amount, its quantity and price recalled in the text.
                description +=
                    " (\(line.quantity)\(unit.isEmpty ? "" : " " + unit)"
                    + (line.netUnitPrice.map { " × \($0) \(invoice.currency) HT" } ?? "") + ")"
                quantity = Quantity(units: 1)
                price = line.netAmount
                unit = ""
                warnings.append(
                    label
                        + L(
                            "reprise à son montant net (\(line.netAmount.formatted())), la quantité et le prix ne le redonnant pas au centime près.",
                            "taken at its net amount (\(line.netAmount.formatted(locale: .en))): quantity × price do not give it to the cent."
                        ))
            }
            result.append(
                SalesDocumentInput.Line(
                    description: String(description.prefix(4_000)), quantity: quantity?.decimalString ?? "1",
                    unit: unit,
                    unitPrice: price?.decimalString ?? line.netAmount.decimalString, vatRate: rate?.decimalString ?? ""))
        }
        if invoice.lines.count > maxLines {
            errors["lines", default: []].append(
                L(
                    "La facture a \(invoice.lines.count) lignes : 1 000 au plus.",
                    "The invoice has \(invoice.lines.count) lines: 1,000 at most."))
        }
        if !errors.isEmpty {
            let all = errors.keys.sorted().flatMap { errors[$0] ?? [] }
            throw AppError(
                .unprocessableEntity, code: "validation_failed",
                L(
                    "La facture ne peut pas être importée : " + all.map(\.fr).joined(separator: " "),
                    "The invoice cannot be imported: " + all.map(\.en).joined(separator: " ")),
                fields: errors.merging(["file": all]) { $0 + $1 })
        }
        return result
    }

    /// The draft's notes: what the supplier wrote, then where the draft came from.
    static func notes(_ invoice: ReceivedInvoice, fileName: String) -> String {
        var parts: [String] = invoice.notes.map { note in (note.subject.map { "[\($0)] " } ?? "") + note.text }
        var origin = "Facture reçue importée de « \(fileName) » (\(invoice.syntax == .cii ? "CII / Factur-X" : "UBL")"
        if let profile = invoice.profile { origin += ", profil \(profile)" }
        origin += ")."
        parts.append(origin)
        if let order = invoice.orderReference { parts.append("Commande : \(order).") }
        if !invoice.precedingInvoices.isEmpty {
            parts.append("Factures précédentes : " + invoice.precedingInvoices.map(\.number).joined(separator: ", ") + ".")
        }
        if let payment = invoice.payment {
            parts.append("Paiement : IBAN \(payment.iban)" + (payment.bic.map { ", BIC \($0)" } ?? "") + ".")
        }
        let totals = invoice.totals
        parts.append(
            "Montants annoncés : HT \(totals.taxBasis.formatted()), TVA \(totals.taxTotal.formatted()), TTC \(totals.grandTotal.formatted())"
                + (totals.prepaid.isZero ? "" : ", déjà payé \(totals.prepaid.formatted())")
                + ", net à payer \(totals.duePayable.formatted()).")
        return String(parts.joined(separator: "\n").prefix(20_000))
    }

    /// The company to create from the invoice's seller (identifiers that do not check out are left out, and said so).
    static func companyValues(_ seller: InvoiceParty, warnings: inout [Localized]) -> [String: String] {
        var values: [String: String] = ["name": String(seller.name.prefix(200)), "isSupplier": "true"]
        if let siren = seller.siren {
            if SIREN.isValid(siren) {
                values["siren"] = siren
            } else {
                warnings.append(L("SIREN « \(siren) » invalide : non repris.", "Invalid SIREN \"\(siren)\": left out."))
            }
        }
        if let siret = seller.siret {
            if SIRET.isValid(siret), values["siren"] == nil || siret.hasPrefix(values["siren"]!) {
                values["siret"] = siret
            } else {
                warnings.append(L("SIRET « \(siret) » invalide : non repris.", "Invalid SIRET \"\(siret)\": left out."))
            }
        }
        if let vat = seller.vatNumber {
            if VATNumber.isValid(vat) {
                values["vatNumber"] = vat
            } else {
                warnings.append(L("N° de TVA « \(vat) » invalide : non repris.", "Invalid VAT number \"\(vat)\": left out."))
            }
        }
        let lines = seller.address.lines
        if let first = lines.first { values["billingLine1"] = String(first.prefix(200)) }
        if lines.count > 1 { values["billingLine2"] = String(lines[1...].joined(separator: ", ").prefix(200)) }
        let country = seller.address.countryCode.uppercased()
        if !country.isEmpty { values["billingCountry"] = country }
        if !seller.address.postcode.isEmpty {
            if country != "FR" && !country.isEmpty || PostalCode.isValid(seller.address.postcode) {
                values["billingPostcode"] = seller.address.postcode
            } else {
                warnings.append(
                    L(
                        "Code postal « \(seller.address.postcode) » invalide : non repris.",
                        "Invalid postcode \"\(seller.address.postcode)\": left out."))
            }
        }
        if !seller.address.city.isEmpty { values["billingCity"] = String(seller.address.city.prefix(120)) }
        if let email = seller.email, EmailAddress.isValid(email) { values["email"] = email }
        return values
    }
}

/// Rates as the supplier wrote them, for messages about a rate outside our list (« 7 % », « 8,5 % »).
enum InvoiceDocumentText {
    static func rate(_ points: Int) -> String {
        let whole = points / 100, fraction = points % 100
        if fraction == 0 { return "\(whole) %" }
        let decimals = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return "\(whole),\(decimals) %"
    }
}
