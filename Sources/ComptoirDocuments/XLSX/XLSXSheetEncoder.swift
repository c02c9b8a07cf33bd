import ComptoirCore
import Foundation

/// Turns rows of cells into the `<row>` elements of one worksheet's `<sheetData>`, as UTF-8 bytes.
///
/// Both writers use it: `XLSXWriter` keeps the bytes, `XLSXStreamWriter` empties them into a file every 64 KiB.
/// Texts are inline strings unless a shared strings table is passed. A refused row writes nothing and leaves the
/// encoder as it was, so the caller may go on.
struct XLSXSheetEncoder {
    let sheet: String
    /// The XML not yet taken by the caller; always ends after a whole row.
    var bytes: [UInt8] = []
    /// The file's number of the last row appended (empty rows count: row n of the caller is row n of the sheet).
    private(set) var rowCount = 0
    /// The last row holding a cell, and the number of columns up to the last cell of any row (the dimension).
    private(set) var lastFilledRow = 0
    private(set) var columnCount = 0

    /// The columns the total row sums, and their running totals.
    private let summed: [Int]
    private var totals: [Int: XLSXColumnTotal] = [:]
    private var columnNames: [[UInt8]] = []
    private var moneyStyle: (currency: String, bold: Bool, index: Int)?

    init(sheet: String, summedColumns: [Int] = []) {
        self.sheet = sheet
        summed = summedColumns
        for column in summedColumns { totals[column] = XLSXColumnTotal() }
        bytes.reserveCapacity(80 * 1024)
    }

    /// Appends one row; `bold` for the header. Throws `XLSXError.invalidCell` for a cell Excel cannot hold.
    mutating func appendRow(
        _ cells: [XLSXCell], bold: Bool = false, styles: inout XLSXStyles, strings: inout XLSXSharedStrings?
    ) throws {
        let row = rowCount + 1
        guard row <= XLSXWorkbook.maxRows else {
            throw XLSXError.invalidCell(sheet: sheet, row: row, column: 1, reason: "more than 1048576 rows")
        }
        guard cells.count <= XLSXWorkbook.maxColumns else {
            throw XLSXError.invalidCell(sheet: sheet, row: row, column: cells.count, reason: "more than 16384 columns")
        }
        let start = bytes.count
        var rowDigits: [UInt8] = []
        XLSXMarkup.appendDecimal(row, to: &rowDigits)
        XLSXMarkup.append("<row r=\"", to: &bytes)
        bytes.append(contentsOf: rowDigits)
        XLSXMarkup.append("\">", to: &bytes)
        var lastColumn = 0
        do {
            for (column, cell) in cells.enumerated() {
                if case .empty = cell { continue }
                try appendCell(cell, column: column, row: row, rowDigits: rowDigits, bold: bold, styles: &styles, strings: &strings)
                lastColumn = column + 1
            }
        } catch {
            bytes.removeSubrange(start...)
            throw error
        }
        rowCount = row
        guard lastColumn > 0 else {
            bytes.removeSubrange(start...)  // no cell: no <row> element, the next row keeps its number
            return
        }
        XLSXMarkup.append("</row>", to: &bytes)
        lastFilledRow = row
        columnCount = max(columnCount, lastColumn)
        for column in summed where column < cells.count { totals[column]!.add(cells[column]) }
    }

