import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// ICS subscription feeds (per user, per resource): a secret URL that calendar programs poll,
/// revocable; recurring series are exported as RRULE + EXDATE + edited occurrences.
enum AgendaFeeds {
    static func register(_ routes: any RoutesBuilder) {
        routes.get("agenda", "feeds") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            return try await view(request, created: nil)
        }
        routes.post("agenda", "feeds") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let form = try FormInput.strings(request)
            let token = try await CalendarFeedService(request.context).create(
                kind: form["kind"] ?? "user", resource: form["resourceId"].flatMap(UUID.init(uuidString:)))
            return try await view(request, created: token)
        }
        routes.post("agenda", "feeds", ":id", "revocation") { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            try await CalendarFeedService(request.context).revoke(try EntityRoutes.id(request))
            return request.redirect(to: "/agenda/feeds", flash: Flash(.success, L("Abonnement révoqué.", "Subscription revoked.")))
        }
        routes.get("ics", ":token") { request async throws -> Response in
            var token = request.parameters.get("token") ?? ""
            if token.hasSuffix(".ics") { token.removeLast(4) }
            let text = try await CalendarFeedService(request.context).calendar(token: token, baseURL: request.config.baseURL ?? "")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
            headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
            return Response(status: .ok, headers: headers, body: .init(string: text))
        }
    }

    private static func view(_ request: Request, created: String?) async throws -> Response {
        let locale = request.locale
        let feeds = try await CalendarFeedService(request.context).feeds()
        let resources = try await ResourceService(request.context).active()
        var content: [HTMLNode] = [
            H.el("h1", text: L("Abonnements ICS", "ICS subscriptions")(locale)),
            H.el(
                "p",
                text: L(
                    "Ajoutez ces adresses secrètes à Google Agenda, Outlook ou Thunderbird (« s'abonner à un agenda par URL »). Révoquez-les si elles fuient.",
                    "Add these secret URLs to Google Calendar, Outlook or Thunderbird (\"subscribe by URL\"). Revoke them if they leak.")(
                        locale)),
        ]
        if let created {
            let url = (request.config.baseURL ?? "http://\(request.config.hostname):\(request.config.port)") + "/ics/\(created).ics"
            content.append(
                H.el(
                    "div", [("class", "flash flash-success"), ("role", "status")],
                    [
                        H.el(
                            "p",
                            text: L(
                                "Copiez cette adresse maintenant : elle ne sera plus affichée.",
                                "Copy this URL now: it will not be shown again.")(locale)),
                        H.el("p", [("class", "secret")], [H.el("code", text: url)]),
                    ]))
        }
        let rows: [HTMLNode] = feeds.map { feed in
            let label =
                feed.kind == "user"
                ? L("Mon agenda", "My calendar")(locale)
                : (resources.first { $0.id == feed.subjectID }?.name ?? L("Ressource", "Resource")(locale))
            let revoked = feed.revokedAt != nil
            return H.el(
                "tr", [],
                [
                    H.el("td", text: label),
                    H.el("td", text: DateDisplay.date(feed.createdAt, locale: locale)),
                    H.el("td", text: feed.lastUsedAt.map { DateDisplay.dateTime($0, locale: locale) } ?? L("Jamais", "Never")(locale)),
                    H.el(
                        "td", [],
                        [
                            revoked
                                ? H.text(L("Révoqué", "Revoked")(locale))
                                : H.postForm(
                                    "/agenda/feeds/\(feed.id.uuidString.lowercased())/revocation", csrf: request.csrfToken,
                                    [
                                        H.el(
                                            "button", [("type", "submit"), ("class", "button danger")],
                                            text: L("Révoquer", "Revoke")(locale))
                                    ])
                        ]),
                ])
        }
        if !rows.isEmpty {
            content.append(
                H.el(
                    "div", [("class", "table-wrap")],
                    [
                        H.el(
                            "table", [("class", "list")],
                            [
                                H.el(
                                    "thead", [],
                                    [
                                        H.el(
                                            "tr", [],
                                            [
                                                L("Agenda", "Calendar"), L("Créé le", "Created"), L("Dernière lecture", "Last read"),
                                                L("", ""),
                                            ].map {
                                                H.el("th", [("scope", "col")], text: $0(locale))
                                            })
                                    ]),
                                H.el("tbody", [], rows),
                            ])
                    ]))
        }
        if request.context.allows(.write, .activities) {
            content.append(
                H.el(
                    "section", [("class", "panel")],
                    [
                        H.el("h2", text: L("Nouvel abonnement", "New subscription")(locale)),
                        H.postForm(
                            "/agenda/feeds", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                            [
                                H.hidden("kind", "user"),
                                H.el(
                                    "button", [("type", "submit"), ("class", "button primary")],
                                    text: L("Mon agenda", "My calendar")(locale)),
                            ]),
                        resources.isEmpty
                            ? .empty
                            : H.postForm(
                                "/agenda/feeds", csrf: request.csrfToken, attributes: [("class", "inline-form")],
                                [
                                    H.hidden("kind", "resource"),
                                    H.el("label", [("for", "feed-resource")], text: L("Ressource", "Resource")(locale)),
                                    EntityPagesView.select(
                                        id: "feed-resource", name: "resourceId",
                                        options: resources.map { ($0.id.uuidString.lowercased(), $0.name) }, selected: ""),
                                    H.el("button", [("type", "submit"), ("class", "button")], text: L("Abonner", "Subscribe")(locale)),
                                ]),
                    ]))
        }
        return Layout.page(request, title: L("Abonnements ICS", "ICS subscriptions")(locale), content)
    }

    static func registerAPI(_ api: APIRoutes) {
        api.on(
            .GET, "agenda", summary: "Agenda occurrences in a range (recurring series expanded)", tag: "Activities",
            response: ["type": "object", "properties": ["items": ["type": "array", "items": ["type": "object"]]]],
            query: [
                ("from", ["type": "string", "format": "date-time"], "Start (ISO 8601 or yyyy-mm-dd)"),
                ("to", ["type": "string", "format": "date-time"], "End, exclusive"),
                ("users", ["type": "string"], "Comma-separated user ids (default: me)"),
                ("resources", ["type": "string"], "Comma-separated resource ids"),
            ],
            requiredQuery: ["from", "to"]
        ) { request in
            try request.authorize(.read, .activities)
            func date(_ key: String) throws -> Date {
                guard let raw = request.query[String.self, at: key], let value = DateTimeInput.parse(raw) else {
                    throw AppError.validation([
                        key: [L("Date attendue (ISO 8601 ou aaaa-mm-jj).", "A date is expected (ISO 8601 or yyyy-mm-dd).")]
                    ])
                }
                return value
            }
            let from = try date("from"), to = try date("to")
            guard to > from, to.timeIntervalSince(from) <= 400 * 86_400 else {
                throw AppError.validation([
                    "to": [L("La fin doit suivre le début, sur 400 jours au plus.", "The end must follow the start, within 400 days.")]
                ])
            }
            func ids(_ key: String) -> [UUID] {
                (request.query[String.self, at: key] ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
            }
            let items = try await AgendaService(request.context).items(from: from, to: to, users: ids("users"), resources: ids("resources"))
            return JSONValue.object([
                "items": .array(
                    items.map { item in
                        [
                            "interactionId": .string(item.interactionID.uuidString.lowercased()),
                            "seriesId": item.seriesID.map { .string($0.uuidString.lowercased()) } ?? .null,
                            "subject": .string(item.subject), "type": .string(item.type),
                            "start": .string(ISO8601.string(item.start)), "end": .string(ISO8601.string(item.end)),
                            "allDay": .bool(item.allDay),
                            "originalStart": item.originalStart.map { .string(ISO8601.string($0)) } ?? .null,
                        ]
                    })
            ]).response()
        }
    }
}
