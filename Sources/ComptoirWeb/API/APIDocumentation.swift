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
    public var responseSchema: JSONValue?
    public var successStatus: Int
    public var queryParameters: [(name: String, schema: JSONValue, description: String)]
    public var requiresAuth: Bool
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
                parameters.append(["name": .string(query.name), "in": "query", "required": false, "schema": query.schema, "description": .string(query.description)])
            }
            if !parameters.isEmpty { object["parameters"] = .array(parameters) }
            if let request = operation.requestSchema {
                object["requestBody"] = ["required": true, "content": ["application/json": ["schema": request]]]
            }
            var responses: [String: JSONValue] = [:]
            let success: JSONValue = operation.responseSchema.map {
                ["description": "OK", "content": ["application/json": ["schema": $0]]]
            } ?? ["description": "OK"]
            responses[String(operation.successStatus)] = success
            let error: JSONValue = ["description": "Error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
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
                "description": "CRM + ERP pour les petites entreprises françaises. Amounts are decimal strings, dates ISO 8601, lists paginated with cursors.",
            ],
            "servers": [["url": "/api/v1"]],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]],
                "schemas": ["Error": APISchemas.error],
            ],
        ]
    }

    private func errorStatuses(_ operation: APIOperationDoc) -> [String] {
        var statuses = ["400", "413", "429"]
        if operation.requiresAuth { statuses += ["401", "403"] }
        if operation.path.contains("{") { statuses.append("404") }
        if operation.requestSchema != nil { statuses += ["409", "422"] }
        return statuses
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
        body: HTTPBodyStreamStrategy = .collect,
        _ handler: @escaping @Sendable (Request) async throws -> Response
    ) {
        let components = path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
        // Authentication comes before anything the handler reads: an anonymous call is a 401, whatever its body.
        builder.on(method, components, body: body, use: auth ? { request in
            _ = try request.requireActor()
            return try await handler(request)
        } : handler)
        let documented = "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        docs.add(
            APIOperationDoc(
                method: method, path: documented, summary: summary, tag: tag, requestSchema: request, responseSchema: response,
                successStatus: status, queryParameters: query, requiresAuth: auth))
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
        ("cursor", ["type": "string"], "The nextCursor of the previous page"),
        ("q", ["type": "string"], "Free-text search"),
        ("sort", ["type": "string"], "Field key, prefixed with - for descending"),
    ]
}
