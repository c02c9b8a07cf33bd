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

    static func read(_ workbook: Data) throws -> Reading {
        try JSONDecoder().decode(Reading.self, from: Data(run(script, input: workbook).utf8))
    }
}
