import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import FluentKit
import Foundation

/// « Importer une facture reçue »: a Factur-X PDF or a CII/UBL XML from a supplier becomes a draft supplier invoice.
///
/// The file is read first (pure, outside any transaction); then, in one transaction: lock (`companies`, then `sales`) →
/// check (the supplier by SIREN, SIRET, then VAT number; the same supplier's same number not imported yet) → write (the
/// supplier when none matches, the draft with its lines, the received file as its attachment) → audit. A refusal
/// writes nothing. The original file is kept content-addressed in the file store, so it is never lost.
public struct SupplierInvoiceImportService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    /// The owner kind of the draft's attachments.
    public static let attachmentKind = "sales-documents"

    public func importFile(_ data: Data, fileName: String, contentType: String? = nil) async throws -> SupplierInvoiceImportResult {
        try context.authorize(.write, .sales)
        let file: ReceivedInvoiceFile
        do {
            file = try ReceivedInvoiceReader.read([UInt8](data))
        } catch {
            throw SupplierInvoiceImportMapping.error(error)
        }
        let invoice = file.invoice
        var warnings = file.warnings.map { L($0.french, $0.english) }
        if invoice.kind == .creditNote {
            throw SupplierInvoiceImportMapping.refusal(
                "supplier_credit_note_unsupported",
                L(
                    "Ce fichier est un avoir (\(invoice.number)) : les achats n'ont pas encore d'avoir fournisseur, et une facture fournisseur n'accepte pas de ligne négative. Saisissez-le à la main.",
                    "This file is a credit note (\(invoice.number)): purchases have no supplier credit note yet, and a supplier invoice takes no negative line. Enter it by hand."
                ))
        }
        guard invoice.currency == "EUR" else {
            throw SupplierInvoiceImportMapping.refusal(
                "currency_not_supported",
                L(
                    "Facture en \(invoice.currency) : seules les factures en euros sont importées.",
                    "Invoice in \(invoice.currency): only invoices in euros are imported."))
        }
        guard !invoice.seller.name.isEmpty || invoice.seller.siren != nil || invoice.seller.vatNumber != nil else {
            throw SupplierInvoiceImportMapping.error(.missing("seller name"))
        }
        guard invoice.number.count <= 100 else {
            throw SupplierInvoiceImportMapping.error(.invalidValue(field: "number", value: invoice.number))
        }
        let lines = try SupplierInvoiceImportMapping.lines(invoice, warnings: &warnings)
        if let due = invoice.dueDate, due < invoice.issueDate {
            warnings.append(
                L(
                    "L'échéance (\(due.formatted())) précède la date de la facture : non reprise.",
                    "The due date (\(due.formatted(locale: .en))) precedes the invoice date: left out."))
        }
        if invoice.kind == .deposit {
            warnings.append(L("Facture d'acompte du fournisseur.", "The supplier's deposit invoice."))
        }
        let name = Self.fileName(fileName, file)
        let contentType = file.container == .pdf ? "application/pdf" : "application/xml"
        let sha = BlobStore.sha256(data)
        guard let files = context.files else {
            throw AppError(.internalServerError, code: "no_file_store", L("Stockage des fichiers indisponible.", "File store unavailable."))
        }
        // Content-addressed and written before the transaction: a refusal leaves at most an unreferenced file, never a row
        // pointing to nothing.
        try files.store(data, sha: sha)

        let documentID = context.newID()
        let attachmentID = context.newID()
        let readWarnings = warnings
        let creatorAllowed = context.allows(.write, .directory)
        let seesDirectory = context.allows(.read, .directory)
        return try await context.transaction { context in
            try await WriteLock.acquire("companies", on: context.db)
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            var warnings = readWarnings
            var supplier: (id: UUID, name: String, match: SupplierInvoiceImportResult.Match)?
            if seesDirectory { supplier = try await Self.match(invoice.seller, context) }
            if supplier == nil {
                guard creatorAllowed else {
                    throw AppError(
                        .forbidden, code: "supplier_unknown",
                        L(
                            "Le fournisseur « \(invoice.seller.name) » n'est pas dans l'annuaire et vous ne pouvez pas créer de société.",
                            "The supplier \"\(invoice.seller.name)\" is not in the directory and you may not create companies."))
                }
                supplier = try await Self.createSupplier(invoice.seller, warnings: &warnings, context)
            }
            guard let supplier else { throw AppError.notFound }
            if let existing = try await SupplierInvoiceImportStore.existing(
                company: supplier.id, supplierReference: invoice.number, on: context.db)
            {
                let label = existing.reference.map { " (\($0))" } ?? L(" (brouillon)", " (draft)")(context.locale)
                throw AppError(
                    .conflict, code: "already_imported",
                    L(
                        "La facture \(invoice.number) de \(supplier.name) est déjà importée\(label).",
                        "Invoice \(invoice.number) from \(supplier.name) is already imported\(label)."),
                    related: [
                        RelatedRecord(
                            id: existing.id, title: existing.reference ?? invoice.number,
                            path: "/supplier-invoices/\(existing.id.uuidString.lowercased())")
                    ])
            }
            let input = SalesDocumentInput(
                kind: SalesDocument.Kind.supplierInvoice.rawValue, company: supplier.id.uuidString, issueDate: invoice.issueDate.isoString,
                deliveryDate: invoice.deliveryDate?.isoString ?? "",
                dueDate: invoice.dueDate.flatMap { $0 < invoice.issueDate ? nil : $0.isoString } ?? "",
                paymentTerms: String((invoice.paymentTerms ?? "").prefix(500)),
                notes: SupplierInvoiceImportMapping.notes(invoice, fileName: name), supplierReference: invoice.number, lines: lines)
            var document = try await SalesDocumentService(context).parse(input, id: documentID, existing: nil, context)
            let stated = invoice.totals.grandTotal.minorUnits
            if document.totals.gross != stated {
                warnings.append(
                    L(
                        "Le brouillon totalise \(Money(minorUnits: document.totals.gross).formatted()) TTC, la facture annonce \(invoice.totals.grandTotal.formatted()) : vérifiez avant de valider.",
                        "The draft totals \(Money(minorUnits: document.totals.gross).formatted(locale: .en)) incl. VAT, the invoice states \(invoice.totals.grandTotal.formatted(locale: .en)): check before validating."
                    ))
            }
            // The warnings stay with the draft: its notes list them after what the supplier wrote.
            if !warnings.isEmpty {
                let listed = "À vérifier (import) :\n" + warnings.map { "- " + $0.fr }.joined(separator: "\n")
                document.notes = String(((document.notes.map { $0 + "\n" } ?? "") + listed).prefix(20_000))
            }
            try await SalesDocumentService.insertDraft(document, context)
            try await AttachmentStore.attach(
                id: attachmentID, ownerKind: Self.attachmentKind, ownerID: documentID, sha: sha, name: name, contentType: contentType,
                size: Int64(data.count), by: context.actor?.userID, at: context.now, on: context.db)
            try await AuditLog.record(
                .create, entity: "attachments", id: attachmentID.uuidString.lowercased(),
                summary: "Facture reçue \(invoice.number) de \(supplier.name) importée (\(name))",
                changes: [
                    "owner": (.null, .text("\(Self.attachmentKind)/\(documentID.uuidString.lowercased())")), "sha256": (.null, .text(sha)),
                ],
                by: context.auditActor, at: context.now, on: context.db)
            return SupplierInvoiceImportResult(
                documentID: documentID, supplierID: supplier.id, supplierName: supplier.name, match: supplier.match,
                attachmentID: attachmentID, number: invoice.number, warnings: warnings)
        }
    }

    /// The uploaded name, else one from the invoice's number (slashes and control characters removed).
    static func fileName(_ raw: String, _ file: ReceivedInvoiceFile) -> String {
        let cleaned = String(
            raw.unicodeScalars.filter { $0.value >= 0x20 && $0 != "/" && $0 != "\\" && $0.value != 0x7F }.map(Character.init)
        ).trimmingCharacters(in: .whitespaces)
        if !cleaned.isEmpty { return String(cleaned.prefix(200)) }
        let number = file.invoice.number.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return "facture-\(number.prefix(60)).\(file.container == .pdf ? "pdf" : "xml")"
    }

    /// The supplier by SIREN, then SIRET, then VAT number.
    static func match(_ seller: InvoiceParty, _ context: ServiceContext) async throws -> (
        id: UUID, name: String, match: SupplierInvoiceImportResult.Match
    )? {
        if let siren = seller.siren, SIREN.isValid(siren),
            let company = try await SupplierInvoiceImportStore.companies(siren: siren, on: context.db).first
        {
            return (company.id, company.name, .siren)
        }
        if let siret = seller.siret, SIRET.isValid(siret),
            let company = try await SupplierInvoiceImportStore.companies(siret: siret, on: context.db).first
        {
            return (company.id, company.name, .siret)
        }
        if let vat = seller.vatNumber, !vat.isEmpty,
            let company = try await SupplierInvoiceImportStore.companies(vatNumber: vat, on: context.db).first
        {
            return (company.id, company.name, .vatNumber)
        }
        return nil
    }

    /// Creates the supplier from the seller's data, through the companies' own writer (its checks, search rows, audit).
    static func createSupplier(_ seller: InvoiceParty, warnings: inout [Localized], _ context: ServiceContext) async throws -> (
        id: UUID, name: String, match: SupplierInvoiceImportResult.Match
    ) {
        guard !seller.name.isEmpty else { throw SupplierInvoiceImportMapping.error(.missing("seller name")) }
        let values = SupplierInvoiceImportMapping.companyValues(seller, warnings: &warnings)
        do {
            let row = try await EntityService(CompaniesEntity.definition, context).create(
                EntityInput(values: values, isPartial: false, omittedMeansDefault: true))
            return (row.id, seller.name, .created)
        } catch let error as AppError where error.code == "duplicate_suspected" {
            throw AppError(
                .conflict, code: "supplier_duplicate_suspected",
                L(
                    "Le fournisseur « \(seller.name) » n'a été reconnu ni par son SIREN, ni par son SIRET, ni par son n° de TVA, mais une société semblable (même nom et code postal) existe déjà : complétez ses identifiants, puis relancez l'import.",
                    "The supplier \"\(seller.name)\" was matched neither by SIREN, SIRET nor VAT number, but a similar company (same name and postcode) exists: complete its identifiers, then import again."
                ), related: error.related)
        } catch let error as AppError where error.code == "validation_failed" {
            let reasons = error.fields.keys.sorted().flatMap { key in error.fields[key, default: []].map { "\(key) : \($0.fr)" } }
            throw SupplierInvoiceImportMapping.refusal(
                "supplier_invalid",
                L(
                    "Le fournisseur « \(seller.name) » n'a pas pu être créé : " + reasons.joined(separator: " ; "),
                    "The supplier \"\(seller.name)\" could not be created: "
                        + error.fields.keys.sorted().flatMap { key in error.fields[key, default: []].map { "\(key): \($0.en)" } }
                        .joined(separator: "; ")))
        }
    }
}
