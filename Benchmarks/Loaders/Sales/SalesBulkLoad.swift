import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// Loads a large generated sales history fast, for the Sales benchmark (`comptoir-benchdata --sales`): validated
/// invoices of `linesPerInvoice` lines over a few thousand customer companies and some projects, spread over
/// `years` years up to yesterday; credit notes cancelling some unpaid invoices; orders invoiced in installments
/// (deposit, intermediate, balance — a balance dated after today stays a draft, so ledgers show « planned » amounts);
/// payments on most invoices (paid, partially paid, unpaid, overdue). The rows are the ones `validate` and
/// `SalesPaymentService.record` leave behind: totals and VAT breakdown from ComptoirCore's `SalesTotals` (an
/// installment's from `InstallmentSplit`), references consecutive per series and year with their
/// `document_numbers`, the mentions copied from the organisation profile, each invoice's state derived from what it
/// received, and the inalterability chain in validation order with the services' own content and hash
/// (`SalesValidatedRows`, `HashChain.link`, `SalesChain.digest`), so `comptoir verify` holds on the loaded data.
/// Sales documents have no search rows. Not written: the archived files (`sales_document_files`: no PDF is rendered —
/// a document without files has no `file.*` field in its link, so `verify` holds, and its archive page says no file
/// was archived), audit entries, stock movements. Companies and products are loaded first by the Directory and
/// Catalog loaders when the database has none. Refuses a database that already holds invoices or credit notes.
/// Works on SQLite and PostgreSQL.
public enum SalesBulkLoad {
    public struct Summary: Sendable {
        /// Rows inserted per table, in loading order, with the seconds spent writing each.
        public var tables: [(table: String, rows: Int, seconds: Double)]
        /// Seconds of the set-up (companies, products, projects, organisation profile) and the in-memory plan.
        public var setupSeconds: Double
        /// Wall-clock seconds of the sales rows' load, from the first INSERT to the last commit (maintenance excluded).
        public var seconds: Double
        /// Seconds of the closing maintenance (PostgreSQL `VACUUM ANALYZE`, SQLite WAL checkpoint).
        public var maintenanceSeconds: Double
        /// The same line rows inserted again into a bare copy of `sales_document_lines` (no index, no constraint), in
        /// the same run and the same batches: (rows, seconds); nil when not asked.
        public var rawLines: (rows: Int, seconds: Double)?
        public var fixtures: Fixtures

        public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    /// Values for the benchmark's cases.
    public struct Fixtures: Sendable, Codable, Hashable {
        /// The customer with the most invoices, and one with a few.
        public var bigCustomer: UUID
        public var smallCustomer: UUID
        /// A project holding invoices and an order.
        public var project: UUID
        /// An order invoiced in installments (its balance a draft when it falls after today).
        public var order: UUID
        /// A product on many invoice lines, and one on few.
        public var product: UUID
        public var rareProduct: UUID
        /// A word of a customer's name (the `q` filter), and a date range of about a month (`yyyy-mm-dd`).
        public var customerWord: String
        public var from: String
        public var to: String
        public var invoices: Int
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notEmpty(invoices: Int)
        case badSizes(String)

        public var description: String {
            switch self {
            case .notEmpty(let invoices):
                return "the database already holds \(invoices) invoices or credit notes; load into one without any"
            case .badSizes(let why): return why
            }
        }
    }

    // MARK: - The plan

    struct Line {
        var product: Int32
        var milli: Int64
        var unitPrice: Int64
        var discountBP: Int16
        var vatBP: Int16
    }

    struct Doc {
        var kind: SalesDocument.Kind
        var subtype: SalesDocument.Subtype = .standard
        var state: SalesDocument.State = .validated
        var issue: CalendarDay
        var due: CalendarDay?
        var company: Int32
        var project: Int32 = -1
        /// The order an installment invoice comes from, the invoice a credit note cancels (document indexes).
        var source: Int32 = -1
        var credited: Int32 = -1
        /// Lines in `Plan.lines`, or the installment's breakdown (one « Facturation partielle » line per rate).
        var lines: Range<Int> = 0..<0
        var breakdown: [VATBreakdown] = []
        var totals = SalesTotals.zero
        var reference: String?
        var validatedAt: Date?
        var updatedAt: Date?
        var nature: String
        var note: String?
        var installment: (index: Int, count: Int)?
    }

    struct Payment {
        var document: Int32
        var amount: Int64
        var day: CalendarDay
        var at: Date
        var method: String
    }

    struct Plan {
        var docs: [Doc] = []
        var lines: [Line] = []
        var payments: [Payment] = []
    }

    static let methods = ["transfer", "transfer", "transfer", "card", "cheque", "direct_debit", "cash"]

