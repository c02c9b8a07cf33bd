import ComptoirDocuments
import Foundation

/// How to read an import file and what each of its columns means; saved as an import configuration
/// (« configuration d'import », `ImportProfile`) and kept on each batch as it was run.
public struct ImportSettings: Codable, Sendable, Hashable {
    /// CSV only: the text encoding (nil: as detected).
    public var encoding: TextEncoding?
    /// CSV only: ";", ",", "\t" or "|".
    public var separator: String?
    /// XLSX only: the sheet's name (nil: the first sheet).
    public var sheet: String?
    /// The first row holds the column titles.
    public var hasHeader: Bool
    /// One entry per column of the file, in order.
    public var columns: [ColumnMapping]
    /// Records that already exist (same external id, SIRET, or e-mail…) get the file's non-empty values;
    /// otherwise they are left as they are (and still linked to).
    public var updateExisting: Bool
    /// « Ligne partiellement valide »: what a row whose company is valid but whose contact is not does.
    public var partialRows: PartialRows

    /// « Ligne partiellement valide : créer ce qui est valide / refuser la ligne entière ».
    public enum PartialRows: String, Codable, Sendable, Hashable, CaseIterable {
        /// The company is created (or matched, updated), the contact and its link are refused and reported (default).
        case createValid
        /// Any problem refuses the whole row (the behaviour before #14).
        case rejectRow

        public var label: Localized {
            switch self {
            case .createValid:
                return L(
                    "Créer ce qui est valide (la société) et signaler le contact refusé",
                    "Create what is valid (the company) and report the refused contact")
            case .rejectRow: return L("Refuser la ligne entière", "Refuse the whole row")
            }
        }
    }

    public init(
        encoding: TextEncoding? = nil, separator: String? = nil, sheet: String? = nil, hasHeader: Bool = true,
        columns: [ColumnMapping] = [], updateExisting: Bool = false, partialRows: PartialRows = .createValid
    ) {
        self.encoding = encoding
        self.separator = separator
        self.sheet = sheet
        self.hasHeader = hasHeader
        self.columns = columns
        self.updateExisting = updateExisting
        self.partialRows = partialRows
    }

    enum CodingKeys: String, CodingKey {
        case encoding, separator, sheet, hasHeader, columns, updateExisting, partialRows
    }

    /// Configurations and batches saved before `partialRows` existed read with the default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encoding = try container.decodeIfPresent(TextEncoding.self, forKey: .encoding)
        separator = try container.decodeIfPresent(String.self, forKey: .separator)
        sheet = try container.decodeIfPresent(String.self, forKey: .sheet)
        hasHeader = try container.decode(Bool.self, forKey: .hasHeader)
        columns = try container.decode([ColumnMapping].self, forKey: .columns)
        updateExisting = try container.decode(Bool.self, forKey: .updateExisting)
        partialRows = try container.decodeIfPresent(PartialRows.self, forKey: .partialRows) ?? .createValid
    }

    /// The separator byte (`;` when unset or unusable).
    var separatorByte: UInt8 {
        guard let separator, let byte = (separator == "\\t" ? "\t" : separator).utf8.first, separator.utf8.count <= 2 else {
            return UInt8(ascii: ";")
        }
        return CSVSniffer.separators.contains(byte) ? byte : UInt8(ascii: ";")
    }

    public static let separatorChoices: [(value: String, label: Localized)] = [
        (";", L("Point-virgule ;", "Semicolon ;")), (",", L("Virgule ,", "Comma ,")),
        ("\t", L("Tabulation", "Tab")), ("|", L("Barre verticale |", "Pipe |")),
    ]
}

/// What one column of the file is imported into.
public struct ColumnMapping: Codable, Sendable, Hashable {
    /// 0-based position in the file.
    public var index: Int
    /// The column's title in the file ("" without a header row); loading a configuration on another
    /// file matches columns by this title first.
    public var header: String
    /// An `ImportTarget` key (`company.name`, `contact.cf.budget`, `contact.tags`, `link.role`…), "" to ignore.
    public var target: String

    public init(index: Int, header: String, target: String) {
        self.index = index
        self.header = header
        self.target = target
    }
}

