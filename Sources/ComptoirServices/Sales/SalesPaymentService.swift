import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// A payment (« Versement ») as a form or the API submits it.
public struct SalesPaymentInput: Sendable, Hashable {
    public struct Allocation: Sendable, Hashable {
        /// The invoice's id.
        public var document: String
        /// What goes to it as typed; empty: what it still has due (within what the payment has left).
        public var amount: String

        public init(document: String, amount: String = "") {
            self.document = document
            self.amount = amount
        }
    }

    /// `received` (from a customer, the default) or `sent` (to a supplier).
    public var direction: String
    /// « Acompte », « Solde »…
    public var wording: String
    public var amount: String
    /// dd/mm/yyyy or yyyy-mm-dd; empty: today.
    public var date: String
    /// `transfer`, `card`, `cheque`, `cash` or `direct_debit`.
    public var method: String
    public var reference: String
    /// Company id or name; empty: the first invoice's.
    public var company: String
    public var allocations: [Allocation]
    /// What is paid beyond what is due is kept as the customer's credit; otherwise such a payment is refused.
    public var keepCredit: Bool

    public init(
        direction: String = "received", wording: String, amount: String, date: String = "", method: String, reference: String = "",
        company: String = "", allocations: [Allocation], keepCredit: Bool = false
    ) {
        self.direction = direction
        self.wording = wording
        self.amount = amount
        self.date = date
        self.method = method
        self.reference = reference
        self.company = company
        self.allocations = allocations
        self.keepCredit = keepCredit
    }
}

/// Payments' use cases: record a payment and spread it over invoices, use a kept credit on a later invoice. The invoices'
/// states (partially paid, paid) are derived here, in the same transaction, and the payment is appended to the chain.
public struct SalesPaymentService: Sendable {
    public let context: ServiceContext

    public init(_ context: ServiceContext) { self.context = context }

    static let entity = "payments"
    public static let methods = ["transfer", "card", "cheque", "cash", "direct_debit"]

    public func find(_ id: UUID) async throws -> SalesPaymentRecord? {
        try context.authorize(.read, .sales)
        return try await SalesPaymentStore.find(id, on: context.db)
    }

    /// What `invoice` has received and still has due.
    public func balance(of invoice: UUID) async throws -> (received: Int64, due: Int64) {
        try context.authorize(.read, .sales)
        guard let record = try await SalesDocumentStore.find(invoice, on: context.db) else { throw AppError.notFound }
        let received = try await SalesPaymentStore.received([invoice], on: context.db)[invoice] ?? 0
        return (received, record.totalGross - received)
    }

