import Foundation

/// Why a workbook could not be read or written.
///
/// Hostile or damaged files always end in one of these (never a crash); `code` is stable for the API's error shape.
public enum XLSXError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is not a ZIP archive at all (a CSV or text file renamed .xlsx, an empty file).
    case notAZipArchive
    /// An OLE2 compound file: an Excel 97-2003 .xls, or an .xlsx protected by a password (both are stored that way).
    case legacyOrEncryptedWorkbook
    /// The ZIP is truncated or damaged: its directory (`part` nil) or one part that fails to inflate or to match its CRC.
    case damagedArchive(part: String?)
    /// A ZIP without a workbook part (`xl/workbook.xml`): not a spreadsheet.
    case notAWorkbook
    /// No sheet has that name; `available` lists the workbook's sheets in order.
    case sheetNotFound(name: String, available: [String])
    /// A part's XML is not well-formed, or holds a value that cannot be (a shared string index out of range…).
    case malformedXML(part: String, reason: String)
    /// A part inflates beyond what is read into memory (zip bomb guard), or one XML token is absurdly long.
    case partTooLarge(part: String, limit: Int)
    /// A cell reference beyond Excel's grid: more than 16 384 columns or 1 048 576 rows.
    case cellOutOfRange(part: String, reference: String)
    /// The writer refused a sheet name (empty, longer than 31, a forbidden character, a duplicate…).
    case invalidSheetName(String, reason: String)
    /// The writer refused a cell (an impossible date, a non-finite number…); `row` and `column` are 1-based.
    case invalidCell(sheet: String, row: Int, column: Int, reason: String)
    /// The writer was asked for a workbook with no sheet, which spreadsheet applications refuse to open.
    case noSheets
    /// The writer refused a column (a width Excel cannot show); `column` is 1-based.
    case invalidColumn(sheet: String, column: Int, reason: String)
    /// `XLSXStreamWriter` was asked to `action` ("append a row", "begin a sheet"…) after `finish()`.
    case writerFinished(action: String)
    /// `XLSXStreamWriter` was asked to `action` while no sheet is open (before `beginSheet`, after `endSheet`).
    case noOpenSheet(action: String)
    /// `XLSXStreamWriter` could not write its temporary files or the workbook (disk full, no such folder…).
    case writeFailed(reason: String)

    /// A short snake_case code for logs and API errors.
    public var code: String {
        switch self {
        case .notAZipArchive: "xlsx_not_a_zip"
        case .legacyOrEncryptedWorkbook: "xlsx_legacy_or_encrypted"
        case .damagedArchive: "xlsx_damaged"
        case .notAWorkbook: "xlsx_not_a_workbook"
        case .sheetNotFound: "xlsx_sheet_not_found"
        case .malformedXML: "xlsx_malformed_xml"
        case .partTooLarge: "xlsx_too_large"
        case .cellOutOfRange: "xlsx_cell_out_of_range"
        case .invalidSheetName: "xlsx_invalid_sheet_name"
        case .invalidCell: "xlsx_invalid_cell"
        case .noSheets: "xlsx_no_sheets"
        case .invalidColumn: "xlsx_invalid_column"
        case .writerFinished: "xlsx_writer_finished"
        case .noOpenSheet: "xlsx_no_open_sheet"
        case .writeFailed: "xlsx_write_failed"
        }
    }

    public var description: String {
        switch self {
        case .notAZipArchive: "xlsx: the file is not an XLSX workbook (not a ZIP archive)"
        case .legacyOrEncryptedWorkbook: "xlsx: the file is an Excel 97-2003 (.xls) or password-protected workbook"
        case .damagedArchive(let part): "xlsx: the archive is truncated or damaged" + (part.map { " (part \($0))" } ?? "")
        case .notAWorkbook: "xlsx: the ZIP archive holds no workbook (xl/workbook.xml)"
        case .sheetNotFound(let name, let available):
            "xlsx: no sheet named \"\(name)\"; sheets: " + available.map { "\"\($0)\"" }.joined(separator: ", ")
        case .malformedXML(let part, let reason): "xlsx: malformed XML in \(part): \(reason)"
        case .partTooLarge(let part, let limit): "xlsx: \(part) is larger than the \(limit)-byte limit"
        case .cellOutOfRange(let part, let reference): "xlsx: cell \(reference) in \(part) is beyond 16384 columns or 1048576 rows"
        case .invalidSheetName(let name, let reason): "xlsx: invalid sheet name \"\(name)\": \(reason)"
        case .invalidCell(let sheet, let row, let column, let reason): "xlsx: sheet \"\(sheet)\" row \(row) column \(column): \(reason)"
        case .noSheets: "xlsx: a workbook needs at least one sheet"
        case .invalidColumn(let sheet, let column, let reason): "xlsx: sheet \"\(sheet)\" column \(column): \(reason)"
        case .writerFinished(let action): "xlsx: cannot \(action): the workbook is already finished"
        case .noOpenSheet(let action): "xlsx: cannot \(action): no sheet is open (call beginSheet first)"
        case .writeFailed(let reason): "xlsx: could not write the workbook: \(reason)"
        }
    }
}
