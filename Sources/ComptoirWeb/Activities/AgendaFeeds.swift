import ComptoirCore
import ComptoirDocuments
import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import SQLKit
import Vapor

/// ICS subscription feeds (per user, per resource): a secret URL that calendar programs poll,
/// revocable; recurring series are exported as RRULE + EXDATE + edited occurrences.
enum AgendaFeeds {
    /// The window a feed covers around today.
    static let past: TimeInterval = 90 * 86_400
    static let future: TimeInterval = 400 * 86_400

    static func register(_ routes: any RoutesBuilder) {
        routes.get("agenda", "feeds") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await view(request, created: nil)
        }
        routes.post("agenda", "feeds") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            // A feed is a standing grant to read the agenda without signing in: creating one is a write.
            try request.authorize(.write, .activities)
            let actor = try request.requireActor()
            let form = try FormInput.strings(request)
            let kind = form["kind"] == "resource" ? "resource" : "user"
            var subject = actor.userID
            if kind == "resource" {
                guard let resource = form["resourceId"].flatMap(UUID.init(uuidString:)),
                    try await TableStore.get(ResourcesEntity.definition.tableSpec, id: resource, on: request.db) != nil
                else { throw AppError.validation(["resourceId": [L("Choisissez une ressource.", "Choose a resource.")]]) }
                subject = resource
            }
            let token = SecureTokens.random()
            let id = request.newID()
            let subjectID = subject
            try await request.db.transaction { db in
                try await TableStore.sqlDatabase(db).raw("""
                    INSERT INTO calendar_feeds (id, kind, subject_id, token_hash, created_by, created_at)
                    VALUES (\(bind: id), \(bind: kind), \(bind: subjectID), \(bind: SecureTokens.sha256Hex(token)), \(bind: actor.userID), \(bind: request.now))
                    """).run()
                try await AuditLog.record(.create, entity: "calendar_feeds", id: id.uuidString.lowercased(), summary: kind,
                                          by: request.auditActor, at: request.now, on: db)
            }
            return try await view(request, created: token)
        }
        routes.post("agenda", "feeds", ":id", "revocation") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let actor = try request.requireActor()
            let id = try EntityRoutes.id(request)
            let sql = try TableStore.sqlDatabase(request.db)
            guard try await sql.raw("SELECT id FROM calendar_feeds WHERE id = \(bind: id) AND created_by = \(bind: actor.userID)").first() != nil else {
                throw AppError.notFound
            }
            try await request.db.transaction { db in
                try await TableStore.sqlDatabase(db).raw("UPDATE calendar_feeds SET revoked_at = \(bind: request.now) WHERE id = \(bind: id)").run()
                try await AuditLog.record(.update, entity: "calendar_feeds", id: id.uuidString.lowercased(), summary: "revoked",
                                          by: request.auditActor, at: request.now, on: db)
            }
            return request.redirect(to: "/agenda/feeds", flash: Flash(.success, L("Abonnement révoqué.", "Subscription revoked.")))
        }
        routes.get("ics", ":token") { request async throws -> Response in
            var token = request.parameters.get("token") ?? ""
            if token.hasSuffix(".ics") { token.removeLast(4) }
            let sql = try TableStore.sqlDatabase(request.db)
            guard let feed = try await sql.raw("""
                SELECT f.id, f.kind, f.subject_id, f.created_by FROM calendar_feeds f JOIN users u ON u.id = f.created_by
                WHERE f.token_hash = \(bind: SecureTokens.sha256Hex(token)) AND f.revoked_at IS NULL AND u.active = \(bind: true)
                """).first() else {
                throw AppError.notFound
            }
            let kind = try feed.decode(column: "kind", as: String.self)
            let subject = try feed.decode(column: "subject_id", as: UUID.self)
            try await sql.raw("UPDATE calendar_feeds SET last_used_at = \(bind: request.now) WHERE id = \(bind: try feed.decode(column: "id", as: UUID.self))").run()
            let owner = try feed.decode(column: "created_by", as: UUID.self)
            let ownerIsAdmin = try await User.find(owner, on: request.db)?.roleValue == .admin
            let viewer: UUID? = ownerIsAdmin ? nil : owner
            let scope = kind == "resource" ? AgendaQuery.Scope(resources: [subject], viewer: viewer) : AgendaQuery.Scope(users: [subject], viewer: viewer)
            let name = kind == "resource"
                ? (try await TableStore.get(ResourcesEntity.definition.tableSpec, id: subject, on: request.db))?["name"].textValue ?? "Ressource"
                : (try await User.find(subject, on: request.db))?.name ?? "Agenda"
            let text = try await feedText(name: "Comptoir — \(name)", scope: scope, request)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
            headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
            return Response(status: .ok, headers: headers, body: .init(string: text))
        }
    }

    /// The iCalendar text of a scope: single interactions, and each series once with its rule.
    ///
    /// Series are written as RRULE + EXDATE + edited occurrences, never expanded: the agenda's reads without
    /// the expansion, in three queries whatever the number of series.
    static func feedText(name: String, scope: AgendaQuery.Scope, _ request: Request) async throws -> String {
        let from = request.now.addingTimeInterval(-past)
        let to = request.now.addingTimeInterval(future)
        let rows = try await AgendaQuery.rows(from: from, to: to, scope: scope, on: request.db)
        let base = request.config.baseURL ?? ""
        // Events in the order of the agenda: a series where its first entry in the window falls.
        var groups: [(start: Date, subject: String, events: [CalendarEvent])] = []
        for row in rows.singles {
            let item = try AgendaQuery.item(row, start: nil, end: nil, original: nil)
            groups.append((item.start, item.subject, [event(for: item, base: base)]))
        }
        for series in rows.series {
            let subject = try series.master.decode(column: "subject", as: String.self)
            var first = series.rule.occurrences(from: from, to: to, limit: 1).first.map { ($0.start, subject) }
            var overrides: [Date: RecurrenceSeries.Override] = [:]
            for row in series.edited {
                guard let original = try row.decode(column: "original_start", as: Date?.self), let start = try row.decode(column: "starts_at", as: Date?.self) else { continue }
                let end = try row.decode(column: "ends_at", as: Date?.self) ?? start
                overrides[original] = .init(start: start, duration: end.timeIntervalSince(start))
                if start < to, end > from {
                    let entry = (start, try row.decode(column: "subject", as: String.self))
                    if first.map({ entry < $0 }) ?? true { first = entry }
                }
            }
            guard let first else { continue }
            groups.append((first.0, first.1, try seriesEvents(series, overrides: overrides, base: base)))
        }
        groups.sort { ($0.start, $0.subject) < ($1.start, $1.subject) }
        return CalendarFeed(name: name, events: groups.flatMap(\.events)).serialized(now: request.now)
    }

    private static func event(for item: AgendaItem, base: String) -> CalendarEvent {
        let timing: CalendarEvent.Timing = item.allDay
            ? .allDay(first: CalendarDay(item.start), last: max(CalendarDay(item.start), CalendarDay(item.end.addingTimeInterval(-1))))
            : .timed(start: item.start, end: item.end)
        return CalendarEvent(
            uid: "\(item.interactionID.uuidString.lowercased())@comptoir", summary: item.subject, location: item.location, timing: timing,
            status: item.done ? .confirmed : nil, categories: [item.type], url: base.isEmpty ? nil : "\(base)/interactions/\(item.interactionID.uuidString.lowercased())")
    }

    /// A series as one master event with RRULE and EXDATE, plus one event per separately edited occurrence.
    private static func seriesEvents(_ rows: AgendaQuery.SeriesRows, overrides: [Date: RecurrenceSeries.Override], base: String) throws -> [CalendarEvent] {
        let master = rows.master
        let id = rows.id
        guard let start = try master.decode(column: "starts_at", as: Date?.self) else { return [] }
        // The rule with its EXDATEs only; the edited occurrences become RECURRENCE-ID events.
        var series = rows.rule
        series.exceptions = InteractionOccurrences.exceptionDates(TableRow(id: id, values: [
            "exdates": try master.decode(column: "exdates", as: String?.self).map { .text($0) } ?? .null,
        ]))
        series.overrides = overrides
        let template = CalendarEvent(
            uid: "\(id.uuidString.lowercased())@comptoir", summary: try master.decode(column: "subject", as: String.self),
            description: try master.decode(column: "description", as: String?.self) ?? "",
            location: try master.decode(column: "location", as: String?.self) ?? "",
            timing: .timed(start: start, end: start.addingTimeInterval(series.duration)),
            lastModified: try master.decode(column: "updated_at", as: Date?.self), url: base.isEmpty ? nil : "\(base)/interactions/\(id.uuidString.lowercased())")
        return CalendarEvent.events(for: series, like: template)
    }

    private static func view(_ request: Request, created: String?) async throws -> Response {
        let actor = try request.requireActor()
        let locale = request.locale
        let sql = try TableStore.sqlDatabase(request.db)
        let feeds = try await sql.raw("""
            SELECT f.id, f.kind, f.subject_id, f.created_at, f.last_used_at, f.revoked_at FROM calendar_feeds f
            WHERE f.created_by = \(bind: actor.userID) ORDER BY f.created_at DESC
            """).all()
        let resources = try await sql.raw("SELECT id, name FROM resources WHERE active = \(bind: true) ORDER BY name").all()
            .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self)) }
        var content: [HTMLNode] = [
            H.el("h1", text: L("Abonnements ICS", "ICS subscriptions")(locale)),
            H.el("p", text: L("Ajoutez ces adresses secrètes à Google Agenda, Outlook ou Thunderbird (« s'abonner à un agenda par URL »). Révoquez-les si elles fuient.",
                              "Add these secret URLs to Google Calendar, Outlook or Thunderbird (\"subscribe by URL\"). Revoke them if they leak.")(locale)),
        ]
        if let created {
            let url = (request.config.baseURL ?? "http://\(request.config.hostname):\(request.config.port)") + "/ics/\(created).ics"
            content.append(H.el("div", [("class", "flash flash-success"), ("role", "status")], [
                H.el("p", text: L("Copiez cette adresse maintenant : elle ne sera plus affichée.", "Copy this URL now: it will not be shown again.")(locale)),
                H.el("p", [("class", "secret")], [H.el("code", text: url)]),
            ]))
        }
        let rows: [HTMLNode] = try feeds.map { feed in
            let id = try feed.decode(column: "id", as: UUID.self)
            let kind = try feed.decode(column: "kind", as: String.self)
            let subject = try feed.decode(column: "subject_id", as: UUID.self)
            let label = kind == "user" ? L("Mon agenda", "My calendar")(locale) : (resources.first { $0.0 == subject }?.1 ?? L("Ressource", "Resource")(locale))
            let revoked = try feed.decode(column: "revoked_at", as: Date?.self) != nil
            return H.el("tr", [], [
                H.el("td", text: label),
                H.el("td", text: DateDisplay.date(try feed.decode(column: "created_at", as: Date.self), locale: locale)),
                H.el("td", text: try feed.decode(column: "last_used_at", as: Date?.self).map { DateDisplay.dateTime($0, locale: locale) } ?? L("Jamais", "Never")(locale)),
                H.el("td", [], [revoked ? H.text(L("Révoqué", "Revoked")(locale)) :
                    H.postForm("/agenda/feeds/\(id.uuidString.lowercased())/revocation", csrf: request.csrfToken, [
                        H.el("button", [("type", "submit"), ("class", "button danger")], text: L("Révoquer", "Revoke")(locale))
                    ])]),
            ])
        }
        if !rows.isEmpty {
            content.append(H.el("div", [("class", "table-wrap")], [H.el("table", [("class", "list")], [
                H.el("thead", [], [H.el("tr", [], [L("Agenda", "Calendar"), L("Créé le", "Created"), L("Dernière lecture", "Last read"), L("", "")].map {
                    H.el("th", [("scope", "col")], text: $0(locale))
                })]),
                H.el("tbody", [], rows),
            ])]))
        }
        if Policy.allows(request.actor, .write, .activities) { content.append(H.el("section", [("class", "panel")], [
            H.el("h2", text: L("Nouvel abonnement", "New subscription")(locale)),
            H.postForm("/agenda/feeds", csrf: request.csrfToken, attributes: [("class", "inline-form")], [
                H.hidden("kind", "user"),
                H.el("button", [("type", "submit"), ("class", "button primary")], text: L("Mon agenda", "My calendar")(locale)),
            ]),
            resources.isEmpty ? .empty : H.postForm("/agenda/feeds", csrf: request.csrfToken, attributes: [("class", "inline-form")], [
                H.hidden("kind", "resource"),
                H.el("label", [("for", "feed-resource")], text: L("Ressource", "Resource")(locale)),
                EntityPagesView.select(id: "feed-resource", name: "resourceId", options: resources.map { ($0.0.uuidString.lowercased(), $0.1) }, selected: ""),
                H.el("button", [("type", "submit"), ("class", "button")], text: L("Abonner", "Subscribe")(locale)),
            ]),
        ])) }
        return Layout.page(request, title: L("Abonnements ICS", "ICS subscriptions")(locale), content)
    }

    static func registerAPI(_ api: APIRoutes) {
        api.on(.GET, "agenda", summary: "Agenda occurrences in a range (recurring series expanded)", tag: "Activities",
               response: ["type": "object", "properties": ["items": ["type": "array", "items": ["type": "object"]]]],
               query: [("from", ["type": "string", "format": "date-time"], "Start (ISO 8601 or yyyy-mm-dd)"),
                       ("to", ["type": "string", "format": "date-time"], "End, exclusive"),
                       ("users", ["type": "string"], "Comma-separated user ids (default: me)"),
                       ("resources", ["type": "string"], "Comma-separated resource ids")],
               requiredQuery: ["from", "to"]) { request in
            let actor = try request.requireActor()
            try request.authorize(.read, .activities)
            func date(_ key: String) throws -> Date {
                guard let raw = request.query[String.self, at: key], let value = DateTimeInput.parse(raw) else {
                    throw AppError.validation([key: [L("Date attendue (ISO 8601 ou aaaa-mm-jj).", "A date is expected (ISO 8601 or yyyy-mm-dd).")]])
                }
                return value
            }
            let from = try date("from"), to = try date("to")
            guard to > from, to.timeIntervalSince(from) <= 400 * 86_400 else {
                throw AppError.validation(["to": [L("La fin doit suivre le début, sur 400 jours au plus.", "The end must follow the start, within 400 days.")]])
            }
            func ids(_ key: String) -> [UUID] {
                (request.query[String.self, at: key] ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
            }
            let users = ids("users"), resources = ids("resources")
            let scope = AgendaQuery.Scope(users: users.isEmpty && resources.isEmpty ? [actor.userID] : users, resources: resources,
                                          viewer: actor.isAdmin ? nil : actor.userID)
            let items = try await AgendaQuery.items(from: from, to: to, scope: scope, on: request.db)
            return JSONValue.object(["items": .array(items.map { item in
                [
                    "interactionId": .string(item.interactionID.uuidString.lowercased()),
                    "seriesId": item.seriesID.map { .string($0.uuidString.lowercased()) } ?? .null,
                    "subject": .string(item.subject), "type": .string(item.type),
                    "start": .string(ISO8601.string(item.start)), "end": .string(ISO8601.string(item.end)), "allDay": .bool(item.allDay),
                    "originalStart": item.originalStart.map { .string(ISO8601.string($0)) } ?? .null,
                ]
            })]).response()
        }
    }
}
