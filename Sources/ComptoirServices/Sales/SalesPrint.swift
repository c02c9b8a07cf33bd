import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import Foundation

/// What an invoice or a credit note prints and embeds: the one `InvoiceDocument` that the PDF, the Factur-X CII and the
/// UBL are all written from, so the printed page and the XML never disagree.
///
/// The seller is the organisation's coordinates as copied onto the document at validation (`mentions`), with the bank
/// account and e-mail of the profile; the buyer is the customer as printed (name and address copied at validation) with
/// the directory's identifiers. A balance invoice (« Facture de solde ») is written as EN 16931 and the FNFE describe a
/// final invoice after deposits: the whole order's lines and VAT, the previous installment invoices referenced, their
/// amounts deducted as the prepaid amount (BT-113), so the amount due is the balance itself.
public enum SalesPrint {
    /// The parts read from the database that the mapping needs, gathered once.
    struct Sources {
        var organization: OrganizationProfile
        var party: SalesParty?
        var order: SalesDocument?
        /// The order's installment invoices validated before this one (for a balance invoice).
        var previous: [SalesDocumentRecord] = []
        var credited: SalesDocumentRecord?
        /// The accepted quote an order comes from.
        var quote: InvoiceDocument.Reference?
    }

    /// What `document` prints, its sources read once: the e-invoice value of an invoice or credit note, or the printed
    /// quote, order or supplier order (nil for a supplier invoice); and the organisation's logo as the PDF draws it (left
    /// out when the writer cannot read it, rather than failing a validation).
    static func printable(_ document: SalesDocument, _ context: ServiceContext) async throws -> (
        SalesFileService.Printable, PDFImage?
    )? {
        let sources = try await sources(document, context)
        let logo = logo(sources.organization)
        if document.kind.isLegalInvoice { return (.invoice(invoiceDocument(document, sources)), logo) }
        return commercialDocument(document, sources).map { (.commercial($0), logo) }
    }

    /// The document as an e-invoice; nil for kinds that are not invoices or credit notes.
    public static func invoiceDocument(_ document: SalesDocument, _ context: ServiceContext) async throws -> InvoiceDocument? {
        guard document.kind.isLegalInvoice else { return nil }
        let sources = try await sources(document, context)
        return invoiceDocument(document, sources)
    }

    /// The organisation's logo as the PDF draws it; nil when there is none or the writer cannot read it.
    static func logo(_ profile: OrganizationProfile) -> PDFImage? { profile.logo.flatMap { try? PDFImage(data: Array($0)) } }

    static func sources(_ document: SalesDocument, _ context: ServiceContext) async throws -> Sources {
        var sources = Sources(
            organization: try await OrganizationProfile.current(on: context.db),
            party: try await SalesPartyStore.party(company: document.companyID, contact: document.contactID, on: context.db))
        guard let sourceID = document.sourceID else { return sources }
        if document.kind == .order {
            if let quote = try await SalesDocumentStore.find(sourceID, on: context.db), quote.kind == SalesDocument.Kind.quote.rawValue,
                let reference = quote.reference
            {
                sources.quote = .init(number: reference, issueDate: CalendarDay(parsing: quote.issueDate))
            }
        } else if document.kind.isLegalInvoice, let order = try await SalesDocumentService.load(sourceID, context), order.kind == .order {
            sources.order = order
            if document.subtype != .standard {
                sources.previous = try await previousInstallments(document, order: sourceID, context)
            }
        }
        if let creditedID = document.creditedID { sources.credited = try await SalesDocumentStore.find(creditedID, on: context.db) }
        return sources
    }

    /// The invoices of the same order validated before `document` and not cancelled, by date then number: what a balance
    /// invoice deducts and references, what an installment invoice recalls as already invoiced.
    static func previousInstallments(_ document: SalesDocument, order: UUID, _ context: ServiceContext) async throws
        -> [SalesDocumentRecord]
    {
        try await SalesDocumentStore.derived(from: order, on: context.db)
            .filter {
                $0.kind == SalesDocument.Kind.invoice.rawValue && $0.id != document.id && $0.reference != nil
                    && $0.state != SalesDocument.State.cancelled.rawValue && validatedBefore($0, document)
            }
            .sorted { ($0.issueDate, $0.reference ?? "") < ($1.issueDate, $1.reference ?? "") }
    }

