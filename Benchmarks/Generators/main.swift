// comptoir-benchdata: fills an empty Comptoir database with a large generated French directory, for the
// Directory benchmark (Benchmarks/Directory/run.sh). Migrates first, like `comptoir migrate`.
//
//   comptoir-benchdata --data-dir D [--database-url postgres://…] --companies 200000 --contacts 1000000
//   comptoir-benchdata --data-dir D --catalog --products 100000 --movement-lines 2000000 --serials 200000 --warehouses 3
//   comptoir-benchdata --data-dir D --sales --invoices 100000 --lines-per-invoice 10 --customers 3000 [--raw-comparison]
//
// Prints progress on stderr and, on stdout, one line per table and the overall rows/s.
import ArgumentParser
import ComptoirBulkLoad
import ComptoirCore
import ComptoirServices
import ComptoirStore
import ComptoirWeb
import Foundation
import Logging
import Vapor

struct BenchData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comptoir-benchdata",
        abstract: "Loads generated companies and contacts (French names, valid SIRETs) into an empty Comptoir database.")

    @ArgumentParser.Option(name: .customLong("data-dir"), help: "Data directory (env COMPTOIR_DATA_DIR, default ./comptoir-data).")
    var dataDirectory: String?

    @ArgumentParser.Option(
        name: .customLong("database-url"),
        help: "postgres://… to use PostgreSQL (env DATABASE_URL); SQLite in the data directory otherwise.")
    var databaseURL: String?

    @ArgumentParser.Option(help: "Number of companies.")
    var companies = 200_000

    @ArgumentParser.Option(help: "Number of contacts (about 80 % linked to a company with a role).")
    var contacts = 1_000_000

    @ArgumentParser.Option(help: "Seed of FrenchSampleData: same seed, same records (ids excepted).")
    var seed: UInt64 = 2026

    @ArgumentParser.Flag(help: "Only generate the rows in memory, without a database: the generator's own speed.")
    var dryRun = false

    // Activities benchmark (Benchmarks/Activities/run.sh): `--activities` loads a generated agenda instead of
    // the directory.
    @ArgumentParser.Flag(help: "Load the Activities data set (users, resources, interactions, recurring series) instead of the directory.")
    var activities = false

    @ArgumentParser.Option(help: "With --activities: number of users (the first one is the benchmark's user).")
    var users = 20

    @ArgumentParser.Option(help: "With --activities: number of resources.")
    var resources = 50

    @ArgumentParser.Option(help: "With --activities: number of single interactions, spread over ±1 year around --anchor.")
    var interactions = 100_000

    @ArgumentParser.Option(help: "With --activities: number of recurring series (weekly and monthly).")
    var series = 5_000

    @ArgumentParser.Option(help: "With --activities: the day the data is spread around (yyyy-mm-dd).")
    var anchor = ActivitiesBulkLoad.defaultAnchor.isoString

    @ArgumentParser.Option(
        help: "With --activities: where to write the benchmark fixtures (JSON; default DATA_DIR/activities-fixtures.json).")
    var fixtures: String?

    // Catalog benchmark (Benchmarks/Catalog/run.sh): `--catalog` loads a generated catalogue and its stock history instead.
    @ArgumentParser.Flag(help: "Load the Catalog data set (products, warehouses, validated stock movements, serial numbers).")
    var catalog = false

    @ArgumentParser.Option(help: "With --catalog: number of products (P000001…).")
    var products = 100_000

    @ArgumentParser.Option(
        name: .customLong("movement-lines"), help: "With --catalog: about this many validated movement lines (~20 per movement).")
    var movementLines = 2_000_000

    @ArgumentParser.Option(help: "With --catalog: number of serial numbers (in stock or delivered).")
    var serials = 200_000

    @ArgumentParser.Option(help: "With --catalog: number of warehouses (1 to 6).")
    var warehouses = 3

    // Sales benchmark (Benchmarks/Sales/run-1m.sh): `--sales` loads a generated sales history instead.
    @ArgumentParser.Flag(
        help: "Load the Sales data set (validated invoices and their lines, credit notes, orders in installments, payments, the chain).")
    var sales = false

    @ArgumentParser.Option(help: "With --sales: number of standard invoices (each with --lines-per-invoice lines).")
    var invoices = 100_000

    @ArgumentParser.Option(name: .customLong("lines-per-invoice"), help: "With --sales: lines per invoice (and per order).")
    var linesPerInvoice = 10

    @ArgumentParser.Option(help: "With --sales: customer companies (loaded first when the database has no company).")
    var customers = 3_000

    @ArgumentParser.Option(help: "With --sales: projects the documents are filed in.")
    var projects = 50

    @ArgumentParser.Option(help: "With --sales: orders invoiced in installments (default: one per 50 invoices).")
    var orders: Int?

    @ArgumentParser.Option(help: "With --sales: products on the lines (loaded first when the database has no product).")
    var salesProducts = 2_000

    @ArgumentParser.Option(help: "With --sales: years the history spans, up to yesterday.")
    var years = 3

    @ArgumentParser.Flag(
        name: .customLong("raw-comparison"),
        help: "With --sales: also insert the same line rows into a bare table in the same run (the database's floor).")
    var rawComparison = false

    mutating func validate() throws {
        guard companies >= 0, companies <= FrenchSampleData.maximumCompanyCount else {
            throw ValidationError("--companies must be between 0 and \(FrenchSampleData.maximumCompanyCount)")
        }
        guard contacts >= 0 else { throw ValidationError("--contacts must not be negative") }
    }

    func run() async throws {
        if activities {
            try await runActivities()
            return
        }
        if catalog {
            try await runCatalog()
            return
        }
        if sales {
            try await runSales()
            return
        }
        if dryRun {
            generateOnly()
            return
        }
        try await withMigratedApp { app, directory in
            say("loading \(companies) companies and \(contacts) contacts (seed \(seed))")
            let summary = try await DirectoryBulkLoad.load(
                context: app.systemContext("benchdata"), companies: companies, contacts: contacts, seed: seed, progress: say)
            for (table, rows) in summary.tables {
                print(table.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: " %10d rows", rows))
            }
            print(
                String(
                    format: "loaded %d rows in %.1f s: %.0f rows/s (%.0f companies+contacts/s); closing maintenance %.1f s",
                    summary.totalRows, summary.seconds, Double(summary.totalRows) / summary.seconds,
                    Double(companies + contacts) / summary.seconds, summary.maintenanceSeconds))
        }
    }

    /// The records and their search text built in memory only: what the database adds is the rest.
    func generateOnly() {
        let sample = FrenchSampleData(seed: seed, companyCount: companies)
        let start = Date()
        var characters = 0
        for index in 0..<companies {
            let company = sample.company(index: index)
            characters += foldForSearch(company.name).utf8.count + DuplicateFinder.normalizedCompanyName(company.name).utf8.count
        }
        let middle = Date()
        for index in 0..<contacts {
            let contact = sample.contact(index: index)
            characters += foldForSearch(contact.firstName + " " + contact.lastName).utf8.count
        }
        let end = Date()
        print(
            String(
                format: "generated %d companies in %.1f s (%.0f/s) and %d contacts in %.1f s (%.0f/s), names folded (%d bytes)",
                companies, middle.timeIntervalSince(start), Double(companies) / max(middle.timeIntervalSince(start), 0.001),
                contacts, end.timeIntervalSince(middle), Double(contacts) / max(end.timeIntervalSince(middle), 0.001), characters))
    }
}

