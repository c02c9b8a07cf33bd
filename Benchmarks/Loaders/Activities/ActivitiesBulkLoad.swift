import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit

/// Loads a large generated agenda fast, for the Activities benchmark (`comptoir-benchdata --activities`,
/// Benchmarks/Activities/run.sh): users, resources, single interactions spread over ±1 year around a fixed
/// day, recurring series (weekly and monthly, bounded or not, with deleted and edited occurrences),
/// participants, and resource bookings that never overlap (the database trigger refuses overlaps).
///
/// Multi-row INSERTs in transactions, under the bind limit of SQLite and PostgreSQL. The rows hold what the
/// application writes: rules in `RecurrenceRule.rruleString` form, EXDATEs as `InteractionOccurrences.encode`
/// writes them, bookings for each occurrence from the series' start up to the booking horizon
/// (`InteractionOccurrences.windows`, as `InteractionService.rebook` computes them with « now » = the anchor).
/// Bookings are inserted latest first, so the overlap trigger's range scan stays short during the load. The agenda's
/// bounds (`short_span`, `series_last_end`) are written with the rows, computed by `AgendaBounds` as for one
/// interaction written by a form. Writes no audit entries, and refuses a database that already holds interactions
/// or resources.
public enum ActivitiesBulkLoad {
    /// What was loaded, how long it took, and the records the benchmark acts on.
    public struct Summary: Sendable {
        /// Rows inserted per table, in loading order.
        public var tables: [(table: String, rows: Int)]
        /// Wall-clock seconds from the first INSERT to the last commit (maintenance excluded).
        public var seconds: Double
        /// Seconds of the closing maintenance (PostgreSQL `VACUUM ANALYZE`, SQLite WAL checkpoint).
        public var maintenanceSeconds: Double
        /// Accounts, resources and prepared booking attempts for the benchmark.
        public var fixtures: Fixtures

        public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    /// What the benchmark script needs to know about the generated data (written as JSON).
    public struct Fixtures: Codable, Sendable {
        public struct Account: Codable, Sendable {
            public var email: String
            public var id: UUID
        }

        /// An interaction without resources and a resource to book for it: the first `conflictAt` windows
        /// are free, the next one is held by another interaction (nil: every window is free).
        public struct BookingAttempt: Codable, Sendable {
            public var interaction: UUID
            public var resource: UUID
            public var subject: String
            public var rrule: String?
            public var start: Date
            /// The time windows `InteractionService.rebook` checks and books (1 for a single interaction).
            public var windows: Int
            public var conflictAt: Int?
        }

        /// The fixed day the data is spread around (yyyy-mm-dd).
        public var anchor: String
        /// The password of every generated account.
        public var password: String
        /// The first account is the benchmark's user (owner of the booking attempts below).
        public var users: [Account]
        public var resources: [UUID]
        public var singleAccepted: BookingAttempt?
        public var singleRefused: BookingAttempt?
        public var seriesAccepted: BookingAttempt?
        public var seriesRefused: BookingAttempt?
        /// Counts for the first user: owned single interactions, participations, owned and joined series.
        public var firstUser: [String: Int]
    }

    public enum LoadError: Error, CustomStringConvertible {
        case notEmpty(interactions: Int, resources: Int)
        case noPasswordHasher

        public var description: String {
            switch self {
            case .notEmpty(let interactions, let resources):
                return "the database already holds \(interactions) interactions and \(resources) resources; load into an empty one"
            case .noPasswordHasher:
                return "the context has no password hasher for the generated accounts"
            }
        }
    }

    /// The password of every generated account.
    public static let password = "Benchmark-password-2024"
    /// The default day the data is spread around (a Monday).
    public static let defaultAnchor = CalendarDay(year: 2026, month: 11, day: 30)!

    static let recordsPerTransaction = 10_000
    static let rowsPerStatement = 500

    static let interactionColumns = [
        "id", "type_id", "subject", "subject_sort", "location", "starts_at", "ends_at", "all_day", "due_date", "done", "done_at",
        "owner_id",
        "rrule", "exdates", "series_id", "original_start", "archived", "created_at", "updated_at", "short_span", "series_last_end",
        "occurs_at",
    ]