    /// Whether `other` was validated before `document` (any validated one before a draft): by validation time, then by
    /// reference, the series being chronological.
    static func validatedBefore(_ other: SalesDocumentRecord, _ document: SalesDocument) -> Bool {
        guard let mine = document.validatedAt, let reference = document.reference else { return true }
        guard let theirs = other.validatedAt else { return false }
        return theirs < mine || (theirs == mine && (other.reference ?? "") < reference)
    }

    static func invoiceDocument(_ document: SalesDocument, _ sources: Sources) -> InvoiceDocument {
        let organization = sources.organization
        let (mentions, franchise) = coordinates(document, organization)
        let seller = seller(mentions, organization)
        let buyer = buyer(document, sources.party)
        let isBalance = document.subtype == .balance && sources.order != nil
        let printed = isBalance ? sources.order! : document
        let lines = printed.lines.enumerated().map { index, line in self.line(index, line) }
        let breakdown = printed.totals.breakdown.map { part in
            InvoiceDocument.VATBreakdown(
                category: category(part.rate, franchise: franchise), rate: Int(part.rate.basisPoints),
                taxableAmount: Money(minorUnits: part.base), taxAmount: Money(minorUnits: part.tax),
                exemptionReason: part.rate.basisPoints == 0
                    ? (franchise ? "TVA non applicable, art. 293 B du CGI" : "Exonération de TVA") : nil)
        }
        let previousGross = sources.previous.reduce(0) { $0 + $1.totalGross }
        let prepaid = isBalance ? previousGross : 0
        let totals = InvoiceDocument.Totals(
            lineTotal: Money(minorUnits: printed.totals.net), taxBasis: Money(minorUnits: printed.totals.net),
            taxTotal: Money(minorUnits: printed.totals.tax), grandTotal: Money(minorUnits: printed.totals.gross),
            prepaid: Money(minorUnits: prepaid), duePayable: Money(minorUnits: printed.totals.gross - prepaid))
        var preceding: [InvoiceDocument.Reference] = []
        if let credited = sources.credited, let reference = credited.reference {
            preceding.append(.init(number: reference, issueDate: CalendarDay(parsing: credited.issueDate)))
        }
        for invoice in sources.previous where isBalance {
            preceding.append(
                .init(
                    number: invoice.reference ?? "", issueDate: CalendarDay(parsing: invoice.issueDate),
                    amount: Money(minorUnits: invoice.totalGross, currency: document.currency)))
        }
        var remarks: [String] = []
        if isBalance {
            remarks.append(
                "Facture de solde de la commande \(sources.order?.reference ?? "") du \(sources.order!.issueDate.formatted()) : "
                    + "\(Money(minorUnits: printed.totals.gross).formatted()) TTC.")
            for invoice in sources.previous {
                remarks.append(
                    "Déjà facturé : \(invoice.reference ?? "") du \(CalendarDay(parsing: invoice.issueDate)?.formatted() ?? invoice.issueDate), "
                        + "\(Money(minorUnits: invoice.totalGross).formatted()) TTC.")
            }
        } else if let order = sources.order, document.subtype != .standard {
            remarks.append(
                "Facturation partielle de la commande \(order.reference ?? "") du \(order.issueDate.formatted()) "
                    + "(\(Money(minorUnits: order.totals.net).formatted()) HT, \(Money(minorUnits: order.totals.gross).formatted()) TTC).")
            for invoice in sources.previous {
                remarks.append(
                    "Déjà facturé : \(invoice.reference ?? "") du \(CalendarDay(parsing: invoice.issueDate)?.formatted() ?? invoice.issueDate), "
                        + "\(Money(minorUnits: invoice.totalGross).formatted()) TTC.")
            }
        }
        let remainingToInvoice: Money? =
            (!isBalance && document.subtype != .standard)
            ? sources.order.map { Money(minorUnits: $0.totals.gross - previousGross - document.totals.gross, currency: document.currency) }
            : nil
        if let notes = document.notes?.fastTrimmed, !notes.isEmpty { remarks.append(notes) }
        let title: String =
            switch (document.kind, document.subtype) {
            case (.creditNote, _): "Avoir"
            case (_, .deposit): "Facture d'acompte"
            case (_, .balance): "Facture de solde"
            default: document.title?.fastTrimmed.nilIfEmpty ?? "Facture"
            }
        let typeCode: InvoiceDocument.TypeCode =
            document.kind == .creditNote ? .creditNote : document.subtype == .deposit ? .deposit : .invoice
        let nature = document.nature ?? .services
        let process = (nature == .goods ? "B" : nature == .services ? "S" : "M") + (isBalance ? "4" : "1")
        return InvoiceDocument(
            number: document.reference ?? "BROUILLON", typeCode: typeCode, title: title, issueDate: document.issueDate,
            dueDate: document.dueDate, deliveryDate: document.deliveryDate ?? printed.deliveryDate, currency: document.currency,
            businessProcess: process, seller: seller, buyer: buyer, buyerReference: nil,
            orderReference: sources.order?.reference, lines: lines, vatBreakdown: breakdown, totals: totals, precedingInvoices: preceding,
            notes: notes(document, business: sources.party?.isBusiness ?? false), paymentTerms: document.paymentTerms,
            payment: organization.iban.flatMap { $0.fastTrimmed.nilIfEmpty }.map {
                InvoiceDocument.Payment(iban: $0.replacingOccurrences(of: " ", with: ""), bic: organization.bic, accountName: seller.name)
            },
            remarks: remarks, legalMentions: legalMentions(mentions, organization),
            deliveryAddress: document.deliveryAddress.map { address($0, country: "FR") }, remainingToInvoice: remainingToInvoice)
    }

