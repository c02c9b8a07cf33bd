import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import Foundation

/// The files of a sales document (« archivage »): at validation, its PDF — for an invoice or a credit note a Factur-X
/// PDF/A-3 with its CII XML inside — and the CII and UBL XML alone are rendered once, stored by their SHA-256 in the file
/// store and recorded with the document; their hashes join the inalterability chain. Later downloads serve those
/// bytes, checked against their hash. A draft is previewed (« Aperçu »), never archived.
public enum SalesArchive {
    public enum Format: String, Sendable, CaseIterable {
        case pdf
        /// The Factur-X XML (UN/CEFACT CII, EN 16931 profile), as embedded in the PDF.
        case cii
        /// The same invoice in UBL 2.1.
        case ubl

        public var contentType: String { self == .pdf ? "application/pdf" : "application/xml" }

        /// `FA2026-00042.pdf`, `FA2026-00042-factur-x.xml`, `FA2026-00042-ubl.xml`.
        public func fileName(_ stem: String) -> String {
            switch self {
            case .pdf: stem + ".pdf"
            case .cii: stem + "-factur-x.xml"
            case .ubl: stem + "-ubl.xml"
            }
        }
    }

    /// The formats a document of `kind` is archived in.
    public static func formats(_ kind: SalesDocument.Kind) -> [Format] {
        switch kind {
        case .invoice, .creditNote: [.pdf, .cii, .ubl]
        case .quote, .order, .supplierOrder: [.pdf]
        // A supplier's invoice is their document: the file they sent is kept as an attachment of the record.
        case .supplierInvoice: []
        }
    }

    /// Renders the document's files and stores them; inside the validating transaction, once the reference is set.
    /// Returns the chain's fields for them (`file.pdf` → SHA-256…).
    static func archive(_ document: SalesDocument, _ context: ServiceContext) async throws -> [String: String] {
        let formats = formats(document.kind)
        guard !formats.isEmpty else { return [:] }
        guard let files = context.files else { throw StoreError.configuration("no file store to archive \(document.reference ?? "")") }
        let rendered = try await render(document, formats, context)
        var fields: [String: String] = [:]
        for format in formats {
            guard let data = rendered[format] else { continue }
            let sha = BlobStore.sha256(data)
            try files.store(data, sha: sha)
            try await SalesFileStore.insert(
                SalesFileRecord(
                    documentID: document.id, format: format.rawValue, sha256: sha, size: Int64(data.count), createdAt: context.now),
                on: context.db)
            fields["file." + format.rawValue] = sha
        }
        return fields
    }

    /// The bytes of each format, rendered from the document as it stands (the injected clock dates the PDF).
    static func render(_ document: SalesDocument, _ formats: [Format], _ context: ServiceContext) async throws -> [Format: Data] {
        guard let (printable, logo) = try await SalesPrint.printable(document, context) else { return [:] }
        var result: [Format: Data] = [:]
        for format in formats {
            switch (printable, format) {
            case (.commercial(let commercial), .pdf):
                result[.pdf] = Data(CommercialPDF.render(commercial, logo: logo, createdAt: context.now))
            case (.commercial, _): break
            case (.invoice(let invoice), .pdf): result[.pdf] = Data(FacturXPDF.render(invoice, logo: logo, createdAt: context.now))
            case (.invoice(let invoice), .cii): result[.cii] = Data(FacturXCII.xml(invoice).utf8)
            case (.invoice(let invoice), .ubl): result[.ubl] = Data(UBLInvoice.xml(invoice).utf8)
            }
        }
        return result
    }

    /// The archived files' hashes as the chain records them, checked against the stored bytes when the file store is
    /// there: a file changed or lost on disk shows as its actual hash (or `missing`), so `verify` names it.
    static func chainFields(of documentID: UUID, _ context: ServiceContext) async throws -> [String: String] {
        var fields: [String: String] = [:]
        for (format, file) in try await SalesFileStore.files(of: documentID, on: context.db) {
            var sha = file.sha256
            if let files = context.files {
                sha = (try? files.read(file.sha256)).map(BlobStore.sha256) ?? "missing"
            }
            fields["file." + format] = sha
        }
        return fields
    }
}

