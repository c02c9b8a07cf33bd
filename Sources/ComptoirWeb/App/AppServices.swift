import ComptoirCore
import ComptoirServices
import Foundation
import Vapor

struct AppConfigKey: StorageKey {
    typealias Value = AppConfig
}

extension Application {
    /// The configuration the application was built with.
    public var comptoir: AppConfig {
        get {
            guard let config = storage[AppConfigKey.self] else { fatalError("buildApplication sets the configuration") }
            return config
        }
        set { storage[AppConfigKey.self] = newValue }
    }
}

extension Request {
    public var config: AppConfig { application.comptoir }
    /// The injected clock: app code never calls `Date()`.
    public var now: Date { application.comptoir.clock.now() }
    public func newID() -> UUID { application.comptoir.ids.next() }

    /// The client address, as the socket saw it (a proxy in front should be configured to be trusted later).
    public var clientIP: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