    /// A quote, an order or a supplier order as printed (no XML: only invoices and credit notes are e-invoices); nil for
    /// other kinds.
    static func commercialDocument(_ document: SalesDocument, _ sources: Sources) -> CommercialDocument? {
        let kind: CommercialDocument.Kind
        switch document.kind {
        case .quote: kind = .quote
        case .order: kind = .order
        case .supplierOrder: kind = .supplierOrder
        default: return nil
        }
        let organization = sources.organization
        let (mentions, franchise) = coordinates(document, organization)
        let lines = document.lines.enumerated().map { index, line in
            let printed = self.line(index, line)
            return CommercialDocument.Line(
                name: printed.name, description: line.description.contains("\n") ? printed.description : nil, quantity: line.quantity,
                unit: unitLabel(line.unit), unitPrice: Money(minorUnits: line.unitPrice, currency: document.currency),
                discount: line.discount,
                vatRate: Int(line.vatRate.basisPoints),
                netAmount: Money(minorUnits: line.recordedNet ?? line.net, currency: document.currency))
        }
        var notes: [String] = []
        if let text = document.notes?.fastTrimmed, !text.isEmpty { notes.append(text) }
        return CommercialDocument(
            kind: kind, title: document.title?.fastTrimmed.nilIfEmpty, number: document.reference ?? "BROUILLON",
            issueDate: document.issueDate,
            validUntil: document.validUntil, deliveryDate: document.deliveryDate, dueDate: document.dueDate,
            organisation: seller(mentions, organization), partner: buyer(document, sources.party),
            deliveryAddress: document.deliveryAddress.map { address($0, country: "FR") }, partnerReference: document.supplierReference,
            quote: sources.quote, lines: lines,
            vatBreakdown: document.totals.breakdown.map { part in
                InvoiceDocument.VATBreakdown(
                    category: category(part.rate, franchise: franchise), rate: Int(part.rate.basisPoints),
                    taxableAmount: Money(minorUnits: part.base, currency: document.currency),
                    taxAmount: Money(minorUnits: part.tax, currency: document.currency))
            },
            totals: .init(
                taxBasis: Money(minorUnits: document.totals.net, currency: document.currency),
                taxTotal: Money(minorUnits: document.totals.tax, currency: document.currency),
                grandTotal: Money(minorUnits: document.totals.gross, currency: document.currency)),
            paymentTerms: document.paymentTerms, notes: notes, legalMentions: legalMentions(mentions, organization))
    }

    /// The organisation's coordinates copied onto the document at validation (today's for a draft), and whether the VAT
    /// franchise applies.
    static func coordinates(_ document: SalesDocument, _ organization: OrganizationProfile) -> (HashChain.Content, Bool) {
        let mentions =
            document.mentions.flatMap(HashChain.Content.init(canonical:))
            ?? SalesDocumentService.organizationMentions(organization, franchise: false)
        return (mentions, !(mentions["vatFranchise"] ?? "").isEmpty)
    }

