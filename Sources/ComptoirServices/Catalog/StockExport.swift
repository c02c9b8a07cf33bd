import ComptoirCore
import ComptoirDocuments
import ComptoirStore
import Foundation

/// « Export Excel » of the stock state: written by the app itself, row by row (`XLSXStreamWriter`), 1 000 products read
/// at a time, so 100 000 products never sit in memory. Sheets: the state (every product matching the filters), out of
/// stock, soon out of stock, and the value by category with its total. Also the current view as CSV.
public struct StockExport: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    static let header = [
        "Référence", "Libellé", "Catégorie", "Unité", "Stock réel", "À recevoir", "À livrer", "Disponible", "Seuil d'alerte",
        "Stock désiré",
        "Coût moyen pondéré", "Valeur",
    ]
    static let columns: [XLSXColumn] = [
        XLSXColumn(width: 16), XLSXColumn(width: 40), XLSXColumn(width: 20), XLSXColumn(width: 8), XLSXColumn(width: 12, sum: true),
        XLSXColumn(width: 12, sum: true), XLSXColumn(width: 12, sum: true), XLSXColumn(width: 12, sum: true), XLSXColumn(width: 14),
        XLSXColumn(width: 14), XLSXColumn(width: 18), XLSXColumn(width: 16, sum: true),
    ]

    static func cells(_ row: StockStateRow) -> [XLSXCell] {
        func quantity(_ milli: Int64?) -> XLSXCell {
            guard let milli else { return .empty }
            return milli % 1000 == 0 ? .integer(Int(milli / 1000)) : .number(Double(milli) / 1000)
        }
        let value = row.averageCost.map { Quantity(milli: max(row.onHandMilli, 0)).cost(unitCents: $0) }
        return [
            .text(row.reference), .text(row.name), row.category.map(XLSXCell.text) ?? .empty, .text(row.unit), quantity(row.onHandMilli),
            quantity(row.incomingMilli), quantity(row.outgoingMilli), quantity(row.availableMilli), quantity(row.thresholdMilli),
            quantity(row.desiredMilli), row.averageCost.map { .money(Money(minorUnits: $0)) } ?? .empty,
            value.map { .money(Money(minorUnits: $0)) } ?? .empty,
        ]
    }

    /// Writes the workbook to `url`.
    public func xlsx(to url: URL, warehouse: UUID? = nil, category: String? = nil, text: String? = nil) async throws {
        try context.authorize(.read, .catalog)
        var writer = try XLSXStreamWriter(to: url)
        for (name, view) in [("État des stocks", StockView.all), ("Hors stock", .outOfStock), ("Bientôt hors stock", .belowThreshold)] {
            try writer.beginSheet(name: name, columns: Self.columns, header: Self.header, autoFilter: true, freezeHeader: true)
            var after: String?
            while true {
                let page = try await StockStateStore.page(
                    view, warehouse: warehouse, category: category, text: text, afterReference: after, limit: 1_000, on: context.db)
                for row in page { try writer.appendRow(Self.cells(row)) }
                if page.count < 1_000 { break }
                after = page.last?.reference
            }
            try writer.endSheet()
        }
        try writer.beginSheet(
            name: "Valorisation", columns: [XLSXColumn(width: 30), XLSXColumn(width: 12, sum: true), XLSXColumn(width: 18, sum: true)],
            header: ["Catégorie", "Produits", "Valeur (coût moyen pondéré)"], autoFilter: true, freezeHeader: true)
        for category in try await StockStateStore.valueByCategory(on: context.db) {
            try writer.appendRow([
                .text(category.category ?? "(sans catégorie)"), .integer(category.products), .money(Money(minorUnits: category.value)),
            ])
        }
        try writer.endSheet()
        try writer.finish()
    }

    /// Writes the products of one view as a French CSV (`;`, decimal comma, BOM) to `url`, 1 000 at a time.
    public func csv(to url: URL, view: StockView, warehouse: UUID? = nil, category: String? = nil, text: String? = nil) async throws {
        try context.authorize(.read, .catalog)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let writer = CSVWriter()
        try handle.write(contentsOf: Data(writer.header(Self.header).utf8))
        var after: String?
        while true {
            let page = try await StockStateStore.page(
                view, warehouse: warehouse, category: category, text: text, afterReference: after, limit: 1_000, on: context.db)
            var chunk = ""
            for row in page { chunk += writer.row(cells: Self.cells(row)) }
            try handle.write(contentsOf: Data(chunk.utf8))
            if page.count < 1_000 { break }
            after = page.last?.reference
        }
    }
}
