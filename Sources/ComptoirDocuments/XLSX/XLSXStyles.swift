import ComptoirCore
import Foundation

/// The workbook's cell formats (the `s` attribute of a cell), built as the cells need them.
///
/// Formats 0–3 are always there: plain, date, bold, bold date. Amounts add one format per currency (and bold for the
/// total row) the first time a cell uses it; the styles part is written at the end, once every cell is known.
struct XLSXStyles {
    enum NumberFormat: Hashable {
        case general
        case date
        /// `#,##0.00\ "€"`: grouping, the currency's decimals, its symbol (or ISO code) after a space.
        case money(currency: String)
    }

    static let plain = 0
    static let date = 1
    static let bold = 2
    static let boldDate = 3

    private var formats: [(format: NumberFormat, bold: Bool)] = [(.general, false), (.date, false), (.general, true), (.date, true)]
    private var indices: [Key: Int] = [:]
    private var moneyCodes: [String] = []

    private struct Key: Hashable {
        var format: NumberFormat
        var bold: Bool
    }

    init() {
        for (index, entry) in formats.enumerated() { indices[Key(format: entry.format, bold: entry.bold)] = index }
    }

    /// The cell format showing `format`, bold or not.
    mutating func index(_ format: NumberFormat, bold: Bool) -> Int {
        let key = Key(format: format, bold: bold)
        if let index = indices[key] { return index }
        formats.append((format, bold))
        indices[key] = formats.count - 1
        if case .money(let currency) = format, !moneyCodes.contains(currency) { moneyCodes.append(currency) }
        return formats.count - 1
    }

    /// The number format code of an amount in `currency` (3 letters, checked by the caller).
    static func moneyCode(_ currency: String) -> String {
        let digits = Money.minorUnitDigits(for: currency)
        return "#,##0" + (digits > 0 ? "." + String(repeating: "0", count: digits) : "") + "\\ \""
            + (Money.symbol(for: currency) ?? currency)
            + "\""
    }

    private func numberFormatID(_ format: NumberFormat) -> Int {
        switch format {
        case .general: 0
        case .date: 164
        case .money(let currency): 165 + moneyCodes.firstIndex(of: currency)!
        }
    }

    /// The styles part. Fills 0 and 1 are the two Excel requires; font 1 is the bold one.
    var xml: String {
        var xml = XLSXMarkup.xmlHeader + "<styleSheet xmlns=\"\(XLSXMarkup.mainNamespace)\">"
        xml += "<numFmts count=\"\(1 + moneyCodes.count)\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
        for (offset, currency) in moneyCodes.enumerated() {
            xml += "<numFmt numFmtId=\"\(165 + offset)\" formatCode=\"\(XLSXMarkup.escapedAttribute(Self.moneyCode(currency)))\"/>"
        }
        xml += "</numFmts>"
        xml += "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        xml += "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        xml +=
            "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        xml += "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        xml += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        xml += "<cellXfs count=\"\(formats.count)\">"
        for (format, bold) in formats {
            let id = numberFormatID(format)
            xml += "<xf numFmtId=\"\(id)\" fontId=\"\(bold ? 1 : 0)\" fillId=\"0\" borderId=\"0\" xfId=\"0\""
            xml += (id != 0 ? " applyNumberFormat=\"1\"" : "") + (bold ? " applyFont=\"1\"" : "") + "/>"
        }
        xml += "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        return xml + "</styleSheet>"
    }
}
