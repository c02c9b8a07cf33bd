import Foundation

/// Reads workbooks with openpyxl, the independent reader our writer's output is checked against.
///
/// Installed by `.ci/run` (`openpyxl==3.1.5`). Same contract as the other Python checkers: under CI a missing module
/// fails the run; on a developer machine without it the tests needing it are skipped.
enum XLSXPythonChecker {
    /// True when openpyxl imports, and always under CI.
    static var available: Bool { PythonRunner.available("openpyxl") }

    @discardableResult
    static func run(_ script: String, input: Data) throws -> String { try PythonRunner.run(script, input: input) }

    /// What openpyxl sees in a workbook: sheet names, each cell as "kind:value", number formats, header fonts, panes.
    struct Reading: Decodable {
        var sheets: [String]
        var rows: [String: [[String?]]]
        var formats: [String: [[String]]]
        var bold: [String: [Bool]]
        var freeze: [String: String?]
    }

    /// Loads the workbook on stdin with openpyxl and prints a `Reading` as JSON.
    static let script = """
        import sys, io, json, datetime, openpyxl
        wb = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()))
        def cell(v):
            if v is None: return None
            if isinstance(v, datetime.datetime):
                return ("date:" + v.date().isoformat()) if v.time() == datetime.time(0) else "datetime:" + v.isoformat()
            if isinstance(v, bool): return "bool:" + str(v).lower()
            if isinstance(v, (int, float)): return "num:" + repr(v)
            return "text:" + v
        out = {"sheets": wb.sheetnames, "rows": {}, "formats": {}, "bold": {}, "freeze": {}}
        for ws in wb:
            out["rows"][ws.title] = [[cell(c.value) for c in row] for row in ws.iter_rows()]
            out["formats"][ws.title] = [[c.number_format for c in row] for row in ws.iter_rows()]
            out["bold"][ws.title] = [bool(c.font.b) for c in ws[1]]
            out["freeze"][ws.title] = ws.freeze_panes
        print(json.dumps(out, ensure_ascii=False))
        """

    /// What openpyxl sees of a streamed export: `Reading` plus filters, widths, formulas and their cached values.
    struct Layout: Decodable {
        struct Sheet: Decodable {
            /// Each cell as "kind:value" ("formula:=SUM(…)" for a formula); only for sheets of at most 200 rows.
            var rows: [[String?]]?
            /// The number formats of row 2 and of the last row.
            var secondRowFormats: [String]
            var lastRowFormats: [String]
            /// The last row as openpyxl reads it, then with `data_only=True` (formulas replaced by their cached value).
            var lastRow: [String?]
            var beforeLastRow: [String?]
            var lastRowCached: [String?]
            var lastRowBold: [Bool]
            var headerBold: [Bool]
            var maxRow: Int
            var freeze: String?
            var filter: String?
            /// Column letter → width, for the columns with a width.
            var widths: [String: Double]
        }
        var sheets: [String]
        var layout: [String: Sheet]
        /// `_xlnm._FilterDatabase` names of xl/workbook.xml as "localSheetId hidden value" (openpyxl drops them on load).
        var filterNames: [String]
    }

    /// Loads the workbook on stdin with openpyxl (twice: formulas, then cached values) and prints a `Layout` as JSON.
    static let layoutScript = """
        import sys, io, json, datetime, zipfile, openpyxl
        from xml.etree import ElementTree
        data = sys.stdin.buffer.read()
        wb = openpyxl.load_workbook(io.BytesIO(data))
        cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        def cell(c):
            v = c.value
            if v is None: return None
            if c.data_type == "f": return "formula:" + str(v)
            if isinstance(v, datetime.datetime):
                return ("date:" + v.date().isoformat()) if v.time() == datetime.time(0) else "datetime:" + v.isoformat()
            if isinstance(v, bool): return "bool:" + str(v).lower()
            if isinstance(v, int): return "int:" + repr(v)
            if isinstance(v, float): return "float:" + repr(v)
            return "text:" + v
        out = {"sheets": wb.sheetnames, "layout": {}, "filterNames": []}
        for ws in wb:
            last = ws.max_row
            out["layout"][ws.title] = {
                "rows": [[cell(c) for c in row] for row in ws.iter_rows()] if last <= 200 else None,
                "secondRowFormats": [c.number_format for c in ws[2]] if last >= 2 else [],
                "lastRowFormats": [c.number_format for c in ws[last]],
                "lastRow": [cell(c) for c in ws[last]],
                "beforeLastRow": [cell(c) for c in ws[last - 1]] if last >= 2 else [],
                "lastRowCached": [cell(c) for c in cached[ws.title][last]],
                "lastRowBold": [bool(c.font.b) for c in ws[last]],
                "headerBold": [bool(c.font.b) for c in ws[1]],
                "maxRow": last,
                "freeze": ws.freeze_panes,
                "filter": ws.auto_filter.ref,
                "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
            }
        main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        root = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml"))
        for name in root.iter(main + "definedName"):
            if name.get("name") == "_xlnm._FilterDatabase":
                out["filterNames"].append(name.get("localSheetId") + " " + name.get("hidden") + " " + name.text)
        print(json.dumps(out, ensure_ascii=False))
        """

    static func layout(_ workbook: Data) throws -> Layout {
        try JSONDecoder().decode(Layout.self, from: Data(run(layoutScript, input: workbook).utf8))
    }

    static func read(_ workbook: Data) throws -> Reading {
        try JSONDecoder().decode(Reading.self, from: Data(run(script, input: workbook).utf8))
    }
}
