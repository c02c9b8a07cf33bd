import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import NIOPosix
import Testing

/// « Importer une facture reçue »: a supplier's Factur-X PDF or CII/UBL XML becomes a draft supplier invoice, the
/// supplier matched by SIREN, SIRET or VAT number (or created), the file attached; a bad file, a duplicate, a credit
/// note or a rate outside the list is refused with nothing saved.
@Suite struct SupplierInvoiceImportTests {
    static let supplierSIREN = "443061841"
    static let supplierVAT = VATNumber.french(fromSIREN: supplierSIREN)

    static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDay { CalendarDay(year: year, month: month, day: day)! }
    static func euros(_ cents: Int64) -> Money { Money(minorUnits: cents) }

    /// A supplier's invoice to us: 3 × 12,50 at 20 % and 2 h × 60,00 at 10 %: 37,50 + 120,00 HT; VAT 7,50 + 12,00;
    /// 177,00 TTC.
    static func invoice(number: String = "FV-2026-0815", siren: String? = supplierSIREN, vat: String? = supplierVAT, rate: Int = 1000)
        -> InvoiceDocument
    {
        let seller = InvoiceParty(
            name: "Fournitures Hexagone SAS", siren: siren, vatNumber: vat, legalInformation: "SAS au capital de 50 000 €",
            address: .init(lines: ["7 rue des Artisans"], postcode: "31000", city: "Toulouse"),
            electronicAddress: siren.map { .init(scheme: "0225", value: $0) }, email: "factures@hexagone.example")
        let buyer = InvoiceParty(
            name: "Atelier Dupont", siren: "732829320", vatNumber: "FR44732829320",
            address: .init(lines: ["12 rue de la Paix"], postcode: "75002", city: "Paris"))
        let tax = Money(minorUnits: (12_000 * Int64(rate) + 5_000) / 10_000)
        return InvoiceDocument(
            number: number, typeCode: .invoice, title: "Facture", issueDate: day(2026, 11, 10), dueDate: day(2026, 12, 10), seller: seller,
            buyer: buyer, orderReference: "CF2026-00003",
            lines: [
                .init(
                    id: "1", name: "Vis inox", description: "Boîte de 100", quantity: Quantity(units: 3), netUnitPrice: euros(1250),
                    netAmount: euros(3750), vatRate: 2000),
                .init(
                    id: "2", name: "Montage", quantity: Quantity(units: 2), unitCode: "HUR", netUnitPrice: euros(6000),
                    netAmount: euros(12_000), vatRate: rate),
            ],
            vatBreakdown: [
                .init(rate: 2000, taxableAmount: euros(3750), taxAmount: euros(750)),
                .init(rate: rate, taxableAmount: euros(12_000), taxAmount: tax),
            ],
            totals: .init(
                lineTotal: euros(15_750), taxBasis: euros(15_750), taxTotal: euros(750) + tax, grandTotal: euros(15_750 + 750) + tax,
                prepaid: euros(0), duePayable: euros(15_750 + 750) + tax),
            notes: [.init(subject: "PMT", "Indemnité forfaitaire de recouvrement : 40 €.")], paymentTerms: "30 jours",
            payment: .init(iban: "FR7630006000011234567890189"))
    }

    static func pdf(_ invoice: InvoiceDocument) -> Data { Data(FacturXPDF.render(invoice, createdAt: ServiceTestDatabase.start)) }

    /// A context with a file store in a temporary directory.
    static func context(_ test: ServiceTestDatabase, _ base: ServiceContext? = nil) -> ServiceContext {
        var context = base ?? test.system()
        context.files = BlobStore(
            dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("comptoir-import-\(UUID().uuidString)").path)
        return context
    }

    /// The rows an import writes.
    static func counts(_ test: ServiceTestDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["sales_documents", "sales_document_lines", "sales_document_vat", "attachments", "blobs", "companies"] {
            counts[table] = try await test.count(table)
        }
        return counts
    }

