import ComptoirDocuments
import Foundation

/// Why a file cannot be imported at all (row problems go to the report instead).
public struct ImportFileError: Error, Sendable {
    public var message: Localized

    static let empty = ImportFileError(message: L("Le fichier est vide.", "The file is empty."))
    static let binary = ImportFileError(
        message: L(
            "Ce fichier n'est ni un CSV ni un classeur XLSX (contenu binaire). Enregistrez-le au format CSV ou XLSX depuis votre tableur.",
            "This file is neither a CSV nor an XLSX workbook (binary content). Save it as CSV or XLSX from your spreadsheet."))
    static let legacyExcel = ImportFileError(
        message: L(
            "Les classeurs Excel 97-2003 (.xls) ne sont pas lus : enregistrez le fichier au format .xlsx ou CSV.",
            "Excel 97-2003 workbooks (.xls) are not read: save the file as .xlsx or CSV."))
    static let noColumns = ImportFileError(
        message: L("Aucune colonne n'a été trouvée dans le fichier.", "No column was found in the file."))

    static func workbook(_ error: Error) -> ImportFileError {
        ImportFileError(message: L("Classeur XLSX illisible : \(error)", "Unreadable XLSX workbook: \(error)"))
    }
}

/// One data row of an import file.
struct SourceRow: Sendable {
    /// The row's number as Excel shows it: the header row is 1, so the first data row is 2 (1 without a header row).
    var number: Int
    var fields: [String]
    var problem: CSVRecordProblem?
}

/// Reads the rows of a stored import file with the chosen settings, one at a time. An XLSX sheet is
/// first written out as a UTF-8 CSV next to the file, so both kinds stream through the same reader.
final class ImportSource: @unchecked Sendable {
    let kind: ImportAnalysis.Kind
    private let reader: CSVStreamReader
    private let hasHeader: Bool
    private(set) var header: [String] = []
    private var started = false
    private var ordinal = 0

    init(fileURL: URL, kind: ImportAnalysis.Kind, settings: ImportSettings, guess: CSVDialectGuess? = nil) throws {
        self.kind = kind
        self.hasHeader = settings.hasHeader
        switch kind {
        case .csv:
            let encoding = settings.encoding ?? guess?.encoding.encoding ?? .utf8
            reader = try CSVStreamReader(url: fileURL, separator: settings.separatorByte, encoding: encoding)
        case .xlsx:
            let converted = try Self.sheetAsCSV(fileURL, sheet: settings.sheet)
            reader = try CSVStreamReader(url: converted, separator: UInt8(ascii: ";"), encoding: .utf8)
        }
    }

    var bytesRead: Int { reader.bytesRead }
    var totalBytes: Int { reader.totalBytes ?? 0 }

    /// The next data row (after the header row, if any); nil at the end.
    func next() throws -> SourceRow? {
        if !started {
            started = true
            if hasHeader {
                guard let first = try nextRecord() else { return nil }
                header = first.fields
            }
        }
        guard let record = try nextRecord() else { return nil }
        return record
    }

    private func nextRecord() throws -> SourceRow? {
        guard let record = try reader.next() else { return nil }
        // Excel's row number, for a CSV as for a sheet: the record's place in the file, counting the header and blank
        // lines. Not the CSV's physical line: a quoted cell with line breaks (a multi-line address) is one row in Excel
        // but several lines, and every row after it would be numbered further down than the spreadsheet shows it.
        ordinal += 1
        return SourceRow(number: ordinal, fields: record.fields, problem: record.problem)
    }

    /// Writes `sheet` of the workbook as `;`-separated UTF-8 next to it (once), streaming row by row.
    static func sheetAsCSV(_ url: URL, sheet: String?) throws -> URL {
        let name =
            "sheet-"
            + String((sheet ?? "1").utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }, radix: 16)
            + ".csv"
        let target = url.deletingLastPathComponent().appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: target.path) { return target }
        let workbook: XLSXWorkbook
        do { workbook = try XLSXWorkbook(contentsOf: url) } catch { throw ImportFileError.workbook(error) }
        let partial = target.appendingPathExtension("partial")
        FileManager.default.createFile(atPath: partial.path, contents: nil)
        let handle = try FileHandle(forWritingTo: partial)
        var buffer = Data()
        do {
            try workbook.rows(sheet: sheet) { cells in
                buffer.append(contentsOf: Array(csvLine(cells).utf8))
                if buffer.count > 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                return true
            }
            try handle.write(contentsOf: buffer)
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            if error is ImportFileError { throw error }
            throw ImportFileError.workbook(error)
        }
        try FileManager.default.moveItem(at: partial, to: target)
        return target
    }

    /// One CSV line, quoting only what needs it (no formula guard: this file is read back by us alone).
    static func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            if cell.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return cell
        }.joined(separator: ";") + "\r\n"
    }
}

/// « Lancer l'analyse du fichier »: what the file is, how it is written, its columns and first rows.
enum ImportAnalyzer {
    static let previewRows = 10

