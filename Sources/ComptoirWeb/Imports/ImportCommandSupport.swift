import ComptoirServices
import Foundation
import Vapor

/// What `comptoir import` and `comptoir serve` need from the import module.
public enum ImportCommandSupport {
    /// At start: batches a stopped process left running are marked failed (what they wrote stays whole and can be undone).
    public static func recover(_ app: Application) async throws {
        try await ImportService.recoverInterrupted(app.systemContext("comptoir serve"))
    }

    public typealias Failure = ImportCommandError

    /// `comptoir import FILE --config NAME [--dry-run] [--update-existing] [--reject-partial-rows]`, with `context` (the
    /// command's system context): the same analysis, checks and writes as the web flow, with progress lines for the
    /// terminal. Returns the summary lines.
    public static func run(
        _ app: Application, context: ServiceContext, file: String, configuration: String, dryRun: Bool, updateExisting: Bool,
        rejectPartialRows: Bool = false, userEmail: String?,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> [String] {
        try await ImportService(app: app, context: context).importFile(
            file, configuration: configuration, dryRun: dryRun, updateExisting: updateExisting, rejectPartialRows: rejectPartialRows,
            userEmail: userEmail, progress: progress)
    }
}
