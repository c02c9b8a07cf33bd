import ComptoirCore
import ComptoirServices
import ComptoirStore
import FluentKit
import Vapor

/// « Accueil »: where a user lands after signing in.
enum HomePage {
    static func register(_ routes: any RoutesBuilder) {
        routes.get { request async throws -> Response in
            try PageGuard.requireSignedIn(request)
            let actor = try request.requireActor()
            let locale = request.locale
            let profile = try await OrganizationProfile.current(on: request.db)
            var content: [HTMLNode] = [
                H.el("h1", text: L("Bonjour \(actor.name)", "Hello \(actor.name)")(locale)),
                H.el(
                    "p", [("class", "muted")],
                    text: DateDisplay.date(request.now, locale: locale) + (profile.legalName.isEmpty ? "" : " — \(profile.legalName)")),
            ]
            if actor.readOnly {
                content.append(
                    H.el(
                        "div", [("class", "flash flash-info")],
                        text: L("Votre compte est en lecture seule.", "Your account is read-only.")(locale)))
            }
            var cards: [HTMLNode] = []
            for item in (Navigation.main.dropFirst() + Navigation.admin) where item.visible(to: actor) {
                cards.append(
                    H.el("a", [("class", "card tile"), ("href", item.path)], [H.icon(item.icon), H.el("span", text: item.label(locale))]))
            }
            if actor.isAdmin, profile.legalName.isEmpty {
                content.append(
                    H.el(
                        "div", [("class", "flash flash-info")],
                        [
                            H.text(
                                L(
                                    "Commencez par renseigner les coordonnées de votre organisation : ",
                                    "Start by filling in your organisation's profile: ")(locale)),
                            H.link("/admin/organization/edit", L("Coordonnées de l'organisation", "Organisation profile")(locale)),
                        ]))
            }
            content.append(H.el("div", [("class", "tiles")], cards))
            return Layout.page(request, title: L("Accueil", "Home")(locale), content)
        }
    }
}