    /// The seller from the coordinates copied at validation: SIREN routing address (0225), legal information (BT-33).
    static func seller(_ mentions: HashChain.Content, _ organization: OrganizationProfile) -> InvoiceParty {
        let siren = mentions["siren"]?.nilIfEmpty
        return InvoiceParty(
            name: mentions["legalName"]?.nilIfEmpty ?? organization.legalName, siren: siren, siret: mentions["siret"]?.nilIfEmpty,
            vatNumber: mentions["vatNumber"]?.nilIfEmpty, legalInformation: legalInformation(mentions),
            address: address(mentions["address"], country: organization.country),
            electronicAddress: siren.map { .init(scheme: "0225", value: $0) }
                ?? organization.email.flatMap { $0.nilIfEmpty }.map { .init(scheme: "EM", value: $0) },
            email: organization.email?.nilIfEmpty)
    }

    /// « SAS au capital de 10 000 € — RCS Lyon 123 456 789 ».
    static func legalInformation(_ mentions: HashChain.Content) -> String? {
        var parts: [String] = []
        if let form = mentions["legalForm"]?.nilIfEmpty {
            if let capital = mentions["shareCapital"]?.nilIfEmpty, let money = Money(parsing: capital) {
                parts.append("\(form) au capital de \(money.formatted())")
            } else {
                parts.append(form)
            }
        }
        if let siren = mentions["siren"]?.nilIfEmpty {
            parts.append("RCS \(mentions["rcsCity"]?.nilIfEmpty ?? "") \(grouped(siren))".replacingOccurrences(of: "  ", with: " "))
        }
        return parts.isEmpty ? nil : parts.joined(separator: " — ")
    }

    /// Printed at the foot of every page.
    static func legalMentions(_ mentions: HashChain.Content, _ organization: OrganizationProfile) -> [String] {
        var identity = [mentions["legalName"]?.nilIfEmpty ?? organization.legalName]
        if let info = legalInformation(mentions) { identity.append(info) }
        if let siret = mentions["siret"]?.nilIfEmpty { identity.append("SIRET \(grouped(siret))") }
        if let vat = mentions["vatNumber"]?.nilIfEmpty { identity.append("TVA \(vat)") }
        var contact = [(mentions["address"] ?? "").split(separator: "\n").joined(separator: ", ")]
        if let email = organization.email?.nilIfEmpty { contact.append(email) }
        if let phone = organization.phone?.nilIfEmpty { contact.append(phone) }
        var result = [identity.joined(separator: " — "), contact.filter { !$0.isEmpty }.joined(separator: " — ")]
        if let franchise = mentions["vatFranchise"]?.nilIfEmpty { result.append(franchise) }
        return result.filter { !$0.isEmpty }
    }

    /// « 123 456 789 », « 123 456 789 00012 ».
    public static func grouped(_ digits: String) -> String {
        let characters = Array(digits)
        guard characters.count >= 9 else { return digits }
        var groups = stride(from: 0, to: 9, by: 3).map { String(characters[$0..<$0 + 3]) }
        if characters.count > 9 { groups.append(String(characters[9...])) }
        return groups.joined(separator: " ")
    }

    static func buyer(_ document: SalesDocument, _ party: SalesParty?) -> InvoiceParty {
        buyer(name: document.customerName, address: document.billingAddress, party)
    }

    /// The customer as printed: the name and address copied onto the document (the directory's otherwise), its identifiers.
    static func buyer(name: String?, address text: String?, _ party: SalesParty?) -> InvoiceParty {
        let siren = party?.siren?.nilIfEmpty ?? party?.siret.map { String($0.prefix(9)) }
        let email = party?.email?.nilIfEmpty
        return InvoiceParty(
            name: name?.nilIfEmpty ?? party?.name ?? "", siren: party?.isBusiness == true ? siren : nil,
            siret: party?.siret?.nilIfEmpty, vatNumber: party?.vatNumber?.nilIfEmpty,
            address: address(text ?? party?.billingAddress, country: "FR"),
            electronicAddress: party?.isBusiness == true && siren != nil
                ? .init(scheme: "0225", value: siren!) : email.map { .init(scheme: "EM", value: $0) },
            email: email)
    }

