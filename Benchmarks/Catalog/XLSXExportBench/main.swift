// comptoir-xlsxbench: writes a generated stock export (12 columns) with the streaming XLSX writer, for the
// Catalog benchmark (Benchmarks/Catalog/xlsx_export.sh), which runs openpyxl on the same rows (xlsx_openpyxl.py).
//
//   comptoir-xlsxbench [--rows 100000] [--mode stream|memory|csv] OUT
//
// stream: XLSXStreamWriter (the export); memory: XLSXWriter with every row in memory (for reference); csv: CSVWriter
// fed with the same cells. Prints the rows and the seconds on stdout.
import ComptoirCore
import ComptoirDocuments
import Foundation

let categories = ["Alimentation", "Boissons", "Hygiène", "Entretien", "Papeterie", "Électroménager", "Textile", "Jardin"]
let warehouses = ["Entrepôt Lyon", "Entrepôt Marseille", "Dépôt Paris", "Magasin Lille"]
let header = [
    "Référence", "Désignation", "Catégorie", "Entrepôt", "En stock", "Entrées prévues", "Sorties prévues", "Disponible", "Seuil",
    "Valeur", "Dernier mouvement", "Actif",
]
let columns = [
    XLSXColumn(width: 12), XLSXColumn(width: 40), XLSXColumn(width: 16), XLSXColumn(width: 20), XLSXColumn(width: 10, sum: true),
    XLSXColumn(width: 10, sum: true), XLSXColumn(width: 10, sum: true), XLSXColumn(width: 10, sum: true), XLSXColumn(width: 8),
    XLSXColumn(width: 14, sum: true), XLSXColumn(width: 12), XLSXColumn(width: 7),
]
let firstDay = CalendarDay(year: 2026, month: 1, day: 1)!.daysSinceEpoch

/// Row `index` (0-based) of the stock; `xlsx_openpyxl.py` computes the same values.
func stockRow(_ index: Int) -> [XLSXCell] {
    let category = categories[index % categories.count]
    let onHand = index * 37 % 500, incoming = index * 13 % 50, outgoing = index * 7 % 40
    let day = CalendarDay(daysSinceEpoch: firstDay + index % 365)
    return [
        .text("P-\(String(repeating: "0", count: max(0, 6 - String(index).count)))\(index)"),
        .text("Produit \(index) « \(category) » & fils"), .text(category), .text(warehouses[index % warehouses.count]),
        .integer(onHand), .integer(incoming), .integer(outgoing), .integer(onHand + incoming - outgoing), .integer(index % 10 * 5),
        .money(Money(minorUnits: Int64(onHand * (100 + index * 97 % 10_000)))), .date(year: day.year, month: day.month, day: day.day),
        .boolean(index % 7 != 0),
    ]
}

var arguments = Array(CommandLine.arguments.dropFirst())
var rows = 100_000
var mode = "stream"
var output: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--rows": rows = Int(arguments.removeFirst())!
    case "--mode": mode = arguments.removeFirst()
    default: output = argument
    }
}
guard let output else {
    FileHandle.standardError.write(Data("usage: comptoir-xlsxbench [--rows N] [--mode stream|memory|csv] OUT\n".utf8))
    exit(2)
}
let url = URL(fileURLWithPath: output)
let start = Date()

switch mode {
case "stream":
    var writer = try XLSXStreamWriter(to: url)
    try writer.beginSheet(name: "Stock", columns: columns, header: header, autoFilter: true, freezeHeader: true)
    for index in 0..<rows { try writer.appendRow(stockRow(index)) }
    try writer.finish()
case "memory":
    var writer = XLSXWriter()
    writer.addSheet(name: "Stock", rows: [header.map(XLSXCell.text)] + (0..<rows).map(stockRow), header: true)
    try writer.write(to: url)
case "csv":
    let csv = CSVWriter()
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    var buffer = Data(csv.header(header).utf8)
    for index in 0..<rows {
        buffer.append(contentsOf: csv.row(cells: stockRow(index)).utf8)
        if buffer.count >= 64 * 1024 {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
    try handle.write(contentsOf: buffer)
    try handle.close()
default:
    FileHandle.standardError.write(Data("unknown mode \(mode)\n".utf8))
    exit(2)
}
print("\(mode) rows=\(rows) seconds=\(String(format: "%.3f", Date().timeIntervalSince(start)))")
