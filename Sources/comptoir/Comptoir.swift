import ArgumentParser
import ComptoirCore
import ComptoirServices
import ComptoirStore
import ComptoirWeb
import Foundation
import Logging
import Vapor

/// The `comptoir` command: serve the application and administer its data.
@main
struct Comptoir: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comptoir",
        abstract: "Comptoir — CRM + ERP pour les petites entreprises françaises.",
        subcommands: [Serve.self, Migrate.self, UserCommand.self, TokenCommand.self, Demo.self, ImportCommand.self, VerifyCommand.self],
        defaultSubcommand: Serve.self
    )

    /// Wrong flags and failures end with one line on stderr and a non-zero status, never a stack trace.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = (error as? CLIError)?.message ?? Self.message(for: error)
            let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
            FileHandle.standardError.write(Data("comptoir: \(firstLine)\n".utf8))
            Foundation.exit(code == .failure || code.rawValue == 0 ? 1 : code.rawValue)
        }
    }
}

/// An error already phrased for the person at the terminal.
struct CLIError: Error {
    var message: String
}

/// The options every command shares: where the data lives.
struct StoreOptions: ParsableArguments {
    @ArgumentParser.Option(name: .customLong("data-dir"), help: "Data directory (env COMPTOIR_DATA_DIR, default ./comptoir-data).")
    var dataDirectory: String?

    @ArgumentParser.Option(
        name: .customLong("database-url"),
        help: "postgres://… to use PostgreSQL (env DATABASE_URL); SQLite in the data directory otherwise.")
    var databaseURL: String?

    var resolvedDataDirectory: String {
        dataDirectory ?? ProcessInfo.processInfo.environment["COMPTOIR_DATA_DIR"] ?? "./comptoir-data"
    }

    func config(hostname: String = "127.0.0.1", port: Int = 8080, baseURL: String? = nil, jsonLogs: Bool = false) throws -> AppConfig {
        let url = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"]
        let location: DatabaseLocation
        do {
            location = try DatabaseLocation.resolve(url: url, dataDirectory: resolvedDataDirectory)
        } catch {
            throw CLIError(message: "\(error)")
        }
        return AppConfig(
            database: location, dataDirectory: resolvedDataDirectory, hostname: hostname, port: port,
            baseURL: baseURL ?? ProcessInfo.processInfo.environment["BASE_URL"], jsonLogs: jsonLogs,
            importTuning: ImportTuning(environment: ProcessInfo.processInfo.environment))
    }
}

/// Builds the application, migrates, runs `body`, and shuts down; database failures become one line.
func withApplication<T>(
    _ config: AppConfig, arguments: [String] = ["comptoir"], _ body: (Application) async throws -> T
) async throws -> T {
    bootstrapLogging(json: config.jsonLogs, level: arguments.contains("serve") ? .info : .warning)
    let app: Application
    do {
        app = try await buildApplication(config, environment: Environment(name: "production", arguments: arguments))
    } catch {
        throw CLIError(message: "cannot open the database (\(config.database.displayName)): \(error)")
    }
    do {
        // Connection failures are reported once, by us, in one line: keep the pool's own logs quiet meanwhile.
        let level = app.logger.logLevel
        app.logger.logLevel = .critical
        do {
            try await StoreSetup.ping(app.db)
        } catch {
            throw CLIError(message: "cannot reach the database (\(config.database.displayName)): \(conciseDescription(error))")
        }
        app.logger.logLevel = level
        do {
            try await migrate(app)
        } catch {
            throw CLIError(message: "cannot migrate the database (\(config.database.displayName)): \(conciseDescription(error))")
        }
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// LoggingSystem may be bootstrapped once per process.
private final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}

private let loggingBootstrap = OnceFlag()

func bootstrapLogging(json: Bool, level: Logger.Level) {
    guard loggingBootstrap.claim() else { return }
    let env = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) }
    LoggingSystem.bootstrap { label in
        if json {
            var handler = JSONLogHandler(label: label)
            handler.logLevel = env ?? level
            return handler
        }
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = env ?? level
        return handler
    }
}

/// One line saying what went wrong; PostgreSQL errors hide their details from `description`.
func conciseDescription(_ error: any Error) -> String {
    let text = String(reflecting: error)
    if let range = text.range(of: "error: ") ?? text.range(of: "reason: ") {
        return String(text[range.upperBound...].prefix(200))
    }
    return String(text.prefix(200))
}

func printOut(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
