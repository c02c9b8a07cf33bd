import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation

/// Everything `buildApplication` needs; tests pass one that selects a fresh database and pinned clients.
public struct AppConfig: Sendable {
    public var database: DatabaseLocation
    public var dataDirectory: String
    public var hostname: String
    public var port: Int
    /// The public URL (e.g. `https://crm.example.fr`); an https URL makes cookies `Secure`.
    public var baseURL: String?
    /// Bodies over this many bytes are refused with 413 (uploads have their own limit).
    public var maxBodyBytes: Int
    /// bcrypt cost; tests lower it, production keeps 12.
    public var bcryptCost: Int
    public var clock: any ComptoirCore.Clock
    public var ids: any IDGenerator
    /// Log lines as JSON objects (one per line) instead of text.
    public var jsonLogs: Bool
    /// The import's speed knobs (`comptoir` reads them from the environment once, at start).
    public var importTuning: ImportTuning

    public init(
        database: DatabaseLocation, dataDirectory: String, hostname: String = "127.0.0.1", port: Int = 8080,
        baseURL: String? = nil, maxBodyBytes: Int = 2 * 1024 * 1024, bcryptCost: Int = 12,
        clock: any ComptoirCore.Clock = SystemClock(), ids: any IDGenerator = RandomIDGenerator(), jsonLogs: Bool = false,
        importTuning: ImportTuning = .standard
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.hostname = hostname
        self.port = port
        self.baseURL = baseURL
        self.maxBodyBytes = maxBodyBytes
        self.bcryptCost = bcryptCost
        self.clock = clock
        self.ids = ids
        self.jsonLogs = jsonLogs
        self.importTuning = importTuning
    }

    public var secureCookies: Bool { baseURL?.lowercased().hasPrefix("https://") ?? false }
}