    /// Records a payment and its allocations. Returns its id.
    public func record(_ input: SalesPaymentInput) async throws -> UUID {
        try context.authorize(.write, .sales)
        let id = context.newID()
        return try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            var errors: [String: [Localized]] = [:]
            func fail(_ key: String, _ message: Localized) { errors[key, default: []].append(message) }
            let direction = input.direction.fastTrimmed.isEmpty ? "received" : input.direction.fastTrimmed
            if direction != "received" && direction != "sent" { fail("direction", L("Sens du versement inconnu.", "Unknown direction.")) }
            let wording = input.wording.fastTrimmed
            if wording.isEmpty { fail("wording", FieldParsing.requiredMessage) }
            if wording.unicodeScalars.count > 200 { fail("wording", L("200 caractères au plus.", "At most 200 characters.")) }
            var amount: Int64 = 0
            if let money = Money(parsing: input.amount), money.minorUnits > 0, money.minorUnits <= 100_000_000_000 {
                amount = money.minorUnits
            } else {
                fail("amount", L("Saisissez un montant positif.", "Enter a positive amount."))
            }
            var date = CalendarDay(context.now)
            if !input.date.fastTrimmed.isEmpty {
                if let parsed = CalendarDay(parsing: input.date.fastTrimmed) {
                    date = parsed
                } else {
                    fail("date", L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy)."))
                }
            }
            let method = input.method.fastTrimmed
            if !Self.methods.contains(method) {
                fail("method", L("Choisissez le mode de paiement.", "Choose the payment method."))
            }
            let reference = input.reference.fastTrimmed
            if reference.unicodeScalars.count > 100 { fail("reference", L("100 caractères au plus.", "At most 100 characters.")) }
            var company: UUID?
            if !input.company.fastTrimmed.isEmpty {
                switch try await DirectoryReference.resolve(input.company, .companies, context) {
                case .success(let found): company = found
                case .failure(let message): fail("company", message)
                }
            }
            // An amount that did not parse is already named: the invoices are still checked, but not against it (they
            // would all read « rien n'y reste dû »).
            let planned = try await Self.allocations(
                input.allocations, amount: amount > 0 ? amount : 100_000_000_000, direction: direction, excluding: [], context, fail: fail)
            company = company ?? planned.first?.document.companyID
            let allocated = planned.reduce(0) { $0 + $1.amount }
            if errors.isEmpty && amount > allocated && !input.keepCredit {
                fail(
                    "amount",
                    L(
                        "Le versement dépasse de \(Money(minorUnits: amount - allocated).formatted()) ce qui est dû : réduisez-le, ou choisissez de conserver l'excédent comme avoir client.",
                        "The payment exceeds what is due by \(Money(minorUnits: amount - allocated).formatted(locale: .en)): reduce it, or choose to keep the excess as a customer credit."
                    ))
            }
            if input.keepCredit && company == nil && amount > allocated {
                fail("company", L("Choisissez le client à qui l'avoir reste acquis.", "Choose the customer the credit belongs to."))
            }
            if !errors.isEmpty { throw AppError.validation(errors) }

            let payment = SalesPaymentRecord(
                id: id, direction: direction, wording: wording, amount: amount, paymentDate: date.isoString, method: method,
                reference: reference.isEmpty ? nil : reference, companyID: company, contactID: nil, keepsCredit: input.keepCredit,
                createdBy: context.actor?.userID, createdAt: context.now)
            try await SalesPaymentStore.insert(payment, on: context.db)
            try await Self.write(planned, payment: id, context)
            try await SalesChain.append(type: "payment", id: id, content: Self.chainContent(payment), context)
            try await AuditLog.record(
                .create, entity: Self.entity, id: id.uuidString.lowercased(),
                summary:
                    "Versement « \(wording) » \(Money(minorUnits: amount).formatted()), \(planned.count) facture(s)"
                    + (amount > allocated ? ", avoir client \(Money(minorUnits: amount - allocated).formatted())" : ""),
                by: context.auditActor, at: context.now, on: context.db)
            return id
        }
    }

    /// Uses what a payment kept as credit on a later invoice of the same customer.
    public func applyCredit(payment paymentID: UUID, to invoice: UUID, amount: String = "") async throws {
        try context.authorize(.write, .sales)
        try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard let payment = try await SalesPaymentStore.find(paymentID, on: context.db) else { throw AppError.notFound }
            let used = try await SalesPaymentStore.allocations(of: paymentID, on: context.db)
            let left = payment.amount - used.reduce(0) { $0 + $1.amount }
            guard payment.keepsCredit, left > 0 else {
                throw AppError.conflict(
                    L("Ce versement n'a pas d'avoir client disponible.", "This payment has no customer credit left."), code: "no_credit")
            }
            var errors: [String: [Localized]] = [:]
            let planned = try await Self.allocations(
                [SalesPaymentInput.Allocation(document: invoice.uuidString, amount: amount)], amount: left, direction: payment.direction,
                excluding: Set(used.map(\.documentID)), context
            ) { key, message in errors[key, default: []].append(message) }
            if let document = planned.first?.document, document.companyID != payment.companyID {
                errors["allocations[0].document", default: []].append(
                    L("L'avoir client appartient à un autre client.", "The customer credit belongs to another customer."))
            }
            if !errors.isEmpty { throw AppError.validation(errors) }
            try await Self.write(planned, payment: paymentID, context)
            try await AuditLog.record(
                .update, entity: Self.entity, id: paymentID.uuidString.lowercased(),
                summary: "Avoir client utilisé : \(Money(minorUnits: planned.reduce(0) { $0 + $1.amount }).formatted())",
                by: context.auditActor, at: context.now, on: context.db)
        }
    }

    typealias Planned = (document: SalesDocument, amount: Int64)

    /// Each allocation checked against its invoice (validated, not cancelled, no more than it has due) and against what
    /// the payment has left.
    static func allocations(
        _ inputs: [SalesPaymentInput.Allocation], amount: Int64, direction: String, excluding: Set<UUID>, _ context: ServiceContext,
        fail: (String, Localized) -> Void
    ) async throws -> [Planned] {
        var planned: [Planned] = []
        var left = amount
        var seen = Set<UUID>()
        if inputs.count > 500 { fail("allocations", L("500 factures au plus.", "At most 500 invoices.")) }
        for (index, input) in inputs.prefix(500).enumerated() {
            let key = "allocations[\(index)]"
            guard let id = UUID(uuidString: input.document.fastTrimmed), let document = try await SalesDocumentService.load(id, context)
            else {
                fail(key + ".document", L("Cette facture n'existe pas.", "This invoice does not exist."))
                continue
            }
            let name = document.reference ?? "?"
            let expected: SalesDocument.Kind = direction == "sent" ? .supplierInvoice : .invoice
            guard document.kind == expected, document.reference != nil, document.state != .cancelled else {
                fail(
                    key + ".document",
                    L(
                        "\(name) : un versement se rapporte à une facture validée et non annulée.",
                        "\(name): a payment applies to a validated, not cancelled invoice."))
                continue
            }
            if !seen.insert(id).inserted || excluding.contains(id) {
                fail(
                    key + ".document",
                    L("\(name) : cette facture est déjà réglée par ce versement.", "\(name): this payment already settles it."))
                continue
            }
            let received = try await SalesPaymentStore.received([id], on: context.db)[id] ?? 0
            let due = document.totals.gross - received
            var part = min(due, left)
            if !input.amount.fastTrimmed.isEmpty {
                guard let money = Money(parsing: input.amount), money.minorUnits > 0 else {
                    fail(key + ".amount", L("Saisissez un montant positif.", "Enter a positive amount."))
                    continue
                }
                part = money.minorUnits
                if part > due {
                    fail(
                        key + ".amount",
                        L(
                            "\(name) : \(Money(minorUnits: part).formatted()) dépasse le reste dû (\(Money(minorUnits: due).formatted())).",
                            "\(name): \(Money(minorUnits: part).formatted(locale: .en)) exceeds what is due (\(Money(minorUnits: due).formatted(locale: .en)))."
                        ))
                    continue
                }
                if part > left {
                    fail(
                        key + ".amount",
                        L(
                            "\(name) : le versement n'a plus que \(Money(minorUnits: left).formatted()) à répartir.",
                            "\(name): the payment has only \(Money(minorUnits: left).formatted(locale: .en)) left to apply."))
                    continue
                }
            }
            if part <= 0 {
                fail(
                    key + ".document",
                    due <= 0
                        ? L("\(name) : rien n'y reste dû.", "\(name): nothing is due on it.")
                        : L(
                            "\(name) : le versement est déjà entièrement réparti sur les factures précédentes.",
                            "\(name): the payment is already fully applied to the invoices before it."))
                continue
            }
            left -= part
            planned.append((document, part))
        }
        return planned
    }

    /// Writes the allocations and derives each invoice's state from what it has received.
    static func write(_ planned: [Planned], payment: UUID, _ context: ServiceContext) async throws {
        for (document, amount) in planned {
            try await SalesPaymentStore.insert(
                SalesAllocationRecord(
                    id: context.newID(), paymentID: payment, documentID: document.id, amount: amount, allocatedAt: context.now),
                on: context.db)
            let received = try await SalesPaymentStore.received([document.id], on: context.db)[document.id] ?? 0
            let state: SalesDocument.State = received >= document.totals.gross ? .paid : .partiallyPaid
            try await SalesDocumentStore.setState(document.id, state.rawValue, at: context.now, on: context.db)
        }
    }

    /// What the chain records of a payment: the payment itself. Its allocations are not part of it (a kept credit is
    /// applied later, by design).
    static func chainContent(_ payment: SalesPaymentRecord) -> HashChain.Content {
        HashChain.Content([
            "direction": payment.direction, "wording": payment.wording, "amount": Money(minorUnits: payment.amount).decimalString,
            "currency": payment.currency, "date": payment.paymentDate, "method": payment.method, "reference": payment.reference ?? "",
            "companyId": payment.companyID?.uuidString.lowercased() ?? "", "keepsCredit": payment.keepsCredit ? "true" : "false",
        ])
    }
}

extension SalesPaymentService {
    /// What the payment was applied to so far.
    public func allocations(of payment: UUID) async throws -> [SalesAllocationRecord] {
        try context.authorize(.read, .sales)
        return try await SalesPaymentStore.allocations(of: payment, on: context.db)
    }
}
