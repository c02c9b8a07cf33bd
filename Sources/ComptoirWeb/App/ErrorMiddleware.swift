import ComptoirServices
import ComptoirStore
import FluentKit
import Foundation
import Vapor

/// Turns every error into the right answer: the JSON error shape under `/api/`, a friendly page
/// elsewhere, a redirect to sign-in for anonymous page visits. Unknown errors are logged and become 500.
struct ComptoirErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let redirect as SignInRedirect {
            var target = "/login?next=" + (redirect.next.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "/")
            if redirect.expired { target += "&expired=1" }
            let response = request.redirect(to: target, redirectType: .normal)
            if redirect.expired { response.cookies[AuthenticationMiddleware.sessionCookie] = SessionCookies.expired(request) }
            return response
        } catch {
            let appError = Self.appError(for: error, request)
            if request.url.path.hasPrefix("/api/")
                || request.headers.accept.mediaTypes.contains(.json) && !request.headers.accept.mediaTypes.contains(.html)
            {
                return json(appError, request)
            }
            let response = ErrorPages.page(appError, request)
            if let seconds = appError.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
            return response
        }
    }

    static func appError(for error: any Error, _ request: Request) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let database as any DatabaseError where String(reflecting: database).contains("booking_conflict"):
            // Two requests booked the same resource at once: the database refused the second one.
            return AppError(
                .conflict, code: "booking_conflict",
                L(
                    "La ressource vient d'être réservée sur ce créneau par une autre interaction ; rien n'a été enregistré.",
                    "The resource was just booked for this time by another interaction; nothing was saved."))
        case let database as any DatabaseError where database.isConstraintFailure:
            request.logger.warning("web: constraint refused a write: \(String(reflecting: error))")
            return AppError(
                .conflict, code: "conflict",
                L(
                    "Cette modification entre en conflit avec une autre fiche ; rien n'a été enregistré.",
                    "This change conflicts with another record; nothing was saved."))
        case is DecodingError:
            return AppError(.badRequest, code: "malformed_body", L("Le contenu envoyé est mal formé.", "The request body is malformed."))
        case let abort as any AbortError:
            switch abort.status {
            case .payloadTooLarge:
                return AppError(
                    .payloadTooLarge, code: "payload_too_large",
                    L("Le contenu envoyé est trop volumineux.", "The request body is too large."))
            case .notFound:
                return .notFound
            case .unauthorized:
                return .unauthorized
            case .forbidden:
                return .forbidden
            case .unsupportedMediaType:
                return AppError(
                    .unsupportedMediaType, code: "unsupported_media_type",
                    L("Type de contenu non pris en charge.", "Unsupported content type."))
            case .methodNotAllowed:
                return AppError(.methodNotAllowed, code: "method_not_allowed", L("Méthode non autorisée.", "Method not allowed."))
            default:
                if abort.status.code < 500 {
                    return AppError(
                        ErrorStatus(abort.status), code: "bad_request",
                        L("Requête invalide : \(abort.reason)", "Bad request: \(abort.reason)"))
                }
            }
        default:
            break
        }
        request.logger.error("web: unhandled error: \(String(reflecting: error))", metadata: ["path": .string(request.url.path)])
        return AppError(
            .internalServerError, code: "internal_error",
            L(
                "Une erreur interne est survenue. Elle a été enregistrée ; réessayez plus tard.",
                "An internal error occurred. It was logged; please try again later."))
    }

    private func json(_ error: AppError, _ request: Request) -> Response {
        let locale = request.locale
        var body: [String: JSONValue] = ["code": .string(error.code), "message": .string(error.message(locale))]
        if !error.fields.isEmpty {
            body["fields"] = .object(error.fields.mapValues { .array($0.map { .string($0(locale)) }) })
        }
        if !error.related.isEmpty {
            body["related"] = .array(error.related.map { ["id": .string($0.id.uuidString.lowercased()), "title": .string($0.title)] })
        }
        let response = JSONValue.object(["error": .object(body)]).response(error.status.http)
        if error.status == .unauthorized {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
        }
        if let seconds = error.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
        return response
    }
}

/// The friendly 403 / 404 / 500 pages.
enum ErrorPages {
    static func page(_ error: AppError, _ request: Request) -> Response {
        let locale = request.locale
        let title: Localized
        switch error.status {
        case .notFound: title = L("Page introuvable", "Page not found")
        case .forbidden: title = L("Accès refusé", "Access denied")
        case .unauthorized: title = L("Connexion requise", "Sign-in required")
        case .tooManyRequests: title = L("Trop de tentatives", "Too many attempts")
        case .payloadTooLarge: title = L("Fichier trop volumineux", "File too large")
        default:
            title = error.status.code >= 500 ? L("Erreur interne", "Internal error") : L("Requête invalide", "Bad request")
        }
        var nodes: [HTMLNode] = [
            H.el("h1", text: title(locale)),
            H.el("p", text: error.message(locale)),
        ]
        for (field, messages) in error.fields.sorted(by: { $0.key < $1.key }) {
            nodes.append(H.el("p", [("class", "field-error")], text: "\(field) : " + messages.map { $0(locale) }.joined(separator: " ")))
        }
        nodes.append(H.el("p", [], [H.link("/", L("Retour à l'accueil", "Back to home")(locale), [("class", "button")])]))
        return Layout.page(
            request, title: title(locale), status: error.status.http, [H.el("div", [("class", "narrow card error-page")], nodes)])
    }
}

/// Signed-in users whose password must change are kept on the password page until they do; the API answers them
/// 403 `password_change_required` (session or token alike), except who they are and the API's description.
struct PasswordChangeGate: AsyncMiddleware {
    static let allowed: Set<String> = ["/account/password", "/logout", "/login", "/account/locale", "/healthz", "/livez"]
    static let allowedAPI: Set<String> = ["/api/v1/me", "/api/v1/openapi.json"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard let actor = request.actor, actor.mustChangePassword else { return try await next.respond(to: request) }
        if path.hasPrefix("/api/") {
            guard Self.allowedAPI.contains(path) else { throw AppError.passwordChangeRequired }
            return try await next.respond(to: request)
        }
        guard case .session = actor.channel, !Self.allowed.contains(path), !path.hasPrefix("/assets/") else {
            return try await next.respond(to: request)
        }
        return request.redirect(to: "/account/password", redirectType: .normal)
    }
}
