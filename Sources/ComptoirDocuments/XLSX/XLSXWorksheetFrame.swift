import Foundation

/// What surrounds a worksheet's rows: before them the dimension, view (frozen header) and column widths, after them
/// the autofilter. Known only once the rows are written, so the streaming writer keeps the rows in their own file.
struct XLSXWorksheetFrame {
    /// The used range, "A1:L100002" ("A1" for an empty sheet).
    var dimension: String
    /// The first sheet is the one shown when the file opens.
    var selected: Bool
    /// Row 1 stays visible when scrolling.
    var freezeFirstRow: Bool
    var columns: [XLSXColumn]
    /// The autofilter's range: the header and the data rows, not the total row.
    var autoFilter: String?

    /// Refuses a width Excel cannot show (it allows 0 to 255 characters).
    static func validate(_ columns: [XLSXColumn], sheet: String) throws {
        for (index, column) in columns.enumerated() {
            guard let width = column.width else { continue }
            guard width.isFinite, (0...255).contains(width) else {
                throw XLSXError.invalidColumn(sheet: sheet, column: index + 1, reason: "width \(width) is not from 0 to 255")
            }
        }
        guard columns.count <= XLSXWorkbook.maxColumns else {
            throw XLSXError.invalidColumn(sheet: sheet, column: columns.count, reason: "more than 16384 columns")
        }
    }

    /// From the XML declaration to `<sheetData>`.
    var head: String {
        let main = XLSXMarkup.mainNamespace, relationships = XLSXMarkup.relationshipsNamespace
        var xml = XLSXMarkup.xmlHeader + "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(relationships)\">"
        xml += "<dimension ref=\"\(dimension)\"/>"
        xml += "<sheetViews><sheetView workbookViewId=\"0\"" + (selected ? " tabSelected=\"1\"" : "") + ">"
        if freezeFirstRow { xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>" }
        xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        let sized = columns.enumerated().compactMap { index, column in column.width.map { (index + 1, $0) } }
        if !sized.isEmpty {
            xml += "<cols>"
            for (number, width) in sized {
                xml += "<col min=\"\(number)\" max=\"\(number)\" width=\"\(XLSXMarkup.numberText(width))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        return xml + "<sheetData>"
    }

    /// From `</sheetData>` to the end.
    var tail: String {
        "</sheetData>" + (autoFilter.map { "<autoFilter ref=\"\($0)\"/>" } ?? "") + "</worksheet>"
    }
}
