import ComptoirCore
import ComptoirStore
import FluentKit
import Foundation

/// One invoice of « Facturer en plusieurs fois » as the form or the API submits it.
public struct InstallmentInput: Sendable, Hashable {
    /// `deposit` (« Facture d'acompte »), `intermediate` (« Facture ») or `balance` (« Facture de solde »).
    public var template: String
    /// Excl. VAT as typed; or empty when `percentage` is given; both empty for the balance.
    public var amount: String
    /// Percent of the order's total excl. VAT (« 30 », « 33,33 »).
    public var percentage: String
    /// dd/mm/yyyy or yyyy-mm-dd; empty: today.
    public var issueDate: String
    public var dueDate: String

    public init(template: String, amount: String = "", percentage: String = "", issueDate: String = "", dueDate: String = "") {
        self.template = template
        self.amount = amount
        self.percentage = percentage
        self.issueDate = issueDate
        self.dueDate = dueDate
    }
}

/// What an order has been invoiced and paid (« Reste à facturer »).
public struct OrderBilling: Sendable, Hashable {
    /// The order's total incl. VAT, in cents.
    public var ordered: Int64
    /// Validated invoices made from the order, minus their credit notes, incl. VAT.
    public var invoiced: Int64
    /// Draft invoices made from the order, incl. VAT.
    public var planned: Int64
    /// What those invoices have received.
    public var paid: Int64
    /// `ordered − invoiced`.
    public var remainingToInvoice: Int64 { ordered - invoiced }
    /// The invoices made from the order, oldest first.
    public var invoices: [SalesDocumentRecord]
}

extension SalesDocumentService {
    /// « Activer la gestion des acomptes » (« Paramètres ERP »): installment invoicing is offered only when it is on.
    public static let depositsSetting = "sales.deposits"

