import ArgumentParser
import ComptoirServices
import ComptoirWeb
import Foundation

/// `comptoir import FILE --config NAME [--dry-run] [--update-existing] [--reject-partial-rows]`: import companies and contacts
/// with a saved configuration, showing the progress on the terminal.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import companies and contacts from a CSV or XLSX file with a saved configuration.")

    @ArgumentParser.OptionGroup var store: StoreOptions
    @ArgumentParser.Argument(help: "The CSV or XLSX file.") var file: String
    @ArgumentParser.Option(name: .customLong("config"), help: "The saved import configuration's name.") var configName: String
    @ArgumentParser.Flag(name: .customLong("dry-run"), help: "Simulate: check every row and count, write nothing.") var dryRun = false
    @ArgumentParser.Flag(name: .customLong("update-existing"), help: "Update matching existing records instead of leaving them.")
    var updateExisting = false
    @ArgumentParser.Flag(
        name: .customLong("reject-partial-rows"),
        help: "Refuse a whole row when its contact is invalid (default: the configuration's choice, normally create its company).")
    var rejectPartialRows = false
    @ArgumentParser.Option(help: "The importing user (default: the first administrator).") var user: String?

    func run() async throws {
        try await withApplication(try store.config()) { app in
            let terminal = isatty(STDERR_FILENO) == 1
            do {
                // The program acts: every right; the audit names the importing user (see `ImportService.importFile`).
                let lines = try await ImportCommandSupport.run(
                    app, context: app.systemContext("comptoir import"), file: file, configuration: configName, dryRun: dryRun,
                    updateExisting: updateExisting, rejectPartialRows: rejectPartialRows, userEmail: user
                ) { line in
                    FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
                }
                if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
                for line in lines { printOut(line) }
            } catch let failure as ImportCommandSupport.Failure {
                throw CLIError(message: failure.description)
            }
        }
    }
}
