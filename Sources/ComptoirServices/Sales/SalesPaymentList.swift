import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

extension SalesPaymentService {
    /// « Versements »: payments received and sent, the latest first, with their customer, the invoices they settled and
    /// the credit they keep.
    public func list(_ filter: SalesPaymentFilter, limit: Int = 50, offset: Int = 0) async throws -> [SalesPaymentListRow] {
        try context.authorize(.read, .sales)
        return try await SalesPaymentStore.list(filter, limit: min(max(limit, 1), 500), offset: max(offset, 0), on: context.db)
    }

    /// The list's filter from what a form or a query string typed: dates as dd/mm/yyyy or yyyy-mm-dd, a known method, a
    /// company's id; each bad one named (400 `invalid_filter`).
    public static func filter(from: String?, to: String?, method: String?, companyID: String?, text: String?) throws
        -> SalesPaymentFilter
    {
        var errors: [String: [Localized]] = [:]
        var filter = SalesPaymentFilter(text: text?.fastTrimmed.isEmpty == false ? text?.fastTrimmed : nil)
        for (key, raw, path) in [("from", from, \SalesPaymentFilter.from), ("to", to, \SalesPaymentFilter.to)] {
            guard let raw = raw?.fastTrimmed, !raw.isEmpty else { continue }
            guard let day = CalendarDay(parsing: raw) ?? DateDisplay.parseDay(raw) else {
                errors[key] = [L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy).")]
                continue
            }
            filter[keyPath: path] = day.isoString
        }
        if let method = method?.fastTrimmed, !method.isEmpty {
            if methods.contains(method) { filter.method = method } else { errors["method"] = [L("Mode inconnu.", "Unknown method.")] }
        }
        if let raw = companyID?.fastTrimmed, !raw.isEmpty {
            if let id = UUID(uuidString: raw) {
                filter.companyID = id
            } else {
                errors["companyId"] = [L("Identifiant attendu.", "An id is expected.")]
            }
        }
        if !errors.isEmpty { throw AppError(.badRequest, code: "invalid_filter", L("Filtre invalide.", "Invalid filter."), fields: errors) }
        return filter
    }
}
