import Foundation

/// The workbook-level parts both writers produce: content types, relationships and `xl/workbook.xml`.
///
/// Sheet n (1-based) is `xl/worksheets/sheet<n>.xml` with relationship `rId<n>`; styles and shared strings follow.
struct XLSXPackageParts {
    struct Sheet {
        var name: String
        /// The range of the sheet's autofilter ("A1:H100001"), named `_xlnm._FilterDatabase` as Excel does.
        var filterRange: String?
    }

    var sheets: [Sheet]
    /// Whether the package has `xl/sharedStrings.xml` (`XLSXWriter`); `XLSXStreamWriter` writes inline strings.
    var sharedStrings: Bool

    static func sheetPath(_ index: Int) -> String { "xl/worksheets/sheet\(index + 1).xml" }

    /// Every part but the worksheets, in the order they go into the archive, styles last.
    func parts(styles: XLSXStyles) -> [(path: String, text: String)] {
        [
            ("[Content_Types].xml", contentTypes), ("_rels/.rels", Self.packageRelationships), ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbookRelationships), ("xl/styles.xml", styles.xml),
        ]
    }

    var contentTypes: String {
        var xml = XLSXMarkup.xmlHeader + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        let prefix = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(prefix).sheet.main+xml\"/>"
        for index in sheets.indices {
            xml += "<Override PartName=\"/\(Self.sheetPath(index))\" ContentType=\"\(prefix).worksheet+xml\"/>"
        }
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(prefix).styles+xml\"/>"
        if sharedStrings {
            xml += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(prefix).sharedStrings+xml\"/>"
        }
        return xml + "</Types>"
    }

    static let packageRelationships =
        XLSXMarkup.xmlHeader + "<Relationships xmlns=\"\(XLSXMarkup.packageRelationshipsNamespace)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(XLSXMarkup.relationshipsNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    var workbook: String {
        var xml = XLSXMarkup.xmlHeader + "<workbook xmlns=\"\(XLSXMarkup.mainNamespace)\" xmlns:r=\"\(XLSXMarkup.relationshipsNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, sheet) in sheets.enumerated() {
            xml += "<sheet name=\"\(XLSXMarkup.escapedAttribute(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets>"
        let filters = sheets.enumerated().compactMap { index, sheet in sheet.filterRange.map { (index, sheet.name, $0) } }
        if !filters.isEmpty {
            xml += "<definedNames>"
            for (index, name, range) in filters {
                let absolute = range.split(separator: ":").map { Self.absolute(String($0)) }.joined(separator: ":")
                let reference = XLSXMarkup.quotedSheetName(name) + "!" + absolute
                xml += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                xml += XLSXMarkup.escapedCellText(reference) + "</definedName>"
            }
            xml += "</definedNames>"
        }
        return xml + "</workbook>"
    }

    /// "H12" → "$H$12".
    private static func absolute(_ reference: String) -> String {
        guard let digit = reference.firstIndex(where: \.isNumber) else { return "$" + reference }
        return "$" + reference[..<digit] + "$" + reference[digit...]
    }

    var workbookRelationships: String {
        let type = XLSXMarkup.relationshipsNamespace
        var xml = XLSXMarkup.xmlHeader + "<Relationships xmlns=\"\(XLSXMarkup.packageRelationshipsNamespace)\">"
        for index in sheets.indices {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(type)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(type)/styles\" Target=\"styles.xml\"/>"
        if sharedStrings {
            xml += "<Relationship Id=\"rId\(sheets.count + 2)\" Type=\"\(type)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        return xml + "</Relationships>"
    }
}
