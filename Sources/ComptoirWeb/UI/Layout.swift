import ComptoirCore
import ComptoirServices
import Plot
import Vapor

/// The page shell: header with navigation, search and user menu, flash messages, the quick-create
/// menu, and the content. Anonymous pages (sign-in) get a bare shell.
public enum Layout {
    public static func page(
        _ request: Request, title: String, status: HTTPResponseStatus = .ok, _ content: [HTMLNode]
    ) -> Response {
        let locale = request.locale
        let flash = Flash.read(request)
        var body: [HTMLNode] = [
            H.el("a", [("class", "skip-link"), ("href", "#main")], text: L("Aller au contenu", "Skip to content")(locale))
        ]
        body.append(header(request, locale))
        var main: [HTMLNode] = []
        if let flash {
            main.append(
                H.el(
                    "div", [("class", "flash flash-\(flash.kind.rawValue)"), ("role", flash.kind == .error ? "alert" : "status")],
                    text: locale == .en ? flash.en : flash.fr))
        }
        main.append(contentsOf: content)
        body.append(H.el("main", [("id", "main"), ("class", "main"), ("tabindex", "-1")], main))
        if let actor = request.actor, !actor.isGuest {
            body.append(quickCreateMenu(request, locale))
        }
        body.append(H.el("script", [("src", "/assets/app.js"), ("defer", "defer")]))

        let html = HTML(
            .lang(locale == .en ? .english : .french),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                // Not Plot's `.title()`: it also writes og/twitter meta tags with the title unescaped.
                .element(named: "title", text: "\(title) · Comptoir"),
                .stylesheet("/assets/app.css"),
                .link(.rel(.icon), .href("/assets/favicon.svg"), .type("image/svg+xml"))
            ),
            .body(.group(body))
        )
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value:
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
        let response = Response(status: status, headers: headers, body: .init(string: html.render()))
        if flash != nil {
            response.cookies[Flash.cookieName] = SessionCookies.expired(request)
        }
        return response
    }

    private static func header(_ request: Request, _ locale: DisplayLocale) -> HTMLNode {
        guard let actor = request.actor else {
            return H.el("header", [("class", "topbar")], [brand(), languageLinks(request, locale)])
        }
        let items =
            actor.isGuest
            ? [NavigationItem(L("Mes projets", "My projects"), "/portal", icon: "building", module: .projects)] : Navigation.main
        let nav = items.filter { $0.visible(to: actor) }.map { item in
            H.el("li", [], [H.el("a", [("href", item.path)], [H.icon(item.icon), H.text(item.label(locale))])])
        }
        let admin = actor.isGuest ? [] : Navigation.admin.filter { $0.visible(to: actor) }
        var navChildren = nav
        if !admin.isEmpty {
            navChildren.append(
                H.el(
                    "li", [("class", "menu")],
                    [
                        H.el(
                            "details", [],
                            [
                                H.el("summary", [], [H.icon("settings"), H.text(L("Administration", "Administration")(locale))]),
                                H.el(
                                    "ul", [("class", "menu-list")],
                                    admin.map { item in
                                        H.el("li", [], [H.link(item.path, item.label(locale))])
                                    }),
                            ])
                    ]))
        }
        let search = H.el(
            "form", [("class", "global-search"), ("method", "get"), ("action", "/search"), ("role", "search")],
            [
                H.el("label", [("for", "global-q"), ("class", "visually-hidden")], text: L("Rechercher", "Search")(locale)),
                H.void(
                    "input",
                    [
                        ("id", "global-q"), ("type", "search"), ("name", "q"), ("autocomplete", "off"),
                        ("placeholder", L("Rechercher…", "Search…")(locale)), ("value", request.query[String.self, at: "q"]),
                    ]),
            ])
        let userMenu = H.el(
            "details", [("class", "user-menu")],
            [
                H.el("summary", [], [H.icon("user"), H.el("span", [("class", "user-name")], text: actor.name)]),
                H.el(
                    "ul", [("class", "menu-list")],
                    [
                        H.el("li", [], [H.link("/account", L("Mon compte", "My account")(locale))]),
                        H.el("li", [], [H.link("/account/password", L("Changer mon mot de passe", "Change my password")(locale))]),
                        H.el("li", [], [H.link("/account/two-factor", L("Double authentification", "Second factor")(locale))]),
                        actor.isGuest ? .empty : H.el("li", [], [H.link("/account/tokens", L("Jetons d'API", "API tokens")(locale))]),
                        H.el(
                            "li", [],
                            [
                                H.postForm(
                                    "/account/locale", csrf: request.csrfToken,
                                    [
                                        H.hidden("locale", locale == .fr ? "en" : "fr"),
                                        H.el(
                                            "button", [("type", "submit"), ("class", "link-button")],
                                            text: locale == .fr ? "English" : "Français"),
                                    ])
                            ]),
                        H.el(
                            "li", [],
                            [
                                H.postForm(
                                    "/logout", csrf: request.csrfToken,
                                    [
                                        H.el(
                                            "button", [("type", "submit"), ("class", "link-button")],
                                            text: L("Se déconnecter", "Sign out")(locale))
                                    ])
                            ]),
                    ]),
            ])
        // On phones the navigation folds behind « Menu » (app.js opens it; without scripts it stays unfolded).
        let toggle = H.el(
            "button", [("type", "button"), ("class", "nav-toggle"), ("aria-expanded", "false"), ("aria-controls", "site-nav")],
            [
                H.icon("menu"), H.el("span", text: L("Menu", "Menu")(locale)),
            ])
        return H.el(
            "header", [("class", "topbar")],
            [
                brand(),
                toggle,
                H.el(
                    "nav",
                    [("id", "site-nav"), ("class", "main-nav"), ("aria-label", L("Navigation principale", "Main navigation")(locale))],
                    [
                        H.el("ul", [], navChildren)
                    ]),
                actor.isGuest ? .empty : search,
                userMenu,
            ])
    }

    private static func brand() -> HTMLNode {
        H.el("a", [("class", "brand"), ("href", "/")], [H.icon("logo"), H.text("Comptoir")])
    }

    private static func languageLinks(_ request: Request, _ locale: DisplayLocale) -> HTMLNode {
        let other: DisplayLocale = locale == .fr ? .en : .fr
        return H.el(
            "a", [("class", "lang-switch"), ("href", "?lang=\(other.rawValue)"), ("hreflang", other.rawValue)],
            text: other == .en ? "English" : "Français")
    }

    /// The quick-create menu fixed at the bottom left: it opens on hover and on keyboard focus (CSS only), and with
    /// Alt+N from anywhere (app.js moves the focus to its first entry).
    static func quickCreateMenu(_ request: Request, _ locale: DisplayLocale) -> HTMLNode {
        let items = Navigation.quickCreate.filter { $0.visible(to: request.actor) }
        var entries = items.map { item in
            H.el("li", [], [H.el("a", [("href", item.path)], [H.icon(item.icon), H.text(item.label(locale))])])
        }
        entries.append(H.el("li", [], [H.el("a", [("href", "/search")], [H.icon("search"), H.text(L("Rechercher", "Search")(locale))])]))
        return H.el(
            "nav", [("class", "quick-create"), ("aria-label", L("Création rapide", "Quick create")(locale))],
            [
                H.el(
                    "button",
                    [
                        ("type", "button"), ("class", "quick-create-button"), ("aria-haspopup", "true"), ("aria-keyshortcuts", "Alt+N"),
                        ("title", L("Création rapide (Alt+N)", "Quick create (Alt+N)")(locale)),
                    ],
                    [
                        H.icon("plus"),
                        H.el(
                            "span", [("class", "visually-hidden")],
                            text: L("Création rapide (raccourci Alt+N)", "Quick create (shortcut Alt+N)")(locale)),
                    ]),
                H.el(
                    "ul", [("class", "quick-create-menu")],
                    entries + [
                        H.el("li", [("class", "shortcut-hint")], text: L("Raccourci clavier : Alt+N", "Keyboard shortcut: Alt+N")(locale))
                    ]),
            ])
    }
}