    /// « Facturer en plusieurs fois »: from a validated order, the draft invoices of the plan (deposit, intermediate ones,
    /// balance), each with one « Facturation partielle » line per VAT rate recalling the order; together they add up to
    /// the order to the cent. Refused when the order already has invoices. Returns the invoices' ids in plan order.
    public func invoiceInInstallments(_ orderID: UUID, _ plan: [InstallmentInput]) async throws -> [UUID] {
        try context.authorize(.write, .sales)
        let ids = plan.map { _ in context.newID() }
        return try await context.transaction { context in
            try await WriteLock.acquire(SalesDocumentStore.lockScope, on: context.db)
            guard try await Settings.string(Self.depositsSetting, on: context.db) == "true" else {
                throw AppError.conflict(
                    L(
                        "Activez la gestion des acomptes dans les Paramètres ERP pour facturer en plusieurs fois.",
                        "Turn deposit management on in the ERP settings to invoice in installments."),
                    code: "deposits_disabled")
            }
            guard let order = try await Self.load(orderID, context), order.kind == .order else { throw AppError.notFound }
            guard let reference = order.reference, order.state == .validated || order.state == .sent else {
                throw AppError.conflict(
                    L("Validez la commande avant de la facturer.", "Validate the order before invoicing it."), code: "order_not_validated")
            }
            if try await SalesDocumentStore.derived(from: orderID, on: context.db).contains(where: { $0.kind == "invoice" }) {
                throw AppError.conflict(
                    L("La commande \(reference) a déjà des factures.", "Order \(reference) already has invoices."), code: "already_invoiced"
                )
            }
            var errors: [String: [Localized]] = [:]
            var entries: [InstallmentSplit.Entry] = []
            var days: [(issue: CalendarDay, due: CalendarDay?)] = []
            if plan.count > 36 { errors["installments"] = [L("36 factures au plus.", "At most 36 invoices.")] }
            for (index, input) in plan.prefix(36).enumerated() {
                let key = "installments[\(index)]"
                guard let template = InstallmentSplit.Template(rawValue: input.template.fastTrimmed) else {
                    errors[key + ".template", default: []].append(L("Modèle de facture inconnu.", "Unknown invoice template."))
                    continue
                }
                var share: InstallmentSplit.Share?
                if !input.amount.fastTrimmed.isEmpty {
                    if let money = Money(parsing: input.amount), money.minorUnits <= SalesLineAmount.maximumNet {
                        share = .amount(money.minorUnits)
                    } else {
                        errors[key + ".amount", default: []].append(L("Montant invalide.", "Invalid amount."))
                    }
                } else if !input.percentage.fastTrimmed.isEmpty {
                    if let percent = Discount(parsing: input.percentage) {
                        share = .percentage(percent.basisPoints)
                    } else {
                        errors[key + ".percentage", default: []].append(
                            L(
                                "Saisissez un pourcentage entre 0 et 100 (par exemple 30 ou 12,5).",
                                "Enter a percentage between 0 and 100 (for example 30 or 12.5)."))
                    }
                }
                let issue =
                    input.issueDate.fastTrimmed.isEmpty ? CalendarDay(context.now) : CalendarDay(parsing: input.issueDate.fastTrimmed)
                let due = input.dueDate.fastTrimmed.isEmpty ? nil : CalendarDay(parsing: input.dueDate.fastTrimmed)
                if issue == nil {
                    errors[key + ".issueDate", default: []].append(L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy)."))
                }
                if due == nil && !input.dueDate.fastTrimmed.isEmpty {
                    errors[key + ".dueDate", default: []].append(L("Date invalide (jj/mm/aaaa).", "Invalid date (dd/mm/yyyy)."))
                }
                if let issue, let due, due < issue {
                    errors[key + ".dueDate", default: []].append(
                        L("L'échéance ne peut précéder la date d'émission.", "The due date cannot precede the issue date."))
                }
                entries.append(InstallmentSplit.Entry(template: template, share: share))
                days.append((issue ?? CalendarDay(context.now), due))
            }
            if !errors.isEmpty { throw AppError.validation(errors) }
            let split: [SalesTotals]
            do {
                split = try InstallmentSplit.split(order.totals, plan: entries)
            } catch let problem as InstallmentSplit.Problem {
                throw AppError.validation(["installments": [L(problem.message(french: true), problem.message(french: false))]])
            }
            let recall = Self.orderRecall(order)
            let defaultDelay = try await Self.paymentDays(context)
            for (index, totals) in split.enumerated() {
                let template = entries[index].template
                let subtype = SalesDocument.Subtype(rawValue: template.rawValue) ?? .intermediate
                var invoice = Self.copy(order, as: .invoice, id: ids[index], context)
                invoice.subtype = subtype
                invoice.title = subtype.title?.fr
                invoice.issueDate = days[index].issue
                // Empty: the order's payment delay from this invoice's date, else the default delay of « Paramètres
                // ERP », else on receipt.
                let delay = order.dueDate.map { order.issueDate.days(to: $0) } ?? defaultDelay ?? 0
                invoice.dueDate = days[index].due ?? days[index].issue.adding(days: delay)
                invoice.sourceID = order.id
                invoice.lines = totals.breakdown.filter { $0.base != 0 }.map {
                    SalesDocument.Line(
                        id: context.newID(), description: recall, quantity: Quantity(units: 1), unitPrice: $0.base, vatRate: $0.rate)
                }
                invoice.totals = SalesTotals(breakdown: totals.breakdown.filter { $0.base != 0 || $0.tax != 0 })
                invoice.notes = "Facture \(index + 1) sur \(split.count) de la commande \(reference)"
                try await Self.insertDraft(invoice, context)
            }
            return ids
        }
    }

    /// The line « Facturation partielle »: the order's reference and date, its lines, its totals excl. and incl. VAT.
    static func orderRecall(_ order: SalesDocument) -> String {
        var lines = ["Facturation partielle — commande \(order.reference ?? "") du \(order.issueDate.formatted())"]
        for line in order.lines.prefix(50) {
            lines.append("• \(line.description) : \(line.quantity.formatted()) × \(Money(minorUnits: line.unitPrice).formatted()) HT")
        }
        if order.lines.count > 50 { lines.append("• … (\(order.lines.count - 50) autres lignes)") }
        lines.append(
            "Total commande : \(Money(minorUnits: order.totals.net).formatted()) HT, \(Money(minorUnits: order.totals.gross).formatted()) TTC"
        )
        return lines.joined(separator: "\n")
    }

    /// What an order has been invoiced and paid, and what remains to invoice.
    public func billing(of orderID: UUID) async throws -> OrderBilling {
        try context.authorize(.read, .sales)
        guard let order = try await SalesDocumentStore.find(orderID, on: context.db), order.kind == "order" else { throw AppError.notFound }
        let invoices = try await SalesDocumentStore.derived(from: orderID, on: context.db).filter { $0.kind == "invoice" }
        var invoiced: Int64 = 0
        var planned: Int64 = 0
        for invoice in invoices {
            if invoice.reference == nil {
                planned += invoice.totalGross
            } else if invoice.state != "cancelled" {
                invoiced += invoice.totalGross
            }
        }
        let paid = try await SalesPaymentStore.received(invoices.map(\.id), on: context.db).values.reduce(0, +)
        return OrderBilling(ordered: order.totalGross, invoiced: invoiced, planned: planned, paid: paid, invoices: invoices)
    }
}
