import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// Sales and purchase documents' use cases: drafts written freely; `validate` (reference, mentions, chain); the
/// transitions of a validated document (credit note, quote accepted or refused, conversions). Every write runs as lock
/// (`sales`) → check → write → derived state (states, the chain) → audit, in one transaction.
public struct SalesDocumentService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    static let entity = "sales-documents"

    /// The document with its lines and totals, or nil.
    public func find(_ id: UUID) async throws -> SalesDocument? {
        try context.authorize(.read, .sales)
        return try await Self.load(id, context)
    }

    static func load(_ id: UUID, _ context: ServiceContext) async throws -> SalesDocument? {
        guard let record = try await SalesDocumentStore.find(id, on: context.db) else { return nil }
        return SalesDocument(
            record, lines: try await SalesDocumentStore.lines(of: id, on: context.db),
            vat: try await SalesDocumentStore.vat(of: id, on: context.db))
    }

    public func list(_ filter: SalesDocumentFilter, limit: Int = 50, offset: Int = 0) async throws -> [SalesDocumentRecord] {
        try context.authorize(.read, .sales)
        return try await SalesDocumentStore.list(filter, limit: min(max(limit, 1), 500), offset: max(offset, 0), on: context.db)
    }

    /// The same page as `list`, each document with its lines and totals: three queries for the page, whatever its size.
    public func listDocuments(_ filter: SalesDocumentFilter, limit: Int = 50, offset: Int = 0) async throws -> [SalesDocument] {
        let records = try await list(filter, limit: limit, offset: offset)
        let ids = records.map(\.id)
        let lines = try await SalesDocumentStore.lines(of: ids, on: context.db)
        let vat = try await SalesDocumentStore.vat(of: ids, on: context.db)
        return records.compactMap { SalesDocument($0, lines: lines[$0.id] ?? [], vat: vat[$0.id] ?? []) }
    }

    /// The product a list is filtered by, from its id or its reference; a 422 naming `field` when there is none.
    public func filterProduct(_ text: String, field: String = "product") async throws -> UUID {
        try context.authorize(.read, .sales)
        let trimmed = text.fastTrimmed
        if let id = UUID(uuidString: trimmed), try await SalesPartyStore.products([id], on: context.db)[id] != nil { return id }
        if !trimmed.isEmpty, let id = try await ProductStore.id(reference: trimmed, on: context.db) { return id }
        throw AppError.validation([field: [L("Ce produit n'existe pas.", "This product does not exist.")]])
    }

    /// « REF — Name », as the product typeahead shows a product: what a list's product filter shows once chosen.
    public func productLabel(_ id: UUID) async throws -> String? {
        try context.authorize(.read, .sales)
        return try await SalesPartyStore.products([id], on: context.db)[id].map { "\($0.reference) — \($0.name)" }
    }

    /// Creates a draft: nothing is numbered, nothing is chained.
    public func createDraft(_ input: SalesDocumentInput) async throws -> UUID {
        try context.authorize(.write, .sales)
        let id = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            let document = try await self.parse(input, id: id, existing: nil, context)
            try await Self.insertDraft(document, context)
            return id
        }
    }

    static func insertDraft(_ document: SalesDocument, _ context: ServiceContext) async throws {
        try await SalesDocumentStore.insert(document.record(now: context.now), on: context.db)
        try await SalesDocumentStore.replaceLines(document.id, document.lineRecords(), vat: document.vatRecords(), on: context.db)
        try await AuditLog.record(
            .create, entity: entity, id: document.id.uuidString.lowercased(),
            summary:
                "\(document.kind.label.fr) (brouillon), \(document.lines.count) ligne(s), \(Money(minorUnits: document.totals.gross).formatted()) TTC",
            by: context.auditActor, at: context.now, on: context.db)
    }

    /// Replaces a draft's header and lines. A validated document is never edited (409).
    public func updateDraft(_ id: UUID, _ input: SalesDocumentInput) async throws {
        try context.authorize(.write, .sales)
        try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard let existing = try await Self.load(id, context) else { throw AppError.notFound }
            try Self.requireDraft(existing)
            var document = try await self.parse(input, id: id, existing: existing, context)
            if existing.subtype != .standard && existing.sourceID != nil {
                // An installment invoice's lines and totals come from its order's plan (the balance takes what remains).
                document.subtype = existing.subtype
                document.lines = existing.lines
                document.totals = existing.totals
            }
            try await SalesDocumentStore.updateDraft(document.record(now: context.now), on: context.db)
            try await SalesDocumentStore.replaceLines(id, document.lineRecords(), vat: document.vatRecords(), on: context.db)
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(),
                summary: "Brouillon modifié, \(document.lines.count) ligne(s), \(Money(minorUnits: document.totals.gross).formatted()) TTC",
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// Deletes a draft. A validated document is never deleted: an invoice is cancelled by a credit note.
    public func deleteDraft(_ id: UUID) async throws {
        try context.authorizeDeletion(.sales)
        let orphans = try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard let existing = try await Self.load(id, context) else { throw AppError.notFound }
            try Self.requireDraft(existing)
            // Its files go with the draft — an imported invoice's received file, documents generated from templates (the
            // bytes once no record uses them).
            let orphans = try await AttachmentStore.deleteAll(
                ownerKind: SupplierInvoiceImportService.attachmentKind, ownerIDs: [id], on: context.db)
            try await SalesDocumentStore.deleteDraft(id, on: context.db)
            try await AuditLog.record(
                .delete, entity: Self.entity, id: id.uuidString.lowercased(), summary: "\(existing.kind.label.fr) (brouillon) supprimé",
                by: context.auditActor, at: context.now, on: context.db)
            return orphans
        }
        await EntityService.removeFiles(orphans, context)
    }

    static func requireDraft(_ document: SalesDocument) throws {
        guard let reference = document.reference else { return }
        let undo =
            document.kind == .invoice
            ? L(" Pour l'annuler, établissez un avoir.", " To cancel it, issue a credit note.") : L("", "")
        throw AppError.conflict(
            L(
                "\(document.kind.label.fr) \(reference) est validé : il ne peut plus être modifié ni supprimé." + undo.fr,
                "\(document.kind.label.en) \(reference) is validated: it can no longer be changed or deleted." + undo.en),
            code: "document_validated")
    }

    /// Validates a draft: checks the lines, the mandatory mentions and the date (no backdating before the last validated
    /// invoice), takes the next number of its series, copies the customer and the organisation's coordinates onto it,
    /// appends invoices and credit notes to the chain. Returns the reference.
    @discardableResult
    public func validate(_ id: UUID) async throws -> String {
        try context.authorize(.write, .sales)
        return try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard var document = try await Self.load(id, context) else { throw AppError.notFound }
            if let reference = document.reference {
                throw AppError.conflict(
                    L(
                        "\(document.kind.label.fr) \(reference) est déjà validé.",
                        "\(document.kind.label.en) \(reference) is already validated."),
                    code: "already_validated")
            }
            var errors: [String: [Localized]] = [:]
            if document.lines.isEmpty { errors["lines"] = [L("Ajoutez au moins une ligne.", "Add at least one line.")] }
            let party = try await SalesPartyStore.party(company: document.companyID, contact: document.contactID, on: context.db)
            document.customerName = party?.name
            document.billingAddress = document.billingAddress ?? party?.billingAddress
            if document.deliveryAddress == nil, let delivery = party?.deliveryAddress, delivery != document.billingAddress {
                document.deliveryAddress = delivery
            }
            let organization = try await OrganizationProfile.current(on: context.db)
            let franchise = try await Settings.string(Self.vatFranchiseSetting, on: context.db) == "true"
            document.mentions = Self.organizationMentions(organization, franchise: franchise).canonical
            var credited: SalesDocument?
            if document.kind.isLegalInvoice {
                let mentions = Self.mentions(document, party: party, organization: organization, franchise: franchise)
                let missing = mentions.missing
                if !missing.isEmpty {
                    errors["mentions"] = [
                        L(
                            "Mentions obligatoires manquantes : " + missing.map { $0.label(french: true) }.joined(separator: ", ") + ".",
                            "Mandatory mentions missing: " + missing.map { $0.label(french: false) }.joined(separator: ", ") + ".")
                    ]
                    for mention in missing {
                        errors["mentions." + mention.rawValue] = [L(mention.label(french: true), mention.label(french: false))]
                    }
                }
                if let last = try await SalesDocumentStore.lastValidatedIssueDate(series: document.kind.series, on: context.db),
                    let lastDay = CalendarDay(parsing: last), document.issueDate < lastDay
                {
                    errors["issueDate", default: []].append(
                        L(
                            "La date d'émission précède celle de la dernière facture validée (\(lastDay.formatted())) : la numérotation doit rester chronologique.",
                            "The issue date precedes the last validated invoice's (\(lastDay.formatted(locale: .en))): numbering must stay chronological."
                        ))
                }
                if document.kind == .creditNote {
                    if let creditedID = document.creditedID, let invoice = try await Self.load(creditedID, context) {
                        credited = invoice
                        if invoice.reference == nil || invoice.state == .cancelled {
                            errors["credited", default: []].append(
                                L("L'avoir doit annuler une facture validée.", "The credit note must cancel a validated invoice."))
                        }
                        if document.totals.gross > invoice.totals.gross {
                            errors["lines", default: []].append(
                                L(
                                    "L'avoir (\(Money(minorUnits: document.totals.gross).formatted())) dépasse la facture (\(Money(minorUnits: invoice.totals.gross).formatted())).",
                                    "The credit note (\(Money(minorUnits: document.totals.gross).formatted(locale: .en))) exceeds the invoice (\(Money(minorUnits: invoice.totals.gross).formatted(locale: .en)))."
                                ))
                        }
                    } else {
                        errors["credited", default: []].append(
                            L("L'avoir doit annuler une facture validée.", "The credit note must cancel a validated invoice."))
                    }
                }
            } else if party == nil {
                errors["company", default: []].append(L("Choisissez une société ou un contact.", "Choose a company or a contact."))
            }
            if !errors.isEmpty { throw AppError.validation(errors) }

            let pattern = try await Self.pattern(document.kind, context)
            let reference = try await DocumentNumbers.next(
                series: document.kind.series, pattern: pattern, day: document.issueDate, on: context.db)
            document.reference = reference
            document.state = .validated
            document.validatedAt = context.now
            try await SalesDocumentStore.markValidated(
                id, reference: reference, state: SalesDocument.State.validated.rawValue, customerName: document.customerName,
                billingAddress: document.billingAddress, deliveryAddress: document.deliveryAddress, mentions: document.mentions ?? "",
                at: context.now, by: context.actor?.userID, on: context.db)
            if let credited {
                try await SalesDocumentStore.setState(credited.id, SalesDocument.State.cancelled.rawValue, at: context.now, on: context.db)
            }
            let files = try await SalesArchive.archive(document, context)
            if document.kind.isLegalInvoice {
                try await SalesChain.append(
                    type: document.kind.rawValue, id: id,
                    content: document.chainContent(creditedReference: credited?.reference, files: files), context)
            }
            try await SalesMargins.refresh(after: id, context)
            try await AuditLog.record(
                .validate, entity: Self.entity, id: id.uuidString.lowercased(),
                summary: "\(document.kind.label.fr) \(reference) validé, \(Money(minorUnits: document.totals.gross).formatted()) TTC",
                by: context.auditActor, at: context.now, on: context.db)
            return reference
        }
    }

    /// The numbering pattern of `kind`: the setting's, or the default.
    static func pattern(_ kind: SalesDocument.Kind, _ context: ServiceContext) async throws -> NumberingPattern {
        guard let text = try await Settings.string(kind.patternSetting, on: context.db), !text.fastTrimmed.isEmpty,
            let pattern = try? NumberingPattern(parsing: text)
        else { return kind.defaultPattern }
        return pattern
    }

    /// Sets the numbering pattern of `kind` (« Paramètres ERP »); refused when not a valid pattern.
    public func setPattern(_ kind: SalesDocument.Kind, _ text: String) async throws {
        try context.authorize(.write, .settings)
        let pattern: NumberingPattern
        do {
            pattern = try NumberingPattern(parsing: text)
        } catch {
            throw AppError.validation(["pattern": [L(error.message(french: true), error.message(french: false))]])
        }
        try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            try await Settings.set(kind.patternSetting, pattern.text, on: context.db)
            try await AuditLog.record(
                .update, entity: "settings", id: kind.patternSetting, summary: "Numérotation \(kind.label.fr) : \(pattern.text)",
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// The organisation's coordinates as printed, copied onto each validated document.
    static func organizationMentions(_ profile: OrganizationProfile, franchise: Bool) -> HashChain.Content {
        HashChain.Content([
            "legalName": profile.legalName, "legalForm": profile.legalForm ?? "",
            "shareCapital": profile.shareCapital.map { Money(minorUnits: $0).decimalString } ?? "",
            "address": organizationAddress(profile) ?? "",
            "siren": profile.siren ?? "", "siret": profile.siret ?? "", "vatNumber": profile.vatNumber ?? "",
            "rcsCity": profile.rcsCity ?? "",
            "vatFranchise": franchise ? "TVA non applicable, art. 293 B du CGI" : "",
        ])
    }

    static func organizationAddress(_ profile: OrganizationProfile) -> String? {
        let town = [profile.postcode ?? "", profile.city ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
        let lines = [profile.addressLine1 ?? "", profile.addressLine2 ?? "", town].filter { !$0.fastTrimmed.isEmpty }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    static func mentions(_ document: SalesDocument, party: SalesParty?, organization: OrganizationProfile, franchise: Bool)
        -> InvoiceMentions
    {
        InvoiceMentions(
            sellerName: organization.legalName, sellerAddress: organizationAddress(organization), sellerSIREN: organization.siren,
            sellerSIRET: organization.siret, sellerVATNumber: organization.vatNumber, sellerLegalForm: organization.legalForm,
            sellerShareCapital: organization.shareCapital, vatFranchise: franchise, customerName: party?.name,
            customerAddress: document.billingAddress, customerIsBusiness: party?.isBusiness ?? false,
            customerSIREN: party?.siren ?? party?.siret.map { String($0.prefix(9)) }, deliveryAddress: document.deliveryAddress,
            deliveryDiffers: document.deliveryAddress != nil && document.deliveryAddress != document.billingAddress,
            nature: document.nature,
            issueDate: document.issueDate, dueDate: document.dueDate, paymentTerms: document.paymentTerms,
            latePenaltyRate: document.latePenaltyRate,
            // The indemnity is printed on every invoice to a business customer by the document itself.
            recoveryIndemnity: true, earlyPaymentDiscount: document.earlyPaymentDiscount)
    }
}
