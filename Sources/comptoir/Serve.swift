import ArgumentParser
import ComptoirDemo
import ComptoirServices
import ComptoirWeb
import Foundation
import Vapor

/// `comptoir serve`: migrate, create the first admin if needed, load the demo on request, and serve.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web application (default 127.0.0.1:8080).")

    @ArgumentParser.OptionGroup var store: StoreOptions

    @ArgumentParser.Option(help: "Address to listen on.")
    var hostname: String = "127.0.0.1"

    @ArgumentParser.Option(help: "Port to listen on (env PORT).")
    var port: Int?

    @ArgumentParser.Option(name: .customLong("base-url"), help: "Public URL, e.g. https://crm.example.fr (env BASE_URL).")
    var baseURL: String?

    @ArgumentParser.Flag(help: "Load realistic French sample data (once).")
    var demo = false

    @ArgumentParser.Option(name: .customLong("log-format"), help: "text or json.")
    var logFormat: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() async throws {
        let resolvedPort = port ?? ProcessInfo.processInfo.environment["PORT"].flatMap(Int.init) ?? 8080
        let config = try store.config(hostname: hostname, port: resolvedPort, baseURL: baseURL, jsonLogs: logFormat == "json")
        try await withApplication(config, arguments: ["comptoir", "serve"]) { app in
            if let admin = try await FirstRun.ensureAdmin(app) {
                printOut(
                    """
                    Premier démarrage : compte administrateur créé.
                      E-mail : \(admin.email)
                      Mot de passe à usage unique : \(admin.password)
                    (vous devrez le changer à la première connexion)
                    """)
            }
            if demo {
                for line in try await loadDemo(app) { printOut(line) }
            }
            try await ImportCommandSupport.recover(app)
            await SalesJobs.start(app)
            printOut("Comptoir : http://\(hostname):\(resolvedPort)  (données : \(config.database.displayName))")
            try await app.asyncBoot()
            try await app.server.start(address: nil)
            await waitForTermination()
            app.logger.notice("Arrêt demandé : fin des requêtes en cours…")
            await app.server.shutdown()
        }
    }
}

/// `comptoir migrate`: bring the database schema up to date.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @ArgumentParser.OptionGroup var store: StoreOptions

    func run() async throws {
        let config = try store.config()
        try await withApplication(config) { _ in
            printOut("Base de données à jour (\(config.database.displayName)).")
        }
    }
}

/// `comptoir demo`: load the sample data into an existing database.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo data into the database (once per module).")

    @ArgumentParser.OptionGroup var store: StoreOptions

    func run() async throws {
        try await withApplication(try store.config()) { app in
            let lines = try await loadDemo(app)
            printOut(lines.isEmpty ? "Les données de démonstration sont déjà chargées." : lines.joined(separator: "\n"))
        }
    }
}

/// The demo: the modules' sample data (ComptoirDemo, written through the services by the program and the demo's
/// users), then the import's sample files, which Web writes (`ImportsDemo`). Each part is loaded once.
func loadDemo(_ app: Application) async throws -> [String] {
    let imports = DemoPart(name: "imports") { _ in try await ImportsDemo.load(app) }
    return try await DemoData.load(app.systemContext("demo"), parts: DemoData.parts + [imports])
}

/// Suspends until SIGTERM or SIGINT; the server then stops accepting and finishes in-flight requests.
func waitForTermination() async {
    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let queue = DispatchQueue(label: "comptoir.signals")
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumed = ManagedAtomicFlag()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if resumed.set() { continuation.resume() }
            }
            source.resume()
            sources.append(source)
        }
        SignalSources.keep(sources)
    }
}

/// Keeps the signal sources alive for the process's lifetime.
enum SignalSources {
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []
    static func keep(_ list: [any DispatchSourceSignal]) { sources = list }
}

/// A flag set once, from any thread.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Sets the flag; true only for the first caller.
    func set() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if value { return false }
        value = true
        return true
    }
}
