import ComptoirCore
import ComptoirServices
import Foundation
import NIOCore
import Vapor

/// The sales jobs `serve` runs: quote expiry at startup, then every day. Each run is one audited transaction under the
/// `sales` lock and repeats harmlessly, so several instances sharing a PostgreSQL database may all run it.
public enum SalesJobs {
    public static func start(_ app: Application) async {
        await expireQuotes(app)
        let loop = app.eventLoopGroup.next()
        loop.scheduleRepeatedAsyncTask(initialDelay: .hours(24), delay: .hours(24)) { _ in
            loop.makeFutureWithTask { await expireQuotes(app) }
        }
    }

    static func expireQuotes(_ app: Application) async {
        let context = app.systemContext("quote expiry")
        do {
            let expired = try await SalesDocumentService(context).expireQuotes(asOf: CalendarDay(context.now))
            if !expired.isEmpty { app.logger.notice("sales: \(expired.count) devis expiré(s) : \(expired.joined(separator: ", "))") }
        } catch {
            app.logger.error("sales: unable to expire quotes: \(error)")
        }
    }
}
