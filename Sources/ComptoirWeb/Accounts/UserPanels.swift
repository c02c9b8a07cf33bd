import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

extension UsersEntity {
    @Sendable static func panels(_ row: TableRow, _ request: Request) async throws -> [HTMLNode] {
        let locale = request.locale
        guard Policy.allows(request.actor, .write, .accounts) else { return [] }
        return [
            H.el(
                "section", [("class", "panel")],
                [
                    H.el("h2", text: L("Mot de passe", "Password")(locale)),
                    H.el(
                        "p",
                        text: L(
                            "Générer un mot de passe à usage unique : l'utilisateur devra le changer à la connexion, et ses sessions ouvertes sont fermées.",
                            "Generate a one-time password: the user must change it at sign-in, and their open sessions end.")(locale)),
                    H.postForm(
                        "/admin/users/\(row.id.uuidString.lowercased())/password-reset", csrf: request.csrfToken,
                        [
                            H.el(
                                "button", [("type", "submit"), ("class", "button")],
                                text: L("Réinitialiser le mot de passe", "Reset password")(locale))
                        ]),
                ])
        ]
    }
}
