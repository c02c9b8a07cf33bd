import ComptoirServices
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// One documented API operation: the OpenAPI document is built from these, and routes are
/// registered through `APIRoutes` so a route cannot exist without its description.
public struct APIOperationDoc: Sendable {
    public var method: HTTPMethod
    /// OpenAPI-style path under `/api/v1`, e.g. `/users/{id}`.
    public var path: String
    public var summary: String
    public var tag: String
    public var requestSchema: JSONValue?
    /// The body's media type: `application/json`, or `multipart/form-data` for uploads.
    public var requestContentType: String = "application/json"
    public var responseSchema: JSONValue?
    public var successStatus: Int
    public var queryParameters: [(name: String, schema: JSONValue, description: String)]
    public var requiresAuth: Bool
    /// Query parameters the operation cannot do without.
    public var requiredQuery: Set<String> = []
    /// Error statuses the general rule (`errorStatuses`) does not give this operation.
    public var extraErrors: [Int] = []
}

/// The registry of documented operations, kept on the application.
public final class APIDocumentation: Sendable {
    private let storage = NIOLockedValueBox<[APIOperationDoc]>([])

    public init() {}

    public var operations: [APIOperationDoc] { storage.withLockedValue { $0 } }

    func add(_ operation: APIOperationDoc) {
        storage.withLockedValue { $0.append(operation) }
    }

    /// The OpenAPI 3.1 document.
    public func openAPI() -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            var object: [String: JSONValue] = [
                "summary": .string(operation.summary),
                "tags": [.string(operation.tag)],
                "operationId": .string(operationID(operation)),
            ]
            var parameters: [JSONValue] = []
            for name in pathParameters(operation.path) {
                parameters.append(["name": .string(name), "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]])
            }
            for query in operation.queryParameters {
                parameters.append([
                    "name": .string(query.name), "in": "query", "required": .bool(operation.requiredQuery.contains(query.name)),
                    "schema": query.schema, "description": .string(query.description),
                ])
            }
            if !parameters.isEmpty { object["parameters"] = .array(parameters) }
            if let request = operation.requestSchema {
                object["requestBody"] = ["required": true, "content": [operation.requestContentType: ["schema": request]]]
            }
            var responses: [String: JSONValue] = [:]
            let success: JSONValue =
                operation.responseSchema.map {
                    ["description": "OK", "content": ["application/json": ["schema": $0]]]
                } ?? ["description": "OK"]
            responses[String(operation.successStatus)] = success
            let error: JSONValue = [
                "description": "Error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
            ]
            for status in errorStatuses(operation) { responses[status] = error }
            object["responses"] = .object(responses)
            if operation.requiresAuth {
                object["security"] = [["bearerAuth": []]]
            } else {
                object["security"] = []
            }
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = .object(object)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Comptoir API",
                "version": "1",
                "description":
                    "CRM + ERP pour les petites entreprises françaises. Amounts are decimal strings, dates ISO 8601, lists paginated with cursors.",
            ],
            "servers": [["url": "/api/v1"]],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]],
                "schemas": ["Error": APISchemas.error],
            ],
        ]
    }

    /// Every error status the operation may answer, from what it takes: any request may be malformed
    /// (400), too large (413) or throttled (429); a signed-in one refused (401, 403); a path with an id
    /// or a query naming a record may miss (404); a body may have the wrong media type (415), a write
    /// clash with the data (409); a body or query may hold invalid values (422).
    private func errorStatuses(_ operation: APIOperationDoc) -> [String] {
        var statuses = ["400", "413", "429"]
        if operation.requiresAuth { statuses += ["401", "403"] }
        let writes = operation.requestSchema != nil || [.POST, .PUT, .PATCH, .DELETE].contains(operation.method)
        if operation.path.contains("{") || !operation.queryParameters.isEmpty || writes { statuses.append("404") }
        if writes { statuses.append("409") }
        if operation.requestSchema != nil { statuses.append("415") }
        if operation.requestSchema != nil || !operation.queryParameters.isEmpty || writes { statuses.append("422") }
        statuses += operation.extraErrors.map(String.init).filter { !statuses.contains($0) }
        return statuses.filter { $0 != String(operation.successStatus) }
    }

    /// The methods documented for the API path `path` (`/api/v1/users/…`), HEAD with GET; nil when no
    /// documented path matches it.
    func methods(forRequestPath path: String) -> [HTTPMethod]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard parts.count > 2, parts.prefix(2).elementsEqual(["api", "v1"]) else { return nil }
        let rest = Array(parts.dropFirst(2))
        // The most specific paths only: `/supplier-invoices/import` is not `/supplier-invoices/{id}`.
        var methods: [HTTPMethod] = []
        var constants = -1
        for operation in operations {
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard template.count == rest.count,
                zip(template, rest).allSatisfy({ $0.hasPrefix("{") ? !$1.isEmpty : $0 == $1 })
            else { continue }
            let fixed = template.filter { !$0.hasPrefix("{") }.count
            if fixed > constants {
                constants = fixed
                methods = []
            } else if fixed < constants {
                continue
            }
            methods.append(operation.method)
            if operation.method == .GET { methods.append(.HEAD) }
        }
        return methods.isEmpty ? nil : methods
    }

    private func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    private func operationID(_ operation: APIOperationDoc) -> String {
        let words = operation.path.split(separator: "/").map { part -> String in
            let clean = part.hasPrefix("{") ? "By" + part.dropFirst().dropLast().capitalized : String(part)
            return clean.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
        return operation.method.rawValue.lowercased() + words.joined()
    }
}