    static func refusal(_ body: () async throws -> Void) async -> AppError? {
        do {
            try await body()
            return nil
        } catch let error as AppError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func aFacturXPDFBecomesADraftAndTheSupplierIsCreated() async throws {
        try await ServiceTestDatabase.run { test in
            // setup
            let context = Self.context(test)
            _ = try await SalesFixture.make(test, context: context)
            let companies = try await test.count("companies")
            let data = Self.pdf(Self.invoice())
            // act
            let result = try await SupplierInvoiceImportService(context).importFile(data, fileName: "FV-2026-0815.pdf")
            // validate: the supplier, created from the seller
            #expect(result.match == .created)
            #expect(result.supplierSummary.fr == "Fournisseur créé dans l'annuaire à partir de la facture : Fournitures Hexagone SAS.")
            #expect(try await test.count("companies") == companies + 1)
            let supplier = try await EntityService(CompaniesEntity.definition, context).get(result.supplierID)
            #expect(supplier["name"].textValue == "Fournitures Hexagone SAS")
            #expect(supplier["siren"].textValue == Self.supplierSIREN)
            #expect(supplier["vat_number"].textValue == Self.supplierVAT)
            #expect(supplier["billing_line1"].textValue == "7 rue des Artisans")
            #expect(supplier["billing_postcode"].textValue == "31000")
            #expect(supplier["billing_city"].textValue == "Toulouse")
            // The CII carries no e-mail of the seller (the UBL does).
            #expect(supplier["is_supplier"] == .bool(true))
            // the draft, with its lines
            let draft = try #require(try await SalesDocumentService(context).find(result.documentID))
            #expect(draft.kind == .supplierInvoice)
            #expect(draft.state == .draft)
            #expect(draft.reference == nil)
            #expect(draft.companyID == result.supplierID)
            #expect(draft.supplierReference == "FV-2026-0815")
            #expect(draft.issueDate == Self.day(2026, 11, 10))
            #expect(draft.dueDate == Self.day(2026, 12, 10))
            #expect(draft.paymentTerms == "30 jours")
            #expect(draft.lines.map(\.description) == ["Vis inox — Boîte de 100", "Montage"])
            #expect(draft.lines.map(\.quantity) == [Quantity(units: 3), Quantity(units: 2)])
            #expect(draft.lines.map(\.unit) == [nil, "h"])
            #expect(draft.lines.map(\.unitPrice) == [1250, 6000])
            #expect(draft.lines.map(\.vatRate) == [.standard, .intermediate])
            #expect(draft.totals.net == 15_750)
            #expect(draft.totals.tax == 1_950)
            #expect(draft.totals.gross == 17_700)
            let notes = try #require(draft.notes)
            #expect(notes.contains("[PMT] Indemnité forfaitaire de recouvrement : 40 €."))
            #expect(notes.contains("Facture reçue importée de « FV-2026-0815.pdf » (CII / Factur-X, profil urn:cen.eu:en16931:2017)."))
            #expect(notes.contains("Commande : CF2026-00003."))
            #expect(notes.contains("IBAN FR7630006000011234567890189"))
            #expect(result.warnings.isEmpty, "\(result.warnings.map(\.fr))")
            // the received file, attached and stored as sent
            let files = try await AttachmentStore.list(
                ownerKind: SupplierInvoiceImportService.attachmentKind, ownerID: result.documentID, on: test.db)
            #expect(files.map(\.id) == [result.attachmentID])
            #expect(files.first?.originalName == "FV-2026-0815.pdf")
            #expect(files.first?.contentType == "application/pdf")
            #expect(try context.files?.read(try #require(files.first).sha256) == data)
            #expect(try await test.count("audit_entries", where: "entity = 'attachments'") == 1)
            // Deleting the draft takes its received file along; the same invoice may then be imported again.
            let sha = try #require(files.first).sha256
            try await SalesDocumentService(context).deleteDraft(result.documentID)
            #expect(try await test.count("attachments") == 0)
            #expect(try await test.count("blobs") == 0)
            #expect(throws: (any Error).self) { try context.files?.read(sha) }
            let again = try await SupplierInvoiceImportService(context).importFile(data, fileName: "FV-2026-0815.pdf")
            #expect(again.match == .siren)
        }
    }

    @Test func theSupplierIsMatchedBySIRENThenByVATNumber() async throws {
        try await ServiceTestDatabase.run { test in
            let context = Self.context(test)
            _ = try await SalesFixture.make(test, context: context)
            let companies = EntityService(CompaniesEntity.definition, context)
            let bySIREN = try await companies.create(
                EntityInput(
                    values: ["name": "Hexagone (fiche existante)", "siren": Self.supplierSIREN, "isSupplier": "true"], isPartial: false,
                    omittedMeansDefault: true)
            ).id
            let otherSIREN = "380129866"
            let byVAT = try await companies.create(
                EntityInput(
                    values: ["name": "Outillage Nord", "vatNumber": VATNumber.french(fromSIREN: otherSIREN), "isSupplier": "true"],
                    isPartial: false, omittedMeansDefault: true)
            ).id
            let count = try await test.count("companies")
            let service = SupplierInvoiceImportService(context)
            // act
            let first = try await service.importFile(Self.pdf(Self.invoice()), fileName: "a.pdf")
            // A SIREN no company has, with the VAT number of one: matched by VAT number (sent as UBL this time).
            let second = try await service.importFile(
                Data(UBLInvoice.xml(Self.invoice(number: "ON-77", siren: "542107651", vat: VATNumber.french(fromSIREN: otherSIREN))).utf8),
                fileName: "on-77.xml")
            // validate
            #expect(first.match == .siren)
            #expect(first.supplierID == bySIREN)
            #expect(first.supplierName == "Hexagone (fiche existante)")
            #expect(second.match == .vatNumber)
            #expect(second.supplierID == byVAT)
            #expect(try await test.count("companies") == count)
            let files = try await AttachmentStore.list(
                ownerKind: SupplierInvoiceImportService.attachmentKind, ownerID: second.documentID, on: test.db)
            #expect(files.first?.contentType == "application/xml")
            let draft = try #require(try await SalesDocumentService(context).find(second.documentID))
            #expect(draft.supplierReference == "ON-77")
            #expect(draft.notes?.contains("(UBL, profil urn:cen.eu:en16931:2017)") == true)
        }
    }

    @Test func aSecondImportOfTheSameInvoiceIsRefused() async throws {
        try await ServiceTestDatabase.run { test in
            let context = Self.context(test)
            _ = try await SalesFixture.make(test, context: context)
            let service = SupplierInvoiceImportService(context)
            let first = try await service.importFile(Self.pdf(Self.invoice()), fileName: "a.pdf")
            let before = try await Self.counts(test)
            // act: the same invoice again, as UBL this time
            let error = await Self.refusal {
                _ = try await service.importFile(Data(UBLInvoice.xml(Self.invoice()).utf8), fileName: "b.xml")
            }
            // validate
            #expect(error?.code == "already_imported")
            #expect(error?.status.code == 409)
            #expect(error?.message.fr == "La facture FV-2026-0815 de Fournitures Hexagone SAS est déjà importée (brouillon).")
            #expect(error?.related.map(\.path) == ["/supplier-invoices/\(first.documentID.uuidString.lowercased())"])
            #expect(try await Self.counts(test) == before)
            // Once validated, the message names its reference.
            try await SalesDocumentService(context).validate(first.documentID)
            let again = await Self.refusal { _ = try await service.importFile(Self.pdf(Self.invoice()), fileName: "c.pdf") }
            #expect(again?.message.fr == "La facture FV-2026-0815 de Fournitures Hexagone SAS est déjà importée (FF2026-00001).")
        }
    }

    @Test func twoImportsOfTheSameInvoiceAtOnceMakeOneDraft() async throws {
        try await ServiceTestDatabase.runOnOwnPool { test in
            let context = Self.context(test)
            _ = try await SalesFixture.make(test, context: context)
            let data = Self.pdf(Self.invoice())
            let files = context.files
            // act
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<2 {
                    let db = test.databases.database(logger: test.db.logger, on: MultiThreadedEventLoopGroup.singleton.next())!
                    group.addTask {
                        var writer = test.system().on(db)
                        writer.files = files
                        do {
                            _ = try await SupplierInvoiceImportService(writer).importFile(data, fileName: "a.pdf")
                            return "imported"
                        } catch let error as AppError {
                            return error.code
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var outcomes: [String] = []
                for await outcome in group { outcomes.append(outcome) }
                return outcomes.sorted()
            }
            // validate: one draft, one supplier created
            #expect(outcomes == ["already_imported", "imported"])
            #expect(try await test.count("sales_documents") == 1)
            #expect(try await test.count("companies", where: "siren = '\(Self.supplierSIREN)'") == 1)
        }
    }

    @Test func badFilesAreRefusedAndNothingIsSaved() async throws {
        try await ServiceTestDatabase.run { test in
            let context = Self.context(test)
            _ = try await SalesFixture.make(test, context: context)
            let before = try await Self.counts(test)
            let service = SupplierInvoiceImportService(context)
            let cii = FacturXCII.xml(Self.invoice())
            // A PDF without XML: a printed page only.
            let printed = PDFDocument()
            let page = printed.addPage()
            printed.drawText("Facture FV-2026-0815", page: page, x: 50, y: 780, size: 12)
            let withoutXML = printed.write(metadata: PDFMetadata(title: "Facture", date: ServiceTestDatabase.start))
            let cases: [(String, Data, String, String?)] = [
                ("not a PDF", Data("Bonjour, voici la facture".utf8), "not_an_invoice_file", nil),
                ("PDF without XML", Data(withoutXML), "no_invoice_in_pdf", "Ce PDF ne contient pas de facture électronique (Factur-X)."),
                ("malformed XML", Data(cii.prefix(3_000).utf8), "malformed_xml", nil),
                (
                    "entity bomb",
                    Data(
                        """
                        <?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
                        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&b;</ID></Invoice>
                        """.utf8), "malformed_xml", "XML mal formé : DOCTYPE and other declarations are not allowed."
                ),
                ("oversized", Data(count: ReceivedInvoiceReader.maxBytes + 1), "file_too_large", "Le fichier dépasse 20 Mo."),
                ("empty", Data(), "empty_file", "Le fichier est vide."),
                (
                    "VAT rate not allowed", Self.pdf(Self.invoice(rate: 700)), "validation_failed",
                    "La facture ne peut pas être importée : Ligne 2 (« Montage ») : taux de TVA 7 % non autorisé (20, 10, 5,5, 2,1 ou 0 %)."
                ),
                (
                    "credit note", Data(UBLInvoice.xml(Self.creditNote()).utf8), "supplier_credit_note_unsupported",
                    "Ce fichier est un avoir (AV-12) : les achats n'ont pas encore d'avoir fournisseur, et une facture fournisseur n'accepte pas de ligne négative. Saisissez-le à la main."
                ),
            ]
            for (label, data, code, message) in cases {
                let error = await Self.refusal { _ = try await service.importFile(data, fileName: "x") }
                #expect(error?.code == code, "\(label): \(String(describing: error))")
                #expect(error?.status.code == (code == "file_too_large" ? 413 : 422), "\(label)")
                #expect(error?.fields["file"]?.isEmpty == false, "\(label): the file field is named")
                if let message { #expect(error?.message.fr == message, "\(label)") }
            }
            // validate: nothing written (the blob store writes the file first, but no row points to it)
            #expect(try await Self.counts(test) == before)
        }
    }

    static func creditNote() -> InvoiceDocument {
        var credit = invoice(number: "AV-12")
        credit.typeCode = .creditNote
        credit.title = "Avoir"
        credit.precedingInvoices = [.init(number: "FV-2026-0815", issueDate: day(2026, 11, 10))]
        return credit
    }

    @Test func aReadOnlyUserImportsNothing() async throws {
        try await ServiceTestDatabase.run { test in
            _ = try await SalesFixture.make(test, context: Self.context(test))
            let before = try await Self.counts(test)
            let reader = Self.context(test, try await test.user("lecture@example.fr", readOnly: true))
            let error = await Self.refusal {
                _ = try await SupplierInvoiceImportService(reader).importFile(Self.pdf(Self.invoice()), fileName: "a.pdf")
            }
            #expect(error?.status.code == 403)
            #expect(try await Self.counts(test) == before)
        }
    }

    /// BASIC WL (no lines): one line per VAT rate; a line whose quantity × price does not give its net is taken at its net.
    @Test func linesAreTakenAsFarAsTheFileGivesThem() async throws {
        try await ServiceTestDatabase.run { test in
            let context = Self.context(test)
            _ = try await SalesFixture.make(test, context: context)
            let service = SupplierInvoiceImportService(context)
            // No lines: the VAT breakdown gives them.
            var cii = FacturXCII.xml(Self.invoice(number: "WL-1"))
            let start = try #require(cii.range(of: "<ram:IncludedSupplyChainTradeLineItem>"))
            let end = try #require(cii.range(of: "</ram:IncludedSupplyChainTradeLineItem>", options: .backwards))
            cii.removeSubrange(start.lowerBound..<end.upperBound)
            cii = cii.replacingOccurrences(of: FacturXCII.guideline, with: "urn:factur-x.eu:1p0:basicwl")
            let basic = try await service.importFile(Data(cii.utf8), fileName: "wl.xml")
            let draft = try #require(try await SalesDocumentService(context).find(basic.documentID))
            #expect(
                draft.lines.map(\.description) == [
                    "Facture WL-1 — base TVA \(VATRate.standard.formatted())",
                    "Facture WL-1 — base TVA \(VATRate.intermediate.formatted())",
                ])
            #expect(draft.lines.map(\.unitPrice) == [3750, 12_000])
            #expect(draft.totals.gross == 17_700)
            #expect(
                basic.warnings.first?.fr.hasPrefix("La facture ne détaille pas ses lignes (profil urn:factur-x.eu:1p0:basicwl)") == true)
            // A unit price with four decimals: 3 × 12,4999 = 37,4997, stated net 37,50.
            let precise = FacturXCII.xml(Self.invoice(number: "P-1")).replacingOccurrences(
                of: "<ram:ChargeAmount>12.50</ram:ChargeAmount>", with: "<ram:ChargeAmount>12.4999</ram:ChargeAmount>")
            let result = try await service.importFile(Data(precise.utf8), fileName: "p.xml")
            let second = try #require(try await SalesDocumentService(context).find(result.documentID))
            #expect(second.lines.first?.description == "Vis inox — Boîte de 100 (3 × 12.4999 EUR HT)")
            #expect(second.lines.first?.quantity == Quantity(units: 1))
            #expect(second.lines.first?.unitPrice == 3750)
            #expect(second.totals.gross == 17_700)
            #expect(second.notes?.contains("À vérifier (import) :\n- Ligne 1 (« Vis inox ») : reprise à son montant net") == true)
            #expect(
                result.warnings.map(\.fr) == [
                    "Ligne 1 (« Vis inox ») : reprise à son montant net (\(Money(minorUnits: 3750).formatted())), la quantité et le prix ne le redonnant pas au centime près."
                ])
        }
    }
}
