import Foundation

/// Reads workbooks with openpyxl, the independent reader our writer's output is checked against.
///
/// Installed by `.ci/run` (`openpyxl==3.1.5`). Same contract as the other Python checkers: under CI a missing module
/// fails the run; on a developer machine without it the tests needing it are skipped.
enum XLSXPythonChecker {
    /// True when openpyxl imports, and always under CI.
    static var available: Bool {
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        return (try? run("import openpyxl", input: Data())) != nil
    }

    /// Runs `script` with `input` on stdin; returns stdout, throws on a non-zero exit.
    @discardableResult
    static func run(_ script: String, input: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both outputs while writing, so a large output cannot fill a pipe and block the child.
        nonisolated(unsafe) var output = Data(), errors = Data()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) { output = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: readers) { errors = stderr.fileHandleForReading.readDataToEndOfFile() }
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        readers.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CheckerFailed(message: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    struct CheckerFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { "openpyxl checker failed: \(message)" }
    }

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
