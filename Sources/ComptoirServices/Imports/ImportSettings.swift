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

    public init(
        encoding: TextEncoding? = nil, separator: String? = nil, sheet: String? = nil, hasHeader: Bool = true,
        columns: [ColumnMapping] = [], updateExisting: Bool = false
    ) {
        self.encoding = encoding
        self.separator = separator
        self.sheet = sheet
        self.hasHeader = hasHeader
        self.columns = columns
        self.updateExisting = updateExisting
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

/// One row rejected by an import, with every reason.
public struct ImportRowError: Codable, Sendable, Hashable {
    /// The row's number in the file: the line for a CSV, the sheet row for an XLSX.
    public var row: Int
    public var problems: [Problem]

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
    public var rowsBlank = 0
    public var companiesCreated = 0
    public var companiesUpdated = 0
    public var companiesUnchanged = 0
    public var contactsCreated = 0
    public var contactsUpdated = 0
    public var contactsUnchanged = 0
    public var linksCreated = 0
    public var tagsCreated = 0
    /// The first rejected rows (all of them are in the error file).
    public var errors: [ImportRowError] = []
    public var seconds: Double = 0
    public var cancelled = false

    static let keptErrors = 200

    public init() {}

    /// The counts a simulation and the real run must agree on.
    public var counts: [Int] {
        [
            rowsRead, rowsImported, rowsRejected, rowsBlank, companiesCreated, companiesUpdated, companiesUnchanged,
            contactsCreated, contactsUpdated, contactsUnchanged, linksCreated, tagsCreated,
        ]
    }
}
