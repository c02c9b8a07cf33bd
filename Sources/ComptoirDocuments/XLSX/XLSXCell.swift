import ComptoirCore
import Foundation

/// One cell written by `XLSXWriter` or `XLSXStreamWriter`.
public enum XLSXCell: Sendable, Hashable {
    /// A string, stored as text: a value starting with "=" stays text and is never run as a formula.
    case text(String)
    /// A number; it must be finite.
    case number(Double)
    /// An integer (Excel stores doubles, so beyond 2^53 it shows a rounded value).
    case integer(Int)
    /// A calendar date from 1900-01-01 to 9999-12-31, shown as dd/mm/yyyy.
    case date(year: Int, month: Int, day: Int)
    /// A boolean, shown TRUE/FALSE (VRAI/FAUX in a French Excel).
    case boolean(Bool)
    /// An amount: a number cell holding the exact decimal (1234.50), shown with grouping, the currency's decimals and
    /// its symbol (`#,##0.00\ "€"`, which a French Excel shows as « 1 234,50 € »). The currency is 3 ASCII letters.
    case money(Money)
    /// No cell.
    case empty
}

extension XLSXCell: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}

/// How the writers lay out one column: its width, and whether the sheet's total row sums it.
public struct XLSXColumn: Sendable, Hashable {
    /// The width in Excel's unit (about one digit of the default font); nil leaves Excel's default (8.43).
    public var width: Double?
    /// Whether `XLSXStreamWriter`'s total row holds `SUM` of this column's data rows.
    public var sum: Bool

    /// A column `width` characters wide (nil: Excel's default), summed in the total row when `sum` is true.
    public init(width: Double? = nil, sum: Bool = false) {
        self.width = width
        self.sum = sum
    }
}