    /// The rows of one table.
    struct Rows: Sendable {
        var table: String
        var columns: [String]
        var rows: [[any SQLExpression]] = []

        init(_ table: String, _ columns: [String]) {
            self.table = table
            self.columns = columns
        }

        mutating func append(_ values: [any SQLExpression]) {
            precondition(values.count == columns.count, "\(table): \(values.count) values for \(columns.count) columns")
            rows.append(values)
        }
    }

    /// The rule of `text` ending at `until` (written as RFC 5545 wants it by `RecurrenceRule` itself).
    static func rule(_ text: String, until: Date?) throws -> RecurrenceRule {
        let rule = try RecurrenceRule(parsing: text)
        guard let until else { return rule }
        return try RecurrenceRule(
            frequency: rule.frequency, interval: rule.interval, byDay: rule.byDay, byMonthDay: rule.byMonthDay, byMonth: rule.byMonth,
            until: until, weekStart: rule.weekStart)
    }

    static func bind(_ value: (any Encodable & Sendable)?) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        return SQLBind(value)
    }

    /// One interaction row (single, series master or edited occurrence), with its agenda bounds: a series' first
    /// row is given the latest end of its edited occurrences (`editedEnd`), as `AgendaBounds.refresh` reads it.
    static func interaction(
        id: UUID, type: UUID, subject: String, location: String?, start: Date?, end: Date?, allDay: Bool, due: String?, done: Bool,
        owner: UUID, rrule: String? = nil, exdates: String? = nil, seriesID: UUID? = nil, originalStart: Date? = nil, created: Date,
        editedEnd: Date? = nil
    ) -> [any SQLExpression] {
        let seriesLastEnd =
            rrule != nil && seriesID == nil
            ? AgendaBounds.seriesLastEnd(start: start, end: end, rrule: rrule, editedEnd: editedEnd) : nil
        return [
            bind(id), bind(type), bind(subject), bind(frenchSortKey(subject)), bind(location), bind(start), bind(end), bind(allDay),
            bind(due), bind(done),
            bind(done ? end ?? created : nil), bind(owner), bind(rrule), bind(exdates), bind(seriesID), bind(originalStart),
            bind(false), bind(created), bind(created), bind(AgendaBounds.shortSpan(start: start, end: end)), bind(seriesLastEnd),
            bind(InteractionListDate.value(start: start, due: due, created: created)),
        ]
    }

    /// An interaction's search document, as `InteractionSearch.document` writes it for a form's interaction.
    static func document(id: UUID, subject: String, location: String?, start: Date?, due: String?) -> SearchDocument {
        InteractionSearch.document(
            TableRow(
                id: id,
                values: [
                    "subject": .text(subject), "location": location.map { .text($0) } ?? .null,
                    "starts_at": start.map { .date($0) } ?? .null, "due_date": due.map { .text($0) } ?? .null, "archived": .bool(false),
                ]))
    }

    /// Which resource holds which quarter hour: every generated time is on a quarter hour, so two bookings
    /// overlap exactly when they share one.
    struct Occupancy {
        private var taken: [Int: UUID] = [:]

        static func quarters(_ start: Date, _ end: Date) -> Range<Int> {
            let first = Int((start.timeIntervalSince1970 / 900).rounded(.down))
            let last = Int((end.timeIntervalSince1970 / 900).rounded(.up))
            return first..<max(first + 1, last)
        }

        private static func key(_ resource: Int, _ quarter: Int) -> Int { resource << 40 | quarter }

        func isFree(_ resource: Int, _ windows: [(Date, Date)]) -> Bool { firstConflict(resource, windows) == nil }

        /// The index of the first window that overlaps a booking of `resource`.
        func firstConflict(_ resource: Int, _ windows: [(Date, Date)]) -> Int? {
            for (index, window) in windows.enumerated() {
                for quarter in Self.quarters(window.0, window.1) where taken[Self.key(resource, quarter)] != nil { return index }
            }
            return nil
        }

