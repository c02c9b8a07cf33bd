import Foundation

/// « Facturer en plusieurs fois »: an order's total split into N invoices (deposit, intermediate ones, balance).
///
/// Each invoice but the last is asked as an amount excl. VAT or a percentage of the order's total excl. VAT; that
/// amount is spread over the order's VAT rates in proportion to each rate's net (largest remainder, so the rates add
/// up to the amount exactly), and its VAT is computed per rate like any invoice. The last invoice is the balance: per
/// rate, what the order holds minus what the previous invoices took — its net *and* its VAT — so the invoices add up
/// to the order to the cent, excl. and incl. VAT.
public enum InstallmentSplit {
    public enum Template: String, Sendable, Hashable, CaseIterable {
        /// « Facture d'acompte ».
        case deposit
        /// « Facture » (an intermediate invoice).
        case intermediate
        /// « Facture de solde ».
        case balance
    }

    public enum Share: Sendable, Hashable {
        /// Cents excl. VAT.
        case amount(Int64)
        /// Hundredths of a percent of the order's total excl. VAT (30 % → 3000).
        case percentage(Int64)
    }

    public struct Entry: Sendable, Hashable {
        public var template: Template
        /// Nil for the balance (it takes what remains).
        public var share: Share?

        public init(template: Template, share: Share?) {
            self.template = template
            self.share = share
        }
    }

    /// Why a plan is refused; `index` is the entry's position (0-based).
    public enum Problem: Error, Sendable, Hashable {
        /// Fewer than two invoices.
        case tooFewInvoices
        /// The order has nothing to invoice (total excl. VAT zero or negative).
        case emptyOrder
        /// The plan does not end with the balance invoice.
        case mustEndWithBalance
        /// A balance invoice before the last one.
        case balanceNotLast(index: Int)
        /// An invoice before the balance without amount or percentage.
        case missingShare(index: Int)
        /// An amount or percentage of zero or less, or a percentage above 100.
        case invalidShare(index: Int)
        /// The invoices before the balance reach or exceed the order's total: nothing would remain for the balance.
        case exceedsOrder(planned: Int64, order: Int64)

        public func message(french: Bool) -> String {
            switch self {
            case .tooFewInvoices:
                french ? "Un plan de facturation compte au moins deux factures." : "An installment plan has at least two invoices."
            case .emptyOrder: french ? "La commande n'a rien à facturer." : "The order has nothing to invoice."
            case .mustEndWithBalance:
                french
                    ? "La dernière facture du plan doit être la facture de solde." : "The plan's last invoice must be the balance invoice."
            case .balanceNotLast(let index):
                french
                    ? "Facture \(index + 1) : seule la dernière facture est la facture de solde."
                    : "Invoice \(index + 1): only the last invoice is the balance invoice."
            case .missingShare(let index):
                french
                    ? "Facture \(index + 1) : indiquez un montant ou un pourcentage."
                    : "Invoice \(index + 1): enter an amount or a percentage."
            case .invalidShare(let index):
                french
                    ? "Facture \(index + 1) : le montant doit être positif et le pourcentage compris entre 0 et 100."
                    : "Invoice \(index + 1): the amount must be positive and the percentage between 0 and 100."
            case .exceedsOrder(let planned, let order):
                french
                    ? "Les factures avant le solde totalisent \(Money(minorUnits: planned).formatted(locale: .fr)) HT pour une commande de \(Money(minorUnits: order).formatted(locale: .fr)) HT : il ne resterait rien pour le solde."
                    : "The invoices before the balance total \(Money(minorUnits: planned).formatted(locale: .en)) excl. VAT for an order of \(Money(minorUnits: order).formatted(locale: .en)) excl. VAT: nothing would remain for the balance."
            }
        }
    }