    /// An address as stored on a document (lines, « 69002 Lyon », then the country code when not France) back into parts.
    static func address(_ text: String?, country: String) -> InvoiceParty.Address {
        var lines = (text ?? "").split(separator: "\n").map { $0.fastTrimmed }.filter { !$0.isEmpty }
        var countryCode = country.count == 2 ? country.uppercased() : "FR"
        if let last = lines.last, last.count == 2, last.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            countryCode = last
            lines.removeLast()
        }
        var postcode = ""
        var city = ""
        if let last = lines.last, let space = last.firstIndex(of: " "), last[..<space].contains(where: \.isNumber) {
            postcode = String(last[..<space])
            city = last[last.index(after: space)...].fastTrimmed
            lines.removeLast()
        }
        return InvoiceParty.Address(lines: Array(lines.prefix(3)), postcode: postcode, city: city, countryCode: countryCode)
    }

    static func line(_ index: Int, _ line: SalesDocument.Line) -> InvoiceDocument.Line {
        let parts = line.description.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        var name = parts.first.map { $0.fastTrimmed } ?? ""
        if name.isEmpty { name = "Ligne \(index + 1)" }
        var description = parts.count > 1 ? parts[1].fastTrimmed.nilIfEmpty : nil
        let net = line.recordedNet ?? line.net
        if line.discount.basisPoints != 0 {
            let remise =
                "Remise \(line.discount.decimalString.replacingOccurrences(of: ".", with: ",")) % sur \(Money(minorUnits: line.unitPrice).formatted())"
            description = [description, remise].compactMap { $0 }.joined(separator: "\n")
        }
        // The net unit price (BT-146) after the line's discount, to the cent; the line net (BT-131) is the stored one.
        let unitNet =
            line.discount.basisPoints == 0 ? line.unitPrice : (line.unitPrice * (10_000 - line.discount.basisPoints) + 5_000) / 10_000
        return InvoiceDocument.Line(
            id: String(index + 1), name: name, description: description, quantity: line.quantity, unitCode: unitCode(line.unit),
            netUnitPrice: Money(minorUnits: unitNet), netAmount: Money(minorUnits: net), vatRate: Int(line.vatRate.basisPoints))
    }

    /// A unit as printed: the catalogue's units by their French name (« heure », « jour »), nothing for pieces, else as typed.
    static func unitLabel(_ unit: String?) -> String {
        guard let unit, !unit.isEmpty, unit != "unit" else { return "" }
        return ProductsEntity.units.first { $0.value == unit }?.label.fr.lowercased() ?? unit
    }

    /// UN/ECE Recommendation 20 code of a unit as users write it; « C62 » (one) otherwise.
    static func unitCode(_ unit: String?) -> String {
        switch foldForSearch(unit ?? "").fastTrimmed {
        case "h", "heure", "heures": "HUR"
        case "j", "jour", "jours", "journee", "journees", "day": "DAY"
        case "kg": "KGM"
        case "g": "GRM"
        case "t", "tonne", "tonnes": "TNE"
        case "m": "MTR"
        case "m2", "m²": "MTK"
        case "m3", "m³": "MTQ"
        case "l", "litre", "litres": "LTR"
        case "km": "KMT"
        case "mois": "MON"
        case "an", "annee", "annees": "ANN"
        case "semaine", "semaines": "WEE"
        case "min", "minute", "minutes": "MIN"
        case "forfait": "LS"
        case "box", "carton", "cartons": "CT"
        default: "C62"
        }
    }

    /// EN 16931 VAT category: S (standard), E (exempt: the franchise, or another exemption), never per line.
    static func category(_ rate: VATRate, franchise: Bool) -> String { rate.basisPoints == 0 ? "E" : "S" }

    /// The French notes (BR-FR-05/06): recovery indemnity (PMT), late penalties (PMD), early payment discount (AAB), and the
    /// B2B/B2C flag (BAR).
    static func notes(_ document: SalesDocument, business: Bool) -> [InvoiceDocument.Note] {
        [
            .init(
                subject: "PMT",
                business
                    ? "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €."
                    : "Pas d'indemnité forfaitaire de recouvrement (client particulier)."),
            .init(
                subject: "PMD",
                "Pénalités de retard : " + (document.latePenaltyRate?.nilIfEmpty ?? "trois fois le taux d'intérêt légal") + "."),
            .init(
                subject: "AAB",
                document.earlyPaymentDiscount?.nilIfEmpty.map { "Escompte pour paiement anticipé : \($0)." }
                    ?? "Pas d'escompte pour paiement anticipé."),
            .init(subject: "BAR", business ? "B2B" : "B2C"),
        ]
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { fastTrimmed.isEmpty ? nil : self }
}

extension Substring {
    fileprivate var fastTrimmed: String { String(self).fastTrimmed }
}