/// Reading a document's files: the archived bytes of a validated document, a preview of a draft.
public struct SalesFileService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public struct File: Sendable {
        public var data: Data
        public var name: String
        public var contentType: String
        /// True when these are the bytes archived at validation; false for a draft's preview.
        public var archived: Bool
    }

    /// The document's file in `format`. A draft gets a preview PDF numbered « BROUILLON » (its XML only once validated:
    /// an e-invoice without its number is no invoice); archived bytes whose hash no longer matches are refused.
    public func file(_ id: UUID, _ format: SalesArchive.Format) async throws -> File {
        try context.authorize(.read, .sales)
        guard let document = try await SalesDocumentService.load(id, context) else { throw AppError.notFound }
        guard SalesArchive.formats(document.kind).contains(format) else {
            throw AppError(
                .notFound, code: "format_unavailable",
                L(
                    "Ce format n'existe pas pour un document de type « \(document.kind.label.fr) ».",
                    "This format does not exist for a \(document.kind.label.en.lowercased())."))
        }
        let stem = (document.reference ?? "brouillon-" + id.uuidString.prefix(8).lowercased())
        if document.isDraft {
            guard format == .pdf else {
                throw AppError.conflict(
                    L(
                        "La facture électronique n'existe qu'une fois le document validé.",
                        "The e-invoice only exists once the document is validated."),
                    code: "not_validated")
            }
            let rendered = try await SalesArchive.render(document, [.pdf], context)
            guard let data = rendered[.pdf] else { throw AppError.notFound }
            return File(data: data, name: "Aperçu " + format.fileName(stem), contentType: format.contentType, archived: false)
        }
        guard let record = try await SalesFileStore.files(of: id, on: context.db)[format.rawValue] else {
            throw AppError(
                .notFound, code: "not_archived",
                L(
                    "Aucun fichier n'a été archivé pour \(document.reference ?? "ce document").",
                    "No file was archived for \(document.reference ?? "this document")."))
        }
        guard let files = context.files, let data = try? files.read(record.sha256), BlobStore.sha256(data) == record.sha256 else {
            throw AppError.conflict(
                L(
                    "Le fichier archivé de \(document.reference ?? "") est introuvable ou a été modifié : lancez « comptoir verify ».",
                    "The archived file of \(document.reference ?? "") is missing or was changed: run « comptoir verify »."),
                code: "archive_altered")
        }
        return File(data: data, name: format.fileName(stem), contentType: format.contentType, archived: true)
    }

    /// What the document prints, for the HTML preview (« Aperçu »): the same `InvoiceDocument` the PDF is drawn from; nil
    /// for documents that are not invoices or credit notes.
    public func printable(_ id: UUID) async throws -> Printable? {
        try context.authorize(.read, .sales)
        guard let document = try await SalesDocumentService.load(id, context) else { throw AppError.notFound }
        return try await SalesPrint.printable(document, context)?.0
    }

    /// What a document prints: an invoice or credit note, or a quote, order or supplier order.
    public enum Printable: Sendable {
        case invoice(InvoiceDocument)
        case commercial(CommercialDocument)
    }

    /// What the « Facture électronique (Factur-X) » page shows: the archived files, whether their bytes still match, and
    /// the EN 16931 / French rules the e-invoice was checked against.
    public struct Report: Sendable {
        public struct Archived: Sendable, Hashable {
            public var format: SalesArchive.Format
            public var sha256: String
            public var size: Int64
            public var createdAt: Date
            public var intact: Bool
        }
        public var files: [Archived]
        public var problems: [InvoiceDocument.Problem]
        /// Factur-X type code (380, 381, 386) and business process (B1, S4…).
        public var typeCode: String
        public var businessProcess: String
        public var prepaid: Int64
        public var precedingInvoices: [String]
    }

    public func report(_ id: UUID) async throws -> Report {
        try context.authorize(.read, .sales)
        guard let document = try await SalesDocumentService.load(id, context), document.kind.isLegalInvoice else { throw AppError.notFound }
        guard let invoice = try await SalesPrint.invoiceDocument(document, context) else { throw AppError.notFound }
        var archived: [Report.Archived] = []
        for (format, record) in try await SalesFileStore.files(of: id, on: context.db) {
            guard let format = SalesArchive.Format(rawValue: format) else { continue }
            let data: Data? = try? context.files?.read(record.sha256)
            let intact = data.map(BlobStore.sha256) == record.sha256
            archived.append(.init(format: format, sha256: record.sha256, size: record.size, createdAt: record.createdAt, intact: intact))
        }
        archived.sort { SalesArchive.Format.allCases.firstIndex(of: $0.format)! < SalesArchive.Format.allCases.firstIndex(of: $1.format)! }
        return Report(
            files: archived, problems: document.isDraft ? invoice.facturXProblems.filter { $0.field != "number" } : invoice.facturXProblems,
            typeCode: invoice.typeCode.rawValue, businessProcess: invoice.businessProcess, prepaid: invoice.totals.prepaid.minorUnits,
            precedingInvoices: invoice.precedingInvoices.map(\.number))
    }
}