    /// Appends the bold total row: `label` in column A (unless A is summed), `SUM` of each summed column's rows
    /// `firstDataRow…` with its value computed here, so readers that do not calculate (openpyxl, previews) show it.
    mutating func appendTotalRow(label: String, firstDataRow: Int, styles: inout XLSXStyles) throws {
        let row = rowCount + 1
        guard row <= XLSXWorkbook.maxRows else {
            throw XLSXError.invalidCell(sheet: sheet, row: row, column: 1, reason: "more than 1048576 rows")
        }
        var cells = [XLSXCell](repeating: .empty, count: (summed.max() ?? 0) + 1)
        if !label.isEmpty && !summed.contains(0) { cells[0] = .text(label) }
        var formulas: [Int: String] = [:]
        for column in summed {
            let total = totals[column]!
            cells[column] = total.value
            if firstDataRow <= rowCount {
                let name = XLSXMarkup.columnName(column)
                formulas[column] = "SUM(\(name)\(firstDataRow):\(name)\(rowCount))"
            }
        }
        var strings: XLSXSharedStrings? = nil
        XLSXMarkup.append("<row r=\"", to: &bytes)
        XLSXMarkup.appendDecimal(row, to: &bytes)
        XLSXMarkup.append("\">", to: &bytes)
        var rowDigits: [UInt8] = []
        XLSXMarkup.appendDecimal(row, to: &rowDigits)
        for (column, cell) in cells.enumerated() {
            if case .empty = cell { continue }
            try appendCell(
                cell, column: column, row: row, rowDigits: rowDigits, bold: true, formula: formulas[column], styles: &styles,
                strings: &strings)
        }
        XLSXMarkup.append("</row>", to: &bytes)
        rowCount = row
        lastFilledRow = row
        columnCount = max(columnCount, cells.count)
    }

    // MARK: - Cells

    private mutating func appendCell(
        _ cell: XLSXCell, column: Int, row: Int, rowDigits: [UInt8], bold: Bool, formula: String? = nil, styles: inout XLSXStyles,
        strings: inout XLSXSharedStrings?
    ) throws {
        func refuse(_ reason: String) -> XLSXError { .invalidCell(sheet: sheet, row: row, column: column + 1, reason: reason) }
        while columnNames.count <= column { columnNames.append(Array(XLSXMarkup.columnName(columnNames.count).utf8)) }
        XLSXMarkup.append("<c r=\"", to: &bytes)
        bytes.append(contentsOf: columnNames[column])
        bytes.append(contentsOf: rowDigits)
        bytes.append(UInt8(ascii: "\""))
        func style(_ index: Int) {
            guard index != XLSXStyles.plain else { return }
            XLSXMarkup.append(" s=\"", to: &bytes)
            XLSXMarkup.appendDecimal(index, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
        switch cell {
        case .empty:
            return
        case .text(let text):
            // UTF-16 units never outnumber UTF-8 bytes: count them only for long texts.
            if text.utf8.count > 32_767 && text.utf16.count > 32_767 { throw refuse("text longer than 32767 characters") }
            style(bold ? XLSXStyles.bold : XLSXStyles.plain)
            if strings != nil {
                XLSXMarkup.append(" t=\"s\"><v>", to: &bytes)
                XLSXMarkup.appendDecimal(strings!.index(text), to: &bytes)
                XLSXMarkup.append("</v></c>", to: &bytes)
            } else {
                XLSXMarkup.append(" t=\"inlineStr\"><is><t", to: &bytes)
                let attributeAt = bytes.count
                bytes.append(UInt8(ascii: ">"))
                if XLSXMarkup.appendCellText(text, to: &bytes) {
                    bytes.insert(contentsOf: " xml:space=\"preserve\"".utf8, at: attributeAt)
                }
                XLSXMarkup.append("</t></is></c>", to: &bytes)
            }
            return
        case .number(let value):
            guard value.isFinite else { throw refuse("not a finite number") }
            style(bold ? XLSXStyles.bold : XLSXStyles.plain)
            appendValue(XLSXMarkup.numberText(value), formula: formula)
        case .integer(let value):
            style(bold ? XLSXStyles.bold : XLSXStyles.plain)
            bytes.append(UInt8(ascii: ">"))
            appendFormula(formula)
            XLSXMarkup.append("<v>", to: &bytes)
            XLSXMarkup.appendDecimal(value, to: &bytes)
            XLSXMarkup.append("</v></c>", to: &bytes)
        case .boolean(let value):
            style(bold ? XLSXStyles.bold : XLSXStyles.plain)
            XLSXMarkup.append(" t=\"b\">", to: &bytes)
            appendFormula(formula)
            XLSXMarkup.append(value ? "<v>1</v></c>" : "<v>0</v></c>", to: &bytes)
        case .date(let year, let month, let day):
            guard let serial = XLSXColumnTotal.serial(year: year, month: month, day: day) else {
                throw refuse("no such date \(year)-\(month)-\(day) from 1900 to 9999")
            }
            style(bold ? XLSXStyles.boldDate : XLSXStyles.date)
            bytes.append(UInt8(ascii: ">"))
            appendFormula(formula)
            XLSXMarkup.append("<v>", to: &bytes)
            XLSXMarkup.appendDecimal(serial, to: &bytes)
            XLSXMarkup.append("</v></c>", to: &bytes)
        case .money(let money):
            let currency = money.currency
            guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
                throw refuse("currency \"\(currency)\" is not an ISO 4217 code")
            }
            if let cached = moneyStyle, cached.currency == currency, cached.bold == bold {
                style(cached.index)
            } else {
                let index = styles.index(.money(currency: currency), bold: bold)
                moneyStyle = (currency, bold, index)
                style(index)
            }
            appendValue(money.decimalString, formula: formula)
        }
    }

    /// `>`, the optional formula, the value and the cell's end.
    private mutating func appendValue(_ text: String, formula: String?) {
        bytes.append(UInt8(ascii: ">"))
        appendFormula(formula)
        XLSXMarkup.append("<v>", to: &bytes)
        bytes.append(contentsOf: text.utf8)
        XLSXMarkup.append("</v></c>", to: &bytes)
    }

    /// `<f>` when there is a formula (the total row), right after the cell's start tag.
    private mutating func appendFormula(_ formula: String?) {
        guard let formula else { return }
        XLSXMarkup.append("<f>", to: &bytes)
        XLSXMarkup.appendCellText(formula, to: &bytes)
        XLSXMarkup.append("</f>", to: &bytes)
    }
}

/// The running total of one summed column, kept exact where it can be.
///
/// Like Excel's `SUM` over a range, texts and booleans are left out and dates count as their serial number. The
/// value is an integer when every term was one, an amount when every term was an amount of one currency (both
/// without overflow), and otherwise the sum of doubles.
struct XLSXColumnTotal {
    private var integers = 0
    private var minorUnits: Int64 = 0
    private var currency: String?
    private var double = 0.0
    private var onlyIntegers = true
    private var onlyMoney = true
    private var terms = 0

