import Foundation

/// Runs the independent Python checkers installed by `.ci/run` (icalendar, openpyxl, qrcodegen, zxing-cpp).
///
/// Contract shared by every checker: under CI a missing module fails the run, so the tests needing it stay
/// enabled there; on a developer machine without it they are skipped.
enum PythonRunner {
    /// True when `module` imports, and always under CI.
    static func available(_ module: String) -> Bool {
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        return (try? run("import \(module)", input: Data())) != nil
    }

    /// Runs `script` with `input` on stdin; returns stdout, throws on a non-zero exit.
    @discardableResult
    static func run(_ script: String, input: Data) throws -> String {
        try run(executable: "/usr/bin/env", arguments: ["python3", "-c", script], input: input)
    }

    /// Runs a program with `input` on stdin; returns stdout, throws on a non-zero exit.
    @discardableResult
    static func run(executable: String, arguments: [String], input: Data = Data()) throws -> String {
        String(decoding: try runData(executable: executable, arguments: arguments, input: input), as: UTF8.self)
    }

    /// Runs `script` with `input` on stdin; returns stdout as bytes (a PDF), throws on a non-zero exit.
    static func runBinary(_ script: String, input: Data) throws -> Data {
        try runData(executable: "/usr/bin/env", arguments: ["python3", "-c", script], input: input)
    }

    /// Runs a program with `input` on stdin; returns stdout's bytes, throws on a non-zero exit.
    static func runData(executable: String, arguments: [String], input: Data = Data()) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
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
            throw Failed(program: arguments.first ?? executable, message: String(decoding: errors, as: UTF8.self))
        }
        return output
    }

    struct Failed: Error, CustomStringConvertible {
        var program: String
        var message: String
        var description: String { "checker (\(program)) failed: \(message)" }
    }
}
