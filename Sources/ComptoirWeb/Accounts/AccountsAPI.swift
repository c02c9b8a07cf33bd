import ComptoirCore
import ComptoirServices
import ComptoirStore
import Foundation
import Vapor

/// `/api/v1/me` and `/api/v1/auth/tokens`; `/api/v1/users` comes from the generic entity API.
enum AccountsAPI {
    static let tokenSchema: JSONValue = [
        "type": "object",
        "required": ["id", "name", "prefix", "createdAt"],
        "properties": [
            "id": ["type": "string", "format": "uuid"],
            "name": ["type": "string"],
            "prefix": ["type": "string"],
            "createdAt": ["type": "string", "format": "date-time"],
            "lastUsedAt": ["type": ["string", "null"], "format": "date-time"],
            "revokedAt": ["type": ["string", "null"], "format": "date-time"],
            "token": ["type": "string", "description": "The secret, returned once at creation"],
        ],
    ]

    static func register(_ api: APIRoutes) {
        let userSchema = EntityAPI.schema(UsersEntity.definition, for: .detail)
        api.on(.GET, "me", summary: "The signed-in user", tag: "Accounts", response: userSchema) { request in
            let actor = try request.requireActor()
            if let row = request.authenticatedUserRow { return EntityAPI.representation(UsersEntity.definition, row).response() }
            return EntityAPI.representation(UsersEntity.definition, try await AccountService(request).userRow(actor.userID)).response()
        }
        api.on(
            .POST, "auth/tokens",
            summary:
                "Mint a token with e-mail, password and, when the account has a second factor, its current code (or from a signed-in session)",
            tag: "Accounts",
            request: [
                "type": "object",
                "properties": [
                    "email": ["type": "string"], "password": ["type": "string"], "name": ["type": "string"],
                    "totp": [
                        "type": "string",
                        "description":
                            "The 6-digit code of the authenticator app, or a recovery code; required when the account has a second factor",
                    ],
                ],
            ], response: tokenSchema, status: 201, auth: false,
            // Anonymous, but wrong credentials or second factor are a 401, a refused account a 403, throttling a 429.
            errors: [401, 403, 429]
        ) { request in
            let object = try APIInput.object(request)
            let name = try APIInput.string(object, "name") ?? "API"
            let email = try APIInput.string(object, "email") ?? "", password = try APIInput.string(object, "password") ?? ""
            let service = AccountService(request)
            let user: User
            if let actor = request.actor {
                // Only a browser session (past its second factor) mints for itself: a token never mints another, so
                // revoking a token revokes everything it could reach.
                guard case .session = actor.channel else {
                    throw AppError(
                        .forbidden, code: "token_cannot_mint",
                        L(
                            "Un jeton d'API ne peut pas créer d'autre jeton : utilisez l'e-mail et le mot de passe, ou la page « Jetons d'API ».",
                            "An API token cannot mint another token: use the e-mail and password, or the « API tokens » page."))
                }
                guard let found = try await service.user(actor.userID) else { throw AppError.unauthorized }
                user = found
            } else {
                if email.isEmpty || password.isEmpty {
                    var fields: [String: [Localized]] = [:]
                    if email.isEmpty { fields["email"] = [FieldParsing.requiredMessage] }
                    if password.isEmpty { fields["password"] = [FieldParsing.requiredMessage] }
                    throw AppError.validation(fields)
                }
                if let seconds = try await service.throttleDelay(email: email, ip: request.clientIP) {
                    throw AppError.tooManyLogins(retryAfter: seconds)
                }
                guard let found = try await service.authenticate(email: email, password: password, ip: request.clientIP) else {
                    throw AppError(
                        .unauthorized, code: "invalid_credentials", L("E-mail ou mot de passe incorrect.", "Wrong e-mail or password."))
                }
                guard AddressRanges.allows(request.clientIP, ranges: found.allowedIPs) else {
                    throw AppError(
                        .forbidden, code: "address_not_allowed",
                        L("Connexion refusée depuis cette adresse.", "Sign-in refused from this address."))
                }
                try await TwoFactor.requireForToken(APIInput.string(object, "totp"), for: found, request)
                user = found
            }
            if user.mustChangePassword { throw AppError.passwordChangeRequired }
            guard name.count <= 80 else { throw AppError.validation(["name": [L("80 caractères au plus.", "At most 80 characters.")]]) }
            let minted = try await service.mintToken(
                for: user, name: name, by: AuditActor(userID: user.id, label: user.email, ip: request.clientIP))
            var json = representation(minted.record)
            if case .object(var object) = json {
                object["token"] = .string(minted.token)
                json = .object(object)
            }
            return json.response(.created)
        }
        api.on(.GET, "auth/tokens", summary: "The signed-in user's tokens", tag: "Accounts", response: APISchemas.list(of: tokenSchema)) {
            request in
            let actor = try request.requireActor()
            let tokens = try await AccountService(request).tokens(of: actor.userID)
            return JSONValue.object(["items": .array(tokens.map(representation)), "nextCursor": .null]).response()
        }
        api.on(.DELETE, "auth/tokens/:id", summary: "Revoke one of the signed-in user's tokens", tag: "Accounts", status: 204) { request in
            let actor = try request.requireActor()
            try await AccountService(request).revokeOwnToken(try EntityRoutes.id(request), of: actor.userID, by: request.auditActor)
            return Response(status: .noContent)
        }
    }

    static func representation(_ token: APIToken) -> JSONValue {
        [
            "id": .string(token.id!.uuidString.lowercased()),
            "name": .string(token.name),
            "prefix": .string(token.prefix),
            "createdAt": .string(ISO8601.string(token.createdAt)),
            "lastUsedAt": token.lastUsedAt.map { .string(ISO8601.string($0)) } ?? .null,
            "revokedAt": token.revokedAt.map { .string(ISO8601.string($0)) } ?? .null,
        ]
    }
}
