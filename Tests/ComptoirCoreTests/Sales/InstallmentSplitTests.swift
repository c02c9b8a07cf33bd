import Testing

@testable import ComptoirCore

/// « Facturer en plusieurs fois »: each invoice recomputed here by hand, and the invoices add up to the order to the cent.
@Suite struct InstallmentSplitTests {
    /// An order with odd cents at four rates: 1 234,57 € at 20 %, 333,33 € at 10 %, 99,99 € at 5,5 %, 10,01 € at 2,1 %.
    static let order = SalesTotals(lines: [
        // 3 × 411,52 € = 1 234,56 €
        SalesLineAmount(quantity: Quantity(milli: 3_000), unitPrice: 41_152, discount: Discount(basisPoints: 0)!, vatRate: .standard),
        SalesLineAmount(quantity: Quantity(milli: 1_000), unitPrice: 1, vatRate: .standard),  // 0,01
        SalesLineAmount(quantity: Quantity(milli: 1_000), unitPrice: 33_333, vatRate: .intermediate),
        SalesLineAmount(quantity: Quantity(milli: 1_000), unitPrice: 9_999, vatRate: .reduced),
        SalesLineAmount(quantity: Quantity(milli: 1_000), unitPrice: 1_001, vatRate: .superReduced),
    ])

    static func rounded(_ a: Int64, _ b: Int64) -> Int64 { (a + b / 2) / b }

