import Foundation
import ZIPFoundation

/// Writes an .xlsx workbook row by row, for exports too large to hold in memory (the stock of 100 000 products).
///
/// ```swift
/// var writer = try XLSXStreamWriter(to: url)
/// try writer.beginSheet(name: "Stock", columns: [XLSXColumn(width: 14), XLSXColumn(width: 12, sum: true)],
///                       header: ["Référence", "Disponible"], autoFilter: true, freezeHeader: true)
/// try writer.appendRow([.text("P-001"), .integer(3)])  // as many times as there are rows
/// try writer.endSheet()  // writes the total row: "Total", =SUM(B2:B…) with its value
/// try writer.finish()    // the styles, workbook and package parts, then the ZIP, then moves it to `url`
/// ```
///
/// Each sheet's rows go to a temporary file through a 64 KiB buffer; texts are inline strings, so nothing grows with
/// the rows but the file. `finish()` deflates the parts into a file beside `url` and renames it onto `url`, so a reader
/// never sees half a workbook. The ZIP entries carry a fixed date: the same calls give the same bytes.
///
/// Cells are those of `XLSXWriter` (the same escaping, styles and checks): a text starting with "=" stays text, a date
/// gets the dd/mm/yyyy format, an amount `#,##0.00\ "€"`. Column widths are the caller's: rows are not kept, so
/// they cannot be measured. A refused row (`XLSXError.invalidCell`) is not written and the sheet stays usable.
public struct XLSXStreamWriter: ~Copyable {
    /// The size of the buffer emptied into a sheet's temporary file.
    static let bufferSize = 64 * 1024

    private let destination: URL
    private let folder: URL
    private var names = XLSXSheetNames()
    private var styles = XLSXStyles()
    private var sheets: [WrittenSheet] = []
    private var open: OpenSheet?
    private var finished = false

    private struct OpenSheet {
        var encoder: XLSXSheetEncoder
        var file: URL
        var handle: FileHandle
        var written: Int64 = 0
        var columns: [XLSXColumn]
        var headerCount: Int
        var autoFilter: Bool
        var freezeHeader: Bool
        var totalLabel: String
    }

    private struct WrittenSheet {
        var name: String
        var file: URL
        var size: Int64
        var frame: XLSXWorksheetFrame
    }

    /// A writer of the workbook that `finish()` puts at `url` (replacing a file there). Sheets are kept until then
    /// in a new folder of `temporaryDirectory`, removed when the writer goes away.
    public init(to url: URL, temporaryDirectory: URL = FileManager.default.temporaryDirectory) throws {
        destination = url
        folder = temporaryDirectory.appendingPathComponent("comptoir-xlsx-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw XLSXError.writeFailed(reason: "cannot create \(folder.path): \(error.localizedDescription)")
        }
    }

    deinit {
        try? open?.handle.close()
        try? FileManager.default.removeItem(at: folder)
    }

    /// The names of the sheets begun so far, in order.
    public var sheetNames: [String] { names.names }

