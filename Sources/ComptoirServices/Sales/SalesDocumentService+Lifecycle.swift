import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

extension SalesDocumentService {
    /// « Marquer comme envoyé »: a validated quote, order or invoice becomes `sent` (the customer has it). Audited.
    public func markSent(_ id: UUID) async throws {
        try context.authorize(.write, .sales)
        try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard let document = try await Self.load(id, context) else { throw AppError.notFound }
            guard [.quote, .order, .invoice].contains(document.kind) else {
                throw AppError.conflict(
                    L(
                        "Seuls un devis, une commande ou une facture se marquent comme envoyés.",
                        "Only a quote, an order or an invoice is marked as sent."), code: "not_sendable")
            }
            guard let reference = document.reference else {
                throw AppError.conflict(
                    L("Validez le document avant de l'envoyer.", "Validate the document before sending it."), code: "document_draft")
            }
            guard document.state == .validated else {
                throw AppError.conflict(
                    L(
                        "\(document.kind.label.fr) \(reference) est déjà \(document.state.label.fr.lowercased()).",
                        "\(document.kind.label.en) \(reference) is already \(document.state.label.en.lowercased())."),
                    code: "not_sendable")
            }
            try await SalesDocumentStore.setState(id, SalesDocument.State.sent.rawValue, at: context.now, on: context.db)
            try await AuditLog.record(
                .update, entity: Self.entity, id: id.uuidString.lowercased(), summary: "\(document.kind.label.fr) \(reference) : envoyé",
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    /// Quotes past their validity date (« Valable jusqu'au » before `day`) and still unanswered (validated or sent)
    /// become `expired`, each with its audit entry. Run at startup and daily by `serve`, callable any time: a quote
    /// already expired, answered or without a date is left alone, so running it twice changes nothing. Returns the
    /// references expired.
    @discardableResult
    public func expireQuotes(asOf day: CalendarDay) async throws -> [String] {
        try context.authorize(.write, .sales)
        return try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            let quotes = try await SalesDocumentStore.quotesToExpire(before: day.isoString, on: context.db)
            for quote in quotes {
                try await SalesDocumentStore.setState(quote.id, SalesDocument.State.expired.rawValue, at: context.now, on: context.db)
                try await AuditLog.record(
                    .update, entity: Self.entity, id: quote.id.uuidString.lowercased(),
                    summary:
                        "Devis \(quote.reference ?? "") : expiré (valable jusqu'au \(CalendarDay(parsing: quote.validUntil ?? "")?.formatted() ?? "?"))",
                    by: context.auditActor, at: context.now, on: context.db)
            }
            return quotes.compactMap(\.reference)
        }
    }
}