struct APIDocumentationKey: StorageKey {
    typealias Value = APIDocumentation
}

extension Application {
    /// The documented API operations of this application.
    public var apiDocs: APIDocumentation {
        if let docs = storage[APIDocumentationKey.self] { return docs }
        let docs = APIDocumentation()
        storage[APIDocumentationKey.self] = docs
        return docs
    }
}

/// A method an API path does not have is a 405 listing the ones it has in `Allow` (the router alone
/// would answer 404, as if the path did not exist).
struct APIMethodMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            // No route, or a parameter route that took a fixed path's name as its id (`PATCH /supplier-invoices/import`).
            let notFound = (error as? AppError)?.status == .notFound || (error as? any AbortError)?.status == .notFound
            guard request.route == nil || notFound,
                let allowed = request.application.apiDocs.methods(forRequestPath: request.url.path),
                !allowed.contains(request.method)
            else { throw error }
            let message = L("Méthode non prise en charge pour cette adresse.", "Method not allowed for this path.")(request.locale)
            let response = JSONValue.object(["error": ["code": "method_not_allowed", "message": .string(message)]]).response(
                .methodNotAllowed)
            response.headers.replaceOrAdd(name: .allow, value: allowed.map(\.rawValue).joined(separator: ", "))
            return response
        }
    }
}

/// Registers `/api/v1` routes together with their documentation.
public struct APIRoutes {
    let builder: any RoutesBuilder
    let docs: APIDocumentation

    public init(_ app: Application) {
        self.builder = app.grouped("api", "v1")
        self.docs = app.apiDocs
    }

    public func on(
        _ method: HTTPMethod, _ path: String, summary: String, tag: String, request: JSONValue? = nil, response: JSONValue? = nil,
        status: Int = 200, query: [(name: String, schema: JSONValue, description: String)] = [], auth: Bool = true,
        requiredQuery: Set<String> = [], errors: [Int] = [], body: HTTPBodyStreamStrategy = .collect, upload: JSONValue? = nil,
        _ handler: @escaping @Sendable (Request) async throws -> Response
    ) {
        let components = path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
        // Authentication comes before anything the handler reads: an anonymous call is a 401, whatever its body.
        builder.on(
            method, components, body: body,
            use: auth
                ? { request in
                    _ = try request.requireActor()
                    return try await handler(request)
                } : handler)
        let documented =
            "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        docs.add(
            APIOperationDoc(
                method: method, path: documented, summary: summary, tag: tag, requestSchema: upload ?? request,
                requestContentType: upload == nil ? "application/json" : "multipart/form-data", responseSchema: response,
                successStatus: status, queryParameters: query, requiresAuth: auth, requiredQuery: requiredQuery, extraErrors: errors))
    }
}

/// Schemas shared by every module.
public enum APISchemas {
    public static let error: JSONValue = [
        "type": "object",
        "required": ["error"],
        "properties": [
            "error": [
                "type": "object",
                "required": ["code", "message"],
                "properties": [
                    "code": ["type": "string"],
                    "message": ["type": "string"],
                    "fields": ["type": "object", "additionalProperties": ["type": "array", "items": ["type": "string"]]],
                ],
            ]
        ],
    ]

    /// `{"items": [...], "nextCursor": "…"|null}`.
    public static func list(of item: JSONValue) -> JSONValue {
        [
            "type": "object",
            "required": ["items", "nextCursor"],
            "properties": ["items": ["type": "array", "items": item], "nextCursor": ["type": ["string", "null"]]],
        ]
    }

    public static let listQuery: [(name: String, schema: JSONValue, description: String)] = [
        ("limit", ["type": "integer", "minimum": 1, "maximum": 500, "default": 50], "Page size"),
        (
            "cursor", ["type": "string", "pattern": "^[A-Za-z0-9_-]*$"],
            "The nextCursor of the previous page, as is (an unknown cursor is a 400)"
        ),
        ("q", ["type": "string"], "Free-text search"),
        ("sort", ["type": "string"], "Field key, prefixed with - for descending"),
    ]
}