/// The database of `--data-dir` / `DATABASE_URL`, migrated, to `body`; shut down after, whatever happens.
extension BenchData {
    func withMigratedApp(_ body: (Application, _ directory: String) async throws -> Void) async throws {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let directory = dataDirectory ?? ProcessInfo.processInfo.environment["COMPTOIR_DATA_DIR"] ?? "./comptoir-data"
        let location = try DatabaseLocation.resolve(
            url: databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], dataDirectory: directory)
        let config = AppConfig(database: location, dataDirectory: directory)
        let app = try await buildApplication(config, environment: Environment(name: "production", arguments: ["comptoir-benchdata"]))
        do {
            say("migrating \(location.displayName)")
            try await migrate(app)
            try await body(app, directory)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

/// Rows and rows per second of each table a loader wrote.
func printTables(_ tables: [(table: String, rows: Int, seconds: Double)], width: Int) {
    for (table, rows, seconds) in tables {
        print(
            table.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: " %10d rows in %6.1f s: %9.0f rows/s", rows, seconds, Double(rows) / max(seconds, 0.001)))
    }
}

/// A benchmark's fixtures (the ids and names its cases ask for) as JSON.
func writeFixtures(_ fixtures: some Encodable, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    try encoder.encode(fixtures).write(to: URL(fileURLWithPath: path))
    say("fixtures written to \(path)")
}

func say(_ line: String) {
    FileHandle.standardError.write(Data("[benchdata] \(line)\n".utf8))
}

/// `--activities`: the Activities benchmark's data set.
extension BenchData {
    func runActivities() async throws {
        guard let anchorDay = CalendarDay(parsing: anchor) else { throw ValidationError("--anchor must be yyyy-mm-dd") }
        guard users >= 1, resources >= 1, interactions >= 0, series >= 0 else {
            throw ValidationError("--users and --resources must be at least 1, --interactions and --series not negative")
        }
        try await withMigratedApp { app, directory in
            say(
                "loading \(users) users, \(resources) resources, \(interactions) interactions and \(series) series around \(anchor) (seed \(seed))"
            )
            let summary = try await ActivitiesBulkLoad.load(
                context: app.systemContext("benchdata"), users: users, resources: resources, interactions: interactions, series: series,
                seed: seed,
                anchor: anchorDay, progress: say)
            for (table, rows) in summary.tables {
                print(table.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: " %10d rows", rows))
            }
            print(
                String(
                    format: "loaded %d rows in %.1f s: %.0f rows/s; closing maintenance %.1f s",
                    summary.totalRows, summary.seconds, Double(summary.totalRows) / summary.seconds, summary.maintenanceSeconds))
            try writeFixtures(summary.fixtures, to: fixtures ?? (directory as NSString).appendingPathComponent("activities-fixtures.json"))
        }
    }
}

