import ComptoirServices
import ComptoirStore
import Vapor

/// `/healthz` checks the database; `/livez` answers without touching anything (also the benchmark's bare route).
enum HealthRoutes {
    static func register(_ app: Application) {
        app.get("livez") { _ in
            Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8"], body: "ok")
        }
        app.get("healthz") { request async -> Response in
            do {
                try await StoreSetup.ping(request.db)
                return JSONValue.object(["status": "ok", "database": "ok"]).response()
            } catch {
                request.logger.error("web: health check failed: \(error)")
                return JSONValue.object(["status": "error", "database": "unreachable"]).response(.serviceUnavailable)
            }
        }
    }
}
