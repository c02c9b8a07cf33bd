import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import Foundation

/// The printed delivery note (« Bon de livraison », with the serial numbers of each line, no prices) and stock movement
/// (« Mouvement de stock »), as PDF/A-3b. They are drawn on demand from the records, which never change once validated
/// (a movement is reversed, never edited); the organisation's coordinates are today's.
public struct CatalogPrintService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public struct File: Sendable {
        public var data: Data
        public var name: String
    }

    /// The organisation as the documents print it, its legal mentions and its logo.
    func organisation() async throws -> (party: InvoiceParty, mentions: [String], logo: PDFImage?) {
        let profile = try await OrganizationProfile.current(on: context.db)
        let franchise = try await Settings.string(SalesDocumentService.vatFranchiseSetting, on: context.db) == "true"
        let mentions = SalesDocumentService.organizationMentions(profile, franchise: franchise)
        return (
            SalesPrint.seller(mentions, profile), SalesPrint.legalMentions(mentions, profile),
            SalesPrint.logo(profile)
        )
    }

    /// The delivery note's PDF; a draft is printed « BROUILLON ».
    public func deliveryNote(_ id: UUID) async throws -> File {
        try context.authorize(.read, .catalog)
        guard let note = try await DeliveryNoteService.load(id, context) else { throw AppError.notFound }
        let (organisation, mentions, logo) = try await organisation()
        let party = try await SalesPartyStore.party(company: note.companyID, contact: note.contactID, on: context.db)
        let products = try await ProductStore.info(note.lines.map(\.productID), on: context.db)
        var orderReference: String?
        var ordered: [UUID: Quantity] = [:]
        if let sourceID = note.sourceID, let source = try await SalesDocumentService.load(sourceID, context) {
            orderReference = source.reference
            for line in source.lines {
                if let product = line.productID { ordered[product, default: .zero] = ordered[product, default: .zero] + line.quantity }
            }
        }
        let customer = SalesPrint.buyer(name: party?.name, address: party?.billingAddress, party)
        let document = DeliveryNoteDocument(
            number: note.reference ?? "BROUILLON", date: note.date, orderReference: orderReference, organisation: organisation,
            customer: customer,
            deliveryAddress: (note.deliveryAddress ?? party?.deliveryAddress).map { SalesPrint.address($0, country: "FR") },
            lines: note.lines.map { line in
                let product = products[line.productID]
                return DeliveryNoteDocument.Line(
                    reference: product?.reference, name: product?.name ?? "?", description: line.description,
                    quantityOrdered: ordered[line.productID], quantityDelivered: line.quantity, unit: SalesPrint.unitLabel(product?.unit),
                    serials: line.serials)
            }, notes: [note.notes].compactMap { $0 }.filter { !$0.fastTrimmed.isEmpty }, legalMentions: mentions)
        let data = Data(DeliveryNotePDF.render(document, logo: logo, createdAt: context.now))
        return File(data: data, name: (note.reference ?? "bon-de-livraison-brouillon") + ".pdf")
    }

    /// The stock movement's PDF; a draft is printed « BROUILLON ».
    public func movement(_ id: UUID) async throws -> File {
        try context.authorize(.read, .catalog)
        guard let movement = try await StockMovementService(context).find(id) else { throw AppError.notFound }
        let (organisation, mentions, _) = try await organisation()
        let products = try await ProductStore.info(movement.lines.map(\.productID), on: context.db)
        let warehouses = Dictionary(uniqueKeysWithValues: try await WarehouseStore.all(on: context.db).map { ($0.id, $0.name) })
        let locations = Dictionary(uniqueKeysWithValues: try await WarehouseLocationStore.all(on: context.db).map { ($0.id, $0.code) })
        let kind: StockMovementDocument.Kind =
            switch movement.kind {
            case .incoming: .receipt
            case .outgoing: movement.isScrap ? .scrap : .issue
            case .transfer: .transfer
            case .inventory: movement.lines.contains { ($0.delta?.milli ?? 0) < 0 } ? .issue : .receipt
            }
        let source = warehouses[movement.warehouseID] ?? "?"
        let target = movement.targetWarehouseID.map { warehouses[$0] ?? "?" } ?? (movement.kind == .transfer ? source : nil)
        var sourceReference: String?
        if let note = movement.deliveryNoteID { sourceReference = try await DeliveryNoteService.load(note, context)?.reference }
        var validatedBy: String?
        var validatedAt: String?
        if case .validated(_, let at) = movement.state {
            validatedAt = DateDisplay.dateTime(at)
            if let user = try await StockMovementStore.find(id, on: context.db)?.validatedBy {
                validatedBy = try await TableStore.titles("users", column: "name", ids: [user], on: context.db)[user]
            }
        }
        let document = StockMovementDocument(
            kind: kind, title: movement.label.map { "Mouvement de stock — \($0)" }, number: movement.reference ?? "BROUILLON",
            date: movement.date, reason: movement.reason?.label.fr,
            from: movement.kind == .incoming ? nil : source,
            to: movement.kind == .incoming ? source : (movement.kind == .transfer ? target : nil),
            sourceReference: sourceReference, organisation: organisation,
            lines: movement.lines.map { line in
                let product = products[line.productID]
                let from = line.locationID.flatMap { locations[$0] }
                let to = line.targetLocationID.flatMap { locations[$0] }
                let place = [from, to].compactMap { $0 }.joined(separator: " → ")
                return StockMovementDocument.Line(
                    reference: product?.reference, name: product?.name ?? "?", quantity: line.delta ?? line.quantity,
                    unit: SalesPrint.unitLabel(product?.unit),
                    serials: line.serials, location: place.isEmpty ? nil : place)
            }, validatedBy: validatedBy, validatedAt: validatedAt,
            notes: [movement.notes].compactMap { $0 }.filter { !$0.fastTrimmed.isEmpty }, legalMentions: mentions)
        let data = Data(StockMovementPDF.render(document, createdAt: context.now))
        return File(data: data, name: (movement.reference ?? "mouvement-brouillon") + ".pdf")
    }
}
