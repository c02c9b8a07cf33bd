import ComptoirCore
import Foundation

/// The same rows as an .xlsx export, written as CSV: the stock export offers both from one row source.
extension CSVWriter {
    /// One record from cells, each as `XLSXCell.csvText`, ending with CRLF.
    public func row(cells: [XLSXCell]) -> String {
        row(cells.map(\.csvText))
    }
}

extension XLSXCell {
    /// The cell as a French Excel reads it back with the same type from a ";" CSV: numbers with a decimal comma and
    /// no exponent ("12,5", "0,001"), amounts with their currency's decimals and no symbol ("1234,50", so they stay
    /// numbers), dates dd/mm/yyyy, booleans VRAI/FAUX, texts as they are (`CSVWriter` guards formulas).
    public var csvText: String {
        switch self {
        case .text(let text): text
        case .number(let value): value.isFinite ? XLSXCellText.plainDecimal(value).replacingOccurrences(of: ".", with: ",") : ""
        case .integer(let value): String(value)
        case .date(let year, let month, let day):
            (day < 10 ? "0" : "") + "\(day)/" + (month < 10 ? "0" : "") + "\(month)/\(year)"
        case .boolean(let value): value ? "VRAI" : "FAUX"
        case .money(let money): money.decimalString.replacingOccurrences(of: ".", with: ",")
        case .empty: ""
        }
    }
}
