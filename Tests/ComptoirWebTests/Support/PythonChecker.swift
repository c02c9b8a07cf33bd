import ComptoirServices
import Foundation
import Testing

/// Runs an independent checker written in Python (installed by `.ci/run`) on a file we produced.
enum PythonChecker {
    /// True when `module` imports; in CI a missing checker must fail the run, so tests requiring it stay enabled there.
    static func available(_ module: String) -> Bool {
        if ProcessInfo.processInfo.environment["CI"] != nil { return true }
        return (try? run("import \(module)", input: Data())) != nil
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
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CheckerFailed(message: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    struct CheckerFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { "python checker failed: \(message)" }
    }
}