    /// Checks every invoice but the balance independently, then the sums against the order; returns the amounts asked.
    func checkSplit(
        _ order: SalesTotals, _ plan: [InstallmentSplit.Entry], _ invoices: [SalesTotals], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(invoices.count == plan.count, sourceLocation: sourceLocation)
        let net = order.net
        for (entry, invoice) in zip(plan.dropLast(), invoices.dropLast()) {
            let asked: Int64
            switch entry.share! {
            case .amount(let cents): asked = cents
            case .percentage(let points): asked = Self.rounded(net * points, 10_000)
            }
            #expect(invoice.net == asked, sourceLocation: sourceLocation)
            for part in order.breakdown {
                // within a cent of the exact proportional share: floor(asked × base / net) or one more
                let floor = asked * part.base / net
                let base = invoice.base(at: part.rate)
                #expect(
                    base == floor || base == floor + 1, "\(part.rate.decimalString) %: \(base) vs \(floor)", sourceLocation: sourceLocation)
                #expect(invoice.tax(at: part.rate) == Self.rounded(base * part.rate.basisPoints, 10_000), sourceLocation: sourceLocation)
            }
        }
        for part in order.breakdown {
            #expect(invoices.reduce(0) { $0 + $1.base(at: part.rate) } == part.base, sourceLocation: sourceLocation)
            #expect(invoices.reduce(0) { $0 + $1.tax(at: part.rate) } == part.tax, sourceLocation: sourceLocation)
            #expect(invoices.last!.base(at: part.rate) >= 0, sourceLocation: sourceLocation)
        }
        #expect(invoices.reduce(0) { $0 + $1.net } == order.net, sourceLocation: sourceLocation)
        #expect(invoices.reduce(0) { $0 + $1.tax } == order.tax, sourceLocation: sourceLocation)
        #expect(invoices.reduce(0) { $0 + $1.gross } == order.gross, sourceLocation: sourceLocation)
    }

    @Test func theOrderHasTheExpectedOddTotals() {
        let order = Self.order
        #expect(order.base(at: .standard) == 123_457)
        #expect(order.tax(at: .standard) == 24_691)  // 246,914 → 246,91
        #expect(order.base(at: .intermediate) == 33_333)
        #expect(order.tax(at: .intermediate) == 3_333)  // 33,333 → 33,33
        #expect(order.tax(at: .reduced) == 550)  // 5,49945 → 5,50
        #expect(order.tax(at: .superReduced) == 21)  // 0,21021 → 0,21
        #expect(order.net == 167_790)
        #expect(order.gross == 167_790 + 24_691 + 3_333 + 550 + 21)
    }

    @Test func threeInstallmentsDepositPercentageIntermediateAmountBalance() throws {
        // setup: 30 % deposit, 500,01 € intermediate, the balance
        let plan: [InstallmentSplit.Entry] = [
            .init(template: .deposit, share: .percentage(3_000)), .init(template: .intermediate, share: .amount(50_001)),
            .init(template: .balance, share: nil),
        ]
        // act
        let invoices = try InstallmentSplit.split(Self.order, plan: plan)
        // validate
        checkSplit(Self.order, plan, invoices)
        #expect(invoices[0].net == 50_337)  // 30 % of 1 677,90 € = 503,37 €
        #expect(invoices[2].net == 167_790 - 50_337 - 50_001)
    }

    @Test func sevenInstallmentsOfOddPercentagesAndAmounts() throws {
        // setup: 13,33 % ×3, 7,77 %, 111,11 €, 99,99 €, the balance
        let plan: [InstallmentSplit.Entry] = [
            .init(template: .deposit, share: .percentage(1_333)), .init(template: .intermediate, share: .percentage(1_333)),
            .init(template: .intermediate, share: .percentage(1_333)), .init(template: .intermediate, share: .percentage(777)),
            .init(template: .intermediate, share: .amount(11_111)), .init(template: .intermediate, share: .amount(9_999)),
            .init(template: .balance, share: nil),
        ]
        // act
        let invoices = try InstallmentSplit.split(Self.order, plan: plan)
        // validate
        checkSplit(Self.order, plan, invoices)
        #expect(invoices.count == 7)
    }

    @Test func manyRandomPlansAlwaysAddUpToTheOrder() throws {
        var generator = SplitMix(seed: 7)
        for _ in 0..<300 {
            // setup: an order of 1 to 5 lines at random rates and prices, a plan of 3 or 7 invoices
            var lines: [SalesLineAmount] = []
            for _ in 0..<(Int(generator.next() % 5) + 1) {
                lines.append(
                    SalesLineAmount(
                        quantity: Quantity(milli: Int64(generator.next() % 9_999) + 1), unitPrice: Int64(generator.next() % 99_999) + 1,
                        discount: Discount(basisPoints: Int64(generator.next() % 3) * 500)!,
                        vatRate: VATRate.allowed[Int(generator.next() % 5)]))
            }
            let order = SalesTotals(lines: lines)
            guard order.net > 100 else { continue }
            let count = generator.next() % 2 == 0 ? 3 : 7
            var plan: [InstallmentSplit.Entry] = (0..<(count - 1)).map { index in
                InstallmentSplit.Entry(
                    template: index == 0 ? .deposit : .intermediate,
                    share: .percentage(Int64(generator.next() % UInt64(10_000 / count)) + 1))
            }
            plan.append(.init(template: .balance, share: nil))
            // act
            let invoices = try InstallmentSplit.split(order, plan: plan)
            // validate
            checkSplit(order, plan, invoices)
        }
    }

    @Test func refusesPlansThatExceedTheOrderOrDoNotEndWithTheBalance() {
        func problem(_ plan: [InstallmentSplit.Entry]) -> InstallmentSplit.Problem? {
            do {
                _ = try InstallmentSplit.split(Self.order, plan: plan)
                return nil
            } catch { return error }
        }
        #expect(problem([.init(template: .balance, share: nil)]) == .tooFewInvoices)
        #expect(
            problem([.init(template: .deposit, share: .percentage(3_000)), .init(template: .intermediate, share: .amount(100))])
                == .mustEndWithBalance)
        #expect(
            problem([
                .init(template: .balance, share: nil), .init(template: .deposit, share: .amount(100)),
                .init(template: .balance, share: nil),
            ]) == .balanceNotLast(index: 0))
        #expect(problem([.init(template: .deposit, share: nil), .init(template: .balance, share: nil)]) == .missingShare(index: 0))
        #expect(problem([.init(template: .deposit, share: .amount(0)), .init(template: .balance, share: nil)]) == .invalidShare(index: 0))
        #expect(
            problem([.init(template: .deposit, share: .percentage(10_001)), .init(template: .balance, share: nil)])
                == .invalidShare(index: 0))
        #expect(
            problem([
                .init(template: .deposit, share: .percentage(6_000)), .init(template: .intermediate, share: .percentage(4_000)),
                .init(template: .balance, share: nil),
            ]) == .exceedsOrder(planned: 167_790, order: 167_790))
        #expect(
            problem([.init(template: .deposit, share: .amount(200_000)), .init(template: .balance, share: nil)])
                == .exceedsOrder(planned: 200_000, order: 167_790))
        #expect(
            problem([.init(template: .deposit, share: .amount(100)), .init(template: .balance, share: nil)]) == nil)
        #expect(InstallmentSplit.Problem.mustEndWithBalance.message(french: true).contains("facture de solde"))
    }

    @Test func spreadGivesEachRateWithinACentAndAddsUp() {
        let parts = InstallmentSplit.spread(1, over: Self.order.breakdown)
        #expect(parts.values.reduce(0, +) == 1)
        #expect(parts[.standard] == 1)  // the largest remainder
    }
}