    /// Records per transaction: documents (each brings its lines and VAT rows).
    static let documentsPerTransaction = 1_000

    /// Loads the sales history on the context's database with its ids and clock (the history ends yesterday).
    @discardableResult
    public static func load(
        context: ServiceContext, invoices invoiceCount: Int, linesPerInvoice: Int, customers customerCount: Int, projects projectCount: Int,
        products productCount: Int, orders orderCount: Int, years: Int, seed: UInt64, rawComparison: Bool, progress: (String) -> Void
    ) async throws -> Summary {
        guard invoiceCount >= 1, linesPerInvoice >= 1, linesPerInvoice <= 200, customerCount >= 1, productCount >= 1, projectCount >= 0,
            orderCount >= 0, years >= 1, years <= 10
        else {
            throw LoadError.badSizes(
                "invoices ≥ 1, 1 ≤ lines per invoice ≤ 200, customers ≥ 1, products ≥ 1, projects and orders ≥ 0, 1 ≤ years ≤ 10")
        }
        let database = context.db
        let sql = try TableStore.sqlDatabase(database)
        let isPostgres = sql.dialect.name == "postgresql"
        func count(_ query: String) async throws -> Int {
            try await sql.raw(SQLQueryString(query)).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let existing = try await count("SELECT COUNT(*) AS n FROM sales_documents WHERE kind IN ('invoice', 'credit_note')")
        guard existing == 0 else { throw LoadError.notEmpty(invoices: existing) }
        let stopwatch = ContinuousClock()
        let setupStart = stopwatch.now

        // The parties and products the documents name: loaded by their own loaders when the database has none.
        if try await count("SELECT COUNT(*) AS n FROM companies") == 0 {
            progress("loading \(customerCount) customer companies (DirectoryBulkLoad)")
            _ = try await DirectoryBulkLoad.load(context: context, companies: customerCount, contacts: 0, seed: seed) { _ in }
        }
        if try await count("SELECT COUNT(*) AS n FROM products") == 0 {
            progress("loading \(productCount) products (CatalogBulkLoad, no stock history)")
            _ = try await CatalogBulkLoad.load(
                context: context, products: productCount, movementLines: 0, serials: 0, warehouses: 1, seed: seed
            ) { _ in }
        }
        try await prepareOrganization(context)
        try await Settings.set(SalesDocumentService.depositsSetting, "true", on: database)
        let projectIDs = try await makeProjects(projectCount, context)
        let mentions = try await SalesValidatedRows.mentions(context)

        let companyIDs = try await sql.raw("SELECT id FROM companies ORDER BY id LIMIT \(unsafeRaw: String(customerCount))")
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        var parties: [SalesParty] = []
        for id in companyIDs {
            guard let party = try await SalesPartyStore.party(company: id, contact: nil, on: database) else {
                throw LoadError.badSizes("company \(id) has no name")
            }
            parties.append(party)
        }
        struct ProductRow {
            var id: UUID
            var name: String
            var unit: String
            var price: Int64
            var vat: Int16
        }
        let products = try await sql.raw(
            "SELECT id, name, unit, sale_price, vat_rate FROM products ORDER BY reference LIMIT \(unsafeRaw: String(productCount))"
        ).all().map { row in
            ProductRow(
                id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                unit: try row.decode(column: "unit", as: String?.self) ?? "unit",
                price: max(try row.decode(column: "sale_price", as: Int64?.self) ?? 1_000, 1),
                vat: Int16(VATRate(parsing: try row.decode(column: "vat_rate", as: String?.self) ?? "20")?.basisPoints ?? 2000))
        }
        guard !products.isEmpty, !parties.isEmpty else { throw LoadError.badSizes("no company or no product to invoice") }

        let now = context.now
        let today = CalendarDay(now)
        let plan = makePlan(
            invoices: invoiceCount, linesPerInvoice: linesPerInvoice, customers: parties.count, projects: projectIDs.count,
            products: products.map { (price: $0.price, vat: $0.vat, kilos: $0.unit == "kg") }, orders: orderCount, years: years,
            today: today, seed: seed)
        let setupSeconds = elapsedSeconds(stopwatch.now - setupStart)
        progress(
            String(
                format: "planned %d documents, %d lines, %d payments in %.1f s (set-up included)", plan.docs.count, plan.lines.count,
                plan.payments.count, setupSeconds))

        // Ids drawn up front: documents, lines, payments.
        let ids = context.ids
        let docIDs = plan.docs.map { _ in ids.next() }
        let lineIDs = plan.lines.map { _ in ids.next() }
        let paymentIDs = plan.payments.map { _ in ids.next() }

        func record(_ index: Int) -> SalesDocumentRecord {
            let doc = plan.docs[index]
            let party = parties[Int(doc.company)]
            let validated = doc.reference != nil
            var record = SalesDocumentRecord(
                id: docIDs[index], kind: doc.kind.rawValue, subtype: doc.subtype.rawValue, state: doc.state.rawValue,
                series: doc.kind.series, reference: doc.reference, title: doc.subtype.title?.fr, companyID: companyIDs[Int(doc.company)],
                customerName: validated ? party.name : nil, billingAddress: party.billingAddress,
                projectID: doc.project >= 0 ? projectIDs[Int(doc.project)] : nil, issueDate: doc.issue.isoString,
                dueDate: doc.due?.isoString, paymentTerms: "Paiement à 30 jours date de facture",
                latePenaltyRate: "Trois fois le taux d'intérêt légal", earlyPaymentDiscount: "Pas d'escompte pour paiement anticipé",
                nature: doc.nature, notes: doc.note, totalNet: doc.totals.net, totalTax: doc.totals.tax, totalGross: doc.totals.gross,
                sourceID: doc.source >= 0 ? docIDs[Int(doc.source)] : nil, creditedID: doc.credited >= 0 ? docIDs[Int(doc.credited)] : nil,
                mentions: validated ? mentions : nil, validatedAt: doc.validatedAt, createdAt: doc.validatedAt ?? now,
                updatedAt: doc.updatedAt ?? doc.validatedAt ?? now)
            // What `validate` copies: the delivery address only when it differs from the billing one.
            if validated, let delivery = party.deliveryAddress, delivery != record.billingAddress { record.deliveryAddress = delivery }
            if doc.kind == .creditNote, doc.credited >= 0 {
                let invoice = plan.docs[Int(doc.credited)]
                record.notes = "Avoir sur la facture \(invoice.reference ?? "") du \(invoice.issue.formatted())"
            }
            return record
        }
        func lineRecords(_ index: Int) -> [SalesLineRecord] {
            let doc = plan.docs[index]
            if doc.installment != nil {
                let order = plan.docs[Int(doc.source)]
                let recall =
                    "Facturation partielle — commande \(order.reference ?? "") du \(order.issue.formatted())\nTotal commande : "
                    + "\(Money(minorUnits: order.totals.net).formatted()) HT, \(Money(minorUnits: order.totals.gross).formatted()) TTC"
                return doc.breakdown.filter { $0.base != 0 }.enumerated().map { position, part in
                    // One line per rate: quantity 1 at the rate's base, so the line's net is that base.
                    let amount = SalesLineAmount(quantity: Quantity(units: 1), unitPrice: part.base, vatRate: part.rate)
                    return SalesLineRecord(
                        id: lineIDs[doc.lines.lowerBound + position], position: position + 1, productID: nil, description: recall,
                        quantityMilli: 1000, unit: nil, unitPrice: part.base, discountBP: 0, vatRateBP: part.rate.basisPoints,
                        net: amount.net)
                }
            }
            return doc.lines.enumerated().map { position, lineIndex in
                let line = plan.lines[lineIndex]
                let product = products[Int(line.product)]
                let amount = SalesLineAmount(
                    quantity: Quantity(milli: line.milli), unitPrice: line.unitPrice,
                    discount: Discount(basisPoints: Int64(line.discountBP)) ?? .none,
                    vatRate: VATRate(basisPoints: Int64(line.vatBP)) ?? .standard)
                return SalesLineRecord(
                    id: lineIDs[lineIndex], position: position + 1, productID: product.id, description: product.name,
                    quantityMilli: line.milli, unit: product.unit, unitPrice: line.unitPrice, discountBP: Int64(line.discountBP),
                    vatRateBP: Int64(line.vatBP), net: amount.net)
            }
        }
        func vatRecords(_ index: Int) -> [SalesVATRecord] {
            plan.docs[index].totals.breakdown.map { SalesVATRecord(vatRateBP: $0.rate.basisPoints, base: $0.base, tax: $0.tax) }
        }
        func lineRow(_ document: UUID, _ line: SalesLineRecord) -> [FieldValue] {
            [
                .uuid(line.id), .uuid(document), .int(Int64(line.position)), line.productID.map { .uuid($0) } ?? .null,
                .text(line.description), .int(line.quantityMilli), line.unit.map { .text($0) } ?? .null, .int(line.unitPrice),
                .int(line.discountBP), .int(line.vatRateBP), .int(line.net),
            ]
        }

        let started = stopwatch.now
        var tally = BulkLoadTally()
        func insert(_ tables: [BulkRows], record: Bool = true) async throws -> [Double] {
            let seconds = try await BulkLoadSupport.insert(tables, on: database, isPostgres: isPostgres)
            if record { tally.add(tables, seconds: seconds) }
            return seconds
        }

        // Documents with their lines and VAT breakdown, in plan order (orders before the invoices made from them).
        for range in stride(from: 0, to: plan.docs.count, by: documentsPerTransaction).map({
            $0..<min($0 + documentsPerTransaction, plan.docs.count)
        }) {
            var documents = BulkRows("sales_documents", documentColumns)
            var lines = BulkRows("sales_document_lines", lineColumns)
            var vat = BulkRows("sales_document_vat", ["document_id", "vat_rate_bp", "base", "tax"])
            for index in range {
                let r = record(index)
                documents.append(documentRow(r))
                for line in lineRecords(index) { lines.append(lineRow(r.id, line)) }
                for part in vatRecords(index) { vat.append([.uuid(r.id), .int(part.vatRateBP), .int(part.base), .int(part.tax)]) }
            }
            _ = try await insert([documents, lines, vat])
            if range.upperBound % 20_000 == 0 || range.upperBound == plan.docs.count {
                let elapsed = elapsedSeconds(stopwatch.now - started)
                let rows = tally.rows
                progress(
                    String(
                        format: "documents %d/%d — %d rows in %.1f s (%.0f rows/s)", range.upperBound, plan.docs.count, rows, elapsed,
                        Double(rows) / max(elapsed, 0.001)))
            }
        }

        // Payments, each settling one invoice.
        func paymentRecord(_ index: Int) -> SalesPaymentRecord {
            let payment = plan.payments[index]
            let doc = plan.docs[Int(payment.document)]
            return SalesPaymentRecord(
                id: paymentIDs[index], direction: "received", wording: "Règlement \(doc.reference ?? "")", amount: payment.amount,
                paymentDate: payment.day.isoString, method: payment.method,
                reference: payment.method == "cheque" ? String(format: "CHQ %07d", index + 1) : nil,
                companyID: companyIDs[Int(doc.company)], contactID: nil, keepsCredit: false, createdBy: nil, createdAt: payment.at)
        }
        for range in stride(from: 0, to: plan.payments.count, by: 5_000).map({ $0..<min($0 + 5_000, plan.payments.count) }) {
            var payments = BulkRows(
                "sales_payments",
                [
                    "id", "direction", "wording", "amount", "currency", "payment_date", "method", "reference", "company_id", "contact_id",
                    "keeps_credit", "created_by", "created_at",
                ])
            var allocations = BulkRows("sales_payment_allocations", ["id", "payment_id", "document_id", "amount", "allocated_at"])
            for index in range {
                let p = paymentRecord(index)
                payments.append([
                    .uuid(p.id), .text(p.direction), .text(p.wording), .int(p.amount), .text(p.currency), .text(p.paymentDate),
                    .text(p.method), p.reference.map { .text($0) } ?? .null, p.companyID.map { .uuid($0) } ?? .null, .null,
                    .bool(false), .null, .date(plan.payments[index].at),
                ])
                allocations.append([
                    .uuid(ids.next()), .uuid(p.id), .uuid(docIDs[Int(plan.payments[index].document)]), .int(p.amount),
                    .date(plan.payments[index].at),
                ])
            }
            _ = try await insert([payments, allocations])
        }
        progress("payments \(plan.payments.count)")

        // The chain, in validation order: invoices and credit notes at their validation, payments when recorded.
        var events: [(at: Date, document: Int32, payment: Int32)] = []
        for (index, doc) in plan.docs.enumerated() where doc.kind.isLegalInvoice && doc.reference != nil {
            events.append((doc.validatedAt ?? now, Int32(index), -1))
        }
        for (index, payment) in plan.payments.enumerated() { events.append((payment.at, -1, Int32(index))) }
        events.sort { $0.at != $1.at ? $0.at < $1.at : ($0.document, $0.payment) < ($1.document, $1.payment) }
        var previous = HashChain.genesis
        var sequence: Int64 = 0
        for range in stride(from: 0, to: events.count, by: 5_000).map({ $0..<min($0 + 5_000, events.count) }) {
            var chain = BulkRows("sales_chain", ["sequence", "record_type", "record_id", "previous_hash", "hash", "content", "created_at"])
            for event in events[range] {
                let type: String
                let id: UUID
                let content: HashChain.Content
                if event.document >= 0 {
                    let index = Int(event.document)
                    let doc = plan.docs[index]
                    let credited = doc.credited >= 0 ? plan.docs[Int(doc.credited)].reference : nil
                    guard
                        let found = SalesValidatedRows.chainContent(
                            record(index), lines: lineRecords(index), vat: vatRecords(index), creditedReference: credited)
                    else { throw LoadError.badSizes("document \(index) does not read back") }
                    (type, id, content) = (doc.kind.rawValue, docIDs[index], found)
                } else {
                    (type, id, content) = (
                        "payment", paymentIDs[Int(event.payment)], SalesValidatedRows.chainContent(paymentRecord(Int(event.payment)))
                    )
                }
                sequence += 1
                let hash = HashChain.link(previous: previous, content: content, digest: SalesChain.digest)
                chain.append([
                    .int(sequence), .text(type), .uuid(id), .text(previous), .text(hash), .text(content.canonical), .date(event.at),
                ])
                previous = hash
            }
            _ = try await insert([chain])
        }
        progress("chain \(events.count) links")

        // Document numbers: each series' last number per year.
        var last: [String: [Int: Int64]] = [:]
        for doc in plan.docs {
            guard let reference = doc.reference, let number = Int64(reference.split(separator: "-").last ?? "") else { continue }
            last[doc.kind.series, default: [:]][doc.issue.year] = max(last[doc.kind.series]?[doc.issue.year] ?? 0, number)
        }
        var numbers = BulkRows("document_numbers", ["prefix", "year", "last_number"])
        for (series, years) in last.sorted(by: { $0.key < $1.key }) {
            for (year, number) in years.sorted(by: { $0.key < $1.key }) {
                numbers.append([.text(series), .int(Int64(year)), .int(number)])
            }
        }
        _ = try await insert([numbers])

        // The projects' figures (what `SalesMargins.refresh` keeps on the project row).
        try await context.transaction { context in
            for project in projectIDs { try await ProjectAnalytics.refresh(project, on: context.db) }
        }
        let loadSeconds = elapsedSeconds(stopwatch.now - started)

        // The same line rows again, into a bare copy of the table (no index, no constraint), same batches, same run.
        var raw: (rows: Int, seconds: Double)?
        if rawComparison {
            progress("raw comparison: the same line rows into a bare table")
            try await sql.raw("DROP TABLE IF EXISTS bench_raw_lines").run()
            try await sql.raw(
                """
                CREATE TABLE bench_raw_lines (id UUID, document_id UUID, position BIGINT, product_id UUID, description TEXT,
                quantity_milli BIGINT, unit TEXT, unit_price BIGINT, discount_bp BIGINT, vat_rate_bp BIGINT, net BIGINT)
                """
            ).run()
            var rows = 0
            var seconds = 0.0
            for range in stride(from: 0, to: plan.docs.count, by: documentsPerTransaction).map({
                $0..<min($0 + documentsPerTransaction, plan.docs.count)
            }) {
                var lines = BulkRows("bench_raw_lines", lineColumns)
                for index in range { for line in lineRecords(index) { lines.append(lineRow(docIDs[index], line)) } }
                rows += lines.rows.count
                seconds += try await insert([lines], record: false).reduce(0, +)
            }
            try await sql.raw("DROP TABLE bench_raw_lines").run()
            raw = (rows, seconds)
        }

        let maintenanceSeconds = try await BulkLoadSupport.closingMaintenance(on: sql, isPostgres: isPostgres, progress: progress)

        // Fixtures: the customers with the most and fewest invoices, a project, an order in installments, products.
        var perCustomer = Array(repeating: 0, count: parties.count)
        var perProduct = Array(repeating: 0, count: products.count)
        for doc in plan.docs where doc.kind == .invoice { perCustomer[Int(doc.company)] += 1 }
        for line in plan.lines where line.product >= 0 { perProduct[Int(line.product)] += 1 }
        let big = perCustomer.indices.max { perCustomer[$0] < perCustomer[$1] } ?? 0
        let small = perCustomer.indices.filter { perCustomer[$0] > 0 }.min { perCustomer[$0] < perCustomer[$1] } ?? 0
        let popular = perProduct.indices.max { perProduct[$0] < perProduct[$1] } ?? 0
        let rare = perProduct.indices.filter { perProduct[$0] > 0 }.min { perProduct[$0] < perProduct[$1] } ?? 0
        let orderIndex =
            plan.docs.indices.last { plan.docs[$0].kind == .order && plan.docs[$0].project >= 0 }
            ?? plan.docs.indices.last { plan.docs[$0].kind == .order } ?? 0
        let projectIndex = plan.docs[orderIndex].project
        let word =
            parties[big].name.split(separator: " ").map(String.init).first { $0.count >= 4 }?.lowercased() ?? parties[big].name.lowercased()
        let middle = today.adding(days: -years * 365 / 2)
        let fixtures = Fixtures(
            bigCustomer: companyIDs[big], smallCustomer: companyIDs[small],
            project: projectIndex >= 0 ? projectIDs[Int(projectIndex)] : (projectIDs.first ?? UUID()), order: docIDs[orderIndex],
            product: products[popular].id, rareProduct: products[rare].id, customerWord: word, from: middle.isoString,
            to: middle.adding(days: 30).isoString, invoices: plan.docs.count { $0.kind == .invoice })
        return Summary(
            tables: tally.tables, setupSeconds: setupSeconds, seconds: loadSeconds, maintenanceSeconds: maintenanceSeconds,
            rawLines: raw, fixtures: fixtures)
    }

    /// The whole history in memory: documents in date order with their lines, numbers, states and payments.
    static func makePlan(
        invoices invoiceCount: Int, linesPerInvoice: Int, customers: Int, projects: Int,
        products: [(price: Int64, vat: Int16, kilos: Bool)],
        orders orderCount: Int, years: Int, today: CalendarDay, seed: UInt64
    ) -> Plan {
        var plan = Plan()
        plan.lines.reserveCapacity((invoiceCount + orderCount) * linesPerInvoice + invoiceCount / 50 * linesPerInvoice)
        let span = years * 365
        let firstDay = today.adding(days: -span)
        let natures = ["services", "goods", "both"]
        // A tenth of the invoices go to 10 large customers, the rest spread over everyone.
        func customer(_ random: inout SampleRandom) -> Int32 {
            Int32(random.below(10) == 0 ? random.below(min(10, customers)) : random.below(customers))
        }
        func makeLines(_ random: inout SampleRandom) -> Range<Int> {
            let start = plan.lines.count
            for _ in 0..<linesPerInvoice {
                let product = random.below(products.count)
                let info = products[product]
                let milli = info.kilos ? Int64(random.int(in: 250...50_000)) : Int64(random.int(in: 1...20)) * 1000
                let roll = random.below(10)
                let discount: Int16 = roll == 0 ? 1000 : roll == 1 ? 500 : 0
                plan.lines.append(
                    Line(product: Int32(product), milli: milli, unitPrice: info.price, discountBP: discount, vatBP: info.vat))
            }
            return start..<plan.lines.count
        }
        func totals(_ lines: Range<Int>) -> SalesTotals {
            SalesTotals(
                lines: plan.lines[lines].map {
                    SalesLineAmount(
                        quantity: Quantity(milli: $0.milli), unitPrice: $0.unitPrice,
                        discount: Discount(basisPoints: Int64($0.discountBP)) ?? .none,
                        vatRate: VATRate(basisPoints: Int64($0.vatBP)) ?? .standard)
                })
        }

        // Standard invoices (one of 80 later cancelled by a credit note while unpaid) and orders, by date.
        var docs: [Doc] = []
        var ordersMade = 0
        let total = invoiceCount + orderCount
        for index in 0..<total {
            var random = SampleRandom(seed: seed, stream: 0x5A1E, index: index)
            let day = firstDay.adding(days: index * span / max(total, 1))
            // Every (total / orders)-th document is an order.
            let isOrder = orderCount > 0 && index % max(total / orderCount, 1) == 1 && ordersMade < orderCount
            var doc = Doc(
                kind: isOrder ? .order : .invoice, issue: day, due: day.adding(days: 30), company: customer(&random),
                nature: natures[random.below(natures.count)])
            if isOrder { ordersMade += 1 }
            if isOrder || (projects > 0 && random.below(7) == 0) { doc.project = Int32(random.below(max(projects, 1))) }
            if projects == 0 { doc.project = -1 }
            doc.lines = makeLines(&random)
            doc.totals = totals(doc.lines)
            docs.append(doc)
        }

        // Orders invoiced in installments: a deposit of 30 % on the order's day, then an intermediate 40 % (one order of
        // two) and the balance a month apart; an installment dated after today stays a draft (the ledger's « planned »).
        var installments: [Doc] = []
        for (index, doc) in docs.enumerated() where doc.kind == .order {
            var random = SampleRandom(seed: seed, stream: 0x0DE5, index: index)
            var entries = [InstallmentSplit.Entry(template: .deposit, share: .percentage(3000))]
            if random.below(2) == 0 { entries.append(InstallmentSplit.Entry(template: .intermediate, share: .percentage(4000))) }
            entries.append(InstallmentSplit.Entry(template: .balance, share: nil))
            guard let split = try? InstallmentSplit.split(doc.totals, plan: entries) else { continue }
            for (number, parts) in split.enumerated() {
                let issue = doc.issue.adding(days: number * 30)
                var invoice = Doc(
                    kind: .invoice, subtype: SalesDocument.Subtype(rawValue: entries[number].template.rawValue) ?? .intermediate,
                    state: issue < today ? .validated : .draft, issue: issue, due: issue.adding(days: 30), company: doc.company,
                    nature: doc.nature)
                invoice.project = doc.project
                invoice.source = Int32(index)
                invoice.breakdown = parts.breakdown.filter { $0.base != 0 || $0.tax != 0 }
                invoice.totals = SalesTotals(breakdown: invoice.breakdown)
                invoice.installment = (number, split.count)
                // Slots for its lines' ids (one line per rate with a base), no product.
                let start = plan.lines.count
                for _ in invoice.breakdown.filter({ $0.base != 0 }) {
                    plan.lines.append(Line(product: -1, milli: 1000, unitPrice: 0, discountBP: 0, vatBP: 0))
                }
                invoice.lines = start..<plan.lines.count
                installments.append(invoice)
            }
        }
        // Installment invoices take their place in date order (after their order, which was written earlier).
        let orderedInstallments = installments.sorted { $0.issue < $1.issue }
        var merged: [Doc] = []
        merged.reserveCapacity(docs.count + installments.count)
        var next = 0
        var moved: [Int: Int] = [:]
        for (index, doc) in docs.enumerated() {
            while next < orderedInstallments.count && orderedInstallments[next].issue < doc.issue {
                var invoice = orderedInstallments[next]
                invoice.source = Int32(moved[Int(invoice.source)]!)
                merged.append(invoice)
                next += 1
            }
            moved[index] = merged.count
            merged.append(doc)
        }
        while next < orderedInstallments.count {
            var invoice = orderedInstallments[next]
            invoice.source = Int32(moved[Int(invoice.source)]!)
            merged.append(invoice)
            next += 1
        }
        docs = merged

        // Credit notes: for one standard invoice of 80, a few days later (when that is before today).
        var credits: [Doc] = []
        for (index, doc) in docs.enumerated() where doc.kind == .invoice && doc.subtype == .standard {
            var random = SampleRandom(seed: seed, stream: 0xA7A0, index: index)
            guard random.below(80) == 0 else { continue }
            let day = doc.issue.adding(days: random.int(in: 2...20))
            guard day < today else { continue }
            var note = Doc(kind: .creditNote, issue: day, due: nil, company: doc.company, nature: doc.nature)
            note.project = doc.project
            note.credited = Int32(index)
            // Its own lines: the invoice's, copied.
            let start = plan.lines.count
            plan.lines.append(contentsOf: plan.lines[doc.lines])
            note.lines = start..<plan.lines.count
            note.totals = doc.totals
            credits.append(note)
            docs[index].state = .cancelled
        }
        // Credit notes appended at the end (their index after every invoice), numbered in date order below.
        docs += credits

        // Numbers: per series and year, in date order (invoices, deposits and credit notes share theirs), and the
        // validation times: 09:00 plus a second per document of the day.
        let numbered = docs.indices.filter { docs[$0].state != .draft }.sorted {
            docs[$0].issue != docs[$1].issue ? docs[$0].issue < docs[$1].issue : $0 < $1
        }
        var counters: [String: Int64] = [:]
        var perDay: [CalendarDay: Int] = [:]
        for index in numbered {
            let doc = docs[index]
            let key = "\(doc.kind.series)/\(doc.issue.year)"
            let counter = (counters[key] ?? 0) + 1
            counters[key] = counter
            docs[index].reference = doc.kind.defaultPattern.format(doc.issue, counter: counter)
            let second = perDay[doc.issue, default: 0]
            perDay[doc.issue] = second + 1
            docs[index].validatedAt = doc.issue.startDate().addingTimeInterval(9 * 3600 + Double(second % 20_000))
        }
        for index in docs.indices {
            if let installment = docs[index].installment, docs[index].source >= 0 {
                let order = docs[Int(docs[index].source)]
                docs[index].note = "Facture \(installment.index + 1) sur \(installment.count) de la commande \(order.reference ?? "")"
            }
            if docs[index].kind == .order { docs[index].state = docs[index].issue.daysSinceEpoch % 3 == 0 ? .sent : .validated }
        }

        // Payments: of the invoices still standing, 70 % paid in full 5 to 60 days after their date, 10 % partly, the rest
        // unpaid (half of them marked sent); a payment that would fall after today leaves its invoice unpaid — overdue
        // once its due date has passed.
        var payments: [Payment] = []
        var paymentsPerDay: [CalendarDay: Int] = [:]
        for index in docs.indices where docs[index].kind == .invoice && docs[index].reference != nil && docs[index].state != .cancelled {
            var random = SampleRandom(seed: seed, stream: 0x9A1D, index: index)
            let doc = docs[index]
            let roll = random.below(100)
            let day = doc.issue.adding(days: random.int(in: 5...60))
            var amount: Int64 = 0
            if roll < 70 && day < today {
                amount = doc.totals.gross
            } else if roll < 80 && day < today {
                amount = doc.totals.gross * Int64(random.int(in: 30...70)) / 100
            }
            guard amount > 0 else {
                docs[index].state = random.below(2) == 0 ? .sent : .validated
                continue
            }
            let second = paymentsPerDay[day, default: 0]
            paymentsPerDay[day] = second + 1
            let at = day.startDate().addingTimeInterval(17 * 3600 + Double(second % 20_000))
            payments.append(
                Payment(document: Int32(index), amount: amount, day: day, at: at, method: methods[random.below(methods.count)]))
            docs[index].state = amount >= doc.totals.gross ? .paid : .partiallyPaid
            docs[index].updatedAt = at
        }
        plan.docs = docs
        plan.payments = payments
        return plan
    }

    /// The organisation's coordinates (the mandatory mentions), as the demo sets them, when the profile has none.
    static func prepareOrganization(_ context: ServiceContext) async throws {
        let organization = EntityService(OrganizationEntity.definition, context)
        let profile = try await organization.get(OrganizationProfile.singletonID)
        guard (profile["legal_name"].textValue ?? "").isEmpty else { return }
        _ = try await organization.update(
            OrganizationProfile.singletonID,
            EntityInput(
                values: [
                    "legalName": "Comptoir Banc d'Essai", "legalForm": "SAS", "shareCapital": Money(minorUnits: 1_000_000).decimalString,
                    "addressLine1": "8 quai Saint-Vincent", "postcode": "69001", "city": "Lyon", "country": "FR", "siren": "843217654",
                    "siret": "84321765400014", "vatNumber": "FR62843217654", "rcsCity": "Lyon",
                ], isPartial: true))
    }

    /// Public projects « Projet 001 »…, created through the projects' service.
    static func makeProjects(_ count: Int, _ context: ServiceContext) async throws -> [UUID] {
        guard count > 0 else { return [] }
        let definition = try await ProjectsEntity.definition.resolved(for: context)
        let service = EntityService(definition, context)
        let start = CalendarDay(context.now).adding(days: -3 * 365)
        var ids: [UUID] = []
        for index in 0..<count {
            ids.append(
                try await service.create(
                    EntityInput(
                        values: [
                            "title": "Projet \(String(format: "%03d", index + 1))", "code": String(format: "PRJ-%03d", index + 1),
                            "status": "open", "visibility": "public", "startsOn": start.isoString,
                        ], isPartial: false)
                ).id)
        }
        return ids
    }

    static let documentColumns = [
        "id", "kind", "subtype", "state", "series", "reference", "title", "company_id", "contact_id", "customer_name", "billing_address",
        "delivery_address", "project_id", "interaction_id", "issue_date", "delivery_date", "due_date", "valid_until", "payment_terms",
        "late_penalty_rate", "early_payment_discount", "nature", "notes", "supplier_reference", "currency", "total_net", "total_tax",
        "total_gross", "source_id", "credited_id", "mentions", "validated_at", "validated_by", "created_by", "created_at", "updated_at",
    ]
    static let lineColumns = [
        "id", "document_id", "position", "product_id", "description", "quantity_milli", "unit", "unit_price", "discount_bp", "vat_rate_bp",
        "net",
    ]

    static func documentRow(_ d: SalesDocumentRecord) -> [FieldValue] {
        func text(_ value: String?) -> FieldValue { value.map { .text($0) } ?? .null }
        func id(_ value: UUID?) -> FieldValue { value.map { .uuid($0) } ?? .null }
        func date(_ value: Date?) -> FieldValue { value.map { .date($0) } ?? .null }
        return [
            .uuid(d.id), .text(d.kind), .text(d.subtype), .text(d.state), .text(d.series), text(d.reference), text(d.title),
            id(d.companyID),
            id(d.contactID), text(d.customerName), text(d.billingAddress), text(d.deliveryAddress), id(d.projectID), id(d.interactionID),
            .text(d.issueDate), text(d.deliveryDate), text(d.dueDate), text(d.validUntil), text(d.paymentTerms), text(d.latePenaltyRate),
            text(d.earlyPaymentDiscount), text(d.nature), text(d.notes), text(d.supplierReference), .text(d.currency), .int(d.totalNet),
            .int(d.totalTax), .int(d.totalGross), id(d.sourceID), id(d.creditedID), text(d.mentions), date(d.validatedAt),
            id(d.validatedBy), id(d.createdBy), date(d.createdAt), date(d.updatedAt),
        ]
    }
}
