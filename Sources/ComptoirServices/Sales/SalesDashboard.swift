import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// « Tableau de bord ventes »: revenue by month over twelve months, what customers still owe by age, quotes to follow up.
public struct SalesDashboard: Sendable {
    public struct Month: Sendable, Hashable {
        public var year: Int
        public var month: Int
        /// Invoices net of credit notes, excl. VAT, in cents.
        public var revenue: Int64
    }

    /// Unpaid invoices by how long they are overdue.
    public enum AgeBucket: Int, Sendable, CaseIterable {
        case notDue, upTo30, upTo60, upTo90, over90

        public var label: Localized {
            switch self {
            case .notDue: L("Non échu", "Not yet due")
            case .upTo30: L("0 à 30 jours", "0–30 days")
            case .upTo60: L("31 à 60 jours", "31–60 days")
            case .upTo90: L("61 à 90 jours", "61–90 days")
            case .over90: L("Plus de 90 jours", "Over 90 days")
            }
        }

        /// The bucket of an invoice `days` past its due date (negative: not due yet). Due today counts as 0 days late.
        public static func of(daysLate days: Int?) -> AgeBucket {
            guard let days, days >= 0 else { return .notDue }
            switch days {
            case 0...30: return .upTo30
            case 31...60: return .upTo60
            case 61...90: return .upTo90
            default: return .over90
            }
        }
    }

    public struct Aging: Sendable, Hashable {
        public var bucket: AgeBucket
        public var count: Int
        public var due: Int64
    }

    public var today: CalendarDay
    public var months: [Month]
    public var aging: [Aging]
    /// The oldest unpaid invoices (20 at most), with their days late.
    public var unpaid: [(invoice: SalesDashboardStore.Unpaid, daysLate: Int?)]
    /// Validated or sent quotes not answered, the soonest to expire first, and whether each expires within 7 days.
    public var quotes: [(quote: SalesDocumentRecord, expiresSoon: Bool)]

    public var overdueTotal: Int64 { aging.filter { $0.bucket != .notDue }.reduce(0) { $0 + $1.due } }
    public var dueTotal: Int64 { aging.reduce(0) { $0 + $1.due } }
}

public enum SalesDashboardService {
    /// Days ahead within which a quote « expire bientôt ».
    public static let expiringWithin = 7

    /// The dashboard as of the context's clock (its day in Paris).
    public static func dashboard(_ context: ServiceContext) async throws -> SalesDashboard {
        try context.authorize(.read, .sales)
        let today = CalendarDay(context.now)
        let first = (CalendarDay(year: today.year, month: today.month, day: 1) ?? today).adding(months: -11)
        let revenue = try await SalesDashboardStore.revenueByMonth(from: first.isoString, on: context.db)
        var months: [SalesDashboard.Month] = []
        var month = first
        for _ in 0..<12 {
            let key = String(month.isoString.prefix(7))
            months.append(.init(year: month.year, month: month.month, revenue: revenue[key] ?? 0))
            month = month.adding(months: 1)
        }
        func daysLate(_ due: String?) -> Int? { due.flatMap(CalendarDay.init(parsing:)).map { $0.days(to: today) } }
        var buckets: [SalesDashboard.AgeBucket: (Int, Int64)] = [:]
        for group in try await SalesDashboardStore.dueByDate(on: context.db) {
            let bucket = SalesDashboard.AgeBucket.of(daysLate: daysLate(group.dueDate))
            buckets[bucket, default: (0, 0)].0 += group.count
            buckets[bucket, default: (0, 0)].1 += group.due
        }
        let aging = SalesDashboard.AgeBucket.allCases.map {
            SalesDashboard.Aging(bucket: $0, count: buckets[$0]?.0 ?? 0, due: buckets[$0]?.1 ?? 0)
        }
        let unpaid = try await SalesDashboardStore.unpaid(limit: 20, on: context.db).map { ($0, daysLate($0.dueDate)) }
        let soon = today.adding(days: expiringWithin)
        let quotes = try await SalesDashboardStore.pendingQuotes(limit: 20, on: context.db).map { quote in
            (quote, quote.validUntil.flatMap(CalendarDay.init(parsing:)).map { $0 <= soon } ?? false)
        }
        return SalesDashboard(today: today, months: months, aging: aging, unpaid: unpaid, quotes: quotes)
    }
}