/// `--catalog`: the Catalog benchmark's data set.
extension BenchData {
    func runCatalog() async throws {
        try await withMigratedApp { app, directory in
            say(
                "loading \(products) products, about \(movementLines) movement lines, \(serials) serial numbers in \(warehouses) warehouses (seed \(seed))"
            )
            let summary = try await CatalogBulkLoad.load(
                context: app.systemContext("benchdata"), products: products, movementLines: movementLines, serials: serials,
                warehouses: warehouses, seed: seed, progress: say)
            printTables(summary.tables, width: 22)
            print(
                String(
                    format: "loaded %d rows in %.1f s: %.0f rows/s (simulation %.1f s before); closing maintenance %.1f s",
                    summary.totalRows, summary.seconds, Double(summary.totalRows) / summary.seconds, summary.simulationSeconds,
                    summary.maintenanceSeconds))
            let fixtures = ["middleReference": summary.middleReference, "sampleSerial": summary.sampleSerial]
            try writeFixtures(fixtures, to: (directory as NSString).appendingPathComponent("catalog-fixtures.json"))
        }
    }
}

/// `--sales`: the Sales benchmark's data set.
extension BenchData {
    func runSales() async throws {
        try await withMigratedApp { app, directory in
            let orderCount = orders ?? invoices / 50
            say(
                "loading \(invoices) invoices × \(linesPerInvoice) lines, \(orderCount) orders in installments, \(customers) customers, \(projects) projects over \(years) years (seed \(seed))"
            )
            let summary = try await SalesBulkLoad.load(
                context: app.systemContext("benchdata"), invoices: invoices, linesPerInvoice: linesPerInvoice, customers: customers,
                projects: projects, products: salesProducts, orders: orderCount, years: years, seed: seed, rawComparison: rawComparison,
                progress: say)
            printTables(summary.tables, width: 26)
            print(
                String(
                    format: "loaded %d rows in %.1f s: %.0f rows/s (set-up and plan %.1f s before); closing maintenance %.1f s",
                    summary.totalRows, summary.seconds, Double(summary.totalRows) / summary.seconds, summary.setupSeconds,
                    summary.maintenanceSeconds))
            if let raw = summary.rawLines, let lines = summary.tables.first(where: { $0.table == "sales_document_lines" }) {
                print(
                    String(
                        format:
                            "same run: the %d line rows into a bare table (no index, no constraint) in %.1f s: %.0f rows/s; into sales_document_lines %.0f rows/s (%.0f %% of raw)",
                        raw.rows, raw.seconds, Double(raw.rows) / max(raw.seconds, 0.001), Double(lines.rows) / max(lines.seconds, 0.001),
                        100 * (Double(lines.rows) / max(lines.seconds, 0.001)) / (Double(raw.rows) / max(raw.seconds, 0.001))))
            }
            try writeFixtures(summary.fixtures, to: (directory as NSString).appendingPathComponent("sales-fixtures.json"))
        }
    }
}

// Top-level code (this is main.swift, so no @main). Top-level code would pick the synchronous `run()` and
// `main()` overloads (which only print the help); inside an async function the async ones win.
func runBenchData() async {
    await BenchData.main(nil)
}

await runBenchData()