    /// The totals of each invoice of `plan` for an order of `order`'s totals, in the plan's order.
    public static func split(_ order: SalesTotals, plan: [Entry]) throws(Problem) -> [SalesTotals] {
        guard plan.count >= 2 else { throw .tooFewInvoices }
        let orderNet = order.net
        guard orderNet > 0, order.breakdown.allSatisfy({ $0.base >= 0 }) else { throw .emptyOrder }
        guard plan.last?.template == .balance else { throw .mustEndWithBalance }
        var amounts: [Int64] = []
        for (index, entry) in plan.dropLast().enumerated() {
            if entry.template == .balance { throw .balanceNotLast(index: index) }
            guard let share = entry.share else { throw .missingShare(index: index) }
            switch share {
            case .amount(let cents):
                guard cents > 0 else { throw .invalidShare(index: index) }
                amounts.append(cents)
            case .percentage(let basisPoints):
                guard basisPoints > 0, basisPoints <= 10_000 else { throw .invalidShare(index: index) }
                amounts.append(SalesRounding.divideRounded(Decimal(orderNet) * Decimal(basisPoints), by: 10_000))
            }
        }
        let planned = amounts.reduce(0, +)
        guard planned < orderNet else { throw .exceedsOrder(planned: planned, order: orderNet) }

        var result: [SalesTotals] = []
        var takenBase: [VATRate: Int64] = [:]
        var takenTax: [VATRate: Int64] = [:]
        for amount in amounts {
            var bases = spread(amount, over: order.breakdown)
            // A rate whose earlier shares were all rounded up could run a cent short: its excess goes to the rate with
            // the most left, so no rate of the balance is ever negative.
            for part in order.breakdown {
                let left = part.base - (takenBase[part.rate] ?? 0)
                let excess = (bases[part.rate] ?? 0) - left
                guard excess > 0 else { continue }
                bases[part.rate] = left
                let other = order.breakdown.max {
                    ($0.base - (takenBase[$0.rate] ?? 0) - (bases[$0.rate] ?? 0))
                        < ($1.base - (takenBase[$1.rate] ?? 0) - (bases[$1.rate] ?? 0))
                }!
                bases[other.rate, default: 0] += excess
            }
            let breakdown = order.breakdown.map { part in
                let base = bases[part.rate] ?? 0
                return VATBreakdown(rate: part.rate, base: base, tax: part.rate.tax(on: base))
            }
            for part in breakdown {
                takenBase[part.rate, default: 0] += part.base
                takenTax[part.rate, default: 0] += part.tax
            }
            result.append(SalesTotals(breakdown: breakdown))
        }
        // The balance: exactly what remains of each rate, its VAT included.
        result.append(
            SalesTotals(
                breakdown: order.breakdown.map {
                    VATBreakdown(rate: $0.rate, base: $0.base - (takenBase[$0.rate] ?? 0), tax: $0.tax - (takenTax[$0.rate] ?? 0))
                }))
        return result
    }

    /// `amount` spread over the rates in proportion to their bases: each rate gets the floor of its exact share, and
    /// the cents left go one by one to the largest remainders (ties: the higher rate first), so the parts add up to
    /// `amount` and none is more than a cent from its exact share.
    public static func spread(_ amount: Int64, over breakdown: [VATBreakdown]) -> [VATRate: Int64] {
        let total = breakdown.reduce(Int64(0)) { $0 + $1.base }
        guard total > 0 else { return [:] }
        var parts: [VATRate: Int64] = [:]
        var remainders: [(rate: VATRate, remainder: Decimal)] = []
        var given: Int64 = 0
        for part in breakdown {
            let exact = Decimal(amount) * Decimal(part.base) / Decimal(total)
            var floor = Decimal()
            var copy = exact
            NSDecimalRound(&floor, &copy, 0, .down)
            let whole = NSDecimalNumber(decimal: floor).int64Value
            parts[part.rate] = whole
            given += whole
            remainders.append((part.rate, exact - floor))
        }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.rate > $1.rate }
        var left = amount - given
        var index = 0
        while left > 0 && !remainders.isEmpty {
            parts[remainders[index % remainders.count].rate, default: 0] += 1
            left -= 1
            index += 1
        }
        return parts
    }
}
