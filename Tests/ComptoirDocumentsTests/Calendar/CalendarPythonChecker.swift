import Foundation
import Testing

/// Runs Python's `icalendar` (an independent reader, installed by `.ci/run`) on feeds we wrote.
///
/// Same contract as ComptoirWebTests' `PythonChecker`: in CI a missing module must fail the run, so the
/// tests needing it stay enabled there; on a developer machine without it they are skipped.
enum CalendarPythonChecker {
    static func available(_ module: String) -> Bool { PythonRunner.available(module) }

    @discardableResult
    static func run(_ script: String, input: Data) throws -> String { try PythonRunner.run(script, input: input) }
}