    /// Starts a sheet after the others, ending the open one if any.
    ///
    /// - `columns`: widths (nil: Excel's default) and the columns the total row sums; a total row (bold, `totalLabel`
    ///   in column A unless A is summed) is written by `endSheet()` when at least one column has `sum`.
    /// - `header`: the first row, bold; `freezeHeader` keeps row 1 visible when scrolling, `autoFilter` puts filter
    ///   buttons on row 1 over the header and data rows (without the total row). Without a header, row 1 is the
    ///   first data row for both.
    ///
    /// Throws `XLSXError.invalidSheetName` (Excel's rules, or a name already used ignoring case) or `.invalidColumn`.
    public mutating func beginSheet(
        name: String, columns: [XLSXColumn] = [], header: [String] = [], autoFilter: Bool = false, freezeHeader: Bool = false,
        totalLabel: String = "Total"
    ) throws {
        guard !finished else { throw XLSXError.writerFinished(action: "begin sheet \"\(name)\"") }
        if open != nil { try endSheet() }
        try XLSXWorksheetFrame.validate(columns, sheet: name)
        try names.add(name)
        let file = folder.appendingPathComponent("sheet\(names.names.count).xml")
        let handle: FileHandle
        do {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw XLSXError.writeFailed(reason: "cannot create \(file.path)")
            }
            handle = try FileHandle(forWritingTo: file)
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError.writeFailed(reason: "cannot open \(file.path): \(error.localizedDescription)")
        }
        let summed = columns.indices.filter { columns[$0].sum }
        var sheet = OpenSheet(
            encoder: XLSXSheetEncoder(sheet: name, summedColumns: summed), file: file, handle: handle, columns: columns,
            headerCount: header.count, autoFilter: autoFilter, freezeHeader: freezeHeader, totalLabel: totalLabel)
        if !header.isEmpty {
            var strings: XLSXSharedStrings? = nil
            try sheet.encoder.appendRow(header.map(XLSXCell.text), bold: true, styles: &styles, strings: &strings)
        }
        open = sheet
    }

    /// Appends one row to the open sheet: `cells[0]` in column A; `.empty` cells are left out.
    ///
    /// Throws `XLSXError.invalidCell` (a non-finite number, an impossible date, a text over 32 767 characters, more
    /// than 1 048 576 rows…) without writing the row, `.noOpenSheet` or `.writerFinished`.
    public mutating func appendRow(_ cells: [XLSXCell]) throws {
        guard !finished else { throw XLSXError.writerFinished(action: "append a row") }
        guard open != nil else { throw XLSXError.noOpenSheet(action: "append a row") }
        var strings: XLSXSharedStrings? = nil
        try open!.encoder.appendRow(cells, styles: &styles, strings: &strings)
        if open!.encoder.bytes.count >= Self.bufferSize { try flush() }
    }

    /// Ends the open sheet: writes its total row (when a column is summed) and closes its temporary file.
    public mutating func endSheet() throws {
        guard !finished else { throw XLSXError.writerFinished(action: "end a sheet") }
        guard open != nil else { throw XLSXError.noOpenSheet(action: "end a sheet") }
        let filterRows = max(open!.encoder.rowCount, 1)
        let filterColumns = max(open!.headerCount, open!.encoder.columnCount, 1)
        if open!.columns.contains(where: \.sum) {
            try open!.encoder.appendTotalRow(label: open!.totalLabel, firstDataRow: open!.headerCount > 0 ? 2 : 1, styles: &styles)
        }
        try flush()
        let sheet = open!
        open = nil
        do { try sheet.handle.close() } catch { throw XLSXError.writeFailed(reason: "cannot close \(sheet.file.path): \(error)") }
        let frame = XLSXWorksheetFrame(
            dimension: XLSXMarkup.range(columns: sheet.encoder.columnCount, rows: sheet.encoder.lastFilledRow),
            selected: sheets.isEmpty, freezeFirstRow: sheet.freezeHeader, columns: sheet.columns,
            autoFilter: sheet.autoFilter ? "A1:\(XLSXMarkup.columnName(filterColumns - 1))\(filterRows)" : nil)
        sheets.append(WrittenSheet(name: sheet.encoder.sheet, file: sheet.file, size: sheet.written, frame: frame))
    }

    /// Ends the open sheet if any, writes the workbook beside the destination and moves it there.
    ///
    /// Throws `XLSXError.noSheets` when no sheet was begun, `.writerFinished` when called twice, `.writeFailed`.
    public mutating func finish() throws {
        guard !finished else { throw XLSXError.writerFinished(action: "finish") }
        if open != nil { try endSheet() }
        guard !sheets.isEmpty else { throw XLSXError.noSheets }
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try writeArchive(to: partial)
            guard rename(partial.path, destination.path) == 0 else {
                throw XLSXError.writeFailed(reason: "cannot move the workbook to \(destination.path) (errno \(errno))")
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            if let error = error as? XLSXError { throw error }
            throw XLSXError.writeFailed(reason: "\(destination.path): \(error)")
        }
        finished = true
        try? FileManager.default.removeItem(at: folder)
    }

    /// The ZIP: package parts and styles first, then each sheet deflated from its frame and temporary file. The
    /// archive is closed when this returns.
    private func writeArchive(to url: URL) throws {
        let archive = try Archive(url: url, accessMode: .create)
        let package = XLSXPackageParts(
            sheets: sheets.map { .init(name: $0.name, filterRange: $0.frame.autoFilter) }, sharedStrings: false)
        for (path, text) in package.parts(styles: styles) {
            try XLSXArchiveWriter.add(path, pieces: [.bytes(Data(text.utf8))], to: archive)
        }
        for (index, sheet) in sheets.enumerated() {
            try XLSXArchiveWriter.add(
                XLSXPackageParts.sheetPath(index),
                pieces: [.bytes(Data(sheet.frame.head.utf8)), .file(sheet.file, size: sheet.size), .bytes(Data(sheet.frame.tail.utf8))],
                to: archive)
        }
    }

    /// Empties the open sheet's buffer into its file.
    private mutating func flush() throws {
        guard open != nil, !open!.encoder.bytes.isEmpty else { return }
        do {
            try open!.handle.write(contentsOf: open!.encoder.bytes)
        } catch {
            throw XLSXError.writeFailed(reason: "cannot write \(open!.file.path): \(error.localizedDescription)")
        }
        open!.written += Int64(open!.encoder.bytes.count)
        open!.encoder.bytes.removeAll(keepingCapacity: true)
    }
}
