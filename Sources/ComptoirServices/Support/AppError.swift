import Foundation

/// The HTTP status an error maps to; services name it, Web sends it.
public struct ErrorStatus: Sendable, Hashable {
    public var code: Int
    public init(code: Int) { self.code = code }

    public static let badRequest = ErrorStatus(code: 400)
    public static let unauthorized = ErrorStatus(code: 401)
    public static let forbidden = ErrorStatus(code: 403)
    public static let notFound = ErrorStatus(code: 404)
    public static let methodNotAllowed = ErrorStatus(code: 405)
    public static let conflict = ErrorStatus(code: 409)
    public static let payloadTooLarge = ErrorStatus(code: 413)
    public static let unsupportedMediaType = ErrorStatus(code: 415)
    public static let unprocessableEntity = ErrorStatus(code: 422)
    public static let tooManyRequests = ErrorStatus(code: 429)
    public static let requestHeaderFieldsTooLarge = ErrorStatus(code: 431)
    public static let internalServerError = ErrorStatus(code: 500)
}

/// An error meant for the user: an HTTP status, a stable code, a message in both languages and,
/// for validation failures, the fields at fault. Pages and the API render it; never a 500.
public struct AppError: Error, Sendable {
    public var status: ErrorStatus
    public var code: String
    public var message: Localized
    public var fields: [String: [Localized]]
    /// Existing records the error points to (a suspected duplicate).
    public var related: [RelatedRecord]
    /// Seconds before trying again (sent as `Retry-After`).
    public var retryAfter: Int?

    public init(
        _ status: ErrorStatus, code: String, _ message: Localized, fields: [String: [Localized]] = [:], related: [RelatedRecord] = []
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.related = related
    }

    /// The record looks like existing ones: the user confirms (`confirmDuplicate=true`) or opens them.
    public static func duplicate(_ records: [RelatedRecord], reason: Localized) -> AppError {
        AppError(.conflict, code: "duplicate_suspected", reason, related: records)
    }

    public var reason: String { message.en }

    /// The request clashes with the record's state (an import already running, a name taken…).
    public static func conflict(_ message: Localized, code: String = "conflict") -> AppError {
        AppError(.conflict, code: code, message)
    }

    public static func validation(_ fields: [String: [Localized]]) -> AppError {
        AppError(
            .unprocessableEntity, code: "validation_failed",
            L("Certains champs sont invalides.", "Some fields are invalid."), fields: fields)
    }

    public static let unauthorized = AppError(
        .unauthorized, code: "unauthorized", L("Authentification requise.", "Authentication required."))
    public static let forbidden = AppError(
        .forbidden, code: "forbidden", L("Vous n'avez pas le droit de faire cela.", "You are not allowed to do this."))
    public static let readOnly = AppError(
        .forbidden, code: "read_only",
        L(
            "Votre compte est en lecture seule : aucune modification n'est possible.",
            "Your account is read-only: you cannot change anything."))
    public static let notFound = AppError(
        .notFound, code: "not_found", L("Cette page ou cette fiche n'existe pas.", "This page or record does not exist."))
    public static let csrf = AppError(
        .forbidden, code: "csrf_failed",
        L(
            "Le formulaire a expiré ou ne vient pas de Comptoir. Rechargez la page et recommencez.",
            "The form expired or did not come from Comptoir. Reload the page and try again."))
    /// Sign-in paused after too many failures; `seconds` until the next try is allowed.
    public static func tooManyLogins(retryAfter seconds: Int) -> AppError {
        let minutes = max(1, (seconds + 59) / 60)
        var error = AppError(
            .tooManyRequests, code: "too_many_attempts",
            L(
                "Trop de tentatives de connexion. Réessayez dans \(minutes) min.",
                "Too many sign-in attempts. Try again in \(minutes) min."))
        error.retryAfter = seconds
        return error
    }
    public static let guestsUseThePortal = AppError(
        .forbidden, code: "guests_use_the_portal",
        L(
            "Les invités de l'extranet n'ont pas d'accès à l'API : leurs projets sont sur le portail.",
            "Extranet guests have no API access: their projects are on the portal."))
    public static let passwordChangeRequired = AppError(
        .forbidden, code: "password_change_required",
        L("Vous devez d'abord changer votre mot de passe.", "You must change your password first."))
}

/// A record an error refers to, with where to see it.
public struct RelatedRecord: Sendable, Hashable {
    public var id: UUID
    public var title: String
    public var path: String

    public init(id: UUID, title: String, path: String) {
        self.id = id
        self.title = title
        self.path = path
    }
}