    /// Analyses the stored file; `settings` overrides what is detected (nil fields: as detected).
    /// Returns the analysis and the settings completed with what was detected.
    static func analyze(fileURL: URL, settings: ImportSettings?) throws -> (ImportAnalysis, ImportSettings) {
        let handle = try FileHandle(forReadingFrom: fileURL)
        let sample = [UInt8](try handle.read(upToCount: 256 * 1024) ?? Data())
        try handle.close()
        guard !sample.isEmpty else { throw ImportFileError.empty }
        var warnings: [ImportAnalysis.Message] = []
        var effective = settings ?? ImportSettings()
        var analysis: ImportAnalysis
        var guess: CSVDialectGuess?
        if sample.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            let workbook: XLSXWorkbook
            do { workbook = try XLSXWorkbook(contentsOf: fileURL) } catch { throw ImportFileError.workbook(error) }
            let sheets = workbook.sheetNames
            if let chosen = effective.sheet, !sheets.contains(chosen) {
                warnings.append(
                    .init(
                        L(
                            "La feuille « \(chosen) » n'existe pas : la première feuille est lue.",
                            "Sheet \"\(chosen)\" does not exist: the first sheet is read.")))
                effective.sheet = nil
            }
            if effective.sheet == nil { effective.sheet = sheets.first }
            effective.encoding = nil
            effective.separator = nil
            analysis = ImportAnalysis(
                kind: .xlsx, detectedEncoding: nil, detectedSeparator: nil, detectedHeader: true, mixedEncoding: false,
                sheets: sheets, headers: [], preview: [], warnings: [])
            if settings == nil { effective.hasHeader = true }
        } else if sample.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ImportFileError.legacyExcel
        } else {
            let dialect = CSVSniffer.guess(sample)
            guess = dialect
            if dialect.encoding.binary { throw ImportFileError.binary }
            if effective.encoding == nil { effective.encoding = dialect.encoding.encoding }
            if effective.separator == nil { effective.separator = String(UnicodeScalar(dialect.separator)) }
            if settings == nil { effective.hasHeader = dialect.hasHeader }
            analysis = ImportAnalysis(
                kind: .csv, detectedEncoding: dialect.encoding.encoding, detectedSeparator: String(UnicodeScalar(dialect.separator)),
                detectedHeader: dialect.hasHeader, mixedEncoding: dialect.encoding.mixed, sheets: [], headers: [], preview: [], warnings: []
            )
            if dialect.encoding.mixed {
                warnings.append(
                    .init(
                        L(
                            "Le fichier mélange deux encodages : les lignes qui ne sont pas en UTF-8 seront refusées et listées dans le rapport.",
                            "The file mixes two encodings: lines that are not UTF-8 will be rejected and listed in the report.")))
            }
        }

        // Read the header and the first rows with the effective settings.
        let source = try ImportSource(fileURL: fileURL, kind: analysis.kind, settings: effective, guess: guess)
        var preview: [[String]] = []
        var problems = 0
        while preview.count < previewRows, let row = try source.next() {
            if row.problem != nil { problems += 1 }
            if row.fields.allSatisfy({ $0.isEmpty }) { continue }
            preview.append(row.fields)
        }
        let width = max(source.header.count, preview.map(\.count).max() ?? 0)
        guard width > 0 else { throw source.header.isEmpty && preview.isEmpty ? ImportFileError.empty : ImportFileError.noColumns }
        let (headers, duplicates) = uniqueHeaders(source.header, width: width)
        if !duplicates.isEmpty {
            let names = duplicates.map { "« \($0) »" }.joined(separator: ", ")
            warnings.append(
                .init(
                    L(
                        "Titres de colonnes en double : \(names). Elles sont numérotées pour les distinguer.",
                        "Duplicate column titles: \(names). They are numbered to tell them apart.")))
        }
        if width == 1, analysis.kind == .csv {
            warnings.append(.init(L("Une seule colonne trouvée : vérifiez le séparateur.", "Only one column found: check the separator.")))
        }
        if problems > 0 {
            warnings.append(
                .init(
                    L(
                        "\(problems) des premières lignes sont mal formées (guillemet non fermé ou mal placé, ligne trop longue, encodage) : elles seront refusées et listées dans le rapport.",
                        "\(problems) of the first lines are malformed (unclosed or misplaced quote, line too long, encoding): they will be rejected and listed in the report."
                    )))
        }
        analysis.headers = headers
        analysis.preview = preview.map { row in (0..<width).map { $0 < row.count ? row[$0] : "" } }
        analysis.warnings = warnings
        return (analysis, effective)
    }

    /// Column titles made unique (« Nom », « Nom (2) »), « Colonne N » where there is none.
    static func uniqueHeaders(_ raw: [String], width: Int) -> (headers: [String], duplicates: [String]) {
        var seen: [String: Int] = [:]
        var duplicates: [String] = []
        var headers: [String] = []
        for index in 0..<width {
            var title = index < raw.count ? raw[index].trimmingCharacters(in: .whitespacesAndNewlines) : ""
            if title.isEmpty { title = "Colonne \(index + 1)" }
            let folded = ImportTargets.fold(title)
            let count = (seen[folded] ?? 0) + 1
            seen[folded] = count
            if count > 1 {
                if count == 2 { duplicates.append(title) }
                title += " (\(count))"
            }
            headers.append(title)
        }
        return (headers, duplicates)
    }
}