    mutating func add(_ cell: XLSXCell) {
        switch cell {
        case .integer(let value):
            terms += 1
            onlyMoney = false
            double += Double(value)
            let (sum, overflow) = integers.addingReportingOverflow(value)
            integers = sum
            if overflow { onlyIntegers = false }
        case .number(let value):
            terms += 1
            onlyMoney = false
            onlyIntegers = false
            double += value
        case .date(let year, let month, let day):
            terms += 1
            onlyMoney = false
            onlyIntegers = false
            double += Double(Self.serial(year: year, month: month, day: day) ?? 0)
        case .money(let money):
            terms += 1
            onlyIntegers = false
            var digits = 1.0
            for _ in 0..<money.minorUnitDigits { digits *= 10 }
            double += Double(money.minorUnits) / digits
            if currency == nil { currency = money.currency }
            let (sum, overflow) = minorUnits.addingReportingOverflow(money.minorUnits)
            minorUnits = sum
            if overflow || currency != money.currency { onlyMoney = false }
        case .text, .boolean, .empty:
            break
        }
    }

    /// The total as a cell: 0 for a column with no term.
    var value: XLSXCell {
        if terms == 0 { return .integer(0) }
        if onlyIntegers { return .integer(integers) }
        if onlyMoney, let currency { return .money(Money(minorUnits: minorUnits, currency: currency)) }
        return .number(double)
    }

    /// The serial number of a date Excel can show (1900-01-01 to 9999-12-31), nil for any other.
    static func serial(year: Int, month: Int, day: Int) -> Int? {
        guard (1900...9999).contains(year), CalendarDay(year: year, month: month, day: day) != nil else { return nil }
        return XLSXCellText.serial(year: year, month: month, day: day)
    }
}
