import ComptoirCore
import ComptoirStore
import Foundation

/// « Paramètres ERP »: installment invoicing on or off (« Activer la gestion des acomptes »), the default payment terms,
/// late-payment penalties and early-payment discount printed on invoices, VAT franchise, and each kind's numbering
/// pattern. Administrators change them, in one transaction, audited.
public struct SalesSettingsService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    public struct Values: Sendable, Hashable {
        public var deposits: Bool
        public var vatFranchise: Bool
        public var paymentTerms: String
        public var latePenaltyRate: String
        public var earlyPaymentDiscount: String
        /// Days from an invoice's date to its due date when none is typed; empty: none.
        public var paymentDays: String
        /// Numbering pattern by kind (its raw value).
        public var patterns: [String: String]

        public init(
            deposits: Bool = false, vatFranchise: Bool = false, paymentTerms: String = "", latePenaltyRate: String = "",
            earlyPaymentDiscount: String = "", paymentDays: String = "", patterns: [String: String] = [:]
        ) {
            self.deposits = deposits
            self.vatFranchise = vatFranchise
            self.paymentTerms = paymentTerms
            self.latePenaltyRate = latePenaltyRate
            self.earlyPaymentDiscount = earlyPaymentDiscount
            self.paymentDays = paymentDays
            self.patterns = patterns
        }
    }

    /// The kinds with a numbering pattern of their own (credit notes share the invoices' sequence but print their prefix).
    public static let numberedKinds: [SalesDocument.Kind] = SalesDocument.Kind.allCases

    public func current() async throws -> Values {
        try context.authorize(.read, .sales)
        let db = context.db
        func text(_ key: String) async throws -> String { try await Settings.string(key, on: db) ?? "" }
        var patterns: [String: String] = [:]
        for kind in Self.numberedKinds {
            patterns[kind.rawValue] = try await SalesDocumentService.pattern(kind, context).text
        }
        return Values(
            deposits: try await text(SalesDocumentService.depositsSetting) == "true",
            vatFranchise: try await text(SalesDocumentService.vatFranchiseSetting) == "true",
            paymentTerms: try await text(SalesDocumentService.paymentTermsSetting),
            latePenaltyRate: try await text(SalesDocumentService.latePenaltyRateSetting),
            earlyPaymentDiscount: try await text(SalesDocumentService.earlyPaymentDiscountSetting),
            paymentDays: try await text(SalesDocumentService.paymentDaysSetting), patterns: patterns)
    }

    /// Checks every value (each error named by its field, `pattern.<kind>` for the patterns), then writes them all.
    public func update(_ values: Values) async throws {
        try context.authorize(.write, .settings)
        var errors: [String: [Localized]] = [:]
        var patterns: [String: String] = [:]
        for kind in Self.numberedKinds {
            let text = (values.patterns[kind.rawValue] ?? "").fastTrimmed
            do {
                patterns[kind.rawValue] = try NumberingPattern(parsing: text).text
            } catch {
                errors["pattern.\(kind.rawValue)"] = [L(error.message(french: true), error.message(french: false))]
            }
        }
        for (key, text) in [
            ("paymentTerms", values.paymentTerms), ("latePenaltyRate", values.latePenaltyRate),
            ("earlyPaymentDiscount", values.earlyPaymentDiscount),
        ] where text.unicodeScalars.count > 500 {
            errors[key] = [L("500 caractères au plus.", "At most 500 characters.")]
        }
        let days = values.paymentDays.fastTrimmed
        if !days.isEmpty && Int(days).map({ (0...365).contains($0) }) != true {
            errors["paymentDays"] = [L("Un nombre de jours entre 0 et 365, ou rien.", "A number of days from 0 to 365, or nothing.")]
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        let checked = patterns
        try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            let db = context.db
            let before = try await SalesSettingsService(context).current()
            var changes: [String: (before: FieldValue, after: FieldValue)] = [:]
            func set(_ key: String, _ name: String, _ old: String, _ new: String) async throws {
                guard old != new else { return }
                try await Settings.set(key, new, on: db)
                changes[name] = (.text(old), .text(new))
            }
            try await set(
                SalesDocumentService.depositsSetting, "deposits", before.deposits ? "true" : "false", values.deposits ? "true" : "false")
            try await set(
                SalesDocumentService.vatFranchiseSetting, "vatFranchise", before.vatFranchise ? "true" : "false",
                values.vatFranchise ? "true" : "false")
            try await set(SalesDocumentService.paymentTermsSetting, "paymentTerms", before.paymentTerms, values.paymentTerms.fastTrimmed)
            try await set(
                SalesDocumentService.latePenaltyRateSetting, "latePenaltyRate", before.latePenaltyRate, values.latePenaltyRate.fastTrimmed)
            try await set(
                SalesDocumentService.earlyPaymentDiscountSetting, "earlyPaymentDiscount", before.earlyPaymentDiscount,
                values.earlyPaymentDiscount.fastTrimmed)
            try await set(
                SalesDocumentService.paymentDaysSetting, "paymentDays", before.paymentDays, days.isEmpty ? "" : String(Int(days)!))
            for kind in Self.numberedKinds {
                try await set(
                    kind.patternSetting, "pattern.\(kind.rawValue)", before.patterns[kind.rawValue] ?? "", checked[kind.rawValue] ?? "")
            }
            guard !changes.isEmpty else { return }
            try await AuditLog.record(
                .update, entity: "settings", id: "sales", summary: "Paramètres ERP modifiés", changes: changes, by: context.auditActor,
                at: context.now, on: db)
        }
    }
}