/// What the analysis of a file found; shown on the import page, stored on the batch.
public struct ImportAnalysis: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case csv, xlsx }

    public var kind: Kind
    public var detectedEncoding: TextEncoding?
    public var detectedSeparator: String?
    public var detectedHeader: Bool
    /// Some lines are not in the file's main encoding (see `EncodingGuess.mixed`).
    public var mixedEncoding: Bool
    /// XLSX: the workbook's sheets.
    public var sheets: [String]
    /// The column titles (or « Colonne 1 »… without a header row), made unique.
    public var headers: [String]
    /// The first data rows, as read with the current settings.
    public var preview: [[String]]
    /// Messages about the file as a whole (French, English).
    public var warnings: [Message]

    public struct Message: Codable, Sendable, Hashable {
        public var fr: String
        public var en: String

        init(_ localized: Localized) {
            fr = localized.fr
            en = localized.en
        }

        public var localized: Localized { Localized(fr, en) }
    }
}

/// One row rejected by an import, with every reason, or a row imported in part (its company) whose contact was refused.
public struct ImportRowError: Codable, Sendable, Hashable {
    /// The row's number as Excel or LibreOffice shows it: the header row is 1 (the first data row 2), a cell with line
    /// breaks stays one row. The same for a CSV and an XLSX sheet.
    public var row: Int
    public var problems: [Problem]
    /// The row's company was imported (created, updated or matched); only its contact and the link were refused.
    public var companyImported: Bool

    public init(row: Int, problems: [Problem], companyImported: Bool = false) {
        self.row = row
        self.problems = problems
        self.companyImported = companyImported
    }

    /// What a row imported in part says before its problems (pages, error file, command line).
    public static let partialNote = L("Société importée, contact refusé", "Company imported, contact refused")

    enum CodingKeys: String, CodingKey { case row, problems, companyImported }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        row = try container.decode(Int.self, forKey: .row)
        problems = try container.decode([Problem].self, forKey: .problems)
        companyImported = try container.decodeIfPresent(Bool.self, forKey: .companyImported) ?? false
    }

    public struct Problem: Codable, Sendable, Hashable {
        /// The column's title ("" when the problem is the whole row's).
        public var column: String
        public var value: String
        public var fr: String
        public var en: String
    }
}

/// What an import (or its simulation) did, or would do.
public struct ImportReport: Codable, Sendable, Hashable {
    public var rowsRead = 0
    public var rowsImported = 0
    public var rowsRejected = 0
    /// Rows whose company was imported and whose contact was refused (« créer ce qui est valide »); neither imported
    /// nor rejected: rowsRead = rowsImported + rowsPartial + rowsRejected + rowsBlank.
    public var rowsPartial = 0
    public var rowsBlank = 0
    public var companiesCreated = 0
    public var companiesUpdated = 0
    public var companiesUnchanged = 0
    public var contactsCreated = 0
    public var contactsUpdated = 0
    public var contactsUnchanged = 0
    public var linksCreated = 0
    public var tagsCreated = 0
    /// The first rejected and partly imported rows (all of them are in the error file), in file order.
    public var errors: [ImportRowError] = []
    public var seconds: Double = 0
    public var cancelled = false

    static let keptErrors = 200

    public init() {}

    enum CodingKeys: String, CodingKey {
        case rowsRead, rowsImported, rowsRejected, rowsPartial, rowsBlank, companiesCreated, companiesUpdated, companiesUnchanged
        case contactsCreated, contactsUpdated, contactsUnchanged, linksCreated, tagsCreated, errors, seconds, cancelled
    }

    /// Reports stored before a count existed (`rowsPartial`) read it as 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func count(_ key: CodingKeys) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? 0 }
        rowsRead = try count(.rowsRead)
        rowsImported = try count(.rowsImported)
        rowsRejected = try count(.rowsRejected)
        rowsPartial = try count(.rowsPartial)
        rowsBlank = try count(.rowsBlank)
        companiesCreated = try count(.companiesCreated)
        companiesUpdated = try count(.companiesUpdated)
        companiesUnchanged = try count(.companiesUnchanged)
        contactsCreated = try count(.contactsCreated)
        contactsUpdated = try count(.contactsUpdated)
        contactsUnchanged = try count(.contactsUnchanged)
        linksCreated = try count(.linksCreated)
        tagsCreated = try count(.tagsCreated)
        errors = try container.decodeIfPresent([ImportRowError].self, forKey: .errors) ?? []
        seconds = try container.decodeIfPresent(Double.self, forKey: .seconds) ?? 0
        cancelled = try container.decodeIfPresent(Bool.self, forKey: .cancelled) ?? false
    }

    /// The counts a simulation and the real run must agree on.
    public var counts: [Int] {
        [
            rowsRead, rowsImported, rowsRejected, rowsPartial, rowsBlank, companiesCreated, companiesUpdated, companiesUnchanged,
            contactsCreated, contactsUpdated, contactsUnchanged, linksCreated, tagsCreated,
        ]
    }
}