        mutating func book(_ resource: Int, _ windows: [(Date, Date)], by interaction: UUID) {
            for window in windows {
                for quarter in Self.quarters(window.0, window.1) { taken[Self.key(resource, quarter)] = interaction }
            }
        }
    }

    struct Booking {
        var resource: Int
        var interaction: UUID
        var start: Date
        var end: Date
    }

    /// An interaction of the first user that could get a resource in the benchmark.
    struct Candidate {
        var id: UUID
        var subject: String
        var rrule: String?
        var start: Date
        var windows: [(Date, Date)]
    }

    // MARK: - Loading

    /// Loads `users` accounts, `resources` resources, `interactions` single interactions and `series` recurring
    /// series around `anchor`, all drawn from `seed`.
    @discardableResult
    public static func load(
        context: ServiceContext, users userCount: Int, resources resourceCount: Int, interactions interactionCount: Int,
        series seriesCount: Int,
        seed: UInt64, anchor: CalendarDay = defaultAnchor, progress: (String) -> Void
    ) async throws -> Summary {
        precondition(userCount >= 1 && resourceCount >= 1, "at least one user and one resource")
        let database = context.db
        let sql = try TableStore.sqlDatabase(database)
        let isPostgres = sql.dialect.name == "postgresql"
        let bindLimit = isPostgres ? 65_535 : 32_766
        let existingInteractions = try await count("interactions", on: sql)
        let existingResources = try await count("resources", on: sql)
        guard existingInteractions == 0, existingResources == 0 else {
            throw LoadError.notEmpty(interactions: existingInteractions, resources: existingResources)
        }

        let ids = context.ids
        let anchorDate = anchor.startDate()
        let horizon = anchorDate.addingTimeInterval(InteractionService.bookingHorizon)
        var random = SampleRandom(seed: seed)
        // Durations come from a monotonic clock: wall time is the injected clock's business, not a stopwatch's.
        let stopwatch = ContinuousClock()
        let started = stopwatch.now
        var counts: [String: Int] = [:]
        var order: [String] = []
        func insert(_ tables: [Rows], documents: BulkRows? = nil) async throws {
            try await database.transaction { db in
                let sql = try TableStore.sqlDatabase(db)
                for table in tables where !table.rows.isEmpty {
                    try await insertRows(table, bindLimit: bindLimit, on: sql)
                }
                if let documents, !documents.isEmpty {
                    try await documents.insert(on: db)
                    try await SearchIndex.indexInserted(documents, on: db)
                }
            }
            for table in tables {
                if counts[table.table] == nil { order.append(table.table) }
                counts[table.table, default: 0] += table.rows.count
            }
            if let documents {
                if counts[documents.table] == nil { order.append(documents.table) }
                counts[documents.table, default: 0] += documents.rows.count
            }
        }
        func report(_ what: String) {
            let elapsed = elapsedSeconds(stopwatch.now - started)
            let rows = counts.values.reduce(0, +)
            progress(String(format: "%@ — %d rows in %.1f s (%.0f rows/s)", what, rows, elapsed, Double(rows) / max(elapsed, 0.001)))
        }

        // Accounts: one password hash shared by all (the password is public anyway).
        guard let hasher = context.passwordHasher else { throw LoadError.noPasswordHasher }
        let hash = try hasher.hash(password)
        var userRows = Rows(
            "users",
            [
                "id", "email", "name", "locale", "role", "read_only", "active", "password_hash", "must_change_password", "created_at",
                "updated_at",
            ])
        var accounts: [Fixtures.Account] = []
        for index in 0..<userCount {
            let id = ids.next()
            let email = String(format: "agenda%02d@comptoir-bench.fr", index + 1)
            let name = random.pick(FrenchSampleData.firstNames) + " " + random.pick(FrenchSampleData.lastNames)
            accounts.append(.init(email: email, id: id))
            userRows.append([
                bind(id), bind(email), bind(name), bind("fr"), bind(index == userCount - 1 && userCount > 1 ? "admin" : "user"),
                bind(false), bind(true), bind(hash),
                bind(false), bind(anchorDate), bind(anchorDate),
            ])
        }
        let userIDs = accounts.map(\.id)

        var resourceRows = Rows("resources", ["id", "name", "kind", "capacity", "location", "active", "created_at", "updated_at"])
        var resourceIDs: [UUID] = []
        for index in 0..<resourceCount {
            let id = ids.next()
            resourceIDs.append(id)
            let (resourceName, kind, capacity, location): (String, String, Int64?, String) =
                switch index % 5 {
                case 0, 1, 2: ("Salle \(index + 1)", "room", Int64(4 + (index * 7) % 20), "\(1 + index % 4)e étage")
                case 3: ("Véhicule \(index + 1)", "vehicle", Int64(2 + index % 4), "Parking")
                default: ("Vidéoprojecteur \(index + 1)", "equipment", nil, "Accueil")
                }
            resourceRows.append([
                bind(id), bind(resourceName), bind(kind), bind(capacity), bind(location), bind(true), bind(anchorDate), bind(anchorDate),
            ])
        }
        try await insert([userRows, resourceRows])
        report("\(userCount) users and \(resourceCount) resources")

        var occupancy = Occupancy()
        var bookings: [Booking] = []
        var candidates: [Candidate] = []
        var seriesCandidates: [Candidate] = []
        var firstUser = ["ownedSingles": 0, "participations": 0, "ownedSeries": 0, "joinedSeries": 0]

        func participants(owner: Int, percentOne: Int, percentMore: Int) -> [Int] {
            guard userCount > 1 else { return [] }
            let draw = random.below(100)
            let wanted = draw < percentOne ? 1 : draw < percentOne + percentMore ? min(userCount - 1, 2 + random.below(2)) : 0
            var chosen: [Int] = []
            while chosen.count < wanted {
                let other = random.below(userCount)
                if other != owner, !chosen.contains(other) { chosen.append(other) }
            }
            return chosen
        }
        func name() -> String { random.pick(FrenchSampleData.firstNames) + " " + random.pick(FrenchSampleData.lastNames) }
        let type = { (n: Int) in ActivityDefaults.id(n) }
        let appel = 101, rdv = 102, email = 103, tache = 104, formation = 108, note = 109

        // Series first: they get their resources before single interactions take the remaining slots.
        if seriesCount > 0 {
            var masters = Rows("interactions", interactionColumns)
            var edited = Rows("interactions", interactionColumns)
            var links = Rows("interaction_participants", ["id", "interaction_id", "user_id"])
            var held = Rows("interaction_resources", ["id", "interaction_id", "resource_id"])
            var documents = SearchIndex.bulkDocuments()
            let weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            for _ in 0..<seriesCount {
                let id = ids.next()
                let owner = random.below(userCount)
                let kind = [rdv, rdv, rdv, rdv, rdv, formation, formation, appel, appel, tache][random.below(10)]
                var day = anchor.adding(days: random.int(in: -365...300))
                if day.weekday > 5 { day = day.adding(days: 8 - day.weekday) }
                let minutes = 8 * 60 + 15 * random.below(36)
                let start = day.startDate().addingTimeInterval(Double(minutes * 60))
                let duration = Double([30, 45, 60, 60, 60, 90, 120][random.below(7)] * 60)
                // The rule: weekly (every week or every other, one or two weekdays) or monthly (a day of the
                // month, or the n-th weekday); unbounded, COUNT or UNTIL.
                var text: String
                if random.chance(60) {
                    var days = [weekdays[day.weekday - 1]]
                    if random.chance(30) { days.append(weekdays[(day.weekday - 1 + 2) % 5]) }
                    days = weekdays.filter { days.contains($0) }
                    text = "FREQ=WEEKLY" + (random.chance(30) ? ";INTERVAL=2" : "") + ";BYDAY=" + days.joined(separator: ",")
                } else if day.day <= 28, random.chance(50) {
                    text = "FREQ=MONTHLY;BYMONTHDAY=\(day.day)"
                } else {
                    text = "FREQ=MONTHLY;BYDAY=\(min(4, (day.day - 1) / 7 + 1))\(weekdays[day.weekday - 1])"
                }
                let ending = random.below(100)
                var until: Date?
                if ending < 30 {
                    text += ";COUNT=\(random.int(in: 6...52))"
                } else if ending < 60 {
                    until = start.addingTimeInterval(Double(random.int(in: 90...540)) * 86_400)
                }
                let rule = try Self.rule(text, until: until)
                var series = RecurrenceSeries(start: start, duration: duration, rule: rule)
                let early = series.occurrences(from: start, to: start.addingTimeInterval(400 * 86_400), limit: 24)
                // Some deleted occurrences (EXDATE), and for a few series one occurrence edited on its own.
                var exceptions: Set<Date> = []
                if early.count > 4, random.chance(15) {
                    for _ in 0..<random.int(in: 1...3) { exceptions.insert(early[random.int(in: 1...(early.count - 1))].originalStart) }
                }
                series.exceptions = exceptions
                let subject =
                    (kind == formation
                        ? "Formation " : kind == appel ? "Point téléphonique " : kind == tache ? "Tâche récurrente " : "Réunion ")
                    + (random.chance(50) ? "d'équipe — " : "client — ") + name()
                let created = min(start, anchorDate).addingTimeInterval(-Double(random.below(30)) * 86_400)
                let exdates = exceptions.isEmpty ? nil : InteractionOccurrences.encode(exceptions)
                // The series' first row is appended at the end of this turn, once its edited occurrence (if any) is known.
                var editedEnd: Date?
                let others = participants(owner: owner, percentOne: 30, percentMore: 20)
                for other in others { links.append([bind(ids.next()), bind(id), bind(userIDs[other])]) }
                if owner == 0 { firstUser["ownedSeries", default: 0] += 1 }
                if others.contains(0) { firstUser["joinedSeries", default: 0] += 1 }

                let row = TableRow(
                    id: id,
                    values: [
                        "starts_at": .date(start), "ends_at": .date(start.addingTimeInterval(duration)), "rrule": .text(rule.rruleString),
                        "exdates": exdates.map { .text($0) } ?? .null,
                    ])
                if random.chance(10) {
                    // Booked: the occurrences up to the horizon, on the first resource free for all of them.
                    let windows = try InteractionOccurrences.windows(row, horizon: horizon)
                    for _ in 0..<12 {
                        let resource = random.below(resourceCount)
                        guard occupancy.isFree(resource, windows) else { continue }
                        occupancy.book(resource, windows, by: id)
                        held.append([bind(ids.next()), bind(id), bind(resourceIDs[resource])])
                        bookings += windows.map { Booking(resource: resource, interaction: id, start: $0.0, end: $0.1) }
                        break
                    }
                } else {
                    if early.count > 6, random.chance(6) {
                        let original = early[random.int(in: 2...(early.count - 1))].originalStart
                        if !exceptions.contains(original) {
                            let moved = original.addingTimeInterval(random.chance(50) ? 86_400 : 7_200)
                            editedEnd = moved.addingTimeInterval(duration)
                            let editedID = ids.next()
                            SearchIndex.append(
                                document(id: editedID, subject: subject + " (déplacé)", location: nil, start: moved, due: nil),
                                to: &documents)
                            edited.append(
                                interaction(
                                    id: editedID, type: type(kind), subject: subject + " (déplacé)", location: nil, start: moved,
                                    end: moved.addingTimeInterval(duration), allDay: false, due: CalendarDay(moved).isoString,
                                    done: moved < anchorDate,
                                    owner: userIDs[owner], seriesID: id, originalStart: original, created: created))
                        }
                    }
                    if owner == 0 {
                        seriesCandidates.append(
                            Candidate(
                                id: id, subject: subject, rrule: rule.rruleString, start: start,
                                windows: try InteractionOccurrences.windows(row, horizon: horizon)))
                    }
                }
                SearchIndex.append(
                    document(id: id, subject: subject, location: kind == formation ? "Salle de formation" : nil, start: start, due: nil),
                    to: &documents)
                masters.append(
                    interaction(
                        id: id, type: type(kind), subject: subject, location: kind == formation ? "Salle de formation" : nil,
                        start: start, end: start.addingTimeInterval(duration), allDay: false, due: day.isoString, done: false,
                        owner: userIDs[owner], rrule: rule.rruleString, exdates: exdates, created: created, editedEnd: editedEnd))
            }
            try await insert([masters, edited, links, held], documents: documents)
            report("\(seriesCount) series (\(edited.rows.count) edited occurrences, \(held.rows.count) booked)")
        }

        // Single interactions over ±1 year, in transactions of `recordsPerTransaction`.
        var done = 0
        while done < interactionCount {
            let chunk = min(recordsPerTransaction, interactionCount - done)
            var rows = Rows("interactions", interactionColumns)
            var links = Rows("interaction_participants", ["id", "interaction_id", "user_id"])
            var held = Rows("interaction_resources", ["id", "interaction_id", "resource_id"])
            var documents = SearchIndex.bulkDocuments()
            for _ in 0..<chunk {
                let id = ids.next()
                let owner = random.below(userCount)
                let kind = [appel, appel, appel, rdv, rdv, rdv, rdv, email, tache, [formation, note][random.below(2)]][random.below(10)]
                var day = anchor.adding(days: random.int(in: -365...364))
                if day.weekday > 5, random.chance(85) { day = day.adding(days: day.weekday == 6 ? -1 : 1) }
                var start: Date?
                var end: Date?
                var allDay = false
                let label: String
                switch kind {
                case appel: label = "Appel — "
                case rdv: label = "Rendez-vous — "
                case email: label = "E-mail à "
                case tache: label = "Relancer "
                case formation: label = "Formation — "
                default: label = "Note — "
                }
                if kind == tache, random.chance(60) {
                    // A task with a due date only: not in the agenda.
                } else if (kind == rdv || kind == formation), random.chance(3) {
                    allDay = true
                    start = day.startDate()
                    end = day.adding(days: 1 + random.below(3)).startDate()
                } else {
                    let minutes = 8 * 60 + 15 * random.below(40)
                    let length =
                        switch kind {
                        case appel: [15, 15, 30][random.below(3)]
                        case email, note, tache: 15
                        default: [30, 45, 60, 60, 60, 90, 120][random.below(7)]
                        }
                    start = day.startDate().addingTimeInterval(Double(minutes * 60))
                    end = start!.addingTimeInterval(Double(length * 60))
                }
                let isDone = (start ?? day.startDate()) < anchorDate && random.chance(90)
                let created = min(start ?? day.startDate(), anchorDate).addingTimeInterval(-Double(random.below(20)) * 86_400)
                let subject = label + name()
                let location = kind == rdv ? random.pick(["Bureau", "Chez le client", "Visioconférence", "Agence de Lyon"]) : nil
                rows.append(
                    interaction(
                        id: id, type: type(kind), subject: subject, location: location,
                        start: start, end: end, allDay: allDay, due: day.isoString, done: isDone, owner: userIDs[owner], created: created))
                SearchIndex.append(document(id: id, subject: subject, location: location, start: start, due: day.isoString), to: &documents)
                let others = participants(owner: owner, percentOne: 30, percentMore: 10)
                for other in others { links.append([bind(ids.next()), bind(id), bind(userIDs[other])]) }
                if owner == 0, start != nil { firstUser["ownedSingles", default: 0] += 1 }
                if others.contains(0), start != nil { firstUser["participations", default: 0] += 1 }
                guard let begin = start, let finish = end, !allDay else { continue }
                if kind == rdv || kind == formation, random.chance(25) {
                    for _ in 0..<3 {
                        let resource = random.below(resourceCount)
                        guard occupancy.isFree(resource, [(begin, finish)]) else { continue }
                        occupancy.book(resource, [(begin, finish)], by: id)
                        held.append([bind(ids.next()), bind(id), bind(resourceIDs[resource])])
                        bookings.append(Booking(resource: resource, interaction: id, start: begin, end: finish))
                        break
                    }
                } else if owner == 0, begin > anchorDate {
                    candidates.append(Candidate(id: id, subject: subject, rrule: nil, start: begin, windows: [(begin, finish)]))
                }
            }
            try await insert([rows, links, held], documents: documents)
            done += chunk
            report("interactions \(done)/\(interactionCount)")
        }

        // Bookings, latest first: the overlap trigger then finds no earlier-starting row to step over.
        bookings.sort { ($0.start, $0.resource) > ($1.start, $1.resource) }
        var position = 0
        while position < bookings.count {
            let slice = bookings[position..<min(position + recordsPerTransaction, bookings.count)]
            var rows = Rows("resource_bookings", ["id", "resource_id", "interaction_id", "starts_at", "ends_at"])
            for booking in slice {
                rows.append([
                    bind(ids.next()), bind(resourceIDs[booking.resource]), bind(booking.interaction), bind(booking.start),
                    bind(booking.end),
                ])
            }
            try await insert([rows])
            position += slice.count
            report("resource bookings \(position)/\(bookings.count)")
        }
        let seconds = elapsedSeconds(stopwatch.now - started)

        // The booking attempts the benchmark times, chosen on the final occupancy.
        func attempt(_ candidate: Candidate, _ resource: Int, conflictAt: Int?) -> Fixtures.BookingAttempt {
            .init(
                interaction: candidate.id, resource: resourceIDs[resource], subject: candidate.subject, rrule: candidate.rrule,
                start: candidate.start, windows: candidate.windows.count, conflictAt: conflictAt)
        }
        var fixtures = Fixtures(
            anchor: anchor.isoString, password: password, users: accounts, resources: resourceIDs, firstUser: firstUser)
        let finalOccupancy = occupancy
        let soon = candidates.sorted { $0.start < $1.start }
        fixtures.singleAccepted =
            soon.lazy.compactMap { candidate in
                (0..<resourceCount).first { finalOccupancy.isFree($0, candidate.windows) }.map { attempt(candidate, $0, conflictAt: nil) }
            }.first
        fixtures.singleRefused =
            soon.lazy.compactMap { candidate in
                (0..<resourceCount).first { !finalOccupancy.isFree($0, candidate.windows) }.map { attempt(candidate, $0, conflictAt: 0) }
            }.first
        // The longest series free on some resource, and a series whose first conflict comes as late as possible.
        let longest = seriesCandidates.sorted { $0.windows.count > $1.windows.count }
        fixtures.seriesAccepted =
            longest.lazy.compactMap { candidate in
                (0..<resourceCount).first { finalOccupancy.isFree($0, candidate.windows) }.map { attempt(candidate, $0, conflictAt: nil) }
            }.first
        var lateConflict: (Candidate, Int, Int)?
        for candidate in longest.prefix(40) {
            for resource in 0..<resourceCount {
                if let index = finalOccupancy.firstConflict(resource, candidate.windows), index > (lateConflict?.2 ?? -1) {
                    lateConflict = (candidate, resource, index)
                }
            }
        }
        fixtures.seriesRefused = lateConflict.map { attempt($0.0, $0.1, conflictAt: $0.2) }

        // Leave the database as a running server would find it a little later: PostgreSQL's autovacuum
        // vacuums and analyses freshly loaded tables; SQLite folds the write-ahead log into the file.
        let maintenanceStart = stopwatch.now
        if isPostgres {
            progress("VACUUM ANALYZE (what autovacuum does after a large load)")
            try await sql.raw("VACUUM ANALYZE").run()
        } else {
            progress("WAL checkpoint")
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
        return Summary(
            tables: order.map { ($0, counts[$0] ?? 0) }, seconds: seconds,
            maintenanceSeconds: elapsedSeconds(stopwatch.now - maintenanceStart), fixtures: fixtures)
    }

    static func insertRows(_ rows: Rows, bindLimit: Int, on sql: any SQLDatabase) async throws {
        let perStatement = max(1, min(rowsPerStatement, bindLimit / rows.columns.count))
        var start = 0
        while start < rows.rows.count {
            let end = min(start + perStatement, rows.rows.count)
            let builder = sql.insert(into: rows.table).columns(rows.columns)
            for row in rows.rows[start..<end] { builder.values(row) }
            try await builder.run()
            start = end
        }
    }

    static func count(_ table: String, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
